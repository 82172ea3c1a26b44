"""The dev server under hostile requests and hostile saves: nothing outside the site is ever served.

Requests are sent over raw sockets so that what reaches the server is exactly the bytes written
here: encoded and double-encoded traversal, backslashes, NUL, overlong UTF-8, raw non-ASCII bytes.
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.serve.server import DevSite
from generator.site.session import Options
from tests.conftest import NOW, MakeSite, MiniSite, brief
from tests.hostile.support import CANARY, make_outside
from tests.servers import atomic_write, running, wait_until

SITE = {
    "site.yml": "title: Dev\nbase_url: https://example.github.io/repo/\n",
    "content/briefs/2023-09-05-summit.md": brief("Kim meets Putin", "2023-09-05", actors=["Kim Jong-un"]),
    "content/briefs/2023-09-06-reaction.md": brief("Washington reacts", "2023-09-06", actors=["John Kirby"]),
    "static/extra.css": "body { color: black }\n",
}

GOOD = {
    b"/repo/": b"Kim meets Putin",
    b"/repo/2023/09/summit/": b'<h1 id="brief-title">Kim meets Putin</h1>',
    b"/repo/2023/09/reaction/": b"Washington reacts",
    b"/repo/actors/kim-jong-un/": b"<h1>Kim Jong-un</h1>",
    b"/repo/extra.css": b"color: black",
    b"/repo/atom.xml": b"<feed",
    b"/repo/search/": b'id="search-status"',
}

PROBES = [
    b"/repo/../site.yml",
    b"/repo/../../outside/secret.txt",
    b"/repo/%2e%2e/site.yml",
    b"/repo/%2e%2e%2fsite.yml",
    b"/repo/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt",
    b"/repo/%252e%252e/site.yml",
    b"/repo/%252e%252e%252fsite.yml",
    b"//etc/passwd",
    b"/repo//etc/passwd",
    b"/repo/..\\site.yml",
    b"/repo/..%5csite.yml",
    b"/repo/%5c..%5c..%5coutside%5csecret.txt",
    b"/repo/extra.css%00.html",
    b"/repo/%00",
    b"/repo/%c0%ae%c0%ae/site.yml",
    b"/repo/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afsite.yml",
    b"/repo/%e0%80%ae%e0%80%ae/site.yml",
    b"/repo/secret.txt",  # static/secret.txt is a symlink to a file outside the site
    b"/repo/outside/secret.txt",  # static/outside is a symlink to a folder outside the site
    b"/repo/content/briefs/2023-09-05-summit.md",
    b"/repo/static/extra.css",
    b"/repo/" + b"a" * 8000,
    b"/repo/\xff\xfe/../site.yml",
    b"/repo/\xc3\xa9t\xc3\xa9/",
    b"/repo/\x80\x81/extra.css",
    b"/repo/2023/09/summit/%2e%2e/%2e%2e/%2e%2e/../site.yml",
]
PROBE_STATUSES = {301, 302, 303, 307, 308, 400, 404}
OVERSIZE = b"/repo/" + b"b" * 70000  # longer than any request line may be: 414, or the connection is dropped
RESET = 0  # status recorded when the server closed the connection before we read an answer


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def raw_get(port: int, target: bytes) -> Answer:
    """GET target exactly as given, over a plain socket; Connection: close."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:  # the server refused to read the rest of an oversized request
            if not chunks:
                return Answer(RESET, b"")
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    return Answer(int(status_line.split()[1]), body)


def hostile_dev_site(make_site: MakeSite, outside: Path) -> MiniSite:
    site = make_site(SITE)
    (site.root / "static" / "secret.txt").symlink_to(outside / "secret.txt")
    (site.root / "static" / "outside").symlink_to(outside)
    return site


