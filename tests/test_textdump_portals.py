"""Text dumps shaped like Korean portal and news-site pages and English wire copies: where their
bylines hide, and which of their lines are never a headline (made-up stories, real pages' forms)."""

from __future__ import annotations

import pytest

from generator.ingest.textdump import NO_HEADLINE, extract_text
from generator.ingest.textdump.byline import bare_name, byline_in, is_credit

KO_HEAD = "서울시, 내년부터 심야 자율주행 버스 노선 세 곳으로 늘린다"
KO_BODY = [
    "서울시는 내년 상반기부터 심야 자율주행 버스 노선을 현재 한 곳에서 세 곳으로 늘린다고 12일 밝혔다.",
    "새 노선은 강남과 홍대, 여의도를 잇는 구간으로, 오후 11시부터 새벽 5시까지 30분 간격으로 운행한다.",
    "시 관계자는 시범 운행 기간 사고가 한 건도 없었고 이용객 만족도가 높아 노선 확대를 결정했다고 설명했다.",
]
EN_HEAD = "Typhoon forces hundreds of flights to be cancelled across southern Japan"
EN_BODY = [
    "Hundreds of flights were cancelled across southern Japan on Sunday as a powerful typhoon approached the "
    "island of Kyushu, bringing heavy rain and winds strong enough to overturn cars, officials said.",
    "The weather agency urged more than a million residents to move to shelters and warned of landslides and "
    "flooding in low-lying areas along the coast.",
    "Rail operators suspended bullet train services between Hiroshima and Fukuoka until at least Monday morning.",
]


def ko(*lines: str) -> str:
    return "\n".join(lines)


# --- Korean bylines -----------------------------------------------------------------------------


def test_a_dateline_byline_opens_a_long_lead_without_a_space_before_the_equals_sign() -> None:
    lead = "[서울=뉴스핌] 김하늘 기자=" + " ".join(KO_BODY) + " 시는 운행 결과를 보고 노선을 더 늘릴 계획이다."
    assert len(lead) > 200
    got = extract_text(ko("전체기사", "속보", KO_HEAD, "기사입력 : 2024년03월16일 16:50", lead, KO_BODY[2]))
    assert got.byline == "김하늘"
    assert got.title == KO_HEAD
    assert any(p.startswith("서울시는 내년 상반기부터") for p in got.paragraphs)
    assert not any("뉴스핌" in p for p in got.paragraphs)


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("[아시아경제 박지환 기자] ", "박지환"),
        ("[더팩트 | 정병근 기자] ", "정병근"),
        ("[뉴스토마토 박수연기자] ", "박수연"),
    ],
)
def test_the_outlet_and_reporter_in_brackets_open_the_lead(prefix: str, name: str) -> None:
    got = extract_text(ko(prefix + KO_BODY[0], *KO_BODY[1:]))
    assert got.byline == name
    assert got.paragraphs[0] == KO_BODY[0]
    assert NO_HEADLINE in got.warnings  # a lead is no headline, even one that opens with a byline


def test_a_byline_with_an_address_closes_a_one_paragraph_article() -> None:
    article = " ".join(KO_BODY) + " 손민수 기자 minsu@example.co.kr"
    got = extract_text(ko(KO_HEAD, article))
    assert got.byline == "손민수"
    assert got.title == KO_HEAD
    assert got.paragraphs[-1].endswith("설명했다.")  # the byline and the address leave the paragraph


def test_a_broadcast_reporter_introduced_by_the_anchor_is_the_byline() -> None:
    got = extract_text(
        ko(
            KO_HEAD,
            "입력 2024.10.19 (23:07) | 수정 2024.10.19 (23:50)",
            "<앵커 멘트>",
            "서울시가 심야 자율주행 버스를 늘립니다.",
            "강지훈 기자가 보도합니다.",
            "<리포트>",
            *KO_BODY,
        )
    )
    assert got.byline == "강지훈"
    assert "강지훈 기자가 보도합니다." not in got.paragraphs


def test_a_name_beside_the_reporters_address_under_the_article_is_the_byline() -> None:
    got = extract_text(ko(KO_HEAD, *KO_BODY, "YTN 조민지 (minji@example.co.kr)", "[전화] 02-398-8585"))
    assert got.byline == "조민지"


@pytest.mark.parametrize("line", ["문의 (help@example.co.kr)", "기사제보 news@example.co.kr"])
def test_a_contact_address_is_no_byline(line: str) -> None:
    assert byline_in(line) is None


# --- English bylines ----------------------------------------------------------------------------


def test_an_agency_glued_to_the_reporters_name_is_cut_off() -> None:
    assert bare_name("Jack KimReuters") == "Jack Kim"
    got = extract_text("\n\n".join([EN_HEAD, "Jack KimReuters", *EN_BODY]))
    assert got.byline == "Jack Kim"


def test_a_caption_that_opens_with_a_name_is_no_byline() -> None:
    caption = "Michael Johnson, at a news conference in Tokyo on Friday [Image: Jane Roe]"
    assert bare_name(caption) is None
    got = extract_text("\n\n".join([EN_HEAD, caption, *EN_BODY]))
    assert got.byline is None


# --- lines that are never the headline ----------------------------------------------------------


def test_a_portals_summary_notice_is_not_the_title() -> None:
    got = extract_text(
        ko(
            KO_HEAD,
            "한겨레 2024. 6. 12. 16:40",
            "자동요약 기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다.",
            "전체 맥락을 이해하기 위해서는 본문 보기를 권장합니다.",
            *KO_BODY,
        )
    )
    assert got.title == KO_HEAD


def test_a_caption_with_its_credit_is_not_the_title() -> None:
    caption = "A passenger waits at Fukuoka airport on Sunday. Photo: AFP"
    assert is_credit(caption)
    got = extract_text("\n\n".join([caption, "Asia", EN_HEAD, *EN_BODY]))
    assert got.title == EN_HEAD


@pytest.mark.parametrize("credit", ["↑ 사진=서울시 제공 |", "Hundreds queue at the airport on Sunday. (EPA PHOTO)"])
def test_credits_with_pointers_or_in_capitals_are_credits(credit: str) -> None:
    assert is_credit(credit)


@pytest.mark.parametrize(
    "line",
    ["Associated Press", "Tuesday 10 December 2019", "김준배기자 junbae@example.co.kr", "▷ 카카오톡 : '제보' 검색"],
)
def test_a_page_without_a_headline_does_not_take_an_agency_a_byline_or_a_list_item_for_one(line: str) -> None:
    got = extract_text("\n\n".join([line, *EN_BODY]) if line.isascii() else ko(line, *KO_BODY))
    assert NO_HEADLINE in got.warnings
    assert got.title != line


def test_a_wire_staff_line_names_the_reporters_and_leaves_the_body() -> None:
    staff = "Reporting by Hyonhee Shin and Christine Kim; editing by Richard Pullin"
    page = "\n".join(["Home", "World", "Business", EN_HEAD, *EN_BODY, staff, "Our Standards: The Thomson Trust"])
    x = extract_text(page)
    assert x.byline == "Hyonhee Shin and Christine Kim"
    assert staff not in x.paragraphs


def test_additional_reporting_alone_names_no_author() -> None:
    page = "\n".join([EN_HEAD, *EN_BODY, "Additional reporting by Jane Doe in Tokyo; Editing by John Roe"])
    assert extract_text(page).byline is None
