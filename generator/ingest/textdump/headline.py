"""Ingest stage: choose a text dump's headline among its lines (a fitted ranker), or say there is none."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from generator.ingest.dates import is_date_line
from generator.ingest.textdump.byline import EMAIL, byline_in, is_credit, opens_with_byline
from generator.ingest.textdump.features import FEATURES as LINE_FEATURES
from generator.ingest.textdump.features import WORD, Line, grams, is_boiler
from generator.ingest.textdump.model import Stage, load_stage

# How it works.  Every short line above the article (and its first lines) is a candidate.  Each is
# described by numbers that hold in any language: how far above the article it stands and how many
# headline-like lines come between, whether the page's first line (a <title>, when the dump has one)
# holds it or it holds the first line, whether it is repeated, whether the article's text comes back
# to its words, whether it reads like a sentence, a menu entry, a date or a byline.  Boosted trees
# fitted on the meta-dev / meta-extra pages (eval/textdump_fit.py) score them; the best one is the
# headline.  A page whose only candidates are its paragraphs, or whose best candidate scores under
# HEADLINE_FROM (nothing like a headline at all), has none: the caller takes a title from the lead and
# says so (the lead stays in the body).  The ranker's scores are not calibrated across pages (the dev
# pages nearly all have a headline), so the floor is low: it only rules out lines that are no headline.
HEADLINE_FILE = "headline_model.json"
HEADLINE_FROM = 1e-4
MAX_CHARS = 250  # longer lines are paragraphs, not headlines
MAX_ABOVE = 400  # candidates are looked for this many lines above the article at most

FEATURES = (
    *[
        "first",
        "above",
        "above_rank",
        "below",
        "words",
        "chars",
        "end_stop",
        "end_mark",
        "caps",
        "digits",
        "boiler",
        "menu_run",
    ],
    *["repeats", "in_first", "holds_first", "first_share", "sep", "body_words", "body_grams", "prob", "next_prob"],
    *["prev_short", "next_short", "dateish", "block"],
    # what a headline never is: the site or section name beside it in the <title>, a label, a byline
    *["title_part", "end_colon", "byline"],
)
_DATEISH = re.compile(r"\d{1,4}[./\-]\s?\d{1,2}[./\-]\s?\d{1,4}|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_SHORT_RUN = LINE_FEATURES.index("short_run")
_SEPARATOR = re.compile(r"\s(?:\||–|—|::|»|·|•|-)\s|\|")


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _headlike(ln: Line) -> bool:
    return 2 <= len(ln.text) <= MAX_CHARS and ln.text[-1] not in ".:;," and len(ln.text.split()) <= 30


def _paragraph(ln: Line) -> bool:
    """A line of the article that reads as a sentence (12+ words, a full stop): never its headline."""
    return (ln.text[-1] in ".。" and len(ln.text.split()) >= 12) or (len(ln.text) > 140 and ln.text[-1] in ".!?。다")


# Lines that are never a headline, wherever they stand: a Korean sentence ("…권장합니다.", "…발간했다."),
# a date and nothing more, a caption with its credit, a byline, a lead that opens with its
# dateline-byline, a news agency's name alone, a list item of the furniture ("▷ 카카오톡 : …", "■ 제보하기").
_KOREAN_SENTENCE = re.compile(r"[다요]\.[\s\"'”’)]*$")
_AGENCY_ALONE = re.compile(
    r"^(?:the\s+)?(?:associated\s+press|ap|reuters|afp|agence\s+france-presse|bloomberg|xinhua|kyodo(?:\s+news)?"
    r"|yonhap(?:\s+news(?:\s+agency)?)?|연합뉴스|뉴시스|뉴스1)$",
    re.IGNORECASE,
)
_FURNITURE_MARK = re.compile(r"^[▷▶■□※☞☎▲△▼]")


def never_headline(text: str) -> bool:
    """A line that cannot be a page's headline, whatever the ranker would make of it."""
    t = text.strip()
    return bool(
        _KOREAN_SENTENCE.search(t)
        or is_date_line(t)
        or is_credit(t)
        or opens_with_byline(t)
        or _AGENCY_ALONE.match(t)
        or _FURNITURE_MARK.match(t)
        or (byline_in(t) and (len(t.split()) <= 6 or EMAIL.search(t)))
    )


def candidates(lines: Sequence[Line], body: Sequence[Line]) -> list[Line]:
    """Lines that may be the headline: short lines above the article and among its first lines."""
    start = body[0].index if body else min(len(lines), 60)
    lo = max(start - MAX_ABOVE, 0)
    in_body = {ln.index for ln in body}
    return [
        ln
        for ln in lines[lo : start + 3]
        if 2 <= len(ln.text) <= MAX_CHARS and not (ln.index in in_body and _paragraph(ln))
    ]


