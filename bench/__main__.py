"""`python -m bench`: run the benchmark (bench/run.py)."""

from __future__ import annotations

from bench.run import main

main()
