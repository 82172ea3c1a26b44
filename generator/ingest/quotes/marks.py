"""Ingest stage, quotes: where quotation marks open and close in a paragraph, and its sentences.

Real text pairs its marks loosely: a straight opening mark closed by a curly one ("…”), a curly
quote closed the wrong way round (“…“ in a Wikinews statement), an apostrophe that looks like a
closing single quote (don’t). So marks are paired by position, not by glyph: after an opening
mark, the next closing-looking mark closes it. A paragraph that ends inside a quotation is the
newspaper convention for a quote running on into the next paragraph, which opens with a mark
again and has no closing one until the quote ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening marks and the marks that may close them. 「」『』 are the CJK brackets Korean text
# sometimes uses; ‘’ at the top level are only taken in Latin-script text (in Korean news they
# mark names and labels: ‘담대한 구상’).
_DOUBLE_OPEN = '“"„«「『'
_DOUBLE_CLOSE = '”"“»」』'
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"


def words(text: str) -> frozenset[str]:
    """A word list written as one string (the lists of this package)."""
    return frozenset(text.split())


MAX_SPANS = 60  # quotation spans looked at in one paragraph; more is a list of titles, not prose
MAX_PARAGRAPH = 20_000  # characters of one paragraph scanned for marks


@dataclass(frozen=True)
class Span:
    """One quotation: the quoted text is paragraph[start:end]; the marks stand just outside."""

    start: int  # first character inside the opening mark
    end: int  # just past the last character before the closing mark (or the paragraph's end)
    closed: bool  # False when the paragraph ends inside the quotation
    single: bool  # opened with a single mark (‘…’)

    @property
    def outer_start(self) -> int:
        return self.start - 1

    @property
    def outer_end(self) -> int:
        return self.end + 1 if self.closed else self.end


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def spans(paragraph: str, latin: bool) -> list[Span]:
    """The top-level quotations of paragraph, in order (nested ones stay inside their parent)."""
    text = paragraph[:MAX_PARAGRAPH]
    found: list[Span] = []
    i, n = 0, len(text)
    while i < n and len(found) < MAX_SPANS:
        ch = text[i]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if ch in _DOUBLE_OPEN and not (ch == '"' and (before.isdigit() or _is_word(before))):
            # a straight mark right after a letter or digit closes nothing and opens nothing (5", ab"c)
            end = _closing(text, i + 1, single=False)
            found.append(Span(i + 1, end if end >= 0 else n, end >= 0, False))
            i = (end + 1) if end >= 0 else n
            continue
        if latin and ch in _SINGLE_OPEN and not _is_word(before) and not after.isspace():
            end = _closing(text, i + 1, single=True)
            if end >= 0:
                found.append(Span(i + 1, end, True, True))
                i = end + 1
                continue
        i += 1
    return found


def _closing(text: str, start: int, single: bool) -> int:
    """Index of the mark closing a quotation opened just before start, or -1."""
    i, n = start, len(text)
    nested = False
    while i < n:
        ch = text[i]
        after = text[i + 1] if i + 1 < n else " "
        before = text[i - 1] if i else " "
        if single:
            # ’ between letters is an apostrophe (don’t, Korea’s); a closing one is followed by no letter
            if ch in _SINGLE_CLOSE and not _is_word(after):
                return i
            if ch in _DOUBLE_OPEN + _DOUBLE_CLOSE:
                return -1  # a double mark inside a single quote: not a quotation we can pair
        else:
            if ch in _SINGLE_OPEN and not _is_word(before):
                nested = True
            elif nested and ch in _SINGLE_CLOSE and not _is_word(after):
                nested = False
            elif ch in _DOUBLE_CLOSE:
                return i  # whatever its glyph: “…” and "…” and even “…“ are all met
        i += 1
    return -1


# --- sentences ---------------------------------------------------------------------------------

_END = re.compile(r"[.!?…]+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Sens|Rep|Reps|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Cpl|Pvt|Supt|Atty|Rev|Hon|Msgr|Fr|Gov|"
    r"Sgt|St|Mt|Ft|Jr|Sr|No|Vol|vs|etc|Inc|Ltd|Co|Corp|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|D\.C|L\.A|a\.m|p\.m)|\b[A-Z])$"
)


def sentence_bounds(paragraph: str, quotes: list[Span]) -> list[tuple[int, int]]:
    """(start, end) of each sentence of paragraph; quotations never split a sentence."""
    inside = [(q.outer_start, q.outer_end) for q in quotes]
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(paragraph):
        end = m.end()
        if any(a <= m.start() < b for a, b in inside):
            continue
        # a closing mark right after the stop belongs to this sentence: …end.” Next
        while end < len(paragraph) and paragraph[end] in _DOUBLE_CLOSE + _SINGLE_CLOSE + ")":
            end += 1
        rest = paragraph[end : end + 2]
        if end < len(paragraph) and not (rest[:1].isspace() and rest[1:2] and not rest[1:2].islower()):
            continue  # not followed by a space and a capital, digit, mark or Hangul: 3.5, e.g., U.S. officials
        if m.group() == "." and _ABBREVIATION.search(paragraph[max(0, m.start() - 6) : m.start()]):
            continue
        bounds.append((start, end))
        start = end
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph):
        bounds.append((start, len(paragraph)))
    return bounds
