"""Korean entity finding: registry names (people, places, organizations) and the gazetteer's places."""

from __future__ import annotations

from generator.ingest.entities.gazetteer import CITY_ANYWHERE, CITY_LOCATIVE, Place
from generator.ingest.entities.ko_lexicon import LOCATIVE_PARTICLES
from generator.ingest.entities.korean.base import FinderBase, KoreanThing
from generator.ingest.entities.text import units


class ThingRules(FinderBase):
    def _registry(self) -> None:
        """Registry aliases: people, places and organizations, longest window first."""
        i = 0
        n = len(self.chunks)
        while i < n:
            matched = 0
            for width in (3, 2, 1):
                name = self._window(i, i + width - 1)
                if not name:
                    continue
                key = units(name)
                for kind in ("person", "place", "organization"):
                    entity = self.index.lookup(key, kind)
                    if entity is None:
                        continue
                    first, last = i, i + width - 1
                    if kind == "person":
                        first = self._extend_left(i) if width == 1 else i
                        self._person(name, entity).mentions.append(self._span(first, last))
                    else:
                        c0, c1 = self.chunks[i], self.chunks[last]
                        self.things.append(KoreanThing(kind, entity.name, entity, c0.start, c1.end))
                        self.thing_chunks.update(range(i, last + 1))
                    self.claimed.update(range(first, last + 1))
                    matched = width
                    break
                if matched:
                    break
            i += matched or 1

    def _places(self) -> None:
        """Gazetteer names: countries always; cities when big or after a locative particle."""
        i = 0
        n = len(self.chunks)
        while i < n:
            matched = 0
            for width in (2, 1):
                name = self._window(i, i + width - 1)
                last = i + width - 1
                if not name or not self._proper(i, last):
                    continue
                place = self._accept(self.gaz.by_key.get(units(name), []), last)
                if place is not None:
                    c0, c1 = self.chunks[i], self.chunks[last]
                    self.things.append(KoreanThing("place", place.name, None, c0.start, c1.end))
                    self.claimed.update(range(i, last + 1))
                    self.thing_chunks.update(range(i, last + 1))
                    matched = width
                    break
            i += matched or 1

    def _proper(self, i: int, j: int) -> bool:
        """Chunks i..j are proper nouns to Kiwi ("동경" the longing is not Tokyo)."""
        return all(m.tag == "NNP" for k in range(i, j + 1) for m in self.chunks[k].stem_morphs())

    def _accept(self, places: list[Place], last: int) -> Place | None:
        if not places:
            return None
        top = places[0]
        if top.kind in ("country", "state", "continent", "subdivision"):
            return top
        city = max((p for p in places if p.kind == "city"), key=lambda p: p.population, default=None)
        if city is None:
            return None
        locative = self.chunks[last].tail in LOCATIVE_PARTICLES
        if city.population >= CITY_ANYWHERE or (locative and city.population >= CITY_LOCATIVE):
            return city
        return None
