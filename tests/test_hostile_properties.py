"""Properties over arbitrary input: extraction never crashes, ingested front matter reads back as written,
slugs are always safe URL segments, and the writer refuses every path that would leave the output folder.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.build.write import safe_path
from generator.config.site import Config, default_config
from generator.content.loader import load_brief
from generator.content.registry import Registry
from generator.errors import Problems
from generator.ingest.decode import SeedError
from generator.ingest.extract import Extraction, extract
from generator.ingest.run import ingest
from generator.ingest.writer import brief_text
from generator.slugs import is_safe_segment, slugify

TODAY = dt.date(2026, 1, 1)
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a scraper might save: any characters, with lines, and now and then the words ingest looks for.
ARTICLE_WORDS = st.sampled_from(
    [
        "Kim Jong-un",
        "Vladimir Putin",
        "spokesman John Kirby said",
        "Pyongyang",
        "Ministry of Defense",
        "Sept. 5, 2023",
        "입력 2023.09.05. 17:44",
        "By Michael Lee",
        "Copyright © Korea JoongAng Daily",
        "<script>window.__pwned=1</script>",
        "---",
        "title: x",
        "\n",
        "\n\n",
        ": ",
        "#",
        "NO",
        "2023-09-05",
        "&amp;",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\u202e",
    ]
)
# Every character but lone surrogates, NEL (U+0085, which YAML reads as a line break) included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ARTICLES = st.lists(st.one_of(TEXT, ARTICLE_WORDS), max_size=40).map("".join)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as name:
        root = Path(name)
        (root / "site.yml").write_text("title: Properties\nbase_url: https://example.org/\n", encoding="utf-8")
        yield root


def config_for(root: Path) -> Config:
    return default_config(root)


def extract_or_refuse(path: Path, config: Config) -> Extraction | None:
    """The extraction, or None when the seed is refused with a SeedError; anything else is a crash."""
    try:
        return extract(path, config, Registry(config, {}, Problems()), TODAY)
    except SeedError as exc:
        assert exc.message
        event("refused with a message")
        return None


def read_back(x: Extraction, config: Config, path: Path) -> None:
    event("written and read back")
    compare_read_back(x, config, path)


def compare_read_back(x: Extraction, config: Config, path: Path) -> None:
    """Write the brief exactly as ingest does, load it as the build does, and compare every value."""
    path.write_text(brief_text(x, config), encoding="utf-8")
    problems = Problems()
    brief = load_brief(path, config, problems)
    assert brief is not None and not problems.errors, [p.format() for p in problems.items]
    assert brief.title == x.title
    assert brief.date == x.date
    assert brief.time == x.time
    assert brief.source == x.source
    assert brief.source_url == x.source_url
    assert brief.byline == x.byline
    assert brief.summary == x.summary
    assert brief.values["actors"] == x.names("person")
    assert brief.values["places"] == x.names("place")
    assert brief.values["organizations"] == x.names("organization")
    assert brief.values["topics"] == ([x.topic] if x.topic else [])
    assert brief.draft == (x.date is None)


@EXAMPLES
@given(text=ARTICLES, suffix=st.sampled_from([".txt", ".html"]))
@example(text="©\x850", suffix=".txt")  # found by Hypothesis: a source that was NEL + "0", read back as "0"
def test_extract_never_crashes_on_any_text_and_its_brief_reads_back_the_same(
    folder: Path, text: str, suffix: str
) -> None:
    config = config_for(folder)
    seed = folder / f"seed{suffix}"
    seed.write_text(text, encoding="utf-8")
    x = extract_or_refuse(seed, config)
    if x is not None:
        read_back(x, config, folder / "brief.md")


@EXAMPLES
@given(data=st.binary(max_size=2000))
def test_extract_never_crashes_on_any_bytes_and_its_brief_reads_back_the_same(folder: Path, data: bytes) -> None:
    config = config_for(folder)
    seed = folder / "bytes.txt"
    seed.write_bytes(data)
    x = extract_or_refuse(seed, config)
    if x is not None:
        read_back(x, config, folder / "brief.md")


SIDECAR_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@EXAMPLES
@given(title=SIDECAR_TEXT, byline=SIDECAR_TEXT, source=SIDECAR_TEXT, summary=SIDECAR_TEXT, actor=SIDECAR_TEXT)
def test_values_from_a_sidecar_survive_the_trip_through_a_brief(
    folder: Path, title: str, byline: str, source: str, summary: str, actor: str
) -> None:
    """Whatever a sidecar's YAML can hold either is refused with a message or reads back unchanged."""
    config = config_for(folder)
    seed = folder / "sidecar.txt"
    seed.write_text("Kim and Putin\nKim Jong-un met Vladimir Putin in Vladivostok on Tuesday.\n", encoding="utf-8")
    values = {"date": "2023-09-05", "title": title, "byline": byline, "source": source, "summary": summary}
    values["actors"] = [actor]  # type: ignore[assignment]
    (folder / "sidecar.yml").write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    try:
        x = extract_or_refuse(seed, config)
    finally:
        (folder / "sidecar.yml").unlink()
    if x is None:
        return
    read_back(x, config, folder / "brief.md")


