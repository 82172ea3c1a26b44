"""Behaviour of the text-dump extractor on small real-shaped dumps: headlines, bylines, credits, odd articles."""

from __future__ import annotations

import pytest

from generator.ingest.textdump import NO_HEADLINE, extract_text
from generator.ingest.textdump.body import analyse, decode_body
from generator.ingest.textdump.model import Tree

HEADLINE = "Seoul and Tokyo agree to restart talks on export controls"
PARAGRAPHS = [
    "South Korea and Japan agreed on Thursday to resume talks on export controls that have been frozen for "
    "three years, officials in both capitals said after a meeting of trade ministers.",
    "The two governments have been at odds since 2019, when Tokyo tightened checks on chemicals that Korean "
    "chipmakers rely on, and Seoul answered with a complaint to the World Trade Organization.",
    "Trade Minister Lee Chang-yang said the first round would take place in Seoul next month and that both "
    "sides hoped to settle the matter before the end of the year.",
    "Business groups in both countries welcomed the decision, saying the dispute had hurt companies that "
    "depend on each other's parts and materials.",
]
# Menu, section and promo lines that real dumps open with (these became titles before).
MENU = ["• 페이스북", "• 트위터", "World", "Most Popular", "CHEAT SHEET", "Support The Moscow Times!", "Politics"]
FOOTER = [
    "Most Popular",
    "Floods close schools across the north",
    "Central bank holds rates for a third month",
    "Copyright © 2024 The Example Times. All rights reserved.",
]


def page(*middle: str, head: str | None = HEADLINE, paragraphs: list[str] = PARAGRAPHS) -> str:
    """A news page without a <title> line: menu, headline, what the test puts under it, article, footer."""
    lines = [*MENU, *([head] if head else []), *middle, *paragraphs, *FOOTER]
    return "\n\n".join(lines)


# --- headlines ----------------------------------------------------------------------------------


def test_a_menu_line_is_never_the_title() -> None:
    got = extract_text(page())
    assert got.title == HEADLINE
    assert got.paragraphs[0] == PARAGRAPHS[0]
    assert got.warnings == []


def test_the_page_title_line_names_the_headline_and_the_site() -> None:
    got = extract_text(f"{HEADLINE} | The Example Times\n\n" + page())
    assert got.title == HEADLINE
    assert got.source == "The Example Times"


def test_a_korean_headline_above_the_byline_is_the_title() -> None:
    dump = "\n".join(
        [
            "뉴스",
            "• 페이스북",
            "• 트위터",
            "많이 본 뉴스",
            "윤 대통령, 국무회의서 민생 법안 처리 당부",
            "류재민 기자 2023. 9. 13. 13:59",
            "윤석열 대통령은 13일 용산 대통령실에서 국무회의를 주재하고 국회에 계류 중인 민생 법안의 처리를 당부했다.",
            '윤 대통령은 이날 모두발언에서 "국민의 삶을 지키는 법안들이 국회에서 잠자고 있다"며 협조를 요청했다.',
            "대통령실 관계자는 기자들과 만나 이번 주 안에 여당 지도부와의 회동도 검토하고 있다고 밝혔다.",
            "ⓒ 뉴시스. 무단전재 및 재배포 금지.",
        ]
    )
    got = extract_text(dump)
    assert got.title == "윤 대통령, 국무회의서 민생 법안 처리 당부"
    assert got.byline == "류재민"
    assert len(got.paragraphs) == 3
    assert not any("기자 2023" in p for p in got.paragraphs)


def test_a_text_without_a_headline_keeps_its_lead_and_warns() -> None:
    got = extract_text("\n\n".join(PARAGRAPHS))
    assert got.paragraphs == PARAGRAPHS  # the lead stays in the body
    assert got.title is not None and PARAGRAPHS[0].startswith(got.title.rstrip("…"))
    assert NO_HEADLINE in got.warnings


