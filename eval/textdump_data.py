"""Eval: the development pages for the text-dump line model, their sites, and line labels from their gold.

aeb-dev gives whole gold bodies, so every line gets a label (by 4-word shingles, like score.py).
meta-dev and meta-extra give a few segments that must be kept (`with`) and a few that must go
(`without`): only the lines holding one of them are labelled, the rest of the page is not evidence
either way (it is still there for the features of its neighbours).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.ingest.textdump.features import Line


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (one word or phrase per `sep`, blanks by default)."""
    return tuple(w for w in text.split(sep) if w)


_TOKEN = re.compile(r"\w+")
# The last labels of a host that say nothing about the site ("co.uk", "com.pa"); what stands before
# them names the site, so that www.zeit.de, zeit.de and a file called zeit.de.zugverkehr.html agree.
_SUFFIXES = frozenset(
    _words(
        "com net org edu gov info biz co ac or ne go de at ch fr pl it es uk us eu io me tv nl be dk se no  "
        "fi cz sk hu ro ru ua jp kr cn tw hk sg in au nz ca mx br ar cl pe cu hn pa jm vc gt sv ni cr do pr  "
        "bo py uy ve ec lu li pt gr tr il za ng ke eg ma tn ir pk bd lk np vn th my ph id blog wordpress  "
        "blogspot html htm php www www1 www2 www3 m amp mobile web archive"
    )
)


def site_of(url_or_file: str) -> str:
    """The site a page comes from (for grouping cross-validation folds), from its URL or file name."""
    s = url_or_file.strip()
    if "://" in s:
        parts = urlsplit(s)
        host = (parts.hostname or "").lower()
        if host == "web.archive.org":  # an archived page belongs to the archived site
            inner = re.search(r"/web/[^/]*/(.+)$", parts.path)
            if inner:
                return site_of(inner.group(1) if "://" in inner.group(1) else "http://" + inner.group(1))
        labels = [x for x in host.split(".") if x]
    else:
        s = s.split("::")[-1].lower()
        labels = [x for x in re.split(r"[.\-_ ]", s) if x]
        # a file name: the site is the label before the first suffix ("dw.com.colonial.html" → dw)
        for k in range(1, len(labels)):
            if labels[k] in _SUFFIXES and labels[k - 1] not in _SUFFIXES:
                return labels[k - 1]
    core = [x for x in labels if x not in _SUFFIXES]
    return core[-1] if core else s.lower()


@dataclass
class Page:
    key: str  # the id in its ground truth
    corpus: str  # "aeb-dev", "meta-dev" or "meta-extra"
    site: str
    text: str
    gold: dict[str, Any]
    lines: list[Line] = field(default_factory=list)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def load_pages(shared: Path) -> list[Page]:
    """Every development page with a text dump: aeb-dev, meta-dev and meta-extra, in a fixed order."""
    pages: list[Page] = []
    aeb = json.loads(_read(shared / "aeb-dev" / "ground-truth.json"))
    for key in sorted(aeb):
        text = _read(shared / "aeb-dev" / "text" / f"{key}.txt")
        pages.append(Page(key, "aeb-dev", site_of(aeb[key].get("url") or key), text, aeb[key]))
    for corpus in ("meta-dev", "meta-extra"):
        gold = json.loads(_read(shared / corpus / "ground-truth.json"))
        for key in sorted(gold):
            g = gold[key]
            stem = re.sub(r"(\.html?)?(\.gz)?$", "", g["file"])
            path = shared / corpus / "text" / f"{stem}.txt"
            if path.exists():
                site = site_of(key if "://" in key else g["file"])
                pages.append(Page(key, corpus, site, _read(path), g))
    return pages


def body_labels(lines: Sequence[Line], gold: str) -> list[float]:
    """1.0 for lines that are (mostly) in the gold body, by 4-word shingles like score.py.

    A short line (fewer than 4 words) counts only when it occurs in the gold text and a long gold line
    stands within 3 lines on both sides: "News" or "Share" also occur in many gold texts.
    """
    tokens = _TOKEN.findall(gold)
    shingles = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    joined = " " + " ".join(tokens) + " "
    labels, short = [], []
    for ln in lines:
        toks = _TOKEN.findall(ln.text)
        if len(toks) >= 4:
            own = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
            labels.append(1.0 if sum(s in shingles for s in own) / len(own) > 0.5 else 0.0)
            short.append(False)
        else:
            labels.append(1.0 if toks and " " + " ".join(toks) + " " in joined else 0.0)
            short.append(True)
    anchors = [i for i, (y, s) in enumerate(zip(labels, short, strict=True)) if y and not s]
    for i, (y, s) in enumerate(zip(labels, short, strict=True)):
        if s and y and not (any(0 < i - a <= 3 for a in anchors) and any(0 < a - i <= 3 for a in anchors)):
            labels[i] = 0.0
    return labels


def norm(s: str) -> str:
    """As score.py compares segments: whitespace collapsed, lower case."""
    return re.sub(r"\s+", " ", s or "").strip().lower()


def segment_labels(lines: Sequence[Line], keep: Sequence[str], drop: Sequence[str]) -> list[float | None]:
    """1.0 for a line holding (or held by) a segment to keep, 0.0 for one to remove, None otherwise.

    A segment is found in a line when it stands in it whole; a line is part of a segment when the
    segment holds it whole and the line is long enough (20+ characters) not to match by chance.  A
    line that matches both a kept and a removed segment is left unlabelled.
    """
    keeps = [k for k in (norm(s) for s in keep) if len(k) >= 8]
    drops = [d for d in (norm(s) for s in drop) if len(d) >= 8]
    out: list[float | None] = []
    for ln in lines:
        t = norm(ln.text)
        pos = any(k in t or (len(t) >= 20 and t in k) for k in keeps)
        neg = any(d in t or (len(t) >= 20 and t in d) for d in drops)
        out.append(None if pos == neg else 1.0 if pos else 0.0)
    return out


def labels_of(page: Page, lines: Sequence[Line]) -> list[float | None]:
    if page.corpus == "aeb-dev":
        return list(body_labels(lines, page.gold["articleBody"]))
    return segment_labels(lines, page.gold.get("with") or [], page.gold.get("without") or [])


def noblank(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if ln.strip())


def bulleted(text: str) -> str:
    """The dump as a scraper that marks list items with "- " and drops blank lines would give it.

    In these dumps paragraphs stand alone between blank lines, so a line sharing its block with others
    is (nearly always) a list item, a menu entry or a table row.
    """
    out = []
    for block in re.split(r"\n\s*\n", text):
        rows = [ln.strip() for ln in block.splitlines() if ln.strip()]
        out += [f"- {r}" for r in rows] if len(rows) > 1 else rows
    return "\n".join(out)
