"""Ingest stage: an HTML page → article paragraphs and metadata (trafilatura + htmldate), offline."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from trafilatura.utils import load_html

from .byline import choose_byline
from .headline import choose_title
from .metadata import read_meta
from .pagedate import find_date

__all__ = ["HtmlExtraction", "decode_html", "extract_html"]

log = logging.getLogger(__name__)

# An lxml.html tree. lxml ships no type stubs (and the project adds none), so it is Any here.
HtmlElement = Any

# Measured on aeb-dev (eval/html_eval.py): leaving comments out and favouring precision scores
# best (F1 .972 vs .959 for trafilatura's defaults); tables stay in (dropping them cost recall).
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
}
# Pages larger than this are cut before parsing: real articles are far smaller, and an
# unbounded page could stall a build. The cut keeps the head, where metadata lives.
MAX_HTML_CHARS = 8_000_000
# And cut after this many elements: extraction time grows faster than the number of elements
# (100,000 short paragraphs took 51 s, 200,000 three minutes), and of 1,002 real pages
# (shared/eval) the largest has about 10,000.
MAX_HTML_ELEMENTS = 20_000
_ELEMENT = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True)
class HtmlExtraction:
    """What an HTML page says about itself: its article text and metadata."""

    title: str | None
    paragraphs: list[str]  # article body blocks in order (paragraphs, subheads, quotes), plain text
    byline: str | None  # author(s), "; "-joined if several, no emails
    source: str | None  # publication / site name
    url: str | None  # canonical URL if the page states one, else the URL it was fetched from
    date: dt.date | None  # publication date, never invented
    date_evidence: str | None  # where the date came from, e.g. "html meta article:published_time"
    warnings: list[str] = field(default_factory=list)


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """Bytes of a saved page → text, honouring a BOM or <meta charset> before guessing."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET_RE.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def _empty(warning: str, url: str | None) -> HtmlExtraction:
    return HtmlExtraction(
        title=None, paragraphs=[], byline=None, source=None, url=url, date=None, date_evidence=None, warnings=[warning]
    )


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Extract the article and its metadata from one HTML page. Never raises, never fetches."""
    try:
        return _extract(html, url)
    except Exception as err:  # a bad page must become a warning, not a crash
        log.warning("HTML extraction failed for %s: %s", url, err)
        return _empty(f"extraction failed: {type(err).__name__}: {err}", url)


def _parse(html: str) -> HtmlElement | None:
    tree = load_html(html)
    if tree is None and html.strip():
        # load_html rejects bare fragments ("<p>x</p>"); give them a document around them
        tree = load_html(f"<html><body><div>{html}</div></body></html>")
    return tree


def _extract(html: str | bytes, url: str | None) -> HtmlExtraction:
    warnings: list[str] = []
    if isinstance(html, bytes):
        html = decode_html(html)
    if not isinstance(html, str):
        return _empty(f"not HTML text: {type(html).__name__}", url)
    if not html.strip():
        return _empty("empty page", url)
    if len(html) > MAX_HTML_CHARS:
        warnings.append(f"page cut to {MAX_HTML_CHARS} characters from {len(html)}")
        html = html[:MAX_HTML_CHARS]
    html = _first_elements(html, warnings)
    # Only parsed trees go to trafilatura and htmldate: htmldate would download a string
    # that looks like a URL, and this stage must never touch the network.
    tree = _parse(html)
    if tree is None:
        return _empty("could not parse as HTML", url)

    doc = trafilatura.bare_extraction(copy.deepcopy(tree), url=url, with_metadata=True, **EXTRACT_OPTIONS)
    text = getattr(doc, "text", None) or ""
    source = _clean(getattr(doc, "sitename", None))
    page_url = _clean(getattr(doc, "url", None)) or url
    meta = read_meta(tree, page_url)
    title = choose_title(tree, meta, _clean(getattr(doc, "title", None)), source, page_url or url)
    paragraphs = _continued(tree, _paragraphs(text, title))
    if not paragraphs:
        warnings.append("no article text found")
    byline = choose_byline(tree, meta, _clean(getattr(doc, "author", None)), source, page_url or url)
    date, evidence, date_warnings = find_date(tree, url, meta)
    warnings.extend(date_warnings)
    if date is None:
        warnings.append("no publication date found")
    return HtmlExtraction(
        title=title,
        paragraphs=paragraphs,
        byline=byline,
        source=source,
        url=page_url,
        date=date,
        date_evidence=evidence,
        warnings=warnings,
    )


def _first_elements(html: str, warnings: list[str]) -> str:
    """The page up to its MAX_HTML_ELEMENTS-th element (the parser closes what is left open)."""
    for count, match in enumerate(_ELEMENT.finditer(html), 1):
        if count > MAX_HTML_ELEMENTS:
            total = count + sum(1 for _ in _ELEMENT.finditer(html, match.end()))
            warnings.append(f"page cut to its first {MAX_HTML_ELEMENTS:,} elements (of {total:,}) before extraction")
            return html[: match.start()]
    return html


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _paragraphs(text: str, title: str | None) -> list[str]:
    blocks = [re.sub(r"\s+", " ", ln).strip() for ln in text.splitlines()]
    blocks = [b for b in blocks if b]
    # The headline is metadata, not body: drop it when the body opens with it.
    if blocks and title and blocks[0].casefold() == title.casefold():
        blocks = blocks[1:]
    return blocks


def _continued(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """Add the rest of an article whose body the page splits into several sibling containers
    of the same class (ads in between, as on wired.com): trafilatura keeps only the first.

    Guarded so that repeated widgets do not come in: at most 4 such containers, and each one
    added must hold at least two real paragraphs (100+ characters)."""
    if not paragraphs:
        return paragraphs
    have = set(paragraphs)
    anchor = None
    for node in tree.iter("p"):
        text = _clean(node.text_content())
        if text and len(text) >= 60 and text in have:
            anchor = node
            break
    if anchor is None:
        return paragraphs
    box = anchor.getparent()
    while box is not None and not box.get("class"):
        box = box.getparent()
    if box is None:
        return paragraphs
    same = [e for e in tree.iter(box.tag) if e.get("class") == box.get("class")]
    if not 2 <= len(same) <= 4:
        return paragraphs
    before: list[str] = []
    after: list[str] = []
    passed = False
    for other in same:
        if other is box:
            passed = True
            continue
        if any(a is box for a in other.iterancestors()) or any(a is other for a in box.iterancestors()):
            continue
        texts = [t for t in (_clean(p.text_content()) for p in other.iter("p")) if t and t not in have]
        if sum(len(t) >= 100 for t in texts) < 2:
            continue
        (after if passed else before).extend(texts)
    return before + paragraphs + after
