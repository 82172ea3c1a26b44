"""Dev server: the last good build in memory, pages rendered on request, live reload over Server-Sent Events."""

from __future__ import annotations

import contextlib
import errno
import importlib.resources
import mimetypes
import os
import queue
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..config.site import Config, load_config
from ..errors import BriefingError, ThemeError
from ..site.pages import Page, PageMaker
from ..site.render import Renderer, read_static
from ..site.session import PATCHED, Options, Session
from ..site.themes import ThemeDirs, theme_dirs
from ..urls import NOT_FOUND, Urls
from .excerpt import excerpts
from .search import SearchIndex
from .watch import Batcher, Change, Kind, Watcher

EVENTS = "/__briefing/events"
CLIENT = "/__briefing/client.js"
_HTML_END = re.compile(rb"</body\s*>", re.IGNORECASE)
# The live-reload client, a file of its own so that it reads (and lints) as JavaScript.
CLIENT_JS = (importlib.resources.files(__package__) / "client.js").read_text(encoding="utf-8")

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json; charset=utf-8",
}


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class State:
    """One good build: the site session, its routes, and the pages rendered so far."""

    session: Session
    routes: dict[str, PageMaker]  # every route, with what makes its page when asked
    rendered: dict[str, bytes] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        return self.session.config

    @property
    def renderer(self) -> Renderer:
        return self.session.renderer


def content_type(name: str) -> str:
    """The Content-Type for a file name (or a bare suffix such as ".js"), text always in UTF-8."""
    suffix = name.lower() if name.startswith(".") and name.count(".") == 1 else Path(name).suffix.lower()
    if name.endswith("atom.xml"):
        return "application/atom+xml; charset=utf-8"
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def safe_route(urls: Urls, raw: str) -> str | None:
    """The route a request asks for, or None for anything that could reach outside the site.

    Nothing is ever joined to a filesystem path: routes are looked up in the page table and the
    static map. This check still refuses traversal shapes outright so that no future change can
    turn them into file access.
    """
    path = urlsplit(raw).path
    try:
        decoded = unquote(path, errors="strict") if "%" in path else path
    except UnicodeDecodeError:  # overlong UTF-8 ("%c0%ae") and other invalid escapes
        return None
    if "\x00" in decoded or "\\" in decoded or "\ufffd" in decoded:
        return None
    segments = decoded.split("/")[1:]
    if any(s in (".", "..") for s in segments) or any(s == "" for s in segments[:-1]):
        return None
    return urls.route_of(decoded)


