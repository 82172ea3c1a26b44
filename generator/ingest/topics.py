"""Ingest stage: one topic per brief from site.yml's weighted keyword rules; the best score wins."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config.site import TopicRule

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


@dataclass(frozen=True)
class TopicScore:
    rule: TopicRule
    score: float
    hits: tuple[tuple[str, int], ...]  # keyword → times found, for `extract --json` and reports


def _pattern(keyword: str) -> re.Pattern[str]:
    escaped = r"\s+".join(re.escape(part) for part in keyword.split())
    if _HANGUL.search(keyword):
        # Korean attaches particles to words (무기를, 무기가): match inside words.
        return re.compile(escaped, re.IGNORECASE)
    return re.compile(rf"(?<!\w){escaped}(?!\w)", re.IGNORECASE)


def score_topics(text: str, rules: Sequence[TopicRule]) -> list[TopicScore]:
    """Every rule's score on text, best first; ties keep site.yml order."""
    scored: list[TopicScore] = []
    for rule in rules:
        hits: list[tuple[str, int]] = []
        total = 0.0
        for keyword, weight in rule.keywords.items():
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
