"""Eval: text dumps (extract_text) on every development page, with site-grouped cross-validation.

    .venv/bin/python eval/textdump_eval.py [--shared ../shared/eval] [--folds 5] [--shipped] [--forms]

The line model is fitted (eval/textdump_fit.py) on all of aeb-dev, meta-dev and meta-extra, so the
shipped model's figures on them are in-sample.  The honest figures are held-out: the pages are split
into folds by site (no site in two folds), the model is refitted on the other folds, and each page is
extracted by a model that never saw its site.  Printed per corpus with score.py's own lines:

body — aeb-dev: score.py body (shingle P/R/F1 of the article text)
meta — meta-dev, meta-extra: score.py meta (title / author exact, kept / removed segments)

--shipped  also score the shipped model (in-sample)
--forms    also score aeb-dev without blank lines, and with list items marked "- " (the sample seed's form)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval import textdump_fit as fitting  # noqa: E402
from eval.textdump_data import Page, bulleted, load_pages, noblank  # noqa: E402
from generator.ingest.textdump import TextExtraction, extract_lines, extract_text, headline  # noqa: E402
from generator.ingest.textdump import body as textdump_body  # noqa: E402

OUT = ROOT / "eval" / "out"
CORPORA = ("aeb-dev", "meta-dev", "meta-extra")


def load_score(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", shared / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def using(model: fitting.Fitted) -> Iterator[None]:
    saved = textdump_body.MODEL, headline.RANKER
    textdump_body.MODEL = model.scorer()
    headline.RANKER = fitting.BoosterRanker(model.ranker) if model.ranker else None
    try:
        yield
    finally:
        textdump_body.MODEL, headline.RANKER = saved


def prediction(page: Page, text: str, lines: Sequence[Any] | None = None) -> dict[str, Any]:
    ex: TextExtraction = extract_lines(lines) if lines is not None else extract_text(text)
    if page.corpus == "aeb-dev":
        return {"articleBody": "\n\n".join(ex.paragraphs)}
    return {"title": ex.title, "date": None, "author": ex.byline, "text": "\n".join(ex.paragraphs)}


def forms(page: Page, other_forms: bool) -> list[tuple[str, str]]:
    if other_forms and page.corpus == "aeb-dev":
        return [("", page.text), (" noblank", noblank(page.text)), (" bulleted", bulleted(page.text))]
    return [("", page.text)]


def held_out(pages: Sequence[Page], k: int, other_forms: bool) -> dict[tuple[str, str], dict[str, Any]]:
    """(corpus + form, key) → prediction, each page extracted by a model fitted without its site."""
    docs = fitting.make_docs(pages)
    plain = {d.page: d.lines for d in docs if d.form == "plain"}
    heads = fitting.make_head_docs(pages, plain)
    folds = fitting.group_folds([p.site for p in pages], k)
    preds: dict[tuple[str, str], dict[str, Any]] = {}
    for f in range(k):
        started = time.time()
        train = [d for d in docs if folds[d.page] != f]
        model = fitting.fit_all(train, [h for h in heads if folds[h.page] != f], pages)
        with using(model):
            for i, page in enumerate(pages):
                if folds[i] == f:
                    for suffix, text in forms(page, other_forms):
                        # the page as dumped was analysed for fitting already: its lines serve again
                        lines = plain[i] if not suffix else None
                        preds[(page.corpus + suffix, page.key)] = prediction(page, text, lines)
        print(f"  fold {f + 1}/{k}: {sum(1 for x in folds if x == f)} pages ({time.time() - started:.0f} s)")
    return preds


def report(score: ModuleType, pages: Sequence[Page], preds: dict[tuple[str, str], dict[str, Any]], label: str) -> None:
    for name in sorted({c for c, _ in preds}, key=lambda c: (CORPORA.index(c.split()[0]), c)):
        corpus = name.split()[0]
        gold = {p.key: p.gold for p in pages if p.corpus == corpus}
        pred = {k: v for (c, k), v in preds.items() if c == name}
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            (score.body if corpus == "aeb-dev" else score.meta)(gold, pred)
        lines = [ln for ln in buf.getvalue().splitlines() if not ln.startswith("documents")]
        print(f"textdump {label:9s} {name:17s} | " + " | ".join(lines))
        OUT.mkdir(parents=True, exist_ok=True)
        out = OUT / f"textdump_{label}_{name.replace(' ', '_')}.json"
        out.write_text(json.dumps(pred, ensure_ascii=False, indent=1), "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--shipped", action="store_true", help="also score the shipped model (in-sample)")
    ap.add_argument("--forms", action="store_true", help="also score aeb-dev in the other dump forms")
    args = ap.parse_args(argv)
    score = load_score(args.shared)
    started = time.time()
    pages = load_pages(args.shared)
    if args.shipped:
        preds = {}
        for page in pages:
            for suffix, text in forms(page, args.forms):
                preds[(page.corpus + suffix, page.key)] = prediction(page, text)
        report(score, pages, preds, "in-sample")
    sites = len({p.site for p in pages})
    print(f"textdump: {len(pages)} pages from {sites} sites, {args.folds} folds grouped by site")
    report(score, pages, held_out(pages, args.folds, args.forms), "held-out")
    print(f"  ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
