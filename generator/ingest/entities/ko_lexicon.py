"""Ingest stage, entity finding: closed word lists of Korean news prose (surnames, role nouns, particles).

Like lexicon.py these are grammar words, not gazetteers: places come from the gazetteer
index (CLDR, pycountry and GeoNames names in Korean), people from the text's own cues.
"""

from __future__ import annotations

import functools
import re

from generator.hangul import initial_rule, readings


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# One-syllable surnames of South Korea's census (Statistics Korea, 2015), those held by some
# ten thousand people or more, and the North's spellings of the same names (리 for 이, 림 for
# 임, 로 for 노…). The rarest are left out on purpose: their syllables (사, 시, 부, 가…) begin
# too many ordinary words for a surname to be evidence of a name.
SURNAMES: frozenset[str] = _words(
    """
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍 유 고 문 양 손 배 백 허 남
    심 노 하 곽 성 차 주 우 구 민 류 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석
    선 설 마 길 연 위 표 명 기 반 라 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉
    리 림 로 량 렴 룡 려 륙
    """
)
# The same without the North's spellings: a name with no cue at all must look like a South one.
SOUTH_SURNAMES: frozenset[str] = SURNAMES - _words("리 림 로 량 렴 룡 려 륙")
# Two-syllable surnames.
DOUBLE_SURNAMES: frozenset[str] = _words("남궁 황보 제갈 선우 독고 사공 서문 동방")

# Role nouns that follow a name and make it a person ("김정은 국무위원장", "푸틴 대통령",
# "최선희 외무상"). A compound ending in one counts too ("외무장관" ends in 장관).
ROLE_AFTER: frozenset[str] = _words(
    """
    대통령 부통령 총리 수상 장관 차관 외무상 국방상 외상 무력상 위원장 총비서 비서 제1비서
    부부장 부장 단장 의장 의원 대사 특사 대변인 대표 총재 주석 총통 국왕 여왕 왕세자
    황제 교황 추기경 시장 지사 군수 청장 처장 실장 국장 원장 총장 사령관 참모총장 참모장 장군
    대장 중장 소장 준장 대령 중령 소령 대위 중위 소위 보좌관
    비서관 고문 판사 검사 변호사 후보 후보자 차관보 보고관 조정관 분석가 담당관
    특별대표 공보관 행정부 당선인 당선자 정치국원 상무위원 당서기 서기장 회장 부회장
    사장 부사장 이사장 전무 상무 팀장 센터장 교수 박사 연구원 연구위원 위원 선수 감독
    코치 배우 가수 작가 시인 화가 앵커 아나운서 목사 신부 스님 여사 씨 옹 총장
    선생 선생님 주교 대주교 수녀 장로 전도사 재판관 대법관 검사장 지검장 평론가 해설위원
    캐스터 프로듀서 셰프 총경 경무관 경정 경감 경위 경사 순경 원사 중사 하사 병장 상병 일병
    본부장 지부장 학장 교장 교감 관장 조합장 도지사 시의원 도의원 군의원
    당대표 대표이사 상임이사 지회장 할머니 할아버지 열사
    """
)
# Roles of a company, a team, a party or another body as much as of a person: the word right
# before one is as often the body's name ("구글 대표", "롯데 감독", "넥슨 대변인") as a name.
BODY_ROLES: frozenset[str] = _words(
    """
    대표 회장 부회장 사장 부사장 이사장 전무 상무 팀장 센터장 대변인 원장 총장 감독 코치 위원장
    의장 단장 실장 국장 본부장 지부장 관장 조합장 대표이사 상임이사 지회장 고문 연구원 연구위원
    위원 선수 투수 타자 주장 공보관 총재
    """
)
# Prefixes that make a role a higher or lower one, written as one word with it: 부지사 (deputy
# governor), 총참모장, 주지사 (state governor), 사무총장, 부차관보.
ROLE_PREFIXES: frozenset[str] = _words("부 총 주 사무 수석 제1 원내 명예 대리 부총")

# Titles of address that follow any name, a given name alone included ("광희 씨").
PLAIN_TITLES: frozenset[str] = _words("씨 여사 옹")
# Roles that mark who wrote the page: a name before one is a credit, never an actor.
BYLINE_ROLES: frozenset[str] = _words("기자 특파원 통신원")
# Who presents a broadcast: a name before one that labels a speaker's turn ("김경호 앵커>",
# "[김종석 앵커]") or ends a line ("진행 : 김대근 앵커") is the programme's, not an actor.
PRESENTER_ROLES: frozenset[str] = _words("앵커 아나운서 캐스터 기상캐스터 진행자")
# What a credit line names before ":" or "=" ("영상편집:하동우", "<제작: 문관현·손수지>", "사진=…",
# "진행 : 김대근 앵커"): the names after it made the page. A guest ("출연") is not one.
CREDIT_LABELS: frozenset[str] = _words("사진 영상 촬영 편집 취재 그래픽 제작 구성 연출 진행 글 자막 디자인 일러스트")
# Roles that may also stand right before the name ("배우 이아현 씨", "외무장관 세르게이 라브로프").
ROLE_BEFORE: frozenset[str] = _words(
    """
    대통령 총리 장관 외무장관 국방장관 외무상 국방상 위원장 대변인 대사 특사 의원 교수 박사
    배우 가수 감독 작가 시인 화가 선수 투수 타자 코치 앵커 아나운서 회장 사장 변호사 멤버
    디자이너 국적자 소속 수비수 공격수 미드필더 골키퍼 포수 주자 애널리스트 아티스트 개그맨
    개그우먼 방송인 래퍼 모델 셰프 프로듀서 평론가 사형수 용의자 피의자 피고인 희생자
    """
)
# Words that stand between a name and its role without ending the noun phrase: "전 대통령"
# (former), "현 장관" (current), "당시 총리".
ROLE_MODIFIERS: frozenset[str] = _words("전 현 前 現 당시 신임 초대 차기 공동 수석 부 제1")

