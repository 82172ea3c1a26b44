"""Eval: extract_html on the shared HTML sets, scored by the shared score.py (whole set and halves).

  .venv/bin/python eval/html_eval.py [--shared /work/shared/eval] [--only body|meta|dates|folds]

body  — aeb-dev/html, gold article bodies              → eval/out/html_body_aeb-dev.json
meta  — meta-dev/html and meta-extra/html, gold title/date/author → eval/out/html_meta_<set>.json
dates — dates-dev/html, gold publication dates         → eval/out/html_dates_dates-dev.json
folds — the tuned choices (title overlap and site-name share, author source order, date policy) refitted on
        site-grouped folds of meta-dev + meta-extra: the held-out figure is the honest one
Halves are the even / odd positions of the sorted ids, so a gain that only shows on one half is
visible. The score.py figures are printed as score.py prints them; "wrong" counts answers that
name another day (a missing date is not wrong).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.html import HtmlExtraction, decode_html, extract_html  # noqa: E402

OUT = ROOT / "eval" / "out"


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


def page(path: Path) -> str:
    data = path.read_bytes()
    return decode_html(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def body_text(ex: HtmlExtraction) -> str:
    return "\n".join(ex.paragraphs)


def run_body(shared: Path, score: ModuleType) -> None:
    gold = json.loads((shared / "aeb-dev" / "ground-truth.json").read_text("utf-8"))
    pred = {}
    for key, g in gold.items():
        ex = extract_html(page(shared / "aeb-dev" / "html" / f"{key}.html.gz"), g.get("url"))
        pred[key] = {"articleBody": body_text(ex)}
    (OUT / "html_body_aeb-dev.json").write_text(json.dumps(pred, ensure_ascii=False), "utf-8")
    scored(score.body, gold, pred, "body aeb-dev")


def page_url(key: str) -> str | None:
    """meta-extra ids are URLs or "hard::name.html": only a URL is given to the extractor."""
    return key if key.startswith(("http://", "https://")) else None


def wrong_dates(gold: dict[str, Any], pred: dict[str, Any]) -> str:
    answered = [k for k in gold if gold[k].get("date") and (pred.get(k) or {}).get("date")]
    wrong = [k for k in answered if pred[k]["date"] != gold[k]["date"]]
    invented = [k for k in gold if not gold[k].get("date") and (pred.get(k) or {}).get("date")]
    return f"wrong dates {len(wrong)} of {len(answered)} answered; answered with no gold date {len(invented)}"


def run_meta(shared: Path, score: ModuleType) -> None:
    for name in ("meta-dev", "meta-extra"):
        if (shared / name).is_dir():
            _run_meta(shared, score, name)


def _run_meta(shared: Path, score: ModuleType, name: str) -> None:
    gold = json.loads((shared / name / "ground-truth.json").read_text("utf-8"))
    pred = {}
    for url, g in gold.items():
        ex = extract_html(page(shared / name / "html" / g["file"]), page_url(url))
        pred[url] = {
            "title": ex.title,
            "date": ex.date.isoformat() if ex.date else None,
            "author": ex.byline,
            "text": body_text(ex),
            "date_evidence": ex.date_evidence,
        }
    (OUT / f"html_meta_{name}.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), "utf-8")
    scored(score.meta, gold, pred, f"meta {name}")
    print(f"meta {name} all    | {wrong_dates(gold, pred)}")


def run_dates(shared: Path, score: ModuleType) -> None:
    gold = json.loads((shared / "dates-dev" / "ground-truth.json").read_text("utf-8"))
    pred = {}
    for url, g in gold.items():
        ex = extract_html(page(shared / "dates-dev" / "html" / g["file"]), url)
        pred[url] = {"date": ex.date.isoformat() if ex.date else None, "date_evidence": ex.date_evidence}
    (OUT / "html_dates_dates-dev.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), "utf-8")
    scored(score.dates, gold, pred, "dates dates-dev")
    print(f"dates dates-dev all    | {wrong_dates(gold, pred)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--only", choices=("body", "meta", "dates", "folds"))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    score = load_score(args.shared)
    from html_folds import run_folds  # eval/ is a folder of scripts, not a package

    for name, fn in (("body", run_body), ("meta", run_meta), ("dates", run_dates), ("folds", run_folds)):
        if args.only in (None, name):
            started = time.time()
            fn(args.shared, score)
            print(f"  ({time.time() - started:.1f}s)")


if __name__ == "__main__":
    main()
