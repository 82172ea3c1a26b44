"""Ingest stage: pull the article (title, body, byline, source) out of a whole-page plain-text dump."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.ingest.dates import is_stamp_line, opens_with_stamp
from generator.ingest.textdump import headline
from generator.ingest.textdump.body import Line, analyse, decode_body, select_body
from generator.ingest.textdump.byline import (
    EMAIL,
    find_bare_byline,
    find_byline,
    find_wire_byline,
    is_credit,
    strip_closing_byline,
    strip_lead_prefix,
)


@dataclass(frozen=True)
class TextExtraction:
    title: str | None  # the headline (the line that reads as one nearest the article; site names stripped)
    paragraphs: list[str]  # article body blocks in order: paragraphs, subheads, quotes
    byline: str | None  # author name(s) as a person would write them; None if absent
    source: str | None  # publication name if the page states it; None if unknown
    warnings: list[str] = field(default_factory=list)


NO_HEADLINE = "no headline found: the title is taken from the lead, which stays in the body; correct 'title:'"


def extract_text(text: str) -> TextExtraction:
    """Title, article paragraphs, byline and source of a page rendered to plain text."""
    if not isinstance(text, str):  # a caller handing over bytes or None gets an empty result, not a crash
        return TextExtraction(None, [], None, None, ["not text"])
    return extract_lines(analyse(text))


def extract_lines(lines: Sequence[Line]) -> TextExtraction:
    """extract_text on a dump already split into lines with their features (body.analyse)."""
    if not lines:
        return TextExtraction(None, [], None, None, ["empty text"])
    body = select_body(lines)
    warnings: list[str] = []
    first_title, site = split_title(lines[0].text, lines)
    # the headline is chosen around the span as the scan finds it, before the cut below the headline
    head = headline.choose(lines, decode_body(lines, below_headline=False))
    title = first_title if head is not None and head.index == 0 else head.text if head is not None else None
    found = find_byline(lines, body) or find_bare_byline(lines, body) or find_wire_byline(lines, body)
    # The byline line itself is not body text, unless it is a whole paragraph that merely opens with one.
    # A lead that opens with a dateline-byline ("[서울=뉴시스] 박준호 기자 = …") keeps its text.
    byline_at = -1
    if found and len(lines[found[0]].text.split()) <= 20:
        at = lines[found[0]].text
        byline_at = found[0] if strip_lead_prefix(at) == at else -1
    # the headline repeated above the article is not a paragraph of it
    seen = {_norm(t) for t in (title, head.text if head else None) if t}
    paragraphs = []
    for ln in body:
        key = _norm(ln.text)
        if (
            ln.index == byline_at
            or key in seen
            or is_credit(ln.text)
            or is_stamp_line(ln.text)
            or opens_with_stamp(ln.text)
        ):
            continue  # a line said twice (a caption and its copy) is kept once
        para = EMAIL.sub("", strip_closing_byline(strip_lead_prefix(ln.text))).strip()
        if para:
            paragraphs.append(para)
        seen.add(key)
    while paragraphs and _ATTRIBUTION.match(paragraphs[-1]) and len(paragraphs[-1]) < 400:
        paragraphs.pop()  # "Source: Reuters", "Source: Wikinews, https://…": about the article, not of it
    if not paragraphs:
        warnings.append("no article body found")
    if title is None and paragraphs:
        title = title_from_lead(paragraphs[0])
        warnings.append(NO_HEADLINE)
    elif title is None:
        title = first_title  # nothing better: a page without an article keeps its first line as title
    return TextExtraction(
        title=title or None,
        paragraphs=paragraphs,
        byline=found[1] if found else None,
        source=find_source(lines, body, site),
        warnings=warnings,
    )


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+(?=\S)|(?<=다\.)")


def title_from_lead(lead: str, limit: int = 110) -> str:
    """A title made from the lead when the page has no headline: its first sentence, cut at a word."""
    sentence = _SENTENCE_END.split(lead, maxsplit=1)[0].strip()
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0] if " " in sentence[:limit] else sentence[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


# A closing attribution line: the label, then a name or an address (never a sentence of the story).
_ATTRIBUTION = re.compile(
    r"^(?:sources?|quelle|quellen|fuente|fonte|source\s+link|출처|来源|出典)\s*[:：]\s*\S", re.IGNORECASE
)


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


# --- the first line as a <title> ----------------------------------------------------------------

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
