"""Build stage, search: every brief as a Pagefind record, one bundle per year, re-indexed only when its briefs change.

Pagefind has no incremental mode, and indexing all of a big site takes longer than building it, so
the index is cut into **buckets**, one per year of briefs (undated drafts in one more), each a
Pagefind bundle of its own; the search page merges them in the browser (`mergeIndex`). A bucket's
key is made from what its records are made of: each brief's file (its hash), its route, the names
of its terms and of its quotes' speakers, and the site's configuration. A bucket whose key is in the
build cache is linked from it; the others are indexed (`pagefind.each_bundle`, one Pagefind service per
bucket, `jobs` at once). So an edit re-indexes one year, and the output is byte for byte what a
build without the cache writes, for any number of workers.

The rule that keeps this exact: a record (`record`) reads a brief's file fields, its route, its
terms and its quotes' terms, and the site's configuration, and nothing else of the model.

Written under /pagefind/: `buckets.json` (the buckets, newest first, and the filters with their
labels, for the search page), Pagefind's runtime (`pagefind.js`, `pagefind-highlight.js`) and one
folder per bucket (`2024/` …).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NamedTuple

from ..config.site import Config
from ..errors import BuildError
from ..model import Brief, Site
from ..site.markdown import Markdown
from ..site.pages import human_date, iso_datetime
from ..workers import fork_map
from .cache import config_key, digest
from .pagefind import RUNTIME as PAGEFIND_RUNTIME
from .pagefind import Record, each_bundle, runtime
from .write import holds, listing, same_file, write_files

FOLDER = "pagefind"  # under the site root: /pagefind/
MANIFEST = "buckets.json"
FORMAT = 3  # bump when what goes into a record changes
UNDATED = "undated"
RUNTIME = "runtime"  # the cache folder of Pagefind's browser runtime (a bucket is a year or undated)
KINDS = ("people", "topics", "places", "organizations")  # filter order: these kinds first, then other taxonomies


def pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "?"


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """A filter of the search page: its key in the index and the label it is shown with."""

    key: str
    label: str


def facets(config: Config) -> list[Facet]:
    """The filters: the taxonomies (people, topics, places, organizations, then the others), then
    source, label, year and language."""
    ordered = [t for kind in KINDS if (t := config.taxonomy(kind)) is not None]
    ordered += [t for t in config.taxonomies if t not in ordered]
    found = [Facet(t.name, t.singular) for t in ordered]
    taken = {f.key for f in found}
    extra = [Facet("source", "Source"), Facet("label", "Label"), Facet("year", "Year"), Facet("language", "Language")]
    return found + [f for f in extra if f.key not in taken]


@dataclass(frozen=True)
class Facts:
    """What a brief's record is made of, as plain values: safe to keep while the model is patched in
    place (the dev server indexes in the background) and cheap to take."""

    route: str
    title: str
    date: str  # as the site shows it
    datetime: str
    year: str
    source: str
    label: str
    byline: str
    lang: str
    summary: str  # "" when the body opens with it
    body: str  # Markdown
    text: str  # its words, when the render has them already ("": parse the body)
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # taxonomy → term names
    written: tuple[str, ...]  # the names as the front matter writes them (김정은 for Kim Jong-un)
    said: tuple[str, ...]  # each quote with its speaker
    sort: str  # the date as sortable text ("" undated)


def facts(brief: Brief, config: Config) -> Facts:
    """A brief's record inputs. Reads only what bucket keys cover (see above); the words of its body
    when rendering made them already (`brief.text`), which saves a parse."""
    said = tuple(
        f"{q.text} — {_both(q.term.name if q.term else q.speaker, q.speaker)}".rstrip(" —") for q in brief.quotes
    )
    return Facts(
        brief.route,
        brief.title,
        human_date(brief.date, brief.lang or config.language),  # as the brief's own page writes it
        iso_datetime(brief.time or brief.date),
        str(brief.date.year) if brief.date else "",
        brief.source,
        brief.label,
        brief.byline,
        brief.lang or config.language,
        brief.summary if not brief.summary_is_lead else "",
        brief.body,
        brief.text,
        tuple((name, tuple(t.name for t in terms)) for name, terms in brief.terms.items() if terms),
        tuple(v for values in brief.values.values() for v in values),
        said,
        _sortable(brief) if brief.date else "",
    )


def _both(name: str, written: str) -> str:
    return name if not written or written == name else f"{name} ({written})"


def record(brief: Facts, config: Config, keys: Sequence[Facet], markdown: Markdown) -> Record:
    """What search finds a brief by (its words) and shows of it (meta), filters and sorts it by."""
    terms = dict(brief.terms)
    names = [name for _, found in brief.terms for name in found]
    names += [name for name in dict.fromkeys(brief.written) if name not in names]
    about = " · ".join(x for x in (brief.date, brief.source, brief.label, brief.byline) if x)
    lines = [
        brief.summary,
        brief.text or markdown.to_text(brief.body),
        *brief.said,
        brief.title,
        about,
        " · ".join(names),
    ]
    people = config.taxonomy("people")
    topics = config.taxonomy("topics")
    meta = {
        "title": brief.title,
        "date": brief.date,
        "datetime": brief.datetime,
        "source": brief.source,
        "label": brief.label,
        "lang": brief.lang,
        "people": ", ".join(terms.get(people.name, ())) if people else "",
        "topic": ", ".join(terms.get(topics.name, ())) if topics else "",
    }
    values: dict[str, list[str]] = {name: list(found) for name, found in brief.terms}
    values.update(
        source=[brief.source] if brief.source else [],
        label=[brief.label] if brief.label else [],
        year=[brief.year] if brief.year else [],
        language=[brief.lang],
    )
    return Record(
        brief.route,
        "\n".join(line for line in lines if line),
        # One index per bucket, in the site's language, so every brief is found from one page; a
        # Korean brief's words are whole Hangul words in it (Pagefind's English stemmer leaves them).
        config.language,
        {k: v for k, v in meta.items() if v},
        {f.key: values[f.key] for f in keys if values.get(f.key)},
        {"date": brief.sort} if brief.sort else {},
    )


def _sortable(brief: Brief) -> str:
    """Newest last when sorted as text, as the site orders briefs (date, then time of day)."""
    assert brief.date is not None
    seconds = int(brief.time.timestamp()) + 10**11 if brief.time else 0
    return f"{brief.date.toordinal():07d}{seconds:012d}"


# --- buckets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    name: str  # the folder under /pagefind/: a year, or "undated"
    briefs: tuple[Brief, ...]  # in the site's order, newest first
    key: str  # what its records are made of


def buckets(site: Site, key: Callable[[Brief], str] | None = None) -> list[Bucket]:
    """The site's briefs by year, newest year first, each with its key (made from brief_key, or
    from `key`, which must give the same: the dev server's remembers them between saves)."""
    key = key or brief_key
    config = site.config
    common = digest(FORMAT, pagefind_version(), config_key(config), config.language)
    groups: dict[str, list[Brief]] = {}
    for brief in site.briefs:
        groups.setdefault(str(brief.date.year) if brief.date else UNDATED, []).append(brief)
    return [Bucket(name, tuple(items), digest(common, *map(key, items))) for name, items in groups.items()]


