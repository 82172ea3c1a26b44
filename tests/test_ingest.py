"""Behaviours of `briefing ingest` and `briefing extract`: briefs from seeds, never losing an editor's work."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.writer import escape_markdown
from generator.site.markdown import Markdown
from tests.conftest import MakeSite, MiniSite

SITE = """title: Test
base_url: https://example.org/
topics:
  arms:
    title: Arms and military cooperation
    keywords: {artillery: 3, weapons: 2, missiles: 2}
  talks:
    title: Diplomacy
    keywords: {summit: 2, talks: 1}
"""

ARTICLE = """Kim and Putin to discuss weapons
Russian President Vladimir Putin is expected to ask North Korean leader Kim Jong-un for artillery shells \
and missiles, officials said on Tuesday.
White House spokesman John Kirby said talks on weapons were advancing. Kirby said the United States would respond.
The two leaders last met in April 2019 in Vladivostok, when Kim travelled by armored train for talks with Putin.
"""
SIDECAR = "url: https://v.daum.net/v/20230905174434487\n"


def seed_site(make_site: MakeSite, **extra: str | bytes) -> MiniSite:
    return make_site({"site.yml": SITE, "seeds/article.txt": ARTICLE, "seeds/article.yml": SIDECAR, **extra})


def brief_files(site: MiniSite) -> dict[str, str]:
    folder = site.root / "content" / "briefs"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def test_ingest_writes_a_dated_brief_with_front_matter_and_clean_body(make_site: MakeSite) -> None:
    site = seed_site(make_site)
    result = site.run("ingest")
    assert result.exit_code == 0, result.output
    files = brief_files(site)
    assert list(files) == ["2023-09-05-kim-and-putin-to-discuss-weapons.md"]
    text = files["2023-09-05-kim-and-putin-to-discuss-weapons.md"]
    assert "title: Kim and Putin to discuss weapons\n" in text
    assert "date: 2023-09-05\n" in text  # from the Daum URL in the sidecar
    assert "source_url: https://v.daum.net/v/20230905174434487\n" in text
    assert "topic: Arms and military cooperation\n" in text
    assert "seed: seeds/article.txt\n" in text
    assert re.search(r"seed_sha256: [0-9a-f]{64}\n", text)
    assert "- Vladimir Putin\n" in text and "- Kim Jong-un\n" in text and "- John Kirby\n" in text
    assert "summary: " in text
    assert "Ingested 1 seed: 1 new." in result.stdout


def test_the_ingested_brief_builds(make_site: MakeSite) -> None:
    site = seed_site(make_site)
    site.run("ingest")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert site.exists("actors/vladimir-putin/index.html")


def test_reingesting_unchanged_seeds_changes_no_file(make_site: MakeSite) -> None:
    site = seed_site(make_site)
    site.run("ingest")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site.root / "content").rglob("*") if p.is_file()}
    result = site.run("ingest")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site.root / "content").rglob("*") if p.is_file()}
    assert after == before
    assert "1 unchanged" in result.stdout


def test_a_brief_an_editor_changed_is_kept_and_force_keeps_a_backup(make_site: MakeSite) -> None:
    site = seed_site(make_site)
    site.run("ingest")
    ((name, text),) = brief_files(site).items()
    path = site.root / "content" / "briefs" / name
    edited = text.replace("title: Kim and Putin to discuss weapons", "title: Kim and Putin to discuss arms")
    path.write_text(edited, encoding="utf-8")

    result = site.run("ingest")
    assert path.read_text(encoding="utf-8") == edited
    assert "kept" in result.stdout and "edited since it was ingested" in result.stdout

    result = site.run("ingest", "--force")
    assert path.read_text(encoding="utf-8") == text
    backups = list(path.parent.glob(f"{name}.*.bak"))
    assert [b.read_text(encoding="utf-8") for b in backups] == [edited]
    assert "1 replaced" in result.stdout


def test_a_renamed_brief_is_still_recognised_by_its_seed(make_site: MakeSite) -> None:
    site = seed_site(make_site)
    site.run("ingest")
    ((name, _),) = brief_files(site).items()
    folder = site.root / "content" / "briefs"
    (folder / name).rename(folder / "kim-putin.md")
    (site.root / "content" / ".ingest.json").unlink()
    result = site.run("ingest")
    assert list(brief_files(site)) == ["kim-putin.md"]
    assert "1 unchanged" in result.stdout


def test_seeds_with_the_same_headline_get_distinct_files(make_site: MakeSite) -> None:
    site = seed_site(make_site, **{"seeds/copy.txt": ARTICLE, "seeds/copy.yml": SIDECAR})
    site.run("ingest")
    assert list(brief_files(site)) == [
        "2023-09-05-kim-and-putin-to-discuss-weapons-2.md",
        "2023-09-05-kim-and-putin-to-discuss-weapons.md",
    ]
    assert site.run("build").exit_code == 0
    assert site.exists("2023/09/kim-and-putin-to-discuss-weapons-2/index.html")


def test_an_undecodable_seed_fails_alone_and_the_run_exits_nonzero(make_site: MakeSite) -> None:
    site = seed_site(make_site, **{"seeds/broken.txt": b"\x00\x01\x02\x03" * 500, "seeds/empty.txt": b""})
    result = site.run("ingest")
    assert result.exit_code == 1
    assert "failed    seeds/broken.txt" in result.stderr and "binary file" in result.stderr
    assert "failed    seeds/empty.txt" in result.stderr and "empty file" in result.stderr
    assert "Error: 2 seeds could not be ingested; the others were" in result.stderr
    assert "Traceback" not in result.output
    assert len(brief_files(site)) == 1


def test_korean_encodings_and_utf16_give_the_same_brief(make_site: MakeSite) -> None:
    korean = (
        "김정은 푸틴 정상회담\n"
        "북한 김정은 국무위원장이 블라디보스토크에서 러시아 블라디미르 푸틴 대통령을 만나 "
        "무기 거래를 논의할 것으로 보인다.\n"
    )
    texts = {}
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp949", "euc-kr"):
        site = make_site({"site.yml": SITE, f"seeds/{encoding}.txt": korean.encode(encoding)})
        site.run("ingest")
        (text,) = brief_files(site).values()
        texts[encoding] = re.sub(r"(seed|seed_sha256): .*\n", "", text)
        for p in (site.root / "content" / "briefs").glob("*.md"):
            p.unlink()
        (site.root / "content" / ".ingest.json").unlink()
        (site.root / "seeds" / f"{encoding}.txt").unlink()
    assert len(set(texts.values())) == 1
    assert "title: 김정은 푸틴 정상회담" in texts["cp949"]


def test_without_any_date_the_brief_is_a_draft_with_a_warning(make_site: MakeSite) -> None:
    site = make_site({"site.yml": SITE, "seeds/undated.txt": ARTICLE.replace("in April 2019 ", "")})
    result = site.run("ingest")
    ((name, text),) = brief_files(site).items()
    assert name == "kim-and-putin-to-discuss-weapons.md"
    assert "draft: true" in text and "date:" not in text
    assert "no publication date found" in result.stderr


def test_a_sidecar_gives_what_the_page_lacks_and_is_checked(make_site: MakeSite) -> None:
    sidecar = (
        "url: https://example.org/a\ndate: 2024-01-04\nsource: Example Times\nactors: [Kim Jong-un]\nlabel: News\n"
    )
    site = seed_site(make_site, **{"seeds/article.yml": sidecar})
    site.run("ingest")
    (text,) = brief_files(site).values()
    assert "date: 2024-01-04" in text and "source: Example Times" in text and "label: News" in text
    assert "actors:\n- Kim Jong-un\n" in text

    site.write({"seeds/article.yml": "url: https://example.org/a\nactor: [Kim]\n"})
    result = site.run("ingest")
    assert result.exit_code == 1
    assert "actor: unknown key (hint: did you mean 'actors'?)" in result.stderr
    assert "seeds/article.yml:2" in result.stderr


def test_register_writes_stubs_for_new_people_and_never_overwrites(make_site: MakeSite) -> None:
    site = seed_site(make_site, **{"content/actors/john-kirby.md": "---\nname: John Kirby\nrole: Spokesman\n---\n"})
    result = site.run("ingest", "--register")
    assert "New actors not in the registry:" in result.stdout
    assert (
        site.root / "content/actors/vladimir-putin.md"
    ).read_text() == "---\nname: Vladimir Putin\naliases: []\n---\n"
    assert "role: Spokesman" in (site.root / "content/actors/john-kirby.md").read_text()


def test_extract_prints_json_without_writing_anything(make_site: MakeSite) -> None:
    site = seed_site(make_site)
    result = site.run("extract", "--json", "seeds/article.txt")
    data = json.loads(result.stdout)
    assert set(data) >= {
        "title",
        "date",
        "byline",
        "source",
        "source_url",
        "body",
        "summary",
        "topic",
        "actors",
        "places",
        "organizations",
        "entities",
        "warnings",
    }
    assert data["date"] == "2023-09-05"
    kirby = next(e for e in data["entities"] if e["name"] == "John Kirby")
    assert kirby["type"] == "person" and "Kirby" in kirby["mentions"]
    assert not (site.root / "content" / "briefs").exists() or brief_files(site) == {}


MARKDOWN_SPECIALS = "*_`<>[]()!#-+=|~\\&;:09 ab.'\"/^{}$%"


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=MARKDOWN_SPECIALS, min_size=1, max_size=40),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200),
    )
)
def test_escaped_scraped_text_renders_as_exactly_that_text(text: str) -> None:
    import html as html_lib

    paragraph = " ".join(text.split())
    if not paragraph:
        return
    rendered, _ = Markdown(html=True).to_html(escape_markdown(paragraph))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    inner = rendered[3:-5]
    assert "<" not in inner.replace("<br />", "")
    assert html_lib.unescape(inner) == paragraph
