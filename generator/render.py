"""Render stage: Markdown to HTML, then every page, feed and the sitemap through the Jinja2 theme."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import jinja2

from . import model
from .config import Config
from .errors import Problem, ThemeError, did_you_mean
from .markdown import Markdown
from .model import Brief, Month, Site, TaxonomyIndex, Term
from .themes import ThemeDirs, theme_dirs
from .urls import (
    ARCHIVE,
    FEED,
    HOME,
    NOT_FOUND,
    SEARCH,
    SEARCH_INDEX,
    SITEMAP,
    Urls,
    feed_route,
    output_file,
    page_route,
)
from .write import Output

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Pager:
    """One page of a paginated listing."""

    items: list[Brief]  # the briefs on this page
    number: int  # 1-based
    count: int  # number of pages
    total: int  # number of briefs in the whole listing
    route: str
    url: str
    prev_url: str | None  # newer briefs
    next_url: str | None  # older briefs
    first_url: str
    last_url: str


@dataclass(frozen=True)
class PageInfo:
    """What base.html needs to know about any page."""

    kind: str  # home, brief, taxonomy, term, archive, month, search, 404
    title: str  # for <title>; "" on the home page
    description: str
    route: str
    url: str
    canonical: str  # absolute URL
    feed_url: str  # the page's own Atom feed, "" for none
    feed_title: str


class Context(TypedDict, total=False):
    """What templates see. Every page gets site, config and page; the rest depends on the kind.

    Globals on every template: url(route) → link under the base path, absolute(route),
    asset(path) → link to a static file with a content hash for cache busting.
    """

    site: Site  # the whole model: briefs, taxonomies, months
    config: Config  # site.yml
    page: PageInfo
    pager: Pager  # home, term
    brief: Brief  # brief
    index: TaxonomyIndex  # taxonomy, term
    term: Term  # term
    month: Month  # month
    feed: dict[str, Any]  # atom.xml
    urls: list[tuple[str, str]]  # sitemap.xml: (absolute URL, last modified)


def human_date(value: dt.date | dt.datetime | None, language: str = "en") -> str:
    """A date for readers, independent of the machine's locale."""
    if value is None:
        return ""
    if language.startswith("ko"):
        return f"{value.year}년 {value.month}월 {value.day}일"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_label(value: dt.date, language: str = "en") -> str:
    """ "September 2023" or "2023년 9월"."""
    if language.startswith("ko"):
        return f"{value.year}년 {value.month}월"
    return f"{MONTHS[value.month - 1]} {value.year}"


