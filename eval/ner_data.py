"""Eval and training data for the person recognizer: the CoNLL files of ../shared/ner-train as documents.

Each corpus becomes a list of documents: plain text (tokens joined back the way prose is written,
one sentence or tweet per line) and the character spans of its entities, typed PER, ORG, LOC or
MISC (each corpus's own types mapped onto these four). The recognizer is trained and scored on
that text through the project's own tokenizer, exactly as it runs on an article.

Corpora and their use (licences in each folder; see generator/ingest/entities/data/PEOPLE-MODEL.md):
- wikigold (CC BY 4.0): 145 Wikipedia articles;
- WNUT17 (CC BY 4.0): tweets and other social media, train/dev/test as published;
- BTC (CC BY 4.0): tweets in sections a, b, e, f, g (mainstream news), h;
- re3d: defence-analysis documents. Public-domain (CENTCOM, US State Department), OGL v3 (UK
  Government) and CC BY 3.0 AU (DFAT) parts train; the CC BY-SA 3.0 Wikipedia part is never
  trained on (its share-alike terms would pass to the model) and serves as held-out text only.
  re3d marks every mention of a person ("the secretary", "he", "US Secretary of State John
  Kerry"); only the name inside such a span is kept as a person ("John Kerry").
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.entities.gazetteer import gazetteer, given_names  # noqa: E402
from generator.ingest.entities.lexicon import (  # noqa: E402
    NAME_PARTICLES,
    NON_NAME_WORDS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
)
from generator.ingest.entities.text import norm  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "ner-train"

_TYPES = {
    "PER": "PER",
    "person": "PER",
    "Person": "PER",
    "ORG": "ORG",
    "corporation": "ORG",
    "group": "ORG",
    "Organisation": "ORG",
    "LOC": "LOC",
    "location": "LOC",
    "Location": "LOC",
    "MISC": "MISC",
    "product": "MISC",
    "creative-work": "MISC",
    "Nationality": "MISC",
}
_NO_SPACE_BEFORE = frozenset([",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d"])
_NO_SPACE_AFTER = frozenset(["(", "[", "{", "$", "#", "@"])


@dataclass
class Document:
    """One document: text, entity spans (start, end, type) and where it came from."""

    corpus: str
    doc_id: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    group: str = ""  # documents that must fall in the same fold (a tweet section, an article)

    def people(self) -> list[str]:
        """The distinct person names of the document, in order of first mention: one name per
        person, as eval/people-gold.jsonl has them. A lone word that is the first or last word of
        a longer name in the same document ("Sattler" after "Howard Sattler") is that person, not
        a second one; counted apart, a finder that resolves it to the full name would miss it."""
        seen: list[str] = []
        for start, end, kind in self.spans:
            name = self.text[start:end]
            if kind == "PER" and name not in seen:
                seen.append(name)
        edges = {w for name in seen if len(name.split()) > 1 for w in (norm(name).split()[0], norm(name).split()[-1])}
        return [name for name in seen if len(name.split()) > 1 or norm(name) not in edges]


Token = tuple[str, str]  # (word, tag)


def _read(path: Path) -> list[list[list[Token]]]:
    """Documents -> sentences -> (word, tag); -DOCSTART- lines split documents."""
    docs: list[list[list[Token]]] = [[]]
    sentence: list[Token] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if line.startswith("-DOCSTART-"):
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            if docs[-1]:
                docs.append([])
            continue
        if len(parts) < 2 or not parts[0].strip():
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            continue
        sentence.append((parts[0], parts[-1].strip()))
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def _entities(sentence: list[Token]) -> list[tuple[int, int, str]]:
    """(first, last, type) token spans; IOB1 (wikigold) and IOB2 both read."""
    out: list[tuple[int, int, str]] = []
    prev = ""
    for i, (_, tag) in enumerate(sentence):
        kind = _TYPES.get(tag[2:], "") if tag[:2] in ("B-", "I-") else ""
        if kind and (tag.startswith("B-") or kind != prev):
            out.append((i, i, kind))
        elif kind:
            out[-1] = (out[-1][0], i, kind)
        prev = kind
    return out


def _join(words: list[str], glue_hyphens: bool) -> tuple[str, list[tuple[int, int]]]:
    """Words back into text, with each word's character span."""
    text = ""
    offsets: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        glued = i == 0 or word in _NO_SPACE_BEFORE or words[i - 1] in _NO_SPACE_AFTER
        if (
            glue_hyphens
            and i > 0
            and (word == "-" or words[i - 1] == "-")
            and words[i - 1][-1:].isalnum() | (word[:1].isalnum() and words[i - 1] == "-")
        ):
            glued = True  # re3d splits "al-Abadi" into al - Abadi
        if not glued:
            text += " "
        offsets.append((len(text), len(text) + len(word)))
        text += word
    return text, offsets


_RANKS = frozenset(["spc", "commodore", "brig", "staff", "pfc", "cpt", "he"])
_OBJECT_CUES = frozenset(["of", "for", "to", "in", "at", "on", "from", "with", "the"])


