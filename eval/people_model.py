"""Train and score the person recognizer (generator/ingest/entities/data/people.crfsuite).

    .venv/bin/python eval/people_model.py train [--data ../shared/ner-train]   # make model-people
    .venv/bin/python eval/people_model.py score [--data ../shared/ner-train]   # part of make eval

Held out, never trained on: WNUT17's test split, the CC BY-SA re3d Wikipedia documents, and one
fold in five of every other corpus, the fold chosen by a hash of the document's group (a
wikigold or re3d article, or 50 consecutive tweets: never a split inside one document). The
shipped model is trained on the rest, so ``score`` measures it on text it never saw.

``score`` prints person names per document (micro P/R/F1, matched as eval/entities_eval.py
matches: case, accents and hyphens folded, a lone surname counts for the full name) for the
rules alone (before), the recognizer alone, and the whole finder (after), per corpus and for
the formal text (wikigold, re3d) apart from social media (WNUT17, BTC).

Training is deterministic: documents in a fixed order, CRFsuite's L-BFGS has no randomness, and
the model file's bytes depend only on the data and these settings.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from entities_eval import score as score_names  # noqa: E402
from ner_data import DEFAULT_DATA, NEVER_TRAIN, Document, fold_of, load  # noqa: E402

from generator.ingest.entities import find_entities  # noqa: E402
from generator.ingest.entities.recognizer import MODEL_FILE, features, sequences  # noqa: E402
from generator.ingest.entities.text import tokenize  # noqa: E402

MODEL = ROOT / "generator" / "ingest" / "entities" / "data" / MODEL_FILE
FOLDS = 5
HELD_OUT_FOLD = 0
ALWAYS_HELD_OUT = frozenset(["wnut17-test", *NEVER_TRAIN])
PARAMS = {
    "c1": 0.05,  # L1: keeps the model small and drops features seen once
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def split(corpora: dict[str, list[Document]]) -> tuple[list[Document], dict[str, list[Document]]]:
    """(training documents, held-out documents by corpus part)."""
    train: list[Document] = []
    held: dict[str, list[Document]] = {}
    for name, docs in sorted(corpora.items()):
        for doc in docs:
            if name in ALWAYS_HELD_OUT or fold_of(doc, FOLDS) == HELD_OUT_FOLD:
                held.setdefault(name, []).append(doc)
            else:
                train.append(doc)
    return train, held


def labelled(doc: Document) -> Iterable[tuple[list[list[str]], list[str]]]:
    """(features, labels) per tagged sequence, tokens labelled from the character spans."""
    tokens = tokenize(doc.text)
    labels = ["O"] * len(tokens)
    for start, end, kind in doc.spans:
        inside = [i for i in range(len(tokens)) if tokens.starts[i] >= start and tokens.ends[i] <= end]
        for n, i in enumerate(inside):
            labels[i] = f"{'B' if n == 0 else 'I'}-{kind}"
    feats = features(tokens)
    for a, b in sequences(tokens, len(feats)):
        yield feats[a:b], labels[a:b]


def train(docs: list[Document], out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    started = time.perf_counter()
    count = 0
    for doc in docs:
        for x, y in labelled(doc):
            trainer.append(x, y)
            count += 1
    print(f"features for {len(docs)} documents, {count} sequences in {time.perf_counter() - started:.0f} s")
    trainer.set_params(PARAMS)
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    print(f"trained in {time.perf_counter() - started:.0f} s: {out} ({out.stat().st_size / 1e6:.1f} MB)")


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def _model_people(doc: Document, threshold: float) -> list[str]:
    from generator.ingest.entities.recognizer import recognizer

    model = recognizer()
    assert model is not None
    tokens = tokenize(doc.text)
    names: list[str] = []
    for p in model.propose(tokens):
        name = tokens.span_text(p.first, p.last)
        if p.label == "PER" and p.confidence >= threshold and name not in names:
            names.append(name)
    return names


def score(held: dict[str, list[Document]], show: bool) -> None:
    groups = {
        "formal (wikigold, re3d)": [n for n in held if n.startswith(("wikigold", "re3d"))],
        "social (WNUT17, BTC)": [n for n in held if n.startswith(("wnut", "btc"))],
    }
    systems = {
        "rules (before)": lambda d: [e.name for e in find_entities(d.text, statistical=False) if e.type == "person"],
        "recognizer alone": lambda d: _model_people(d, 0.5),
        "finder (after)": lambda d: [e.name for e in find_entities(d.text) if e.type == "person"],
    }
    totals: dict[tuple[str, str], list[int]] = {}
    for name, docs in sorted(held.items()):
        for label, system in systems.items():
            counts = [0, 0, 0]
            for doc in docs:
                fps, misses, pairs = score_names(system(doc), doc.people())
                counts = [counts[0] + len(pairs), counts[1] + len(fps), counts[2] + len(misses)]
                if show and label == "finder (after)":
                    for p in fps:
                        print(f"  FP   {doc.doc_id}: {p}")
                    for g in misses:
                        print(f"  MISS {doc.doc_id}: {g}")
            totals[(name, label)] = counts
            print(f"{name:24s} {len(docs):5d} docs  {label:17s} {_prf(*counts)}")
    print()
    for group, names in groups.items():
        for label in systems:
            counts = [sum(totals[(n, label)][k] for n in names) for k in range(3)]
            print(f"held out, {group:24s} {label:17s} {_prf(*counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["train", "score"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--show", action="store_true", help="list the finder's false positives and misses")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no training data at {args.data}: pass --data PATH")
    train_docs, held = split(load(args.data))
    if args.command == "train":
        train(train_docs, args.out)
    else:
        score(held, args.show)


if __name__ == "__main__":
    main()
