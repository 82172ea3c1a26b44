"""Search: every brief is a Pagefind record in its year's bundle, the index is the same bytes on every build,
an edit re-indexes its year only, and the dev server serves the page first and the index after."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.build.pagefind import SIGNATURE
from generator.errors import BuildError
from generator.serve.server import DevSite
from generator.serve.watch import Change, Kind
from generator.site.session import Options
from tests.conftest import NOW, SITE_YML, MakeSite, MiniSite, brief
from tests.servers import atomic_write
from tests.test_incremental import clean_build

KOREAN = """---
title: "한국, 북한 국방상 제재"
date: 2023-09-21
lang: ko
actors: [김정은]
topic: Sanctions
quotes:
  - {speaker: 김정은, text: "러시아와의 관계는 최우선 순위이다."}
---

한국 정부가 21일 북한 인사들을 독자 제재 대상으로 지정했다. 김정은은 블라디보스토크를 방문했다.
"""

FILES = {
    "content/briefs/a.md": brief(
        "Kirby on missiles",
        "2024-01-04",
        "## Launches\n\nRussia fired *North Korean* missiles, said [John Kirby](https://example.org/kirby).",
        actors=["John Kirby", "Sergei Shoigu"],
        topic="Arms",
        source="White House",
        label="Statement",
    ),
    "content/briefs/b.md": brief(
        "Shoigu in Pyongyang",
        "2023-07-26",
        "Shoigu watched a parade.",
        actors=["Sergei Shoigu"],
        slug="shoigu-in-pyongyang",
    ),
    "content/briefs/k.md": KOREAN,
    "content/briefs/old.md": brief("An old brief", "2015-08-21", "Quasi-state of war.", places=["North Korea"]),
}


def records(public: Path, year: str) -> dict[str, dict[str, object]]:
    """The records of a year's bundle, read back from its fragment files, by URL."""
    found = {}
    for path in sorted((public / "pagefind" / year / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE)
        fragment = json.loads(data[len(SIGNATURE) :])
        found[fragment["url"]] = fragment
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_brief_is_found_in_its_years_bundle_by_its_words_quotes_and_names(make_site: MakeSite) -> None:
    site = make_site(FILES)
    site.build()
    manifest = json.loads(site.read("pagefind/buckets.json"))
    assert manifest["bundles"] == ["2024/", "2023/", "2015/"]  # newest first, as the site lists briefs
    assert [f["key"] for f in manifest["filters"]][-4:] == ["source", "label", "year", "language"]
    kirby = records(site.public, "2024")["/2024/01/a/"]
    content = str(kirby["content"])
    assert "Russia fired North Korean missiles, said John Kirby." in content  # the text, not the Markdown
    assert "example.org" not in content and "*" not in content
    assert kirby["meta"] == {
        "title": "Kirby on missiles",
        "date": "4 January 2024",
        "datetime": "2024-01-04T00:00:00Z",
        "source": "White House",
        "label": "Statement",
        "lang": "en",
        "people": "John Kirby, Sergei Shoigu",
        "topic": "Arms",
    }
    assert kirby["filters"]["actors"] == ["John Kirby", "Sergei Shoigu"]
    assert kirby["filters"]["year"] == ["2024"]
    in_2023 = records(site.public, "2023")
    assert len(in_2023) == 2 and "/2023/07/shoigu-in-pyongyang/" in in_2023
    korean = next(r for url, r in in_2023.items() if url.startswith("/2023/09/"))
    assert "김정은은 블라디보스토크를 방문했다." in str(korean["content"])
    assert "러시아와의 관계는 최우선 순위이다. — 김정은" in str(korean["content"])  # the quote, with its speaker
    assert korean["meta"]["lang"] == "ko" and korean["filters"]["language"] == ["ko"]  # type: ignore[index]
    assert set(records(site.public, "2015")) == {"/2015/08/old/"}


def test_two_builds_write_the_same_search_index_byte_for_byte(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site(FILES)
    site.build(output=tmp_path / "one", cache=False)
    site.build(output=tmp_path / "two", cache=False, jobs=1)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sum(name.startswith("pagefind/") for name in one) > 20
    assert one == two


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_indexes_its_year_again_and_no_other_and_equals_a_build_without_cache(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(FILES)
    assert site.build().indexed == ("2024", "2023", "2015")
    before, linked = site.tree(), inodes(site.public)
    site.write(
        {
            "content/briefs/b.md": brief(
                "Shoigu in Pyongyang", "2023-07-26", "Shoigu saw new drones.", slug="shoigu-in-pyongyang"
            )
        }
    )
    edited = site.build()
    assert edited.indexed == ("2023",)
    now = inodes(site.public)
    kept = [n for n in now if n.startswith(("pagefind/2024/", "pagefind/2015/"))]
    assert kept and all(now[n] == linked[n] for n in kept)  # linked from the cache, not indexed again
    changed = {n for n, data in site.tree().items() if before.get(n) != data and n.startswith("pagefind/")}
    assert changed and all(n.startswith("pagefind/2023/") for n in changed)
    assert "Shoigu saw new drones." in str(records(site.public, "2023")["/2023/07/shoigu-in-pyongyang/"]["content"])
    assert site.tree() == clean_build(site, tmp_path / "clean")


def test_nothing_else_may_be_written_where_the_search_index_goes(make_site: MakeSite) -> None:
    site = make_site({**FILES, "static/pagefind/pagefind.js": "alert(1)"})
    with pytest.raises(BuildError, match="where the search index goes"):
        site.build()


def test_a_site_with_search_off_has_no_index_no_search_page_and_no_search_box(make_site: MakeSite) -> None:
    site = make_site({**FILES, "site.yml": SITE_YML + "search: false\n"})
    result = site.build()
    assert result.searched == 0 and result.indexed == ()
    assert not site.exists("pagefind") and not site.exists("search/index.html")
    assert not any(b.text for b in result.site.briefs), "no body's words are sent back or cached for an index"
    home = site.read("index.html")
    assert "Kirby on missiles" in home and 'role="search"' not in home and "/search/" not in home
    assert "/search/" not in site.read("sitemap.xml")
    dev = dev_site(site)
    assert dev.search.done.wait(120)
    assert dev.respond("GET", "/search/").status == 404
    assert dev.respond("GET", "/pagefind/buckets.json").status == 404
    assert b'role="search"' not in dev.respond("GET", "/2023/07/shoigu-in-pyongyang/").body
    with_search = make_site(FILES).build()  # the same site (the same folder) with search on
    assert all(b.text for b in with_search.site.briefs if b.body.strip())


def dev_site(site: MiniSite) -> DevSite:
    dev = DevSite(site.root / "site.yml", Options(now=NOW), log=lambda message: None)
    dev.start()
    return dev


def test_the_dev_server_shows_an_edit_at_once_and_its_search_index_follows(make_site: MakeSite) -> None:
    site = make_site(FILES)
    site.build()
    dev = dev_site(site)
    assert dev.search.done.wait(120)
    assert dev.search.indexed == []  # every year's bundle came from the build's cache
    listed = dev.respond("GET", "/pagefind/buckets.json")
    assert listed.status == 200 and listed.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(listed.body)["bundles"] == ["2024/", "2023/", "2015/"]
    entry = json.loads(dev.respond("GET", "/pagefind/2023/pagefind-entry.json").body)
    meta = dev.respond("GET", f"/pagefind/2023/pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert meta.status == 200 and meta.headers["Content-Type"] == "application/octet-stream"
    made = dev.search.made

    path = site.root / "content/briefs/b.md"
    atomic_write(
        path, brief("Shoigu back in Pyongyang", "2023-07-26", "Shoigu watched a parade.", slug="shoigu-in-pyongyang")
    )
    dev.apply({Change(Kind.BRIEF, path)})
    assert b"Shoigu back in Pyongyang" in dev.respond("GET", "/2023/07/shoigu-in-pyongyang/").body
    assert dev.search.done.wait(120) and dev.search.made > made
    assert dev.search.indexed == ["2023"]  # its year only
    fragments = [
        json.loads(gzip.decompress(dev.respond("GET", f"/pagefind/2023/fragment/{name}").body)[len(SIGNATURE) :])
        for name in dev.search.listing("2023/fragment/")
    ]
    assert any(f["meta"]["title"] == "Shoigu back in Pyongyang" for f in fragments)