def _is_name_word(word: str) -> bool:
    """A word that may stand inside a name: capitalised (not shouted), a particle, a hyphen or a period."""
    if word in ("-", "'", ".") or word.lower() in NAME_PARTICLES:
        return True
    low = word.lower().rstrip(".")
    if not word[:1].isupper() or (word.isupper() and len(word) > 1 and word.isalpha()):
        return False
    return low not in PERSON_TITLES and low + "." not in PERSON_TITLES and low not in PERSON_ROLE_NOUNS | _RANKS


def _name_inside(words: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """The names inside a re3d person mention ("US Secretary of State John Kerry", "the
    secretary", "Tobias Ellwood, Foreign Office Minister for the Middle East"): in each
    comma-separated piece, the capitalised words after its last title, role, lower-case or
    shouted word. The object of a title ("Secretary of State John Kerry", "the President of
    Syria") is not the name: after "of"/"for"… the name starts at a census given name."""
    names = []
    piece = first
    given = given_names()
    for end in [*(k for k in range(first, last + 1) if words[k] == ","), last + 1]:
        a = end - 1
        while a >= piece and _is_name_word(words[a]):
            a -= 1
        before = words[a].lower() if a >= piece else ""
        a += 1
        if before in _OBJECT_CUES:
            a = next((k for k in range(a, end - 1) if words[k].lower() in given), end)
        elif before and not (
            before.rstrip(".") in PERSON_TITLES | _RANKS
            or before in PERSON_ROLE_NOUNS
            or before in gazetteer().demonyms
            or words[a - 1].isupper()
        ):
            a = end  # "will follow Brig.", "3rd Battalion": no name here
        while a < end and (words[a] in ("-", "'", ".") or words[a].lower() in NAME_PARTICLES | NON_NAME_WORDS):
            a += 1
        b = end - 1
        while b >= a and (words[b] in ("-", "'", ".") or words[b].lower() in NAME_PARTICLES):
            b -= 1
        if a <= b:
            names.append((a, b))
        piece = end + 1
    return names


def _document(corpus: str, doc_id: str, sentences: list[list[Token]], group: str, mentions: bool = False) -> Document:
    lines: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    for sentence in sentences:
        words = [w for w, _ in sentence]
        line, offsets = _join(words, glue_hyphens=mentions)
        for first, last, kind in _entities(sentence):
            parts = _name_inside(words, first, last) if mentions and kind == "PER" else [(first, last)]
            for a, b in parts:
                spans.append((at + offsets[a][0], at + offsets[b][1], kind))
        lines.append(line)
        at += len(line) + 1
    return Document(corpus, doc_id, "\n".join(lines), spans, group or doc_id)


def load(data: Path = DEFAULT_DATA) -> dict[str, list[Document]]:
    """Every corpus part by name: wikigold, wnut17-train/dev/test, btc-a…h, re3d-<source>."""
    out: dict[str, list[Document]] = {}
    wiki = _read(data / "wikigold" / "CONLL-format" / "data" / "wikigold.conll.txt")
    out["wikigold"] = [_document("wikigold", f"wikigold-{i:03d}", d, "") for i, d in enumerate(wiki)]
    wnut = data / "WNUT17" / "CONLL-format" / "data"
    for part, path in (
        ("train", wnut / "train" / "wnut17train.conll"),
        ("dev", wnut / "dev" / "emerging.dev.conll"),
        ("test", wnut / "test" / "emerging.test.annotated"),
    ):
        sentences = [s for d in _read(path) for s in d]
        out[f"wnut17-{part}"] = [
            _document("wnut17", f"wnut17-{part}-{i:05d}", [s], f"wnut17-{part}-{i // 50}")
            for i, s in enumerate(sentences)
        ]
    for path in sorted((data / "BTC" / "CONLL-format" / "data").glob("*.conll")):
        sentences = [s for d in _read(path) for s in d]
        name = f"btc-{path.stem}"
        out[name] = [_document("btc", f"{name}-{i:05d}", [s], f"{name}-{i // 50}") for i, s in enumerate(sentences)]
    for folder in sorted(p for p in (data / "re3d").iterdir() if p.is_dir()):
        docs = []
        for path in sorted(folder.glob("*.conll")):
            sentences = [s for d in _read(path) for s in d]
            docs.append(_document("re3d", f"re3d-{path.stem}", sentences, "", mentions=True))
        out[f"re3d-{folder.name}"] = docs
    return out


# Parts never trained on: CC BY-SA text (share-alike would pass to the model).
NEVER_TRAIN = frozenset(["re3d-Wikipedia"])


def fold_of(doc: Document, folds: int) -> int:
    """A stable fold number from the document's group (its article, or 50 consecutive tweets)."""
    return int(hashlib.sha256(doc.group.encode()).hexdigest()[:8], 16) % folds


if __name__ == "__main__":
    for name, docs in load().items():
        people = sum(len(d.people()) for d in docs)
        print(f"{name:40s} {len(docs):6d} documents {people:6d} person names")
