"""Every internal link resolves: `briefing check`, and a real HTTP crawl at a domain root and under /repo/."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.conftest import MakeSite, MiniSite, brief
from tests.servers import static_server

PUBLISHED = "https://example.github.io"


def sample_site(make_site: MakeSite) -> MiniSite:
    files = {
        "content/actors/kim-jong-un.md": "---\nname: Kim Jong-un\naliases: [Kim, 김정은]\n---\nBio.\n",
        **{
            f"content/briefs/2023-0{m}-0{d}-brief-{m}{d}.md": brief(
                f"Brief {m}{d}",
                f"2023-0{m}-0{d}",
                body="## Part one\n\nText.\n\n## Part two\n\nSee [part one](#part-one).\n\n## Part three\n\nEnd.",
                actors=["Kim", "Vladimir Putin"] if d % 2 else ["김정은", "John Kirby"],
                places=["Pyongyang"],
                topic="Arms",
            )
            for m in (1, 2, 3)
            for d in (1, 2, 3, 4)
        },
    }
    return make_site({**files, "site.yml": "title: T\nbase_url: https://example.github.io/\npagination: 3\n"})


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.links.append(value)
            if value and name == "id":
                self.ids.add(value)


def crawl(origin: str, start: str) -> tuple[int, list[str]]:
    """Follow every link under origin from start; absolute links to the published host are followed too."""
    seen: set[str] = set()
    pages: dict[str, _Links] = {}
    broken: list[str] = []
    queue = [origin + start]
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            broken.append(f"{url}: HTTP {exc.code}")
            continue
        if "html" not in kind:
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        pages[url] = parser
        for link in parser.links:
            if link.startswith(PUBLISHED):
                link = link.replace(PUBLISHED, origin, 1)
            target = urljoin(url, link)
            if urlsplit(target).netloc != urlsplit(origin).netloc:
                continue
            target, fragment = urldefrag(target)
            if fragment:
                anchors.append((url, target, fragment))
            queue.append(target.split("?")[0])
    for page, target, fragment in anchors:
        if target in pages and fragment not in pages[target].ids:
            broken.append(f"{page}: #{fragment} missing on {target}")
    return len(pages), broken


@pytest.mark.parametrize("base", ["/", "/repo/"])
def test_every_link_resolves_when_served_at_its_base_path(make_site: MakeSite, tmp_path: Path, base: str) -> None:
    site = sample_site(make_site)
    www = tmp_path / "www"
    www.mkdir()
    output = www / base.strip("/") if base != "/" else www / "site"
    site.build(base_url=PUBLISHED + base, output=output)
    root = www if base != "/" else output
    with static_server(root) as origin:
        pages, broken = crawl(origin, base)
    assert broken == []
    # home pages, 12 briefs, 4 taxonomy indexes, term pages with pagination, archive, months, search, 404 not linked
    assert pages >= 35


def test_check_passes_on_a_sound_site(make_site: MakeSite) -> None:
    site = sample_site(make_site)
    result = site.run("check", "--base-url", "https://example.github.io/repo/")
    assert result.exit_code == 0, result.output
    assert "every internal link and anchor resolves" in result.stdout


def test_check_lists_each_broken_link_and_anchor_with_its_page(make_site: MakeSite) -> None:
    body = "See [the missing page](/2023/01/nowhere/), [a bad anchor](#no-such-part) and [ok](#part).\n\n## Part\n"
    site = make_site({"content/briefs/2023-01-01-a.md": brief("A", "2023-01-01", body=body)})
    result = site.run("check")
    assert result.exit_code == 1
    assert "2023/01/a/index.html: broken link /2023/01/nowhere/: no such page" in result.stderr
    assert (
        "2023/01/a/index.html: broken link #no-such-part: no element with id 'no-such-part' on 2023/01/a/index.html"
        in result.stderr
    )
    assert "#part:" not in result.stderr
    assert "Error: 2 broken links found" in result.stderr


def test_check_flags_links_that_escape_the_base_path(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/2023-01-01-a.md": brief("A", "2023-01-01", body="[up](/elsewhere/)")})
    result = site.run("check", "--base-url", "https://example.github.io/repo/")
    assert "broken link /elsewhere/: outside the site's base path /repo/" in result.stderr


def test_build_output_can_be_served_from_a_copy(make_site: MakeSite, tmp_path: Path) -> None:
    """The tree is self-contained: copying it elsewhere keeps every link working."""
    site = sample_site(make_site)
    site.build()
    shutil.copytree(site.public, tmp_path / "copy")
    with static_server(tmp_path / "copy") as origin:
        _, broken = crawl(origin, "/")
    assert broken == []
