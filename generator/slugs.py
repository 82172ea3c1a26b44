"""Slugs: ASCII, stable, readable URL segments from names and headlines in any script."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from slugify import slugify as _slugify

from .hangul import HANGUL_RUN, hanja_to_hangul, has_hangul, romanize_run

MAX_LENGTH = 80


# Names that Windows cannot use as file names; a site built here may be checked out there.
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)

# "U.S." → "us", "O'Brien" → "obrien": dots and apostrophes inside words are not word breaks.
_REPLACEMENTS = [[".", ""], ["'", ""], ["\u2019", ""], ["\u2018", ""], ["&", " and "]]


@lru_cache(maxsize=65536)
def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """A lowercase ASCII slug, or "" when the text has no letters or digits at all.

    Equal slugs mean equal terms: "Kim Jong-un", "KIM JONG UN" and "Kim Jong Un" all give
    "kim-jong-un". Long slugs are cut at a word boundary and given a hash of the whole text,
    so two long names that differ only at the end stay distinct.
    """
    text = unicodedata.normalize("NFC", text)
    if has_hangul(text):
        # Korean: Hanja by their Korean readings (北 is buk, not Mandarin bei), then Hangul by
        # the Revised Romanization with its sound changes (see hangul.py).
        text = hanja_to_hangul(text)
        text = HANGUL_RUN.sub(lambda m: " " + romanize_run(m.group(0)) + " ", text)
    slug: str = _slugify(text, replacements=_REPLACEMENTS)
    if len(slug) > max_length:
        digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
        cut = slug[: max_length - 9]
        cut = cut.rsplit("-", 1)[0] if "-" in cut else cut
        slug = f"{cut}-{digest}"
    if slug in _WINDOWS_RESERVED:
        slug += "-1"
    return slug


def is_safe_segment(segment: str) -> bool:
    """True when segment can be one path component of a URL and a file name anywhere."""
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", segment) is not None and len(segment) <= MAX_LENGTH
