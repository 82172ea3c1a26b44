"""Behaviours of `briefing ingest` and `briefing extract`: briefs from seeds, never losing an editor's work."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
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


KOREAN = """한국 정부, 북한 국방상 등 독자 제재
한국 정부가 러시아와 무기 거래에 관여한 북한 국방상 강순남 등 개인과 기관을 독자 제재 대상으로 지정했습니다.
외교부는 20일 보도자료를 내고 북한과 러시아 간 군사 협력이 유엔 안보리 결의 위반이라고 밝혔습니다.
정부는 국제사회와 함께 북한과 러시아의 불법적인 무기 거래를 차단하기 위해 노력하겠다고 강조했습니다.
"""


def test_a_brief_says_its_language_when_it_is_not_the_sites(make_site: MakeSite) -> None:
    site = seed_site(make_site, **{"seeds/korean.txt": KOREAN, "seeds/korean.yml": "date: 2023-09-20\n"})
    assert site.run("ingest").exit_code == 0
    files = brief_files(site)
    korean = next(text for name, text in files.items() if "weapons" not in name)
    assert "\nlang: ko\n" in korean
    english = files["2023-09-05-kim-and-putin-to-discuss-weapons.md"]
    assert "lang:" not in english  # an English brief on an English site says nothing
    assert site.run("build").exit_code == 0
    page = next(
        t for k, t in site.tree().items() if k.startswith("2023/09/") and k.count("/") == 3 and "weapons" not in k
    )
    assert 'lang="ko"' in page.decode()


def test_on_a_korean_site_an_english_brief_says_lang_en(make_site: MakeSite) -> None:
    site = seed_site(make_site, **{"site.yml": SITE + "language: ko\n"})
    assert site.run("ingest").exit_code == 0
    assert "\nlang: en\n" in brief_files(site)["2023-09-05-kim-and-putin-to-discuss-weapons.md"]


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
    rendered = Markdown(html=True).to_html(escape_markdown(paragraph)).html
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    inner = rendered[3:-5]
    assert "<" not in inner.replace("<br />", "")
    assert html_lib.unescape(inner) == paragraph


# --- the run over several processes ------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title} | Daily Paper</title>
<meta property="article:published_time" content="2023-09-0{day}T08:00:00+09:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>
<p>Russian President Vladimir Putin met North Korean leader Kim Jong-un on day {day}, officials said, \
and the two leaders discussed weapons, artillery shells and missiles for hours.</p>
<p>White House spokesman John Kirby said the talks on weapons were advancing and that the United \
States would respond to any arms deal between the two countries.</p></article></body></html>"""


def many_seeds(root: Path) -> MiniSite:
    files: dict[str, str | bytes] = {"site.yml": SITE, "seeds/article.txt": ARTICLE, "seeds/article.yml": SIDECAR}
    for day in range(1, 7):
        files[f"seeds/page-{day}.html"] = PAGE.format(title=f"Putin and Kim, day {day} of talks", day=day)
    files["seeds/undecodable.txt"] = b"\x00\x01\x02\x03" * 500
    root.mkdir()
    return MiniSite(root).write(files)


def content_files(site: MiniSite) -> dict[str, bytes]:
    return site.tree("content")


def test_briefs_are_the_same_byte_for_byte_with_one_or_two_worker_processes(tmp_path: Path) -> None:
    from generator.ingest.run import ingest

    one, two = many_seeds(tmp_path / "one"), many_seeds(tmp_path / "two")
    report_one = ingest(one.config(), workers=1)
    report_two = ingest(two.config(), workers=2)
    assert content_files(one) == content_files(two)
    assert len([n for n in content_files(one) if n.startswith("briefs/")]) == 7
    assert [(o.seed, o.status, o.brief, o.warnings) for o in report_one.outcomes] == [
        (o.seed, o.status, o.brief, o.warnings) for o in report_two.outcomes
    ]
    assert [o.status for o in report_two.outcomes].count("failed") == 1  # the undecodable seed alone


def test_a_seed_that_kills_its_worker_process_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import os

    from generator.ingest import pool
    from generator.ingest.extract import extract as real
    from generator.ingest.run import ingest

    def crashing(path: Path, *args: Any, **kwargs: Any) -> Any:
        # in a worker process (forked, so it runs this very function), die the way a crash in a
        # C library would: no exception, no clean-up, the process is simply gone
        if path.name == "page-4.html" and multiprocessing.parent_process() is not None:
            os._exit(70)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pool, "extract", crashing)
    site = many_seeds(tmp_path / "site")
    report = ingest(site.config(), workers=2)
    status = {o.seed: o.status for o in report.outcomes}
    assert status["seeds/page-4.html"] == "failed"
    crashed = next(o for o in report.outcomes if o.seed == "seeds/page-4.html")
    assert "process died" in crashed.message
    assert [s for s, st in status.items() if st == "new"] == [
        "seeds/article.txt",
        "seeds/page-1.html",
        "seeds/page-2.html",
        "seeds/page-3.html",
        "seeds/page-5.html",
        "seeds/page-6.html",
    ]


def test_ingest_piped_into_a_reader_that_stops_ends_quietly(tmp_path: Path) -> None:
    site = many_seeds(tmp_path / "site")
    briefing = Path(sys.executable).with_name("briefing")
    proc = subprocess.Popen(
        [str(briefing), "ingest", "-j", "2"], cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| head -1` does once it has its line: every write now meets a closed pipe
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception ignored" not in stderr
    assert proc.returncode == 141
    assert len([n for n in content_files(site) if n.startswith("briefs/")]) == 7  # the work was done first


def test_the_summary_table_fits_the_terminal_and_shortens_long_seed_names() -> None:
    from generator.ingest.report import table_lines
    from generator.ingest.run import FAILED, NEW, Outcome

    long_seed = "seeds/" + "very-long-seed-name-" * 6 + "end.txt"
    outcomes = [
        Outcome(long_seed, NEW, "content/briefs/2023-09-05-" + "a-long-headline-" * 5 + "x.md"),
        Outcome("seeds/b.txt", FAILED, message="binary file: " + "it is not text " * 10, hint="remove it"),
    ]
    for columns in (60, 80, 120):
        lines = [line for line, _ in table_lines(outcomes, columns)]
        assert all(len(line) <= columns for line in lines), (columns, lines)
        assert "…" in lines[0] and lines[0].split()[1].endswith("end.txt")
        failure = " ".join(line.strip() for line, to_stderr in table_lines(outcomes, columns) if to_stderr)
        assert "it is not text " * 9 in failure + " " and "(hint: remove it)" in failure  # wrapped, never cut
