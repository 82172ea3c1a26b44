"""Behaviour of the text-dump extractor (generator/ingest/textdump/) on the sample seed and small dumps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator.ingest.textdump import TextExtraction, body, extract_text
from generator.ingest.textdump.features import MAX_LINES
from generator.ingest.textdump.model import shipped_model
from tests.conftest import REPO

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_82516337e1a085e9.txt"
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


@pytest.fixture(scope="module")
def seed() -> TextExtraction:
    return extract_text(SEED.read_text(encoding="utf-8"))


def _page(*, menu: bool = True, blank_lines: bool = True) -> str:
    """A small news page as a naive scraper renders it: chrome, article, comment thread, footer."""
    article = [
        "City council approves new budget for public libraries",
        "By Jane Doe-Smith",
        "March 3, 2021",
        "The city council on Tuesday approved a budget that more than doubles the money for public "
        "libraries, after a long debate that ran late into the evening.",
        "The plan, which was first proposed by the mayor last autumn, will pay for longer opening hours "
        "and for new branches in two neighbourhoods that have none.",
        "Council members who voted against it said the city could not afford the extra spending while "
        "road repairs are still waiting, and that the plan should have been phased in over several years.",
        "Supporters argued that libraries are among the few public places where residents can spend time "
        "without paying, and that the investment would pay off for the whole community.",
        "The new hours will take effect in June, the library service said in a statement after the vote.",
    ]
    chrome = ["Home", "News", "Sports", "Weather", "Opinion", "Subscribe", "Log in"] if menu else []
    thread = [
        "Share this:",
        "Facebook",
        "Twitter",
        "3 Comments",
        "Bob Miller says:",
        "I think this is a terrible waste of money and the council should be ashamed of what it has done.",
        "Reply",
        "Alice Wong says:",
        "Libraries matter a great deal to families like mine, and I am glad that somebody finally noticed.",
        "Reply",
        "Carl Jensen says:",
        "The roads in my street have been broken for years, so I do not understand the priorities here at all.",
        "Reply",
        "Copyright © 2021 The Daily Planet. All rights reserved.",
    ]
    lines = ["City council approves new budget for public libraries - The Daily Planet", *chrome, *article, *thread]
    return ("\n\n" if blank_lines else "\n").join(lines)


# --- the sample seed ----------------------------------------------------------------------------


def test_seed_body_runs_from_the_lede_to_the_last_paragraph(seed: TextExtraction) -> None:
    assert seed.paragraphs[0].startswith("North Korean leader Kim Jong-un is expected")
    assert seed.paragraphs[-1].endswith("his last trip abroad.")
    assert len(seed.paragraphs) == 16


def test_seed_body_has_no_page_chrome(seed: TextExtraction) -> None:
    body = "\n".join(seed.paragraphs)
    assert not HANGUL.search(body)
    assert "Copyright" not in body
    assert "BY MICHAEL LEE" not in body
    assert "lee.junhyuk@joongang.co.kr" not in body
    assert "Stray Kids" not in body  # a related headline under the article
    assert not any(p.startswith("- ") for p in seed.paragraphs)


def test_seed_metadata(seed: TextExtraction) -> None:
    assert seed.title == "Kim, Putin expected to discuss weapons in Vladivostok"
    assert seed.byline == "Michael Lee"
    assert seed.source == "코리아중앙데일리"  # the page names itself only in Korean
    assert seed.warnings == []


def test_seed_without_blank_lines_or_with_them_gives_the_same_body(seed: TextExtraction) -> None:
    spaced = extract_text("\n\n".join(SEED.read_text(encoding="utf-8").splitlines()))
    assert spaced.paragraphs == seed.paragraphs


# --- small dumps --------------------------------------------------------------------------------


@pytest.mark.parametrize("blank_lines", [True, False])
def test_article_is_kept_and_comment_thread_dropped(blank_lines: bool) -> None:
    got = extract_text(_page(blank_lines=blank_lines))
    body = "\n".join(got.paragraphs)
    assert got.paragraphs[0].startswith("The city council on Tuesday approved a budget")
    assert body.endswith("the library service said in a statement after the vote.")
    for junk in ("terrible waste of money", "families like mine", "says:", "Reply", "Copyright", "Subscribe"):
        assert junk not in body


def test_title_loses_site_suffix_and_byline_is_found() -> None:
    got = extract_text(_page())
    assert got.title == "City council approves new budget for public libraries"
    assert got.byline == "Jane Doe-Smith"
    assert got.source == "The Daily Planet"


def test_hyphen_inside_a_headline_is_not_taken_for_a_site_name() -> None:
    got = extract_text("Minister quits - and nobody in the capital is surprised\nSome text.")
    assert got.title == "Minister quits - and nobody in the capital is surprised"


def test_latin_site_name_from_title_beats_a_copyright_in_another_script() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "Kim, Putin expected to discuss weapons in Vladivostok",
        "Kim, Putin expected to discuss weapons in Vladivostok - Korea JoongAng Daily",
        1,
    )
    got = extract_text(text)
    assert got.title == "Kim, Putin expected to discuss weapons in Vladivostok"
    assert got.source == "Korea JoongAng Daily"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("BY JANE DOE [jane.doe@example.com]", "Jane Doe"),
        ("By Jane Doe and John Roe | March 3, 2021", "Jane Doe and John Roe"),
        ("Posted on March 3, 2021 by janedoe", "janedoe"),
        ("03.03.2021 von Max Mustermann", "Max Mustermann"),
        ("Author: Marie Curie", "Marie Curie"),
    ],
)
def test_byline_forms(line: str, name: str) -> None:
    text = _page().replace("By Jane Doe-Smith", line)
    assert extract_text(text).byline == name


def test_no_byline_when_the_page_names_no_author() -> None:
    assert extract_text(_page().replace("By Jane Doe-Smith\n\n", "")).byline is None


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    text = _page().replace("By Jane Doe-Smith", "By Monday, the council had already voted twice on it.")
    assert extract_text(text).byline is None


# --- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "Just one line",
        "\x00\x01\x02 binary \ufffd\ufffd junk \x7f",
        bytes(range(256)).decode("latin-1") * 50,
        "word " * 50_000,
        "\r\n".join(["Menu"] * 5000),
    ],
)
def test_odd_inputs_do_not_raise(text: str) -> None:
    got = extract_text(text)
    assert isinstance(got.paragraphs, list)
    if not got.paragraphs:
        assert got.warnings


def test_empty_input_has_no_title() -> None:
    got = extract_text("")
    assert got == TextExtraction(None, [], None, None, ["empty text"])


def test_one_line_is_a_title_without_body() -> None:
    got = extract_text("Just one line")
    assert got.title == "Just one line"
    assert got.paragraphs == []
    assert got.warnings == ["no article body found"]


def test_a_megabyte_dump_scores_a_bounded_number_of_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page()
    big = "\n".join([page] * (1_000_000 // len(page) + 1))
    scored: list[int] = []
    model = shipped_model()

    class Counting:
        def first_probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
            scored.append(len(rows))
            return model.first_probs(rows)

        def second_probs(self, rows: Sequence[Sequence[float]]) -> list[float]:
            scored.append(len(rows))
            return model.second_probs(rows)

    monkeypatch.setattr(body, "MODEL", Counting())
    got = extract_text(big)
    assert big.count("\n") > 10 * MAX_LINES
    assert 0 < sum(scored) <= 2 * (MAX_LINES + 1)  # each stage scores at most the kept lines once
    assert got.paragraphs  # and the article is still found in what is kept


_IN_A_CHILD = """
import json, sys
from generator.ingest.textdump import extract_text
ex = extract_text(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps([ex.title, ex.paragraphs, ex.byline, ex.source, ex.warnings], ensure_ascii=False))
"""


@pytest.mark.parametrize("hash_seed", ["1", "4242"])
def test_extraction_is_the_same_in_another_process(hash_seed: str) -> None:
    """Set and dict orders change with PYTHONHASHSEED: the result must not."""
    here = extract_text(SEED.read_text(encoding="utf-8"))
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, "-c", _IN_A_CHILD, str(SEED)], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert json.loads(out) == [here.title, here.paragraphs, here.byline, here.source, here.warnings]


_STOPLIST_IN_A_CHILD = """
import sys
from generator.ingest.textdump.features import analyse, profile
print(len(profile(analyse(sys.argv[1])).stop), sorted(profile(analyse(sys.argv[1])).stop)[:3])
"""


def test_a_tie_between_two_languages_goes_the_same_way_in_every_process() -> None:
    # "de" and "la" are stopwords of many languages: the page's language is a tie between them
    runs = {
        subprocess.run(
            [sys.executable, "-c", _STOPLIST_IN_A_CHILD, "de la de la"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(runs) == 1


def test_a_closing_source_line_is_attribution_not_article() -> None:
    dump = (
        "North Korea puts military on alert\n\n"
        "North Korea's military has been placed on high alert after an exchange of artillery fire "
        "with the South, the country's state news agency said on Friday.\n\n"
        "Both countries have put their militaries on high levels of alert, and talks were proposed "
        "by Pyongyang later in the day.\n\n"
        "Source: Wikinews, https://en.wikinews.org/wiki/Example, 2015-08-21, licence CC BY 2.5\n"
    )
    result = extract_text(dump)
    assert result.paragraphs[-1].startswith("Both countries")
    assert not any(p.startswith("Source:") for p in result.paragraphs)


def test_a_dateline_above_the_lead_is_not_a_paragraph() -> None:
    seed = REPO / "seeds" / "01-wikinews-2015-08-21-north-korea-quasi-state-of-war.txt"
    found = extract_text(seed.read_text(encoding="utf-8"))
    assert "Friday, August 21, 2015" in seed.read_text(encoding="utf-8")
    assert found.paragraphs[0].startswith("According to Yonhap news agency")
