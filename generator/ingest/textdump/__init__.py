"""Ingest stage: pull the article (title, body, byline, source) out of a whole-page plain-text dump."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.ingest.textdump.body import Line, analyse, select_body


@dataclass(frozen=True)
class TextExtraction:
    title: str | None  # the headline (usually first non-empty line; " - Site Name" suffixes stripped)
    paragraphs: list[str]  # article body blocks in order: paragraphs, subheads, quotes
    byline: str | None  # author name(s) as a person would write them; None if absent
    source: str | None  # publication name if the page states it; None if unknown
    warnings: list[str] = field(default_factory=list)


def extract_text(text: str) -> TextExtraction:
    """Title, article paragraphs, byline and source of a page rendered to plain text."""
    if not isinstance(text, str):  # a caller handing over bytes or None gets an empty result, not a crash
        return TextExtraction(None, [], None, None, ["not text"])
    lines = analyse(text)
    if not lines:
        return TextExtraction(None, [], None, None, ["empty text"])
    body = select_body(lines)
    title, site = split_title(lines[0].text, lines)
    found = find_byline(lines, body)
    # The byline line itself is not body text, unless it is a whole paragraph that merely opens with one.
    byline_at = found[0] if found and len(lines[found[0]].text.split()) <= 20 else -1
    seen = {_norm(title or "")}  # the headline repeated above the article is not a paragraph of it
    paragraphs = []
    for ln in body:
        key = _norm(ln.text)
        if ln.index != byline_at and key not in seen:  # a line said twice (a caption and its copy) once
            paragraphs.append(ln.text)
            seen.add(key)
    while paragraphs and _ATTRIBUTION.match(paragraphs[-1]) and len(paragraphs[-1]) < 400:
        paragraphs.pop()  # "Source: Reuters", "Source: Wikinews, https://…": about the article, not of it
    warnings: list[str] = []
    if not paragraphs:
        warnings.append("no article body found")
    return TextExtraction(
        title=title or None,
        paragraphs=paragraphs,
        byline=found[1] if found else None,
        source=find_source(lines, body, site),
        warnings=warnings,
    )


# A closing attribution line: the label, then a name or an address (never a sentence of the story).
_ATTRIBUTION = re.compile(
    r"^(?:sources?|quelle|quellen|fuente|fonte|source\s+link|출처|来源|出典)\s*[:：]\s*\S", re.IGNORECASE
)


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


# --- title ------------------------------------------------------------------------------------

# Separators between a headline and the site or section names around it in a <title>.  After a
# strong one anything short is taken for a name; " - " and " : " also occur inside headlines, so
# what follows them must look like a name (capitalised words or a domain).
_TITLE_SEP = re.compile(r"\s+(\||–|—|::|»|«|·|•|//|-|:)\s+|\s*(\|)\s*")
_WEAK_SEPS = ("-", ":")
_DOMAIN = re.compile(r"\.\w{2,}$")


def _name_like(part: str, strong: bool) -> bool:
    words = part.split()
    if not words:
        return True
    if len(words) > 6 or len(part) > 50 or part[-1] in "?!.":
        return False
    if strong or _DOMAIN.search(part):
        return True
    return all(w[0].isupper() or w[0].isdigit() for w in words if len(w) > 3) and any(
        ch.isupper() or ch.isdigit() for ch in part
    )


def split_title(first: str, lines: Sequence[Line]) -> tuple[str, str | None]:
    """The headline in a page's first line, and the site name stripped from it (if any).

    When the page repeats a long enough piece of the first line on a line of its own (the in-page
    headline), that piece is the headline; otherwise site-like parts are cut off the ends.
    """
    parts, seps = [first], []
    pos, pieces = 0, []
    for m in _TITLE_SEP.finditer(first):
        pieces.append(first[pos : m.start()])
        seps.append((m.group(1) or m.group(2)).strip())
        pos = m.end()
    if seps:
        parts = [*pieces, first[pos:]]
    site = None
    while (
        len(parts) > 1
        and len(parts[-1].strip()) < len(" ".join(parts[:-1]))
        and _name_like(parts[-1].strip(), seps[-1] not in _WEAK_SEPS)
    ):
        site = parts.pop().strip() or site
        seps.pop()
    while (
        len(parts) > 1
        and seps[0] not in _WEAK_SEPS
        and _name_like(parts[0].strip(), True)
        and len(" ".join(parts[1:])) >= 2 * len(parts[0])
    ):
        site = site or parts[0].strip() or None
        parts.pop(0)
        seps.pop(0)
    stripped = parts[0] + "".join(f" {s} {p}" for s, p in zip(seps, parts[1:], strict=True))
    stripped = stripped.strip()
    repeat = _repeated_headline(first, lines)
    if repeat and (_norm(repeat) in _norm(stripped) or _norm(stripped) in _norm(repeat)):
        return repeat, site
    return stripped, site


def _repeated_headline(first: str, lines: Sequence[Line]) -> str | None:
    whole = _norm(first)
    best: str | None = None
    for ln in lines[1:400]:
        n = _norm(ln.text)
        if len(n.split()) >= 2 and len(n) >= 0.3 * len(whole) and n in whole and (best is None or len(n) > len(best)):
            best = ln.text
    return best


# --- byline -----------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero"
    r"|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\.?(?!\w)"
)
# One word of a name: capitalised, an initial, or a particle that names carry ("de", "van", "bin").
_NAME_WORD = (
    r"(?!(?i:" + _MONTH + r"))(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\.?|[A-ZÀ-Þ]\.(?:\s?[A-ZÀ-Þ]\.)*"
    r"|(?:de|da|das|do|dos|del|della|di|du|la|le|van|von|der|den|ter|bin|al|el)(?=\s))"
)
_ONE_NAME = _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,5}"
_NAMES = _ONE_NAME + r"(?:\s*(?:,|and|und|&|y|et)\s+" + _ONE_NAME + r"){0,3}"
_HANDLE = r"[\w][\w.\-]{1,30}"  # blog bylines are often user names: "Posted by gnaddrig"
_AFTER_NAME = r"(?=$|\s*[|·•,\[(@/]|\s+(?:[-–—]|on|at|am|um|le|el|il|the|\d)|\s+(?i:" + _MONTH + r"))"
# Byline markers: after the plain ones a user name may follow ("Posted by gnaddrig"); after the ones
# that are also everyday words ("por", "de", "door") only a capitalised name will do.
_BY = (
    r"(?:(?:written|posted|published|reported|compiled)\s+by|by|von|veröffentlicht\s+von|eingestellt\s+von"
    r"|geschrieben\s+von|gepostet\s+von|publié\s+par|écrit\s+par|publicado\s+por|escrito\s+por"
    r"|pubblicato\s+da|scritto\s+da)"
)
_BY_WEAK = r"(?:par|por|door|av|af|de|di|da)"
_AUTHOR_LABEL = (
    r"(?:author|authors|autor|autorin|auteur|autore|text|texte|verfasser|verfasst von|redakteur|reporter"
    r"|written by|byline)"
)
_DATE_FIRST = r"(?:[\d./\-\s]+|\w+,?\s+\d{1,2},?\s+\d{4}\s+)?"  # "12.05.2020 von Jane Doe"
_BYLINE_PATTERNS = (
    # "Author: Jane Doe", "Text: Jane Doe"
    re.compile(r"^(?i:" + _AUTHOR_LABEL + r")\s*:\s*(" + _NAMES + r"|" + _HANDLE + r")" + _AFTER_NAME),
    # "By JANE DOE [jane@example.com]", "12.05.2020 von Jane Doe", "Posted by gnaddrig"
    re.compile(r"^" + _DATE_FIRST + r"(?i:" + _BY + r")\s*:?\s+(" + _NAMES + r"|" + _HANDLE + r")" + _AFTER_NAME),
    # "Par Jane Doe | 3 mai 2020"
    re.compile(r"^" + _DATE_FIRST + r"(?i:" + _BY_WEAK + r")\s+(" + _NAMES + r")" + _AFTER_NAME),
    # "Posted on March 3, 2020 by Jane Doe"
    re.compile(
        r"^(?i:posted|published|veröffentlicht|publié|publicado)\b.{0,60}?\b(?i:by|von|par|por)\s+("
        + _NAMES
        + r"|"
        + _HANDLE
        + r")"
        + _AFTER_NAME
    ),
)
# Words that a name captured after "by" is never made of ("By Monday, ...", "by clicking").
_NOT_NAMES = frozenset(
    (
        "the",
        "a",
        "an",
        "our",
        "this",
        "us",
        "me",
        "you",
        "him",
        "her",
        "them",
        "staff",
        "admin",
        "clicking",
        "using",
        "continuing",
        "signing",
        "subscribing",
        "email",
        "e-mail",
        "home",
        "news",
        "uhr",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "tomorrow",
        "yesterday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    )
)
# Words a captured name may trail that are not part of it ("Jane Doe, Staff Writer").
_DANGLING = frozenset(
    (
        "and",
        "&",
        "und",
        "y",
        "et",
        "de",
        "van",
        "von",
        "der",
        "la",
        "le",
        "di",
        "da",
        "du",
        "del",
        "of",
        "staff",
        "writer",
        "ein",
        "kommentar",
        "comments",
        "comment",
    )
)


def _clean_name(raw: str) -> str | None:
    name = raw.strip(" :;-–—,")
    words = name.split()
    if words and name.endswith(".") and len(words[-1]) > 3:  # keep "Jr." and initials, drop a full stop
        name = name[:-1]
        words = name.split()
    while words and words[-1].lower().strip(".") in _DANGLING:
        words.pop()
    if (
        not words
        or any(w.lower() in _NOT_NAMES for w in words)
        or (len(words) > 1 and any(ch.isdigit() for ch in name))
    ):
        return None
    name = " ".join(words).strip(" ,")
    if len(name) > 80:
        return None
    if name.isupper() and len(name) > 3:  # shouted bylines: "MICHAEL LEE" → "Michael Lee"
        name = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())
    return name


def find_byline(lines: Sequence[Line], body: Sequence[Line]) -> tuple[int, str] | None:
    """(line index, name) of the byline nearest the article: above it, at its top, or just below it."""
    start, end = (body[0].index, body[-1].index) if body else (0, min(len(lines) - 1, 40))
    best: tuple[int, int, str] | None = None
    for ln in lines:
        i = ln.index
        if start - 25 <= i < start:
            distance = start - i
        elif start <= i <= start + 2:
            distance = 1
        elif end - 2 <= i <= end + 12:  # a byline under the article ("BY JANE DOE [jane@paper.com]")
            distance = max(i - end, 0) + 2
        else:
            continue
        if len(ln.text) > 160 or (best is not None and distance >= best[0]):
            continue
        for pattern in _BYLINE_PATTERNS:
            m = pattern.search(ln.text)
            name = _clean_name(m.group(1)) if m else None
            if name:
                best = (distance, i, name)
                break
    return (best[1], best[2]) if best else None


# --- source -----------------------------------------------------------------------------------

_COPYRIGHT = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:\d{4}\s*[-–—]\s*)?\d{4}\s*,?\s*)?(?:by\s+)?"
    r"([^.|•·\n]{2,60}?)\s*(?:[.|•·]|all rights|alle rechte|tous droits|todos los derechos|무단|$)",
    re.IGNORECASE,
)
_LATIN_NAME = re.compile(r"[A-Za-z]")


def find_source(lines: Sequence[Line], body: Sequence[Line], site: str | None) -> str | None:
    """The publication: the site name from the title, else the copyright holder named nearest below
    the article.  A Latin-script name is preferred when the page gives one (코리아중앙데일리 vs. a
    "Korea JoongAng Daily" title suffix), otherwise the name is kept as written."""
    end = body[-1].index if body else 0
    holders: list[tuple[int, str]] = []
    for ln in lines:
        if len(ln.text) > 300:
            continue
        m = _COPYRIGHT.search(ln.text)
        if m:
            name = m.group(1).strip(" ,;:-–—")
            if name and not name[0].isdigit() and len(name.split()) <= 8:
                holders.append((ln.index - end if ln.index >= end else 10_000 + end - ln.index, name))
    names = ([site] if site else []) + [n for _, n in sorted(holders)]
    for n in names:
        if _LATIN_NAME.search(n):
            return n
    return names[0] if names else None