def test_a_value_with_a_nel_character_reads_back_unchanged(folder: Path) -> None:
    config = config_for(folder)
    seed = folder / "line-break.txt"
    seed.write_text("Kim\x85Putin summit\nKim Jong-un met Vladimir Putin in Vladivostok on Tuesday.\n")
    x = extract_or_refuse(seed, config)
    assert x is not None and x.title == "Kim\x85Putin summit"
    compare_read_back(x, config, folder / "brief.md")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeds=st.lists(st.one_of(ARTICLES.map(lambda t: t.encode()), st.binary(max_size=500)), min_size=1, max_size=4))
def test_ingest_never_crashes_and_every_brief_it_writes_loads(seeds: list[bytes]) -> None:
    with tempfile.TemporaryDirectory(prefix="briefing-ingest-") as name:
        root = Path(name)
        config = config_for(root)
        for index, data in enumerate(seeds):
            (root / "seeds").mkdir(exist_ok=True)
            (root / "seeds" / f"seed-{index}.txt").write_bytes(data)
        report = ingest(config, today=TODAY)
        assert len(report.outcomes) == len(seeds)
        for path in sorted((root / "content" / "briefs").glob("*.md")):
            problems = Problems()
            assert load_brief(path, config, problems) is not None, [p.format() for p in problems.items]
        again = ingest(config, today=TODAY)
        assert {o.status for o in again.outcomes} <= {"unchanged", "failed"}


# --- slugs and paths ----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(["..", ".", "/", "\\", "\x00", "CON", "nul", "가", "😀", " ", "-"]), max_size=30).map(
            "".join
        ),
    )
)
def test_slugify_gives_nothing_or_a_safe_segment(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_safe_segment(slug), (text, slug)


SEGMENTS = st.sampled_from(
    ["..", ".", "", "a", "b.html", "..a", "a..", "\\", "a\\..", "\x00", "C:", " ", "%2e%2e", "~"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(SEGMENTS, max_size=6).map("/".join), st.text(max_size=60)))
def test_safe_path_refuses_every_path_that_would_leave_the_output_folder(path: str) -> None:
    clean = safe_path(path)
    if clean is None:
        return
    joined = posixpath.normpath(posixpath.join("/out", clean))
    assert joined.startswith("/out/"), path
    parts = clean.split("/")
    assert all(part not in ("", ".", "..") for part in parts), path
    assert "\\" not in clean and "\x00" not in clean and not clean.startswith("/"), path
    assert Path("/out", clean).resolve().is_relative_to("/out")


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "a/../../x",
        "/etc/passwd",
        "a\\..\\..\\x",
        "a/./b",
        "a//b",
        "",
        ".",
        "..",
        "a/\x00/b",
        "C:\\x",
        "a/" * 5 + "..",
    ],
)
def test_safe_path_refuses_the_known_escapes(path: str) -> None:
    assert safe_path(path) is None
