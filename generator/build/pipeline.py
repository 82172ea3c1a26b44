"""The build pipeline: load → assemble → render → write, with every problem reported before anything is written."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypedDict

from ..config.site import Config
from ..content.loader import Loader
from ..errors import BuildError, ContentError, Problem, Problems, plural
from ..model import Site
from ..site.assemble import Selection, assemble
from ..site.pages import Page
from ..site.render import Renderer
from ..urls import output_file
from .cache import (
    Files,
    Print,
    ShardedStore,
    Store,
    cache_folder,
    config_key,
    digest,
    file_stat,
    shape_key,
    template_cache,
    theme_key,
)
from .parallel import Job, render_pages
from .write import Output, check_output_folder, link_files, staged, write_files


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False  # include draft briefs (and undated ones)
    future: bool = False  # include briefs dated in the future
    strict: bool = False  # warnings fail the build
    now: dt.datetime | None = None  # "today" for --future; None means the clock
    jobs: int = 1  # worker processes for rendering (build only; output is identical for any number)
    cache: bool = True  # use the build cache (build only; output is identical without it)


@dataclass
class BuildResult:
    site: Site
    files: int  # files in the output
    output: Output | None = None  # the files themselves, when rendered in memory (render(), check)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = -1  # pages rendered this time (the rest came unchanged from the last build)
    incremental: bool = False  # no brief moved since the last build: pages to render were looked up
    pages: int = -1  # pages in the output (files less static files), rendered or unchanged


def prepare(config: Config, options: BuildOptions, loader: Loader | None = None) -> tuple[Site, Problems]:
    """Load and assemble: the whole model, or every content error at once."""
    content = (loader or Loader(config)).load(jobs=options.jobs)
    problems = Problems()
    problems.extend(content.problems.items)
    site, assembled = assemble(config, content, Selection(options.drafts, options.future, options.now))
    problems.extend(assembled.items)
    raise_for(problems, options.strict)
    return site, problems


def render(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Everything but writing: the whole site in memory, or a ContentError/ThemeError/BuildError."""
    options = options or BuildOptions()
    started = time.perf_counter()
    site, problems = prepare(config, options)
    output = Renderer(site).render()
    problems.extend(output.problems.items)
    raise_for(problems, options.strict)
    return BuildResult(site, len(output.files), output, problems.warnings, time.perf_counter() - started)


