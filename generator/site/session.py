"""The site session: a site loaded, assembled and ready to render, kept current as files change.

`build`, `check` and `serve` all go through one Session (as MkDocs' build and serve share one build
function): the build makes one and renders every page it lists, `check` renders them in memory, and
the dev server is handed one and tells it which files changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from ..config.site import Config
from ..content.loader import Cached, Content, Loader
from ..errors import BuildError, ContentError, Problem, Problems, plural
from ..model import Brief, Site
from .assemble import Selection, assemble
from .pages import PageTable
from .render import Renderer, static_files
from .themes import ThemeDirs, theme_dirs

PATCHED, ASSEMBLED = "patched", "assembled"  # what Session.update did


@dataclass(frozen=True)
class Options:
    """What a session selects and how strictly it judges."""

    drafts: bool = False  # include draft briefs (and undated ones)
    future: bool = False  # include briefs dated in the future
    strict: bool = False  # warnings are errors
    now: dt.datetime | None = None  # "today" for --future; None means the clock

    @property
    def selection(self) -> Selection:
        return Selection(self.drafts, self.future, self.now)


@dataclass
class Session:
    """One site: its loader (which keeps what it parsed), its model, its renderer and its pages."""

    config: Config
    options: Options
    loader: Loader
    renderer: Renderer
    warnings: list[Problem] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        config: Config,
        options: Options | None = None,
        *,
        cached: Cached | None = None,
        jobs: int = 1,
        dirs: ThemeDirs | None = None,
        bytecode_cache: jinja2.BytecodeCache | None = None,
        fingerprint_assets: bool = True,
    ) -> Session:
        """Load every file (parsing over jobs processes; reusing `cached` parses) and assemble the site."""
        options = options or Options()
        loader = Loader(config, cached)
        content = loader.load(jobs=jobs)
        site, problems = _assembled(config, content, options)
        renderer = Renderer(site, dirs or theme_dirs(config), fingerprint_assets, bytecode_cache)
        return cls(config, options, loader, renderer, problems.warnings)

    @property
    def site(self) -> Site:
        return self.renderer.site

    @property
    def table(self) -> PageTable:
        return self.renderer.table

    @property
    def dirs(self) -> ThemeDirs:
        return self.renderer.dirs

    def update(self, changed: Iterable[Path]) -> str:
        """Bring the site up to date with files that changed (briefs and registry entries).

        Briefs edited without moving (same date, slug, terms) are patched into the model in place
        ("patched": every route stays where it was); anything else assembles the model anew, keeping
        the compiled templates ("assembled"). "" when nothing any page shows has changed.
        """
        paths = sorted(set(changed))
        before = {path: self.loader.cached(path) for path in paths}
        content = self.loader.load(changed=paths)
        if not self.loader.changed and not paths:
            return ""
        pairs = _patchable(paths, before, self.loader)
        if pairs is not None:
            problems = Problems()
            problems.extend(content.problems.items)
            raise_for(problems, self.options.strict)
            for old, new in pairs:
                old.take_content_of(new)
                self.loader.replace(self.config.root / old.path, old)
            self.renderer.forget()
            self.warnings = problems.warnings
            return PATCHED
        site, problems = _assembled(self.config, content, self.options)
        self.renderer = self.renderer.rebind(site)
        self.warnings = problems.warnings
        return ASSEMBLED

    def with_theme(self) -> Session:
        """Templates changed: the same site with a new environment, every template compiled and checked
        now. A new session, so that the current one stays whole when the new templates fail."""
        renderer = Renderer(self.site, theme_dirs(self.config), self.renderer.fingerprint_assets)
        renderer.check_templates()
        return replace(self, renderer=renderer)

    def refresh_static(self) -> None:
        """Static files changed: map them again (a static/ folder may have just been made)."""
        self.renderer.dirs = theme_dirs(self.config)
        self.renderer.static = static_files(self.renderer.dirs)


def _assembled(config: Config, content: Content, options: Options) -> tuple[Site, Problems]:
    problems = Problems()
    problems.extend(content.problems.items)
    site, assembled = assemble(config, content, options.selection)
    problems.extend(assembled.items)
    raise_for(problems, options.strict)
    return site, problems


def _patchable(paths: list[Path], before: Mapping[Path, object], loader: Loader) -> list[tuple[Brief, Brief]] | None:
    """(brief in the model, its new reading) for each changed path, when every one is a brief in the
    site that kept its place; None when the model must be assembled anew."""
    if not paths:
        return None
    pairs: list[tuple[Brief, Brief]] = []
    for path in paths:
        old, new = before[path], loader.cached(path)
        if not (isinstance(old, Brief) and isinstance(new, Brief)) or place(old) != place(new):
            return None
        if old.relations is None:
            return None  # not in the site (a draft): nothing shows it
        pairs.append((old, new))
    return pairs


def place(brief: Brief) -> tuple[object, ...]:
    """What decides where a brief goes and what it links to; an edit elsewhere keeps the model's shape.

    A brief with quotes is never patched in place: its quotes are listed on their speakers' pages.
    """
    quoted = object() if brief.quotes else None  # never equal to another brief's
    return (brief.date, brief.time, brief.updated, brief.slug, brief.draft, brief.values, brief.path, quoted)


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
