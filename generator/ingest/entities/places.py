"""Ingest stage, entity finding: places, matched against the gazetteer with context checks.

Precision rules, each for a known trap:
- a match must be a whole capitalised run: "New York" inside "New York Times" or
  "Illinois" inside "Northern Illinois" is not a mention of the place;
- demonyms are not places ("Russian officials" does not mention Russia);
- a one-word city counts only when big enough for where it stands (see CITY_* in
  entities_gazetteer): "Nice" or "Mobile" at a sentence start, or "Of", never do;
- a word that is part of a person's name ("Lloyd Austin") is not a place;
- bare "Washington" is the government as often as the city: it counts as Washington, D.C.
  only in "Washington, D.C.", in a dateline, or right after a locative preposition.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ingest.entities.gazetteer import (
    CITY_ANYWHERE,
    CITY_LOCATIVE,
    CITY_SENTENCE_START,
    Gazetteer,
    Place,
    given_names,
)
from generator.ingest.entities.lexicon import (
    LOCATIVE_CUES,
    NON_NAME_WORDS,
    PERSON_TITLES,
    SUBDIVISION_WORDS,
    US_STATE_ABBREVIATIONS,
)
from generator.ingest.entities.text import ABBR, PUNCT, Doc

_DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "new",
        "old",
        "greater",
        "upper",
        "lower",
        "saint",
        "st",
        "st.",
        "great",
        "little",
    ]
)
_DASHES = frozenset(["\u2014", "\u2013", "-"])


@dataclass(frozen=True)
class PlaceHit:
    """One place mention: tokens first..last."""

    place: Place
    first: int
    last: int


def _key(doc: Doc, first: int, last: int) -> tuple[str, ...]:
    u0 = doc.tok_unit[first]
    u1 = doc.tok_unit[last + 1] if last + 1 < len(doc) else len(doc.unit_words)
    return tuple(doc.unit_words[u0:u1])


class PlaceFinder:
    """Finds places in one tokenised text, skipping tokens owned by people or orgs."""

    def __init__(self, doc: Doc, gaz: Gazetteer, taken: set[int], person_words: set[str]) -> None:
        self.doc = doc
        self.gaz = gaz
        self.taken = taken
        self.person_words = person_words
        self.given = given_names()
        self.hits: list[PlaceHit] = []

    def _blocks_left(self, i: int) -> bool:
        doc = self.doc
        prev = i - 1
        if prev < 0 or not doc.same_line(prev, i) or not doc.is_cap(prev):
            return False
        low = doc.lower(prev)
        if low in _DIRECTIONS:
            return True
        return not (low in NON_NAME_WORDS or low in LOCATIVE_CUES)

    def _blocks_right(self, j: int) -> bool:
        doc = self.doc
        nxt = j + 1
        if nxt >= len(doc) or not doc.same_line(j, nxt) or not doc.is_cap(nxt):
            return False
        if nxt in self.taken and doc.lower(nxt) not in PERSON_TITLES:
            # "North Korea Alexander Matsegora": the place is followed by a found person.
            return False
        return doc.lower(nxt) not in PERSON_TITLES

    def _region_after(self, j: int) -> Place | None:
        """The state or country in "City, Region" right after token j."""
        doc = self.doc
        if j + 2 >= len(doc) or doc.texts[j + 1] != "," or not doc.same_line(j, j + 2):
            return None
        k = j + 2
        low = doc.lower(k)
        code = US_STATE_ABBREVIATIONS.get(low) or (
            self.gaz.state_codes.get(low) if doc.texts[k].isupper() and len(doc.texts[k]) == 2 else None
        )
        if code:
            return Place(code, "state-code", 0, "US", code)
        for width in (3, 2, 1):
            last = k + width - 1
            if last >= len(doc) or not doc.same_line(k, last):
                continue
            for p in self.gaz.by_key.get(_key(doc, k, last), []):
                if p.kind in ("country", "state"):
                    return p
        return None

    def _is_dateline(self, i: int, j: int) -> bool:
        """ "MADRID —", "BUFFALO, N.Y. —", "SAN FRANCISCO (AP) —" at a paragraph start."""
        doc = self.doc
        if i != doc.line_first[doc.lines[i]]:
            return False
        k = j + 1
        while k < len(doc) and doc.same_line(j, k) and k < j + 8:
            t = doc.texts[k]
            if t in _DASHES:
                return True
            if t in ("(", ")", ",") or doc.is_cap(k) or doc.kinds[k] == ABBR:
                k += 1
                continue
            return False
        return False

    def find(self) -> list[PlaceHit]:
        doc = self.doc
        n = len(doc)
        i = 0
        while i < n:
            if i in self.taken or not doc.is_cap(i):
                i += 1
                continue
            hit = self._match_at(i)
            if hit is None:
                i += 1
                continue
            self.hits.append(hit)
            i = hit.last + 1
        return self.hits

    def _match_at(self, i: int) -> PlaceHit | None:
        doc = self.doc
        u = doc.tok_unit[i]
        if u >= len(doc.unit_words) or doc.unit_tok[u] != i:
            return None
        most = self.gaz.longest_from.get(doc.unit_words[u], 0)
        if not most:
            return None
        # The widest token window that stays on the line and off other entities' tokens.
        end = i
        while (
            end + 1 < len(doc)
            and end + 1 - i < most + 3
            and doc.same_line(i, end + 1)
            and end + 1 not in self.taken
            and (doc.kinds[end + 1] != PUNCT or doc.texts[end + 1] in ("'", "\u2019"))
        ):
            end += 1
        for j in range(end, i - 1, -1):
            if not doc.is_cap(j) and doc.kinds[j] != ABBR:
                continue
            places = self.gaz.by_key.get(_key(doc, i, j))
            if not places:
                continue
            chosen = self._accept(i, j, places)
            if chosen is not None:
                return PlaceHit(chosen, i, j)
        return None

    def _accept(self, i: int, j: int, places: list[Place]) -> Place | None:
        doc = self.doc
        style = doc.line_style[doc.lines[i]]
        dateline = self._is_dateline(i, j)
        region = self._region_after(j)
        words = j - i + 1
        text = doc.span_text(i, j)
        if text.lower() == "washington":
            return self._washington(i, j, places, dateline, region)
        if style == 1 and not dateline:
            top = places[0]
            return top if top.kind in ("country", "state", "continent") else None
        if not dateline and (self._blocks_left(i) or self._blocks_right(j)):
            return None
        top = places[0]
        if top.kind in ("country", "state", "continent"):
            if words == 1 and doc.lower(i) in self.person_words:
                return None
            return top
        if region is not None:
            for p in places:
                if p.kind == "city" and (p.region == region.region or p.country == region.country):
                    return p
        city = max((p for p in places if p.kind == "city"), key=lambda p: p.population, default=None)
        region_place = next((p for p in places if p.kind in ("subdivision", "county")), None)
        if region_place is not None:
            after = doc.lower(j + 1) if j + 1 < len(doc) else ""
            if (words > 1 and city is None) or after in SUBDIVISION_WORDS:
                return region_place
        if city is None:
            return None
        if dateline:
            return city
        if words > 1:
            return city
        low = doc.lower(i)
        personish = low in self.person_words or low in self.given
        if personish:
            return None
        if doc.sent_start[i]:
            return city if city.population >= CITY_SENTENCE_START else None
        if city.population >= CITY_ANYWHERE:
            return city
        if doc.lower(i - 1) in LOCATIVE_CUES and city.population >= CITY_LOCATIVE:
            return city
        return None

    def _washington(self, i: int, j: int, places: list[Place], dateline: bool, region: Place | None) -> Place | None:
        """Washington the city only when the text says so; never the bare metonym."""
        doc = self.doc
        city = next((p for p in places if p.kind == "city" and p.region == "DC"), None)
        state = next((p for p in places if p.kind == "state"), None)
        nxt = doc.lower(j + 1) if j + 1 < len(doc) else ""
        if region is not None and region.region == "DC" and city is not None:
            return city
        if nxt in ("d.c.", "dc") and city is not None:
            return city
        if nxt == "state" and state is not None:
            return state
        if self._blocks_right(j) or self._blocks_left(i):
            return None
        if (dateline or doc.lower(i - 1) in ("in", "to", "from", "at", "visit", "visited")) and city:
            return city
        return None
