"""site.yml: declared defaults, every error at once with its line, unknown keys rejected with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import docs
from generator.config.site import load_config
from generator.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_empty_site_yml_gives_every_default(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.title == "Briefing"
    assert config.pagination == 10
    assert [t.name for t in config.taxonomies] == ["actors", "places", "organizations", "topics"]
    assert next(t for t in config.taxonomies if t.name == "topics").key == "topic"
    assert config.markdown.html is False
    assert config.output == (tmp_path / "public").resolve()


def test_base_url_may_carry_a_path_and_gains_a_trailing_slash(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "base_url: https://user.github.io/repo\n"))
    assert config.base_url == "https://user.github.io/repo/"
    assert config.with_overrides(base_url="https://example.org").base_url == "https://example.org/"


def test_every_error_is_reported_at_once_with_file_line_and_key(tmp_path: Path) -> None:
    text = "title: [a list]\npagination: 0\ntaxonomies:\n  actors: {key: actors, feed: true}\n  page: {}\nthem: x\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    lines = [p.format() for p in caught.value.problems]
    assert lines == [
        "site.yml:1: error: title: expected a string, got a list",
        "site.yml:2: error: pagination: must be between 1 and 1000",
        "site.yml:4: error: taxonomies.actors.feed: unknown key (hint: did you mean 'feeds'?)",
        "site.yml:6: error: them: unknown key (hint: did you mean 'theme'?)",
        "site.yml:5: error: taxonomies.page: 'page' is a path the site uses itself (hint: rename it)",
    ]


def test_two_taxonomies_cannot_share_a_front_matter_key(tmp_path: Path) -> None:
    text = "taxonomies:\n  people: {key: actors}\n  actors: {key: actors}\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert "front-matter key 'actors' is already used by taxonomy 'people'" in caught.value.format()


def test_a_taxonomy_key_cannot_shadow_a_built_in_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"site\.yml: 1 error") as caught:
        load_config(write(tmp_path, "taxonomies:\n  sources: {key: source}\n"))
    assert "'source' is a built-in front-matter key" in caught.value.format()


def test_permalink_needs_slash_and_slug(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "permalink: /{year}/{title}\n"))
    assert "site.yml:1: error: permalink:" in caught.value.format()


def test_topic_rules_take_weighted_keywords_or_a_plain_list(tmp_path: Path) -> None:
    text = (
        "topics:\n  arms:\n    title: Arms\n    keywords: {artillery: 3, shells: 2}\n"
        "  talks:\n    title: Talks\n    keywords: [summit]\n"
    )
    config = load_config(write(tmp_path, text))
    assert [(t.slug, t.title, dict(t.keywords)) for t in config.topics] == [
        ("arms", "Arms", {"artillery": 3.0, "shells": 2.0}),
        ("talks", "Talks", {"summit": 1.0}),
    ]


def test_a_missing_site_yml_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "site.yml")
    assert "briefing init" in caught.value.format()


def test_the_readme_key_tables_are_the_declarations_themselves() -> None:
    """site.yml, taxonomy, topic, markdown, front-matter and registry keys: `make docs` writes these tables."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    written = docs.blocks(readme)
    assert sorted(written) == sorted(docs.TABLES)
    for name, make in docs.TABLES.items():
        assert written[name] == make(), f"README's '{name}' key table is out of date: run make docs"


def test_a_taxonomy_says_what_it_holds_or_takes_it_from_its_name(tmp_path: Path) -> None:
    text = "taxonomies:\n  people: {kind: people}\n  regions: {kind: places}\n  topics: {}\n  tags: {}\n"
    config = load_config(write(tmp_path, text))
    assert [(t.name, t.kind) for t in config.taxonomies] == [
        ("people", "people"),
        ("regions", "places"),
        ("topics", "topics"),
        ("tags", "tags"),
    ]
    assert config.taxonomy("people") is config.taxonomies[0]
    assert config.taxonomy("organizations") is None


def test_two_taxonomies_cannot_hold_the_same_kind(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "taxonomies:\n  actors: {}\n  people: {kind: people}\n"))
    assert caught.value.problems[0].format() == (
        "site.yml:3: error: taxonomies.people.kind: taxonomy 'actors' already holds the people "
        "(hint: give one of them kind: tags)"
    )
