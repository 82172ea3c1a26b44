"""Render stage, first half: the table of every output page — its route, template and context — before any rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict

from .config import Config
from .model import Brief, Month, Site, TaxonomyIndex, Term
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
    page_route,
)

MONTHS = (
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
)


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


@dataclass(frozen=True)
class Page:
    """One output file: a template with its context, or bytes made by a function."""

    route: str
    origin: str  # the input it comes from, for messages about collisions
    template: str = ""
    context: Context | dict[str, Any] = field(default_factory=dict)
    make: Callable[[], bytes] | None = None  # for files that are not templates (search.json)
    bodies: tuple[Brief, ...] = ()  # briefs whose HTML body the page shows (rendered on demand)
    lastmod: str = ""  # for the sitemap; "" keeps the page out of it


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


class PageTable:
    """Every page of a site, in a fixed order, without rendering any of them."""

    def __init__(self, site: Site, search_index: Callable[[], bytes]) -> None:
        self.site = site
        self.config = site.config
        self.urls = Urls(self.config.base_url)
        self.search_index = search_index

    def info(
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

    def pages(self) -> Iterator[Page]:
        yield from self.html_pages()
        yield from self.feeds()
        yield Page(SITEMAP, "sitemap", "sitemap.xml", {"urls": self.sitemap()})
        yield Page("/robots.txt", "robots.txt", "robots.txt")
        yield Page(SEARCH_INDEX, "search index", make=self.search_index)

    def sitemap(self) -> list[tuple[str, str]]:
        return [(self.urls.absolute(p.route), p.lastmod) for p in self.html_pages() if p.lastmod]

    def html_pages(self) -> Iterator[Page]:
        site, config = self.site, self.config
        updated = iso_datetime(site.updated)
        for pager in paginate(site.briefs, config.pagination, HOME, self.urls):
            title = "" if pager.number == 1 else f"Page {pager.number}"
            info = self.info("home", pager.route, title, feed=FEED, feed_title=config.title)
            yield Page(pager.route, "home page", "index.html", {"page": info, "pager": pager}, lastmod=updated)
        for brief in site.briefs:
            info = self.info("brief", brief.route, brief.title, brief.summary)
            lastmod = iso_datetime(brief.updated or brief.date) or updated
            yield Page(brief.route, brief.path, "brief.html", {"page": info, "brief": brief}, None, (brief,), lastmod)
        for index in site.taxonomies.values():
            info = self.info("taxonomy", index.route, index.taxonomy.title)
            origin = f"taxonomy {index.taxonomy.name}"
            yield Page(index.route, origin, "taxonomy.html", {"page": info, "index": index}, lastmod=updated)
            for term in index.terms:
                yield from self.term_pages(index, term)
        yield Page(
            ARCHIVE, "archive", "archive.html", {"page": self.info("archive", ARCHIVE, "Archive")}, lastmod=updated
        )
        for month in site.months:
            info = self.info("month", month.route, month_label(month.date, config.language))
            lastmod = iso_datetime(month.briefs[0].date)
            yield Page(month.route, "archive", "month.html", {"page": info, "month": month}, lastmod=lastmod)
        yield Page(SEARCH, "search", "search.html", {"page": self.info("search", SEARCH, "Search")}, lastmod=updated)
        yield Page(NOT_FOUND, "404 page", "404.html", {"page": self.info("404", NOT_FOUND, "Page not found")})

    def term_pages(self, index: TaxonomyIndex, term: Term) -> Iterator[Page]:
        config = self.config
        origin = term.entry.path if term.entry else f"{index.taxonomy.singular.lower()} '{term.name}'"
        lastmod = iso_datetime(term.briefs[0].date) if term.briefs else iso_datetime(self.site.updated)
        feed = feed_route(term.route) if index.taxonomy.feeds else ""
        for pager in paginate(term.briefs, config.pagination, term.route, self.urls):
            title = term.name if pager.number == 1 else f"{term.name} (page {pager.number})"
            description = term.entry.role if term.entry else ""
            info = self.info("term", pager.route, title, description, feed, f"{config.title}: {term.name}")
            context: Context = {"page": info, "pager": pager, "index": index, "term": term}
            yield Page(pager.route, origin, "term.html", context, lastmod=lastmod)

    def feeds(self) -> Iterator[Page]:
        site, config = self.site, self.config
        yield self.feed(config.title, HOME, site.briefs, "site feed")
        for index in site.taxonomies.values():
            if not index.taxonomy.feeds:
                continue
            for term in index.terms:
                origin = term.entry.path if term.entry else f"{index.taxonomy.singular.lower()} '{term.name}'"
                yield self.feed(f"{config.title}: {term.name}", term.route, term.briefs, origin)

    def feed(self, title: str, listing: str, briefs: list[Brief], origin: str) -> Page:
        route = feed_route(listing)
        entries = briefs[: self.config.feed_limit]
        newest = max((b.updated or b.date for b in entries if b.date), default=None)
        feed = {
            "title": title,
            "id": self.urls.absolute(listing),
            "alternate": self.urls.absolute(listing),
            "self": self.urls.absolute(route),
            "updated": iso_datetime(newest or dt.date(1970, 1, 1)),
            "entries": entries,
        }
        return Page(route, origin, "atom.xml", {"feed": feed}, bodies=tuple(entries))