def iso_datetime(value: dt.date | dt.datetime | None) -> str:
    """RFC 3339 for feeds and <time datetime>; dates count as midnight UTC."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value.isoformat().replace("+00:00", "Z")


def paginate(items: list[Brief], size: int, route: str, urls: Urls) -> Iterator[Pager]:
    count = max(1, -(-len(items) // size))

    def link(n: int) -> str:
        return urls.url(page_route(route, n))

    for number in range(1, count + 1):
        yield Pager(
            items=items[(number - 1) * size : number * size],
            number=number,
            count=count,
            total=len(items),
            route=page_route(route, number),
            url=link(number),
            prev_url=link(number - 1) if number > 1 else None,
            next_url=link(number + 1) if number < count else None,
            first_url=link(1),
            last_url=link(count),
        )


class Renderer:
    """Renders a whole site into an Output; one Jinja2 environment and one Markdown parser per build."""

    def __init__(self, site: Site, dirs: ThemeDirs | None = None) -> None:
        self.site = site
        self.config = site.config
        self.urls = Urls(self.config.base_url)
        self.dirs = dirs or theme_dirs(self.config)
        self.markdown = Markdown(html=self.config.markdown_html, typographer=self.config.typographer)
        self.static = self._static_files()
        self.env = self._environment()

    # --- environment ------------------------------------------------------------------

    def _environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.dirs.templates]),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml"), default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        language = self.config.language
        env.filters["human_date"] = lambda value: human_date(value, language)
        env.filters["month_label"] = lambda value: month_label(value, language)
        env.filters["iso"] = iso_datetime
        env.globals.update(
            site=self.site,
            config=self.config,
            url=self.urls.url,
            absolute=self.urls.absolute,
            asset=self.asset,
        )
        return env

    def _static_files(self) -> dict[str, tuple[Path, bytes]]:
        """Relative path → (source, bytes); earlier theme folders override later ones."""
        files: dict[str, tuple[Path, bytes]] = {}
        for folder in reversed(self.dirs.static):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
                    files[path.relative_to(folder).as_posix()] = (path, path.read_bytes())
        return files

    def asset(self, path: str) -> str:
        """Link to a static file, with a hash of its bytes so browsers never keep a stale copy."""
        path = path.lstrip("/")
        found = self.static.get(path)
        if found is None:
            raise ThemeError(f"asset('{path}'): no such file in the theme's static/ folders")
        digest = hashlib.sha256(found[1]).hexdigest()[:10]
        return f"{self.urls.url('/' + path)}?v={digest}"

    # --- pages ------------------------------------------------------------------------

    def render_markdown(self) -> None:
        for brief in self.site.briefs:
            brief.html, brief.toc = self.markdown.render(brief.body)
        for index in self.site.taxonomies.values():
            for term in index.terms:
                if term.entry is not None and not term.entry.bio_html:
                    term.entry.bio_html, _ = self.markdown.render(term.entry.bio)

    def render(self) -> Output:
        self.render_markdown()
        out = Output()
        for rel, (source, data) in sorted(self.static.items()):
            out.add(rel, data, self.config.relative(source))
        sitemap: list[tuple[str, str]] = []
        for route, template, context, origin, lastmod in self.pages():
            out.add(output_file(route), self.render_template(template, context), origin)
            if template.endswith(".html") and route != NOT_FOUND:
                sitemap.append((self.urls.absolute(route), lastmod))
        for route, feed, origin in self.feeds():
            out.add(output_file(route), self.render_template("atom.xml", {"feed": feed}), origin)
        out.add(output_file(SITEMAP), self.render_template("sitemap.xml", {"urls": sitemap}), "sitemap")
        out.add("robots.txt", self.render_template("robots.txt", {}), "robots.txt")
        out.add(output_file(SEARCH_INDEX), self.search_index(), "search index")
        return out

    def search_index(self) -> bytes:
        """What the search page's script looks through: one small record per brief."""
        records = [
            {
                "title": b.title,
                "url": b.url,
                "date": b.date.isoformat() if b.date else "",
                "source": b.source,
                "summary": b.summary,
                "terms": [t.name for terms in b.terms.values() for t in terms],
            }
            for b in self.site.briefs
        ]
        return json.dumps({"briefs": records}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def page(
        self, kind: str, route: str, title: str, description: str = "", feed: str = "", feed_title: str = ""
    ) -> PageInfo:
        return PageInfo(
            kind=kind,
            title=title,
            description=description or self.config.description,
            route=route,
            url=self.urls.url(route),
            canonical=self.urls.absolute(route),
            feed_url=self.urls.url(feed) if feed else "",
            feed_title=feed_title,
        )

    def pages(self) -> Iterator[tuple[str, str, Context, str, str]]:
        """(route, template, context, origin, lastmod) for every HTML page of the site."""
        site, config = self.site, self.config
        updated = iso_datetime(site.updated)
        for pager in paginate(site.briefs, config.pagination, HOME, self.urls):
            title = "" if pager.number == 1 else f"Page {pager.number}"
            info = self.page("home", pager.route, title, feed=FEED, feed_title=config.title)
            yield pager.route, "index.html", {"page": info, "pager": pager}, "home page", updated
        for brief in site.briefs:
            info = self.page("brief", brief.route, brief.title, brief.summary)
            yield (
                brief.route,
                "brief.html",
                {"page": info, "brief": brief},
                brief.path,
                iso_datetime(brief.updated or brief.date),
            )
        for index in site.taxonomies.values():
            info = self.page("taxonomy", index.route, index.taxonomy.title)
            yield (
                index.route,
                "taxonomy.html",
                {"page": info, "index": index},
                f"taxonomy {index.taxonomy.name}",
                updated,
            )
            for term in index.terms:
                origin = term.entry.path if term.entry else f"{index.taxonomy.singular.lower()} '{term.name}'"
                lastmod = iso_datetime(term.briefs[0].date) if term.briefs else updated
                for pager in paginate(term.briefs, config.pagination, term.route, self.urls):
                    title = term.name if pager.number == 1 else f"{term.name} (page {pager.number})"
                    feed = feed_route(term.route) if index.taxonomy.feeds else ""
                    info = self.page(
                        "term",
                        pager.route,
                        title,
                        term.entry.role if term.entry else "",
                        feed,
                        f"{config.title}: {term.name}",
                    )
                    context: Context = {"page": info, "pager": pager, "index": index, "term": term}
                    yield pager.route, "term.html", context, origin, lastmod
        yield ARCHIVE, "archive.html", {"page": self.page("archive", ARCHIVE, "Archive")}, "archive", updated
        for month in site.months:
            info = self.page("month", month.route, month_label(month.date, config.language))
            yield (
                month.route,
                "month.html",
                {"page": info, "month": month},
                "archive",
                iso_datetime(month.briefs[0].date),
            )
        yield SEARCH, "search.html", {"page": self.page("search", SEARCH, "Search")}, "search", updated
        yield NOT_FOUND, "404.html", {"page": self.page("404", NOT_FOUND, "Page not found")}, "404 page", updated

    def feeds(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        site, config = self.site, self.config
        yield FEED, self._feed(config.title, HOME, FEED, site.briefs), "site feed"
        for index in site.taxonomies.values():
            if not index.taxonomy.feeds:
                continue
            for term in index.terms:
                route = feed_route(term.route)
                origin = term.entry.path if term.entry else f"{index.taxonomy.singular.lower()} '{term.name}'"
                yield route, self._feed(f"{config.title}: {term.name}", term.route, route, term.briefs), origin

    def _feed(self, title: str, page_route_: str, route: str, briefs: list[Brief]) -> dict[str, Any]:
        entries = briefs[: self.config.feed_limit]
        newest = max((b.updated or b.date for b in entries if b.date), default=None)
        return {
            "title": title,
            "id": self.urls.absolute(page_route_),
            "alternate": self.urls.absolute(page_route_),
            "self": self.urls.absolute(route),
            "updated": iso_datetime(newest) if newest else iso_datetime(dt.date(1970, 1, 1)),
            "entries": entries,
        }

    # --- templates --------------------------------------------------------------------

    def render_template(self, name: str, context: Context | dict[str, Any]) -> str:
        try:
            template = self.env.get_template(name)
            return template.render(context)
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
            page = context.get("page")
            what = page.route if isinstance(page, PageInfo) else name
            message = f"{type(exc).__name__}: {exc}".replace("generator.model.", "")
            raise ThemeError(
                f"template {name} failed while rendering {what}",
                [Problem(filename, line, None, message, _attribute_hint(str(exc)))],
            ) from None

    def _template_frame(self, exc: BaseException) -> tuple[str, int | None]:
        frames = traceback.extract_tb(exc.__traceback__)
        for frame in reversed(frames):
            if frame.filename.endswith((".html", ".xml", ".txt")):
                return self._shown(frame.filename), frame.lineno
        return "template", None

    def _shown(self, filename: str) -> str:
        return self.config.relative(Path(filename))


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


def render_site(site: Site, dirs: ThemeDirs | None = None) -> Output:
    return Renderer(site, dirs).render()


RenderFunction = Callable[[Site], Output]
