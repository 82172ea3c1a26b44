"""Evaluate quote finding (generator.ingest.quotes) against eval/quotes-gold.jsonl.

The gold set (written by reading before the extractor was run on it; eval/quotes-texts/README.md
says where the texts come from): "dev" is the demo seeds and three Wikinews texts, used while
building; "test" is five Wikinews texts and eleven VOA Korean texts of eval/korean-gold.jsonl,
held out; "dev2" and "test2" are twenty English news bodies of ../shared/eval/aeb-dev (not copied
here), split before reading: dev2 used while building, test2 scored only when asked for (--split
test2 or all), once, at the end; "test3" is thirteen Korean documents of ../shared/eval/klue-persons-dev
(KLUE wikitree news sentences, not copied here), written for issue #15's second round before its code
changed and scored only when asked for (--split test3 or all). Each text goes through ingest's own
extract (the demo registry of content/), so the speakers are resolved as ingest resolves them.

Scoring: a found quote matches a gold quote when their texts, case, spacing and the marks and
punctuation at the ends aside, are equal or one holds the other and is at least 60% of its
length (a quote cut at a different comma is the same quote); one to one, in order. Gold quotes
marked optional (partial quotes of two or three words) count neither way. Quote recall = gold
quotes matched / gold quotes; quote precision = found quotes matched / found quotes. Speaker
precision = matched quotes whose speaker is right (the gold speaker or one of its other names)
/ matched quotes given a speaker; a speaker given to a quote the gold leaves without one is
wrong. Speaker recall = gold quotes with a speaker matched with the right speaker / gold quotes
with a speaker.

    .venv/bin/python eval/quotes_eval.py [--split dev|dev2|test|test2|test3|shown|all] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config.site import load_config  # noqa: E402
from generator.content.registry import load_registry  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.ingest.extract import extract  # noqa: E402

_ENDS = " \t\n\"'“”‘’„«»「」『』,.;:!?…-–—"


def norm(text: str) -> str:
    return " ".join(text.casefold().split()).strip(_ENDS)


def same_text(found: str, gold: str) -> bool:
    a, b = norm(found), norm(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 0.6 * len(long)


def same_speaker(found: str, gold: dict[str, Any]) -> bool:
    names = [gold.get("speaker") or "", *(gold.get("also") or [])]
    key = norm(found).replace("-", " ")
    return any(name and norm(name).replace("-", " ") == key for name in names)


SHARED = ROOT.parent / "shared"  # the project's shared folder, beside the repository (as CI lays it)
SPLITS = ("dev", "dev2", "test", "test2", "test3")
SHOWN = ("dev", "dev2", "test")  # test2 and test3 are scored only when asked for (--split test2, test3 or all)


def _headline(url: str) -> str:
    """A headline for an article body that has none (the benchmark keeps the body only): the words of its
    address's slug, so that the text dump's headline finder does not take a paragraph for the title."""
    slug = max(url.rstrip("/").split("/")[3:] or [url], key=len).rsplit(".", 1)[0]
    words = [w for w in slug.replace("_", "-").split("-") if w.isalpha() or (w.isdigit() and len(w) < 5)]
    return " ".join(words).capitalize() or "News"


def texts() -> list[tuple[dict[str, Any], str]]:
    """Each gold record with the text it is about (records whose shared text is missing are left out)."""
    shared: dict[str, dict[str, Any]] = {}
    korean = {}
    for line in (ROOT / "eval" / "korean-gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            korean[record["id"]] = record["text"]
    out = []
    for line in (ROOT / "eval" / "quotes-gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if "file" in record:
            out.append((record, (ROOT / record["file"]).read_text(encoding="utf-8")))
        elif "shared" in record:
            # a text not copied into the repository: the article body of a benchmark in shared/
            if record["shared"] not in shared:
                path = SHARED / record["shared"]
                shared[record["shared"]] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            body = shared[record["shared"]].get(record["key"])
            if body is None:
                print(f"quotes: {record['id']}: no text ({SHARED / record['shared']} missing)", file=sys.stderr)
                continue
            out.append((record, f"{_headline(record['source'])}\n\n{body['articleBody']}"))
        elif "shared_text" in record:
            # a plain text in shared/, not copied into the repository (KLUE's documents, CC BY-SA)
            path = SHARED / record["shared_text"]
            if not path.exists():
                print(f"quotes: {record['id']}: no text ({path} missing)", file=sys.stderr)
                continue
            out.append((record, path.read_text(encoding="utf-8")))
        else:
            out.append((record, korean[record["text_ref"].split("#", 1)[1]]))
    return out


def score(records: list[tuple[dict[str, Any], list[dict[str, str]]]], misses: bool) -> dict[str, float]:
    gold_n = found_n = matched_n = spoken = right = gold_spoken = right_gold = 0
    for record, found in records:
        gold = record["quotes"]
        used: set[int] = set()
        for quote in found:
            hit = next((i for i, g in enumerate(gold) if i not in used and same_text(quote["text"], g["text"])), None)
            if hit is None:
                found_n += 1
                if misses:
                    print(f"  {record['id']}: not a gold quote: {quote.get('speaker', '-')} | {quote['text'][:80]}")
                continue
            used.add(hit)
            g = gold[hit]
            if g.get("optional"):
                continue
            found_n += 1
            matched_n += 1
            if quote.get("speaker"):
                spoken += 1
                ok = same_speaker(quote["speaker"], g)
                right += ok
                right_gold += ok
                if misses and not ok:
                    print(
                        f"  {record['id']}: wrong speaker {quote['speaker']} (gold {g.get('speaker')})",
                        g["text"][:50],
                    )
            elif misses and g.get("speaker"):
                print(f"  {record['id']}: no speaker (gold {g.get('speaker')}) | {g['text'][:60]}")
        for i, g in enumerate(gold):
            if g.get("optional"):
                continue
            gold_n += 1
            gold_spoken += bool(g.get("speaker"))
            if i not in used and misses:
                print(f"  {record['id']}: missed: {g.get('speaker')} | {g['text'][:80]}")
    return {
        "gold": gold_n,
        "found": found_n,
        "matched": matched_n,
        "recall": matched_n / gold_n if gold_n else 0.0,
        "precision": matched_n / found_n if found_n else 0.0,
        "with_speaker": spoken,
        "speaker_precision": right / spoken if spoken else 0.0,
        "speaker_recall": right_gold / gold_spoken if gold_spoken else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split", default="shown", choices=(*SPLITS, "shown", "all"), help="shown (the default): dev, dev2 and test"
    )
    parser.add_argument("--misses", action="store_true", help="print every miss, wrong speaker and extra quote")
    args = parser.parse_args()
    config = load_config(ROOT)
    registry = load_registry(config, Problems())
    wanted = {"shown": SHOWN, "all": SPLITS}.get(args.split, (args.split,))
    results: dict[str, list[tuple[dict[str, Any], list[dict[str, str]]]]] = {split: [] for split in SPLITS}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        for record, text in texts():
            if record["split"] not in wanted:
                continue
            path = Path(work) / f"{record['id']}.txt"
            path.write_text(text, encoding="utf-8")
            x = extract(path, config, registry)
            results[record["split"]].append((record, [q.to_json() for q in x.quotes]))
    seconds = time.perf_counter() - started
    for split, records in results.items():
        if not records:
            continue
        if args.misses:
            print(f"-- {split} misses")
        s = score(records, args.misses)
        print(
            f"quotes {split:5s} | {len(records)} texts | gold {s['gold']} found {s['found']} matched {s['matched']} | "
            f"quote P {s['precision']:.3f} R {s['recall']:.3f} | speaker P {s['speaker_precision']:.3f} "
            f"({s['with_speaker']} given) R {s['speaker_recall']:.3f}"
        )
    print(f"quotes: {sum(map(len, results.values()))} texts in {seconds:.1f} s")


if __name__ == "__main__":
    main()
