"""Ingest stage, entity finding: tokens, line styles, sentence starts and matching keys."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from generator.ingest.entities.lexicon import PERSON_TITLES, US_STATE_ABBREVIATIONS

# Token kinds.
WORD = 0
ABBR = 1  # dotted abbreviation ("U.S.", "J.J.") or a known word abbreviation ("Mr.", "Co.")
INITIAL = 2  # a middle initial ("Elizabeth A. Burton")
NUM = 3
PUNCT = 4

_TOKEN_RE = re.compile(
    r"""
      (?P<url>(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+)
    | (?P<abbr>(?:[^\W\d_]\.){2,})
    | (?P<initial>[A-Z]\.)(?=[ \t]+[A-Z])
    | (?P<word>[^\W\d_][^\W_]*(?:[-\u2010\u2011'\u2019](?![sS]\b)[^\W_]+)*)
    | (?P<num>\d+(?:[,.:/]\d+)*[^\W_]*)
    | (?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)

# Word abbreviations whose period belongs to the word, so it does not end the sentence.
_WORD_ABBREVIATIONS: frozenset[str] = frozenset(
    {t for t in PERSON_TITLES if t.endswith(".")}
    | {k for k in US_STATE_ABBREVIATIONS if k.count(".") == 1}
    | {
        "co.",
        "corp.",
        "inc.",
        "ltd.",
        "jr.",
        "sr.",
        "st.",
        "mt.",
        "ft.",
        "no.",
        "vs.",
        "bros.",
        "dept.",
        "univ.",
        "assn.",
        "ave.",
        "blvd.",
        "rd.",
    }
)

_SENTENCE_END = frozenset(".!?:;")
_KIND_OF: dict[str | None, int] = {
    "url": PUNCT,
    "abbr": ABBR,
    "initial": INITIAL,
    "word": WORD,
    "num": NUM,
    "punct": PUNCT,
}
_HYPHENS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014_/]")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Remove combining marks so "Weizsäcker" and "Weizsacker" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def norm_token(token: str) -> str:
    """One token's comparison form: accents, case, periods, apostrophes and hyphens folded."""
    folded = strip_accents(token).casefold().replace(".", "")
    folded = folded.replace("'", "").replace("\u2019", "").replace("\u2018", "")
    return _HYPHENS.sub(" ", folded).strip()


_SIMPLE = re.compile(r"[A-Za-z ]+")


@functools.lru_cache(maxsize=65536)
def units(text: str) -> tuple[str, ...]:
    """The key of a name as a tuple of words, built exactly as the text's unit stream is."""
    if _SIMPLE.fullmatch(text):
        return tuple(text.lower().split())
    doc = tokenize(text)
    out: list[str] = []
    for tok, kind in zip(doc.texts, doc.kinds, strict=False):
        if kind != PUNCT:
            out.extend(norm_token(tok).split())
    return tuple(out)


def norm(text: str) -> str:
    """The comparison key of a name ("KIM JONG UN" == "Kim Jong-un" == "kim jong-un")."""
    return " ".join(units(text))


def title_case(word: str) -> str:
    """ "KIRBY" -> "Kirby", "JEAN-PIERRE" -> "Jean-Pierre"; mixed-case words are kept."""
    if not word.isupper():
        return word
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


@dataclass
class Doc:
    """A tokenised text with the per-token facts every finder needs."""

    text: str
    texts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    sent_start: list[bool] = field(default_factory=list)
    # Per line: 1 = shouting (mostly upper case), 2 = headline case, 0 = prose.
    line_style: list[int] = field(default_factory=list)
    line_first: list[int] = field(default_factory=list)
    # The unit stream: comparison words in order, each with the token it came from.
    caps: list[bool] = field(default_factory=list)
    uppers: list[bool] = field(default_factory=list)
    unit_words: list[str] = field(default_factory=list)
    unit_tok: list[int] = field(default_factory=list)
    tok_unit: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def is_cap(self, i: int) -> bool:
        """A word or abbreviation starting with an upper-case letter."""
        return 0 <= i < len(self.caps) and self.caps[i]

    def is_upper(self, i: int) -> bool:
        """An all-capitals word of two letters or more ("NASA", "KIRBY")."""
        return self.uppers[i]

    def lower(self, i: int) -> str:
        if i < 0 or i >= len(self.texts):
            return ""
        return self.texts[i].lower()

    def span_text(self, i: int, j: int) -> str:
        """The exact text of tokens i..j inclusive."""
        return self.text[self.starts[i] : self.ends[j]]

    def same_line(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.lines) and 0 <= j < len(self.lines) and self.lines[i] == self.lines[j]

    def possessive_after(self, j: int) -> bool:
        """Token j is followed by "'s" / "’s" (or a bare plural-possessive apostrophe)."""
        n = len(self.texts)
        return bool(j + 1 < n and self.texts[j + 1] in ("'", "’") and self.ends[j] == self.starts[j + 1])


def _is_upper(token: str) -> bool:
    if token.isupper():
        return sum(1 for c in token if c.isalpha()) >= 2
    return False


def tokenize(text: str) -> Doc:
    """Split text into tokens, merging known abbreviations with their period."""
    doc = Doc(text)
    line_start_positions = [0] + [m.end() for m in re.finditer("\n", text)]
    texts, starts, ends, kinds = doc.texts, doc.starts, doc.ends, doc.kinds
    lines, sent_start = doc.lines, doc.sent_start
    line = 0
    next_line_at = line_start_positions[1] if len(line_start_positions) > 1 else len(text) + 1
    expect_start = True
    kind_of = _KIND_OF
    for m in _TOKEN_RE.finditer(text):
        s, e = m.span()
        if s >= next_line_at:
            line = bisect.bisect_right(line_start_positions, s) - 1
            next_line_at = line_start_positions[line + 1] if line + 1 < len(line_start_positions) else len(text) + 1
            expect_start = True
        kind = kind_of[m.lastgroup]
        tok = m.group()
        if kind == PUNCT:
            if tok == "." and texts and ends[-1] == s and kinds[-1] == WORD:
                merged = texts[-1] + "."
                if merged.lower() in _WORD_ABBREVIATIONS:
                    texts[-1] = merged
                    ends[-1] = e
                    kinds[-1] = ABBR
                    continue
            sent_start.append(False)
            if tok in _SENTENCE_END:
                expect_start = True
        else:
            sent_start.append(expect_start)
            expect_start = False
        texts.append(tok)
        starts.append(s)
        ends.append(e)
        kinds.append(kind)
        lines.append(line)
    doc.caps = [k not in (NUM, PUNCT) and t[0].isupper() for t, k in zip(texts, kinds, strict=True)]
    doc.uppers = [c and _is_upper(t) for t, c in zip(texts, doc.caps, strict=True)]
    _classify_lines(doc, len(line_start_positions))
    _build_units(doc)
    return doc


def _build_units(doc: Doc) -> None:
    """Lay out every non-punctuation token's comparison words as one stream."""
    for i, (tok, kind) in enumerate(zip(doc.texts, doc.kinds, strict=False)):
        doc.tok_unit.append(len(doc.unit_words))
        if kind == PUNCT:
            continue
        if tok.isascii() and tok.isalpha():
            doc.unit_words.append(tok.lower())
            doc.unit_tok.append(i)
            continue
        for part in norm_token(tok).split():
            doc.unit_words.append(part)
            doc.unit_tok.append(i)


def _classify_lines(doc: Doc, line_count: int) -> None:
    """Mark shouting lines and headline-cased lines, where capitals say nothing about names."""
    words_per_line: list[list[int]] = [[] for _ in range(line_count)]
    first: list[int] = [-1] * line_count
    for i, (kind, line) in enumerate(zip(doc.kinds, doc.lines, strict=False)):
        if first[line] < 0:
            first[line] = i
        if kind in (WORD, ABBR):
            words_per_line[line].append(i)
    last: list[int] = [-1] * line_count
    for i, line in enumerate(doc.lines):
        last[line] = i
    styles = []
    for line_no, idx in enumerate(words_per_line):
        if not idx:
            styles.append(0)
            continue
        upper = sum(1 for i in idx if doc.is_upper(i) or (len(doc.texts[i]) == 1 and doc.texts[i].isupper()))
        if len(idx) >= 2 and upper >= 0.6 * len(idx):
            styles.append(1)
            continue
        content = [i for i in idx if len(doc.texts[i]) > 3]
        caps = sum(1 for i in content if doc.texts[i][0].isupper())
        ends_sentence = doc.texts[last[line_no]] in (".", "!", "?", ":", "\u201d", '"')
        if len(content) >= 4 and caps >= 0.75 * len(content) and not ends_sentence:
            styles.append(2)
        else:
            styles.append(0)
    doc.line_style = styles
    doc.line_first = first