# --- bylines and credits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Published 3 hours ago | Updated 1 hour ago By Jane Doe", "Jane Doe"),
        ("Jane Doe, Staff Reporter", "Jane Doe"),
        ("AsiaToday reporter Hong Sun-mi", "Hong Sun-mi"),
        ("Posted in Politics by Na-Ri Shin journari@donga.com", "Na-Ri Shin"),
        ("류재민 기자 2023. 9. 13. 13:59", "류재민"),
        ("머니투데이 박가영 기자 | 2024.01.24 06:45", "박가영"),
        ("BY JANE DOE [jane.doe@example.com]", "Jane Doe"),
    ],
)
def test_byline_forms_are_found_and_leave_the_body(line: str, name: str) -> None:
    got = extract_text(page(line))
    assert got.byline == name
    body = "\n".join(got.paragraphs)
    assert line not in body
    assert "@" not in body
    assert got.paragraphs[0] == PARAGRAPHS[0]


def test_a_dateline_byline_opening_the_lead_is_cut_from_it() -> None:
    lead = "[서울=뉴시스] 박준호 기자 = 윤석열 대통령은 13일 국무회의를 주재하고 민생 법안의 조속한 처리를 당부했다."
    rest = [
        "윤 대통령은 이날 모두발언에서 국회에 계류 중인 법안들을 하나하나 거론하며 여야의 협조를 요청했다.",
        "대통령실 관계자는 이번 주 안에 여당 지도부와의 회동도 검토하고 있다고 밝혔다.",
    ]
    got = extract_text("\n".join(["윤 대통령, 민생 법안 처리 당부", lead, *rest]))
    assert got.byline == "박준호"
    assert got.paragraphs[0].startswith("윤석열 대통령은 13일")


def test_a_sentence_with_by_in_the_middle_is_not_a_byline() -> None:
    sentence = "The plan was drawn up by Finance Minister Choi Sang-mok and approved by the cabinet on Tuesday."
    got = extract_text(page(paragraphs=[*PARAGRAPHS[:2], sentence, *PARAGRAPHS[2:]]))
    assert got.byline is None
    assert sentence in got.paragraphs


@pytest.mark.parametrize(
    "credit",
    [
        "Saul Loeb / AFP",
        "Photo: Reuters",
        "Trade ministers shake hands before their meeting in Seoul on Thursday. (Yonhap)",
        "ⓒ 연합뉴스",
        "사진=뉴시스",
    ],
)
def test_photo_credits_and_captions_are_not_body_text(credit: str) -> None:
    got = extract_text(page(paragraphs=[PARAGRAPHS[0], credit, *PARAGRAPHS[1:]]))
    assert credit not in got.paragraphs
    assert got.paragraphs == PARAGRAPHS


# --- articles that are not plain prose ----------------------------------------------------------

STANDINGS = [
    "The league table after the weekend's games:",
    "1. Ulsan Hyundai 64 points",
    "2. Pohang Steelers 58 points",
    "3. Gwangju FC 55 points",
    "4. Jeonbuk Hyundai 53 points",
    "5. Daegu FC 50 points",
]


def test_a_table_inside_the_article_is_kept() -> None:
    got = extract_text(page(paragraphs=[*PARAGRAPHS[:2], *STANDINGS, *PARAGRAPHS[2:]]))
    for row in STANDINGS[1:]:
        assert row in got.paragraphs
    assert got.paragraphs[-1] == PARAGRAPHS[-1]


def test_a_comment_thread_longer_than_the_article_is_not_taken() -> None:
    thread = ["24 Comments"]
    for n in range(8):
        thread += [
            f"reader{n} says:",
            "I have followed this dispute for years and I honestly do not believe that the talks will lead "
            "anywhere at all, because neither government wants to be seen giving in to the other one first.",
            "Reply",
        ]
    got = extract_text(page(paragraphs=[*PARAGRAPHS, *thread]))
    assert got.paragraphs == PARAGRAPHS


