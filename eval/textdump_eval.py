"""Eval: extract_text on the shared plain-text dumps, scored by the shared score.py (whole set and halves).

  .venv/bin/python eval/textdump_eval.py [--shared /work/shared/eval] [--forms] [--cv] [--fit]

body — aeb-dev/text, gold article bodies          → eval/out/textdump_body_aeb-dev.json
meta — meta-dev/text, gold title/author/segments  → eval/out/textdump_meta_meta-dev.json
Halves are the even / odd positions of the sorted ids, as in html_eval.py.

--forms    also score aeb-dev with the blank lines taken out of every dump, and with list items marked
           "- " as well (the form of the sample seed)
--cv       the honest body figure: fit the line classifier on one half of aeb-dev, score the other half,
           and the other way round (needs numpy).  Without --cv the body is scored with the shipped
           model, which was fitted on all of aeb-dev, so those figures are in-sample.  meta-dev is never
           trained on: its figures are always held-out.
--fit      fit the line classifier on all of aeb-dev and rewrite generator/ingest/textdump/trees.py
           (needs numpy, which is only used here, never at run time; ~30 s)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.textdump import body as textdump_body  # noqa: E402
from generator.ingest.textdump import extract_text  # noqa: E402
from generator.ingest.textdump.body import FEATURES, Node, TreeModel, analyse  # noqa: E402

OUT = ROOT / "eval" / "out"
MODEL_PATH = ROOT / "generator" / "ingest" / "textdump" / "trees.py"

# Boosting settings, chosen by cross-validation on the two halves (--cv).
TREES, DEPTH, LEARNING_RATE, MIN_LEAF, BINS = 60, 4, 0.15, 100, 32


def load_score(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", shared / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scored(
    fn: Callable[[dict[str, Any], dict[str, Any]], None], gold: dict[str, Any], pred: dict[str, Any], name: str
) -> None:
    keys = sorted(gold)
    for label, sub in (("all", keys), ("half A", keys[::2]), ("half B", keys[1::2])):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            fn({k: gold[k] for k in sub}, pred)
        lines = [ln for ln in buf.getvalue().splitlines() if not ln.startswith("documents")]
        print(f"{name} {label:6s} | " + " | ".join(lines))


def noblank(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if ln.strip())


def bulleted(text: str) -> str:
    """The dump as a scraper that marks list items with "- " and drops blank lines would give it.

    In these dumps paragraphs stand alone between blank lines, so a line sharing its block with others
    is (nearly always) a list item, a menu entry or a table row.
    """
    out = []
    for block in re.split(r"\n\s*\n", text):
        rows = [ln.strip() for ln in block.splitlines() if ln.strip()]
        out += [f"- {r}" for r in rows] if len(rows) > 1 else rows
    return "\n".join(out)


def aeb(shared: Path) -> tuple[dict[str, Any], dict[str, str]]:
    gold = json.loads((shared / "aeb-dev" / "ground-truth.json").read_text("utf-8"))
    texts = {k: (shared / "aeb-dev" / "text" / f"{k}.txt").read_text("utf-8") for k in gold}
    return gold, texts


def meta(shared: Path) -> tuple[dict[str, Any], dict[str, str]]:
    gold = json.loads((shared / "meta-dev" / "ground-truth.json").read_text("utf-8"))
    texts = {}
    for url, g in gold.items():
        stem = re.sub(r"(\.html)?(\.gz)?$", "", g["file"])
        texts[url] = (shared / "meta-dev" / "text" / f"{stem}.txt").read_text("utf-8")
    return gold, texts


@contextlib.contextmanager
def using(model: TreeModel | None) -> Iterator[None]:
    saved = textdump_body.MODEL
    if model is not None:
        textdump_body.MODEL = model
    try:
        yield
    finally:
        textdump_body.MODEL = saved


# --- scoring runs -----------------------------------------------------------------------------


def body_preds(texts: dict[str, str], model: TreeModel | None = None) -> dict[str, Any]:
    with using(model):
        return {k: {"articleBody": "\n\n".join(extract_text(t).paragraphs)} for k, t in texts.items()}


def run_body(shared: Path, score: ModuleType, cv: bool, other_forms: bool) -> None:
    gold, texts = aeb(shared)
    variants = [("", texts)]
    if other_forms:
        variants += [
            (" noblank", {k: noblank(t) for k, t in texts.items()}),
            (" bulleted", {k: bulleted(t) for k, t in texts.items()}),
        ]
    for suffix, variant in variants:
        if cv:
            keys = sorted(gold)
            halves = (keys[::2], keys[1::2])
            pred: dict[str, Any] = {}
            for test, train in (halves, halves[::-1]):
                model = fit(train, gold, texts)
                pred.update(body_preds({k: variant[k] for k in test}, model))
            label = "body aeb-dev cv" + suffix
        else:
            pred = body_preds(variant)
            label = "body aeb-dev (in-sample)" + suffix
        name = "textdump_body_aeb-dev" + ("_cv" if cv else "") + suffix.replace(" ", "_") + ".json"
        (OUT / name).write_text(json.dumps(pred, ensure_ascii=False), "utf-8")
        scored(score.body, gold, pred, label)


def run_meta(shared: Path, score: ModuleType) -> None:
    gold, texts = meta(shared)
    pred = {}
    for url, text in texts.items():
        ex = extract_text(text)
        pred[url] = {
            "title": ex.title,
            "date": None,
            "author": ex.byline,
            "source": ex.source,
            "text": "\n".join(ex.paragraphs),
        }
    (OUT / "textdump_meta_meta-dev.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), "utf-8")
    scored(score.meta, gold, pred, "meta meta-dev")


# --- fitting the line classifier --------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def line_labels(lines: Sequence[textdump_body.Line], gold: str) -> list[float]:
    """1.0 for lines that are (mostly) in the gold body, by 4-word shingles like score.py.

    A short line (fewer than 4 words) counts only when it occurs in the gold text and a long gold line
    stands within 3 lines on both sides: "News" or "Share" also occur in many gold texts.
    """
    tokens = _TOKEN.findall(gold)
    shingles = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    joined = " " + " ".join(tokens) + " "
    labels, short = [], []
    for ln in lines:
        toks = _TOKEN.findall(ln.text)
        if len(toks) >= 4:
            own = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
            labels.append(1.0 if sum(s in shingles for s in own) / len(own) > 0.5 else 0.0)
            short.append(False)
        else:
            labels.append(1.0 if toks and " " + " ".join(toks) + " " in joined else 0.0)
            short.append(True)
    anchors = [i for i, (y, s) in enumerate(zip(labels, short, strict=True)) if y and not s]
    for i, (y, s) in enumerate(zip(labels, short, strict=True)):
        if s and y and not (any(0 < i - a <= 3 for a in anchors) and any(0 < a - i <= 3 for a in anchors)):
            labels[i] = 0.0
    return labels


def fit(keys: Sequence[str], gold: dict[str, Any], texts: dict[str, str]) -> TreeModel:
    """Boosted trees on every line of the given documents, each also seen without its blank lines and
    with its list items marked "- " (the form of the sample seed), so that neither form is new to it.

    Each document weighs 1/sqrt(its lines) per line, so that long pages do not drown short ones
    (score.py averages over documents) without letting a ten-line page weigh as much as a huge one.
    """
    import numpy as np  # only the fit needs it

    xs, ys, ws = [], [], []
    for k in keys:
        for variant in (texts[k], noblank(texts[k]), bulleted(texts[k])):
            lines = analyse(variant)
            if not lines:
                continue
            xs.append(np.array([ln.features for ln in lines]))
            ys.append(np.array(line_labels(lines, gold[k]["articleBody"])))
            ws.append(np.full(len(lines), 1.0 / math.sqrt(len(lines))))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    return boost(x, y, w / w.mean())


def boost(x: Any, y: Any, w: Any) -> TreeModel:
    """Gradient-boosted regression trees for log-loss (histogram splits, second-order leaves)."""
    import numpy as np

    quantiles = np.linspace(0, 1, BINS + 1)[1:-1]
    edges = [np.unique(np.quantile(x[:, f], quantiles)) for f in range(x.shape[1])]
    binned = np.stack([np.searchsorted(edges[f], x[:, f], side="left") for f in range(x.shape[1])], 1)
    prior = float(np.clip(np.average(y, weights=w), 1e-3, 1 - 1e-3))
    base = math.log(prior / (1 - prior))
    score = np.full(len(y), base)
    trees: list[Node] = []
    for _ in range(TREES):
        p = 1 / (1 + np.exp(-score))
        g, h = (p - y) * w, p * (1 - p) * w
        tree, values = _grow(binned, edges, g, h, np.arange(len(y)), DEPTH)
        trees.append(tree)
        score += values
    return TreeModel(tuple(FEATURES), base, tuple(trees))


def _grow(binned: Any, edges: list[Any], g: Any, h: Any, rows: Any, depth: int) -> tuple[Node, Any]:
    """One tree on `rows`; returns it and its (learning-rate scaled) value for every row of the data."""
    import numpy as np

    values = np.zeros(len(g))

    def leaf(idx: Any) -> float:
        v = float(-g[idx].sum() / (h[idx].sum() + 1.0)) * LEARNING_RATE
        values[idx] = v
        return v

    def grow(idx: Any, depth: int) -> Node:
        if depth == 0 or len(idx) < 2 * MIN_LEAF:
            return leaf(idx)
        gs, hs = g[idx], h[idx]
        total_g, total_h = gs.sum(), hs.sum()
        parent = total_g * total_g / (total_h + 1.0)
        best_gain, best_f, best_b = 0.0, -1, -1
        for f in range(binned.shape[1]):
            nb = len(edges[f]) + 1
            if nb < 2:
                continue
            col = binned[idx, f]
            gl = np.cumsum(np.bincount(col, weights=gs, minlength=nb))[:-1]
            hl = np.cumsum(np.bincount(col, weights=hs, minlength=nb))[:-1]
            cl = np.cumsum(np.bincount(col, minlength=nb))[:-1]
            gain = gl * gl / (hl + 1.0) + (total_g - gl) ** 2 / (total_h - hl + 1.0) - parent
            gain[(cl < MIN_LEAF) | (len(idx) - cl < MIN_LEAF)] = -1.0
            b = int(np.argmax(gain))
            if gain[b] > best_gain:
                best_gain, best_f, best_b = float(gain[b]), f, b
        if best_f < 0:
            return leaf(idx)
        goes_left = binned[idx, best_f] <= best_b
        # bin <= b exactly when value <= edges[b], so the tree can be read with raw feature values
        threshold = float(edges[best_f][best_b])
        return (best_f, threshold, grow(idx[goes_left], depth - 1), grow(idx[~goes_left], depth - 1))

    return grow(rows, depth), values


def write_model(model: TreeModel, path: Path) -> None:
    def node(n: Node) -> str:
        if isinstance(n, tuple):
            return f"({n[0]}, {n[1]!r}, {node(n[2])}, {node(n[3])})"
        return repr(round(n, 6))

    out = [
        '"""Ingest stage: the fitted line classifier for text dumps (generated: eval/textdump_eval.py --fit)."""',
        "",
        "# Boosted regression trees; a node is (feature index, threshold, if <= threshold, if >), a leaf is",
        "# its contribution to the log-odds that a line is article text.  Do not edit by hand: refit.",
        "",
        "from __future__ import annotations",
        "",
        "FEATURES: tuple[str, ...] = (",
    ]
    out += [f"    {f!r}," for f in model.features]
    out += [")", f"BASE = {model.base!r}", "TREES = ("]
    for t in model.trees:
        text, indent = node(t) + ",", "    "
        while len(indent) + len(text) > 118:  # wrap long trees at a comma to stay within the line limit
            cut = text.rfind(", ", 0, 118 - len(indent)) + 1
            out.append(indent + text[:cut].rstrip())
            text, indent = text[cut:].lstrip(), "        "
        out.append(indent + text)
    out.append(")")
    path.write_text("\n".join(out) + "\n", "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument(
        "--forms",
        action="store_true",
        help="also score aeb-dev without blank lines, and with list items marked '- ' too",
    )
    ap.add_argument("--cv", action="store_true", help="fit on one half, score the other (needs numpy)")
    ap.add_argument("--fit", action="store_true", help="refit the model on all of aeb-dev (needs numpy)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.fit:
        gold, texts = aeb(args.shared)
        started = time.time()
        write_model(fit(sorted(gold), gold, texts), MODEL_PATH)
        print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({time.time() - started:.1f}s); re-run without --fit to score")
        return
    score = load_score(args.shared)
    started = time.time()
    run_body(args.shared, score, args.cv, args.forms)
    print(f"  ({time.time() - started:.1f}s)")
    started = time.time()
    run_meta(args.shared, score)
    print(f"  ({time.time() - started:.1f}s)")


if __name__ == "__main__":
    main()
