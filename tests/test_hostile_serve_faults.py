"""The dev server under faults while it runs: FIFOs dropped into the site, folders swapped for links out,
a rebuild that fails with a bug, clients that reset their connections. It never stops answering,
never waits on a file, never serves a byte from outside the site, and always recovers.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generator.site.session import Session
from tests.conftest import MakeSite, brief
from tests.hostile.support import BRIEFING, CANARY, cli_env, limit_memory, make_outside
from tests.servers import running, wait_until
from tests.test_hostile_serve import SITE, raw_get

ARTICLE = (
    "Kim and Putin to discuss weapons\n"
    "Russian President Vladimir Putin is expected to ask North Korean leader Kim Jong-un for artillery shells, "
    "officials said on Tuesday.\n"
)
# No request may wait on a build this long: a blocked build holds requests for 30 s.
PROMPT = 10.0


def prompt_get(port: int, target: bytes) -> tuple[int, bytes]:
    """GET target, failing the test if the answer takes longer than PROMPT (a build is stuck)."""
    with socket.create_connection(("127.0.0.1", port), timeout=PROMPT) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pytest.fail(f"{target!r} got no answer within {PROMPT} s: the server waits on something")
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def test_a_fifo_dropped_into_seeds_while_serving_is_reported_and_fixing_it_recovers(make_site: MakeSite) -> None:
    site = make_site({**SITE, "seeds/.keep": ""})
    with running(site.root) as server:
        port = int(server.url.rsplit(":", 1)[1])
        os.mkfifo(site.root / "seeds" / "pipe.txt")
        assert wait_until(lambda: "named pipe" in server.site.error, timeout=15), server.log
        assert "seeds/pipe.txt: is a named pipe (FIFO), not a regular file; it was not read" in server.site.error
        status, body = prompt_get(port, b"/repo/")
        assert status == 200 and b"Kim meets Putin" in body  # the last good build, at once
        assert b"is a named pipe (FIFO)" in body  # with the overlay's message
        (site.root / "seeds" / "pipe.txt").unlink()
        (site.root / "seeds" / "article.txt").write_text(ARTICLE, encoding="utf-8")
        (site.root / "seeds" / "article.yml").write_text("date: 2023-09-07\n", encoding="utf-8")
        assert wait_until(lambda: server.site.error == "" and not server.site.building, timeout=30), server.log
        assert wait_until(lambda: b"Kim and Putin to discuss weapons" in prompt_get(port, b"/repo/")[1], timeout=15)
        assert not any("Traceback" in line for line in server.log)


def test_fifos_dropped_into_content_and_static_while_serving_never_hold_a_request(make_site: MakeSite) -> None:
    site = make_site(SITE)
    with running(site.root) as server:
        port = int(server.url.rsplit(":", 1)[1])
        os.mkfifo(site.root / "content" / "briefs" / "2023-09-07-pipe.md")
        assert wait_until(lambda: "2023-09-07-pipe.md" in server.site.error, timeout=15), server.log
        builds = server.site.builds
        os.mkfifo(site.root / "static" / "pipe.css")
        (site.root / "static" / "late.css").write_text("p { color: red }\n", encoding="utf-8")
        for target in (b"/repo/", b"/repo/pipe.css", b"/repo/extra.css", b"/repo/2023/09/summit/"):
            assert prompt_get(port, target)[0] in (200, 404, 500), target
        (site.root / "content" / "briefs" / "2023-09-07-pipe.md").unlink()
        assert wait_until(lambda: server.site.error == "" and server.site.builds > builds, timeout=15), server.log
        assert wait_until(lambda: prompt_get(port, b"/repo/late.css")[0] == 200, timeout=15)
        assert prompt_get(port, b"/repo/pipe.css")[0] == 404


def test_a_rebuild_that_fails_with_a_bug_is_shown_and_the_next_change_recovers(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any exception, not only a BriefingError: the overlay says so, requests are answered, the fix is picked up."""
    site = make_site(SITE)
    failures = {"left": 1}
    update = Session.update

    def failing_update(self: Session, changed: object) -> bool:
        if failures["left"]:
            failures["left"] -= 1
            raise OSError(5, "Input/output error")  # what a dying disk or a bug in a library gives
        return update(self, changed)  # type: ignore[arg-type]

    monkeypatch.setattr(Session, "update", failing_update)
    path = site.root / "content" / "briefs" / "2023-09-05-summit.md"
    with running(site.root) as server:
        port = int(server.url.rsplit(":", 1)[1])
        path.write_text(brief("Kim meets Putin again", "2023-09-05"), encoding="utf-8")
        assert wait_until(lambda: "unexpected OSError" in server.site.error, timeout=15), server.log
        assert not server.site.building
        assert "The last good build is still served." in server.site.error
        status, body = prompt_get(port, b"/repo/2023/09/summit/")
        assert status == 200 and b"Kim meets Putin" in body and b"unexpected OSError" in body
        path.write_text(brief("Kim meets Putin a third time", "2023-09-05"), encoding="utf-8")
        assert wait_until(lambda: server.site.error == "", timeout=15), server.log
        assert wait_until(lambda: b"a third time" in prompt_get(port, b"/repo/2023/09/summit/")[1], timeout=15)
        assert not any("Traceback" in line for line in server.log)


