"""Test helpers for servers: `briefing serve` in a thread on a free port, a static server for built sites, waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.serve.server import DevServer, DevSite, serve
from generator.site.session import Options
from tests.conftest import NOW


@dataclass
class Running:
    url: str  # http://127.0.0.1:PORT
    site: DevSite
    log: list[str] = field(default_factory=list)


@contextmanager
def running(root: Path, **selection: bool) -> Iterator[Running]:
    """The real dev server (watcher, builder, HTTP) on 127.0.0.1 with a free port."""
    log: list[str] = []
    ready = threading.Event()
    holder: dict[str, DevServer] = {}

    def on_ready(server: DevServer) -> None:
        holder["server"] = server
        ready.set()

    thread = threading.Thread(
        target=serve,
        args=(root / "site.yml", "127.0.0.1", 0, Options(now=NOW, **selection)),
        kwargs={"log": log.append, "ready": on_ready},
        daemon=True,
    )
    thread.start()
    assert ready.wait(30), f"server did not start: {log}"
    server = holder["server"]
    try:
        yield Running(f"http://127.0.0.1:{server.server_address[1]}", server.site, log)
    finally:
        server.shutdown()
        thread.join(10)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: a failing test shows its own output, not hundreds of GET lines."""


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving folder (a built site), as GitHub Pages serves a branch."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def atomic_write(path: Path, text: str) -> None:
    """Save the way vim and JetBrains do: write a temporary file, then rename it over the original."""
    temporary = path.with_name(path.name + "___jb_tmp___")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
