"""Ingest stage: a 1–2 sentence extractive summary, chosen by word centrality and position (Luhn-style)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import justext
import pysbd

MAX_CHARS = 320  # a summary is read in listings and feeds: two sentences at most, and short
MIN_SENTENCE = 40
MAX_SENTENCE = 400
_SCAN_CHARS = 20000  # sentences past this point are never the summary; bounds time on huge bodies

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Transcript speaker labels ("MR. KIRBY:", "Q:") are not part of what was said.
_SPEAKER = re.compile(r"^(?:(?:MR|MS|MRS|DR)\.\s+)?[A-Z][A-Z.\-' ]{1,30}:\s+")
# Sentences that open or close remarks rather than carry news.
_PHATIC = re.compile(
    r"^(?:good (?:morning|afternoon|evening)|thank you|thanks|hi|hello|okay|all right)\b", re.IGNORECASE
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I'd|I’d|I'll|I’ll|I've|I’ve|me|my)\b")
_KOREAN_SENTENCE = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)\s*")


@lru_cache(maxsize=4)
def _stopwords(language: str) -> frozenset[str]:
    name = {"en": "English", "ko": "Korean", "de": "German", "fr": "French", "es": "Spanish"}.get(language, "English")
    try:
        return frozenset(w.lower() for w in justext.get_stoplist(name))
    except (ValueError, KeyError):
        return frozenset(w.lower() for w in justext.get_stoplist("English"))


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language if language in ("en", "de", "fr", "es", "it") else "en", clean=False)


def sentences(paragraphs: Sequence[str], language: str = "en") -> list[str]:
    """Sentences of the first part of the body, in order (pysbd knows "U.S.", "Sept." and "p.m.")."""
    found: list[str] = []
    used = 0
    for paragraph in paragraphs:
        if used > _SCAN_CHARS:
            break
        # One paragraph may itself be megabytes (a dump with no line breaks): only its head is
        # segmented, as pysbd's time grows faster than the text's length.
        paragraph = paragraph[: _SCAN_CHARS - used + MAX_SENTENCE]
        used += len(paragraph)
        if _HANGUL.search(paragraph):
            parts = _KOREAN_SENTENCE.split(paragraph)
        else:
            parts = _segmenter(language).segment(paragraph)
        found.extend(p.strip() for p in parts if p.strip())
    return found


def summarize(paragraphs: Sequence[str], title: str | None = None, language: str = "en") -> str:
    """One or two sentences from the body, verbatim but for a transcript's speaker label."""
    headline = " ".join((title or "").split()).casefold()
    candidates = [_SPEAKER.sub("", s) for s in sentences(paragraphs, language)]
    # A dump may repeat the headline as the first line of the body; it is not a summary.
    candidates = [c for c in candidates if " ".join(c.split()).casefold() != headline]
    if not candidates:
        return ""
    stop = _stopwords(language)
    words_of = [[w.lower() for w in _WORD.findall(s) if w.lower() not in stop] for s in candidates]
    frequency = Counter(w for words in words_of for w in set(words))
    title_words = {w.lower() for w in _WORD.findall(title or "")} - stop
    scores: list[float] = []
    for index, (sentence, words) in enumerate(zip(candidates, words_of, strict=True)):
        if not (MIN_SENTENCE <= len(sentence) <= MAX_SENTENCE) or _PHATIC.match(sentence) or not words:
            scores.append(-1.0)
            continue
        # Centrality: words that recur across the article; title words count double.
        centrality = sum(frequency[w] - 1 for w in set(words)) / math.sqrt(len(words))
        overlap = len(title_words & set(words))
        position = 1.0 / (1.0 + 0.15 * index)  # news puts the point first
        # A speaker's "I want to…" frames remarks; the news is in third-person sentences.
        voice = 0.5 if _FIRST_PERSON.search(sentence) else 1.0
        scores.append((centrality + 2.0 * overlap) * position * voice)
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    if scores[best] < 0:
        return _clip(candidates[0])
    summary = candidates[best]
    following = best + 1
    if (
        following < len(candidates)
        and scores[following] > 0
        and len(summary) + 1 + len(candidates[following]) <= MAX_CHARS
    ):
        summary = f"{summary} {candidates[following]}"
    return _clip(summary)


def _clip(text: str) -> str:
    if len(text) <= MAX_CHARS + 80:
        return text
    cut = text[:MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