def rows(lines: Sequence[Line], body: Sequence[Line], cands: Sequence[Line]) -> list[list[float]]:
    """The FEATURES of each candidate, in order."""
    start = body[0].index if body else min(len(lines), 60)
    first = _norm(lines[0].text) if lines else ""
    first_words = set(WORD.findall(first))
    # the <title>'s pieces beside its longest one: the site's and the section's names
    pieces = sorted((p.strip() for p in _SEPARATOR.split(first) if p.strip()), key=len)
    names = set(pieces[:-1])
    text = " ".join(ln.text for ln in body[:12]).lower()
    body_words = set(WORD.findall(text))
    body_grams = grams(text[:4000])
    counts: dict[str, int] = {}
    for ln in lines:
        key = _norm(ln.text)
        counts[key] = counts.get(key, 0) + 1
    headlike_before = [0] * (len(lines) + 1)  # headline-like lines above each index
    for ln in lines:
        headlike_before[ln.index + 1] = headlike_before[ln.index] + (1 if _headlike(ln) else 0)
    out = []
    for ln in cands:
        t = ln.text
        norm = _norm(t)
        words = WORD.findall(norm)
        worded = [w for w in WORD.findall(t) if w[:1].isalpha()]
        own = grams(t)
        nxt = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
        prv = lines[ln.index - 1] if ln.index > 0 else None
        out.append(
            [
                1.0 if ln.index == 0 else 0.0,
                math.log1p(start - ln.index) if ln.index < start else 0.0,
                float(min(headlike_before[start] - headlike_before[ln.index + 1], 50)) if ln.index < start else 0.0,
                math.log1p(ln.index - start + 1) if ln.index >= start else 0.0,
                math.log1p(len(words)),
                math.log1p(len(t)),
                1.0 if t[-1] == "." and not t.endswith("...") else 0.0,
                1.0 if t[-1] in "?!" else 0.0,
                sum(1 for w in worded if w[:1].isupper()) / len(worded) if worded else 0.0,
                sum(ch.isdigit() for ch in t) / len(t),
                1.0 if is_boiler(t) else 0.0,
                ln.features[_SHORT_RUN] if ln.features else 0.0,
                math.log(counts.get(norm, 1)),
                1.0 if ln.index > 0 and len(norm) >= 0.3 * len(first) and norm in first else 0.0,
                1.0 if ln.index > 0 and first and first in norm else 0.0,
                len(set(words) & first_words) / len(set(words)) if words else 0.0,
                1.0 if _SEPARATOR.search(t) else 0.0,
                len({w for w in words if len(w) > 2} & body_words) / max(len({w for w in words if len(w) > 2}), 1),
                len(own & body_grams) / len(own) if own else 0.0,
                ln.prob,
                nxt.prob if nxt else 0.0,
                1.0 if prv is not None and len(prv.text) < 30 else 0.0,
                1.0 if nxt is not None and len(nxt.text) < 30 else 0.0,
                1.0 if _DATEISH.search(t) else 0.0,
                math.log(ln.block_size),
                1.0 if ln.index > 0 and norm in names else 0.0,
                1.0 if t[-1] in ":：" else 0.0,
                1.0 if byline_in(t) else 0.0,
            ]
        )
    return out


@lru_cache(maxsize=1)
def shipped_ranker() -> Stage:
    stage = load_stage(HEADLINE_FILE, "ranker")
    if stage.features != FEATURES:
        raise RuntimeError("the headline model was fitted on other features: refit it with `make model`")
    return stage


class Ranker(Protocol):
    """What scores candidates: the shipped Stage, or (in evaluation) LightGBM's booster itself."""

    def probs(self, rows: Sequence[Sequence[float]]) -> list[float]: ...


RANKER: Ranker | None = None  # when set (evaluation does), used instead of the shipped ranker


def choose(lines: Sequence[Line], body: Sequence[Line], ranker: Ranker | None = None) -> Line | None:
    """The headline line, or None when no line reads enough like one."""
    model = ranker or RANKER or shipped_ranker()
    cands = candidates(lines, body)
    if not cands:
        return None
    # the ranker scores every candidate (it was fitted on all of them); the lines that can never be a
    # headline are then set aside whatever their score
    scores = model.probs(rows(lines, body, cands))
    allowed = [i for i, ln in enumerate(cands) if not never_headline(ln.text)]
    if not allowed:
        return None
    best = max(allowed, key=lambda i: (scores[i], -i))
    return cands[best] if scores[best] >= HEADLINE_FROM else None
