"""Ingest stage: score the lines of a plain-text page dump with the line model and keep the article's."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from generator.ingest.textdump.features import (
    COMMENT,
    COMMENT_HEADER,
    FEATURES,
    Line,
    analyse,
    window_means,
)
from generator.ingest.textdump.model import LineModel, shipped_model

__all__ = ["FEATURES", "SECOND_FEATURES", "Line", "analyse", "article_span", "score_lines", "select_body"]

# How it works.  Every line of the dump is described by the numbers of features.py.  The first stage
# of the line model (boosted trees fitted by eval/textdump_fit.py on all the development pages, see
# model.py) turns them into the probability that the line is article text; the second stage sees the
# same numbers plus the first stage's probabilities of the lines around it and of the article span
# they imply, so that a table row or a caption between two paragraphs is judged by its company.  The
# article is then the one contiguous run of lines that best trades likely lines against unlikely ones
# (a gap of a caption or an embed costs little, twenty lines of menu a lot); inside it, only clearly
# unlikely lines are dropped.  A reader-comment thread is a rule rather than learnt: the dev pages
# show too few, and a thread reads like prose; so is the discount of lines in a foreign script.

# What the second stage adds to FEATURES: the first stage's probability of the line, relative to the
# page's best, averaged over the lines before / after it, the best of the three lines on each side,
# and where the line stands relative to the span the first stage's scores imply.
_P_WINDOWS = ((1, 0), (0, 1), (3, 0), (0, 3), (10, 0), (0, 10))
SECOND_FEATURES = (
    *FEATURES,
    "p1",
    "p1_rel",
    *(f"p1@{'p' if b else 'n'}{b or a}" for b, a in _P_WINDOWS),
    "p1max@p3",
    "p1max@n3",
    "span_in",
    "span_dist",
    "span_share",
    # the run of likely lines (a candidate article) the line stands in or nearest to
    *[
        "seg_dist",
        "seg_share",
        "seg_rank",
        "seg_topic",
        "seg_topic_rel",
        "seg_grams_rel",
        "seg_title_dist",
        "seg_caps",
        "seg_lines",
    ],
)
SEG_FROM = 0.35  # first-stage probability of a line that makes or extends a candidate article
SEG_GAP = 4  # at most this many other lines inside one candidate

# Span selection, chosen by site-grouped cross-validation on the development pages (eval/textdump_eval.py):
SPAN_FROM = 0.4  # lines at least this likely pull the article span outwards, the others push back
KEEP_FROM = 0.4  # inside the span, lines at least this likely are kept
BRIDGE_FROM = 0.25  # and so are less likely ones (table rows) in a run that kept lines enclose, if this likely
LINE_BASE = 40.0  # every line weighs this many characters more than it has (short lines still count)
# A line in another script than its Latin-script page (the Korean UI strings of an English article) is
# rarely article text, but the development pages have too few of them for the trees to learn it: the
# odds of such a line are cut by this much (a quoted line of Japanese in an English article can still pass).
FOREIGN_ODDS = math.exp(-4.0)
ALONE_FROM = 0.05  # a page whose span is empty keeps its likeliest prose line if it is at least this likely
# A span that runs through the first repeat of the headline (the in-page <h1>) starts after it when what
# stands before it talks about the headline (title_grams, per character) at most this share of what
# follows: a box of teasers above the headline is not the article's lead.  Chosen on held-out line
# scores by eval/textdump_tune.py's criterion (aeb-dev F1 + half the meta segment F1s): 0.0 (no cut)
# 1.840, 0.5 1.8475, 1.0 1.848, 1.5 1.846.
BEFORE_TITLE_TOPIC = 1.0


class Scorer(Protocol):
    """What scores lines: the shipped LineModel, or (in evaluation) LightGBM's boosters themselves."""

    def first_probs(self, rows: Sequence[Sequence[float]]) -> list[float]: ...

    def second_probs(self, rows: Sequence[Sequence[float]]) -> list[float]: ...


MODEL: Scorer | None = None  # when set (evaluation does), used instead of the shipped model
_COPYRIGHT_AT = FEATURES.index("copyright")
_PROSE_AT = FEATURES.index("prose")
_FOREIGN_AT = FEATURES.index("foreign")


def thread_start(lines: Sequence[Line], need: int = 3, window: int = 40) -> int | None:
    """Where a reader-comment thread starts: `need` comment headers ("Jane says:", "Reply") within
    `window` lines, reaching back to a "12 Comments" / "Leave a Reply" line just above the first."""
    hits = [ln.index for ln in lines if len(ln.text) <= 120 and COMMENT_HEADER.search(ln.text)]
    for a in range(len(hits) - need + 1):
        if hits[a + need - 1] - hits[a] <= window:
            first = hits[a]
            for ln in lines[max(first - 10, 0) : first]:
                if len(ln.text) <= 120 and COMMENT.search(ln.text):
                    return ln.index
            return first
    return None


