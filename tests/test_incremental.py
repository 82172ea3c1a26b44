"""Pages say what they show: a page is rendered again exactly when something its template read changed.

The theme here shows site-wide data on every page (the newest brief in the footer, a term count in
the header), data the default theme never shows. Incremental builds and the dev server must keep
every page right, byte for byte the same as a build without any cache, made in another process with
another hash seed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from generator.build.cache import cache_folder
from generator.build.write import SPARE
from generator.serve.server import DevSite
from generator.serve.watch import Change, Kind
from generator.site.session import Options
from tests.conftest import REPO, MakeSite, MiniSite, brief
from tests.servers import atomic_write

# base.html's footer shows the newest brief; its header counts the people and shows the first one's briefs.
BASE = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
SITE_WIDE = BASE.replace(
    '<header class="site-header">',
    '<header class="site-header"><p class="census">{{ site.people.terms|length }} people; '
    "{{ site.people.terms[0].name }} in {{ site.people.terms[0].count }}</p>",
).replace(
    "{% block footer %}{% endblock %}",
    '{% block footer %}<p class="newest">Newest: {{ site.briefs[0].title }} ({{ site.briefs[0].source }})</p>'
    "{% endblock %}",
)
assert SITE_WIDE.count("census") == 1 and SITE_WIDE.count("Newest:") == 1

FILES = {
    "templates/base.html": SITE_WIDE,
    **{
        f"content/briefs/b{i:02d}.md": brief(
            f"Brief {i}", f"2023-{i % 4 + 1:02d}-{i + 1:02d}", f"Body {i}.", actors=[["Kim", "Putin", "Kirby"][i % 3]]
        )
        for i in range(24)
    },
}


def clean_build(site: MiniSite, into: Path) -> dict[str, bytes]:
    """The site as `briefing build --no-cache` makes it, in a new process with another hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "BRIEFING_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "generator", "build", "--no-cache", "-q", "-j", "1", "--output", str(into)]
    subprocess.run(command, cwd=site.root, env=env, check=True, capture_output=True)
    return {p.relative_to(into).as_posix(): p.read_bytes() for p in sorted(into.rglob("*")) if p.is_file()}


def built(site: MiniSite) -> dict[str, bytes]:
    return {name: data for name, data in site.tree().items()}


def test_every_page_follows_site_wide_data_through_incremental_builds(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(FILES)
    site.build(jobs=2)
    newest = "content/briefs/b23.md"

    # Same shape (no brief moves): the newest brief's title and source change.
    site.write({newest: brief("Brief 23, corrected", "2023-04-24", "Body 23.", actors=["Kirby"], source="Wire")})
    same_shape = site.build(jobs=2)
    assert same_shape.incremental
    assert all(
        b"Newest: Brief 23, corrected (Wire)" in data for name, data in built(site).items() if name.endswith(".html")
    )
    assert built(site) == clean_build(site, tmp_path / "clean-1")

    # A new brief with a new person: another shape; every page's header and footer change.
    site.write({"content/briefs/c.md": brief("Newer still", "2023-05-01", actors=["Shoigu", "Kim"])})
    moved = site.build(jobs=2)
    assert not moved.incremental
    pages = [data for name, data in built(site).items() if name.endswith(".html")]
    assert all(b"4 people; Kim in 9" in data and b"Newest: Newer still ()" in data for data in pages)
    assert built(site) == clean_build(site, tmp_path / "clean-2")

    # Nothing that any page reads changes: nothing is rendered, and the bytes are still right.
    again = site.build(jobs=2)
    assert again.rendered == 0
    assert built(site) == clean_build(site, tmp_path / "clean-3")


def inodes(site: MiniSite) -> dict[str, int]:
    """Pages not rendered again are hard links to the last build's files: the same inode."""
    return {p.relative_to(site.public).as_posix(): p.stat().st_ino for p in site.public.rglob("*") if p.is_file()}


def test_a_page_is_rendered_again_only_when_what_it_read_changed(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("A", "2023-01-01", "Body A.", actors=["Kim"]),
            "content/briefs/b.md": brief("B", "2023-01-02", "Body B.", actors=["Putin"]),
            "content/briefs/c.md": brief("C", "2023-01-03", "Body C.", actors=["Kirby"]),
        }
    )
    site.build()
    before, linked = site.tree(), inodes(site)
    # A's body is rewritten and C moves a day, so the site changes shape and every page's last
    # reads are evaluated again.
    site.write(
        {
            "content/briefs/a.md": brief("A", "2023-01-01", "Body A, rewritten.", actors=["Kim"]),
            "content/briefs/c.md": brief("C", "2023-01-04", "Body C.", actors=["Kirby"]),
        }
    )
    result = site.build()
    assert not result.incremental
    static = {".briefing"} | {f.name for f in (REPO / "themes" / "default" / "static").iterdir()}  # copied, not pages
    rendered = {name for name, inode in inodes(site).items() if linked.get(name) != inode and not searched(name)}
    rendered -= static
    changed = {name for name, data in site.tree().items() if before.get(name) != data and not searched(name)}
    assert changed <= rendered and len(rendered) == result.rendered
    # Putin's pages read only B, whose file and place did not change.
    assert {"actors/putin/index.html", "actors/putin/atom.xml"}.isdisjoint(rendered)
    assert {"2023/01/a/index.html", "2023/01/c/index.html", "actors/kim/index.html"} <= rendered


