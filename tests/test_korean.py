"""Korean text: people, places and topics through Kiwi's morphemes; registry stubs for Korean names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.config.site import TopicRule, default_config
from generator.ingest.entities import FoundEntity, KnownEntity, find_entities, is_full_name
from generator.ingest.entities.ko_wikidata import name_parts, parse
from generator.ingest.topics import choose_topic
from generator.ingest.writer import stub, write_stubs

REGISTRY = {
    "person": [
        KnownEntity("Kim Jong-un", ("Kim Jong Un", "Kim", "김정은")),
        KnownEntity("Vladimir Putin", ("Putin", "푸틴")),
        KnownEntity("Sergey Lavrov", ("Lavrov", "라브로프")),
    ],
    "place": [KnownEntity("North Korea", ("북한",)), KnownEntity("Russia", ("러시아",))],
}
ROOT = Path(__file__).resolve().parent.parent


def person(found: list[FoundEntity], name: str) -> FoundEntity:
    return next(e for e in found if e.type == "person" and e.name == name)


def names(found: list[FoundEntity], kind: str = "person") -> list[str]:
    return [e.name for e in found if e.type == kind]


def test_kim_jong_un_with_a_particle_or_as_kim_with_his_title_is_one_registered_person() -> None:
    text = (
        "북한 김정은 국무위원장이 12일 블라디보스토크에 도착했다. 김 위원장은 전용열차로 이동했다.\n"
        "김정은이 푸틴과 회담한 것은 4년 만이다."
    )
    found = find_entities(text, REGISTRY)
    kim = person(found, "Kim Jong-un")
    assert kim.registered
    assert {"김정은", "김정은이", "김"} <= set(kim.mentions)
    assert names(found) == ["Kim Jong-un", "Vladimir Putin"]


def test_particles_stay_in_the_mentions_as_written() -> None:
    found = find_entities("러시아 외무부는 김정은이 푸틴과 만났다고 밝혔다.", REGISTRY)
    assert person(found, "Vladimir Putin").mentions == ("푸틴과",)
    assert person(found, "Kim Jong-un").mentions == ("김정은이",)


def test_a_korean_name_missing_from_the_registry_is_found_by_its_role() -> None:
    found = find_entities("현송월 삼지연관현악단 단장과 최선희 외무상이 동행했다.", REGISTRY)
    assert names(found) == ["현송월", "최선희"]
    assert not any(e.registered for e in found if e.type == "person")


def test_a_surname_with_a_title_is_the_person_with_that_surname_and_title() -> None:
    text = "김정은 국무위원장과 김여정 노동당 부부장이 참석했다. 김 부부장은 담화를 냈다."
    found = find_entities(text, REGISTRY)
    assert "김" in person(found, "김여정").mentions
    assert "김" not in person(found, "Kim Jong-un").mentions


def test_a_foreign_name_written_in_full_resolves_through_its_surname_alias() -> None:
    found = find_entities("세르게이 라브로프 러시아 외무장관은 라브로프 장관의 발언을 되풀이했다.", REGISTRY)
    lavrov = person(found, "Sergey Lavrov")
    assert lavrov.mentions[0] == "세르게이 라브로프"
    assert names(found, "place") == ["Russia"]


def test_a_foreign_name_without_the_registry_is_one_person_under_its_full_name() -> None:
    text = "드미트리 페스코프 크렘린궁 대변인은 11일 말했다. 페스코프 대변인은 이어 설명했다."
    assert names(find_entities(text)) == ["드미트리 페스코프"]


def test_a_reporter_is_a_credit_never_an_actor() -> None:
    found = find_entities("[서울=뉴시스] 박준호 기자 = 윤석열 대통령은 13일 통화했다.")
    assert names(found) == ["윤석열"]


def test_every_reporter_of_a_byline_is_a_credit() -> None:
    found = find_entities("(도쿄=연합뉴스) 한상덕 최은영 박승철 기자 = 윤석열 대통령이 5일 말했다.")
    assert names(found) == ["윤석열"]


def test_credit_lines_anchors_and_sign_offs_name_no_actor() -> None:
    text = (
        "조영호 앵커>\n오늘 회견 소식 알아보겠습니다.\n\n"
        "[앵커]\n정부가 대책을 내놨습니다. 김하늘 기자입니다.\n\n"
        "[리포트]\n홍남기 경제부총리는 대책을 발표했습니다.\n"
        "MBC 뉴스 윤정민입니다.\n영상편집:최동훈\n<제작: 송민지·이채원>\n조영호"
    )
    assert names(find_entities(text)) == ["홍남기"]


def test_an_anchor_named_in_a_sentence_is_still_a_person() -> None:
    found = find_entities("손석희 앵커가 사장으로 취임했다고 회사가 밝혔다.")
    assert names(found) == ["손석희"]


def test_a_headline_clipped_country_name_is_no_person_before_a_role() -> None:
    found = find_entities("[우크라 침공] 방공호서 우크라 총리와 대담… 아르헨 대통령도 참석")
    assert names(found) == []


def test_a_federations_short_name_is_no_person() -> None:
    found = find_entities("민언련은 보고서에 반영하고 있습니다. 민언련 보고서는 매주 나온다.")
    assert names(found) == []


def test_places_and_organizations_are_not_people_even_before_a_role() -> None:
    found = find_entities("미국 국무부 대변인과 고려대 교수, 공화당 소속 의원이 참석했다.")
    assert names(found) == []
    assert names(found, "place") == ["United States"]


def test_korean_place_names_come_from_the_gazetteer_with_their_particles() -> None:
    found = find_entities("중국과 일본, 모스크바는 물론 쿠르스크에서도 전투가 벌어졌다.")
    assert names(found, "place") == ["China", "Japan", "Moscow", "Kursk"]
    assert next(e for e in found if e.name == "Kursk").mentions == ("쿠르스크에서도",)


def test_a_compound_with_a_country_is_not_a_mention_of_it() -> None:
    # 북한군 is "North Korean troops": like "Russian officials", not a mention of the country.
    assert names(find_entities("북한군이 이동했다."), "place") == []


def test_a_name_withheld_or_a_surname_with_ssi_is_not_a_person() -> None:
    assert names(find_entities("경찰은 김모(33)씨와 박씨를 입건했다.")) == []


def test_a_korean_full_name_is_full_but_a_lone_surname_is_not() -> None:
    assert is_full_name("현송월") and is_full_name("세르게이 라브로프") and is_full_name("Kim Jong-un")
    assert not is_full_name("푸틴") and not is_full_name("라브로프") and not is_full_name("Austin")


def test_a_korean_topic_keyword_matches_whatever_particle_follows() -> None:
    rules = [TopicRule("arms", "Arms", {"무기": 3.0, "군사 협력": 4.0}), TopicRule("talks", "Talks", {"회담": 1.0})]
    best = choose_topic("북러 회담\n북한이 러시아에 무기를 제공하고 군사협력을 강화했다.", rules)
    assert best is not None and best.rule.slug == "arms"
    assert dict(best.hits) == {"무기": 1, "군사 협력": 1}


def test_a_korean_keyword_does_not_match_inside_another_word() -> None:
    rules = [TopicRule("arms", "Arms", {"무기": 3.0})]
    assert choose_topic("선수들은 무기력한 경기를 펼쳤다.", rules) is None


def test_english_text_never_loads_the_korean_analyzer() -> None:
    code = (
        "from generator.ingest.entities import find_entities\n"
        "from generator.ingest.entities import morph\n"
        "find_entities('North Korean leader Kim Jong-un met President Vladimir Putin in Vladivostok.')\n"
        "print(morph._kiwi.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "0"


def test_a_korean_person_stub_has_a_romanized_name_and_slug_and_keeps_the_hangul_as_an_alias(tmp_path: Path) -> None:
    assert stub("person", "현송월") == ("Hyeon Songwol", ["현송월"], "hyeon-songwol")
    assert stub("person", "세르게이 라브로프") == ("세르게이 라브로프", [], "sereugei-rabeuropeu")
    assert stub("person", "Kim Jong-un") == ("Kim Jong-un", [], "kim-jong-un")
    config = default_config(tmp_path)
    written, failed = write_stubs(config, {"person": {"현송월": 2}})
    assert written == ["content/actors/hyeon-songwol.md"] and failed == []
    text = (tmp_path / "content" / "actors" / "hyeon-songwol.md").read_text(encoding="utf-8")
    assert "name: Hyeon Songwol" in text and "현송월" in text


def test_names_listed_with_a_found_person_are_people_each_under_its_whole_name() -> None:
    text = "개인은 슬로바키아인 아쇼트 므크르티체프, 리혁철, 김창혁, 변원근 등입니다."
    assert names(find_entities(text)) == ["아쇼트 므크르티체프", "리혁철", "김창혁", "변원근"]


def test_a_name_before_a_group_noun_names_the_group_not_a_person() -> None:
    assert names(find_entities("후티 반군 대변인은 이날 성명에서 밝혔습니다.")) == []


def test_a_hyphenated_foreign_name_is_one_name() -> None:
    text = "린다 토마스-그린필드 유엔주재 미국대사는 31일 강조했습니다."
    assert names(find_entities(text)) == ["린다 토마스-그린필드"]


def test_an_actor_in_brackets_after_a_role_is_a_person() -> None:
    found = find_entities("유시진 대위(송중기)와 의사 강모연 팀장(송혜교)의 흔적을 찾았다.")
    assert {"송중기", "송혜교"} <= set(names(found))


def test_a_role_at_the_end_of_another_word_is_no_role() -> None:
    # 발사장 (a launch site) ends in 사장 (company president); 동창리 is the place.
    assert names(find_entities("북한이 평안북도 철산군 동창리 발사장에서 로켓을 쐈다.")) == []


def test_broken_korean_text_never_raises_in_the_entity_finder_or_the_topics() -> None:
    text = "제목\n무기를 \udcff\ud800 팔았다 \x00 김정은이"
    rules = [TopicRule("arms", "Arms", {"무기": 3.0})]
    best = choose_topic(text, rules)
    assert best is not None and dict(best.hits) == {"무기": 1}
    assert names(find_entities(text, REGISTRY)) == ["Kim Jong-un"]


def test_a_language_or_a_people_named_after_a_country_is_not_a_person() -> None:
    # "한국어" has a surname (한) and syllables of Hanja, as a name has; it is the Korean language.
    text = "Source: Voice of America (VOA 한국어), 2023-09-20\n그는 한국어와 중국어를 한다. 조선족과 한국인이 늘었다."
    assert names(find_entities(text, REGISTRY)) == []


def test_a_name_wikidata_gives_a_human_is_a_person_and_a_film_title_is_not() -> None:
    # Kiwi's WikiData dictionary reads both as one proper noun; only the first names a human.
    found = find_entities("닉 부이치치는 지난 달 책을 냈다. 영화 스파이 브릿지에 대해 덜 알려진 사실이 있다.", REGISTRY)
    assert names(found) == ["닉 부이치치"]


def test_a_foreign_name_with_no_cue_is_found_by_the_words_of_humans_names() -> None:
    text = "크리스 에반스는 3일 인천공항에 도착했다. 힉스는 어제 홈런을 쳤다. 워싱턴의 시각은 다르다. 서울에서 열렸다."
    found = find_entities(text, REGISTRY)
    assert names(found) == ["크리스 에반스", "힉스"]
    assert person(found, "힉스").mentions == ("힉스는",)


def test_wikidata_name_parts_count_humans_apart_from_other_things() -> None:
    lines = [
        "# comment",
        "닉 부이치치\tNNP\t-24.4\t# Q5",
        "데이비드 베컴\tNNP\t-10.0\t# Q5",
        "데이비드 보위\tNNP\t-10.0\t# Q5",
        "스파이 브릿지\tNNP\t-12.0\t# Q11424",
        "서울 타워\tNNP\t-12.0\t# Q12518",
        "유상무\tNNP\t-10.0",
    ]
    parts = parse("\n".join(lines))
    assert parts.human("닉 부이치치") and not parts.human("스파이 브릿지") and parts.other("스파이 브릿지")
    assert parts.name_odds("데이비드") == (2, 0) and parts.name_odds("서울") == (0, 1)
    assert parts.given_name("데이비드", floor=2) and not parts.given_name("베컴", floor=1)
    assert name_parts().human("닉 부이치치")  # the installed Kiwi model's own file


def test_a_title_written_onto_a_name_is_not_part_of_its_mention() -> None:
    found = find_entities("배우 김무열과 이현우씨가 추모식에 참석했다. 스즈키씨는 출석 요구에 응하지 않았다.", REGISTRY)
    assert person(found, "이현우").mentions == ("이현우",)
    # A foreign name before 씨 is a name too, as "광희 씨" is.
    assert person(found, "스즈키").mentions == ("스즈키",)


def test_a_transliteration_with_a_surnames_first_syllable_is_no_korean_name() -> None:
    # 마리오 and 오사카 look like 마 or 오 and a given name; WikiData's names say they are foreign words.
    found = find_entities(
        "맥도날드 해피밀 마리오 카트 인증 사진이다. 주 오사카 총영사관이 밝혔다. 정도전은 조선의 학자였다.", REGISTRY
    )
    assert names(found) == ["정도전"]


def test_a_role_after_a_name_spelled_in_hanja_makes_a_person_and_the_hanja_is_a_mention() -> None:
    found = find_entities("후진타오(胡錦濤) 주석과 원자바오(溫家寶) 총리가 참석했다.", REGISTRY)
    assert names(found) == ["후진타오", "원자바오"]
    assert person(found, "후진타오").mentions == ("후진타오", "胡錦濤")
    # Latin letters in brackets are an acronym: the office is no person.
    found = find_entities("존 커비 백악관 국가안보회의(NSC) 전략소통조정관은 이렇게 말했다.", REGISTRY)
    assert names(found) == ["존 커비"]


def test_a_humans_name_may_have_a_places_word_and_a_town_may_be_a_surname() -> None:
    # 고토 and 오무라 are Japanese towns, Davis a Californian one: the names are people's all the same.
    text = "메시지는 '나는 고토 겐지다'로 시작한다. 시에라리온 출신인 데이비스는 절도 혐의로 체포됐다."
    assert names(find_entities(text, REGISTRY)) == ["고토 겐지", "데이비스"]
    # Nor does a human's name end like a city (시) for nothing: 오무라 사토시 is a person.
    assert names(find_entities("오무라 사토시는 노벨상을 받았다.", REGISTRY)) == ["오무라 사토시"]


def test_a_position_or_a_trade_before_a_name_makes_it_a_person() -> None:
    text = "1루 주자 임재철을 2루로 보냈다. 애널리스트 밍치궈는 보고서를 냈다. 브라질 수비수 마르셀루의 발을 맞았다."
    assert names(find_entities(text, REGISTRY)) == ["임재철", "밍치궈", "마르셀루"]


def test_a_first_word_of_many_humans_names_and_a_foreign_word_are_a_full_name() -> None:
    # 딕 begins far more WikiData humans' names than it ends or stands in other names.
    found = find_entities("딕 코스톨로는 지난해 7월까지 트위터 최고경영자였다.", REGISTRY)
    assert names(found) == ["딕 코스톨로"]


def test_a_word_alone_in_quotation_marks_with_no_cue_is_a_title_not_a_name() -> None:
    found = find_entities("영화 '도희야'가 상영됐다. 가수 '박진영'의 노래와 박진영은 달랐다.", REGISTRY)
    assert names(found) == ["박진영"]
    assert person(found, "박진영").mentions == ("박진영", "박진영은")


def test_a_foreign_name_kiwi_reads_with_its_particle_as_one_unknown_word_is_found_without_it() -> None:
    found = find_entities("한 팬이 올린 사진에는 이글레시아스가 흰 티에 하트를 그려놓은 모습이 담겼다.", REGISTRY)
    assert names(found) == ["이글레시아스"]
    assert person(found, "이글레시아스").mentions == ("이글레시아스가",)


def test_one_humans_name_vouches_for_a_word_kiwi_does_not_know_but_not_for_one_it_does() -> None:
    # Kiwi knows 나토 (NATO) as a proper noun: one WikiData human's name with the word is not enough.
    text = "크로스가 우즈베키스탄의 수비수인 쇼라크메도프의 머리를 맞았다. 나토는 지난 3일 새 계획을 발표했다."
    assert names(find_entities(text, REGISTRY)) == ["쇼라크메도프"]


def test_a_party_secretary_is_a_role_past_a_former_and_a_city() -> None:
    found = find_entities("부패혐의로 실각한 중국 보시라이(薄熙來) 전 충칭시 당서기에 대한 재판이 열렸다.", REGISTRY)
    assert person(found, "보시라이").mentions == ("보시라이", "薄熙來")


def test_a_copula_after_a_name_is_not_part_of_its_mention() -> None:
    # "겐지다": Kiwi reads 겐지 and a copula; "엘레오노라다.": a word Kiwi does not know, read with
    # the copula as one noun at the end of a sentence.
    found = find_entities("그 사진의 주인공은 고토 겐지다. 소속사 대표는 배우 엘레오노라다.", REGISTRY)
    assert person(found, "고토 겐지").mentions == ("고토 겐지",)
    assert person(found, "엘레오노라").mentions == ("엘레오노라",)


def test_a_name_spelled_in_hanja_in_brackets_is_a_person_and_a_name_may_end_like_a_role() -> None:
    # The given name's syllables are the readings of its Hanja: a Sino-Korean name, with no cue.
    text = "그는 어려서 박문천(朴文天)에게 글을 배웠고, 국립대(國立大)와 인권위(人權委)를 거쳤다."
    found = find_entities(text, REGISTRY)
    assert names(found) == ["박문천"]
    assert person(found, "박문천").mentions == ("박문천", "朴文天")
    # 유상무 ends in 상무 (a director) but Kiwi reads it as one proper noun: a name in a list.
    found = find_entities("개그맨 유상무, 장도연 씨가 출연했다.", REGISTRY)
    assert names(found) == ["유상무", "장도연"]


def test_a_word_of_a_korean_names_shape_is_no_name_when_it_ends_in_a_subjects_i_or_needs_a_coda() -> None:
    # "민정이는": a given name and the familiar 이; a surname and a given name stay names.
    found = find_entities("민정이는 학교에 갔다. 박인비는 우승했다.", REGISTRY)
    assert names(found) == ["박인비"]
    # Kiwi reads the stadium's name only by adding a coda (마라카/나/ᆼ): a word it does not know.
    assert names(find_entities("결승은 브라질의 마라카낭 주경기장에서 열렸다.", REGISTRY)) == []


def test_a_suspect_before_a_name_and_a_bishop_after_one_make_it_a_person() -> None:
    # After a title and a foreign first name, an unknown proper noun is the rest of the name,
    # even ending like a committee (위).
    found = find_entities("경찰은 용의자 아흐마드 카리미위를 체포했다.", REGISTRY)
    assert names(found) == ["아흐마드 카리미위"]
    text = "집전한 크뤼게르 주교는 말했다. 출동한 테라우치 경감은 말했다. 그는 보르하임 선생에게 배웠다."
    assert names(find_entities(text, REGISTRY)) == ["크뤼게르", "테라우치", "보르하임"]


def test_names_kiwi_misreads_or_does_not_know_before_a_title() -> None:
    # 최영만: Kiwi reads 만 ("only") as a particle, which cannot stand before a title.
    found = find_entities("관중은 최영만 선수를 응원했다.", REGISTRY)
    assert person(found, "최영만").mentions == ("최영만",)
    # A long name Kiwi does not know before 씨; two unknown syllables right before a role, even
    # ending like a body's name (소); a word Kiwi knows ending so stays out.
    text = "방송은 마쓰모토야마 씨를 소개했다. 야당은 아소 부총리를 규탄했다. 연구소 소장이 말했다."
    assert names(find_entities(text, REGISTRY)) == ["마쓰모토야마", "아소"]


def test_an_age_after_what_a_person_is_and_more_titles_make_a_person() -> None:
    text = "농성장에는 유재선 조합원(34) 등이 있었다. 이옥선 할머니는 증언했다."
    assert names(find_entities(text, REGISTRY)) == ["유재선", "이옥선"]
    # A district before a title is no person for it.
    assert names(find_entities("서울 송파구 구청장은 말했다.", REGISTRY)) == []


def test_a_company_or_a_team_before_its_heads_title_is_no_person() -> None:
    # Known proper nouns that no WikiData human's name has: a company, a team.
    text = "이날 구글 대표는 말했다. 넥슨 대변인은 부인했다. 한화 회장은 참석했다. 토요타 사장은 사과했다."
    assert names(find_entities(text, REGISTRY)) == []
    # A person's name before one stays a person; a name before the company is the company's head.
    text = "케리 장관은 말했다. 마크 저커버그 페이스북 대표는 말했다. 정의선 현대차 회장은 웃었다."
    assert names(find_entities(text, REGISTRY)) == ["케리", "마크 저커버그", "정의선"]


def test_a_foreign_full_name_written_as_one_word_is_a_person() -> None:
    # Kiwi reads 마이클/잭슨 and 데이비드/베컴: a common first word of humans' names and a last one.
    text = "어제 마이클잭슨이 한국에 왔다. 어제 데이비드베컴이 한국에 왔다. 뉴욕타임스가 보도했다."
    found = find_entities(text, REGISTRY)
    assert names(found) == ["마이클잭슨", "데이비드베컴"]


def test_a_names_shape_with_no_particle_before_a_common_noun_is_no_name_with_no_other_cue() -> None:
    # 강남서 (Gangnam police station) modifies 사무실 (office); with a particle or a title it is read.
    assert names(find_entities("문건은 강남서 사무실에 보관됐다.", REGISTRY)) == []
    assert names(find_entities("문건은 최인호 씨가 보관했다. 박인비는 우승했다.", REGISTRY)) == ["최인호", "박인비"]
