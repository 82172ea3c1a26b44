"""Train and score the person recognizer (generator/ingest/entities/data/people.crfsuite).

    .venv/bin/python eval/people_model.py train [--data ../shared/ner-train]   # make model-people
    .venv/bin/python eval/people_model.py score [--data ../shared/ner-train]   # part of make eval
    .venv/bin/python eval/people_model.py dev [--show]   # train without fold 1, score on it

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

``dev`` is for choosing features and settings without touching the held-out text: it trains a
model on the training documents outside fold DEV_FOLD (to a temporary file) and scores that
model on fold DEV_FOLD, which the shipped model trains on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from entities_eval import score as score_names  # noqa: E402
from ner_data import DEFAULT_DATA, NEVER_TRAIN, Document, fold_of, load  # noqa: E402

import generator.ingest.entities as entities  # noqa: E402
from generator.ingest.entities import find_entities  # noqa: E402
from generator.ingest.entities.recognizer import MODEL_FILE, Recognizer, features, recognizer, sequences  # noqa: E402
from generator.ingest.entities.text import tokenize  # noqa: E402

MODEL = ROOT / "generator" / "ingest" / "entities" / "data" / MODEL_FILE
FOLDS = 5
HELD_OUT_FOLD = 0
DEV_FOLD = 1
ALWAYS_HELD_OUT = frozenset(["wnut17-test", *NEVER_TRAIN])
FORMAL = ("wikigold", "re3d")
PARAMS = {
    "c1": 0.05,  # L1: keeps the model small and drops features seen once
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def split(corpora: dict[str, list[Document]]) -> tuple[dict[str, list[Document]], dict[str, list[Document]]]:
    """(training documents, held-out documents), by corpus part."""
    train: dict[str, list[Document]] = {}
    held: dict[str, list[Document]] = {}
    for name, docs in sorted(corpora.items()):
        for doc in docs:
            out = held if name in ALWAYS_HELD_OUT or fold_of(doc, FOLDS) == HELD_OUT_FOLD else train
            out.setdefault(name, []).append(doc)
    return train, held


def dev_split(train: dict[str, list[Document]]) -> tuple[dict[str, list[Document]], dict[str, list[Document]]]:
    """(training documents outside DEV_FOLD, the DEV_FOLD documents), by corpus part."""
    fit: dict[str, list[Document]] = {}
    dev: dict[str, list[Document]] = {}
    for name, docs in train.items():
        for doc in docs:
            (dev if fold_of(doc, FOLDS) == DEV_FOLD else fit).setdefault(name, []).append(doc)
    return fit, dev


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


def train(parts: dict[str, list[Document]], out: Path) -> None:
    import pycrfsuite

    docs = [doc for _, part in sorted(parts.items()) for doc in part]
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


def _model_people(model: Recognizer, doc: Document, threshold: float) -> list[str]:
    tokens = tokenize(doc.text)
    names: list[str] = []
    for p in model.propose(tokens):
        name = tokens.span_text(p.first, p.last)
        if p.label == "PER" and p.confidence >= threshold and name not in names:
            names.append(name)
    return names


def score(held: dict[str, list[Document]], show: bool, model: Recognizer, title: str = "held out") -> None:
    """Print the figures of the rules, ``model`` alone and the finder with ``model``, on ``held``."""
    # The finder takes its recognizer from the package; a dev model stands in for the shipped one.
    entities.recognizer = lambda: model  # type: ignore[attr-defined]
    groups = {
        "formal (wikigold, re3d)": [n for n in held if n.startswith(FORMAL)],
        "social (WNUT17, BTC)": [n for n in held if n.startswith(("wnut", "btc"))],
    }
    systems = {
        "rules (before)": lambda d: [e.name for e in find_entities(d.text, statistical=False) if e.type == "person"],
        "recognizer alone": lambda d: _model_people(model, d, 0.5),
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
            print(f"{title}, {group:24s} {label:17s} {_prf(*counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["train", "score", "dev"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--dev-model", type=Path, help="dev: the model trained without the dev fold (made if missing)")
    parser.add_argument("--show", action="store_true", help="list the finder's false positives and misses")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no training data at {args.data}: pass --data PATH")
    train_docs, held = split(load(args.data))
    if args.command == "train":
        train(train_docs, args.out)
    elif args.command == "score":
        shipped = recognizer()
        assert shipped is not None, f"no model at {MODEL}: make model-people"
        score(held, args.show, shipped)
    else:
        fit, dev = dev_split(train_docs)
        with tempfile.TemporaryDirectory() as tmp:
            path = args.dev_model or Path(tmp) / MODEL_FILE
            if not path.exists():
                train(fit, path)
            score(dev, args.show, Recognizer(path.read_bytes()), title=f"dev fold {DEV_FOLD}")


if __name__ == "__main__":
    main()