def test_an_edit_that_moves_nothing_renders_the_pages_that_read_that_brief(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("A", "2023-01-01", "Body A.", actors=["Kim"]),
            "content/briefs/b.md": brief("B", "2023-01-02", "Body B.", actors=["Putin"]),
        }
    )
    site.build()
    before = site.tree()
    site.write({"content/briefs/a.md": brief("A", "2023-01-01", "Body A, rewritten.", actors=["Kim"])})
    result = site.build()
    assert result.incremental
    changed = sorted(name for name, data in site.tree().items() if before.get(name) != data and not searched(name))
    assert changed == ["2023/01/a/index.html", "atom.xml"]  # its page, and the full-text site feed
    assert result.indexed == ("2023",)  # and its year's search index
    # Looked up without fingerprinting: every page that read brief A (its lists, its neighbour, its
    # term), not only those that show its body, and the search index.
    assert len(changed) < result.rendered < len(before) - 2


def searched(name: str) -> bool:
    """A file of the search index (written by Pagefind, not rendered from templates)."""
    return name.startswith("pagefind/")


def served(dev: DevSite, route: str) -> bytes:
    response = dev.respond("GET", route)
    assert response.status == 200, route
    return re.sub(rb'<script src="/__briefing/client.js"[^>]*></script>', b"", response.body)


def without_asset_hashes(data: bytes) -> bytes:
    return re.sub(rb"\?v=[0-9a-f]{10}", b"", data)


def test_the_dev_server_shows_site_wide_data_on_every_page_as_a_clean_build_would(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(FILES)
    dev = DevSite(site.root / "site.yml", Options(), log=lambda message: None)
    dev.start()
    assert dev.state is not None
    path = site.root / "content/briefs/b23.md"
    atomic_write(path, brief("Brief 23, served", "2023-04-24", "Body 23.", actors=["Kirby"], source="Wire"))
    dev.apply({Change(Kind.BRIEF, path)})
    new = site.root / "content/briefs/c.md"
    atomic_write(new, brief("Newer still", "2023-05-01", actors=["Shoigu", "Kim"]))
    dev.apply({Change(Kind.BRIEF, new)})
    clean = clean_build(site, tmp_path / "clean")
    assert dev.state is not None
    urls = dev.state.session.table.urls
    for name, data in clean.items():
        if name.endswith(".html") and name != "404.html":
            route = "/" + name.removesuffix("index.html")
            assert served(dev, urls.url(route)) == without_asset_hashes(data), name
    assert b"Newest: Newer still ()" in served(dev, urls.url("/"))


def test_a_build_stages_in_the_site_the_last_swap_took_out_and_never_writes_into_the_live_one(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            f"content/briefs/{n}.md": brief(n.upper(), f"2023-01-0{i + 1}", f"Body {n}.", actors=[a])
            for i, (n, a) in enumerate([("a", "Kim"), ("b", "Putin"), ("c", "Kirby")])
        }
    )
    spare = cache_folder(site.config()) / SPARE  # type: ignore[operator]
    site.build()
    site.write({"content/briefs/a.md": brief("A", "2023-01-01", "Body A, again.", actors=["Kim"])})
    site.build()
    assert spare.is_dir(), "the site the swap took out is kept for the next build to stage in"
    # The kept site is spoilt: a page the next build keeps is another file there, and one is extra.
    (spare / "actors/putin/index.html").unlink()
    (spare / "actors/putin/index.html").write_bytes(b"STALE")
    (spare / "junk/index.html").parent.mkdir()
    (spare / "junk/index.html").write_bytes(b"JUNK")
    live = site.tree()

    site.write({"content/briefs/a.md": brief("A", "2023-01-01", "Body A, a third time.", actors=["Kim"])})
    result = site.build()
    assert result.incremental and 0 < result.rendered < result.pages
    assert built(site) == clean_build(site, tmp_path / "clean")
    assert not (site.public / "junk").exists()
    # The site swapped out is the live site as it was, byte for byte: nothing was written into a file
    # the two shared (staging re-links a page, never writes through a link).
    kept = {p.relative_to(spare).as_posix(): p.read_bytes() for p in sorted(spare.rglob("*")) if p.is_file()}
    assert kept == live


def test_a_build_with_nothing_to_do_leaves_the_output_as_it_is_unless_a_file_in_it_was_changed(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(
        {
            f"content/briefs/{n}.md": brief(n.upper(), f"2023-01-0{i + 1}", f"Body {n}.", actors=["Kim"])
            for i, n in enumerate("abc")
        }
    )
    site.build()
    written = site.build()
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.public.rglob("*") if p.is_file()}
    again = site.build()
    assert again.rendered == 0 and (again.files, again.searched) == (written.files, written.searched)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.public.rglob("*") if p.is_file()} == before

    # Whatever was changed in the output is put right, as a build that writes the site does.
    css = next(p for p in site.public.rglob("*.css"))
    css.unlink()
    css.write_text("/* edited by hand */", encoding="utf-8")
    next(p for p in (site.public / "pagefind").rglob("*") if p.is_file() and p.parent.name == "fragment").unlink()
    (site.public / "extra.html").write_text("not the site's", encoding="utf-8")
    repaired = site.build()
    assert repaired.rendered == 0
    assert built(site) == clean_build(site, tmp_path / "clean")
