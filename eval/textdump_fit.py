"""Eval: fit the text-dump line model with LightGBM on every development page and write it as JSON data.

    .venv/bin/python eval/textdump_fit.py [--shared ../shared/eval] [--out generator/ingest/textdump/line_model.json]

`make model` runs this.  It needs the `eval` extra (numpy, LightGBM), never needed at run time: the
model is written as plain JSON trees (generator/ingest/textdump/model.py reads them).  The fit is
deterministic (one thread, fixed seeds, LightGBM's deterministic mode), so the same data gives the
same bytes.  eval/textdump_eval.py uses the same functions for site-grouped cross-validation.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lightgbm as lgb  # noqa: E402
import numpy as np  # noqa: E402

from eval.textdump_data import Page, bulleted, labels_of, load_pages, noblank, norm  # noqa: E402
from generator.ingest.textdump import body, headline, split_title  # noqa: E402
from generator.ingest.textdump.features import FEATURES, Line, analyse  # noqa: E402
from generator.ingest.textdump.model import FORMAT, LineModel, parse_model  # noqa: E402

PACKAGE = ROOT / "generator" / "ingest" / "textdump"
MODEL_PATH = PACKAGE / "line_model.json"
HEADLINE_PATH = PACKAGE / "headline_model.json"

# LightGBM settings, chosen by site-grouped cross-validation (eval/textdump_eval.py).
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "min_sum_hessian_in_leaf": 1e-3,
    "feature_fraction": 0.8,
    "lambda_l2": 1.0,
    "max_bin": 63,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = (150, 150)  # trees in the first and the second stage
HEADLINE_ROUNDS = 120
INNER_FOLDS = 4  # the second stage learns from first-stage scores of pages the first stage did not see
META_WEIGHT = 1.0  # the weight of one labelled line of a meta page (an aeb-dev line weighs 1/sqrt(page lines))


@dataclass
class Doc:
    """One form of one page: its lines with features, labels and training weights."""

    page: int  # index into the page list
    form: str  # "plain", "noblank" or "bulleted"
    lines: list[Line]
    x: Any  # first-stage feature matrix
    y: Any  # labels (nan where unlabelled)
    w: Any  # weights (0 where unlabelled)
    end: int  # lines before a reader-comment thread (body.thread_end)


def forms_of(page: Page) -> list[tuple[str, str]]:
    """The forms a page is learnt in: as dumped, and (aeb-dev's whole bodies) also without its blank
    lines and with its list items marked "- ", the form of the sample seed, so that neither is new;
    and its article alone, a text with no headline and no chrome, whose first line is its lead."""
    if page.corpus == "aeb-dev":
        alone = "\n\n".join(p.strip() for p in page.gold["articleBody"].split("\n") if p.strip())
        return [
            ("plain", page.text),
            ("noblank", noblank(page.text)),
            ("bulleted", bulleted(page.text)),
            ("alone", alone),
        ]
    return [("plain", page.text)]


def make_docs(pages: Sequence[Page], forms: bool = True) -> list[Doc]:
    docs = []
    for i, page in enumerate(pages):
        for form, text in forms_of(page) if forms else [("plain", page.text)]:
            lines = analyse(text)
            if not lines:
                continue
            labels = labels_of(page, lines)
            y = np.array([np.nan if v is None else v for v in labels], dtype=float)
            per_line = 1.0 / math.sqrt(len(lines)) if page.corpus == "aeb-dev" else META_WEIGHT
            w = np.where(np.isnan(y), 0.0, per_line)
            x = np.array([ln.features for ln in lines], dtype=float)
            docs.append(Doc(i, form, lines, x, y, w, body.thread_end(lines)))
    return docs


def _train(x: Any, y: Any, w: Any, rounds: int) -> lgb.Booster:
    keep = w > 0
    data = lgb.Dataset(x[keep], label=y[keep], weight=w[keep] / w[keep].mean(), free_raw_data=True)
    return lgb.train(PARAMS, data, num_boost_round=rounds)


def second_rows(doc: Doc, p1: Any) -> Any:
    return np.array(body.second_stage_rows(doc.lines, [float(v) for v in p1]), dtype=float)


def _stack(docs: Sequence[Doc], rows: Sequence[Any] | None = None) -> tuple[Any, Any, Any]:
    x = np.vstack(rows if rows is not None else [d.x for d in docs])
    return x, np.nan_to_num(np.concatenate([d.y for d in docs])), np.concatenate([d.w for d in docs])


def group_folds(groups: Sequence[str], k: int) -> list[int]:
    """Fold of each item: whole groups (sites) go to one fold, filled greedily by size in a fixed order."""
    sizes: dict[str, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    load = [0] * k
    fold_of: dict[str, int] = {}
    for g in sorted(sizes, key=lambda s: (-sizes[s], s)):
        f = min(range(k), key=lambda i: (load[i], i))
        fold_of[g] = f
        load[f] += sizes[g]
    return [fold_of[g] for g in groups]


@dataclass
class Fitted:
    first: lgb.Booster
    second: lgb.Booster
    ranker: lgb.Booster | None = None

    def scorer(self) -> BoosterScorer:
        return BoosterScorer(self.first, self.second)


def fit(docs: Sequence[Doc], pages: Sequence[Page]) -> Fitted:
    """Both stages on these docs; the second stage trained on out-of-fold first-stage scores."""
    folds = group_folds([pages[d.page].site for d in docs], INNER_FOLDS)
    p1: list[Any] = [None] * len(docs)
    for f in range(INNER_FOLDS):
        train = [d for d, g in zip(docs, folds, strict=True) if g != f]
        booster = _train(*_stack(train), ROUNDS[0])
        held = [i for i, g in enumerate(folds) if g == f]
        for i, p in zip(held, first_probs(booster, [docs[i] for i in held]), strict=True):
            p1[i] = p
    first = _train(*_stack(docs), ROUNDS[0])
    second = _train(*_stack(docs, [second_rows(d, p) for d, p in zip(docs, p1, strict=True)]), ROUNDS[1])
    return Fitted(first, second)


# --- the headline ranker ------------------------------------------------------------------------


@dataclass
class HeadDoc:
    """A page with a gold title, as dumped or without its first line (a dump with no <title> line)."""

    page: int
    lines: list[Line]
    gold: str


def make_head_docs(pages: Sequence[Page], plain: dict[int, list[Line]] | None = None) -> list[HeadDoc]:
    """Pages with a gold title, as dumped (their lines from `plain` when given) and without line 1."""
    out = []
    for i, page in enumerate(pages):
        gold = page.gold.get("title") if page.corpus != "aeb-dev" else None
        if not gold:
            continue
        text = page.text.lstrip()
        as_dumped = plain[i] if plain and i in plain else analyse(text)
        for lines in (as_dumped, analyse(text.split("\n", 1)[1] if "\n" in text else "")):
            if lines:
                out.append(HeadDoc(i, lines, norm(gold)))
    return out


def head_rows(doc: HeadDoc, scorer: body.Scorer) -> tuple[list[list[float]], list[float]]:
    """The ranker's rows for a page's candidates and their labels, with the body a line model gives."""
    body.score_lines(doc.lines, scorer)
    found = body.decode_body(doc.lines, below_headline=False)
    cands = headline.candidates(doc.lines, found)
    labels = []
    for ln in cands:
        text = split_title(ln.text, doc.lines)[0] if ln.index == 0 else ln.text
        labels.append(1.0 if norm(text) == doc.gold else 0.0)
    return headline.rows(doc.lines, found, cands), labels


def fit_ranker(docs: Sequence[HeadDoc], scorer: body.Scorer) -> lgb.Booster:
    """Binary trees over candidates; a page weighs the same however many candidates it has, and pages
    whose gold title is no line of theirs (a rewritten headline) teach nothing and are left out."""
    xs, ys, ws = [], [], []
    for doc in docs:
        x, y = head_rows(doc, scorer)
        if not any(y):
            continue
        xs.extend(x)
        ys.extend(y)
        ws.extend([1.0 / len(y)] * len(y))
    w = np.array(ws)
    data = lgb.Dataset(np.array(xs, dtype=float), label=np.array(ys), weight=w / w.mean())
    return lgb.train(PARAMS, data, num_boost_round=HEADLINE_ROUNDS)


def fit_all(docs: Sequence[Doc], heads: Sequence[HeadDoc], pages: Sequence[Page]) -> Fitted:
    """The line model, then the headline ranker on the bodies that line model finds."""
    model = fit(docs, pages)
    model.ranker = fit_ranker(heads, model.scorer())
    return model


class BoosterRanker:
    """headline.choose's ranker, from LightGBM's booster (for cross-validation)."""

    def __init__(self, booster: lgb.Booster) -> None:
        self.booster = booster

    def probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [float(v) for v in self.booster.predict(np.array(rows, dtype=float))] if rows else []


def first_probs(booster: lgb.Booster, docs: Sequence[Doc]) -> list[Any]:
    """body.first_stage for many docs at once (one LightGBM call)."""
    if not docs:
        return []
    flat = booster.predict(np.vstack([d.x for d in docs]))
    out, at = [], 0
    for d in docs:
        p = flat[at : at + len(d.lines)].copy()
        p[d.end :] = 0.0
        out.append(p)
        at += len(d.lines)
    return out


class BoosterScorer:
    """Lets body.score_lines run on LightGBM's own predictions (fast, for cross-validation)."""

    def __init__(self, first: lgb.Booster, second: lgb.Booster | None = None) -> None:
        self.first, self.second = first, second

    @staticmethod
    def _probs(booster: lgb.Booster | None, rows: Sequence[Sequence[float]]) -> list[float]:
        if not rows:
            return []
        assert booster is not None
        return [float(v) for v in booster.predict(np.array(rows, dtype=float))]

    def first_probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return self._probs(self.first, rows)

    def second_probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return self._probs(self.second, rows)


# --- the data file ------------------------------------------------------------------------------


def _flatten(node: dict[str, Any]) -> dict[str, list[Any]]:
    """LightGBM's nested dump of one tree as parallel lists (a negative child ~k is leaf k)."""
    out: dict[str, list[Any]] = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}

    def walk(n: dict[str, Any]) -> int:
        if "leaf_value" in n or "split_feature" not in n:
            out["leaf"].append(float(n.get("leaf_value", 0.0)))
            return ~(len(out["leaf"]) - 1)
        if n.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {n.get('decision_type')}")
        at = len(out["feature"])
        out["feature"].append(int(n["split_feature"]))
        out["threshold"].append(float(n["threshold"]))
        out["left"].append(0)
        out["right"].append(0)
        out["left"][at] = walk(n["left_child"])
        out["right"][at] = walk(n["right_child"])
        return at

    walk(node)
    if not out["feature"]:
        out["leaf"] = out["leaf"][:1]
    return out


