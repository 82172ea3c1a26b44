"""Build cache: parsed content and a fingerprint of every page, kept between runs.

It lives outside the site (like Hugo's cacheDir): $BRIEFING_CACHE_DIR, else $XDG_CACHE_HOME/briefing
or ~/.cache/briefing, one folder per site. Set BRIEFING_CACHE_DIR=off (or pass --no-cache) to build
without it; the output is byte-identical either way (tested). A damaged or outdated cache is ignored.

A page is not rendered again when its fingerprint — a hash of everything its template shows in the
default theme: its briefs (their file hashes), their terms' names, related and neighbouring
briefs, pagination, the site's configuration, templates and static files — matches the last build
and the file from that build is still untouched in the output folder; it is hard-linked from there.
When the site keeps its shape (shape_key: no brief moved), pages are not even fingerprinted: the
build looks up which pages show each changed brief, recorded when they were last fingerprinted.
Parsed content is kept in shards (ShardedStore) and compiled templates in Jinja2's bytecode cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from .. import __version__
from ..config.site import Config
from ..model import Brief, Entry, Site, Term
from ..site.pages import Page

ENV = "BRIEFING_CACHE_DIR"
_OFF = ("off", "0", "false", "no", "none")
FORMAT = 4  # bump when what is pickled changes shape


def cache_folder(config: Config) -> Path | None:
    value = os.environ.get(ENV)
    if value is not None and value.strip().lower() in (*_OFF, ""):
        return None
    base = Path(value) if value else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing"
    site = hashlib.sha256(str(config.root.resolve()).encode()).hexdigest()[:16]
    return base / site


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def config_key(config: Config) -> str:
    """What parsing and Markdown depend on: the version and site.yml as written."""
    try:
        text = config.path.read_bytes()
    except OSError:
        text = b""
    return digest(__version__, FORMAT, text)


def theme_key(folders: Iterable[Path], static: Mapping[str, Path]) -> str:
    """Every template's bytes and every static file's bytes (asset links carry their hashes)."""
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(str(path.relative_to(folder)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    for rel, source in sorted(static.items()):
        h.update(rel.encode() + b"\x00" + hashlib.sha256(source.read_bytes()).digest())
    return h.hexdigest()


class Store:
    """One pickled value per name in the cache folder, tagged with the key it is valid for."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def load(self, name: str, key: str) -> Any:
        if self.folder is None:
            return None
        try:
            with open(self.folder / name, "rb") as fh:
                stored_key, value = pickle.load(fh)  # noqa: S301 - our own file, in the user's cache folder
        except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError, ImportError):
            return None
        return value if stored_key == key else None

    def save(self, name: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{name}.")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / name)
        except OSError:
            pass  # a cache that cannot be written costs speed, never the build


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (Jinja2 checks each against its source and version).

    Saves compiling the theme on every build; one that cannot be written is skipped.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(store: Store) -> TemplateCache | None:
    if store.folder is None:
        return None
    try:
        return TemplateCache(store.folder / "templates")
    except OSError:
        return None


class ShardedStore:
    """A dict kept in SHARDS files by a hash of its keys, so that a change rewrites one file, not all.

    The parsed content of 10,000 briefs pickles to about 60 MB; after one edit, 4 MB are written.
    """

    SHARDS = 16

    def __init__(self, store: Store, name: str, key: str) -> None:
        self.store, self.name, self.key = store, name, key
        self.missing: set[int] = set()

    def _file(self, shard: int) -> str:
        return f"{self.name}-{shard:02d}"

    def shard(self, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % self.SHARDS

    def load(self) -> dict[str, Any]:
        """Every shard that is there and valid, merged (keys of a lost shard are simply absent)."""
        merged: dict[str, Any] = {}
        for shard in range(self.SHARDS):
            part = self.store.load(self._file(shard), self.key)
            if isinstance(part, dict):
                merged.update(part)
            else:
                self.missing.add(shard)
        return merged

    def save(self, value: dict[str, Any], changed: Iterable[str]) -> None:
        """Write the shards holding a changed key, and those that were missing."""
        touched = self.missing | {self.shard(key) for key in changed}
        if not touched:
            return
        parts: list[dict[str, Any]] = [{} for _ in range(self.SHARDS)]
        for key, item in value.items():
            parts[self.shard(key)][key] = item
        for shard in sorted(touched):
            self.store.save(self._file(shard), self.key, parts[shard])
        self.missing = set()


# --- fingerprints -----------------------------------------------------------------------------


def _brief(brief: Brief | None) -> str:
    """A brief as lists, neighbours and feeds show it (memoised: a brief appears in many lists)."""
    if brief is None:
        return "-"
    signature: str | None = brief.__dict__.get("_signature")
    if signature is None:
        terms = "|".join(f"{name}:{t.slug}={t.name}" for name, items in brief.terms.items() for t in items)
        signature = brief.__dict__["_signature"] = f"{brief.digest}@{brief.route}#{terms}"
    return signature


def _term(term: Term) -> str:
    entry: Entry | None = term.entry
    described = f"{entry.path}:{entry.name}:{entry.role}:{entry.country}:{digest(entry.bio)}" if entry else ""
    return f"{term.slug}={term.name}:{term.count}:{term.feed_url}:{described}"


Print = tuple[str | None, tuple[str, ...]]  # a page's fingerprint and the routes of the briefs it shows
NO_PRINT: Print = (None, ())  # without a cache: nothing to compare with next time
Files = dict[str, tuple[str, str | None, int, int]]  # the last build's files: path → route, fingerprint, size, mtime


def file_stat(folder: str | Path, path: str) -> tuple[int, int]:
    """Size and mtime (ns) of folder/path, a file of the site; (-1, -1) when it is gone."""
    try:
        st = os.stat(os.path.join(folder, path))
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def unchanged(output: str, path: str, expected: str | None, previous: Files) -> bool:
    """The page shows the same as in the last build and its file in the output folder is untouched."""
    if expected is None:
        return False
    before = previous.get(path)
    if before is None or before[1] != expected:
        return False
    return file_stat(output, path) == (before[2], before[3])


def fingerprint(page: Page, site: Site, site_key: str, shape: str) -> Print:
    """A hash of what this page shows, with the routes of the briefs whose content it shows (the
    pages to render again when one of them changes); None for the search index, always rendered."""
    if page.make is not None:
        return None, ()
    if page.template in ("sitemap.xml", "robots.txt"):
        return digest(site_key, shape, page.route), ()  # routes and dates only: the shape decides them
    context = page.context
    parts: list[str] = [site_key, page.route, page.template]
    shown: list[Brief | None] = []
    info = context.get("page")
    if info is not None:
        parts.append(repr(info))
    brief = context.get("brief")
    if isinstance(brief, Brief):
        shown += [brief, brief.newer, brief.older, *brief.related]
    pager = context.get("pager")
    if pager is not None:
        parts.append(f"{pager.number}/{pager.count}/{pager.total}")
        shown += pager.items
    term = context.get("term")
    if isinstance(term, Term):
        parts.append(_term(term))
        parts += [f"{other.slug}={other.name}:{count}" for other, count in term.alongside]
    index = context.get("index")
    if index is not None and term is None:
        parts += [_term(t) for t in index.terms]
    month = context.get("month")
    if month is not None:
        shown += month.briefs
    feed = context.get("feed")
    if feed is not None:
        parts += [str(feed["title"]), str(feed["updated"]), str(feed["full"])]
        shown += feed["entries"]
    if page.template in ("archive.html", "index.html"):
        # The archive lists months; the home page also shows the most covered actors.
        parts += [f"{m.route}:{len(m.briefs)}" for m in site.months]
        actors = site.people
        parts += [_term(t) for t in actors.terms[:12]] if actors else []
    parts += [_brief(b) for b in shown]
    return digest(*parts), tuple(sorted({b.route for b in shown if b is not None}))


def shape_key(site: Site) -> str:
    """What decides every route, every list's members and order, and every term's page.

    When it matches the last build, a page can differ from last time only through the content
    of the briefs it shows (their file hashes), so only those pages need rendering again.
    """
    parts: list[str] = []
    for brief in site.briefs:
        parts.append(f"{brief.path}>{_brief(brief).split('@', 1)[1]}:{brief.sort_key}:{brief.updated}")
    for name, index in site.taxonomies.items():
        parts.append(name)
        parts += [_term(term) for term in index.terms]
    return digest(*parts)
