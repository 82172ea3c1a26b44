"""Eval: the real ingest path (`briefing extract`) on the shared evaluation sets, scored by their score.py.

    .venv/bin/python eval/run.py [--shared ../shared/eval] [--only SET,…]

SETS: aeb-text, aeb-html, meta-html, meta-text, extra-html (meta-extra), dates, people, korean,
quotes, textdump-cv, fresh-pages, fresh-people (default: all). The last two are sets of fresh real
news pages kept outside the repository (their texts are copyrighted): ../pages-set and ../people-set
beside the project, or --pages-set / --people-set; they are skipped with a note when absent.

Each page is written to a temporary seeds/ folder with a sidecar holding only its URL — exactly
what a user does — and run through generator.ingest.extract.extract with an empty registry.
Predictions go to eval/out/run-<set>.json; score.py's own lines are printed for the whole set and
for each half (even / odd ids), so a gain that shows on one half only is visible.

The text-dump models are fitted on aeb-dev, meta-dev and meta-extra, so aeb-text and meta-text are
in-sample; textdump-cv (eval/textdump_eval.py) gives the honest figures: site-grouped folds, each page
extracted by models refitted without its site.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config.site import default_config  # noqa: E402
from generator.content.registry import Registry  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.ingest.decode import SeedError  # noqa: E402
from generator.ingest.extract import Extraction, extract  # noqa: E402

OUT = ROOT / "eval" / "out"
SETS = (
    *("aeb-text", "aeb-html", "meta-html", "meta-text", "extra-html", "dates", "people", "korean"),
    *("quotes", "textdump-cv", "fresh-pages", "fresh-people"),
)


def run_one(work: Path, name: str, data: bytes, url: str | None) -> Extraction | None:
    seeds = work / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for old in seeds.iterdir():
        old.unlink()
    seed = seeds / name
    seed.write_bytes(data)
    if url:
        seed.with_suffix(".yml").write_text(json.dumps({"url": url}), encoding="utf-8")
    config = default_config(work)
    try:
        return extract(seed, config, Registry(config, {}, Problems()))
    except SeedError as exc:
        print(f"  {name}: {exc.message}", file=sys.stderr)
        return None


def score(shared: Path, kind: str, gold: dict[str, Any], pred: dict[str, Any], label: str) -> None:
    keys = sorted(gold)
    for part, subset in (("all", keys), ("half A", keys[::2]), ("half B", keys[1::2])):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump({k: gold[k] for k in subset}, fh)
        result = subprocess.run(
            [sys.executable, str(shared / "score.py"), kind, fh.name, str(OUT / f"run-{label}.json")],
            capture_output=True,
            text=True,
            check=True,
        )
        lines = [line for line in result.stdout.splitlines() if not line.startswith("documents")]
        print(f"{label:10s} {part:6s} | " + " | ".join(lines))
        Path(fh.name).unlink()


def pages(folder: Path, names: dict[str, str]) -> Iterator[tuple[str, str, bytes]]:
    """(id, seed file name, bytes) for each id → file name."""
    for key, filename in sorted(names.items()):
        path = folder / filename
        if path.exists():
            yield key, filename, path.read_bytes()


def evaluate(
    shared: Path,
    label: str,
    kind: str,
    gold: dict[str, Any],
    items: Iterator[tuple[str, str, bytes]],
    url_of: Callable[[str], str | None],
    predict: Callable[[Extraction], dict[str, Any]],
) -> None:
    started = time.perf_counter()
    pred: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key, name, data in items:
            name = name.removesuffix(".gz") if name.endswith(".html.gz") else name
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            result = run_one(Path(tmp), name, data, url_of(key))
            pred[key] = predict(result) if result else {}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"run-{label}.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
    seconds = time.perf_counter() - started
    print(f"{label}: {len(pred)} pages in {seconds:.1f} s ({seconds / max(len(pred), 1) * 1000:.0f} ms/page)")
    score(shared, kind, gold, pred, label)
    if kind in ("meta", "dates"):
        answered = [k for k in gold if gold[k].get("date") and (pred.get(k) or {}).get("date")]
        wrong = sum(pred[k]["date"] != gold[k]["date"] for k in answered)
        print(f"{label:10s} all    | wrong dates {wrong} of {len(answered)} answered")


def url_or_none(key: str) -> str | None:
    return key if key.startswith(("http://", "https://")) else None


def body(x: Extraction) -> dict[str, Any]:
    return {"articleBody": x.body}


def meta(x: Extraction) -> dict[str, Any]:
    return {"title": x.title, "date": x.date.isoformat() if x.date else None, "author": x.byline, "text": x.body}


def date(x: Extraction) -> dict[str, Any]:
    return {"date": x.date.isoformat() if x.date else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--only", default=",".join(SETS))
    parser.add_argument("--pages-set", type=Path, default=ROOT.parent / "pages-set")
    parser.add_argument("--people-set", type=Path, default=ROOT.parent / "people-set")
    args = parser.parse_args()
    shared: Path = args.shared
    only = set(args.only.split(","))
    if not (shared / "score.py").exists():
        sys.exit(f"no evaluation data at {shared}: pass --shared PATH")

    aeb = json.loads((shared / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    meta_gold = json.loads((shared / "meta-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    dates_gold = json.loads((shared / "dates-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    aeb_url = {k: v.get("url") for k, v in aeb.items()}
    if "aeb-text" in only:
        items = pages(shared / "aeb-dev" / "text", {k: f"{k}.txt" for k in aeb})
        evaluate(shared, "aeb-text", "body", aeb, items, aeb_url.get, body)
    if "aeb-html" in only:
        items = pages(shared / "aeb-dev" / "html", {k: f"{k}.html.gz" for k in aeb})
        evaluate(shared, "aeb-html", "body", aeb, items, aeb_url.get, body)
    if "meta-html" in only:
        items = pages(shared / "meta-dev" / "html", {k: v["file"] for k, v in meta_gold.items()})
        evaluate(shared, "meta-html", "meta", meta_gold, items, lambda url: url, meta)
    if "meta-text" in only:
        names = {k: v["file"].removesuffix(".gz").removesuffix(".html") + ".txt" for k, v in meta_gold.items()}
        evaluate(shared, "meta-text", "meta", meta_gold, pages(shared / "meta-dev" / "text", names), lambda u: u, meta)
    if "extra-html" in only and (shared / "meta-extra").is_dir():
        # meta-extra: 635 more pages of the same kind, mostly German and other European sites; ids
        # that are not URLs ("hard::name.html") go in without one
        extra = json.loads((shared / "meta-extra" / "ground-truth.json").read_text(encoding="utf-8"))
        items = pages(shared / "meta-extra" / "html", {k: v["file"] for k, v in extra.items()})
        evaluate(shared, "extra-html", "meta", extra, items, url_or_none, meta)
    if "dates" in only:
        items = pages(shared / "dates-dev" / "html", {k: v["file"] for k, v in dates_gold.items()})
        evaluate(shared, "dates", "dates", dates_gold, items, lambda url: url, date)
    if "people" in only:
        # Persons per document: eval/people-gold.jsonl (dev/test), then held-out NER text.
        for script in ("entities_eval.py", "people_model.py"):
            extra = ["score", "--data", str(shared.parent / "ner-train")] if script == "people_model.py" else []
            print(f"== {script} {' '.join(extra)}", flush=True)
            subprocess.run([sys.executable, str(ROOT / "eval" / script), *extra], check=True)
    if "korean" in only:
        # Korean persons: klue-persons-dev (halves) and eval/korean-gold.jsonl (dev / held-out test).
        print("== korean_eval.py", flush=True)
        subprocess.run([sys.executable, str(ROOT / "eval" / "korean_eval.py"), "--shared", str(shared)], check=True)
    if "quotes" in only:
        # Quotes and speakers: eval/quotes-gold.jsonl (dev / held-out test).
        print("== quotes_eval.py", flush=True)
        subprocess.run([sys.executable, str(ROOT / "eval" / "quotes_eval.py")], check=True)
    for name, script, folder in (
        ("fresh-pages", "pages_eval.py", args.pages_set),
        ("fresh-people", "fresh_people_eval.py", args.people_set),
    ):
        if name not in only:
            continue
        if not (folder / "gold.jsonl").exists():
            print(f"== {script}: skipped, no set at {folder} (see the script's docstring)", flush=True)
            continue
        print(f"== {script} --set {folder}", flush=True)
        subprocess.run([sys.executable, str(ROOT / "eval" / script), "--set", str(folder)], check=True)
    if "textdump-cv" in only:
        from eval import textdump_eval  # needs the eval extra (LightGBM), like `make model`

        textdump_eval.main(["--shared", str(shared)])


if __name__ == "__main__":
    main()
