"""Render stage, second half: Markdown to HTML, then pages, feeds and the sitemap through the Jinja2 theme."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import re
import traceback
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import files, model
from ..errors import Problem, ThemeError, did_you_mean
from ..model import Brief, Site
from ..urls import Urls
from .markdown import Markdown
from .pages import Page, PageInfo, PageTable, human_date, iso_datetime, month_label, short_date
from .reads import Read, Reading, Recorder, TrackingEnvironment, token
from .themes import ThemeDirs, theme_dirs


class Renderer:
    """Renders a site: one Jinja2 environment and one Markdown parser for the whole build."""

    def __init__(
        self,
        site: Site,
        dirs: ThemeDirs | None = None,
        fingerprint_assets: bool = True,
        bytecode_cache: jinja2.BytecodeCache | None = None,
    ) -> None:
        self.site = site
        self.config = site.config
        self.urls = Urls(self.config.base_url)
        self.dirs = dirs or theme_dirs(self.config)
        self.markdown = Markdown(html=self.config.markdown.html, typographer=self.config.markdown.typographer)
        self.fingerprint_assets = fingerprint_assets
        self.static = static_files(self.dirs)
        # Rendered cards or feed entries, with what their partial read (None: rendered untracked).
        # One kind at a time: a build lists its HTML pages before its feeds, so the cards are done
        # with when the first entry is asked for, and holding both would only cost memory.
        self._cards: dict[tuple[int, int], tuple[Markup, Reading | None]] = {}
        self._entries = False  # what _cards holds: feed entries (variant < 0), or cards
        self.recorder = Recorder()
        self._assets: dict[str, str] = {}
        self.env = self._environment(bytecode_cache)
        self.table = PageTable(site)

    def _environment(self, bytecode_cache: jinja2.BytecodeCache | None) -> jinja2.Environment:
        env = TrackingEnvironment(
            loader=ConfinedLoader(self.dirs),
            bytecode_cache=bytecode_cache,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml"), default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Templates never change under an environment: the dev server makes a new one when they do
            # (Session.with_theme). Checking each file's mtime on every include was 3% of rendering.
            auto_reload=False,
        )
        env.recorder = self.recorder
        language = self.config.language
        # A date in the site's language, or in a brief's own (`brief.date|human_date(brief.lang)`).
        env.filters["human_date"] = lambda value, lang=None: human_date(value, lang or language)
        env.filters["month_label"] = lambda value, lang=None: month_label(value, lang or language)
        env.filters["short_date"] = lambda value, lang=None: short_date(value, lang or language)
        env.filters["iso"] = iso_datetime
        env.globals.update(
            site=self.site,
            config=self.config,
            url=self.urls.url,
            absolute=self.urls.absolute,
            asset=self.asset,
            card=self.card,
            entry=self.entry,
        )
        return env

    def card(self, brief: Brief, level: int = 2) -> Markup:
        """A brief's card (partials/card.html), rendered once per build and heading level.

        A brief appears in many lists (home, months, every term it names, related briefs);
        rendering its card once instead of in each list is most of a big build's template time.
        """
        return self._partial(brief, level, "partials/card.html", {"brief": brief, "level": level})

    def entry(self, brief: Brief, full: bool) -> Markup:
        """A brief's Atom entry (partials/entry.xml), rendered once per build and kind of feed.

        The same entry appears in the feed of every actor, place and topic the brief names.
        """
        if full:
            self.markdown_bodies([brief])
        return self._partial(brief, -1 if full else -2, "partials/entry.xml", {"brief": brief, "full": full})

    def _partial(self, brief: Brief, variant: int, name: str, context: dict[str, Any]) -> Markup:
        """A partial rendered once and reused; the page reusing it makes the reads it made."""
        recorder = self.recorder
        outer = recorder.reads
        key = (id(brief), variant)
        if (variant < 0) is not self._entries:
            self._cards.clear()
            self._entries = variant < 0
        hit = self._cards.get(key)
        if hit is None or (outer is not None and hit[1] is None):
            reads: set[Read | Reading] | None = set() if outer is not None else None
            recorder.reads = reads
            try:
                html = Markup(self.fill(name, context))  # noqa: S704 - an autoescaped template's output
            finally:
                recorder.reads = outer
            part = f"{name}|{token(brief)}|{variant}"
            hit = self._cards[key] = (html, recorder.reading(reads, part) if reads is not None else None)
        if outer is not None and hit[1] is not None:
            outer.add(hit[1])
        return hit[0]

    def rebind(self, site: Site) -> Renderer:
        """A renderer for a new model of the same site that keeps the compiled templates."""
        clone = copy.copy(self)
        clone.site = site
        clone._cards = {}
        # Templates read globals through a ChainMap onto env.globals, so the cached templates see
        # the new model. The dev server holds requests while it rebuilds, so no page mixes two.
        self.env.globals.update(site=site, card=clone.card, entry=clone.entry)
        clone.table = PageTable(site)
        return clone

    def forget(self) -> None:
        """Drop rendered cards: the briefs they show have changed in place."""
        self._cards.clear()

    def release(self) -> None:
        """Drop what rendering kept to render faster (partials, the recorder's keys and digests):
        once a build's pages are written, what comes next (the search index) reuses that memory."""
        self._cards.clear()
        self.recorder.clear()

    def asset(self, path: str) -> str:
        """Link to a static file, with a hash of its bytes so browsers never keep a stale copy."""
        path = path.lstrip("/")
        found = self.static.get(path)
        if found is None:
            raise ThemeError(f"asset('{path}'): no such file in the theme's static/ folders")
        if not self.fingerprint_assets:
            return self.urls.url("/" + path)
        link = self._assets.get(path)
        if link is None:
            digest = hashlib.sha256(read_static(found, self.dirs)).hexdigest()[:10]
            link = self._assets[path] = f"{self.urls.url('/' + path)}?v={digest}"
        return link

    # --- rendering --------------------------------------------------------------------

    def markdown_bodies(self, briefs: Iterable[Brief]) -> None:
        """Markdown → HTML for briefs that have none yet (a reused brief keeps its HTML)."""
        for brief in briefs:
            if not brief.html and brief.body.strip():
                brief.html, brief.toc, brief.text = self.markdown.to_html(brief.body)

    def markdown_bios(self) -> None:
        for index in self.site.taxonomies.values():
            for term in index.terms:
                if term.entry is not None and not term.entry.bio_html and term.entry.bio.strip():
                    term.entry.bio_html = self.markdown.to_html(term.entry.bio).html

    def render(self, page: Page) -> bytes:
        if page.make is not None:
            return page.make()
        self.markdown_bodies(page.bodies)
        return self.fill(page.template, page.context).encode("utf-8")

    def render_with_reads(self, page: Page) -> tuple[bytes, Reading]:
        """A page and what its template read of the model (see reads.py)."""
        reads: set[Read | Reading] = set()
        self.recorder.reads = reads
        try:
            body = self.render(page)
        finally:
            self.recorder.reads = None
        return body, self.recorder.reading(reads)

    # --- templates --------------------------------------------------------------------

    def check_templates(self) -> None:
        """Compile every template now, so a syntax error is reported before any page is rendered."""
        for name in self.env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml", ".txt"))):
            self._guard(name, {}, partial(self.env.get_template, name))

    def fill(self, name: str, context: Any) -> str:
        result: str = self._guard(name, context, lambda: self.env.get_template(name).render(context))
        return result

    def _guard(self, name: str, context: Any, work: Any) -> Any:
        try:
            return work()
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(
                f"template {name} is invalid",
                [Problem(self._shown(exc.filename or name), exc.lineno, None, exc.message or "syntax error")],
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise ThemeError(
                f"template {exc.name} not found",
                hint=f"looked in {', '.join(self.config.relative(p) for p in self.dirs.templates)}",
            ) from None
        except ThemeError:
            raise
        except Exception as exc:  # a template bug must point at the template line, not at us
            filename, line = self._template_frame(exc)
            page = context.get("page") if isinstance(context, dict) else None
            what = page.route if isinstance(page, PageInfo) else name
            message = f"{type(exc).__name__}: {exc}".replace("generator.model.", "")
            raise ThemeError(
                f"template {name} failed while rendering {what}",
                [Problem(filename, line, None, message, _attribute_hint(str(exc)))],
            ) from None

    def _template_frame(self, exc: BaseException) -> tuple[str, int | None]:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt")):
                return self._shown(frame.filename), frame.lineno
        return "template", None

    def _shown(self, filename: str) -> str:
        return self.config.relative(Path(filename))


class ConfinedLoader(jinja2.FileSystemLoader):
    """FileSystemLoader that reads templates through files.read_bytes: regular files only, with a
    bound, never through a link leading out of their folder (nor a folder linked out of the site).

    A site's templates/404.html linked to any readable file would otherwise publish that file, and
    one that is a FIFO would stall the build.
    """

    def __init__(self, dirs: ThemeDirs) -> None:
        super().__init__([str(p) for p in dirs.templates])
        self.dirs = dirs

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = jinja2.loaders.split_template_path(template)  # refuses ".." itself
        for folder in self.dirs.templates:
            candidate = folder.joinpath(*pieces)
            if not (candidate.is_symlink() or candidate.exists()):
                continue
            try:
                data = files.read_bytes(candidate, self.dirs.area(folder), MAX_TEMPLATE_BYTES, "templates")
                mtime = candidate.stat().st_mtime
            except files.Refused as exc:
                raise ThemeError(f"template {template} {exc.message}", hint=exc.hint) from None
            except OSError as exc:
                raise ThemeError(f"cannot read template {template}: {exc.strerror}") from None
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ThemeError(f"template {template} is not UTF-8 text", hint="save it as UTF-8") from None

            def uptodate(path: Path = candidate, seen: float = mtime) -> bool:
                try:
                    return path.stat().st_mtime == seen
                except OSError:
                    return False

            return source, os.path.normpath(candidate), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        """Every template name, found by files.walk (no link to a folder followed, no recursion limit)."""
        names = {path.relative_to(folder).as_posix() for folder in self.dirs.templates for path in files.walk(folder)}
        return sorted(names)


# A template is a few kilobytes; this is far more than any theme needs.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def static_files(dirs: ThemeDirs) -> dict[str, Path]:
    """Relative path → file; earlier folders override later ones.

    Hidden files are skipped, and so are what is not a regular file and links that lead outside
    their folder: a link to /etc/passwd in static/ must never be published or served. Each file is
    checked again when it is read (files.read_bytes), so one swapped for a link meanwhile is too.
    """
    found: dict[str, Path] = {}
    for folder in reversed(dirs.static):
        where = dirs.area(folder)
        if not where.inside:
            continue
        for path in files.walk(folder):
            rel = path.relative_to(folder)
            if any(part.startswith(".") for part in rel.parts) or not files.is_regular(path):
                continue
            if path.is_symlink() and not where.holds(os.path.realpath(path)):
                continue
            found[rel.as_posix()] = path
    return found


# A static file may be an image or a font; larger than this it is not part of a briefing site.
MAX_STATIC_BYTES = 100 * 1024 * 1024


def read_static(path: Path, dirs: ThemeDirs) -> bytes:
    """A static file's bytes, read as every file of the site is (files.read_bytes), from its folder."""
    folder = next((f for f in dirs.static if path.is_relative_to(f)), path.parent)
    try:
        return files.read_bytes(path, dirs.area(folder), MAX_STATIC_BYTES, "static files")
    except files.Refused as exc:
        raise ThemeError(f"static file {path.relative_to(folder).as_posix()} {exc.message}", hint=exc.hint) from None
    except OSError as exc:
        raise ThemeError(f"cannot read static file {path.name}: {exc.strerror}") from None


def _attribute_hint(message: str) -> str | None:
    """'did you mean' for a misspelt attribute of a model object (brief.titel → title)."""
    match = re.search(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", message)
    if not match:
        return None
    cls = getattr(model, match.group(1), None)
    if cls is None or not dataclasses.is_dataclass(cls):
        return None
    names = [f.name for f in dataclasses.fields(cls)] + [n for n, v in vars(cls).items() if isinstance(v, property)]
    return did_you_mean(match.group(2), names)
