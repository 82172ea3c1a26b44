"""Ingest stage, entity finding: Korean morphemes and word chunks from kiwipiepy, loaded once per process.

Korean attaches particles to the noun they follow ("김정은이", "푸틴과", "모스크바에서") and
writes proper nouns without capitals, so the English finders see nothing in Hangul. Kiwi (the
kiwipiepy analyzer, whose model ships on PyPI as kiwipiepy-model) splits each word into
morphemes with their part of speech: NNP for proper nouns, J* for particles. Its model takes a
few seconds to load, so it is loaded on the first text that has Hangul and kept for the
process; texts without Hangul never load it.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any, NamedTuple

HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Kiwi's cost grows with the text; no article is this long, and the cut keeps time bounded.
MAX_KOREAN_CHARS = 50_000

# Morphemes that end a word's noun stem: particles, the copula, verb and adjective endings.
_NOUN_TAGS = frozenset(["NNP", "NNG", "NNB", "NR", "NP", "SN", "SL", "SH", "XPN", "XSN", "XR", "MM"])
# Punctuation and symbols: they separate chunks and belong to none.
_PUNCT_PREFIXES = ("SF", "SP", "SS", "SE", "SO", "SW", "SB", "W_")

_lock = threading.Lock()
log = logging.getLogger(__name__)


class Morph(NamedTuple):
    """One morpheme: its dictionary form, Sejong tag, character span in the text, and whether
    Kiwi's dictionary lacks it (a new name: "므크르티체프")."""

    form: str
    tag: str
    start: int
    end: int
    oov: bool = False


@dataclass(frozen=True)
class Chunk:
    """A run of morphemes with no space or punctuation inside: one word as written.

    ``stem`` is the word without what follows its nouns ("김정은이" -> "김정은").
    """

    start: int
    end: int
    stem_end: int
    morphs: tuple[Morph, ...]
    text: str  # the word as written
    stem: str
    gap: str  # what stands between the previous chunk and this one ("" at the start)

    @property
    def tail(self) -> str:
        """What follows the stem: particles, copula, endings ("이", "과의", "")."""
        return self.text[len(self.stem) :]

    def stem_morphs(self) -> tuple[Morph, ...]:
        """The stem's morphemes; not a copula Kiwi reads in no letters of its own ("겐지다": 겐지/NNP
        + 이/VCP + 다/EF, the 이 of width nought at the stem's end)."""
        return tuple(m for m in self.morphs if m.end <= self.stem_end and m.start < self.stem_end)

    def first_tail_tag(self) -> str:
        rest = [m for m in self.morphs if m.start >= self.stem_end]
        return rest[0].tag if rest else ""


def has_hangul(text: str) -> bool:
    return HANGUL.search(text) is not None


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi  # imported here: importing it is cheap, building it is not

    kiwi = Kiwi(num_workers=1, load_typo_dict=False)
    kiwi.tokenize("")  # Kiwi finishes loading on its first call; do it now, once
    return kiwi


@functools.lru_cache(maxsize=16)
def morphemes(text: str) -> tuple[Morph, ...]:
    """Kiwi's morphemes of text (cut at MAX_KOREAN_CHARS), with spans into text."""
    if not has_hangul(text):
        return ()
    # Lone surrogates (from broken input) become U+FFFD: Kiwi cannot decode them; offsets keep.
    text = _SURROGATE.sub("\ufffd", text[:MAX_KOREAN_CHARS])
    try:
        with _lock:  # one Kiwi object, used from one thread at a time
            tokens = _kiwi().tokenize(text)
            return tuple(Morph(t.form, t.tag, t.start, t.start + t.len, bool(t.oov)) for t in tokens)
    except Exception:  # a text Kiwi cannot read costs its Korean entities and topics, not the run
        log.exception("Kiwi could not analyse this text; no Korean morphemes for it")
        return ()


def _is_punct(tag: str) -> bool:
    return tag.startswith(_PUNCT_PREFIXES)


def _split_copula(group: list[Morph], text: str) -> None:
    """A sentence's last word that Kiwi did not know and read with the copula as one noun
    ("멤버 알렉산드라다.": 알렉산드라 + 다, the 이 of the copula dropped after a vowel): the noun
    and the ending, as Kiwi reads a word it knows ("겐지다": 겐지/NNP 이/VCP 다/EF)."""
    last = group[-1]
    if len(group) != 1 or not last.oov or last.tag not in ("NNP", "NNG") or len(last.form) < 4:
        return
    if not last.form.endswith("다") or text[last.end : last.end + 1] not in (".", "!", "?", "\n", ""):
        return
    group[-1] = Morph(last.form[:-1], last.tag, last.start, last.end - 1, True)
    group.append(Morph("다", "EF", last.end - 1, last.end))


@functools.lru_cache(maxsize=16)
def chunks(text: str) -> tuple[Chunk, ...]:
    """The words of text as chunks of morphemes, split at spaces and punctuation."""
    out: list[Chunk] = []
    group: list[Morph] = []
    previous_end = 0

    def close() -> None:
        nonlocal previous_end
        if not group:
            return
        _split_copula(group, text)
        start, end = group[0].start, max(m.end for m in group)
        stem_end = start
        for m in group:
            if m.tag not in _NOUN_TAGS:
                break
            stem_end = max(stem_end, m.end)
        gap = text[previous_end:start] if out else ""
        out.append(Chunk(start, end, stem_end, tuple(group), text[start:end], text[start:stem_end], gap))
        previous_end = end
        group.clear()

    for m in morphemes(text):
        if _is_punct(m.tag):
            close()
            continue
        if group and m.start > max(g.end for g in group):
            close()
        group.append(m)
    close()
    return tuple(out)


def one_name(morphs: tuple[Morph, ...]) -> bool:
    """Kiwi read the word as one proper noun ("김정은") or, not knowing it, as the surname and
    one-syllable pieces ("김/우/빈")."""
    if len(morphs) == 1:
        return morphs[0].tag == "NNP" or (morphs[0].tag == "NNG" and morphs[0].oov)
    return (
        morphs[0].tag == "NNP"
        and len(morphs[0].form) == 1
        and all(len(m.form) == 1 and m.tag in ("NNG", "NR", "XSN", "NNP") for m in morphs[1:])
    )


def common_noun(morphs: tuple[Morph, ...]) -> bool:
    """One ordinary noun Kiwi knows ("정부", "당국"): not a name."""
    return len(morphs) == 1 and morphs[0].tag == "NNG" and len(morphs[0].form) >= 2
