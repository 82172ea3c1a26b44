"""Evaluate Korean person finding (generator.ingest.entities on Hangul text).

Two gold sets:

- ``klue``: ../shared/eval/klue-persons-dev (KLUE-NER v1.1 dev, wikitree news; CC BY-SA 4.0):
  per document the person names of two characters or more, as written. Scored as the issue
  asks: a predicted mention counts when it equals a gold name once a trailing particle is
  removed (our finder keeps particles in its mentions, as written). Micro P/R/F1 over the set
  of distinct names per document, for the whole set and each half (even / odd ids). Half A
  was used while building the finder; half B is the held-out figure.
- ``voa``: eval/korean-gold.jsonl, Korean news of Voice of America's Korean service (VOA
  한국어; original VOA material is public domain). "dev": the four articles on North Korea and
  Russia of ../shared/demo-seeds (06-09), used while building the finder. "test": eleven more
  VOA articles (sanctions, North Korea, US politics, world news) from the KoDPS collection
  (https://github.com/maenwi/KoDPS, CC BY 4.0, drawn from Multilingual Open Text,
  https://github.com/bltlab/mot, CC BY 4.0), held out: not looked at while building. Each
  record names its source. Gold: each person with every form the text writes ("블라디미르
  푸틴", "푸틴"), a person named only as an adjective included ("바이든 행정부"); written by
  reading, before the finder was run on the text. A found person counts when one of its
  mentions, particle removed, is one of a gold person's forms; the registry of the demo
  (content/) is used. Also counted: the pages that name 김정은, and how many of them the
  finder tags Kim Jong-un.

    .venv/bin/python eval/korean_eval.py [--only klue,voa] [--misses [--halves A]]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config.site import load_config  # noqa: E402
from generator.content.registry import load_registry  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.ingest.entities import FoundEntity, find_entities  # noqa: E402
from generator.ingest.extract import known_entities  # noqa: E402

# The scorer's own particle list (not the finder's): the case and topic particles of the
# KLUE guideline, longest first.
_PARTICLE_LIST = (
    "이 가 은 는 을 를 의 과 와 도 만 에 에게 에서 께서 로 으로 이다 이라고 라고 처럼 보다 까지 부터 하고 이나"
)
PARTICLES = sorted(
    _PARTICLE_LIST.split(),
    key=len,
    reverse=True,
)


def strip(mention: str, gold: set[str]) -> str:
    """The mention as the scorer compares it: itself if gold, else without one trailing particle."""
    if mention in gold:
        return mention
    for particle in PARTICLES:
        if mention.endswith(particle) and len(mention) > len(particle) and mention[: -len(particle)] in gold:
            return mention[: -len(particle)]
    for particle in PARTICLES:
        if mention.endswith(particle) and len(mention) - len(particle) >= 2:
            return mention[: -len(particle)]
    return mention


def person_mentions(found: list[FoundEntity]) -> list[str]:
    return [m for e in found if e.type == "person" for m in e.mentions]


def report(label: str, tp: int, fp: int, fn: int) -> None:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{label:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})")


def klue(shared: Path, show: bool, halves: str) -> None:
    folder = shared / "klue-persons-dev"
    gold: dict[str, Any] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    keys = sorted(gold)
    started = time.perf_counter()
    counts: dict[str, tuple[int, int, int]] = {}
    for n, key in enumerate(keys):
        text = (folder / "text" / f"{key}.txt").read_text(encoding="utf-8")
        names = {g for g in gold[key]["PER"] if len(g) >= 2}
        # Like the gold, names of two characters or more ("김" in "김 위원장" is not scored).
        predicted = {strip(m, names) for m in person_mentions(find_entities(text))}
        predicted = {p for p in predicted if len(p) >= 2}
        tp, fp, fn = len(predicted & names), len(predicted - names), len(names - predicted)
        counts[key] = (tp, fp, fn)
        half = "A" if n % 2 == 0 else "B"
        if show and half in halves:
            for p in sorted(predicted - names):
                print(f"  FP  {half} {key}: {p}")
            for g in sorted(names - predicted):
                print(f"  MISS {half} {key}: {g}")
    seconds = time.perf_counter() - started
    print(f"== klue-persons-dev: {len(keys)} documents in {seconds:.1f} s")
    for label, subset in (("all", keys), ("half A (dev)", keys[::2]), ("half B (held out)", keys[1::2])):
        tp, fp, fn = (sum(counts[k][i] for k in subset) for i in range(3))
        report(f"klue {label}", tp, fp, fn)


def voa(show: bool) -> None:
    rows = [json.loads(line) for line in (ROOT / "eval" / "korean-gold.jsonl").read_text("utf-8").splitlines() if line]
    config = load_config(ROOT / "site.yml")
    registry = known_entities(load_registry(config, Problems()))
    totals: dict[str, list[int]] = {}
    kim_pages = kim_tagged = 0
    for row in rows:
        found = find_entities(row["text"], registry)
        gold: list[list[str]] = row["people"]
        forms = {f for person in gold for f in person}
        unmatched = list(range(len(gold)))
        fps: list[str] = []
        for entity in (e for e in found if e.type == "person"):
            said = {strip(m, forms) for m in entity.mentions} | {entity.name}
            hit = next((i for i in unmatched if said & set(gold[i])), None)
            if hit is None:
                fps.append(entity.name)
            else:
                unmatched.remove(hit)
        counts = totals.setdefault(row["split"], [0, 0, 0])
        counts[0] += len(gold) - len(unmatched)
        counts[1] += len(fps)
        counts[2] += len(unmatched)
        if "김정은" in row["text"]:
            kim_pages += 1
            kim_tagged += any(e.name == "Kim Jong-un" for e in found)
        if show:
            for p in fps:
                print(f"  FP  {row['id']}: {p}")
            for i in unmatched:
                print(f"  MISS {row['id']}: {gold[i][0]}")
    print(f"== korean-gold.jsonl: {len(rows)} documents (demo registry)")
    for split, (tp, fp, fn) in sorted(totals.items()):
        report(f"voa {split}", tp, fp, fn)
    print(f"pages naming 김정은 tagged Kim Jong-un: {kim_tagged} of {kim_pages}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--only", default="klue,voa")
    parser.add_argument("--misses", action="store_true", help="list false positives and misses")
    parser.add_argument(
        "--halves", default="A", help="the klue halves whose misses --misses lists (default A; B is held out)"
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    find_entities("한국어")  # load Kiwi once, outside the timings
    if "klue" in only:
        klue(args.shared, args.misses, args.halves.upper())
    if "voa" in only:
        voa(args.misses)


if __name__ == "__main__":
    main()
