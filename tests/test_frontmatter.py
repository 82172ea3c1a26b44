"""Front matter and YAML: strict, located errors; values read back as written."""

from __future__ import annotations

import pytest

from generator.config.yamlio import YamlError, dump, load
from generator.content.frontmatter import join, split
from generator.errors import FrontMatterError


def test_split_finds_yaml_and_body_with_their_lines() -> None:
    parts = split("\ufeff---\r\ntitle: A\r\n---\r\n\r\nBody\r\n")
    assert (parts.yaml, parts.yaml_line, parts.body.strip(), parts.body_line) == ("title: A", 2, "Body", 4)


def test_missing_or_unclosed_front_matter_fails_loudly() -> None:
    with pytest.raises(FrontMatterError, match="no front matter"):
        split("title: A\n\nBody")
    with pytest.raises(FrontMatterError, match="never closed"):
        split("---\ntitle: A\nBody")


def test_dates_stay_strings_and_only_true_false_are_booleans() -> None:
    doc = load("date: 2023-09-05\nplaces: [NO, yes, on]\ndraft: true\n")
    assert doc.data == {"date": "2023-09-05", "places": ["NO", "yes", "on"], "draft": True}


def test_line_numbers_point_at_keys_and_list_items() -> None:
    doc = load("title: A\nactors:\n  - Kim\n  - Putin\n", first_line=2)
    assert doc.line("title") == 2
    assert doc.line("actors") == 3
    assert doc.line("actors", 1) == 5
    assert doc.line("missing") == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object/apply:os.system [ls]", "could not determine a constructor"),
        ("a: 1\na: 2", "duplicate key 'a'"),
        ("a: [1,\n", "invalid YAML"),
        ("x: &x [1]\ny: [" + ",".join(["*x"] * 60) + "]", "more than 50 aliases"),
        ("[" * 5000 + "]" * 5000, "invalid YAML"),
    ],
)
def test_hostile_yaml_becomes_a_yaml_error(text: str, message: str) -> None:
    with pytest.raises(YamlError, match=message):
        load(text)


@pytest.mark.parametrize(
    ("text", "opened", "noticed"),
    [
        ("title: A\nactors: [Kim, Putin\nplaces: [Moscow]\ntopic: Arms\n", 3, 4),
        ('title: "Kim meets\nPutin\ndate: 2023-09-05\n', 2, 5),
    ],
)
def test_an_unclosed_bracket_or_quote_is_reported_where_it_was_opened(text: str, opened: int, noticed: int) -> None:
    with pytest.raises(YamlError) as raised:
        load(text, first_line=2)
    assert raised.value.line == opened
    assert f"noticed on line {noticed}" in raised.value.message
    assert raised.value.hint == "close the bracket or quote opened on this line"


def test_other_yaml_mistakes_are_reported_where_the_parser_stopped() -> None:
    with pytest.raises(YamlError) as raised:
        load("title: A\nsource: Kim: a profile\n", first_line=2)
    assert raised.value.line == 3


def test_dump_round_trips_through_load() -> None:
    import datetime as dt

    data = {"title": "NO", "date": dt.date(2023, 9, 5), "actors": ["김정은", "Kim: the leader"], "summary": "a'b\"c"}
    again = load(dump(data)).data
    assert again == {**data, "date": "2023-09-05"}


def test_join_is_the_inverse_of_split() -> None:
    text = join("title: A", "Body.")
    parts = split(text)
    assert (parts.yaml, parts.body.strip()) == ("title: A", "Body.")
