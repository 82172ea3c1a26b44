"""Slugs: ASCII, stable, readable; Korean romanized; variants equal; long names distinct."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.slugs import is_safe_segment, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kim Jong-un", "kim-jong-un"),
        ("KIM JONG UN", "kim-jong-un"),
        ("Kim Jong Un", "kim-jong-un"),
        ("김정은", "gimjeongeun"),
        ("평양", "pyeongyang"),
        ("U.S.", "us"),
        ("O’Brien", "obrien"),
        ("Путин", "putin"),
        ("Ñandú", "nandu"),
        ("CON", "con-1"),
        ("..", ""),
        ("", ""),
    ],
)
def test_slugs(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_long_names_are_cut_but_stay_distinct() -> None:
    a, b = slugify("word " * 600 + "a"), slugify("word " * 600 + "b")
    assert a != b
    assert len(a) <= 80 and is_safe_segment(a)


@given(st.text(max_size=300))
def test_any_text_gives_a_safe_segment_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_safe_segment(slug)