def article_span(lines: Sequence[Line], probs: Sequence[float] | None = None) -> tuple[int, int]:
    """The contiguous run of lines that best trades article-likely lines against junk (Kadane's scan).

    Every junk line costs what it weighs, however long the run of junk it is in: an article broken
    by a box of a dozen teasers is joined again when its parts on both sides outweigh the box (a
    cost growing along the run kept only one part: site-grouped held-out F1 .935 -> .943).
    """
    best, best_i, best_j = 0.0, 0, -1
    current, start = 0.0, 0
    for pos, ln in enumerate(lines):
        p = ln.prob if probs is None else probs[pos]
        weight = len(ln.text) + LINE_BASE
        if ln.features[_COPYRIGHT_AT] and p < SPAN_FROM:
            # A copyright notice closes the article: nothing on the far side of it belongs to the span.
            current = 0.0
            continue
        if p >= SPAN_FROM and current <= 0:
            current, start = 0.0, pos
        current += (p - SPAN_FROM) * weight
        if current > best:
            best, best_i, best_j = current, start, pos
    return best_i, best_j


_TITLE_AT = FEATURES.index("title")
_TOPIC_AT = FEATURES.index("topic")
_GRAMS_AT = FEATURES.index("title_grams")
_CAPS_AT = FEATURES.index("lead_caps")


def _segments(lines: Sequence[Line], p1: Sequence[float]) -> list[tuple[int, int, list[float]]]:
    """Candidate articles: runs of likely lines with short gaps, each (first, last, its summary).

    Its summary compares it with the others: its share of the likeliest text, its rank, how much it
    talks about the headline's topic, how far below the last repeat of the headline it starts.  A block
    of teasers or a comment thread can hold more prose than the article; it rarely shares its topic
    or follows its headline.
    """
    runs: list[list[int]] = []
    for k, p in enumerate(p1):
        if p >= SEG_FROM:
            if runs and k - runs[-1][-1] <= SEG_GAP + 1:
                runs[-1].append(k)
            else:
                runs.append([k])
    if not runs:
        return []
    stats = []
    for run in runs:
        mass = sum(len(lines[k].text) for k in run)
        weight = [len(lines[k].text) for k in run]
        topic = sum(w * lines[k].features[_TOPIC_AT] for w, k in zip(weight, run, strict=True)) / mass
        grams = sum(w * lines[k].features[_GRAMS_AT] for w, k in zip(weight, run, strict=True)) / mass
        caps = sum(lines[k].features[_CAPS_AT] for k in run) / len(run)
        title = next((k for k in range(run[0], max(run[0] - 60, -1), -1) if lines[k].features[_TITLE_AT]), None)
        stats.append((run[0], run[-1], mass, topic, grams, caps, title, len(run)))
    top_mass = max(s[2] for s in stats) or 1
    top_topic = max(s[3] for s in stats) or 1.0
    top_grams = max(s[4] for s in stats) or 1.0
    order = sorted(range(len(stats)), key=lambda i: -stats[i][2])
    rank = {i: r for r, i in enumerate(order)}
    out = []
    for i, (a, b, mass, topic, grams, caps, title, n) in enumerate(stats):
        title_dist = float(min(a - title, 60)) if title is not None else 60.0
        summary = [mass / top_mass, float(min(rank[i], 5)), topic, topic / top_topic, grams / top_grams]
        out.append((a, b, [*summary, title_dist, caps, float(n)]))
    return out


def _segment_columns(lines: Sequence[Line], p1: Sequence[float]) -> list[list[float]]:
    segs = _segments(lines, p1)
    if not segs:
        return [[60.0, 0.0, 5.0, 0.0, 0.0, 0.0, 60.0, 0.0, 0.0] for _ in lines]
    cols = []
    s = 0
    for k in range(len(lines)):
        while s + 1 < len(segs) and segs[s + 1][0] <= k:
            s += 1
        # the segment holding k, or the nearer of the two around it
        best = s
        a, b, _ = segs[s]
        dist = 0 if a <= k <= b else (a - k if k < a else k - b)
        if k > b and s + 1 < len(segs) and segs[s + 1][0] - k < dist:
            best, dist = s + 1, segs[s + 1][0] - k
        cols.append([float(min(dist, 60)), *segs[best][2]])
    return cols


