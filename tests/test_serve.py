"""Behaviours of `briefing serve`: least work per change, last good build on errors, safe answers."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.config.site import load_config
from generator.errors import BriefingError, Problem
from generator.serve.excerpt import excerpts
from generator.serve.server import DevSite, safe_route, serve
from generator.serve.watch import Batcher, Change, Kind, classify
from generator.site.session import Options
from generator.site.themes import theme_dirs
from generator.urls import Urls
from tests.conftest import NOW, MakeSite, MiniSite, brief
from tests.servers import atomic_write, running

SITE = {
    "site.yml": "title: Dev\nbase_url: https://example.github.io/repo/\n",
    "content/briefs/2023-09-05-summit.md": brief("Kim meets Putin", "2023-09-05", actors=["Kim Jong-un"]),
    "content/briefs/2023-09-06-reaction.md": brief("Washington reacts", "2023-09-06", actors=["John Kirby"]),
    "content/actors/kim-jong-un.md": "---\nname: Kim Jong-un\n---\n",
    "static/extra.css": "body { color: black }",
}


def dev_site(site: MiniSite) -> DevSite:
    dev = DevSite(site.root / "site.yml", Options(now=NOW), log=lambda message: None)
    dev.start()
    return dev


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("site.yml", Kind.CONFIG),
        ("content/briefs/a.md", Kind.BRIEF),
        ("content/briefs/2023/deep.md", Kind.BRIEF),
        ("content/actors/kim.md", Kind.REGISTRY),
        ("content/topics/arms.md", Kind.REGISTRY),
        ("seeds/article.txt", Kind.SEED),
        ("seeds/page.html", Kind.SEED),
        ("seeds/article.yml", Kind.SEED),
        ("templates/brief.html", Kind.TEMPLATE),
        ("static/extra.css", Kind.STATIC),
        ("content/briefs/.a.md.swp", None),
        ("content/briefs/a.md~", None),
        ("content/briefs/4913", None),
        ("content/briefs/a.md___jb_tmp___", None),
        ("content/briefs/.a.md.tmp", None),
        ("content/.ingest.json", None),
        ("content/briefs/notes.txt", None),
        ("public/index.html", None),
        ("README.md", None),
    ],
)
def test_each_change_is_classified_by_what_it_touches(make_site: MakeSite, rel: str, kind: Kind | None) -> None:
    site = make_site(SITE)
    config = load_config(site.root / "site.yml")
    assert classify(site.root / rel, config, theme_dirs(config)) == kind


def test_a_burst_of_a_hundred_saves_gives_one_batch_of_the_files_they_touched() -> None:
    batcher = Batcher()
    for i in range(100):  # saved faster than the batcher takes them (here: before it starts)
        batcher.put(Change(Kind.BRIEF, Path(f"content/briefs/{i % 3}.md")))
    batcher.close()
    batches = list(batcher.batches())
    assert batches == [{Change(Kind.BRIEF, Path(f"content/briefs/{i}.md")) for i in range(3)}]


def test_saves_apart_by_more_than_the_quiet_time_give_a_batch_each() -> None:
    batcher = Batcher()
    delivered: queue.Queue[set[Change]] = queue.Queue()
    consumer = threading.Thread(target=lambda: [delivered.put(b) for b in batcher.batches()])
    consumer.start()
    first, second = Change(Kind.BRIEF, Path("a.md")), Change(Kind.BRIEF, Path("b.md"))
    batcher.put(first)
    assert delivered.get(timeout=30) == {first}  # only handed over once the files went quiet
    batcher.put(second)
    assert delivered.get(timeout=30) == {second}
    batcher.close()
    consumer.join(30)


@pytest.mark.parametrize(
    "probe",
    [
        "/repo/../site.yml",
        "/repo/%2e%2e/site.yml",
        "/repo/%2e%2e%2fsite.yml",
        "/repo/..%2fcontent/briefs/2023-09-05-summit.md",
        "/repo/%2E%2E%5Csite.yml",
        "/repo/..\\site.yml",
        "/repo//etc/passwd",
        "/repo/%00",
        "/repo/style.css%00.html",
        "/repo/static/../../site.yml",
        "/etc/passwd",
        "/repo/%c0%ae%c0%ae/site.yml",
    ],
)
def test_traversal_probes_never_reach_outside_the_site(make_site: MakeSite, probe: str) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    response = dev.respond("GET", probe)
    assert response.status in (302, 400, 404)
    assert b"base_url" not in response.body and b"root:" not in response.body
    assert b"Kim meets Putin\ndate" not in response.body


def test_routes_are_checked_before_any_lookup() -> None:
    urls = Urls("https://example.github.io/repo/")
    assert safe_route(urls, "/repo/actors/") == "/actors/"
    assert safe_route(urls, "/repo/a/../b/") is None
    assert safe_route(urls, "/repo/a%2F..%2Fb") is None
    assert safe_route(urls, "/other/") is None


def test_pages_are_served_under_the_base_path_with_types_and_a_404(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    home = dev.respond("GET", "/repo/")
    assert home.status == 200 and home.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"/__briefing/client.js" in home.body
    assert dev.respond("GET", "/").headers["Location"] == "/repo/"
    assert dev.respond("GET", "/repo/actors").headers["Location"] == "/repo/actors/"
    assert dev.respond("GET", "/repo/atom.xml").headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert dev.respond("GET", "/repo/extra.css").headers["Content-Type"] == "text/css; charset=utf-8"
    assert dev.search.done.wait(120)  # the search index, made in the background
    assert (
        dev.respond("GET", "/repo/pagefind/buckets.json").headers["Content-Type"] == "application/json; charset=utf-8"
    )
    assert dev.respond("GET", "/repo/pagefind/pagefind.js").headers["Content-Type"] == "text/javascript; charset=utf-8"
    client = dev.respond("GET", "/__briefing/client.js")
    assert client.headers["Content-Type"] == "text/javascript; charset=utf-8" and b"EventSource" in client.body
    missing = dev.respond("GET", "/repo/no/such/page/")
    assert missing.status == 404 and b"Page not found" in missing.body
    assert dev.respond("GET", "/repo/content/").status == 404  # no directory listings, no sources


def test_editing_a_brief_updates_its_page_and_every_listing(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    path = site.root / "content/briefs/2023-09-05-summit.md"
    atomic_write(path, brief("Kim and Putin meet in Vladivostok", "2023-09-05", actors=["Kim Jong-un"]))
    dev.apply({Change(Kind.BRIEF, path)})
    for route in ("/repo/2023/09/summit/", "/repo/", "/repo/actors/kim-jong-un/", "/repo/2023/09/"):
        assert b"Kim and Putin meet in Vladivostok" in dev.respond("GET", route).body, route
    # the other brief shows it as its older neighbour
    assert b"Kim and Putin meet in Vladivostok" in dev.respond("GET", "/repo/2023/09/reaction/").body


def test_deleting_a_brief_removes_its_page_from_lists_and_term_pages(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    path = site.root / "content/briefs/2023-09-05-summit.md"
    path.unlink()
    dev.apply({Change(Kind.BRIEF, path)})
    assert dev.respond("GET", "/repo/2023/09/summit/").status == 404
    assert b"Kim meets Putin" not in dev.respond("GET", "/repo/").body
    assert dev.respond("GET", "/repo/actors/kim-jong-un/").status == 404


def test_a_broken_brief_keeps_the_last_good_build_and_reports_file_and_line(make_site: MakeSite) -> None:
    site = make_site(SITE)
    messages: list[str] = []
    dev = DevSite(site.root / "site.yml", Options(now=NOW), log=messages.append)
    dev.start()
    path = site.root / "content/briefs/2023-09-05-summit.md"
    good = path.read_text()
    path.write_text("---\ntitle: [Kim meets\ndate: 2023-09-05\n---\n")
    dev.apply({Change(Kind.BRIEF, path)})
    dev.apply({Change(Kind.BRIEF, path)})  # the same error again is not printed again
    assert "content/briefs/2023-09-05-summit.md:2: error: invalid YAML" in dev.error  # where [ was opened
    assert sum("invalid YAML" in m for m in messages) == 1
    page = dev.respond("GET", "/repo/2023/09/summit/")
    assert page.status == 200 and b"Kim meets Putin" in page.body  # the last good build
    assert b"content/briefs/2023-09-05-summit.md:2" in page.body  # the overlay's message, escaped in an attribute
    path.write_text(good.replace("Kim meets Putin", "Kim meets Putin again"))
    dev.apply({Change(Kind.BRIEF, path)})
    assert dev.error == ""
    assert b"Kim meets Putin again" in dev.respond("GET", "/repo/2023/09/summit/").body


def test_a_template_error_is_caught_when_the_template_changes_not_on_some_later_click(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    template = site.root / "templates/term.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text('{% extends "base.html" %}{% block main %}{{ term.nmae }}{% endblock %}')
    dev.apply({Change(Kind.TEMPLATE, template)})
    assert "templates/term.html:1" in dev.error and "did you mean 'name'?" in dev.error
    assert dev.respond("GET", "/repo/actors/kim-jong-un/").status == 200  # still the last good build


def test_unchanged_files_are_not_parsed_again(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    path = site.root / "content/briefs/2023-09-06-reaction.md"
    atomic_write(path, path.read_text().replace("Washington reacts", "Seoul reacts"))
    dev.apply({Change(Kind.BRIEF, path)})
    assert dev.state is not None and dev.state.session.loader.changed == [path]


def test_a_css_change_asks_browsers_to_swap_styles_not_to_reload(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    listener = dev.subscribe("/repo/")
    css = site.root / "static/extra.css"
    css.write_text("body { color: red }")
    dev.apply({Change(Kind.STATIC, css)})
    assert listener.get(timeout=5)[0] == "css"
    assert dev.respond("GET", "/repo/extra.css").body == b"body { color: red }"


def test_a_new_seed_is_ingested_and_appears(make_site: MakeSite) -> None:
    site = make_site(SITE)
    dev = dev_site(site)
    seed = site.root / "seeds/new.txt"
    seed.parent.mkdir(exist_ok=True)
    seed.write_text(
        "Kirby warns on arms deal\nWhite House spokesman John Kirby said on Tuesday the United States would "
        "respond to any arms deal between North Korea and Russia.\n"
    )
    (site.root / "seeds/new.yml").write_text("date: 2023-09-07\n")
    dev.apply({Change(Kind.SEED, seed)})
    assert b"Kirby warns on arms deal" in dev.respond("GET", "/repo/").body


def test_the_real_server_answers_two_hundred_concurrent_requests(make_site: MakeSite) -> None:
    site = make_site(SITE)
    paths = ["/repo/", "/repo/2023/09/summit/", "/repo/actors/", "/repo/extra.css", "/repo/atom.xml", "/repo/nope/"]
    paths += ["/repo/../site.yml", "/repo/%2e%2e%2fsite.yml"]
    with running(site.root) as server, ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda i: get(server.url + paths[i % len(paths)]), range(200)))
    for i, (status, _, body) in enumerate(results):
        path = paths[i % len(paths)]
        expected = 404 if ("nope" in path or ".." in path or "%2e" in path) else 200
        assert status == expected, (path, status)
        assert "base_url:" not in body


def test_the_watcher_rebuilds_on_an_atomic_save_and_pushes_a_reload(make_site: MakeSite) -> None:
    site = make_site(SITE)
    with running(site.root) as server:
        builds = server.site.builds
        listener = server.site.subscribe("/repo/")
        path = site.root / "content/briefs/2023-09-05-summit.md"
        atomic_write(path, brief("Edited on disk", "2023-09-05", actors=["Kim Jong-un"]))
        assert listener.get(timeout=30)[0] == "reload"  # a bound against hanging, not a speed limit
        assert server.site.builds > builds
        assert "Edited on disk" in get(server.url + "/repo/2023/09/summit/")[2]


def test_a_taken_port_gives_a_clear_message(make_site: MakeSite) -> None:
    site = make_site(SITE)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BriefingError) as caught:
            serve(site.root / "site.yml", "127.0.0.1", port, Options(now=NOW), log=lambda m: None)
    assert f"cannot listen on 127.0.0.1:{port}" in caught.value.format()
    assert "--port 0" in caught.value.format()


def test_the_command_warns_when_listening_beyond_this_machine(make_site: MakeSite) -> None:
    site = make_site(SITE)
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        result = site.run("serve", "--host", "0.0.0.0", "--port", str(taken.getsockname()[1]))
    assert "reachable from other machines" in result.stderr
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_the_dev_server_starts_without_loading_ingests_libraries() -> None:
    """Watching seeds needs to know what a seed is, not trafilatura or the entity models."""
    heavy = "('trafilatura', 'lxml', 'pycrfsuite')"
    code = f"import sys, generator.serve.server; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_overlay_shows_the_lines_an_error_points_at_with_the_offending_one_marked(tmp_path: Path) -> None:
    lines = ["---", "title: Kim meets Putin", "date: 2023-09-05", "actors: [Kim, Putin", "places: [Moscow]", "---"]
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shown = excerpts(tmp_path, [Problem("content/a.md", 4, None, "invalid YAML")])
    assert shown.splitlines() == [
        "content/a.md:4",
        "    2 | title: Kim meets Putin",
        "    3 | date: 2023-09-05",
        "  > 4 | actors: [Kim, Putin",
        "    5 | places: [Moscow]",
        "    6 | ---",
    ]


def test_the_overlay_never_reads_outside_the_site_or_through_a_link(tmp_path: Path) -> None:
    site, secret = tmp_path / "site", tmp_path / "secret.txt"
    site.mkdir()
    secret.write_text("password\n", encoding="utf-8")
    (site / "link.md").symlink_to(secret)
    os.mkfifo(site / "pipe.md")  # opening it for reading would block: it is never opened
    for path in ("../secret.txt", str(secret), "link.md", "pipe.md"):
        assert excerpts(site, [Problem(path, 1, None, "x")]) == ""
