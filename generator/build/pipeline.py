"""The build pipeline: session (load, assemble) → pages → render → write; every problem is reported before any write."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from ..config.site import Config
from ..errors import Problem, Problems
from ..model import Site
from ..site.reads import Parts, objects_by_token
from ..site.render import read_static
from ..site.session import Options, Session, raise_for
from ..site.themes import source_folders
from ..urls import output_file
from .cache import ShardedStore, Store, cache_folder, config_key, digest, file_stat, template_cache, theme_key
from .incremental import Files, Reads, Record, Shows, pages_to_render, record, shape_key, shows_of
from .parallel import Done, Job, write_pages
from .search import Searched, search_in_place, write_search
from .write import (
    MARKER,
    MARKER_TEXT,
    SPARE,
    Output,
    check_output_folder,
    holds,
    link_files,
    listing,
    staged,
    write_files,
)


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False  # include draft briefs (and undated ones)
    future: bool = False  # include briefs dated in the future
    strict: bool = False  # warnings fail the build
    now: dt.datetime | None = None  # "today" for --future; None means the clock
    jobs: int = 1  # processes that render, this one included (build only; output is identical for any number)
    cache: bool = True  # use the build cache (build only; output is identical without it)

    @property
    def session(self) -> Options:
        return Options(self.drafts, self.future, self.strict, self.now)


@dataclass
class BuildResult:
    site: Site
    files: int  # files in the output
    output: Output | None = None  # the files themselves, when rendered in memory (check)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = -1  # pages rendered this time (the rest came unchanged from the last build)
    incremental: bool = False  # the site kept its shape: the pages to render were looked up
    pages: int = -1  # pages in the output (files less static files), rendered or unchanged
    indexed: tuple[str, ...] = ()  # the search buckets (years) indexed anew; the others came from the cache
    searched: int = 0  # files of the search index (/pagefind/) in the output


def site_in_memory(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Every file of the site in memory (what `check` crawls), or a ContentError/ThemeError/BuildError.

    The search index (/pagefind/) is not made: nothing links to its files, and it is the costly part."""
    options = options or BuildOptions()
    started = time.perf_counter()
    session = Session.open(config, options.session)
    renderer = session.renderer
    renderer.markdown_bodies(session.site.briefs)
    renderer.markdown_bios()
    out = Output()
    for rel, source in sorted(renderer.static.items()):
        out.add(rel, read_static(source, renderer.dirs), config.relative(source))
    for page in session.table.pages():
        out.add(output_file(page.route), renderer.render(page), page.origin)
    problems = Problems()
    problems.extend(session.warnings)
    problems.extend(out.problems.items)
    raise_for(problems, options.strict)
    return BuildResult(session.site, len(out.files), out, problems.warnings, time.perf_counter() - started)


