"""Evaluate person finding on fresh real news pages, English and Korean, page furniture and all.

The set lives outside the repository (the pages are copyrighted; their texts are never
committed): ``--set`` names a folder holding ``texts/NNN.txt`` (a page's text from its
beginning: menus, headline, bylines, photo captions and credits, related headlines, footers)
and ``gold.jsonl``, one record a page::

    {"id": "001", "url": ..., "lang": "ko" | "en", "split": "dev" | "test", "outlet": ...,
     "people": [["도널드 트럼프", "트럼프"], ...],   # every name form the text writes, a person a list
     "credits": ["김주형", ...],                      # reporters, photographers, anchors: not actors
     "optional": [["숀 펜"], ...]}                    # furniture people (menus, related headlines)

The gold was written by reading each page, before the finder was run on it. The split is by
outlet (all pages of an outlet in one split), fixed before any result was seen; "test" is the
held-out figure. Scoring is voa()'s of eval/korean_eval.py: find_entities with the demo
registry (content/); a found person counts when one of its mentions, trailing particle (or
English possessive) removed, or its name is a form of a gold person not yet matched; a found
person matching an optional person counts neither way; everything else, credits included, is a
false positive. Micro P/R/F1 per language and split.

    .venv/bin/python eval/fresh_people_eval.py --set /work/people-set [--misses]

``--misses`` lists the false positives and misses of the dev split only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from korean_eval import report, strip  # noqa: E402

from generator.config.site import load_config  # noqa: E402
from generator.content.registry import load_registry  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.ingest.entities import FoundEntity, find_entities  # noqa: E402
from generator.ingest.extract import known_entities  # noqa: E402


def said(entity: FoundEntity, forms: set[str]) -> set[str]:
    """What the entity says of itself, as the scorer compares it."""
    out = {entity.name}
    for mention in entity.mentions:
        out.add(strip(mention, forms))
        for tail in ("'s", "’s"):
            if mention.endswith(tail):
                out.add(mention[: -len(tail)])
    return out


def score(row: dict[str, Any], found: list[FoundEntity]) -> tuple[int, list[str], list[str]]:
    """(true positives, false positives described, misses) of one page."""
    gold: list[list[str]] = row["people"]
    optional: list[list[str]] = row.get("optional", [])
    credits = set(row.get("credits", []))
    forms = {f for person in gold + optional for f in person} | credits
    unmatched = list(range(len(gold)))
    matched: set[int] = set()
    fps: list[str] = []
    for entity in (e for e in found if e.type == "person"):
        words = said(entity, forms)
        hit = next((i for i in unmatched if words & set(gold[i])), None)
        if hit is not None:
            unmatched.remove(hit)
            matched.add(hit)
        elif any(words & set(person) for person in optional):
            continue
        elif words & credits:
            fps.append(f"{entity.name}  (credit)")
        elif any(words & set(gold[i]) for i in matched):
            fps.append(f"{entity.name}  (second entity of one person)")
        else:
            fps.append(f"{entity.name}  {list(entity.mentions)}")
    return len(gold) - len(unmatched), fps, [gold[i][0] for i in unmatched]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, required=True, help="folder with gold.jsonl and texts/")
    parser.add_argument("--misses", action="store_true", help="list false positives and misses (dev split only)")
    args = parser.parse_args()
    lines = (args.set / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    config = load_config(ROOT / "site.yml")
    registry = known_entities(load_registry(config, Problems()))
    totals: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        text = (args.set / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8")
        tp, fps, misses = score(row, find_entities(text, registry))
        counts = totals.setdefault((row["lang"], row["split"]), [0, 0, 0])
        counts[0] += tp
        counts[1] += len(fps)
        counts[2] += len(misses)
        if args.misses and row["split"] == "dev":
            for fp in fps:
                print(f"  FP   {row['id']} {row['outlet']}: {fp}")
            for miss in misses:
                print(f"  MISS {row['id']} {row['outlet']}: {miss}")
    pages = {key: sum(1 for r in rows if (r["lang"], r["split"]) == key) for key in totals}
    print(f"== fresh people set {args.set}: {len(rows)} pages")
    for key, (tp, fp, fn) in sorted(totals.items()):
        report(f"{key[0]} {key[1]} ({pages[key]} pages)", tp, fp, fn)


if __name__ == "__main__":
    main()
