"""The one place internal URLs come from, so a site works at a domain root and under a subpath."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, urlsplit

# Routes are paths under the site root: "/" , "/actors/kim-jong-un/", "/atom.xml".
# A route ending in "/" is a page written as index.html in that folder.

_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*")

HOME = "/"
ARCHIVE = "/archive/"
TIMELINE = "/timeline/"
NETWORK = "/network/"
SEARCH = "/search/"
SEARCH_INDEX = "/search.json"
FEED = "/atom.xml"
SITEMAP = "/sitemap.xml"
NOT_FOUND = "/404.html"


class Urls:
    """Turns routes into links under base_url's path and into absolute URLs."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self._urls: dict[str, str] = {}

    def url(self, route: str) -> str:
        """A link for use inside the site: "/actors/" → "/repo/actors/"."""
        link = self._urls.get(route)
        if link is None:
            if not route.startswith("/"):
                raise ValueError(f"route must start with '/': {route!r}")
            path = self.base_path + route[1:]
            # Routes are made of slugs, so quoting is almost never needed; checking is much cheaper.
            link = self._urls[route] = path if _PLAIN.fullmatch(path) else quote(path, safe="/#?=&%")
        return link

    def absolute(self, route: str) -> str:
        """A full URL for feeds, the sitemap and canonical links."""
        return self.origin + self.url(route)

    def route_of(self, path: str) -> str | None:
        """The route a request path asks for, or None when it lies outside the base path."""
        if path == self.base_path.rstrip("/"):
            return HOME
        if not path.startswith(self.base_path):
            return None
        return "/" + path[len(self.base_path) :]


def output_file(route: str) -> str:
    """Relative file path a route is written to: "/actors/" → "actors/index.html"."""
    path = route.lstrip("/")
    if route.endswith("/"):
        path += "index.html"
    return path


def page_route(route: str, number: int) -> str:
    """Page `number` of a paginated listing at route (page 1 is the route itself)."""
    return route if number == 1 else f"{route}page/{number}/"


def term_route(taxonomy: str, slug: str) -> str:
    return f"/{taxonomy}/{slug}/"


def taxonomy_route(taxonomy: str) -> str:
    return f"/{taxonomy}/"


def feed_route(route: str) -> str:
    return f"{route}atom.xml"


def month_route(year: int, month: int) -> str:
    return f"/{year:04d}/{month:02d}/"


def brief_route(permalink: str, slug: str, year: int, month: int, day: int) -> str:
    route = permalink.format(year=f"{year:04d}", month=f"{month:02d}", day=f"{day:02d}", slug=slug)
    return posixpath.normpath(route) + "/"


def draft_route(slug: str) -> str:
    """Undated drafts have no year or month to put in a permalink."""
    return f"/drafts/{slug}/"
