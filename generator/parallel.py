"""Render stage over several processes: page fingerprints, then pages (with their Markdown) written to disk.

Workers are forked after the model is built, so they share it without copying or pickling it; each
takes an interleaved share of the pages and renders the Markdown its pages show, so no HTML travels
between processes. The bytes are the same for any number of workers: every page depends only on
the model, never on which process rendered it or in which order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from .cache import fingerprint
from .errors import BriefingError, Problem, ThemeError
from .model import Site
from .pages import Page
from .render import Renderer
from .write import write_files

# Set in the parent just before forking; workers read it instead of receiving a pickled copy.
_JOB: dict[str, Any] = {}
# Below this many items a pool costs more than it saves.
_MIN_PARALLEL = 200


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext | None:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process does it all
        return None


def fingerprints(pages: Sequence[tuple[str, Page]], site: Site, site_key: str, jobs: int) -> list[str | None]:
    """The fingerprint of every page, in order (most of the cost is ranking related briefs)."""
    context = _context()
    if jobs <= 1 or len(pages) < _MIN_PARALLEL or context is None:
        return [fingerprint(page, site, site_key) for _, page in pages]
    _JOB.update(pages=pages, site=site, site_key=site_key)
    try:
        with context.Pool(jobs) as pool:
            shares = pool.map(_fingerprints, [(i, jobs) for i in range(jobs)])
    finally:
        _JOB.clear()
    result: list[str | None] = [None] * len(pages)
    for start, share in enumerate(shares):
        result[start::jobs] = share
    return result


def _fingerprints(share: tuple[int, int]) -> list[str | None]:
    start, step = share
    pages: Sequence[tuple[str, Page]] = _JOB["pages"]
    return [fingerprint(page, _JOB["site"], _JOB["site_key"]) for _, page in pages[start::step]]


def render_pages(renderer: Renderer, pages: Sequence[tuple[str, Page]], folder: str, jobs: int) -> None:
    """Render (path, page) pairs and write each to folder/path."""
    context = _context()
    if jobs <= 1 or len(pages) < _MIN_PARALLEL or context is None:
        _write_share(renderer, pages, folder)
        return
    _JOB.update(renderer=renderer, pages=pages, folder=folder)
    try:
        with context.Pool(jobs) as pool:
            failures = [f for f in pool.map(_pages, [(i, jobs) for i in range(jobs)]) if f is not None]
    finally:
        _JOB.clear()
    if failures:
        message, problems = min(failures, key=lambda f: str(f))
        raise ThemeError(message, problems)


def _pages(share: tuple[int, int]) -> tuple[str, list[Problem]] | None:
    start, step = share
    pages: Sequence[tuple[str, Page]] = _JOB["pages"]
    try:
        _write_share(_JOB["renderer"], pages[start::step], _JOB["folder"])
    except BriefingError as exc:  # exceptions with custom arguments do not survive pickling
        return exc.message, exc.problems
    return None


def _write_share(renderer: Renderer, pages: Sequence[tuple[str, Page]], folder: str) -> None:
    batch: dict[str, bytes] = {}
    for path, page in pages:
        batch[path] = renderer.render_page(page)
        if len(batch) >= 256:  # keep memory flat on big sites
            write_files(folder, batch)
            batch = {}
    write_files(folder, batch)
