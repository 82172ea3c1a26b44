"""Ingest stage, dates: parse a stated time stamp and find the day it falls on where the page is published."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib import resources
from urllib.parse import urlsplit

__all__ = ["Stated", "country_of", "local_day", "parse_stamp"]


@dataclass(frozen=True)
class Stated:
    """A time stamp as the page wrote it: the day as written, and the instant when it has a zone."""

    day: dt.date  # the calendar day written in the stamp
    when: dt.datetime | None  # aware when the stamp gives an offset or zone, naive with a time only, else None
    universal: bool  # written as UTC/GMT/Z: an instant, not anyone's local clock


_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:[.,]\d+)?\s*"
    r"(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
    r"(?![\d])"
)
_COMPACT = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?:T?(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)?)?\s*$")


def parse_stamp(value: str) -> Stated | None:
    """An ISO 8601 (or RFC 2822, or compact 20230905) stamp → Stated; None for anything else.

    Numeric forms that could be day-first or month-first ("10/05/2022") give None: only
    htmldate's page-aware reading may decide those."""
    m = _ISO.match(value) or _COMPACT.match(value)
    if m:
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        if m["H"] is None:
            return Stated(day, None, False)
        tz_text = m.groupdict().get("tz")
        try:
            when = dt.datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]), int(m["S"] or 0))
        except ValueError:
            return Stated(day, None, False)
        if not tz_text:
            return Stated(day, when, False)
        if tz_text in ("Z", "UTC", "GMT"):
            return Stated(day, when.replace(tzinfo=dt.UTC), True)
        digits = tz_text[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        if minutes > 14 * 60:
            return Stated(day, when, False)
        sign = 1 if tz_text[0] == "+" else -1
        return Stated(day, when.replace(tzinfo=dt.timezone(sign * dt.timedelta(minutes=minutes))), False)
    if re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", value):
        try:
            when = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
        universal = bool(re.search(r"\b(?:GMT|UTC|Z)\s*$|[+-]0000\s*$", value.strip()))
        return Stated(when.date(), when, universal)
    return None


# --- where the page is published ------------------------------------------------------------------

# Two-letter domains sold worldwide as generic names: they say nothing about a country.
_GENERIC_TLDS = frozenset(
    {
        "co",
        "io",
        "tv",
        "me",
        "fm",
        "ai",
        "ly",
        "to",
        "cc",
        "ws",
        "nu",
        "am",
        "la",
        "gg",
        "sh",
        "ac",
        "im",
        "so",
        "vc",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "md",
        "sc",
        "st",
        "mu",
        "gl",
        "ms",
    }
)
# Languages spoken (as a site's language) in one country only.
_ONE_COUNTRY_LANGUAGES = {"ko": "KR", "ja": "JP"}


@functools.lru_cache(maxsize=1)
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """Country code → its IANA zones, from the tz database's zone1970.tab (the tzdata package)."""
    table: dict[str, list[str]] = {}
    try:
        text = (resources.files("tzdata") / "zoneinfo" / "zone1970.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        for code in fields[0].split(","):
            table.setdefault(code, []).append(fields[2].strip())
    return {code: tuple(zones) for code, zones in table.items()}


def country_of(url: str | None, language: str | None) -> str | None:
    """The country a page is published in, when its address or language says so, else None.

    A country domain (.kr, .de, .com.ar) counts; so does the region of a language tag that is not
    English ("es-AR", "pt_BR": "en-US" is many tools' default and says nothing), and a language
    used in one country only (Korean, Japanese)."""
    host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_TLDS:
        return "GB" if tld == "uk" else tld.upper()
    lang = (language or "").strip().lower().replace("_", "-")
    m = re.match(r"^([a-z]{2,3})(?:-([a-z]{2}))?\b", lang)
    if not m:
        return None
    if m[2] and m[1] != "en":
        return m[2].upper()
    return _ONE_COUNTRY_LANGUAGES.get(m[1])


def _country_days(when: dt.datetime, country: str) -> tuple[set[dt.date], set[dt.timedelta]]:
    days: set[dt.date] = set()
    offsets: set[dt.timedelta] = set()
    for name in _zones_by_country().get(country, ()):
        try:
            local = when.astimezone(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            continue
        days.add(local.date())
        offset = local.utcoffset()
        if offset is not None:
            offsets.add(offset)
    return days, offsets


def local_day(
    stated: Stated,
    *,
    country: str | None = None,
    same_instant: tuple[dt.timedelta, ...] = (),
    url_day: dt.date | None = None,
) -> dt.date:
    """The day a stamp falls on for the page's readers.

    A stamp with a local offset ("23:30-05:00") keeps the day it was written with, unless the
    page's country never uses that offset (a Korean page stamped -05:00 is read in Seoul). A
    universal stamp ("Z", "GMT") is an instant in nobody's day: it takes the local day that the
    page itself writes for the same instant elsewhere (a <time> with an offset), else its
    country's day when all of that country's zones agree, else the day as written. A day the
    page's address also carries (/2020/02/18/) is the publisher's own local day and is kept."""
    when = stated.when
    if when is None or when.tzinfo is None or stated.day == url_day:
        return stated.day
    if stated.universal or not when.utcoffset():
        for offset in same_instant:
            if offset:
                return when.astimezone(dt.timezone(offset)).date()
    if country is None:
        return stated.day
    days, offsets = _country_days(when, country)
    if len(days) != 1:
        return stated.day
    if not stated.universal and when.utcoffset() in offsets:
        return stated.day
    return days.pop()
