"""Render stage over several processes: Markdown bodies, then pages, written straight into the staging folder.

Workers are forked after the model is built, so they share it without copying or pickling it; each
renders an interleaved share of the pages. The bytes are the same for any number of workers:
every page depends only on the model, never on which process rendered it or in which order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from .errors import BriefingError, Problem, ThemeError
from .model import Brief, Heading
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


def render_bodies(renderer: Renderer, briefs: Sequence[Brief], jobs: int) -> None:
    """Markdown → HTML for every brief that has none yet."""
    # A brief is on its own page and in several feeds: render it once.
    todo = list({id(b): b for b in briefs if not b.html and b.body.strip()}.values())
    context = _context()
    if jobs <= 1 or len(todo) < _MIN_PARALLEL or context is None:
        renderer.render_bodies(todo)
        return
    _JOB.update(renderer=renderer, briefs=todo)
    try:
        shares = [list(range(i, len(todo), jobs)) for i in range(jobs)]
        with context.Pool(jobs) as pool:
            for share, results in zip(shares, pool.map(_bodies, shares), strict=True):
                for index, (html, toc) in zip(share, results, strict=True):
                    todo[index].html, todo[index].toc = html, toc
    finally:
        _JOB.clear()


def _bodies(share: list[int]) -> list[tuple[str, list[Heading]]]:
    renderer: Renderer = _JOB["renderer"]
    briefs: list[Brief] = _JOB["briefs"]
    return [renderer.markdown.render(briefs[i].body) for i in share]


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