# The last syllable of a party, ministry, agency, school, army, company or region: a word
# ending in one is not a person's name ("공화당", "국무부", "고려대", "북한군", "경기도"), nor a
# federation's short name ("민언련", "전경련": 聯).
ORG_SUFFIXES: frozenset[str] = _words("당 부 청 처 회 군 대 사 소 단 위 관 측 도 시 실 팀 련")

# Last syllables of place and institution names ("경복궁", "서초동", "강남구", "임진각"), which a
# word with a surname's first syllable and no other cue does not end in when it is a person.
PLACE_ENDINGS: frozenset[str] = ORG_SUFFIXES | _words("궁 동 구 리 역 함 령 천 로 면 읍 항 섬 산 강 각 골")

# One-syllable prefixes that make a place name into an adverb or adjective: 주모스크바 (in
# Moscow), 대북 (toward the North), 반미 (anti-American), 친러 (pro-Russian), 방한 (visiting Korea).
PLACE_PREFIXES: frozenset[str] = frozenset("주대반친방탈재")

# Last syllables a foreign name in Hangul does not end in: institutions and places ("크렘린궁").
FOREIGN_NAME_VETO: frozenset[str] = ORG_SUFFIXES | _words("궁 역 항 섬 산 강 각 골 읍 면 동 구 천 령 함 주")
# Nouns for a group, not a named one: a name right before one names the group ("후티 반군").
GROUP_NOUNS: frozenset[str] = _words("반군 단체 조직 세력 그룹 정부 정권 당국 군 측 무장단체 집단 일가")

# Endings that make a country's name its language or people: 한국어 (Korean), 중국인 (a Chinese),
# 일본계 (of Japanese descent), 조선족 (ethnic Koreans of China), 한국말 (Korean speech).
PEOPLE_AND_LANGUAGES: tuple[str, ...] = ("어", "인", "계", "족", "말", "어권")
# Peoples and languages named after no country of today's gazetteer.
PEOPLE_BASES: frozenset[str] = _words("조선 고려 아랍 라틴 만주 여진 몽골")

# Particles (조사) that follow a noun without a space. Longest first, so "에게서" wins over "에".
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        _words(
            """
            이 가 은 는 을 를 의 와 과 에 에서 에게 에게서 께 께서 한테 로 으로 로서 으로서 로써
            으로써 도 만 까지 부터 조차 마저 처럼 보다 이나 나 이며 며 이랑 랑 하고 이라고 라고
            이라는 라는 이란 란 이다 였다 이었다 이고 이었던 였던 이자 이야 야 이여 여 들 들이
            들은 들의 들과 들을 측 측은 측이 측의 씨 씨는 씨가 씨의 씨를 씨와
            """
        ),
        key=lambda p: (-len(p), p),
    )
)
_PARTICLE_END = re.compile("(?:" + "|".join(map(re.escape, PARTICLES)) + ")$")

# Particles after a place name that say it is a place ("모스크바에서", "쿠르스크로").
LOCATIVE_PARTICLES: frozenset[str] = _words("에 에서 으로 로 까지 부터 에서는 에는 으로는 로는 에서도 에도")

# Korean short names of countries that CLDR and ISO give only in full ("대한민국" is "한국"),
# the way lexicon.COUNTRY_SHORT_FORMS gives "U.S." and "Britain".
COUNTRY_SHORT_FORMS: dict[str, str] = {
    "한국": "KR",
    "남한": "KR",
    "민주콩고": "CD",
}


def strip_particle(word: str) -> str:
    """ "김정은이" -> "김정은" when what is left is still a word of two syllables or more."""
    m = _PARTICLE_END.search(word)
    if m is None or m.start() < 2:
        return word
    return word[: m.start()]


@functools.lru_cache(maxsize=1)
def name_syllables() -> frozenset[str]:
    """Syllables Korean given names are made of: the Korean readings of Hanja (with the
    initial-sound forms, 녀 -> 여), which also cover native names (하나, 슬기, 보람).
    Transliterated foreign names use others ("크", "텐", "케")."""
    found = set(readings().values())
    return frozenset(found | {initial_rule(s) for s in found})


def foreign_looking(word: str) -> bool:
    """A word with a syllable that no Hanja reads ("데이비드", "커비"): a transliteration."""
    syllables = name_syllables()
    return any(s not in syllables for s in word if "\uac00" <= s <= "\ud7a3")


def korean_name_shape(word: str, sino: bool = True) -> bool:
    """A surname from the standard list and a given name of one or two syllables ("김정은", "리홍중"),
    made of the syllables of Hanja readings unless ``sino`` is False (native names: 홍빛나)."""
    if not 2 <= len(word) <= 4 or not all("\uac00" <= c <= "\ud7a3" for c in word):
        return False
    if word[:2] in DOUBLE_SURNAMES and len(word) >= 3:
        given = word[2:]
    elif word[0] in SURNAMES and len(word) <= 3:
        given = word[1:]
    else:
        return False
    if not sino:
        return True
    syllables = name_syllables()
    return all(s in syllables for s in given)


def role_suffix(word: str, roles: frozenset[str] = ROLE_AFTER) -> str:
    """The role noun word ends in ("국무위원장" -> "위원장"), or ""."""
    if word in roles:
        return word
    # One-syllable roles count only on their own: "씨" is a title, "날씨" is the weather.
    for size in range(min(len(word) - 1, 5), 1, -1):
        if word[-size:] in roles:
            return word[-size:]
    return ""
