"""Ingest stage, entity finding: photo credits, captions and bylines, where a name is never an actor.

A photographer in "Saul Loeb / AFP", the agency line "(Yonhap)" under a picture, "Photo: …",
"ⓒ …", a byline line ("By Michael Lee", "AsiaToday reporter Hong Sun-mi"), an agency's staff
line ("Reporting by …; Editing by …") and the name under "About the author" name people who made
the page, not people the article is about. Their tokens are marked here; no person is
discovered on them (a person the article names elsewhere is still found there).
"""

from __future__ import annotations

from generator.ingest.entities.lexicon import BYLINE_ROLES, CREDIT_WORDS
from generator.ingest.entities.text import PUNCT, WORD, Doc

# What follows a credit word in a credit ("Photo: X", "Photo by X", "Photo = X", "Photo/X").
_CREDIT_JOINS = frozenset([":", "by", "=", "/", "|", "-", "\u2014", "\u2013", "courtesy", "of", "credit"])
_COPYRIGHT = frozenset(["©", "ⓒ", "copyright"])
# The agency's staff line under a story: "Reporting by X; Editing by Y", "Additional reporting by Z".
_STAFF_WORDS = frozenset(["reporting", "editing", "writing"])
# A heading over the writer's box: the short line under it is the writer's name ("About the author").
_AUTHOR_HEADINGS = frozenset(["about the author", "about the authors", "about the writer", "about the reporter"])
_SHORT_LINE = 14  # tokens: a byline or credit line is short
_CAPTION_LINE = 45  # tokens: a caption that ends in "(Yonhap)" is no longer than this
_OPEN = {")": "(", "]": "["}


def credit_tokens(doc: Doc) -> set[int]:
    """Token indices that stand in a credit, a caption's agency line or a byline."""
    marked: set[int] = set()
    n = len(doc)
    first = 0
    heading = False
    while first < n:
        last = first
        while last + 1 < n and doc.lines[last + 1] == doc.lines[first]:
            last += 1
        if _credit_line(doc, first, last) or (heading and _name_line(doc, first, last)):
            marked.update(range(first, last + 1))
        else:
            _inline_credits(doc, first, last, marked)
        heading = " ".join(doc.lower(t) for t in range(first, last + 1) if doc.kinds[t] == WORD) in _AUTHOR_HEADINGS
        first = last + 1
    return marked


def _name_line(doc: Doc, first: int, last: int) -> bool:
    """A line of a few capitalised words and nothing else: a name standing alone."""
    words = [t for t in range(first, last + 1) if doc.kinds[t] == WORD]
    return 0 < len(words) <= 4 and last - first + 1 <= 6 and all(doc.is_cap(t) for t in words)


def _credit_line(doc: Doc, first: int, last: int) -> bool:
    """A whole line that is a credit, a caption with its agency, or a byline."""
    size = last - first + 1
    k = first
    while k <= last and doc.texts[k] in ("(", "[", "<", "\u3010"):
        k += 1
    opener = doc.lower(k)
    if opener in CREDIT_WORDS and k + 1 <= last and doc.lower(k + 1) in _CREDIT_JOINS:
        return True  # "Photo: …", "[Photo by …]", "Image courtesy of …"
    if opener in _STAFF_WORDS and k + 1 <= last and doc.lower(k + 1) == "by":
        return True  # "Reporting by Patrick Werr; Editing by Alastair Macdonald"
    if opener in _COPYRIGHT or (opener == "(" and doc.lower(k + 1) == "c"):
        return True
    if size <= _SHORT_LINE and opener == "by" and k + 1 <= last and doc.is_cap(k + 1):
        return True  # "By Michael Lee", "by Na-Ri Shin journari@donga.com"
    if size <= _SHORT_LINE and any(doc.lower(t) in BYLINE_ROLES for t in range(first, last + 1)):
        words = [t for t in range(first, last + 1) if doc.kinds[t] == WORD]
        # "Michael Lee, Staff Reporter", "AsiaToday reporter Hong Sun-mi": names and a role, no verb of a sentence.
        if all(doc.is_cap(t) or doc.lower(t) in BYLINE_ROLES or doc.lower(t) in ("and", "by") for t in words):
            return True
    if size <= _SHORT_LINE and any("@" in doc.texts[t] and doc.kinds[t] == PUNCT for t in range(first, last + 1)):
        return True  # a name with an e-mail address
    return size <= _CAPTION_LINE and _ends_with_agency(doc, first, last)


def _ends_with_agency(doc: Doc, first: int, last: int) -> bool:
    """The line ends "(Yonhap)", "[AP Photo]", "(AFP-Yonhap)": a short bracket of capitalised words."""
    end = last
    if doc.texts[end] == "." and end > first:
        end -= 1
    close = doc.texts[end]
    if close not in _OPEN:
        return False
    k = end - 1
    while k > first and doc.texts[k] != _OPEN[close] and end - k <= 6:
        k -= 1
    if k <= first or doc.texts[k] != _OPEN[close]:
        return False
    inside = [t for t in range(k + 1, end) if doc.kinds[t] != PUNCT]
    return bool(inside) and all(doc.is_cap(t) or doc.lower(t) in CREDIT_WORDS for t in inside)


def _inline_credits(doc: Doc, first: int, last: int, marked: set[int]) -> None:
    """Credits inside a longer line: "… Saul Loeb / AFP", "(Photo: Jane Doe)", "ⓒ News1"."""
    for t in range(first, last + 1):
        text = doc.texts[t]
        low = text.lower()
        if text in ("/", "|") and t > first and t < last and doc.is_cap(t - 1) and doc.is_cap(t + 1):
            marked.update(_run(doc, t - 1, -1, first, last))
            marked.update(_run(doc, t + 1, 1, first, last))
        elif low in CREDIT_WORDS and t < last and doc.lower(t + 1) in _CREDIT_JOINS:
            k = t + 1
            while k <= last and doc.lower(k) in _CREDIT_JOINS:
                k += 1
            if k <= last and doc.is_cap(k):
                marked.update(_run(doc, k, 1, first, last))
        elif low in _STAFF_WORDS and t + 1 < last and doc.lower(t + 1) == "by" and doc.is_cap(t + 2):
            marked.update(_run(doc, t + 2, 1, first, last))  # "Additional reporting by Jane Doe in Seoul"
        elif low in _COPYRIGHT and t < last:
            marked.update(range(t, last + 1))


def _run(doc: Doc, start: int, step: int, first: int, last: int) -> list[int]:
    """The capitalised run from start in direction step (at most five tokens)."""
    out: list[int] = []
    k = start
    while first <= k <= last and len(out) < 5 and (doc.is_cap(k) or doc.texts[k] in ("-", ".")):
        out.append(k)
        k += step
    return out