def test_static_and_briefs_folders_swapped_for_links_out_while_serving_serve_nothing_from_outside(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = make_outside(tmp_path / "outside")
    (outside / "extra.css").write_text(f"/* {CANARY} */\n", encoding="utf-8")
    (outside / "briefs").mkdir()
    shutil.copy(outside / "secret.md", outside / "briefs" / "2023-09-05-summit.md")
    site = make_site(SITE)
    with running(site.root) as server:
        port = int(server.url.rsplit(":", 1)[1])
        assert prompt_get(port, b"/repo/extra.css")[0] == 200
        shutil.rmtree(site.root / "static")
        (site.root / "static").symlink_to(outside)
        briefs = site.root / "content" / "briefs"
        shutil.rmtree(briefs)
        briefs.symlink_to(outside / "briefs")
        assert wait_until(lambda: "outside" in server.site.error, timeout=15), server.log
        for target in (
            b"/repo/extra.css",
            b"/repo/secret.txt",
            b"/repo/",
            b"/repo/2023/09/summit/",
            b"/repo/search.json",
        ):
            _status, body = prompt_get(port, target)
            assert CANARY.encode() not in body, f"{target!r} served text from outside the site"
        assert prompt_get(port, b"/repo/extra.css")[0] == 404


def rst(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a browser tab closed mid-load does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_clients_that_reset_their_connections_print_nothing_in_the_serve_terminal(make_site: MakeSite) -> None:
    site = make_site(
        {
            **SITE,
            **{
                f"content/briefs/2023-08-{d:02d}-b{d}.md": brief(f"Brief {d}", f"2023-08-{d:02d}") for d in range(1, 29)
            },
        }
    )
    process = subprocess.Popen(
        [*BRIEFING, "serve", "--port", "0"],
        cwd=site.root,
        env=cli_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit_memory,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr or []), daemon=True)
    reader.start()
    try:
        assert wait_until(lambda: any("Serving on" in line for line in lines), timeout=60), lines
        port = int(re.search(r"127\.0\.0\.1:(\d+)", "".join(lines)).group(1))  # type: ignore[union-attr]
        for _ in range(10):
            for request in (
                b"GET /repo/ HTTP/1.1\r\nHost: x\r\n\r\n",  # reset before the answer is read
                b"GET /repo/search.json HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET /repo/archive/ HT",  # reset halfway through the request line
                b"GET /__briefing/events?path=/repo/ HTTP/1.1\r\nHost: x\r\n\r\n",  # a live-reload stream
            ):
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                sock.sendall(request)
                time.sleep(0.005)
                rst(sock)
        assert raw_get(port, b"/repo/").status == 200  # still serving
        time.sleep(0.5)
    finally:
        process.terminate()  # our own child, by its pid
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(5)
    log = "".join(lines)
    assert "Traceback" not in log and "Exception occurred" not in log and "ConnectionResetError" not in log, log


@pytest.mark.browser
def test_in_chromium_a_fifo_with_a_hostile_name_shows_as_text_in_the_overlay_and_removing_it_recovers(
    make_site: MakeSite,
) -> None:
    """A named pipe called <img src=x onerror=…>.md, with an escape sequence, dropped into content/briefs/ while
    a page is open: the overlay names it as text, no payload runs, and the page comes back when it goes."""
    from playwright.sync_api import expect

    from tests.browsers import chromium

    site = make_site(SITE)
    name = "2023-09-07-<img src=x onerror=window.__pwned=1>\x1b[2J.md"
    with running(site.root) as server, chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url + "/repo/2023/09/summit/")
        assert wait_until(lambda: bool(server.site.listeners), timeout=30)  # its event stream is connected
        os.mkfifo(site.root / "content" / "briefs" / name)
        overlay = page.locator("#briefing-error-overlay")
        expect(overlay).to_be_visible(timeout=30_000)
        expect(overlay).to_contain_text("2023-09-07-<img src=x onerror=window.__pwned=1>\\x1b[2J.md")
        expect(overlay).to_contain_text("is a named pipe (FIFO), not a regular file; it was not read")
        expect(page.locator("h1")).to_have_text("Kim meets Putin")  # the last good build stays
        assert page.evaluate("() => typeof window.__pwned") == "undefined" and dialogs == []
        assert page.locator("#briefing-error-overlay img").count() == 0
        (site.root / "content" / "briefs" / name).unlink()
        expect(page.locator("#briefing-error-overlay")).to_have_count(0, timeout=30_000)
        expect(page.locator("h1")).to_have_text("Kim meets Putin")
        assert page.evaluate("() => typeof window.__pwned") == "undefined" and dialogs == []
