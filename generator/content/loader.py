"""Load stage: read briefs and registry entries from content/, validating every file and reporting all problems."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from ..config import schema as s
from ..config.briefs import ENTRY_SCHEMA, brief_schema
from ..config.site import Config
from ..config.yamlio import Document, load
from ..errors import FrontMatterError, Problem, Problems, YamlError
from ..files import Area, Refused, area, read_bytes
from ..model import Brief, Entry, Quote
from ..slugs import slugify
from ..workers import fork_map
from .frontmatter import split

BRIEFS_DIR = "briefs"
# A brief is a few kilobytes; a whole book pasted into one is still far below this.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Terms one brief may name in all its taxonomies together: each is a page (and a feed) listing it.
MAX_TERMS = 100
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]?")
# Editors leave these beside real files: vim swap and backup files, emacs locks, JetBrains temp files.
_IGNORED = re.compile(r"(^\.|^#|~$|\.sw[a-p]$|\.tmp$|\.bak$|___jb_\w+___$)")


@dataclass
class Content:
    briefs: list[Brief] = field(default_factory=list)  # in path order
    entries: dict[str, list[Entry]] = field(default_factory=dict)  # taxonomy name → entries, path order
    problems: Problems = field(default_factory=Problems)


def content_files(folder: Path) -> Iterator[Path]:
    """Markdown files under folder, sorted, skipping editor temp files and hidden folders.

    Links to folders are not followed (as with Path.rglob); links to files are listed, and
    checked where they lead when they are read (files.read_bytes), as is anything not a regular file.
    """
    if not folder.is_dir():
        return
    found: list[str] = []
    folders = [str(folder)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if _IGNORED.search(entry.name):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.name.endswith(".md") and not entry.is_dir():
                        found.append(entry.path)  # a pipe or a device is listed, and refused when read
        except OSError:
            continue  # a folder that went away or cannot be read: its files are not there
    # Sorted as Path sorts (part by part), without making Paths to compare.
    yield from map(Path, sorted(found, key=lambda name: name.split(os.sep)))  # noqa: PTH206


_Stamp = tuple[int, int, int]  # inode, size, mtime in ns
CacheEntry = tuple[_Stamp, "Brief | Entry | None", list[Problem]]
Cached = dict[str, CacheEntry]  # path as a string → what it held


class Loader:
    """Loads content, reusing what it parsed before for files whose stamp has not changed.

    The dev server keeps one Loader, so an edit re-reads one file, not the whole site.
    """

    def __init__(self, config: Config, cached: Cached | None = None) -> None:
        self.config = config
        # Keyed by the path as a string: making (or unpickling) 10,000 Path objects costs a tenth of a second.
        self._cache: Cached = dict(cached) if isinstance(cached, dict) else {}
        self._files: dict[Path, str] | None = None  # path → "" for a brief, else its taxonomy
        self.changed: list[Path] = []  # files parsed (again) by the last load, and files gone since

    def snapshot(self) -> Cached:
        """What the build cache keeps between runs (briefs pickle without their assembled links)."""
        return dict(self._cache)

    def cached(self, path: Path) -> Brief | Entry | None:
        entry = self._cache.get(str(path))
        return entry[1] if entry else None

    def replace(self, path: Path, item: Brief | Entry) -> None:
        """Keep item (an object already in the model) as what path holds."""
        stamp, _, problems = self._cache[str(path)]
        self._cache[str(path)] = (stamp, item, problems)

    def load(self, briefs: bool = True, changed: Iterable[Path] | None = None, jobs: int = 1) -> Content:
        """Every brief and entry. With changed (paths a watcher reported), only those are looked at.

        Files to parse are parsed over jobs worker processes when there are many (a cold build)."""
        self.changed = []
        if changed is None or self._files is None:
            files = self._scan(briefs)
            fresh: set[Path] | None = None
        else:
            files, fresh = self._files, set(changed)
            for path in fresh:
                kind = self._kind(path)
                if kind is not None and (path.is_symlink() or path.exists()) and not path.is_dir():
                    files[path] = kind
                else:
                    files.pop(path, None)
        self._files = files
        ready = self._parse_ahead(files, jobs) if jobs > 1 and fresh is None else set()
        content = Content(entries={t.name: [] for t in self.config.taxonomies})
        for path in sorted(files):
            kind = files[path]
            parse = (
                partial(_brief, config=self.config)
                if kind == ""
                else partial(_entry, taxonomy=kind, config=self.config)
            )
            check = path not in ready and (fresh is None or path in fresh)
            item = self._get(path, content.problems, parse, check=check)
            if isinstance(item, Brief):
                content.briefs.append(item)
            elif isinstance(item, Entry):
                content.entries[item.taxonomy].append(item)
        for gone in set(self._cache) - {str(path) for path in files}:
            del self._cache[gone]
            self.changed.append(Path(gone))
        return content

    def _parse_ahead(self, files: dict[Path, str], jobs: int) -> set[Path]:
        """Parse every new or changed file over worker processes, filling the cache.

        Returns the files whose cache entry is now current (links are left to _get to check).
        """
        ready: set[Path] = set()
        todo = []
        for path in sorted(files):
            try:
                st = path.lstat()  # one call tells a link apart and stamps a file (for a file, lstat is stat)
            except OSError:
                st = None
            if st is not None and stat.S_ISLNK(st.st_mode):
                continue
            ready.add(path)
            cached = self._cache.get(str(path))
            if cached is None or cached[0] != (_stamp_of(st) if st is not None else _NO_STAMP):
                todo.append((path, files[path]))
        for path, entry in zip(
            (p for p, _ in todo), fork_map(partial(_parse, config=self.config), todo, jobs), strict=True
        ):
            self._cache[str(path)] = entry
            self.changed.append(path)
        return ready

    def _scan(self, briefs: bool) -> dict[Path, str]:
        files: dict[Path, str] = {}
        if briefs:
            files.update((path, "") for path in content_files(self.config.content / BRIEFS_DIR))
        for taxonomy in self.config.taxonomies:
            files.update((path, taxonomy.name) for path in content_files(self.config.content / taxonomy.name))
        return files

    def _kind(self, path: Path) -> str | None:
        """What a reported path is: "" for a brief, a taxonomy for an entry, None for neither."""
        for folder, kind in [
            (self.config.content / BRIEFS_DIR, ""),
            *((self.config.content / t.name, t.name) for t in self.config.taxonomies),
        ]:
            if path.is_relative_to(folder):
                rel = path.relative_to(folder)
                ok = path.suffix == ".md" and not any(_IGNORED.search(part) for part in rel.parts)
                return kind if ok else None
        return None

    def _get(
        self,
        path: Path,
        problems: Problems,
        parse: Callable[[Path, Problems], Brief | Entry | None],
        check: bool = True,
    ) -> Brief | Entry | None:
        key = str(path)
        if not check and key in self._cache:
            cached_item = self._cache[key]
            problems.extend(cached_item[2])
            return cached_item[1]
        stamp = _stamp(path)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == stamp:
            problems.extend(cached[2])
            return cached[1]
        mine = Problems()
        item = parse(path, mine)
        self._cache[key] = (stamp, item, mine.items)
        self.changed.append(path)
        problems.extend(mine.items)
        return item


_NO_STAMP: _Stamp = (0, 0, 0)  # a file that cannot be stat'ed


def _stamp(path: Path) -> _Stamp:
    try:
        return _stamp_of(path.stat())
    except OSError:
        return _NO_STAMP


def _stamp_of(st: os.stat_result) -> _Stamp:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _parse(
    todo: Sequence[tuple[Path, str]], config: Config
) -> list[tuple[_Stamp, Brief | Entry | None, list[Problem]]]:
    """Parse files in a worker: (stamp, item, problems) for each."""
    results = []
    for path, kind in todo:
        problems = Problems()
        stamp = _stamp(path)
        item = load_brief(path, config, problems) if kind == "" else load_entry(path, kind, config, problems)
        results.append((stamp, item, problems.items))
    return results


def _brief(path: Path, problems: Problems, config: Config) -> Brief | None:
    return load_brief(path, config, problems)


def _entry(path: Path, problems: Problems, taxonomy: str, config: Config) -> Entry | None:
    return load_entry(path, taxonomy, config, problems)


def content_area(config: Config) -> Area:
    """content/ as an area: every brief and entry is read from inside it, never through a link out."""
    return _content_area(config.content, config.root)


@lru_cache(maxsize=16)
def _content_area(content: Path, root: Path) -> Area:
    return area(content, root, "content/")


def _read(path: Path, shown: str, problems: Problems, config: Config) -> tuple[Document, str, int, bytes] | None:
    """Bytes → text → front matter → YAML; None (with a problem recorded) when any step fails."""
    try:
        # A file of content/ is read from inside content/ only; one named from elsewhere (a test,
        # a tool) is still read as a regular file with a bound.
        where = content_area(config) if path.is_relative_to(config.content) else None
        raw = read_bytes(path, where, MAX_FILE_BYTES, "briefs and registry entries")
    except Refused as exc:
        problems.error(shown, None, None, exc.message, exc.hint)
        return None
    except OSError as exc:
        problems.error(shown, None, None, f"cannot read the file: {exc.strerror}")
        return None
    if b"\x00" in raw:
        problems.error(
            shown,
            None,
            None,
            "binary file (contains NUL bytes)",
            "briefs are UTF-8 text; move this file out of content/",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(shown, line, None, "not UTF-8 text", "save the file as UTF-8 (ingest converts seeds for you)")
        return None
    try:
        parts = split(text)
    except FrontMatterError as exc:
        problems.error(shown, exc.line, None, exc.message, exc.hint)
        return None
    try:
        doc = load(parts.yaml, first_line=parts.yaml_line)
    except YamlError as exc:
        problems.error(shown, exc.line, None, exc.message, exc.hint)
        return None
    if not isinstance(doc.data, dict):
        problems.error(
            shown, parts.yaml_line, None, "front matter must be keys and values", "e.g. title: Kim meets Putin"
        )
        return None
    return doc, s.clean(parts.body), parts.body_line, raw


def load_brief(path: Path, config: Config, problems: Problems) -> Brief | None:
    shown = config.relative(path)
    read = _read(path, shown, problems, config)
    if read is None:
        return None
    doc, body, body_line, raw = read
    before = len(problems.errors)
    values, extra = s.validate(
        doc,
        brief_schema(config),
        problems,
        shown,
        allowed_extra=frozenset(config.extra_keys),
        extra_hint="declare custom keys in site.yml under extra_keys",
    )
    when = values["date"]
    if when is None and not values["draft"] and "date" not in doc.data:
        problems.error(
            shown,
            doc.line(),
            "date",
            "required key is missing",
            "add 'date: YYYY-MM-DD', or 'draft: true' while the date is unknown",
        )
    named = sum(len(values[t.key]) for t in config.taxonomies)
    if named > MAX_TERMS:
        problems.error(
            shown,
            doc.line(),
            None,
            f"names {named} terms in all; at most {MAX_TERMS} are allowed",
            "keep the people, places and organizations the brief is about",
        )
    slug = _brief_slug(path, values["slug"])
    if not slug:
        problems.error(
            shown,
            doc.line("slug"),
            "slug",
            "the slug has no letters or digits",
            "give the brief a 'slug:' or rename the file",
        )
    if len(problems.errors) > before:
        return None
    date, time = _split_when(when)
    updated, _ = _split_when(values["updated"])
    brief = Brief(
        path=shown,
        slug=slug,
        title=values["title"],
        date=date,
        time=time,
        updated=updated,
        source=values["source"],
        source_url=values["source_url"],
        byline=values["byline"],
        summary=values["summary"],
        label=values["label"],
        credit=values["credit"],
        license=values["license"],
        license_url=values["license_url"],
        draft=values["draft"],
        seed=values["seed"],
        values={t.name: values[t.key] for t in config.taxonomies},
        value_lines={t.name: [doc.line(t.key, i) for i in range(len(values[t.key]))] for t in config.taxonomies},
        extra=extra,
        body=body,
        body_line=body_line,
        digest=hashlib.sha256(raw).hexdigest(),
        lang=values["lang"] or config.language,
    )
    brief.quotes = [Quote(q["text"], q.get("speaker", ""), brief) for q in values["quotes"]]
    return brief


def _brief_slug(path: Path, given: str) -> str:
    if given:
        return slugify(given)
    return slugify(_DATE_PREFIX.sub("", path.stem) or path.stem)


def _split_when(value: dt.date | dt.datetime | None) -> tuple[dt.date | None, dt.datetime | None]:
    if isinstance(value, dt.datetime):
        return value.date(), value
    return value, None


def load_entry(path: Path, taxonomy: str, config: Config, problems: Problems) -> Entry | None:
    shown = config.relative(path)
    read = _read(path, shown, problems, config)
    if read is None:
        return None
    doc, body, body_line, _ = read
    before = len(problems.errors)
    values, _ = s.validate(doc, ENTRY_SCHEMA, problems, shown)
    slug = slugify(values["slug"] or path.stem)
    if not slug:
        problems.error(shown, doc.line("slug"), "slug", "the slug has no letters or digits", "rename the file")
    if len(problems.errors) > before:
        return None
    return Entry(
        taxonomy=taxonomy,
        path=shown,
        slug=slug,
        name=values["name"],
        aliases=tuple(values["aliases"]),
        role=values["role"],
        country=values["country"],
        bio=body,
        bio_line=body_line,
    )
