"""Build stage over several processes: each page fingerprinted from its last reads, then rendered to disk
(recording its reads anew) or hard-linked from the last build when it shows the same.

One pass of forked workers does both, so what a page's fingerprint evaluates (related briefs, above
all) is computed once and reused by its template, and the model is shared copy-on-write. No HTML
travels between processes. The bytes are the same for any number of workers: every page depends
only on the model, never on which process rendered it or in which order.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..errors import BriefingError, Problem, ThemeError
from ..site.pages import Page
from ..site.reads import Fingerprints, Parts
from ..site.render import Renderer
from ..workers import fork_map
from .cache import Store
from .incremental import Files, PageReads, Reads, unchanged
from .write import link_files, write_files

__all__ = ["Done", "Job", "write_pages"]

# Rendered pages are written in batches of this many: memory stays flat on big sites.
BATCH = 256


@dataclass(frozen=True)
class Job:
    """Where pages go and what decides whether they need rendering."""

    folder: str  # the staging folder pages are written to
    site_key: str = ""  # what every page depends on; "" with no cache: pages are neither tracked nor fingerprinted
    output: str = ""  # the last build's folder, to link unchanged pages from
    previous: Files | None = None  # the last build's files; None renders every page given
    reads: Mapping[str, PageReads] | None = None  # the last build's reads per page
    parts: Parts | None = None  # and of the partials they reused
    objects: Mapping[str, object] | None = None  # token → model object, to evaluate those reads
    shards: str = ""  # the cache folder each worker keeps what its pages read in ("": not kept)
    words: bool = True  # send back the words of each body rendered (for the search index; off without one)


class Done(NamedTuple):
    print: str | None  # the page's fingerprint (None: not fingerprinted, or made from the whole site)
    briefs: tuple[str, ...] | None  # tokens of the briefs its template read (None: not rendered)
    rendered: bool  # False: unchanged since the last build, hard-linked from it
    shard: str = ""  # on the last Done of a worker's share: the cache file it kept its pages' reads in
    texts: tuple[tuple[str, str], ...] = ()  # (route, words) of the bodies it rendered, for the search index


class _Failed(NamedTuple):
    message: str
    problems: list[Problem]
    hint: str | None = None


def write_pages(renderer: Renderer, pages: Sequence[tuple[str, Page]], job: Job, jobs: int) -> list[Done]:
    """Render each (path, page) to job.folder/path, or link it from job.output when its last reads
    give the fingerprint job.previous holds for an untouched file. One Done per page, in order."""
    results = fork_map(partial(_render, renderer=renderer, job=job), pages, jobs)
    failures = [r for r in results if isinstance(r, _Failed)]
    if failures:
        message, problems, hint = min(failures, key=str)
        raise ThemeError(message, problems, hint)
    return [r for r in results if isinstance(r, Done)]


def _render(pages: Sequence[tuple[str, Page]], renderer: Renderer, job: Job) -> list[Done | _Failed | None]:
    """A Done per page; the first failure stops this share (exceptions with custom arguments do
    not survive pickling, so it travels as a message and problems)."""
    done: list[Done | _Failed | None] = []
    batch: dict[str, bytes] = {}
    same: list[str] = []
    recorder = renderer.recorder
    prints = Fingerprints(job.site_key, recorder, job.objects, job.parts) if job.site_key else None
    kept: Reads = {}  # what this share's pages read: kept by this worker, not sent to the build
    sent: set[str] = set()  # the routes whose words went back already
    try:
        for path, page in pages:
            if prints is None or page.make is not None:
                batch[path] = renderer.render(page)
                result = Done(None, None, True)
            else:
                last = job.reads.get(path) if job.reads is not None and job.previous is not None else None
                if last is not None:
                    fp = prints.of(page.template, page.context, last[0], last[1], old=True)
                    if job.previous is not None and unchanged(job.output, path, fp, job.previous):
                        same.append(path)
                        done.append(Done(fp, None, False))
                        kept[path] = last
                        continue
                body, reading = renderer.render_with_reads(page)
                batch[path] = body
                fp = prints.of(page.template, page.context, reading.keys, reading.parts, old=False)
                result = Done(fp, reading.briefs, True)
                kept[path] = (reading.keys, reading.parts, reading.briefs)
            texts = []  # the words of the bodies shown: the search index need not parse them again
            for brief in page.bodies:  # shown once per build: keeping its HTML only costs memory
                if job.words and brief.html and brief.route not in sent:
                    sent.add(brief.route)
                    texts.append((brief.route, brief.text))
                brief.html, brief.toc, brief.text = "", [], ""
            done.append(result._replace(texts=tuple(texts)) if texts else result)
            if len(batch) >= BATCH:
                write_files(job.folder, batch)
                batch = {}
        write_files(job.folder, batch)
        link_files(job.output, job.folder, same)
        last_done = done[-1] if done else None
        if isinstance(last_done, Done) and job.shards:
            done[-1] = last_done._replace(shard=_keep(job, kept, recorder.part_table()))
    except BriefingError as exc:
        return [_Failed(exc.message, exc.problems, exc.hint)] + [None] * (len(pages) - 1)
    return done


def _keep(job: Job, kept: Reads, mine: Parts) -> str:
    """Save what this worker's pages read (and the partials they reused) as one shard of the cache."""
    parts: Parts = {}
    for _, names, _ in kept.values():
        for name in names:
            if name not in parts:
                found = mine.get(name) or (job.parts or {}).get(name)
                if found is not None:
                    parts[name] = found
    shard = f"reads-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    Store(Path(job.shards)).save(shard, job.site_key, {"pages": kept, "parts": parts})
    return shard