def test_decoding_joins_an_article_across_a_box_of_teasers_and_keeps_the_table_rows_it_encloses() -> None:
    teasers = [f"Teaser headline number {n} about another story" for n in range(6)]
    rows = ["1. Ulsan Hyundai 64 points", "2. Pohang Steelers 58 points"]
    texts = [*PARAGRAPHS[:2], *teasers, PARAGRAPHS[2], *rows, PARAGRAPHS[3]]
    lines = analyse("\n\n".join(["Menu", *texts, "Copyright © 2024 The Example Times. All rights reserved."]))
    probs = [0.0, 0.9, 0.9, *[0.1] * len(teasers), 0.9, 0.3, 0.3, 0.9, 0.0]
    for ln, p in zip(lines, probs, strict=True):
        ln.prob = p
    kept = [ln.text for ln in decode_body(lines)]
    assert kept == [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2], *rows, PARAGRAPHS[3]]


TEASERS = [
    "Floods close schools across the north as rivers burst their banks after a week of heavy rain in the hills.",
    "Central bank holds rates for a third month, saying that prices are still rising faster than it would like.",
    "Star striker signs a new four-year contract with the champions after weeks of talk about a move abroad.",
    "Weekend guide: five new restaurants worth the queue, from a noodle bar to a bakery that opens at dawn.",
]


def _decoded(texts: list[str], probs: list[float]) -> list[str]:
    lines = analyse("\n\n".join(texts))
    for ln, p in zip(lines, probs, strict=True):
        ln.prob = p
    return [ln.text for ln in decode_body(lines)]


def test_a_box_of_teasers_above_the_headline_is_not_the_articles_lead() -> None:
    # the teasers score as well as the article (they are prose), and there is more of them
    texts = [HEADLINE, "Menu", *TEASERS, HEADLINE, *PARAGRAPHS[:2], "Copyright © 2024 The Example Times."]
    probs = [0.3, 0.0, *[0.9] * len(TEASERS), 0.3, 0.9, 0.9, 0.0]
    assert _decoded(texts, probs) == PARAGRAPHS[:2]


def test_the_articles_own_lines_above_a_repeat_of_the_headline_are_kept() -> None:
    # a lead about the headline's story, then the headline again (a share box), then the rest
    texts = [HEADLINE, "Menu", *PARAGRAPHS[:2], HEADLINE, *PARAGRAPHS[2:], "Copyright © 2024 The Example Times."]
    probs = [0.3, 0.0, 0.9, 0.9, 0.1, 0.9, 0.9, 0.0]
    assert _decoded(texts, probs) == PARAGRAPHS


def test_one_paragraph_between_a_kicker_a_caption_and_the_headline_is_the_body() -> None:
    lead = PARAGRAPHS[0] + " " + PARAGRAPHS[1]
    dump = "\n\n".join(["EXCLUSIVE", HEADLINE, "Trade ministers meet in Seoul. Saul Loeb / AFP", lead, "Share"])
    got = extract_text(dump)
    assert got.paragraphs == [lead]
    assert got.title == HEADLINE


# --- the model file -----------------------------------------------------------------------------


def test_a_tree_goes_left_on_equal_values_and_reads_leaves_from_negative_children() -> None:
    # x[0] <= 0.5 → leaf 0 (-1.0); else x[1] <= 2.0 → leaf 1 (0.25), else leaf 2 (3.0)
    tree = Tree(feature=(0, 1), threshold=(0.5, 2.0), left=(~0, ~1), right=(1, ~2), leaf=(-1.0, 0.25, 3.0))
    assert tree.value([0.5, 9.0]) == -1.0
    assert tree.value([0.6, 2.0]) == 0.25
    assert tree.value([0.6, 2.1]) == 3.0
    assert Tree((), (), (), (), (0.7,)).value([1.0]) == 0.7
