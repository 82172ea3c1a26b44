"""Watching sources for the dev server: classify each file event, and debounce bursts into one batch."""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..config.site import Config
from ..content.loader import BRIEFS_DIR
from ..ingest.seeds import SIDECAR_SUFFIXES, is_seed
from ..site.themes import ThemeDirs, override_dirs


class Kind(StrEnum):
    """What a changed file is, which decides the least work that brings the site up to date."""

    CONFIG = "config"  # site.yml: everything again
    TEMPLATE = "template"  # a template: new Jinja2 environment, every page
    STATIC = "static"  # a static file: nothing to render; stylesheets are swapped in place
    BRIEF = "brief"  # a brief: that file, the model, the pages that show it
    REGISTRY = "registry"  # a registry entry: that file, the model
    SEED = "seed"  # a seed or its sidecar: ingest it, which writes a brief


# Files editors write beside the real one: vim swap/backup files and its 4913 probe, emacs locks
# and autosaves, JetBrains' safe-write temporaries, our own ".name.tmp" writes, OS litter.
_TEMPORARY = re.compile(
    r"(^\.|^#.*#$|~$|\.sw[a-p]$|\.tmp$|\.bak$|\.part$|\.crdownload$|^4913$|___jb_\w+___$|^\.DS_Store$|^Thumbs\.db$)"
)


@dataclass(frozen=True)
class Change:
    kind: Kind
    path: Path


def is_temporary(path: Path) -> bool:
    return _TEMPORARY.search(path.name) is not None


def classify(path: Path, config: Config, dirs: ThemeDirs) -> Kind | None:
    """The kind of a changed path, or None when no output depends on it."""
    path = path.absolute()
    if is_temporary(path) or any(part.startswith(".") for part in path.parts[-3:-1]):
        return None
    if path == config.path:
        return Kind.CONFIG
    if path.is_relative_to(config.output):
        return None
    if path.is_relative_to(config.content / BRIEFS_DIR):
        return Kind.BRIEF if path.suffix == ".md" else None
    for taxonomy in config.taxonomies:
        if path.is_relative_to(config.content / taxonomy.name):
            return Kind.REGISTRY if path.suffix == ".md" else None
    if path.is_relative_to(config.seeds):
        return Kind.SEED if is_seed(path) or path.suffix.lower() in SIDECAR_SUFFIXES else None
    overrides = override_dirs(config)
    if any(path.is_relative_to(folder.absolute()) for folder in (*dirs.templates, *overrides.templates)):
        return Kind.TEMPLATE
    if any(path.is_relative_to(folder.absolute()) for folder in (*dirs.static, *overrides.static)):
        return Kind.STATIC
    return None


def watched_folders(config: Config, dirs: ThemeDirs) -> list[tuple[Path, bool]]:
    """(folder, recursive) pairs: the sources, and the site root itself for site.yml."""
    overrides = override_dirs(config)
    folders = [config.content, config.seeds, *dirs.templates, *dirs.static, *overrides.templates, *overrides.static]
    unique: list[tuple[Path, bool]] = [(config.root, False), (config.root / "themes", False)]
    for folder in folders:
        if folder.is_dir() and all(not folder.is_relative_to(f) for f, recursive in unique if recursive):
            unique.append((folder, True))
    return unique


class Batcher:
    """Collects changes and hands them over in batches once the files have been quiet for a moment.

    An editor's save is a burst of events (write, rename, chmod); a script may save a hundred
    times a second. Waiting for QUIET seconds without events, but never longer than LONGEST,
    turns such bursts into one or two rebuilds.
    """

    QUIET = 0.025
    LONGEST = 1.0

    def __init__(self) -> None:
        self._queue: queue.Queue[Change | None] = queue.Queue()

    def put(self, change: Change) -> None:
        self._queue.put(change)

    def close(self) -> None:
        self._queue.put(None)

    def batches(self) -> Iterable[set[Change]]:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = {first}
            started = time.monotonic()
            while True:
                wait = min(self.QUIET, started + self.LONGEST - time.monotonic())
                if wait <= 0:
                    break
                try:
                    change = self._queue.get(timeout=wait)
                except queue.Empty:
                    break
                if change is None:
                    yield batch
                    return
                batch.add(change)
            yield batch


class _Handler(FileSystemEventHandler):
    def __init__(self, on_path: Callable[[Path], None]) -> None:
        self.on_path = on_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return  # reading a file changes nothing; "closed" follows a "modified" we already have
        if event.is_directory and event.event_type == "modified":
            return  # a folder "changes" whenever a file in it does; the file's own event says which
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.on_path(Path(raw if isinstance(raw, str) else raw.decode()))


class Watcher:
    """watchdog observing the site's sources; classified changes go to a Batcher."""

    def __init__(self, config: Config, dirs: ThemeDirs, batcher: Batcher) -> None:
        self.config, self.dirs, self.batcher = config, dirs, batcher
        self.observer = Observer()
        self._handler = _Handler(self._path)
        self._lock = threading.Lock()
        self._scheduled: set[Path] = set()
        for folder, recursive in watched_folders(config, dirs):
            if folder.is_dir():
                self.observer.schedule(self._handler, str(folder), recursive=recursive)
                if recursive:
                    self._scheduled.add(folder)

    def _path(self, path: Path) -> None:
        kind = classify(path, self.config, self.dirs)
        if kind is None:
            return
        if path.is_dir():
            self._watch_new_folder(path)
        self.batcher.put(Change(kind, path))

    def _watch_new_folder(self, path: Path) -> None:
        """A templates/ or static/ folder made while serving: watch it from now on."""
        with self._lock:
            if any(path.is_relative_to(folder) for folder in self._scheduled):
                return
            self._scheduled.add(path)
            self.observer.schedule(self._handler, str(path), recursive=True)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
