"""Eval: titles and bylines of extract_text on a set of real news pages kept outside the repository.

    .venv/bin/python eval/pages_eval.py [--set /work/pages-set] [--misses]

The set is a folder with texts/NNN.txt (whole-page text dumps, copyrighted, never committed) and
gold.jsonl, one page a line: {id, url, lang, title, byline, split}.  The gold was written by reading
the pages; title is the headline as the page states it (null when it states none), byline the
author name(s) as written (null when none).  Every outlet's pages are in one split, so "test" is
held out from anything tuned on "dev" or "dev2" (a second dev set of new outlets, collected after
"dev" had been studied).

Printed per language and split:
title   exact match after whitespace and quote normalisation; a page stating no headline counts
        as right when the extractor says it found none (the NO_HEADLINE warning)
byline  the set of names equal after normalisation (None and None agree)
menu    pages whose title is a menu item, section label or other furniture (a short line that is
        not the gold headline, nor a piece of the article's lead)

--misses lists the dev and dev2 splits' misses (never the test split's: those stay unread).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.textdump import NO_HEADLINE, TextExtraction, extract_text  # noqa: E402

DEFAULT_SET = Path("/work/pages-set")
MISSES_SPLITS = ("dev", "dev2")  # never "test": its misses stay unread
_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_ELLIPSIS = re.compile(r"…|\.{3}")


def norm_title(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _ELLIPSIS.sub("…", text)
    return " ".join(text.split()).casefold()


_NAME_SEPS = re.compile(r"\s*(?:,|;|&|·|/|、|\band\b|\bund\b|\by\b|\bet\b)\s*", re.IGNORECASE)
_HANGUL = re.compile(r"^[가-힣\s]+$")


def names(byline: str | None) -> frozenset[str]:
    """The people a byline names: split at separators (and at spaces between Hangul names), each
    name casefolded without spaces, hyphens or dots ("Ju-min Park" = "JU-MIN PARK" = "Jumin Park")."""
    if not byline:
        return frozenset()
    out = set()
    for part in _NAME_SEPS.split(unicodedata.normalize("NFKC", byline)):
        part = part.strip()
        pieces = part.split() if _HANGUL.match(part) else [part]
        for p in pieces:
            key = re.sub(r"[\s.\-‐]", "", p).casefold()
            if key:
                out.add(key)
    return frozenset(out)


@dataclass(frozen=True)
class Result:
    id: str
    lang: str
    split: str
    url: str
    gold_title: str | None
    gold_byline: str | None
    got: TextExtraction

    @property
    def title_ok(self) -> bool:
        if self.gold_title is None:
            return NO_HEADLINE in self.got.warnings
        return norm_title(self.got.title) == norm_title(self.gold_title)

    @property
    def byline_ok(self) -> bool:
        return names(self.got.byline) == names(self.gold_byline)

    @property
    def menu_title(self) -> bool:
        """A title that is furniture: short, not the headline, and not taken from the article's lead."""
        got = norm_title(self.got.title)
        if not got or self.title_ok or NO_HEADLINE in self.got.warnings:
            return False
        gold = norm_title(self.gold_title)
        if gold and (got in gold or gold in got):
            return False  # a headline with too much or too little around it, not a menu line
        return len(got.split()) <= 4 or len(got) <= 12


def run(folder: Path) -> list[Result]:
    results = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        text = (folder / "texts" / f"{g['id']}.txt").read_text(encoding="utf-8")
        results.append(Result(g["id"], g["lang"], g["split"], g["url"], g["title"], g["byline"], extract_text(text)))
    return results


def report(results: list[Result], misses: bool) -> None:
    groups: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        groups[(r.split, r.lang)].append(r)
        groups[(r.split, "all")].append(r)
    print(f"{'split':5} {'lang':4} {'pages':>5} {'title':>11} {'byline':>11} {'bylines stated':>15} {'menu':>5}")
    for split in ("dev", "dev2", "test"):
        for lang in ("ko", "en", "all"):
            rs = groups.get((split, lang), [])
            if not rs:
                continue
            t = sum(r.title_ok for r in rs)
            b = sum(r.byline_ok for r in rs)
            stated = [r for r in rs if r.gold_byline]
            bs = sum(r.byline_ok for r in stated)
            m = sum(r.menu_title for r in rs)
            n = len(rs)
            print(
                f"{split:5} {lang:4} {n:5} {t:3}/{n} {t / n:.3f} {b:3}/{n} {b / n:.3f} "
                f"{bs:3}/{len(stated)} {bs / max(len(stated), 1):.3f} {m:5}"
            )
    if misses:
        print("\ndev and dev2 misses:")
        for r in results:
            if r.split not in MISSES_SPLITS or (r.title_ok and r.byline_ok):
                continue
            print(f"- {r.id} {r.split} {r.lang} {r.url}")
            if not r.title_ok:
                flag = "  [MENU]" if r.menu_title else ""
                print(f"    title  gold {r.gold_title!r}\n           got  {r.got.title!r}{flag}")
            if not r.byline_ok:
                print(f"    byline gold {r.gold_byline!r}\n           got  {r.got.byline!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="folder with gold.jsonl and texts/")
    ap.add_argument("--misses", action="store_true", help="list the dev and dev2 splits' misses")
    args = ap.parse_args()
    report(run(args.set), args.misses)


if __name__ == "__main__":
    main()
