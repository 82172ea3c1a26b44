"""Build stage, incremental: which pages of the last build still show the same, from what their templates read.

Every page's fingerprint is made from the reads its template made of the model (site/reads.py),
kept with the page in the build cache. Two ways to find the pages to render again:

- **The site kept its shape** (`shape_key`: the same briefs at the same places, with the same dates,
  terms and registry): everything a page can read is then the same as last time except what the
  changed briefs' files hold, so the pages to render are those that read a changed brief
  (`Shows`, recorded from the reads) — no page is even fingerprinted.
- **Otherwise** every page's last reads are evaluated on the new model (in the render workers): a
  page whose fingerprint comes out the same, and whose file in the output is untouched, is
  hard-linked from the last build instead of rendered.

The rule that keeps the first way exact: every attribute of the model that assemble fills in
(routes, terms, neighbours, related briefs, counts, co-occurrence, months…) must be decided by the
shape; what a brief's file says is covered by its digest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypedDict

from ..model import Site
from ..site.pages import Page, PageTable
from ..site.reads import Key, token
from .cache import digest, file_stat

Files = dict[str, tuple[str, str | None, int, int]]  # the last build's files: path → route, fingerprint, size, mtime
PageReads = tuple[tuple[Key, ...], tuple[str, ...], tuple[str, ...]]  # a page's keys, partials, briefs read
Reads = dict[str, PageReads]  # output path → what it read (kept apart: big)
Shows = dict[str, list[str]]  # brief token → output paths of the pages that read it (kept apart)


class Record(TypedDict):
    """What the build cache keeps of the last build's pages."""

    shape: str  # shape_key of the site
    digests: dict[str, str]  # brief token → hash of its file
    files: Files
    shards: list[str]  # the cache files the render workers kept what each page read in


def shape_key(site: Site) -> str:
    """What decides every route, every list's members and order, every assembled value.

    When it matches the last build, a page can differ from last time only through the files of
    the briefs it read, so only the pages that read those need rendering again.
    """
    parts: list[str] = []
    for brief in site.briefs:
        terms = "|".join(f"{name}:{t.slug}={t.name}" for name, items in brief.terms.items() for t in items)
        said = ",".join(q.term.slug if q.term else "" for q in brief.quotes)  # whose pages list its quotes
        parts.append(f"{brief.path}>{brief.route}#{terms}:{brief.sort_key}:{brief.updated}:{brief.draft}:{said}")
    for name, index in site.taxonomies.items():
        parts.append(name)
        for term in index.terms:
            entry, described = term.entry, ""
            if entry is not None:
                described = digest(entry.path, entry.name, entry.aliases, entry.role, entry.country, entry.bio)
            parts.append(f"{term.slug}={term.name}:{term.count}:{term.feed_url}:{described}")
    return digest(*parts)


def unchanged(output: str, path: str, expected: str | None, previous: Files) -> bool:
    """The page shows the same as in the last build and its file in the output folder is untouched."""
    if expected is None:
        return False
    before = previous.get(path)
    if before is None or before[1] != expected:
        return False
    return file_stat(output, path) == (before[2], before[3])


def pages_to_render(
    last: Record, shows: Callable[[], Shows | None], site: Site, table: PageTable, output: Path
) -> tuple[dict[str, str], list[tuple[str, Page]]] | None:
    """When the site kept its shape: the last build's pages (path → route) and those to render (the
    pages that read a brief whose file changed, pages that read no model at all but are made
    from all of it, such as the search index, and any file changed in the output folder).
    None when the cache has lost which pages read which brief."""
    digests = last["digests"]
    changed = [token(brief) for brief in site.briefs if digests.get(token(brief)) != brief.digest]
    stale: set[str] = set()
    pages_of = shows() if changed else {}
    if pages_of is None:
        return None
    for name in changed:
        stale.update(pages_of.get(name, ()))
    for path, (_, fp, size, mtime) in last["files"].items():
        if (fp is None and changed) or file_stat(output, path) != (size, mtime):
            stale.add(path)
    paths = {path: route for path, (route, *_) in last["files"].items()}
    router = table.router()
    return paths, [(path, router[paths[path]]()) for path in sorted(stale)]


def record(
    before: Files,
    shape: str,
    site: Site,
    paths: Mapping[str, str],
    prints: Mapping[str, str | None],
    stats: Mapping[str, tuple[int, int]],
) -> Record:
    """The record of this build; a page not rendered nor fingerprinted this time keeps its fingerprint."""
    files: Files = {}
    for path, route in paths.items():
        fp = prints[path] if path in prints else before[path][1]
        files[path] = (route, fp, *stats[path])
    return {"shape": shape, "digests": {token(b): b.digest for b in site.briefs}, "files": files, "shards": []}


def shows_of(briefs_read: Mapping[str, Iterable[str]], into: Shows | None = None) -> tuple[Shows, bool]:
    """Brief token → pages that read it, from each page's briefs read; added to `into` when given.
    Also whether anything was added."""
    shows: Shows = into if into is not None else {}
    added = False
    for path, names in briefs_read.items():
        for name in names:
            pages = shows.setdefault(name, [])
            if path not in pages:
                pages.append(path)
                added = True
    return shows, added
