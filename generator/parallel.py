"""Render stage over several processes: page fingerprints, then pages (with their Markdown) written to disk.

Each worker renders the Markdown its own pages show, so no HTML travels between processes. The
bytes are the same for any number of workers: every page depends only on the model, never on
which process rendered it or in which order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from .cache import Print, fingerprint
from .errors import BriefingError, Problem, ThemeError
from .model import Site
from .pages import Page
from .render import Renderer
from .workers import fork_map
from .write import write_files

__all__ = ["fingerprints", "render_pages"]


def fingerprints(pages: Sequence[tuple[str, Page]], site: Site, site_key: str, shape: str, jobs: int) -> list[Print]:
    """The fingerprint of every page, in order (most of the cost is ranking related briefs)."""
    return fork_map(partial(_fingerprints, site=site, site_key=site_key, shape=shape), pages, jobs)


def _fingerprints(pages: Sequence[tuple[str, Page]], site: Site, site_key: str, shape: str) -> list[Print]:
    return [fingerprint(page, site, site_key, shape) for _, page in pages]


def render_pages(renderer: Renderer, pages: Sequence[tuple[str, Page]], folder: str, jobs: int) -> None:
    """Render (path, page) pairs and write each to folder/path."""
    failures = [f for f in fork_map(partial(_render, renderer=renderer, folder=folder), pages, jobs) if f]
    if failures:
        message, problems = min(failures, key=str)
        raise ThemeError(message, problems)


def _render(
    pages: Sequence[tuple[str, Page]], renderer: Renderer, folder: str
) -> list[tuple[str, list[Problem]] | None]:
    """None per page written; the first failure stops this share (exceptions with custom
    arguments do not survive pickling, so it travels as a message and problems)."""
    batch: dict[str, bytes] = {}
    try:
        for path, page in pages:
            batch[path] = renderer.render_page(page)
            if len(batch) >= 256:  # keep memory flat on big sites
                write_files(folder, batch)
                batch = {}
        write_files(folder, batch)
    except BriefingError as exc:
        return [(exc.message, exc.problems)] + [None] * (len(pages) - 1)
    return [None] * len(pages)
