"""Ingest stage, entity finding: the statistical person recognizer (a CRF shipped as package data).

A linear-chain CRF (CRFsuite, through python-crfsuite) labels each token of a line B-/I- PER, ORG,
LOC, MISC or O from the token's shape, affixes, its neighbours and the project's own word lists
(census given names and surnames, gazetteer places, demonyms, titles, role nouns, organization
heads). It is trained by eval/people_model.py on openly licensed corpora (data/PEOPLE-MODEL.md
says which, with their licences) and only proposes: the rules in people.py and __init__.py decide.
The same ``features`` function serves training and tagging, so both see the same tokens.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.ingest.entities.gazetteer import (
    Gazetteer,
    gazetteer,
    given_names,
    surnames,
    world_given_names,
    world_surnames,
)
from generator.ingest.entities.lexicon import (
    EAST_ASIAN_SURNAMES,
    NAME_PARTICLES,
    NON_NAME_TAILS,
    NON_NAME_WORDS,
    ORG_HEADS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    SPEECH_VERBS,
    STRONG_SINGLE_TITLES,
)
from generator.ingest.entities.text import ABBR, INITIAL, NUM, PUNCT, WORD, Doc

log = logging.getLogger(__name__)

MODEL_FILE = "people.crfsuite"
# Tokens tagged per text: far more than any article; past it the rules alone run, so the
# work on a pathological input stays bounded.
MAX_TOKENS = 40_000
# Lines longer than this are tagged in windows of this many tokens.
WINDOW = 400

_OFFSETS = (-2, -1, 1, 2)
_SHAPE = re.compile(r"(.)\1+")
_HYPHENS = re.compile("[-\u2010\u2011]")
_KIND_NAME = {WORD: "w", ABBR: "a", INITIAL: "i", NUM: "n", PUNCT: "p"}


@dataclass(frozen=True)
class Proposal:
    """A name the recognizer proposes: tokens first..last, and how sure it is (0..1)."""

    first: int
    last: int
    label: str  # PER, ORG, LOC, MISC
    marginals: tuple[float, ...]  # per token, the probability of its label

    @property
    def confidence(self) -> float:
        return min(self.marginals)

    def confidence_of(self, first: int, last: int) -> float:
        """How sure the model is of the tokens first..last of this span."""
        return min(self.marginals[first - self.first : last - self.first + 1])


@dataclass(frozen=True)
class Tagging:
    """What the model makes of one text."""

    proposals: list[Proposal]
    person: list[float]  # per token, P(part of a person's name); 0 past MAX_TOKENS


def _shape(text: str) -> str:
    out = []
    for c in text[:12]:
        if c.isupper():
            out.append("X")
        elif c.islower():
            out.append("x")
        elif c.isdigit():
            out.append("d")
        else:
            out.append(c)
    return _SHAPE.sub(r"\1", "".join(out))


class _Lists:
    """The word lists features consult, fetched once per process."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.given = given_names()
        self.surnames = surnames()
        self.world_given = world_given_names()
        self.world_surnames = world_surnames()


@functools.lru_cache(maxsize=1)
def _lists() -> _Lists:
    return _Lists(gazetteer())


def _word_flags(low: str, lists: _Lists) -> list[str]:
    """Membership of one lower-case word in the project's lists."""
    flags = []
    if low in lists.given:
        flags.append("given")
    if low in lists.surnames:
        flags.append("sur")
    if low in lists.world_given:
        flags.append("wgiven")
    if low in lists.world_surnames:
        flags.append("wsur")
    if low in EAST_ASIAN_SURNAMES:
        flags.append("asian")
    if low in lists.gaz.demonyms:
        flags.append("demonym")
    if low in PERSON_TITLES:
        flags.append("strong" if low in STRONG_SINGLE_TITLES else "title")
    if low in PERSON_ROLE_NOUNS:
        flags.append("role")
    if low in ORG_HEADS:
        flags.append("orghead")
    if low in NON_NAME_TAILS:
        flags.append("tail")
    if low in NON_NAME_WORDS:
        flags.append("func")
    if low in SPEECH_VERBS:
        flags.append("speech")
    if low in NAME_PARTICLES:
        flags.append("particle")
    places = lists.gaz.by_key.get((low,))
    if places:
        best = places[0]
        big = best.kind in ("country", "state", "continent") or best.population >= 100_000
        flags.append("place-big" if big else "place")
    return flags