def brief_key(brief: Brief) -> str:
    """What a brief's record is made of, as text (see the module docstring)."""
    terms = "|".join(f"{name}:" + ",".join(t.name for t in items) for name, items in brief.terms.items())
    speakers = ",".join(q.term.name if q.term else "" for q in brief.quotes)
    return f"{brief.digest}>{brief.route}#{terms}#{speakers}"


def manifest(config: Config, names: Iterable[str]) -> bytes:
    """buckets.json: the bundles the search page merges, and the filters it offers, in order."""
    data = {
        "bundles": [f"{name}/" for name in names],
        "filters": [{"key": f.key, "label": f.label} for f in facets(config)],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def index_buckets(site: Site, todo: Sequence[Bucket], jobs: int, take: Callable[[int, dict[str, bytes]], None]) -> None:
    """The Pagefind bundle of each bucket given (relative path → bytes), indexed jobs at a time and
    handed to take(the bucket's number in todo, bundle) as soon as it is made."""
    groups = [[facts(b, site.config) for b in bucket.briefs] for bucket in todo]
    each_bundle(_grouped_records(site.config, groups, jobs), take, jobs)


def index_facts(config: Config, groups: Sequence[Sequence[Facts]], jobs: int) -> list[dict[str, bytes]]:
    """A bundle per group of facts, in order."""
    made: list[dict[str, bytes]] = [{} for _ in groups]
    each_bundle(_grouped_records(config, groups, jobs), made.__setitem__, jobs)
    return made


def _grouped_records(config: Config, groups: Sequence[Sequence[Facts]], jobs: int) -> list[list[Record]]:
    """The records of each group, made in forked workers (Markdown is most of their cost)."""
    made = fork_map(partial(_records, config=config), [f for group in groups for f in group], jobs)
    grouped, at = [], 0
    for group in groups:
        grouped.append(made[at : at + len(group)])
        at += len(group)
    return grouped


def _records(briefs: Sequence[Facts], config: Config) -> list[Record]:
    """Records of a share of the briefs (Markdown parsing is most of their cost: done in workers)."""
    keys = facets(config)
    markdown = Markdown(html=config.markdown.html, typographer=config.markdown.typographer)
    return [record(b, config, keys, markdown) for b in briefs]


# --- the build ----------------------------------------------------------------------------------


class Searched(NamedTuple):
    files: int  # files written under /pagefind/
    indexed: tuple[str, ...]  # the buckets indexed anew (the others were linked from the cache)


def write_search(
    config: Config,
    site: Site,
    folder: Path,
    cache: Path | None,
    jobs: int,
    taken: Iterable[str],
) -> Searched:
    """Write /pagefind/ into the staging folder.

    Buckets whose key the cache holds are linked from it; the others are indexed and kept there.
    `taken` are the other output paths: none may lie in /pagefind/.
    """
    clash = sorted(p for p in taken if p == FOLDER or p.startswith(FOLDER + "/"))
    if clash:
        raise BuildError(
            f"{clash[0]} would be written where the search index goes (/{FOLDER}/)",
            hint=f"rename the static file, taxonomy or permalink that makes /{clash[0]}",
        )
    plan = buckets(site)
    store = SearchCache(cache)
    root = folder / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    count = 0
    todo = []
    for bucket in plan:
        linked = store.link(bucket, root / bucket.name)
        if linked is None:
            todo.append(bucket)
        count += linked or 0
    written: list[int] = []

    def take(number: int, files: dict[str, bytes]) -> None:  # each bundle as soon as it is made
        bucket = todo[number]
        store.keep(bucket.name, bucket.key, files)
        if store.link(bucket, root / bucket.name) is None:  # no cache, or it could not keep it
            write_files(root / bucket.name, files)
        written.append(len(files))

    index_buckets(site, todo, jobs, take)
    count += sum(written)
    common = store.runtime(config.language)
    common[MANIFEST] = manifest(config, (b.name for b in plan))
    write_files(root, common)
    store.forget_except(plan)
    return Searched(count + len(common), tuple(b.name for b in todo))


def search_in_place(config: Config, site: Site, cache: Path | None, output: Path) -> set[str] | None:
    """The files of output/pagefind/ when they are what write_search would write now (each bucket's
    kept bundle linked there file for file, the runtime and manifest the same bytes); else None."""
    store = SearchCache(cache)
    if store.folder is None:
        return None
    plan = buckets(site)
    root = os.path.join(str(output), FOLDER)
    found: set[str] = set()
    for bucket in plan:
        path = store._path(bucket.name, bucket.key)
        if path is None or not path.is_dir():
            return None
        for rel in _listing(path):
            if not same_file(os.path.join(str(path), rel), os.path.join(root, bucket.name, rel)):
                return None
            found.add(f"{FOLDER}/{bucket.name}/{rel}")
    common = store.runtime(config.language)
    common[MANIFEST] = manifest(config, (b.name for b in plan))
    if not holds(root, common):
        return None
    return found | {f"{FOLDER}/{rel}" for rel in common}


class SearchCache:
    """Bucket bundles kept between builds, one folder per bucket and key, under the build cache."""

    def __init__(self, cache: Path | None) -> None:
        self.folder = cache / "search" if cache is not None else None

    def _path(self, name: str, key: str) -> Path | None:
        return self.folder / f"{name}-{key[:20]}" if self.folder is not None else None

    def files(self, name: str, key: str) -> dict[str, bytes] | None:
        """A kept bundle's files, or None when it is not there."""
        path = self._path(name, key)
        if path is None or not path.is_dir():
            return None
        try:
            return {rel: (path / rel).read_bytes() for rel in _listing(path)}
        except OSError:
            return None

    def link(self, bucket: Bucket, target: Path) -> int | None:
        """Hard-link a kept bundle into target (copied across file systems): its number of files, or
        None when the cache does not hold it (whole: a folder gone halfway counts as not held)."""
        path = self._path(bucket.name, bucket.key)
        if path is None or not path.is_dir():
            return None
        names = _listing(path)
        base, origin = str(target), str(path)
        made: set[str] = set()
        try:
            for rel in names:  # strings, and a folder made once: a year's bundle is thousands of files
                destination = os.path.join(base, rel)
                parent = os.path.dirname(destination)
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                try:
                    os.link(os.path.join(origin, rel), destination)
                except OSError:
                    shutil.copy2(os.path.join(origin, rel), destination)
        except OSError:  # removed meanwhile by another build of this site
            shutil.rmtree(target, ignore_errors=True)
            return None
        return len(names) if names else None

    def keep(self, name: str, key: str, files: dict[str, bytes]) -> None:
        """Save a bundle: written aside, then renamed in, so it is never there by halves."""
        path = self._path(name, key)
        if path is None or self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(dir=self.folder, prefix=".new-"))
            write_files(temporary, files)
            try:
                temporary.rename(path)
            except OSError:  # kept meanwhile by another build: the same bytes
                shutil.rmtree(temporary, ignore_errors=True)

    def runtime(self, language: str) -> dict[str, bytes]:
        """Pagefind's browser runtime, made once per Pagefind version."""
        key = digest(FORMAT, pagefind_version(), language)
        kept = self.files(RUNTIME, key)
        if kept is not None and set(kept) == set(PAGEFIND_RUNTIME):
            return kept
        files = runtime(language)
        self.keep(RUNTIME, key, files)
        return files

    def forget_except(self, plan: Sequence[Bucket]) -> None:
        """Drop the kept bundles of buckets that are no longer what this site has, and leftovers."""
        if self.folder is None or not self.folder.is_dir():
            return
        keep = {f"{b.name}-{b.key[:20]}" for b in plan}
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.startswith(RUNTIME + "-") or entry.name in keep:
                    continue
                shutil.rmtree(entry.path, ignore_errors=True)


def _listing(folder: Path) -> list[str]:
    """Every file under folder, relative, sorted."""
    return sorted(listing(folder))
