"""Behaviours of `briefing build`: pages, terms, feeds, URLs, safety of the output folder."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build.cache import cache_folder
from generator.build.pipeline import site_in_memory
from generator.errors import BuildError, ContentError
from tests.conftest import MakeSite, brief

THEMES = Path(__file__).resolve().parent.parent / "themes"

REGISTRY = {
    "content/actors/kim-jong-un.md": (
        "---\nname: Kim Jong-un\naliases: [Kim Jong Un, Kim, 김정은]\nrole: Leader\n---\nBio of **Kim**.\n"
    ),
    "content/actors/vladimir-putin.md": "---\nname: Vladimir Putin\naliases: [Putin]\n---\n",
}


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_home_lists_briefs_newest_first_and_links_to_them(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/2023-01-01-old.md": brief("Old news", "2023-01-01"),
            "content/briefs/2023-06-01-new.md": brief("New news", "2023-06-01"),
        }
    )
    site.build()
    home = site.read("index.html")
    assert home.index("New news") < home.index("Old news")
    assert "/2023/06/new/" in links(home)
    assert "<h1" in site.read("2023/06/new/index.html")


def test_term_page_lists_briefs_newest_first(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("First meeting", "2019-04-25", actors=["Kim Jong-un"]),
            "content/briefs/b.md": brief("Second meeting", "2023-09-13", actors=["Kim Jong-un"]),
            "content/briefs/c.md": brief("Unrelated", "2024-01-01", actors=["John Kirby"]),
        }
    )
    site.build()
    page = site.read("actors/kim-jong-un/index.html")
    assert page.index("Second meeting") < page.index("First meeting")
    assert "Unrelated" not in page


def test_aliases_case_and_korean_spellings_are_one_term(make_site: MakeSite) -> None:
    site = make_site(
        {
            **REGISTRY,
            "content/briefs/a.md": brief("A", "2023-01-01", actors=["Kim"]),
            "content/briefs/b.md": brief("B", "2023-01-02", actors=["KIM JONG UN"]),
            "content/briefs/c.md": brief("C", "2023-01-03", actors=["김정은"]),
            "content/briefs/d.md": brief("D", "2023-01-04", actors=["Kim Jong Un", "Kim"]),
        }
    )
    result = site.build()
    terms = result.site.taxonomies["actors"].terms
    assert [(t.name, t.count) for t in terms] == [("Kim Jong-un", 4)]
    page = site.read("actors/kim-jong-un/index.html")
    assert "<strong>Kim</strong>" in page  # the registry bio, rendered
    assert "Leader" in page


def test_unregistered_actor_still_gets_a_term_page(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A", actors=["Alexander Matsegora"])})
    site.build()
    assert "Alexander Matsegora" in site.read("actors/alexander-matsegora/index.html")
    assert site.exists("actors/alexander-matsegora/atom.xml")


def test_unregistered_spellings_merge_and_the_most_used_names_the_term(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("A", "2023-01-01", actors=["John Kirby"]),
            "content/briefs/b.md": brief("B", "2023-01-02", actors=["JOHN KIRBY"]),
            "content/briefs/c.md": brief("C", "2023-01-03", actors=["John Kirby"]),
        }
    )
    result = site.build()
    assert [(t.name, t.slug, t.count) for t in result.site.taxonomies["actors"].terms] == [
        ("John Kirby", "john-kirby", 3)
    ]


def test_korean_terms_get_romanized_slugs_and_feeds(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A", places=["평양"], actors=["김여정"])})
    site.build()
    assert "평양" in site.read("places/pyeongyang/index.html")
    feed = ET.fromstring(site.read("actors/gimyeojeong/atom.xml"))
    assert feed.find("{http://www.w3.org/2005/Atom}title").text.endswith("김여정")  # type: ignore[union-attr]


def test_hyphenated_and_topic_terms_have_pages_and_feeds(make_site: MakeSite) -> None:
    site = make_site(
        {"content/briefs/a.md": brief("A", topic="Arms and military cooperation", actors=["Cho Tae-yong"])}
    )
    site.build()
    assert site.exists("topics/arms-and-military-cooperation/index.html")
    assert site.exists("topics/arms-and-military-cooperation/atom.xml")
    assert site.exists("actors/cho-tae-yong/atom.xml")


def test_taxonomy_index_shows_terms_with_counts(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("A", "2023-01-01", actors=["Kim Jong-un", "Vladimir Putin"]),
            "content/briefs/b.md": brief("B", "2023-01-02", actors=["Kim Jong-un"]),
        }
    )
    site.build()
    index = site.read("actors/index.html")
    row = r'<th scope="row"><a href="[^"]*">{}</a></th>\s*<td[^>]*>[^<]*</td>\s*<td class="num">{}</td>'
    assert re.search(row.format("Kim Jong-un", 2), index)
    assert re.search(row.format("Vladimir Putin", 1), index)
    assert index.index("Kim Jong-un") < index.index("Vladimir Putin")


def test_term_page_shows_actors_most_often_alongside_with_counts(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("A", "2023-01-01", actors=["Kim", "Putin", "Kirby"]),
            "content/briefs/b.md": brief("B", "2023-01-02", actors=["Kim", "Putin"]),
            "content/briefs/c.md": brief("C", "2023-01-03", actors=["Kim", "Shoigu"]),
        }
    )
    result = site.build()
    kim = next(t for t in result.site.taxonomies["actors"].terms if t.slug == "kim")
    assert [(t.name, n) for t, n in kim.alongside] == [("Putin", 2), ("Kirby", 1), ("Shoigu", 1)]
    assert "Most often alongside" in site.read("actors/kim/index.html")


def test_related_briefs_rank_shared_actors_then_topic(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/main.md": brief("Main", "2023-09-05", actors=["Kim", "Putin"], topic="Arms"),
            "content/briefs/two.md": brief("Shares two", "2020-01-01", actors=["Kim", "Putin"]),
            "content/briefs/one-topic.md": brief("Shares one and topic", "2021-01-01", actors=["Kim"], topic="Arms"),
            "content/briefs/one.md": brief("Shares one", "2023-09-04", actors=["Putin"]),
            "content/briefs/topic.md": brief("Topic only", "2023-09-05", topic="Arms"),
            "content/briefs/none.md": brief("Nothing shared", "2023-09-05", actors=["Biden"]),
        }
    )
    result = site.build()
    main = next(b for b in result.site.briefs if b.title == "Main")
    assert [b.title for b in main.related] == ["Shares two", "Shares one and topic", "Shares one", "Topic only"]


def test_a_site_that_names_its_taxonomies_otherwise_keeps_related_briefs_alongside_and_feeds(
    make_site: MakeSite,
) -> None:
    site_yml = (
        "title: Renamed\nbase_url: https://example.org/\n"
        "taxonomies:\n"
        "  people: {title: People, singular: Person, kind: people}\n"
        "  regions: {title: Regions, kind: places}\n"
        "  groups: {title: Groups, kind: organizations}\n"
        "  subjects: {key: subject, title: Subjects, kind: topics}\n"
    )
    site = make_site(
        {
            "site.yml": site_yml,
            "content/people/kim-jong-un.md": "---\nname: Kim Jong-un\naliases: [Kim]\n---\n",
            "content/briefs/main.md": brief("Main", "2023-09-05", people=["Kim", "Putin"], subject="Arms"),
            "content/briefs/two.md": brief("Shares two", "2020-01-01", people=["Kim Jong-un", "Putin"]),
            "content/briefs/topic.md": brief("Topic only", "2023-09-04", subject="Arms", regions=["Seoul"]),
            "content/briefs/none.md": brief("Nothing shared", "2023-09-03", people=["Biden"], groups=["NATO"]),
        }
    )
    result = site.build()
    main = next(b for b in result.site.briefs if b.title == "Main")
    assert [b.title for b in main.related] == ["Shares two", "Topic only"]
    assert main.topic is not None and main.topic.name == "Arms"
    kim = next(t for t in result.site.taxonomies["people"].terms if t.slug == "kim-jong-un")
    assert [(t.name, n) for t, n in kim.alongside] == [("Putin", 2)]
    assert "Most often alongside" in site.read("people/kim-jong-un/index.html")
    assert "Most covered people" in site.read("index.html")
    assert 'class="chip chip-people"' in site.read("index.html")
    for feed in (
        "people/kim-jong-un/atom.xml",
        "regions/seoul/atom.xml",
        "groups/nato/atom.xml",
        "subjects/arms/atom.xml",
    ):
        assert site.exists(feed), feed


def test_home_and_term_pages_paginate(make_site: MakeSite) -> None:
    files = {
        f"content/briefs/b{i:02d}.md": brief(f"Brief {i}", f"2023-01-{i:02d}", actors=["Kim"]) for i in range(1, 26)
    }
    site = make_site({**files, "site.yml": "title: T\nbase_url: https://example.org/\npagination: 10\n"})
    site.build()
    assert "Brief 25" in site.read("index.html") and "Brief 15" not in site.read("index.html")
    assert "Brief 15" in site.read("page/2/index.html")
    assert "Brief 1<" in site.read("page/3/index.html") or "Brief 1</a>" in site.read("page/3/index.html")
    assert not site.exists("page/4/index.html")
    assert site.exists("actors/kim/page/3/index.html")
    assert 'rel="next" href="/page/3/"' in site.read("page/2/index.html")


def test_monthly_archive_groups_briefs(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("September brief", "2023-09-05"),
            "content/briefs/b.md": brief("January brief", "2024-01-04"),
        }
    )
    site.build()
    archive = site.read("archive/index.html")
    assert "/2023/09/" in links(archive) and "/2024/01/" in links(archive)
    assert "September brief" in site.read("2023/09/index.html")
    assert "January brief" not in site.read("2023/09/index.html")


def test_site_feed_is_valid_atom_with_newest_entries(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("Older", "2023-01-01", body="Text with <b>tags</b> & ampersands."),
            "content/briefs/b.md": brief("Newer", "2023-02-01", byline="Michael Lee"),
        }
    )
    site.build()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(site.read("atom.xml"))
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == ["Newer", "Older"]
    assert feed.findtext(f"{atom}updated") == "2023-02-01T00:00:00Z"
    content = entries[1].findtext(f"{atom}content") or ""
    assert "&lt;b&gt;tags&lt;/b&gt;" in content  # raw HTML in the body was escaped before it reached the feed


def test_sitemap_and_robots_list_absolute_urls(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A", actors=["Kim"])})
    site.build(base_url="https://user.github.io/repo/")
    sitemap = ET.fromstring(site.read("sitemap.xml"))
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://user.github.io/repo/2023/09/a/" in locs
    assert "https://user.github.io/repo/actors/kim/" in locs
    assert all(loc and loc.startswith("https://user.github.io/repo/") for loc in locs)
    assert "Sitemap: https://user.github.io/repo/sitemap.xml" in site.read("robots.txt")
    assert site.exists("404.html")


def test_every_internal_link_carries_the_base_path(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A", actors=["Kim"], topic="Arms")})
    site.build(base_url="https://user.github.io/repo/")
    for name, data in site.tree().items():
        if name.endswith(".html"):
            for href in links(data.decode()):
                assert href.startswith(("/repo/", "https://", "#")), (name, href)


def test_raw_html_in_briefs_is_escaped_unless_site_enables_it(make_site: MakeSite) -> None:
    body = '<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror="alert(1)">'
    site = make_site({"content/briefs/a.md": brief("A <b>bold</b>", body=body)})
    site.build()
    page = site.read("2023/09/a-b-bold-b/index.html") if site.exists("2023/09/a-b-bold-b/index.html") else ""
    page = page or next(v.decode() for k, v in site.tree().items() if k.startswith("2023/09/") and k.count("/") == 3)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert 'href="javascript:' not in page
    assert "<img src=x" not in page
    assert "A &lt;b&gt;bold&lt;/b&gt;" in page

    site.write({"site.yml": "title: T\nbase_url: https://example.org/\nmarkdown:\n  html: true\n"})
    site.build()
    trusted = next(v.decode() for k, v in site.tree().items() if k.startswith("2023/09/") and k.count("/") == 3)
    assert "<script>alert(1)</script>" in trusted


def test_drafts_and_future_briefs_are_left_out_unless_asked(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/draft.md": brief("A draft", "2023-01-01", draft="true"),
            "content/briefs/undated.md": brief("Undated draft", None, draft="true"),
            "content/briefs/future.md": brief("From the future", "2099-01-01"),
            "content/briefs/now.md": brief("Published", "2023-01-02"),
        }
    )
    titles = [b.title for b in site.build().site.briefs]
    assert titles == ["Published"]
    titles = [b.title for b in site.build(drafts=True, future=True).site.briefs]
    assert set(titles) == {"A draft", "Undated draft", "From the future", "Published"}
    assert site.exists("drafts/undated/index.html")


def test_two_builds_of_the_same_input_are_byte_identical(make_site: MakeSite) -> None:
    site = make_site(
        {
            **REGISTRY,
            "content/briefs/a.md": brief("A", "2023-01-01", actors=["Kim", "Putin", "Zelensky"], topic="War"),
            "content/briefs/b.md": brief("B", "2023-01-01", actors=["Putin", "Kim"], topic="War"),
            "content/briefs/c.md": brief("C", "2023-01-01", actors=["Zelensky"], places=["Kyiv"]),
        }
    )
    site.build(jobs=2)
    first = site.tree()
    # Built again from nothing, in another process with another hash seed: no set or dict order,
    # no cache and no worker split can leak into the bytes.
    env = {**os.environ, "PYTHONHASHSEED": "4242", "BRIEFING_CACHE_DIR": "off"}
    again = site.root / "again"
    command = [sys.executable, "-m", "generator", "build", "--no-cache", "-q", "-j", "1", "--output", str(again)]
    subprocess.run(command, cwd=site.root, env=env, check=True, capture_output=True)
    assert site.tree("again") == first


def test_a_failed_build_leaves_the_previous_site_untouched(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("Good", "2023-01-01")})
    site.build()
    before = site.tree()
    site.write({"content/briefs/b.md": "---\ntitle: [broken\n---\n"})
    with pytest.raises(ContentError):
        site.build()
    assert site.tree() == before


def test_briefs_that_map_to_one_url_fail_naming_both_files(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/2023-09-05-kim-meets-putin.md": brief("One", "2023-09-05"),
            "content/briefs/2023-09-06-kim-meets-putin.md": brief("Two", "2023-09-06"),
        }
    )
    with pytest.raises(ContentError) as caught:
        site.build()
    text = caught.value.format()
    assert "content/briefs/2023-09-05-kim-meets-putin.md and content/briefs/2023-09-06-kim-meets-putin.md" in text
    assert "both map to /2023/09/kim-meets-putin/" in text


def test_refuses_to_replace_a_folder_it_did_not_write(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A")})
    (site.root / "precious").mkdir()
    (site.root / "precious" / "thesis.txt").write_text("years of work")
    with pytest.raises(BuildError, match="did not write"):
        site.build(output=site.root / "precious")
    assert (site.root / "precious" / "thesis.txt").read_text() == "years of work"
    with pytest.raises(BuildError, match="contains"):
        site.build(output=site.root)


def test_site_templates_override_theme_templates_by_name(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/briefs/a.md": brief("A"),
            "templates/404.html": '{% extends "base.html" %}{% block main %}Custom not found{% endblock %}',
        }
    )
    site.build()
    assert "Custom not found" in site.read("404.html")
    assert "Skip to content" in site.read("404.html")  # still the theme's base.html


def test_static_files_are_copied_and_site_static_overrides_theme(make_site: MakeSite) -> None:
    site = make_site({"static/style.css": "body { color: red }", "static/img/logo.svg": "<svg/>"})
    site.build()
    assert site.read("style.css") == "body { color: red }"
    assert site.exists("img/logo.svg")
    assert site.exists("search.js")


def test_strict_turns_warnings_into_errors(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/actors/a.md": "---\nname: Kim Jong-un\naliases: [Kim]\n---\n",
            "content/actors/b.md": "---\nname: Kim Yo-jong\naliases: [Kim]\n---\n",
            "content/briefs/a.md": brief("A", actors=["Kim Jong-un"]),
        }
    )
    result = site.build()
    assert any("Kim" in w.message for w in result.warnings)
    with pytest.raises(BuildError, match="--strict"):
        site.build(strict=True)


def test_ambiguous_alias_in_a_brief_is_an_error_naming_the_candidates(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/actors/a.md": "---\nname: Kim Jong-un\naliases: [Kim]\n---\n",
            "content/actors/b.md": "---\nname: Kim Yo-jong\naliases: [Kim]\n---\n",
            "content/briefs/a.md": brief("A", actors=["Kim"]),
        }
    )
    with pytest.raises(ContentError) as caught:
        site.build()
    assert (
        "content/briefs/a.md:4: error: actors: 'Kim' could be Kim Jong-un (content/actors/a.md) "
        "or Kim Yo-jong (content/actors/b.md) (hint: write the full name)"
    ) in caught.value.format()


def test_names_without_letters_cannot_become_pages(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A", actors=["'..'", "Kim"])})
    with pytest.raises(ContentError) as caught:
        site.build()
    assert "content/briefs/a.md:4: error: actors: '..' has no letters or digits" in caught.value.format()


def test_output_is_byte_identical_for_any_number_of_workers(make_site: MakeSite, tmp_path: Path) -> None:
    people = ["Kim Jong-un", "Vladimir Putin", "John Kirby", "Sergei Shoigu", "Jake Sullivan", "Cho Tae-yong"]
    files = {
        f"content/briefs/b{i:03d}.md": brief(
            f"Brief number {i}",
            f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            f"## Part {i}\n\nText of brief {i} with *emphasis* and a [link](https://example.org/{i}).",
            actors=[people[i % 6], people[(i * 7) % 6]],
            places=[["Seoul", "Moscow", "Pyongyang"][i % 3]],
            topic=["Arms", "Talks"][i % 2],
        )
        for i in range(250)
    }
    site = make_site(files)
    trees = []
    for jobs in (1, 2, 3):
        site.build(output=tmp_path / f"out{jobs}", jobs=jobs)
        base = tmp_path / f"out{jobs}"
        trees.append({p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()})
    assert len(trees[0]) > 300  # enough pages for the parallel path
    assert trees[0] == trees[1] == trees[2]
    in_memory = site_in_memory(site.config()).output
    assert in_memory is not None
    assert {k: v for k, v in trees[0].items() if k != ".briefing"} == in_memory.files


def test_the_build_cache_renders_only_what_changed_and_the_output_is_the_same(
    make_site: MakeSite, tmp_path: Path
) -> None:
    people = ["Kim Jong-un", "Vladimir Putin", "John Kirby", "Sergei Shoigu"]
    files = {
        f"content/briefs/b{i:02d}.md": brief(
            f"Brief {i}", f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}", actors=[people[i % 4]], topic="Arms"
        )
        for i in range(40)
    }
    site = make_site({**files, "content/actors/kim-jong-un.md": "---\nname: Kim Jong-un\nrole: Leader\n---\n"})
    first = site.build()
    static = sum(1 for _ in (THEMES / "default" / "static").iterdir())
    assert first.rendered == first.files - static  # every page but the theme's static files
    again = site.build()
    assert again.rendered == 0 and again.incremental

    site.write(
        {"content/briefs/b05.md": brief("Brief 5, corrected", "2023-06-06", actors=["Vladimir Putin"], topic="Arms")}
    )
    edited = site.build()
    assert 3 < edited.rendered < first.rendered / 2
    site.write({"content/actors/kim-jong-un.md": "---\nname: Kim Jong-un\nrole: Supreme Leader\n---\n"})
    registry = site.build()
    # The role shows on the term's page, the taxonomy index and the term's feed: those alone.
    assert 1 <= registry.rendered < first.rendered / 2
    assert "Supreme Leader" in site.read("actors/kim-jong-un/index.html")

    site.build(output=tmp_path / "clean", cache=False)
    clean = tmp_path / "clean"
    assert site.tree() == {
        p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*")) if p.is_file()
    }


def test_an_edit_that_moves_no_brief_renders_only_the_pages_that_show_it(make_site: MakeSite, tmp_path: Path) -> None:
    people = ["Kim Jong-un", "Vladimir Putin", "John Kirby", "Sergei Shoigu"]
    files = {
        f"content/briefs/b{i:02d}.md": brief(
            f"Brief {i}",
            f"2023-{i % 3 + 1:02d}-{i % 28 + 1:02d}",
            f"Body {i}.",
            actors=[people[i % 4], people[(i + 1) % 4]],
            topic=["Arms", "Talks"][i % 2],
        )
        for i in range(60)
    }
    site = make_site(files)
    first = site.build()
    assert not first.incremental
    # Title, summary and body change; date, slug and actors stay: no brief moves.
    edited = files["content/briefs/b17.md"].replace("title: Brief 17", "title: Brief 17, corrected")
    site.write({"content/briefs/b17.md": edited.replace("Body 17.", "Body 17, rewritten.")})
    second = site.build()
    assert second.incremental
    assert 5 < second.rendered < first.rendered / 4
    shown = [p for p, data in site.tree().items() if b"Brief 17, corrected" in data]
    assert len(shown) > 8  # its own page, neighbours, related briefs, lists, feeds, search index

    # Without its index of which page read which brief, the cache falls back to fingerprints once:
    # each page's last reads, evaluated again; the pages that read the brief's file are rendered,
    # the same ones as when they were looked up.
    folder = cache_folder(site.config())
    assert folder is not None
    (folder / "shows").unlink()
    site.write({"content/briefs/b17.md": edited.replace("Body 17.", "Body 17, rewritten twice.")})
    third = site.build()
    assert not third.incremental and third.rendered == second.rendered
    site.write({"content/briefs/b17.md": edited.replace("Body 17.", "Body 17, rewritten again.")})
    assert site.build().incremental

    site.build(output=tmp_path / "clean", cache=False)
    clean = tmp_path / "clean"
    assert site.tree() == {
        p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*")) if p.is_file()
    }


def test_a_page_edited_by_hand_in_the_output_is_rendered_again(make_site: MakeSite) -> None:
    site = make_site({"content/briefs/a.md": brief("A"), "content/briefs/b.md": brief("B", "2023-09-06")})
    site.build()
    page = site.public / "2023/09/a/index.html"
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    site.build()
    assert page.read_bytes() == original


def test_problems_found_by_parallel_parsing_are_the_same_as_by_one_process(make_site: MakeSite) -> None:
    files = {f"content/briefs/b{i:03d}.md": brief(f"Brief {i}", actors=["Kim"]) for i in range(240)}
    files["content/briefs/b007.md"] = "---\ntitle: Broken\ndate: 2023-09-05\nactorz: [Kim]\n---\nBody\n"
    files["content/briefs/b123.md"] = "---\ntitle: [unclosed\n---\nBody\n"
    site = make_site(files)
    messages = []
    for jobs in (1, 2):
        with pytest.raises(ContentError) as caught:
            site.build(jobs=jobs)
        messages.append(caught.value.format())
    assert messages[0] == messages[1]
    assert "content/briefs/b007.md:4: error: actorz" in messages[0]
    assert "content/briefs/b123.md" in messages[0]


def test_a_damaged_or_unwritable_cache_costs_speed_never_the_build(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"content/briefs/b{i:02d}.md": brief(f"Brief {i}", f"2023-09-{i + 1:02d}", actors=["Kim"]) for i in range(20)
    }
    site = make_site(files)
    site.build()
    reference = site.tree()
    folder = cache_folder(site.config())
    assert folder is not None
    shards = sorted(folder.glob("content-*"))
    assert len(shards) == 16  # parsed content, kept in shards: an edit rewrites one
    shards[3].write_bytes(b"not a pickle")
    shards[5].unlink()
    for template in (folder / "templates").iterdir():
        template.write_bytes(b"garbage")
    again = site.build()
    assert site.tree() == reference and again.rendered == 0
    rewritten = sorted(folder.glob("content-*"))
    assert len(rewritten) == 16 and all(s.stat().st_size > 20 for s in rewritten)  # the damaged shards too

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocked))
    site.write({"content/briefs/b03.md": brief("Brief 3, corrected", "2023-09-04", actors=["Kim"])})
    result = site.build()
    assert result.rendered > 0 and "Brief 3, corrected" in site.read("2023/09/b03/index.html")


def test_quotes_in_front_matter_reach_their_speakers_pages_newest_first(make_site: MakeSite) -> None:
    kirby = "---\nname: John Kirby\naliases: [Kirby]\n---\n"
    older = brief("Older", "2023-01-20", actors=["John Kirby"])
    older = older.replace(
        "---\n\nBody", 'quotes:\n  - {speaker: Kirby, text: "We are watching closely."}\n---\n\nBody', 1
    )
    newer = brief("Newer", "2024-01-04", actors=["John Kirby", "Kim"])
    newer = newer.replace(
        "---\n\nBody",
        'quotes:\n  - {speaker: John Kirby, text: "This is a significant escalation."}\n'
        '  - {text: "No one can say who said this."}\n---\n\nBody',
        1,
    )
    site = make_site(
        {"content/actors/john-kirby.md": kirby, "content/briefs/a.md": older, "content/briefs/b.md": newer}
    )
    result = site.build()
    kirby_term = next(t for t in result.site.taxonomies["actors"].terms if t.slug == "john-kirby")
    assert [q.text for q in kirby_term.quotes] == ["This is a significant escalation.", "We are watching closely."]
    assert [q.brief.title for q in kirby_term.quotes] == ["Newer", "Older"]
    unattributed = next(b for b in result.site.briefs if b.title == "Newer").quotes[1]
    assert unattributed.speaker == "" and unattributed.term is None
    assert (kirby_term.first_seen, kirby_term.last_seen) == (dt.date(2023, 1, 20), dt.date(2024, 1, 4))
    assert [(d.isoformat(), n) for d, n in kirby_term.by_month][:2] == [("2023-01-01", 1), ("2023-02-01", 0)]
    assert len(kirby_term.by_month) == 13


def test_a_quote_without_text_or_with_an_unknown_key_is_an_error_naming_the_line(make_site: MakeSite) -> None:
    text = brief("Quoted", "2023-01-20").replace(
        "---\n\nBody", "quotes:\n  - {speaker: Kirby}\n  - {speker: Kirby, text: Hi}\n---\n\nBody", 1
    )
    site = make_site({"content/briefs/a.md": text})
    with pytest.raises(ContentError) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        "content/briefs/a.md:5: error: quotes: quote 1 has no text (hint: write what was said after 'text:')"
    ]
