"""Slugs: ASCII, stable, readable; Korean romanized; variants equal; long names distinct."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.hangul import hanja_to_hangul, romanize_name
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


# The examples of the Revised Romanization of Korean (문화체육관광부 고시 제2014-42호, chapters 2
# and 3), as the National Institute of Korean Language gives them; slugs are lower case and use no
# hyphen inside a word (중앙 is jung-ang there, jungang here).
OFFICIAL_EXAMPLES = {
    # consonant assimilation, ㄴ/ㄹ added, palatalization, ㄱ/ㄷ/ㅂ/ㅈ with ㅎ
    "백마": "baengma",
    "신문로": "sinmunno",
    "종로": "jongno",
    "왕십리": "wangsimni",
    "별내": "byeollae",
    "신라": "silla",
    "학여울": "hangnyeoul",
    "알약": "allyak",
    "해돋이": "haedoji",
    "같이": "gachi",
    "굳히다": "guchida",
    "좋고": "joko",
    "놓다": "nota",
    "잡혀": "japyeo",
    "낳지": "nachi",
    # nouns keep the ㅎ after ㄱ, ㄷ, ㅂ
    "묵호": "mukho",
    "집현전": "jiphyeonjeon",
    # tensing is not written
    "압구정": "apgujeong",
    "낙동강": "nakdonggang",
    "죽변": "jukbyeon",
    "낙성대": "nakseongdae",
    "합정": "hapjeong",
    "팔당": "paldang",
    "샛별": "saetbyeol",
    "울산": "ulsan",
    # final consonants and ㄹ
    "구미": "gumi",
    "영동": "yeongdong",
    "백암": "baegam",
    "옥천": "okcheon",
    "합덕": "hapdeok",
    "호법": "hobeop",
    "월곶": "wolgot",
    "벚꽃": "beotkkot",
    "한밭": "hanbat",
    "구리": "guri",
    "설악": "seorak",
    "칠곡": "chilgok",
    "임실": "imsil",
    "울릉": "ulleung",
    "대관령": "daegwallyeong",
    "중앙": "jungang",
}


@pytest.mark.parametrize(("word", "slug"), sorted(OFFICIAL_EXAMPLES.items()))
def test_korean_is_romanized_as_the_official_examples_are(word: str, slug: str) -> None:
    assert slugify(word) == slug


def test_a_korean_headline_spells_its_sound_changes() -> None:
    assert slugify("대통령") == "daetongnyeong"
    assert slugify("김정은 국무위원장 방러") == "gimjeongeun-gungmuwiwonjang-bangneo"
    assert slugify("북한") == "bukhan"


def test_hanja_in_a_korean_headline_are_read_the_korean_way() -> None:
    assert slugify("北 미사일 발사") == "buk-misail-balsa"
    assert slugify("美 국무부") == "mi-gungmubu"
    assert hanja_to_hangul("北韓") == "북한"
    assert hanja_to_hangul("李明博") == "이명박"  # 리 at the start of a word is 이


def test_hanja_without_hangul_keep_their_old_slugs() -> None:
    # A Chinese or Japanese name is not Korean text: its slug does not change.
    assert slugify("习近平") == "xi-jin-ping"
    assert slugify("東京") == "dong-jing"


@pytest.mark.parametrize(
    ("name", "romanized"),
    [("민용하", "Min Yongha"), ("송나리", "Song Nari"), ("한복남", "Han Boknam"), ("홍빛나", "Hong Bitna")],
)
def test_a_korean_personal_name_is_written_without_sound_changes_in_the_given_name(name: str, romanized: str) -> None:
    assert romanize_name(name) == romanized


def test_long_names_are_cut_but_stay_distinct() -> None:
    a, b = slugify("word " * 600 + "a"), slugify("word " * 600 + "b")
    assert a != b
    assert len(a) <= 80 and is_safe_segment(a)


@given(st.text(max_size=300))
def test_any_text_gives_a_safe_segment_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_safe_segment(slug)
