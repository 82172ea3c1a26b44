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
from .render import Renderer
from .write import Output, check_output_folder, write_site


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False  # include draft briefs (and undated ones)
    future: bool = False  # include briefs dated in the future
    strict: bool = False  # warnings fail the build
    now: dt.datetime | None = None  # "today" for --future; None means the clock


@dataclass
class BuildResult:
    site: Site
    output: Output
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def render(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Everything but writing: the whole site in memory, or a ContentError/ThemeError/BuildError."""
    options = options or BuildOptions()
    started = time.perf_counter()
    content = load_content(config)
    problems = Problems()
    problems.extend(content.problems.items)
    site, assembled = assemble(config, content, Selection(options.drafts, options.future, options.now))
    problems.extend(assembled.items)
    raise_for(problems, options.strict)
    output = Renderer(site).render()
    problems.extend(output.problems.items)
    raise_for(problems, options.strict)
    return BuildResult(site, output, problems.warnings, time.perf_counter() - started)


def build(config: Config, options: BuildOptions | None = None) -> BuildResult:
    """Render the site and swap it into config.output; the previous site stays if anything fails."""
    started = time.perf_counter()
    check_output_folder(config.output, [config.root, config.content, config.seeds])
    result = render(config, options)
    write_site(config.output, result.output.files)
    result.seconds = time.perf_counter() - started
    return result


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
