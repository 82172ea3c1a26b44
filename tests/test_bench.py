"""Smoke test of the benchmark: the corpus is valid and deterministic, and the Briefing part of the runner reports."""

from __future__ import annotations

import json
from pathlib import Path

from bench.corpus import generate, write_corpus
from bench.run import run, sig3
from generator.slugs import slugify


def test_corpus_is_deterministic_with_unique_slugs_and_news_length_bodies() -> None:
    first, again = generate(300), generate(300)
    assert first == again
    assert generate(20) == first[:20]  # brief i does not depend on N
    assert len({b.slug for b in first}) == len(first)
    assert len({b.title for b in first}) < len(first)  # some headlines collide in wording
    for brief in first:
        assert 2 <= len(brief.actors) <= 6
        assert 560 <= brief.words <= 960
        assert "\n## " in brief.body and "\n- " in brief.body and "](https://" in brief.body
        assert slugify(brief.slug) == brief.slug  # the file name is the slug Briefing will use


def test_corpus_is_written_three_ways(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, 5)
    assert (tmp_path / "briefing" / "site.yml").is_file()
    assert (tmp_path / "hugo" / "hugo.toml").is_file()
    assert (tmp_path / "hugo" / "layouts" / "term.html").is_file()
    assert (tmp_path / "pelican" / "pelicanconf.py").is_file()
    for brief in corpus.briefs:
        for path in corpus.paths(brief).values():
            assert brief.slug in path.name and path.read_text(encoding="utf-8").count(brief.body.strip()) == 1


def test_briefing_part_of_the_runner_at_n_50(tmp_path: Path) -> None:
    results = run([50], ["briefing", "briefing-nosearch"], tmp_path / "out", edits=2, log=lambda _: None)
    measures = {row.measure for row in results.rows}
    assert {"cold", "no-change", "one-edit", "serve-start", "serve-reload", "serve-page"} <= measures
    assert all(row.note == "" for row in results.rows if row.measure in ("cold", "no-change", "one-edit"))
    cold = results.find("briefing", 50, "cold")
    assert cold is not None and cold.seconds and cold.rss_mb and cold.files and cold.files > 50
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "| briefing | 50 | cold |" in markdown and "Briefing peak memory" in markdown
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert len(data["rows"]) == 12 and data["ratios"]
    plain = results.find("briefing-nosearch", 50, "cold")
    assert plain is not None and plain.files is not None and plain.files < cold.files  # no /pagefind/, no /search/
    assert not (tmp_path / "out" / "corpora" / "50").exists()  # removed unless --keep


def test_three_significant_figures() -> None:
    assert [sig3(x) for x in (0.012345, 1.2345, 12.345, 123.45, 12345.0, None)] == [
        "0.0123",
        "1.23",
        "12.3",
        "123",
        "12300",
        "—",
    ]
