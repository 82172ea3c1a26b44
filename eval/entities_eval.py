"""Evaluate person finding (generator.ingest.entities) against eval/people-gold.jsonl.

Gold: one JSON object per line, {"id", "source", "split", "korea", "text", "people"}.
"people" lists every real, named individual the text mentions, by the full name a careful
reader would give (an annotator's judgement, written before the finder was run on the
text). Not people: fictional characters, bands and teams, organizations or places named
after people ("Cynthia Woods Mitchell Pavilion", "W.M. Keck Observatory"), Twitter
handles, bylines. A person named only by an adjective ("the Assad regime") is a person.

Scoring (micro over documents): a predicted person is correct when it matches an unused
gold name after folding case, accents, hyphens, middle initials and "Jr."/"II", or when it is a single
word equal to the first or last word of a gold name ("Putin" for "Vladimir Putin",
"Kim" for "Kim Jong-un": the finder gives a lone surname when the text never spells the
full name). Each gold name is matched at most once.

Runs every document with an empty registry, then the Korea documents again with a
registry of the five people of the sample seed. The "split" field holds out half of the
documents: "dev" was used while building the finder, "test" was not looked at.

    .venv/bin/python eval/entities_eval.py [--split dev|test|all] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.entities import KnownEntity, find_entities  # noqa: E402
from generator.ingest.entities.text import norm  # noqa: E402

KOREA_REGISTRY = {
    "person": [
        KnownEntity("Kim Jong-un", ("Kim Jong Un", "Kim", "김정은")),
        KnownEntity("Vladimir Putin", ("Putin", "푸틴")),
        KnownEntity("John Kirby", ("Kirby",)),
        KnownEntity("Sergei Shoigu", ("Shoigu",)),
        KnownEntity("Alexander Matsegora", ("Matsegora",)),
    ]
}


_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


def _words(name: str) -> list[str]:
    """Comparison words without middle initials and generational suffixes
    ("Elizabeth A. Burton" -> elizabeth burton, "Queen Elizabeth II" -> queen elizabeth)."""
    return [w for w in norm(name).split() if len(w) > 1 and w not in _SUFFIXES]


def score(predicted: list[str], gold: list[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(false positives, misses, matched pairs) for one document."""
    unused = list(gold)
    pairs: list[tuple[str, str]] = []
    fps: list[str] = []
    rest = []
    for p in predicted:
        hit = next((g for g in unused if _words(g) == _words(p)), None)
        if hit is None:
            rest.append(p)
            continue
        unused.remove(hit)
        pairs.append((p, hit))
    for p in rest:
        pw = _words(p)
        hit = next((g for g in unused if len(pw) == 1 and pw[0] in (_words(g)[:1] + _words(g)[-1:])), None)
        if hit is None:
            fps.append(p)
            continue
        unused.remove(hit)
        pairs.append((p, hit))
    return fps, unused, pairs


def evaluate(rows: list[dict[str, object]], registry: bool, show_misses: bool) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for row in rows:
        text = str(row["text"])
        reg = KOREA_REGISTRY if registry else None
        found = find_entities(text, reg)  # type: ignore[arg-type]
        predicted = [e.name for e in found if e.type == "person"]
        gold = [str(g) for g in row["people"]]  # type: ignore[attr-defined]
        fps, misses, pairs = score(predicted, gold)
        tp += len(pairs)
        fp += len(fps)
        fn += len(misses)
        for p in fps:
            print(f"  FP  {row['id']}: {p}")
        if show_misses:
            for g in misses:
                print(f"  MISS {row['id']}: {g}")
    return tp, fp, fn


def report(label: str, tp: int, fp: int, fn: int) -> None:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{label:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="list the gold names not found")
    parser.add_argument("--gold", default=str(ROOT / "eval" / "people-gold.jsonl"))
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    started = time.perf_counter()
    totals = [0, 0, 0]
    results = []
    for split in splits:
        chosen = [r for r in rows if r["split"] == split]
        print(f"== {split}: {len(chosen)} documents, {sum(len(r['people']) for r in chosen)} gold people")
        tp, fp, fn = evaluate(chosen, registry=False, show_misses=args.misses)
        results.append((f"{split} (empty registry)", tp, fp, fn))
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    korea = [r for r in rows if r.get("korea")]
    print(f"== Korea documents with the seed registry: {len(korea)} documents")
    k = evaluate(korea, registry=True, show_misses=args.misses)
    print()
    for label, tp, fp, fn in results:
        report(label, tp, fp, fn)
    if len(splits) > 1:
        report("all (empty registry)", *totals)
    report("Korea docs (seed registry)", *k)
    print(f"time: {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