def _stage_json(booster: lgb.Booster, names: Sequence[str]) -> dict[str, Any]:
    dump = booster.dump_model()
    trees = [_flatten(t["tree_structure"]) for t in dump["tree_info"]]
    return {"features": list(names), "init": 0.0, "trees": trees}


def ranker_json(model: Fitted, pages: int) -> dict[str, Any]:
    assert model.ranker is not None
    return {
        "format": FORMAT,
        "meta": {
            "what": "P(line is the headline) for candidate lines of a text dump (textdump/headline.py)",
            "learner": f"LightGBM {lgb.__version__}",
            "params": PARAMS,
            "rounds": HEADLINE_ROUNDS,
            "data": f"{pages} meta-dev / meta-extra pages with a gold title, each also without its first line",
            "refit": "make model (eval/textdump_fit.py)",
        },
        "ranker": _stage_json(model.ranker, headline.FEATURES),
    }


def model_json(model: Fitted, pages: int, lines: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "meta": {
            "what": "P(line is article text) for text-dump lines; two stages (see generator/ingest/textdump/body.py)",
            "learner": f"LightGBM {lgb.__version__}",
            "params": PARAMS,
            "rounds": list(ROUNDS),
            "data": f"{pages} development pages (aeb-dev, meta-dev, meta-extra), {lines} labelled lines",
            "refit": "make model (eval/textdump_fit.py)",
        },
        "first": _stage_json(model.first, FEATURES),
        "second": _stage_json(model.second, body.SECOND_FEATURES),
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    # One tree per line keeps the file diffable; repr-exact floats keep the bytes the same across runs.
    parts = []
    for stage in [k for k in ("first", "second", "ranker") if k in data]:
        s = data[stage]
        trees = ",\n".join("    " + json.dumps(t, separators=(",", ":")) for t in s["trees"])
        parts.append(
            f'"{stage}": {{"features": {json.dumps(s["features"])}, "init": {s["init"]!r}, "trees": [\n{trees}\n]}}'
        )
    head = {k: data[k] for k in ("format", "meta")}
    text = json.dumps(head, indent=1, sort_keys=True)[:-2] + ",\n" + ",\n".join(parts) + "\n}\n"
    json.loads(text)  # what is written must read back
    path.write_text(text, encoding="utf-8")


def check_same(model: Fitted, shipped: LineModel, docs: Sequence[Doc]) -> float:
    """Largest difference between LightGBM's probabilities and the JSON trees' on some lines."""
    worst = 0.0
    for doc in docs[:20]:
        p1 = np.array(body.first_stage(doc.lines, model.scorer()))
        mine = body.first_stage(doc.lines, shipped)
        worst = max(worst, float(np.max(np.abs(p1 - np.array(mine)))))
        rows = second_rows(doc, p1)
        mine2 = [shipped.second.probability(row) for row in rows.tolist()]
        worst = max(worst, float(np.max(np.abs(model.second.predict(rows) - np.array(mine2)))))
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    if not (args.shared / "aeb-dev").is_dir():
        sys.exit(f"no development data at {args.shared}: pass --shared PATH (or SHARED=PATH to make)")
    started = time.time()
    pages = load_pages(args.shared)
    docs = make_docs(pages)
    heads = make_head_docs(pages, {d.page: d.lines for d in docs if d.form == "plain"})
    labelled = int(sum((d.w > 0).sum() for d in docs))
    model = fit_all(docs, heads, pages)
    write_json(model_json(model, len(pages), labelled), args.out)
    write_json(ranker_json(model, len({h.page for h in heads})), args.out.with_name(HEADLINE_PATH.name))
    worst = check_same(model, parse_model(json.loads(args.out.read_text("utf-8"))), docs)
    print(f"wrote {args.out} from {len(pages)} pages, {labelled} labelled lines ({time.time() - started:.0f} s)")
    print(f"largest difference between LightGBM and the JSON trees: {worst:.2e}")
    if worst > 1e-9:
        sys.exit("the JSON trees do not reproduce LightGBM's predictions")


if __name__ == "__main__":
    main()