def build(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Build the site (see _build), with the cycle collector paused.

    The model is one big web of objects made at once and kept to the end; collecting cycles
    while it grows only walks it again and again (a sixth of a rebuild at 10,000 briefs).
    Worker processes collect as usual.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(config, options)
    finally:
        if collecting:
            gc.enable()


def _build(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Render the site into a staging folder and swap it in; the previous site stays if anything fails.

    Every path is claimed (and checked for collisions and escapes) before anything is written.
    Pages that show the same as in the last build are hard-linked from it; the others are
    rendered by options.jobs processes straight to disk. When no brief moved (same routes, dates
    and terms: the same shape), the pages to render are looked up from the briefs that changed.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    check_output_folder(config.output, [config.root, config.content, config.seeds])
    store = Store(cache_folder(config) if options.cache else None)
    content_key = config_key(config)
    parsed = ShardedStore(store, "content", content_key)
    loader = Loader(config, parsed.load())
    site, problems = prepare(config, options, loader)
    renderer = Renderer(site, bytecode_cache=template_cache(store))
    plan = Output()
    static = [
        (rel, source) for rel, source in sorted(renderer.static.items()) if plan.claim(rel, config.relative(source))
    ]
    site_key = _site_key(config, renderer, options, content_key)
    shape = shape_key(site)
    last: Record | None = store.load("pages", site_key)
    before = last["files"] if last is not None else {}
    shows_key = digest(site_key, shape)
    since = None
    if last is not None and last["shape"] == shape:
        since = _since(last, partial(store.load, "shows", shows_key), site, renderer, config.output)
    incremental = since is not None
    if since is not None:
        paths, todo = since
    else:
        pages = [
            (path, page)
            for page in renderer.table.pages()
            if (path := plan.claim(output_file(page.route), page.origin))
        ]
        problems.extend(plan.problems.items)
        raise_for(problems, options.strict)
        paths = {path: page.route for path, page in pages}
        todo = pages
    renderer.check_templates()  # compiled once here, before workers fork, rather than once in each
    given = {path for path, _ in todo}
    with staged(config.output) as folder:
        write_files(folder, {rel: source.read_bytes() for rel, source in static})
        link_files(config.output, folder, [path for path in paths if path not in given])
        renderer.render_bios()
        previous = None if incremental else before  # incremental: every page given needs rendering
        fingerprinted = site_key if store.folder is not None else ""  # no cache, nothing to compare with
        job = Job(str(folder), fingerprinted, shape, str(config.output), previous)
        done = dict(zip((path for path, _ in todo), render_pages(renderer, todo, job, site, options.jobs), strict=True))
        # A linked file keeps the size and mtime it had (checked): only rendered files need a stat.
        stats = {
            path: file_stat(folder, path) if path in done and done[path].rendered else before[path][2:]
            for path in paths
        }
    prints = {path: d.print for path, d in done.items()}
    store.save("pages", site_key, _record(before, shape, site, paths, prints, stats))
    if not incremental:
        store.save("shows", shows_key, _shows(prints))
    parsed.save(loader.snapshot(), map(str, loader.changed))
    seconds = time.perf_counter() - started
    files = len(static) + len(paths)
    rendered = sum(d.rendered for d in done.values())
    return BuildResult(site, files, None, problems.warnings, seconds, rendered, incremental, len(paths))


class Record(TypedDict):
    """What the build cache keeps of the last build's pages."""

    shape: str  # cache.shape_key of the site
    digests: dict[str, str]  # brief route → hash of its file
    files: Files


Shows = dict[str, list[str]]  # brief route → output paths of the pages that show its content (kept apart)


def _since(
    last: Record, shows: Callable[[], Shows | None], site: Site, renderer: Renderer, output: Path
) -> tuple[dict[str, str], list[tuple[str, Page]]] | None:
    """The last build's pages (path → route), and those to render: the pages that show a brief
    whose file changed, the search index when any did, and any file changed in the output folder.
    None when the cache has lost which pages show which brief."""
    digests = last["digests"]
    changed = [brief.route for brief in site.briefs if digests.get(brief.route) != brief.digest]
    stale: set[str] = set()
    pages_of = shows() if changed else {}
    if pages_of is None:
        return None
    for route in changed:
        stale.update(pages_of.get(route, ()))
    for path, (_, fp, size, mtime) in last["files"].items():
        if (fp is None and changed) or file_stat(output, path) != (size, mtime):
            stale.add(path)
    paths = {path: route for path, (route, *_) in last["files"].items()}
    router = renderer.table.router()
    return paths, [(path, router[paths[path]]()) for path in sorted(stale)]


def _record(
    before: Files,
    shape: str,
    site: Site,
    paths: dict[str, str],
    prints: dict[str, Print],
    stats: dict[str, tuple[int, int]],
) -> Record:
    """The record of this build; a page not fingerprinted this time (incremental) keeps its fingerprint."""
    files: Files = {}
    for path, route in paths.items():
        fp = prints[path][0] if path in prints else before[path][1]
        files[path] = (route, fp, *stats[path])
    return {"shape": shape, "digests": {b.route: b.digest for b in site.briefs}, "files": files}


def _shows(prints: dict[str, Print]) -> Shows:
    shows: Shows = {}
    for path, (_, routes) in prints.items():
        for route in routes:
            shows.setdefault(route, []).append(path)
    return shows


def _site_key(config: Config, renderer: Renderer, options: BuildOptions, content_key: str) -> str:
    """What every page depends on: site.yml, templates, static files, the base URL and the selection."""
    theme = theme_key(renderer.dirs.templates, renderer.static)
    return digest(content_key, theme, config.base_url, options.drafts, options.future)


def raise_for(problems: Problems, strict: bool) -> None:
    """Stop with every error (and, with strict, every warning) found so far."""
    errors = problems.errors
    if errors:
        files = len({p.path for p in errors})
        raise ContentError(
            f"build failed: {plural(len(errors), 'error')} in {plural(files, 'file')}; nothing was written",
            sorted(problems.items, key=_order),
        )
    if strict and problems.warnings:
        raise BuildError(
            f"build failed: {plural(len(problems.warnings), 'warning')} with --strict; nothing was written",
            sorted(problems.warnings, key=_order),
        )


def _order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)
