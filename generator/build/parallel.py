"""Render stage over several processes: each page fingerprinted, then rendered (with its Markdown)
to disk, or hard-linked from the last build when it shows the same.

One pass of forked workers does both, so what a page's fingerprint computes (related briefs, above
all) is computed once and reused by its template, and the model is shared copy-on-write with one
set of workers rather than two. No HTML travels between processes. The bytes are the same for any
number of workers: every page depends only on the model, never on which process rendered it or in
which order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from ..errors import BriefingError, Problem, ThemeError
from ..model import Site
from ..site.pages import Page
from ..site.render import Renderer
from ..workers import fork_map
from .cache import NO_PRINT, Files, Print, fingerprint, unchanged
from .write import link_files, write_files

__all__ = ["Done", "Job", "render_pages"]

# Rendered pages are written in batches of this many: memory stays flat on big sites.
BATCH = 256


@dataclass(frozen=True)
class Job:
    """Where pages go and what decides whether they need rendering."""

    folder: str  # the staging folder pages are written to
    site_key: str = ""  # cache.fingerprint's keys; "" with no cache: pages are not fingerprinted
    shape: str = ""
    output: str = ""  # the last build's folder, to link unchanged pages from
    previous: Files | None = None  # the last build's files; None renders every page given


class Done(NamedTuple):
    print: Print
    rendered: bool  # False: unchanged since the last build, hard-linked from it


class _Failed(NamedTuple):
    message: str
    problems: list[Problem]


def render_pages(renderer: Renderer, pages: Sequence[tuple[str, Page]], job: Job, site: Site, jobs: int) -> list[Done]:
    """Fingerprint each (path, page) and render it to job.folder/path, or link it from job.output when
    job.previous shows the same fingerprint for an untouched file. One Done per page, in order."""
    results = fork_map(partial(_render, renderer=renderer, job=job, site=site), pages, jobs)
    failures = [r for r in results if isinstance(r, _Failed)]
    if failures:
        message, problems = min(failures, key=str)
        raise ThemeError(message, problems)
    return [r for r in results if isinstance(r, Done)]


def _render(pages: Sequence[tuple[str, Page]], renderer: Renderer, job: Job, site: Site) -> list[Done | _Failed | None]:
    """A Done per page; the first failure stops this share (exceptions with custom arguments do
    not survive pickling, so it travels as a message and problems)."""
    done: list[Done | _Failed | None] = []
    batch: dict[str, bytes] = {}
    same: list[str] = []
    try:
        for path, page in pages:
            fp = fingerprint(page, site, job.site_key, job.shape) if job.site_key else NO_PRINT
            if job.previous is not None and unchanged(job.output, path, fp[0], job.previous):
                same.append(path)
                done.append(Done(fp, False))
                continue
            batch[path] = renderer.render_page(page)
            for brief in page.bodies:  # shown once per build: keeping its HTML only costs memory
                brief.html, brief.toc = "", []
            done.append(Done(fp, True))
            if len(batch) >= BATCH:
                write_files(job.folder, batch)
                batch = {}
        write_files(job.folder, batch)
        link_files(job.output, job.folder, same)
    except BriefingError as exc:
        return [_Failed(exc.message, exc.problems)] + [None] * (len(pages) - 1)
    return done
