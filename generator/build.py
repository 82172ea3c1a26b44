"""The build pipeline: load → assemble → render → write, with every problem reported before anything is written."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from .assemble import Selection, assemble
from .config import Config
from .content import load_content
from .errors import BuildError, ContentError, Problem, Problems, plural
from .model import Site
from .parallel import render_bodies, render_pages
from .render import Renderer
from .urls import output_file
from .write import Output, check_output_folder, staged, write_files


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False  # include draft briefs (and undated ones)
    future: bool = False  # include briefs dated in the future
    strict: bool = False  # warnings fail the build
    now: dt.datetime | None = None  # "today" for --future; None means the clock
    jobs: int = 1  # worker processes for rendering (build only; output is identical for any number)


@dataclass
class BuildResult:
    site: Site
    files: int  # files in the output
    output: Output | None = None  # the files themselves, when rendered in memory (render(), check)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def prepare(config: Config, options: BuildOptions) -> tuple[Site, Problems]:
    """Load and assemble: the whole model, or every content error at once."""
    content = load_content(config)
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

    Every path is claimed (and checked for collisions and escapes) before anything is written;
    pages are then rendered by options.jobs processes straight to disk.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    check_output_folder(config.output, [config.root, config.content, config.seeds])
    site, problems = prepare(config, options)
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
    with staged(config.output) as folder:
        write_files(folder, {rel: source.read_bytes() for rel, source in static})
        render_bodies(renderer, site.briefs, options.jobs)
        renderer.render_bios()
        render_pages(renderer, pages, str(folder), options.jobs)
    seconds = time.perf_counter() - started
    return BuildResult(site, len(static) + len(pages), None, problems.warnings, seconds)


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
