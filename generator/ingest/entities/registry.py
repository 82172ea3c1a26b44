"""Ingest stage, entity finding: the editors' registry as an alias index over the unit stream."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.ingest.entities.text import Doc, units
from generator.ingest.entities.types import EntityType, KnownEntity

Key = tuple[str, ...]


@dataclass(frozen=True)
class RegistryHit:
    """A registry alias found in the text: tokens first..last."""

    type: EntityType
    entity: KnownEntity
    first: int
    last: int


@dataclass
class RegistryIndex:
    """Aliases (canonical names included) keyed by their comparison words."""

    multi: dict[str, list[tuple[Key, EntityType, KnownEntity]]]  # by first word
    single: dict[str, list[tuple[EntityType, KnownEntity]]]
    by_key: dict[Key, list[tuple[EntityType, KnownEntity]]]

    def lookup(self, key: Key, kind: EntityType) -> KnownEntity | None:
        """The one entity of this kind with this alias, or None when absent or ambiguous."""
        found = {e for t, e in self.by_key.get(key, []) if t == kind}
        return next(iter(found)) if len(found) == 1 else None

    def single_entities(self, word: str, kind: EntityType) -> list[KnownEntity]:
        out: list[KnownEntity] = []
        for t, e in self.single.get(word, []):
            if t == kind and e not in out:
                out.append(e)
        return out

    def scan(self, doc: Doc) -> tuple[list[RegistryHit], list[RegistryHit]]:
        """Multi-word alias hits (longest first, no overlaps) and one-word alias hits."""
        multi_hits: list[RegistryHit] = []
        single_hits: list[RegistryHit] = []
        words = doc.unit_words
        u = 0
        n = len(words)
        while u < n:
            best: tuple[int, EntityType, KnownEntity] | None = None
            for key, kind, entity in self.multi.get(words[u], []):
                if tuple(words[u : u + len(key)]) == key and (best is None or len(key) > best[0]):
                    end_tok = doc.unit_tok[u + len(key) - 1]
                    # The alias must end on a token boundary ("Kim Jong" is not in "Kim Jongsu").
                    next_u = u + len(key)
                    if next_u < n and doc.unit_tok[next_u] == end_tok:
                        continue
                    best = (len(key), kind, entity)
            if best is not None:
                first, last = doc.unit_tok[u], doc.unit_tok[u + best[0] - 1]
                # Multi-word aliases are distinctive in any case ("kim jong-un"); one-word
                # aliases must keep their capital ("apple" is not the company Apple).
                if doc.tok_unit[first] == u:
                    multi_hits.append(RegistryHit(best[1], best[2], first, last))
                    u += best[0]
                    continue
            tok = doc.unit_tok[u]
            if doc.tok_unit[tok] == u and (tok + 1 >= len(doc) or doc.tok_unit[tok + 1] == u + 1):
                # Hangul words are matched by the Korean finder, on their stems without particles.
                for kind, entity in self.single.get(words[u]) or ():
                    if _case_ok(doc, tok, entity):
                        single_hits.append(RegistryHit(kind, entity, tok, tok))
            u += 1
        return multi_hits, single_hits


def _case_ok(doc: Doc, first: int, entity: KnownEntity) -> bool:
    """Registry names are proper nouns: "apple" in the text is not the company Apple."""
    text = doc.texts[first]
    return not text[:1].islower() or entity.name[:1].islower()


def build_index(registry: Mapping[EntityType, Sequence[KnownEntity]]) -> RegistryIndex:
    """Index a registry; cached, since one registry serves a whole ingest run."""
    frozen = tuple((kind, tuple(entries)) for kind, entries in sorted(registry.items()))
    return _build(frozen)


@functools.lru_cache(maxsize=8)
def _build(registry: tuple[tuple[EntityType, tuple[KnownEntity, ...]], ...]) -> RegistryIndex:
    multi: dict[str, list[tuple[Key, EntityType, KnownEntity]]] = {}
    single: dict[str, list[tuple[EntityType, KnownEntity]]] = {}
    by_key: dict[Key, list[tuple[EntityType, KnownEntity]]] = {}
    for kind, entries in registry:
        for entity in entries:
            for alias in (entity.name, *entity.aliases):
                key = units(alias)
                if not key:
                    continue
                by_key.setdefault(key, []).append((kind, entity))
                if len(key) == 1:
                    single.setdefault(key[0], []).append((kind, entity))
                else:
                    multi.setdefault(key[0], []).append((key, kind, entity))
    return RegistryIndex(multi, single, by_key)
