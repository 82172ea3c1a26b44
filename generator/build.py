"""The build pipeline: load → assemble → render → write, with every problem reported before anything is written."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import Selection, assemble
from .cache import Store, cache_folder, config_key, digest, theme_key
from .config import Config
from .content import Loader
from .errors import BuildError, ContentError, Problem, Problems, plural
from .model import Site
from .parallel import fingerprints as page_prints
from .parallel import render_pages
from .render import Renderer
from .urls import output_file
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
    """Render the site into a staging folder and swap it in; the previous site stays if anything fails.

    Every path is claimed (and checked for collisions and escapes) before anything is written.
    Pages whose fingerprint matches the last build are hard-linked from it; the others are
    rendered by options.jobs processes straight to disk.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    check_output_folder(config.output, [config.root, config.content, config.seeds])
    store = Store(cache_folder(config) if options.cache else None)
    content_key = config_key(config)
    cached_content = store.load("content", content_key)
    loader = Loader(config, cached_content)
    site, problems = prepare(config, options, loader)
    renderer = Renderer(site)
    plan = Output()
    static = [
        (rel, source) for rel, source in sorted(renderer.static.items()) if plan.claim(rel, config.relative(source))
    ]
    pages = [
        (path, page) for page in renderer.table.pages() if (path := plan.claim(output_file(page.route), page.origin))
    ]
    problems.extend(plan.problems.items)
    raise_for(problems, options.strict)
    site_key = _site_key(config, renderer, options, content_key)
    previous = store.load("pages", site_key) or {}
    prints = dict(zip((path for path, _ in pages), page_prints(pages, site, site_key, options.jobs), strict=True))
    reuse = [path for path, _ in pages if _unchanged(config.output, path, prints[path], previous)]
    reused = set(reuse)
    todo = [(path, page) for path, page in pages if path not in reused]
    renderer.check_templates()  # compiled once here, before workers fork, rather than once in each
    with staged(config.output) as folder:
        write_files(folder, {rel: source.read_bytes() for rel, source in static})
        link_files(config.output, folder, reuse)
        renderer.render_bios()
        render_pages(renderer, todo, str(folder), options.jobs)
        written = {path: (prints[path], *_stat(folder / path)) for path, _ in pages}
    store.save("pages", site_key, {p: v for p, v in written.items() if v[0] is not None})
    if loader.changed or not cached_content:
        store.save("content", content_key, loader.snapshot())  # ~100 MB at 10k briefs: only when it changed
    seconds = time.perf_counter() - started
    return BuildResult(site, len(static) + len(pages), None, problems.warnings, seconds, len(todo))


def _site_key(config: Config, renderer: Renderer, options: BuildOptions, content_key: str) -> str:
    """What every page depends on: site.yml, templates, static files, the base URL and the selection."""
    theme = theme_key(renderer.dirs.templates, renderer.static)
    return digest(content_key, theme, config.base_url, options.drafts, options.future)


def _unchanged(output: Path, path: str, expected: str | None, previous: dict[str, tuple[str, int, int]]) -> bool:
    """The page shows the same as last time and its file in the output folder is untouched."""
    if expected is None:
        return False
    before = previous.get(path)
    if before is None or before[0] != expected:
        return False
    return _stat(output / path) == (before[1], before[2])


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)  # noqa: PTH116 - runs for every file of the site
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


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