def features(doc: Doc) -> list[list[str]]:
    """One feature list per token of ``doc`` (CRFsuite's binary string features)."""
    lists = _lists()
    n = min(len(doc), MAX_TOKENS)
    lowered_mid: set[str] = set()  # words seen in lower case: "Will" may be the verb
    capital_mid: set[str] = set()  # words seen capitalised mid-sentence
    for i in range(n):
        if doc.kinds[i] != WORD:
            continue
        text = doc.texts[i]
        if text.islower():
            lowered_mid.add(text)
        elif not doc.sent_start[i] and doc.line_style[doc.lines[i]] == 0 and text[:1].isupper():
            capital_mid.add(text.lower())
    # Everything about a token that does not depend on where it stands, made once per
    # distinct token of the text: news repeats its words, so this is most of the work saved.
    made: dict[tuple[str, int, bool, bool], tuple[list[str], list[list[str]]]] = {}
    base: list[list[str]] = []
    around: list[list[list[str]]] = []  # what the token contributes at offsets -2, -1, +1, +2
    for i in range(n):
        text = doc.texts[i]
        kind = doc.kinds[i]
        key = (text, kind, doc.uppers[i], doc.caps[i])
        entry = made.get(key)
        if entry is None:
            low = text.lower()
            shape = _shape(text)
            cap = "U" if doc.uppers[i] else ("T" if doc.caps[i] else ("L" if text.islower() else "O"))
            flags = _word_flags(low, lists) if kind in (WORD, ABBR) else []
            parts = _HYPHENS.split(low) if kind == WORD else []
            if len(parts) > 1:
                # "Jo-Wilfried", "Jong-un", "al-Assad": what the lists say of each part.
                flags += sorted({f"part-{f}" for part in parts if part for f in _word_flags(part, lists)})
            own = [f"w={low}", f"sh={shape}", f"k={_KIND_NAME[kind]}", f"c={cap}", *(f"f={f}" for f in flags)]
            if kind == WORD and len(low) > 3:
                own += [f"p3={low[:3]}", f"s3={low[-3:]}", f"s2={low[-2:]}"]
            if kind == WORD and cap in ("T", "U"):
                if low in lowered_mid:
                    own.append("seenlower")
                if low in capital_mid:
                    own.append("seencap")
            short = [f"w={low}", f"sh={shape}", f"c={cap}", *(f"f={f}" for f in flags)]
            sides = [[f"{offset}{f}" for f in (short if offset in (-1, 1) else short[:2])] for offset in _OFFSETS]
            entry = made[key] = (own, sides)
        base.append(entry[0])
        around.append(entry[1])
    out: list[list[str]] = []
    for i in range(n):
        line = doc.lines[i]
        feats = ["bias", f"style={doc.line_style[line]}", *base[i]]
        if doc.sent_start[i]:
            feats.append("sentstart")
        if doc.line_first[line] == i:
            feats.append("linefirst")
        for side, offset in enumerate(_OFFSETS):
            j = i + offset
            if 0 <= j < n and doc.lines[j] == line:
                feats += around[j][side]
            else:
                feats.append(f"{offset}edge")
        if i + 1 < n and doc.lines[i + 1] == line:
            feats.append(f"bi+={base[i][0][2:]}|{base[i + 1][0][2:]}")
        if i > 0 and doc.lines[i - 1] == line:
            feats.append(f"bi-={base[i - 1][0][2:]}|{base[i][0][2:]}")
        out.append(feats)
    return out


def sequences(doc: Doc, n: int) -> list[tuple[int, int]]:
    """Token ranges [start, end) tagged as one sequence: a line, cut into windows if long."""
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        end = start
        while end < n and doc.lines[end] == doc.lines[start] and end - start < WINDOW:
            end += 1
        out.append((start, end))
        start = end
    return out


class Recognizer:
    """The shipped CRF; one per process (``recognizer()``)."""

    def __init__(self, model: bytes) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        # CRFsuite opens models by path or from memory; memory keeps importlib.resources honest
        # (the package may live in a zip) and needs no temporary file. The tagger reads the
        # buffer in place, so it must live as long as the tagger.
        self._model = model
        self._tagger.open_inmemory(self._model)

    def propose(self, doc: Doc) -> list[Proposal]:
        """Every entity span the model tags, with its confidence (the lowest marginal)."""
        return self.tag(doc).proposals

    def tag(self, doc: Doc) -> Tagging:
        """The spans the model tags, and per token the probability that it is part of a person's name."""
        feats = features(doc)
        found: list[Proposal] = []
        person = [0.0] * len(doc)
        for start, end in sequences(doc, len(feats)):
            tags: Sequence[str] = self._tagger.tag(feats[start:end])
            for k in range(end - start):
                person[start + k] = self._tagger.marginal("B-PER", k) + self._tagger.marginal("I-PER", k)
            i = 0
            while i < len(tags):
                if tags[i] == "O":
                    i += 1
                    continue
                label = tags[i][2:]
                j = i
                while j + 1 < len(tags) and tags[j + 1] == f"I-{label}":
                    j += 1
                marginals = tuple(self._tagger.marginal(tags[k], k) for k in range(i, j + 1))
                found.append(Proposal(start + i, start + j, label, marginals))
                i = j + 1
        return Tagging(found, person)


@functools.lru_cache(maxsize=1)
def recognizer() -> Recognizer | None:
    """The shipped model, loaded on first use; None (rules only) if it cannot be loaded."""
    try:
        data = importlib.resources.files("generator.ingest.entities").joinpath("data", MODEL_FILE).read_bytes()
        return Recognizer(data)
    except (ImportError, OSError, ValueError) as exc:
        log.warning("person recognizer not loaded (%s); people are found by the rules alone", exc)
        return None
