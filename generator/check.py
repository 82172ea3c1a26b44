"""Link check: crawl the built pages and report every internal link or #anchor that does not resolve."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from .urls import Urls

_LINK_ATTRS = {
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("form", "action"),
}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # output file the link is on
    link: str  # the href as written
    reason: str

    def format(self) -> str:
        return f"{self.page}: broken link {self.link}: {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif (tag, name) in _LINK_ATTRS:
                self.links.append(value)


def _parse(data: bytes) -> _Page:
    page = _Page()
    page.feed(data.decode("utf-8", "replace"))
    page.close()
    return page


def check_links(files: Mapping[str, bytes], base_url: str) -> list[BrokenLink]:
    """Every internal link on every HTML page must reach a file of the site, under the base path."""
    urls = Urls(base_url)
    origin = urlsplit(base_url)
    parsed: dict[str, _Page] = {}

    def page(name: str) -> _Page:
        if name not in parsed:
            parsed[name] = _parse(files[name])
        return parsed[name]

    broken: list[BrokenLink] = []
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        here = urls.url("/" + name)
        for link in page(name).links:
            reason = _resolve(link, here, origin.netloc, urls, files, page)
            if reason:
                broken.append(BrokenLink(name, link, reason))
    return broken


def _resolve(link: str, here: str, host: str, urls: Urls, files: Mapping[str, bytes], page: object) -> str | None:
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel: … are not ours to check
    if parts.netloc and parts.netloc != host:
        return None  # another site
    target = urljoin(here, link)
    target_parts = urlsplit(target)
    path = posixpath.normpath(unquote(target_parts.path)) + ("/" if target_parts.path.endswith("/") else "")
    route = urls.route_of(path)
    if route is None:
        return f"outside the site's base path {urls.base_path}"
    name = route.lstrip("/")
    if name == "" or name.endswith("/"):
        name += "index.html"
    if name not in files:
        if name + "/index.html" in files:
            name += "/index.html"
        else:
            return "no such page"
    fragment = unquote(target_parts.fragment)
    if fragment and name.endswith(".html"):
        assert callable(page)
        if fragment not in page(name).ids:
            return f"no element with id '{fragment}' on {name}"
    return None
