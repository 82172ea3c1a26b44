"""Dev server, search: the Pagefind index made again in the background after each build, served from memory.

A saved brief is served at once; its year's search index follows a moment later (the rest is kept),
exactly as `briefing build` would write it. Until the first index is made, /pagefind/ answers 404
and the search page says the index is not there yet.

The index is made in a process of its own (spawned: the server has threads, which forking does not
mix with), at a lower priority: making a year's records is seconds of Python work, which in the
server's own interpreter would hold up the pages it serves. The words of each body come back with
the bundles and are kept (`_texts`), so the next edit's year parses only what changed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any

from ..build.cache import cache_folder
from ..build.search import FOLDER, MANIFEST, Facts, SearchCache, brief_key, buckets, facts, index_facts, manifest
from ..config.site import Config
from ..errors import BriefingError
from ..model import Brief, Site
from ..site.markdown import Markdown

PREFIX = f"/{FOLDER}/"
NICENESS = 10  # Pagefind's, while the server answers
DELAY = 0.5  # seconds between a build and the start of its indexing
TYPES = {".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class _Wanted:
    config: Config
    plan: Sequence[tuple[str, str]]  # (bucket name, key), newest first
    todo: Mapping[str, Sequence[Facts]]  # key → the facts of a bucket not indexed yet


class SearchIndex:
    """/pagefind/ of the site the server shows, made by one background thread, newest request first."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log
        self._lock = threading.Lock()
        self._files: dict[str, bytes] = {}  # path under /pagefind/ → bytes
        self._bundles: dict[str, dict[str, bytes]] = {}  # bucket key → its bundle
        self._runtime: tuple[str, dict[str, bytes]] | None = None  # (language, files)
        self._wanted: _Wanted | None = None
        self._worker: threading.Thread | None = None
        self._error = ""
        # (Markdown options, a body) → its words, from the last index made (the worker's alone)
        self._texts: dict[tuple[bool, bool, str], str] = {}
        # What follow() took of each brief of the model it was last given, by id, with the hash of
        # the brief's file it was taken from (the model holds the briefs: their ids stay theirs).
        self._site: Site | None = None
        self._keys: dict[int, tuple[str, str]] = {}
        self._facts: dict[int, tuple[str, Facts]] = {}
        self.made = 0  # indexes made so far (tests read it)
        self.indexed: list[str] = []  # the buckets indexed anew, in order (the others came from a cache)
        self.done = threading.Event()  # set whenever the index is up to date with the last follow()

    def follow(self, site: Site) -> None:
        """Index the site as it is now, in the background. Takes what the records need first, so the
        model may be patched in place meanwhile; only buckets whose key changed are indexed again.

        This runs in the server's thread after each save: what it takes of each brief (its key and
        facts) is remembered while the model is the same one, and taken again only for a brief whose
        file changed (a save patches the model in place; anything else makes a new model)."""
        config = site.config
        if site is not self._site:
            self._site, self._keys, self._facts = site, {}, {}
        plan = buckets(site, self._key) if config.search else []  # search off (site.yml): the index is emptied
        with self._lock:
            kept = set(self._bundles)
        todo = {b.key: [self._fact(x, config) for x in b.briefs] for b in plan if b.key not in kept}
        with self._lock:
            self._wanted = _Wanted(config, [(b.name, b.key) for b in plan], todo)
            self.done.clear()
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._worker.start()

    def _key(self, brief: Brief) -> str:
        known = self._keys.get(id(brief))
        if known is None or known[0] != brief.digest:
            known = self._keys[id(brief)] = (brief.digest, brief_key(brief))
        return known[1]

    def _fact(self, brief: Brief, config: Config) -> Facts:
        known = self._facts.get(id(brief))
        if known is None or known[0] != brief.digest or (brief.text and not known[1].text):
            known = self._facts[id(brief)] = (brief.digest, facts(brief, config))
        return known[1]

    def file(self, route: str) -> tuple[bytes, str] | None:
        """A file of the current index and its Content-Type, or None."""
        if not route.startswith(PREFIX):
            return None
        with self._lock:
            body = self._files.get(route[len(PREFIX) :])
        if body is None:
            return None
        suffix = route[route.rfind(".") :]
        return body, TYPES.get(suffix, "application/octet-stream")

    def listing(self, prefix: str) -> list[str]:
        """The names of the current index's files under a folder of /pagefind/ ("2024/fragment/")."""
        with self._lock:
            return sorted(name[len(prefix) :] for name in self._files if name.startswith(prefix))

    def _run(self) -> None:
        while True:
            # Browsers told to reload ask for their pages now: let those be served before indexing
            # takes the interpreter (making records is Python work), and let quick saves coalesce.
            time.sleep(DELAY)
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._worker = None
                    self.done.set()
                    return
            try:
                self._make(wanted)
            except BriefingError as exc:  # e.g. Pagefind not installed: the site is still served
                message = f"Search index not made: {exc.format()}"
                if message != self._error:
                    self.log(message)
                self._error = message

    def _make(self, wanted: _Wanted) -> None:
        config = wanted.config
        if not config.search:
            with self._lock:
                self._bundles, self._files = {}, {}
                self.made += 1
            return
        names = {key: name for name, key in wanted.plan}
        # The build cache holds the bundles `briefing build` made (same keys, same bytes): a server
        # started after a build indexes nothing, and what it indexes the next build links.
        store = SearchCache(cache_folder(config))
        found = {key: store.files(names[key], key) for key in wanted.todo}
        made = {key: files for key, files in found.items() if files is not None}
        keys = [key for key in wanted.todo if key not in made]
        options = (config.markdown.html, config.markdown.typographer)
        groups = [[_with_text(f, self._texts.get((*options, f.body))) for f in wanted.todo[k]] for k in keys]
        indexed, texts = _index_apart(config, groups) if groups else ([], [])
        if texts:  # the years indexed now are the likeliest to be edited next
            self._texts = {}
            for group, words in zip(groups, texts, strict=True):
                self._texts.update(((*options, f.body), text) for f, text in zip(group, words, strict=True))
        for key, files in zip(keys, indexed, strict=True):
            store.keep(names[key], key, files)
            made[key] = files
            self.indexed.append(names[key])
        if self._runtime is None or self._runtime[0] != config.language:
            self._runtime = (config.language, store.runtime(config.language))
        with self._lock:
            self._bundles.update(made)
            # Keep what this plan and the next one (its todo was taken from what is kept) need.
            needed = {key for _, key in wanted.plan} | {key for _, key in (self._wanted.plan if self._wanted else ())}
            self._bundles = {key: bundle for key, bundle in self._bundles.items() if key in needed}
            files = {f"{name}/{rel}": data for name, key in wanted.plan for rel, data in self._bundles[key].items()}
            files.update(self._runtime[1])
            files[MANIFEST] = manifest(config, (name for name, _ in wanted.plan))
            self._files = files
            self.made += 1
        self._error = ""


