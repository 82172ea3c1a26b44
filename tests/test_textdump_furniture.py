"""Page furniture that is never a headline nor body text, and the evidence a page gives of its headline:
short made-up dumps of the shapes real Korean and English news pages have."""

from __future__ import annotations

import pytest

from generator.ingest.textdump import extract_text
from generator.ingest.textdump.byline import byline_in
from generator.ingest.textdump.headline import never_headline

LEAD = (
    "서울시는 16일 시내 전역의 버스 노선을 다음 달부터 개편한다고 밝혔다. 시는 출퇴근 시간대 혼잡을 줄이기 위해 "
    "간선 노선 12개를 줄이고 지선 노선 20개를 새로 만든다고 설명했다."
)
SECOND = (
    "시 관계자는 이번 개편으로 평균 대기 시간이 3분가량 줄어들 것으로 예상한다며 시민 의견을 더 듣고 세부 "
    "운행 계획을 다듬겠다고 말했다."
)
THIRD = (
    "시는 개편안에 대한 온라인 설명회를 이달 말까지 열고, 노선이 바뀌는 정류장에는 안내문을 붙여 시민들이 "
    "미리 확인할 수 있도록 할 계획이다."
)
HEADLINE = "서울 버스 노선 다음 달 전면 개편…간선 줄이고 지선 늘린다"


@pytest.mark.parametrize(
    "line",
    [
        "입력 2021-08-31 14:27",  # a date stamp with its cue words
        "기사입력 : 2024년03월16일 16:50",
        "입력 2024.03.16 16:50 | 수정 2024.03.16 17:00",
        "서비스 메뉴 바로가기 본문 바로가기 아티클 바로가기",  # skip links
        "본문 바로가기",
        "Skip to main content",
        "![[사설] 오늘의 사설 [사설] 오늘의 사설](http://img.example.kr/a.jpg)",  # an image
        "로고 배경이미지",
        "Copyright ⓒ 서울신문 All rights reserved. 무단 전재-재배포 금지",  # a copyright notice
        "제목 새해 이렇게 바뀝니다 게시일 2023.12.27 20:31 조회수 1215",  # a board's header
        "트위터페이스북구글플러스",  # share and reaction buttons run together
        "Facebook Twitter Email",
        "후속취재요청",
        "[앵커]",  # a speaker's label alone
        "항상 시민과 함께하겠습니다. 한겨레 구독신청 하기",  # a call to subscribe
        "Home All news Contact us English",  # a menu bar
        "donga - 25 days ago",  # when, not what
        "매일신문",  # a paper's name alone
        "철원군에는 지난달 31일부터 이날 오후까지 670㎜의 폭우가 쏟아졌다. 연합뉴스",  # a caption and its credit
    ],
)
def test_furniture_is_never_a_headline(line: str) -> None:
    assert never_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        HEADLINE,
        "극한 대치 멈춘 여야",
        "[알림] 새해 이렇게 바뀝니다",
        "8월 23일 (금) 뉴스룸 다시보기",
        "삼성, 새 로고 공개",
        "유튜브 조회수 1억 돌파한 국악 공연",
        "North Korea has accepted list of South Korea reporters to visit nuclear test site: official",
        "Home sales fall for a third month as rates bite",
        "Quake shocks Middle East",
    ],
)
def test_headlines_are_not_taken_for_furniture(line: str) -> None:
    assert not never_headline(line)


def test_the_headline_above_its_date_stamp_wins_over_teasers_buttons_and_skip_links() -> None:
    dump = "\n".join(
        [
            "본문 바로가기",
            "뉴스",
            "[특파원 리포트] 인도판 걸그룹 등장…인도, K-POP 열기 언제까지",
            "인도판 걸그룹 등장…인도, K-POP 열기 언제까지",
            '"입상한 팀들은 좀 더 노력하면 인도에서 한국 아이돌의 춤을 가르치는 강사가...',
            "[취재후] 생선에 수은 있다는데…안전하게 먹으려면",
            "생선에 수은 있다는데…안전하게 먹으려면",
            "최신뉴스 정지 최신뉴스 재생 최신뉴스 이전기사 최신뉴스 다음기사",
            "뉴스 검색",
            HEADLINE,
            "입력 2024.03.16 (16:50) | 수정 2024.03.16 (17:20) 뉴스라인",
            "작게",
            "크게",
            "공감",
            "좋아요",
            "후속취재요청",
            "[앵커]",
            LEAD,
            SECOND,
            THIRD,
        ]
    )
    got = extract_text(dump)
    assert got.title == HEADLINE
    assert all("뉴스라인" not in p for p in got.paragraphs)


def test_a_stamp_line_under_the_headline_is_not_a_paragraph() -> None:
    dump = "\n\n".join([HEADLINE, "기사입력 : 2024년03월16일 16:50", LEAD, SECOND, THIRD])
    got = extract_text(dump)
    assert got.title == HEADLINE
    assert got.paragraphs[0].startswith("서울시는 16일")
    assert all("기사입력" not in p for p in got.paragraphs)


def test_the_headline_the_first_line_holds_wins_over_subheads_above_it() -> None:
    # a notice board: its header holds the title; teaser subheads stand between it and the headline
    dump = "\n\n".join(
        [
            "제목 버스 노선 이렇게 바뀝니다 게시일 2024.03.16 16:50 조회수 1215",
            "더 빠른 출퇴근",
            "더 넓은 노선, 더 짧은 대기",
            "간선 12개 축소·지선 20개 신설",
            "[알림] 버스 노선 이렇게 바뀝니다",
            LEAD,
            SECOND,
            THIRD,
        ]
    )
    assert extract_text(dump).title == "[알림] 버스 노선 이렇게 바뀝니다"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("최종학 선임기자 choijh@example.co.kr", "최종학"),  # the role is no name
        ("… 교환하고 있다. 김철수 사진기자 kim@example.co.kr", "김철수"),
        ("춘추관 출입기자 격려방문", None),
        ("현장 기자 간담회 열려", None),
    ],
)
def test_a_reporters_role_before_기자_is_not_taken_for_a_name(line: str, name: str | None) -> None:
    assert byline_in(line) == name