class DevSite:
    """The site as the dev server sees it. Testable without a socket: see respond()."""

    def __init__(self, config_path: Path, options: Options, log: Callable[[str], None] = print) -> None:
        self.config_path = config_path
        self.options = options
        self.log = log
        self.state: State | None = None
        self.error = ""  # the current error, shown as an overlay; "" when the last build was good
        self.epoch = 0  # goes up with every good build; pages carry it so clients can tell
        self.building = False
        self.cond = threading.Condition()
        self.listeners: dict[queue.Queue[tuple[str, str]], str] = {}  # client queue → path it shows
        self.builds = 0  # good builds so far (tests and benchmarks read it)
        # An unexpected failure may have left the session half-updated: the next change reloads all.
        self.stale = False
        self.search = SearchIndex(log)  # /pagefind/, made in the background after each good build

    # --- building -----------------------------------------------------------------------

    def start(self) -> None:
        """First build; an error here still leaves a server that shows it and recovers."""
        self._run(lambda: self._load_all(), "reload")

    def apply(self, changes: set[Change]) -> None:
        """Bring the site up to date with a batch of changes, doing the least work each kind needs."""
        kinds = {c.kind for c in changes}
        # After a failed build everything is looked at again: a change elsewhere (a stylesheet)
        # must not clear the error of a brief that is still broken, nor build on a half-updated session.
        if Kind.CONFIG in kinds or self.state is None or self.stale or self.error:
            seeds = sorted(c.path for c in changes if c.kind is Kind.SEED)
            self._run(lambda: self._load_all(seeds), "reload")
            return
        event = "css" if kinds == {Kind.STATIC} and all(c.path.suffix == ".css" for c in changes) else "reload"
        self._run(lambda: self._update(kinds, changes), event)

    def _run(self, work: Callable[[], State | None], event: str) -> None:
        """Do one build; whatever it raises is shown (terminal and overlay) and the server goes on
        serving the last good build, and rebuilds on the next change."""
        started = time.perf_counter()
        with self.cond:
            self.building = True
        try:
            state = work()
        except BaseException as exc:
            if not isinstance(exc, Exception):
                self._done_building()
                raise  # KeyboardInterrupt, SystemExit: stop, without holding requests
            message = exc.format() if isinstance(exc, BriefingError) else unexpected(exc)
            lines = excerpts(self.config_path.parent, exc.problems) if isinstance(exc, BriefingError) else ""
            shown = f"{message}\n\n{lines}" if lines else message  # the overlay shows the file's lines too
            with self.cond:
                self.stale = self.stale or not isinstance(exc, BriefingError)
                self.building = False
                self.cond.notify_all()
                repeated = shown == self.error
                self.error = shown
            if not repeated:
                self.log(message)
            self._broadcast("failure", shown)
            return
        with self.cond:
            if state is not None:
                self.state = state
                self.epoch += 1
                self.builds += 1
            self.error = ""
            self.building = False
            self.cond.notify_all()
        if state is None:
            return  # nothing that a page shows has changed
        self._prerender()
        self.log(f"Rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms.")
        self._broadcast(event, str(self.epoch))
        self.search.follow(state.session.site)  # after the reload: the page does not wait for search

    def _done_building(self) -> None:
        with self.cond:
            self.building = False
            self.cond.notify_all()

    def _load_all(self, seeds: list[Path] | None = None) -> State | None:
        config = load_config(self.config_path)
        if seeds:
            self._ingest(config, seeds)  # changed seeds first: the briefs they give are then loaded
        session = Session.open(config, self.options, fingerprint_assets=False)
        session.renderer.check_templates()
        state = self._ready(session, sample=True)
        self.stale = False
        return state

    def _update(self, kinds: set[Kind], changes: set[Change]) -> State | None:
        assert self.state is not None
        session = self.state.session
        content = sorted({c.path for c in changes if c.kind in (Kind.BRIEF, Kind.REGISTRY)})
        seeds = sorted(c.path for c in changes if c.kind is Kind.SEED)
        if seeds:
            content += self._ingest(session.config, seeds)
        if Kind.TEMPLATE in kinds:
            if content:
                session.update(content)
            return self._ready(session.with_theme(), sample=True)
        done = session.update(content) if content else ""
        if done == PATCHED and Kind.STATIC not in kinds:
            return State(session, self.state.routes)  # every route where it was: pages render anew on request
        if done or (content and self.error):
            return self._ready(session, sample=False)
        if Kind.STATIC in kinds:
            session.refresh_static()
            return self._ready(session, sample=False)
        return None

    def _ready(self, session: Session, sample: bool) -> State:
        """The session's site as the server shows it: routes mapped, nothing rendered yet."""
        state = State(session, session.table.router())
        if sample:
            self._sample(state)
        return state

    def _sample(self, state: State) -> None:
        """Render one page of each kind, so a template error shows now rather than on some click."""
        table, site = state.session.table, state.session.site
        pages = [table.home_page(1), table.archive_page(), table.not_found_page()]
        if state.session.config.search:
            pages.append(table.search_page())
        pages.append(table.site_feed())
        pages += [table.brief_page(b) for b in site.briefs[:1]]
        pages += [table.month_page(m) for m in site.months[:1]]
        for index in site.taxonomies.values():
            pages.append(table.taxonomy_page(index))
            pages += [table.term_page(index, t, 1) for t in index.terms[:1]]
        for page in pages:
            state.rendered[page.route] = state.renderer.render(page)

    def _ingest(self, config: Config, seeds: list[Path]) -> list[Path]:
        """Ingest changed seeds; the briefs written, for the loader to read."""
        from ..ingest.run import FAILED, ingest

        report = ingest(config, [p for p in seeds if p.exists() and p.suffix.lower() not in (".yml", ".yaml")])
        written: list[Path] = []
        for outcome in report.outcomes:
            if outcome.status == FAILED:
                raise BriefingError(f"{outcome.seed}: {outcome.message}", hint=outcome.hint)
            self.log(f"Ingested {outcome.seed}: {outcome.status} {outcome.brief}")
            if outcome.brief:
                written.append(config.root / outcome.brief)
        return written

    def _prerender(self) -> None:
        """Render the pages open in browsers before telling them to reload: their reload is then instant."""
        with self.cond:
            paths = set(self.listeners.values())
        for path in paths:
            self.respond("GET", path)

    # --- clients ------------------------------------------------------------------------

    def subscribe(self, path: str) -> queue.Queue[tuple[str, str]]:
        listener: queue.Queue[tuple[str, str]] = queue.Queue()
        with self.cond:
            self.listeners[listener] = path
        return listener

    def unsubscribe(self, listener: queue.Queue[tuple[str, str]]) -> None:
        with self.cond:
            self.listeners.pop(listener, None)

    def _broadcast(self, event: str, data: str) -> None:
        with self.cond:
            listeners = list(self.listeners)
        for listener in listeners:
            listener.put((event, data))

    def close(self) -> None:
        for listener in list(self.listeners):
            listener.put(("close", ""))

    # --- requests -----------------------------------------------------------------------

    def respond(self, method: str, target: str) -> Response:
        """The answer to one request, after any build in progress has finished."""
        if urlsplit(target).path == CLIENT:
            return Response(200, CLIENT_JS.encode(), {"Content-Type": content_type(".js")})
        with self.cond:
            self.cond.wait_for(lambda: not self.building, timeout=30)
            state, epoch, error = self.state, self.epoch, self.error
        if state is None:
            return self._error_page(error or "The site has not been built yet.", epoch)
        urls = Urls(state.config.base_url)
        route = safe_route(urls, target)
        if route is None:
            if urlsplit(target).path in ("", "/") and urls.base_path != "/":
                return Response(302, headers={"Location": urls.base_path})
            return self._not_found(state, epoch)
        make = state.routes.get(route)
        if make is not None:
            return self._page(state, make(), epoch, error=error)
        if not route.endswith("/") and route + "/" in state.routes:
            query = urlsplit(target).query
            return Response(301, headers={"Location": urls.url(route + "/") + (f"?{query}" if query else "")})
        searched = self.search.file(route)
        if searched is not None:
            return Response(200, searched[0], {"Content-Type": searched[1]})
        static = state.renderer.static.get(route.lstrip("/"))
        if static is not None:
            try:
                # checked as it is read: it may have been swapped for a link out, or a FIFO, since it was mapped
                body = read_static(static, state.session.dirs)
            except ThemeError:
                return self._not_found(state, epoch)
            return Response(200, body, {"Content-Type": content_type(static.name)})
        return self._not_found(state, epoch)

    def _page(self, state: State, page: Page, epoch: int, status: int = 200, error: str = "") -> Response:
        body = state.rendered.get(page.route)
        if body is None:
            try:
                body = state.renderer.render(page)
            except Exception as exc:  # every failure is shown on the page, none kills the server
                message = exc.format() if isinstance(exc, BriefingError) else unexpected(exc)
                self.log(message)
                return self._error_page(message, epoch)
            state.rendered[page.route] = body
        kind = content_type("index.html" if page.route.endswith("/") else page.route)
        if kind.startswith("text/html"):
            body = inject(body, epoch, error)
        return Response(status, body, {"Content-Type": kind})

    def _not_found(self, state: State, epoch: int) -> Response:
        make = state.routes.get(NOT_FOUND)
        if make is None:
            return Response(404, b"Not found", {"Content-Type": content_type(".txt")})
        return self._page(state, make(), epoch, status=404)

    def _error_page(self, message: str, epoch: int) -> Response:
        html = (
            b"<!doctype html><html lang=en><meta charset=utf-8><title>Build error</title>"
            b"<body><h1>The site could not be built</h1><p>Fix the problem below; this page reloads by itself.</p>"
            b"</body></html>"
        )
        return Response(500, inject(html, epoch, message), {"Content-Type": content_type(".html")})


