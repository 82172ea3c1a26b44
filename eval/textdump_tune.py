"""Eval: choose the text-dump decoding settings (body.py's span constants) on held-out line scores.

    .venv/bin/python eval/textdump_tune.py [--shared ../shared/eval] [--folds 5] [--reuse]

Every page's lines are scored by a model fitted without its site (as in textdump_eval.py); the
scores are kept in eval/out/textdump_oof.pkl (--reuse reads them back), and a grid of decoding
settings is scored on them: aeb-dev body F1 and meta segment F1, each setting on the same scores.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval import textdump_fit as fitting  # noqa: E402
from eval.textdump_data import load_pages  # noqa: E402
from eval.textdump_eval import load_score  # noqa: E402
from generator.ingest.textdump import body  # noqa: E402

CACHE = ROOT / "eval" / "out" / "textdump_oof.pkl"


def oof(shared: Path, k: int) -> list[tuple[str, str, str, Any, list[str], list[float]]]:
    pages = load_pages(shared)
    docs = fitting.make_docs(pages)
    folds = fitting.group_folds([p.site for p in pages], k)
    out = []
    for f in range(k):
        model = fitting.fit([d for d in docs if folds[d.page] != f], pages)
        held = [d for d in docs if folds[d.page] == f]
        for d, p1 in zip(held, fitting.first_probs(model.first, held), strict=True):
            p2 = model.second.predict(fitting.second_rows(d, p1))
            p2[d.end :] = 0.0
            page = pages[d.page]
            out.append((page.corpus, d.form, page.key, page.gold, [ln.text for ln in d.lines], [float(v) for v in p2]))
        print(f"  fold {f + 1}/{k}", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--reuse", action="store_true")
    args = ap.parse_args()
    if args.reuse and CACHE.exists():
        data = pickle.loads(CACHE.read_bytes())
    else:
        data = oof(args.shared, args.folds)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(data))
    score = load_score(args.shared)
    # rebuild lines (features are needed for the copyright rule and the lone-prose fallback)
    items = []
    for corpus, form, key, gold, _texts, probs in data:
        if form != "plain":
            continue
        items.append((corpus, key, gold, probs))
    pages = {(p.corpus, p.key): p for p in load_pages(args.shared)}
    lines_of = {}
    for corpus, key, _gold, probs in items:
        lines = body.analyse(pages[(corpus, key)].text)
        for ln, p in zip(lines, probs, strict=True):
            ln.prob = p
        lines_of[(corpus, key)] = lines
    grid = {
        "SPAN_FROM": [0.3, 0.4, 0.5, 0.6],
        "KEEP_FROM": [0.3, 0.4, 0.5, 0.6],
        "LINE_BASE": [20.0, 40.0, 80.0],
    }
    results = []
    for values in itertools.product(*grid.values()):
        for name, v in zip(grid, values, strict=True):
            setattr(body, name, v)
        figures = []
        for corpus in ("aeb-dev", "meta-dev", "meta-extra"):
            gold, pred = {}, {}
            for c, key, g, _ in items:
                if c != corpus:
                    continue
                text = "\n".join(ln.text for ln in body.decode_body(lines_of[(c, key)]))
                gold[key] = g
                pred[key] = {"articleBody": text} if c == "aeb-dev" else {"text": text}
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                (score.body if corpus == "aeb-dev" else score.meta)(gold, pred)
            figures.append(float(buf.getvalue().strip().split()[-1]))
        results.append((figures, dict(zip(grid, values, strict=True))))
        print(" ".join(f"{x:.3f}" for x in figures), dict(zip(grid, values, strict=True)), flush=True)
    best = max(results, key=lambda r: r[0][0] + 0.5 * (r[0][1] + r[0][2]))
    print("best", best)


if __name__ == "__main__":
    main()