def test_two_hundred_concurrent_good_and_hostile_requests_get_correct_answers(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = make_outside(tmp_path / "outside")
    site = hostile_dev_site(make_site, outside)
    targets = [*GOOD, *PROBES, OVERSIZE]
    with running(site.root) as server, ThreadPoolExecutor(max_workers=50) as pool:
        port = int(server.url.rsplit(":", 1)[1])
        asked = [targets[i % len(targets)] for i in range(200)]
        answers = list(zip(asked, pool.map(lambda target: raw_get(port, target), asked), strict=True))
        assert server.site.error == ""
    for target, answer in answers:
        assert CANARY.encode() not in answer.body, f"{target!r} served a file from outside the site"
        assert b"base_url:" not in answer.body and b"root:x:0" not in answer.body, target
        assert b"Traceback" not in answer.body, target
        if target in GOOD:
            assert answer.status == 200, (target, answer.status)
            assert GOOD[target] in answer.body, target
        elif target == OVERSIZE:
            assert answer.status in (414, RESET), answer.status
        else:
            assert answer.status in PROBE_STATUSES, (target, answer.status)
            assert b"title: Kim meets Putin" not in answer.body, target


def test_a_symlink_out_of_the_site_added_to_static_while_serving_is_never_served(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = make_outside(tmp_path / "outside")
    site = make_site(SITE)
    with running(site.root) as server:
        port = int(server.url.rsplit(":", 1)[1])
        builds = server.site.builds
        (site.root / "static" / "late.txt").symlink_to(outside / "secret.txt")
        (site.root / "static" / "late-folder").symlink_to(outside)
        (site.root / "static" / "real.txt").write_text("a real file\n")
        assert wait_until(lambda: raw_get(port, b"/repo/real.txt").status == 200, timeout=5)
        assert wait_until(lambda: server.site.builds > builds, timeout=5)  # the links were seen, mapped and refused
        for target in (b"/repo/late.txt", b"/repo/late-folder/secret.txt"):
            answer = raw_get(port, target)
            assert answer.status == 404 and CANARY.encode() not in answer.body, target


def test_a_static_file_swapped_for_a_symlink_out_of_the_site_is_not_served_before_the_rebuild(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = make_outside(tmp_path / "outside")
    site = make_site(SITE)
    dev = DevSite(site.root / "site.yml", Options(now=NOW), log=lambda message: None)
    dev.start()
    assert dev.respond("GET", "/repo/extra.css").status == 200
    css = site.root / "static" / "extra.css"
    css.unlink()
    css.symlink_to(outside / "secret.txt")  # no rebuild yet: the watcher has not caught up
    answer = dev.respond("GET", "/repo/extra.css")
    assert CANARY.encode() not in answer.body
    assert answer.status == 404


def test_a_burst_of_broken_and_valid_saves_ends_on_the_last_valid_version(make_site: MakeSite) -> None:
    site = make_site(SITE)
    path = site.root / "content/briefs/2023-09-05-summit.md"
    broken = [
        "---\ntitle: [Kim meets\ndate: 2023-09-05\n---\n",  # invalid YAML
        "---\ntitle: Kim\ndate: 2023-02-30\n---\n",  # impossible date
        "",  # an editor that truncates before writing
        "---\ntitle: !!python/object/apply:os.system ['touch PWNED']\ndate: 2023-09-05\n---\n",
        "\x00\x01binary\x02",
    ]
    with running(site.root) as server:
        port = int(server.url.rsplit(":", 1)[1])
        statuses: list[int] = []
        for i in range(50):
            if i % 2 == 0:
                text = broken[(i // 2) % len(broken)]
            else:
                text = brief(f"Version {i}", "2023-09-05", actors=["Kim Jong-un"])
            if i % 4 < 2:
                atomic_write(path, text)
            else:
                path.write_text(text, encoding="utf-8")  # in place, as editors without safe-write do
            if i % 5 == 0:
                statuses.append(raw_get(port, b"/repo/2023/09/summit/").status)
            time.sleep(0.005)
        assert wait_until(lambda: b"Version 49" in raw_get(port, b"/repo/2023/09/summit/").body, timeout=10)
        assert wait_until(lambda: server.site.error == "", timeout=5), server.site.error
        page = raw_get(port, b"/repo/2023/09/summit/")
        assert page.status == 200 and b'<h1 id="brief-title">Version 49</h1>' in page.body
        assert b"Version 49" in raw_get(port, b"/repo/").body
        assert not any("Traceback" in line for line in server.log)
    assert set(statuses) <= {200, 404}, statuses  # the last good build, or no page while the file is empty
    assert not (site.root / "PWNED").exists()