def unexpected(exc: BaseException) -> str:
    """A failure that is not the user's: said plainly, on one line, without a traceback."""
    if os.environ.get("BRIEFING_DEBUG"):
        traceback.print_exception(exc)
    return (
        f"Error: unexpected {type(exc).__name__}: {exc}\n"
        "This is a bug in briefing. Please report it with what you changed "
        "(set BRIEFING_DEBUG=1 to see the traceback). The last good build is still served."
    )


def inject(body: bytes, epoch: int, error: str = "") -> bytes:
    """Add the live-reload client before </body> (or at the end when there is none)."""
    tag = f'<script src="{CLIENT}" data-epoch="{epoch}" data-error="{_attr(error)}"></script>'.encode()
    matches = list(_HTML_END.finditer(body))
    if not matches:
        return body + tag
    at = matches[-1].start()
    return body[:at] + tag + body[at:]


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def event_stream(site: DevSite, target: str, write: Callable[[bytes], None], heartbeat: float = 15.0) -> None:
    """Server-Sent Events for one client until it goes away: reload, css, failure."""
    query = parse_qs(urlsplit(target).query)
    path = query.get("path", ["/"])[0]
    seen = query.get("epoch", [""])[0]
    listener = site.subscribe(path)
    try:
        write(b"retry: 500\n\n")
        with site.cond:
            epoch, error = site.epoch, site.error
        if error:
            write(_event("failure", error))
        elif seen and seen != str(epoch):
            write(_event("reload", str(epoch)))  # a build finished between the page load and now
        while True:
            try:
                event, data = listener.get(timeout=heartbeat)
            except queue.Empty:
                write(b": still here\n\n")
                continue
            if event == "close":
                return
            write(_event(event, data))
    finally:
        site.unsubscribe(listener)