def _with_text(fact: Facts, text: str | None) -> Facts:
    return fact if fact.text or text is None else replace(fact, text=text)


def _index_apart(config: Config, groups: list[list[Facts]]) -> tuple[list[dict[str, bytes]], list[list[str]]]:
    """index_facts in a spawned process at a lower priority, and the words of each body it indexed.

    A daemonic process with a pipe rather than a process pool: stopping the server ends it at once."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_index_child, args=(send, config, groups), name="search-index", daemon=True)
    try:
        process.start()
        send.close()
        done = receive.recv()
    except Exception as exc:  # it died, could not start (a program that embeds the server unguarded), …
        raise BriefingError(
            f"the search indexing process failed ({type(exc).__name__})",
            hint="pages are served as usual; the search index follows the next save",
        ) from None
    finally:
        receive.close()
        process.join(10)
        if process.is_alive():
            process.kill()
    if not isinstance(done, tuple):
        raise BriefingError(*done)
    return done


def _index_child(send: Connection, config: Config, groups: list[list[Facts]]) -> None:
    """The indexing process: Ctrl-C is the server's to handle (it ends this process as it exits)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _lower_priority()
    try:
        result = _index(config, groups)
    except Exception as exc:  # a bug, said in one line by the server, never a traceback here
        result = [f"unexpected {type(exc).__name__} while indexing", [], "this is a bug in briefing; please report it"]
    with contextlib.suppress(OSError):  # the server stopped meanwhile: nobody is listening
        send.send(result)
        send.close()


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not on every system, never worth failing
        os.nice(NICENESS)


def _index(config: Config, groups: list[list[Facts]]) -> tuple[list[dict[str, bytes]], list[list[str]]] | list[Any]:
    """In the indexing process: the bundles, and each body's words; a problem as the arguments of its
    error (an exception with custom arguments does not survive the trip back)."""
    markdown = Markdown(html=config.markdown.html, typographer=config.markdown.typographer)
    worded = [[f if f.text else replace(f, text=markdown.to_text(f.body)) for f in group] for group in groups]
    try:
        return index_facts(config, worded, 1), [[f.text for f in group] for group in worded]
    except BriefingError as exc:
        return [exc.message, exc.problems, exc.hint]