def build(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Build the site (see _build), with the cycle collector paused.

    The model is one big web of objects made at once and kept to the end; collecting cycles
    while it grows only walks it again and again (a sixth of a rebuild at 10,000 briefs).
    Worker processes collect as usual.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(config, options or BuildOptions())
    finally:
        if collecting:
            gc.enable()


def _build(config: Config, options: BuildOptions) -> BuildResult:
    """Render the site into a staging folder and swap it in; the previous site stays if anything fails.

    Every path is claimed (and checked for collisions and escapes) before anything is written.
    Pages that show the same as in the last build are hard-linked from it; the others are
    rendered by options.jobs processes straight to disk (see incremental.py for which are which).
    """
    started = time.perf_counter()
    check_output_folder(config.output, [config.root, config.content, config.seeds], source_folders(config))
    store = Store(cache_folder(config) if options.cache else None)
    content_key = config_key(config)
    parsed = ShardedStore(store, "content", content_key)
    session = Session.open(
        config, options.session, cached=parsed.load(), jobs=options.jobs, bytecode_cache=template_cache(store)
    )
    site, renderer = session.site, session.renderer
    problems = Problems()
    problems.extend(session.warnings)
    plan = Output()
    static = [
        (rel, source) for rel, source in sorted(renderer.static.items()) if plan.claim(rel, config.relative(source))
    ]
    theme = theme_key(renderer.dirs, renderer.static)
    site_key = digest(content_key, theme, config.base_url, options.drafts, options.future)
    shape = shape_key(site)
    last: Record | None = store.load("pages", site_key)
    before: Files = last["files"] if last is not None else {}
    shows_key = digest(site_key, shape)
    since = None
    if last is not None and last["shape"] == shape:
        since = pages_to_render(last, partial(store.load, "shows", shows_key), site, session.table, config.output)
    incremental = since is not None
    if since is not None:
        paths, todo = since
        reads: Reads | None = None
        parts: Parts | None = None
    else:
        todo = [
            (path, page) for page in session.table.pages() if (path := plan.claim(output_file(page.route), page.origin))
        ]
        problems.extend(plan.problems.items)
        raise_for(problems, options.strict)
        paths = {path: page.route for path, page in todo}
        reads, parts = _load_reads(store, site_key, last)
    statics = {rel: read_static(source, renderer.dirs) for rel, source in static}
    in_place = _in_place(config, site, store, paths, statics) if incremental and not todo else None
    if in_place is not None:
        # Nothing to render and the output is what this build would write, file for file: it is left
        # as it is (as make leaves a target that is up to date), not staged and swapped in again.
        parsed.save(session.loader.snapshot(), map(str, session.loader.changed))
        seconds = time.perf_counter() - started
        files = len(statics) + len(paths) + in_place
        return BuildResult(site, files, None, problems.warnings, seconds, 0, True, len(paths), (), in_place)
    renderer.check_templates()  # compiled once here, before workers fork, rather than once in each
    given = {path for path, _ in todo}
    tracked = store.folder is not None  # without a cache there is nothing to compare with next time
    objects = objects_by_token(site) if tracked else {}
    unchanged = [path for path in paths if path not in given]
    spare = store.folder / SPARE if store.folder is not None else None
    with staged(config.output, spare, unchanged) as (folder, kept):
        write_files(folder, statics)
        link_files(config.output, folder, [path for path in unchanged if path not in kept])
        renderer.markdown_bios()
        job = Job(
            folder=str(folder),
            site_key=site_key if tracked else "",
            output=str(config.output),
            previous=None if incremental else before,  # incremental: every page given needs rendering
            reads=reads,
            parts=parts,
            # Made before the workers fork even when unused: each object's token is then cached where
            # the workers share it, not copied into each of them.
            objects=objects if reads else None,
            shards=str(store.folder) if tracked and not incremental else "",
            words=config.search,
        )
        done = dict(zip((path for path, _ in todo), write_pages(renderer, todo, job, options.jobs), strict=True))
        renderer.release()  # this process rendered a share too: its caches are done with
        # A linked file keeps the size and mtime it had (checked): only rendered files need a stat.
        stats = {
            path: file_stat(folder, path) if path in done and done[path].rendered else before[path][2:]
            for path in paths
        }
        taken = [*paths, *(rel for rel, _ in static)]
        # The words of each body rendered, kept on its brief: the search index takes them, and the
        # content cache keeps them, so a later build re-indexing a year parses none of its bodies.
        texts = {route: text for d in done.values() for route, text in d.texts}
        for brief in site.briefs:
            brief.text = texts.get(brief.route) or brief.text
        searched = (
            write_search(config, site, folder, store.folder if tracked else None, options.jobs, taken)
            if config.search
            else Searched(0, ())
        )
    if tracked:
        _remember(store, site_key, shows_key, shape, site, last, paths, done, stats, reads, incremental)
    parsed.save(session.loader.snapshot(), map(str, session.loader.changed))
    files = len(static) + len(paths) + searched.files
    rendered = sum(d.rendered for d in done.values())
    seconds = time.perf_counter() - started
    return BuildResult(
        site,
        files,
        None,
        problems.warnings,
        seconds,
        rendered,
        incremental,
        len(paths),
        searched.indexed,
        searched.files,
    )


def _in_place(
    config: Config, site: Site, store: Store, paths: Mapping[str, str], statics: dict[str, bytes]
) -> int | None:
    """When the live output holds exactly what a build would write now (the pages, checked unchanged
    by pages_to_render; the static files' bytes; the search index; the marker; nothing else): the
    number of its search files. Else None."""
    output = config.output
    if not holds(output, {**statics, MARKER: MARKER_TEXT}):
        return None
    expected = {*paths, *statics, MARKER}
    searched: set[str] = set()
    if config.search:
        found = search_in_place(config, site, store.folder, output)
        if found is None:
            return None
        searched = found
    return len(searched) if listing(output) == expected | searched else None


def _load_reads(store: Store, site_key: str, last: Record | None) -> tuple[Reads | None, Parts | None]:
    """What the last build's pages read, from the shards its workers kept; None when one is lost."""
    if last is None or not last.get("shards"):
        return None, None
    reads: Reads = {}
    parts: Parts = {}
    for name in last["shards"]:
        shard = store.load(name, site_key)
        if not isinstance(shard, dict):
            return None, None
        reads.update(shard["pages"])
        parts.update(shard["parts"])
    return reads, parts


def _remember(
    store: Store,
    site_key: str,
    shows_key: str,
    shape: str,
    site: Site,
    last: Record | None,
    paths: dict[str, str],
    done: dict[str, Done],
    stats: dict[str, tuple[int, int]],
    reads: Reads | None,
    incremental: bool,
) -> None:
    """Keep what the next build compares with: each page's fingerprint, the shards of what the pages
    read (kept by the workers themselves), and which pages read which brief."""
    before: Files = last["files"] if last is not None else {}
    briefs_read = {path: d.briefs for path, d in done.items() if d.briefs is not None}
    if incremental:
        # The same shape: the reads kept are the last full build's; rendered pages' fingerprints,
        # made from what they read now, no longer match them, so a later full comparison renders
        # them. Add what they read now to who-read-which-brief.
        kept = record(before, shape, site, paths, {p: d.print for p, d in done.items()}, stats)
        kept["shards"] = last["shards"] if last is not None else []
        store.save("pages", site_key, kept)
        shows: Shows | None = store.load("shows", shows_key)
        if shows is not None:
            shows, added = shows_of(briefs_read, shows)
            if added:
                store.save("shows", shows_key, shows)
        return
    shards = sorted(d.shard for d in done.values() if d.shard)
    fresh = record(before, shape, site, paths, {p: d.print for p, d in done.items()}, stats)
    fresh["shards"] = shards
    store.save("pages", site_key, fresh)
    every = dict(briefs_read)  # who read which brief: rendered pages now, linked ones as last time
    for path in paths:
        if path not in every and reads is not None and path in reads:
            every[path] = reads[path][2]
    store.save("shows", shows_key, shows_of(every)[0])
    store.drop_except("reads-", set(shards))
