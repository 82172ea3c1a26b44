"""Build cache: where the build keeps what it made, between runs.

It lives outside the site (like Hugo's cacheDir): $BRIEFING_CACHE_DIR, else $XDG_CACHE_HOME/briefing
or ~/.cache/briefing, one folder per site. Set BRIEFING_CACHE_DIR=off (or pass --no-cache) to build
without it; the output is byte-identical either way (tested). A damaged or outdated cache is ignored.
It holds the parsed content in shards (ShardedStore, so an edit rewrites one), compiled templates
(Jinja2's bytecode cache), and what incremental.py needs to know which pages show the same.
"""

from __future__ import annotations

import contextlib
import functools
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

from .. import __version__, files
from ..config.site import MAX_CONFIG_BYTES, Config
from ..site.themes import ThemeDirs

MAX_THEME_FILE_BYTES = 100 * 1024 * 1024  # as large as a static file may be (site/render.py)

ENV = "BRIEFING_CACHE_DIR"
_OFF = ("off", "0", "false", "no", "none")
FORMAT = 5  # bump when what is pickled changes shape


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
    """What parsing and Markdown depend on: Briefing's own code, and site.yml as written."""
    try:
        text = files.read_bytes(config.path, None, MAX_CONFIG_BYTES, "site.yml files")
    except (OSError, files.Refused):
        text = b""
    return digest(__version__, FORMAT, code_key(), text)


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """Briefing's Python files as they are (name, size, mtime): an upgrade, or an edit to a checkout,
    never reuses what older code made. Stat calls, not reads: a few milliseconds."""
    package = Path(__file__).resolve().parent.parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = path.stat()
            stamps.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return digest(*stamps)


def theme_key(dirs: ThemeDirs, static: Mapping[str, Path]) -> str:
    """Every template's bytes and every static file's bytes (asset links carry their hashes).

    Read as the build reads them (files.read_bytes); one that cannot be read counts as its name
    alone, and the build itself reports it when it gets there."""
    h = hashlib.sha256()
    for folder in dirs.templates:
        where = dirs.area(folder)
        for path in files.walk(folder):
            if files.is_regular(path):
                h.update(str(path.relative_to(folder)).encode() + b"\x00" + _bytes(path, where) + b"\x00")
    for rel, source in sorted(static.items()):
        folder = next((f for f in dirs.static if source.is_relative_to(f)), source.parent)
        h.update(rel.encode() + b"\x00" + hashlib.sha256(_bytes(source, dirs.area(folder))).digest())
    return h.hexdigest()


def _bytes(path: Path, where: files.Area) -> bytes:
    try:
        return files.read_bytes(path, where, MAX_THEME_FILE_BYTES)
    except (OSError, files.Refused):
        return b"\x00unreadable"


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
        except OSError:
            return  # a cache that cannot be written costs speed, never the build
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # a full disk leaves no half-written cache file behind

    def drop_except(self, prefix: str, keep: set[str]) -> None:
        """Remove the files named prefix… that are not in keep (shards of earlier builds)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.startswith(prefix) and entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


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


def file_stat(folder: str | Path, path: str) -> tuple[int, int]:
    """Size and mtime (ns) of folder/path, a file of the site; (-1, -1) when it is gone."""
    try:
        st = os.stat(os.path.join(folder, path))
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)
