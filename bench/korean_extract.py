"""Bench: what a Korean brief costs to extract once the process has started, and what start-up costs.

    .venv/bin/python -m bench.korean_extract [--repeat 3] [SEED ...]

In one process: the time to load Kiwi (kiwipiepy's model, loaded once per process on the first
text with Hangul), then, for each Korean seed (default: ../shared/demo-seeds/06-09, VOA Korean
news), the median wall time and CPU time of generator.ingest.extract.extract on it, with the
demo site's registry and topic rules. Issue #14 asks for "well under 0.5 s of work after start-up".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_SEEDS = ROOT.parent / "shared" / "demo-seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seeds: list[Path] = args.seeds or sorted(DEMO_SEEDS.glob("0[6-9]-voa-*.txt"))
    if not seeds:
        sys.exit("no Korean seeds: pass their paths")
    sys.path.insert(0, str(ROOT))
    from generator.config.site import load_config
    from generator.content.registry import load_registry
    from generator.errors import Problems
    from generator.ingest.entities.morph import chunks, morphemes
    from generator.ingest.extract import extract

    config = load_config(ROOT / "site.yml")
    registry = load_registry(config, Problems())
    started = time.perf_counter()
    morphemes("한국어 형태소 분석기를 불러온다")
    print(f"start-up: Kiwi loaded in {time.perf_counter() - started:.2f} s (once per process)")
    extract(seeds[0], config, registry)  # gazetteer index, recognizer: loaded once too
    for seed in seeds:
        walls, cpus = [], []
        for _ in range(args.repeat):
            morphemes.cache_clear()  # each run analyses the text afresh, as a new seed would be
            chunks.cache_clear()
            wall, cpu = time.perf_counter(), time.process_time()
            extract(seed, config, registry)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        chars = len(seed.read_text(encoding="utf-8"))
        print(
            f"{seed.name[:50]:<50} {chars:>6} chars  wall {statistics.median(walls):.3f} s"
            f"  cpu {statistics.median(cpus):.3f} s"
        )


if __name__ == "__main__":
    main()
