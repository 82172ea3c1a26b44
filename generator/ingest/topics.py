"""Ingest stage: one topic per brief from site.yml's weighted keyword rules; the best score wins.

English keywords match whole words, case-insensitively. Korean keywords match on morphemes:
Korean glues particles to words (무기를, 무기가) and writes compounds with or without a space
(무기 거래, 무기거래), so a keyword counts where its morphemes follow one another in the text's
morphemes (Kiwi, entities/morph.py), whatever particles come after them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config.site import TopicRule
from .entities.morph import has_hangul, morphemes

# Morphemes that carry no meaning of their own for a keyword: punctuation and symbols.
_SKIP_TAGS = ("S",)


@dataclass(frozen=True)
class TopicScore:
    rule: TopicRule
    score: float
    hits: tuple[tuple[str, int], ...]  # keyword → times found, for `extract --json` and reports


def _pattern(keyword: str) -> re.Pattern[str]:
    escaped = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<!\w){escaped}(?!\w)", re.IGNORECASE)


def _forms(text: str) -> tuple[str, ...]:
    return tuple(m.form for m in morphemes(text) if not m.tag.startswith(_SKIP_TAGS))


def _count(needle: tuple[str, ...], haystack: tuple[str, ...]) -> int:
    if not needle:
        return 0
    first = needle[0]
    size = len(needle)
    return sum(1 for i, form in enumerate(haystack) if form == first and haystack[i : i + size] == needle)


def score_topics(text: str, rules: Sequence[TopicRule]) -> list[TopicScore]:
    """Every rule's score on text, best first; ties keep site.yml order."""
    korean: tuple[str, ...] | None = None
    scored: list[TopicScore] = []
    for rule in rules:
        hits: list[tuple[str, int]] = []
        total = 0.0
        for keyword, weight in rule.keywords.items():
            if has_hangul(keyword):
                if korean is None:
                    # The title line and the body apart: the body's morphemes are the ones the
                    # entity finder asked for, so Kiwi reads it once.
                    title, _, body = text.partition("\n")
                    korean = _forms(title) + _forms(body) if has_hangul(text) else ()
                count = _count(_forms(keyword), korean)
            else:
                count = len(_pattern(keyword).findall(text))
            if count:
                hits.append((keyword, count))
                total += weight * count
        scored.append(TopicScore(rule, total, tuple(hits)))
    return sorted(scored, key=lambda s: -s.score)


def choose_topic(text: str, rules: Sequence[TopicRule]) -> TopicScore | None:
    """The best-scoring topic, or None when no rule's keywords occur at all."""
    scored = score_topics(text, rules)
    if not scored or scored[0].score <= 0:
        return None
    return scored[0]
