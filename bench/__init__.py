"""Benchmarks: Briefing against Hugo and Pelican on one generated corpus (see bench/README.md)."""
