"""Render stage, first half: the table of every output page — its route, template and context — before any rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypedDict

from ..config.site import Config
from ..model import Brief, Month, Site, TaxonomyIndex, Term
from ..urls import (
    ARCHIVE,
    FEED,
    HOME,
    NETWORK,
    NOT_FOUND,
    SEARCH,
    SITEMAP,
    TIMELINE,
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
    make: Callable[[], bytes] | None = None  # for files that are not templates
    bodies: tuple[Brief, ...] = ()  # briefs whose HTML body the page shows (rendered on demand)
    lastmod: str = ""  # for the sitemap; "" keeps the page out of it


def human_date(value: dt.date | dt.datetime | None, language: str = "en") -> str:
    """A date for readers, independent of the machine's locale."""
    if value is None:
        return ""
    if language.startswith("ko"):
        return f"{value.year}년 {value.month}월 {value.day}일"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: dt.date | dt.datetime | None, language: str = "en") -> str:
    """A date for tables: "4 Jan 2024" or "2024. 1. 4."."""
    if value is None:
        return ""
    if language.startswith("ko"):
        return f"{value.year}. {value.month}. {value.day}."
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


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


def pager_at(items: list[Brief], size: int, route: str, urls: Urls, number: int) -> Pager:
    """Page `number` (1-based) of a listing of items at route."""
    count = max(1, -(-len(items) // size))

    def link(n: int) -> str:
        return urls.url(page_route(route, n))

    return Pager(
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


def page_count(items: list[Brief], size: int) -> int:
    return max(1, -(-len(items) // size))


def paginate(items: list[Brief], size: int, route: str, urls: Urls) -> Iterator[Pager]:
    for number in range(1, page_count(items, size) + 1):
        yield pager_at(items, size, route, urls, number)


PageMaker = Callable[[], Page]


class PageTable:
    """Every page of a site, without rendering any: all in a fixed order (pages), or one by route (router)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.config = site.config
        self.urls = Urls(self.config.base_url)
        self.updated = iso_datetime(site.updated)
        self._sitemap: list[tuple[str, str]] | None = None

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

    # --- the whole site, in order ------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        html = list(self.html_pages())
        self._sitemap = [(self.urls.absolute(p.route), p.lastmod) for p in html if p.lastmod]
        yield from html
        yield from self.feeds()
        yield from (make() for make in self.generated().values())

    def html_pages(self) -> Iterator[Page]:
        site, config = self.site, self.config
        for number in range(1, page_count(site.briefs, config.pagination) + 1):
            yield self.home_page(number)
        for brief in site.briefs:
            yield self.brief_page(brief)
        for index in site.taxonomies.values():
            yield self.taxonomy_page(index)
            for term in index.terms:
                for number in range(1, page_count(term.briefs, config.pagination) + 1):
                    yield self.term_page(index, term, number)
        yield self.archive_page()
        for month in site.months:
            yield self.month_page(month)
        yield self.timeline_page()
        yield self.network_page()
        if config.search:
            yield self.search_page()
        yield self.not_found_page()

    def feeds(self) -> Iterator[Page]:
        yield self.site_feed()
        for index in self.site.taxonomies.values():
            if index.taxonomy.feeds:
                for term in index.terms:
                    yield self.term_feed(index, term)

    def generated(self) -> dict[str, PageMaker]:
        """Files made from the whole site: always rendered anew."""
        return {
            SITEMAP: lambda: Page(SITEMAP, "sitemap", "sitemap.xml", {"urls": self.sitemap()}),
            "/robots.txt": lambda: Page("/robots.txt", "robots.txt", "robots.txt"),
        }

    def sitemap(self) -> list[tuple[str, str]]:
        if self._sitemap is None:
            self._sitemap = [(self.urls.absolute(p.route), p.lastmod) for p in self.html_pages() if p.lastmod]
        return self._sitemap

    # --- one route at a time -------------------------------------------------------------

    def router(self) -> dict[str, PageMaker]:
        """Every route of the site, each with a function that makes its page when it is asked for.

        The dev server uses this: mapping routes costs a fraction of making every page object.
        """
        site, size = self.site, self.config.pagination
        routes: dict[str, PageMaker] = {}
        for number in range(1, page_count(site.briefs, size) + 1):
            routes[page_route(HOME, number)] = partial(self.home_page, number)
        for brief in site.briefs:
            routes[brief.route] = partial(self.brief_page, brief)
        routes[FEED] = self.site_feed
        for index in site.taxonomies.values():
            routes[index.route] = partial(self.taxonomy_page, index)
            for term in index.terms:
                for number in range(1, page_count(term.briefs, size) + 1):
                    routes[page_route(term.route, number)] = partial(self.term_page, index, term, number)
                if index.taxonomy.feeds:
                    routes[feed_route(term.route)] = partial(self.term_feed, index, term)
        routes[ARCHIVE] = self.archive_page
        for month in site.months:
            routes[month.route] = partial(self.month_page, month)
        routes[TIMELINE] = self.timeline_page
        routes[NETWORK] = self.network_page
        if self.config.search:
            routes[SEARCH] = self.search_page
        routes[NOT_FOUND] = self.not_found_page
        routes.update(self.generated())
        return routes

    # --- each kind of page ---------------------------------------------------------------

    def home_page(self, number: int) -> Page:
        pager = pager_at(self.site.briefs, self.config.pagination, HOME, self.urls, number)
        title = "" if number == 1 else f"Page {number}"
        info = self.info("home", pager.route, title, feed=FEED, feed_title=self.config.title)
        return Page(pager.route, "home page", "index.html", {"page": info, "pager": pager}, lastmod=self.updated)

    def brief_page(self, brief: Brief) -> Page:
        info = self.info("brief", brief.route, brief.title, brief.summary)
        lastmod = iso_datetime(brief.updated or brief.date) or self.updated
        return Page(brief.route, brief.path, "brief.html", {"page": info, "brief": brief}, None, (brief,), lastmod)

    def taxonomy_page(self, index: TaxonomyIndex) -> Page:
        info = self.info("taxonomy", index.route, index.taxonomy.title)
        origin = f"taxonomy {index.taxonomy.name}"
        return Page(index.route, origin, "taxonomy.html", {"page": info, "index": index}, lastmod=self.updated)

    def term_page(self, index: TaxonomyIndex, term: Term, number: int) -> Page:
        config = self.config
        pager = pager_at(term.briefs, config.pagination, term.route, self.urls, number)
        title = term.name if number == 1 else f"{term.name} (page {number})"
        description = term.entry.role if term.entry else ""
        feed = feed_route(term.route) if index.taxonomy.feeds else ""
        info = self.info("term", pager.route, title, description, feed, f"{config.title}: {term.name}")
        lastmod = iso_datetime(term.briefs[0].date) if term.briefs else self.updated
        context: Context = {"page": info, "pager": pager, "index": index, "term": term}
        return Page(pager.route, _origin(index, term), "term.html", context, lastmod=lastmod)

    def archive_page(self) -> Page:
        info = self.info("archive", ARCHIVE, "Archive")
        return Page(ARCHIVE, "archive", "archive.html", {"page": info}, lastmod=self.updated)

    def month_page(self, month: Month) -> Page:
        info = self.info("month", month.route, month_label(month.date, self.config.language))
        lastmod = iso_datetime(month.briefs[0].date)
        return Page(month.route, "archive", "month.html", {"page": info, "month": month}, lastmod=lastmod)

    def timeline_page(self) -> Page:
        info = self.info(
            "timeline", TIMELINE, "Timeline", "The story month by month: what happened, and who was in it."
        )
        return Page(TIMELINE, "timeline", "timeline.html", {"page": info}, lastmod=self.updated)

    def network_page(self) -> Page:
        info = self.info("network", NETWORK, "Network", "Who appears with whom across the briefs.")
        return Page(NETWORK, "network", "network.html", {"page": info}, lastmod=self.updated)

    def search_page(self) -> Page:
        info = self.info("search", SEARCH, "Search")
        return Page(SEARCH, "search", "search.html", {"page": info}, lastmod=self.updated)

    def not_found_page(self) -> Page:
        return Page(NOT_FOUND, "404 page", "404.html", {"page": self.info("404", NOT_FOUND, "Page not found")})

    def site_feed(self) -> Page:
        return self.feed(self.config.title, HOME, self.site.briefs, "site feed", full=True)

    def term_feed(self, index: TaxonomyIndex, term: Term) -> Page:
        # Summaries only, as Hugo's term feeds: the full text is in the site feed, and repeating it in
        # the feed of every actor, place and topic would make the feeds most of the site's weight.
        origin = _origin(index, term)
        return self.feed(f"{self.config.title}: {term.name}", term.route, term.briefs, origin, full=False)

    def feed(self, title: str, listing: str, briefs: list[Brief], origin: str, full: bool) -> Page:
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
            "full": full,  # whole briefs, or summaries only
        }
        return Page(route, origin, "atom.xml", {"feed": feed}, bodies=tuple(entries) if full else ())


def _origin(index: TaxonomyIndex, term: Term) -> str:
    return term.entry.path if term.entry else f"{index.taxonomy.singular.lower()} '{term.name}'"