def _event(name: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in (data.splitlines() or [""]))
    return f"event: {name}\n{lines}\n".encode()


class Handler(BaseHTTPRequestHandler):
    """HTTP on top of DevSite.respond; Server-Sent Events for live reload."""

    server: DevServer
    protocol_version = "HTTP/1.1"
    server_version = "briefing-serve"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        if urlsplit(self.path).path == EVENTS:
            self._events()
            return
        try:
            response = self.server.site.respond(self.command, self.path)
        except UnicodeDecodeError:
            response = Response(400, b"Bad request", {"Content-Type": content_type(".txt")})
        except Exception as exc:  # one request failing must not be a traceback, nor end the server
            self.server.site.log(unexpected(exc).split("\n", 1)[0] + f" (answering {self.path[:200]})")
            response = Response(500, b"Internal error", {"Content-Type": content_type(".txt")})
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

        def write(data: bytes) -> None:
            self.wfile.write(data)
            self.wfile.flush()

        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ValueError):  # the browser went away
            event_stream(self.server.site, self.path, write)

    def log_message(self, format: str, *args: object) -> None:
        return  # requests are not news; errors are logged by DevSite


class DevServer(ThreadingHTTPServer):
    daemon_threads = True  # Ctrl-C must not wait for open event streams
    allow_reuse_address = True
    request_queue_size = 128  # a page opens many connections at once; the default 5 makes them retry

    def __init__(self, address: tuple[str, int], site: DevSite) -> None:
        self.site = site
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (reset, closed mid-answer, timed out) is no news; anything else
        is said in one line, never as socketserver's traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or exc is None:
            return
        self.site.log(unexpected(exc).split("\n", 1)[0] + " (while answering a request)")


def serve(
    config_path: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    options: Options | None = None,
    log: Callable[[str], None] = print,
    ready: Callable[[DevServer], None] | None = None,
) -> None:
    """Build, serve and watch until interrupted (Ctrl-C) or until ready's caller shuts the server down."""
    site = DevSite(config_path, options or Options(), log)
    site.start()
    try:
        server = DevServer((host, port), site)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise BriefingError(
                f"cannot listen on {host}:{port}: {exc.strerror}",
                hint="another program uses that port; pick another with --port, or --port 0 for any free one",
            ) from None
        raise BriefingError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    state = site.state
    base = Urls(state.config.base_url).base_path if state else "/"
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    log(f"Serving on http://{shown_host}:{bound_port}{base} (Ctrl-C to stop)")
    batcher = Batcher()
    watcher = None
    if state is not None:
        watcher = _watching(Watcher(state.config, state.session.dirs, batcher), log)
    else:
        config = _fallback_config(config_path)
        if config is not None:
            watcher = _watching(Watcher(config, theme_dirs_or_none(config), batcher), log)
    builder = threading.Thread(target=_build_loop, args=(site, batcher), daemon=True)
    builder.start()
    if ready is not None:
        ready(server)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        log("Stopped.")
    finally:
        site.close()
        batcher.close()
        if watcher is not None:
            watcher.stop()
        server.server_close()


def _watching(watcher: Watcher, log: Callable[[str], None]) -> Watcher | None:
    """The watcher, started; or None, said plainly, when the system will not watch the site (the limit
    on inotify watches reached, a tree too deep for watchdog's recursive walk): the site is still served."""
    try:
        watcher.start()
        return watcher
    except (OSError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the folders are nested too deeply"
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            reason = "the system's limit on watched folders (fs.inotify.max_user_watches) is reached"
        log(f"Warning: changes are not watched ({reason}); restart briefing serve to see edits.")
        with contextlib.suppress(Exception):
            watcher.stop()
        return None


def _build_loop(site: DevSite, batcher: Batcher) -> None:
    for batch in batcher.batches():
        try:
            site.apply(batch)
        except Exception as exc:  # after the build (prerendering): the loop must go on
            site.log(unexpected(exc))


def _fallback_config(config_path: Path) -> Config | None:
    """When the first build fails, still watch what we can so that fixing it recovers."""
    try:
        return load_config(config_path)
    except BriefingError:
        return None


def theme_dirs_or_none(config: Config) -> ThemeDirs:
    try:
        return theme_dirs(config)
    except BriefingError:
        return ThemeDirs((), ())
