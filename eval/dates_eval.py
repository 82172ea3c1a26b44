"""Eval: how often date_from_text / date_from_url find a date in plain-text dumps and URLs, and how often it is right.

  .venv/bin/python eval/dates_eval.py [--shared /work/shared/eval] [--verbose]

meta-dev/text: text dumps scored against the gold publication dates.
aeb-dev/text: no gold date, so the reference is the date the page's own HTML metadata states
(htmldate, metadata only, no text heuristics) — agreement with it is reported as "precision".
URLs: date_from_url on the gold URLs of meta-dev and dates-dev (gold dates) and aeb-dev (reference).
Every figure is printed for the whole set and for its two halves (even / odd positions of the
sorted ids), so a rule that only helps one half shows up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.dates import FoundDate, date_from_text, date_from_url  # noqa: E402

OUT = ROOT / "eval" / "out"


def halves(keys: Iterable[str]) -> list[tuple[str, list[str]]]:
    ks = sorted(keys)
    return [("all", ks), ("half A", ks[::2]), ("half B", ks[1::2])]


def report(name: str, gold: dict[str, str | None], pred: dict[str, str | None], near: bool = False) -> None:
    """Coverage = answered / with a reference date; precision = right / answered; with
    ``near``, also how many answers are within one day (time-zone shifts between the date a
    page displays and the UTC timestamp in its metadata)."""
    print(name)
    for label, keys in halves(gold):
        judged = [k for k in keys if gold[k]]
        answered = [k for k in judged if pred.get(k)]
        right = [k for k in answered if pred[k] == gold[k]]
        extra = [k for k in keys if not gold[k] and pred.get(k)]
        within = ""
        if near:
            close = [k for k in answered if days_apart(pred[k], gold[k]) <= 1]
            within = f" within-1-day {len(close) / max(len(answered), 1):.3f}"
        print(
            f"  {label:6s} n={len(judged):3d} coverage {len(answered) / max(len(judged), 1):.3f}"
            f" precision {len(right) / max(len(answered), 1):.3f}"
            f" accuracy {len(right) / max(len(judged), 1):.3f}{within}"
            f" (answered where no reference: {len(extra)}/{len(keys) - len(judged)})"
        )


def days_apart(a: str | None, b: str | None) -> int:
    try:
        return abs((dt.date.fromisoformat(str(a)) - dt.date.fromisoformat(str(b))).days)
    except ValueError:  # a malformed gold date ("2022-11-1") counts as far apart
        return 10**6


def iso(found: FoundDate | None) -> str | None:
    return found.date.isoformat() if found else None


def html_reference(path: Path, url: str | None) -> str | None:
    """The date stated in the page's metadata (meta tags, JSON-LD, <time>, URL)."""
    import htmldate
    from trafilatura.utils import load_html

    with gzip.open(path) as fh:
        tree = load_html(fh.read())
    if tree is None:
        return None
    try:
        got = htmldate.find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # a reference that fails is just missing
        return None
    return str(got) if got else None


def run(shared: Path, verbose: bool) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # date_from_text must not accept dates later than the crawl; the gold sets are older
    # than today, so "today" is the honest bound a live run would use too.
    meta_gold = json.loads((shared / "meta-dev" / "ground-truth.json").read_text("utf-8"))
    gold: dict[str, str | None] = {}
    pred: dict[str, str | None] = {}
    evidence: dict[str, str | None] = {}
    for url, g in meta_gold.items():
        stem = g["file"].removesuffix(".html.gz")
        text = (shared / "meta-dev" / "text" / f"{stem}.txt").read_text("utf-8", errors="replace")
        found = date_from_text(text)
        gold[url] = g.get("date") or None
        pred[url] = iso(found)
        evidence[url] = found.evidence if found else None
    (OUT / "dates_text_meta-dev.json").write_text(
        json.dumps(
            {k: {"date": pred[k], "evidence": evidence[k], "gold": gold[k]} for k in gold}, ensure_ascii=False, indent=1
        ),
        "utf-8",
    )
    report("date_from_text on meta-dev/text vs gold date", gold, pred)
    if verbose:
        show(gold, pred, evidence)

    aeb_gold = json.loads((shared / "aeb-dev" / "ground-truth.json").read_text("utf-8"))
    ref: dict[str, str | None] = {}
    apred: dict[str, str | None] = {}
    aevid: dict[str, str | None] = {}
    for key, g in aeb_gold.items():
        text = (shared / "aeb-dev" / "text" / f"{key}.txt").read_text("utf-8", errors="replace")
        found = date_from_text(text)
        ref[key] = html_reference(shared / "aeb-dev" / "html" / f"{key}.html.gz", g.get("url"))
        apred[key] = iso(found)
        aevid[key] = found.evidence if found else None
    (OUT / "dates_text_aeb-dev.json").write_text(
        json.dumps(
            {k: {"date": apred[k], "evidence": aevid[k], "reference": ref[k]} for k in ref},
            ensure_ascii=False,
            indent=1,
        ),
        "utf-8",
    )
    report("date_from_text on aeb-dev/text vs the page's HTML metadata date", ref, apred, near=True)
    if verbose:
        show(ref, apred, aevid)

    dates_gold = json.loads((shared / "dates-dev" / "ground-truth.json").read_text("utf-8"))
    url_sets: list[tuple[str, dict[str, str | None], Callable[[str], str]]] = [
        ("meta-dev gold", {u: g.get("date") or None for u, g in meta_gold.items()}, str),
        ("dates-dev gold", {u: g.get("date") for u, g in dates_gold.items()}, str),
        ("aeb-dev HTML-metadata reference", ref, lambda k: str(aeb_gold[k]["url"])),
    ]
    for name, ugold, to_url in url_sets:
        upred = {k: iso(date_from_url(to_url(k))) for k in ugold}
        report(f"date_from_url on {name}", ugold, upred)
        if verbose:
            show(ugold, upred, {k: to_url(k) for k in ugold})


def show(gold: dict[str, str | None], pred: dict[str, str | None], evidence: dict[str, str | None]) -> None:
    for k in sorted(gold):
        if pred.get(k) and pred[k] != gold[k]:
            print(f"    WRONG {pred[k]} gold {gold[k]}  {evidence.get(k)}  [{k[:60]}]")
    for k in sorted(gold):
        if gold[k] and not pred.get(k):
            print(f"    MISS gold {gold[k]}  [{k[:60]}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    started = dt.datetime.now()
    run(args.shared, args.verbose)
    print(f"({(dt.datetime.now() - started).total_seconds():.1f}s)")


if __name__ == "__main__":
    main()