def second_stage_rows(lines: Sequence[Line], p1: Sequence[float]) -> list[list[float]]:
    """The rows the second stage reads: each line's features and what the first stage made of its company."""
    n = len(lines)
    top = max(p1, default=0.0) or 1.0
    means = [window_means(p1, b, a) for b, a in _P_WINDOWS]
    i, j = article_span(lines, p1)
    prefix = [0]
    for ln in lines:
        prefix.append(prefix[-1] + len(ln.text))
    span_mass = (prefix[j + 1] - prefix[i]) if j >= i else 1
    seg = _segment_columns(lines, p1)
    rows = []
    for k, ln in enumerate(lines):
        dist = 0.0 if i <= k <= j else float(min(abs(k - i), abs(k - j)))
        rows.append(
            [
                *ln.features,
                p1[k],
                p1[k] / top,
                *(m[k] for m in means),
                max(p1[max(k - 3, 0) : k], default=0.0),
                max(p1[k + 1 : min(k + 4, n)], default=0.0),
                1.0 if i <= k <= j else 0.0,
                dist if dist < 50 else 50.0,
                (prefix[min(k, j + 1)] - prefix[i]) / span_mass if k >= i and j >= i else 0.0,
                *seg[k],
            ]
        )
    return rows


def _shipped() -> LineModel:
    model = shipped_model()
    if model.first.features != FEATURES or model.second.features != SECOND_FEATURES:
        raise RuntimeError("the line model was fitted on other features: refit it with `make model`")
    return model


def thread_end(lines: Sequence[Line]) -> int:
    """How many lines come before a reader-comment thread (all of them when there is none)."""
    cut = thread_start(lines)
    return len(lines) if cut is None else cut  # lines[k].index == k


def first_stage(lines: Sequence[Line], scorer: Scorer) -> list[float]:
    """First-stage probabilities; a reader-comment thread and everything after it is never article."""
    end = thread_end(lines)
    return scorer.first_probs([ln.features for ln in lines[:end]]) + [0.0] * (len(lines) - end)


def score_lines(lines: Sequence[Line], model: Scorer | None = None) -> None:
    """Set `prob` on every line from both stages of the model."""
    scorer = model or MODEL or _shipped()
    end = thread_end(lines)
    p1 = scorer.first_probs([ln.features for ln in lines[:end]]) + [0.0] * (len(lines) - end)
    p2 = scorer.second_probs(second_stage_rows(lines, p1)[:end]) + [0.0] * (len(lines) - end)
    for ln, p in zip(lines, p2, strict=True):
        if ln.features[_FOREIGN_AT]:
            p = p * FOREIGN_ODDS / (1.0 - p + p * FOREIGN_ODDS)
        ln.prob = p


def select_body(lines: Sequence[Line], model: Scorer | None = None) -> list[Line]:
    """The article's lines, in order."""
    if not lines:
        return []
    score_lines(lines, model)
    return decode_body(lines)


def _topic_share(lines: Sequence[Line]) -> float:
    mass = sum(len(ln.text) for ln in lines)
    return sum(len(ln.text) * ln.features[_GRAMS_AT] for ln in lines) / mass if mass else 0.0


def after_headline(lines: Sequence[Line], i: int, j: int) -> tuple[int, int]:
    """The span (i, j), or the best span after the headline's first repeat when the span runs through
    it and its kept lines before the repeat are about something else than those after it."""
    h = next((ln.index for ln in lines[1:] if ln.features[_TITLE_AT]), None)
    if h is None or not i <= h < j:
        return i, j
    a, b = article_span(lines[h + 1 : j + 1])
    if b < a:
        return i, j
    before = [ln for ln in lines[i:h] if ln.prob >= KEEP_FROM]
    after = [ln for ln in lines[h + 1 + a : h + 2 + b] if ln.prob >= KEEP_FROM]
    if _topic_share(before) <= BEFORE_TITLE_TOPIC * _topic_share(after):
        return h + 1 + a, h + 1 + b
    return i, j


def decode_body(lines: Sequence[Line], below_headline: bool = True) -> list[Line]:
    """The article's lines from the lines' scores: the best span, less its clearly unlikely lines.

    below_headline=False leaves out the cut at the headline's repeat (after_headline): the headline
    ranker was fitted on, and chooses among, the lines around the span as the scan alone finds it.
    """
    i, j = article_span(lines)
    if below_headline:
        i, j = after_headline(lines, i, j)
    span = lines[i : j + 1]
    keep = [ln.prob >= KEEP_FROM for ln in span]
    k = 0
    while k < len(span):  # a run of doubtful lines between two kept ones: the rows of a table, or an embed
        end = k
        while end < len(span) and not keep[end]:
            end += 1
        if 0 < k < end < len(span) and all(ln.prob >= BRIDGE_FROM for ln in span[k:end]):
            keep[k:end] = [True] * (end - k)
        k = end + 1
    kept = [ln for ln, flag in zip(span, keep, strict=True) if flag]
    if not kept:
        # One paragraph among a kicker, a caption and a headline can score low on every count; the
        # likeliest line of prose is still the article, rather than nothing.
        prose = [ln for ln in lines[1:] if ln.features[_PROSE_AT]]
        best = max(prose, key=lambda ln: ln.prob, default=None)
        if best is not None and best.prob >= ALONE_FROM:
            kept = [best]
    return kept
