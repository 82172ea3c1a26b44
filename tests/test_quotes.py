"""Behaviours of quote finding (generator.ingest.quotes) on real paragraphs, and of quotes in ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config.schema import MAX_QUOTE, MAX_QUOTES, quote_list
from generator.config.site import Config, load_config
from generator.content.registry import Registry, load_registry
from generator.errors import Problems
from generator.ingest.entities import find_entities
from generator.ingest.extract import extract, known_entities
from generator.ingest.quotes import MAX_CHARS, Quote, find_quotes
from tests.conftest import MakeSite

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "000_82516337e1a085e9.txt"
KIRBY = (
    "We urge the DPRK to cease its arms negotiations with Russia and abide by the public commitments "
    "that Pyongyang has made to not provide or sell arms to Russia"
)


def quotes_of(text: str) -> list[Quote]:
    """The quotes of a text whose paragraphs are separated by blank lines, its people found as ingest finds them."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return find_quotes(paragraphs, find_entities("\n\n".join(paragraphs)))


def said(quotes: list[Quote]) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in quotes]


@pytest.fixture(scope="module")
def demo() -> tuple[Config, Registry]:
    config = load_config(ROOT)
    return config, load_registry(config, Problems())


# --- English -------------------------------------------------------------------------------


def test_the_sample_seed_gives_the_kirby_quote_to_john_kirby(demo: tuple[Config, Registry]) -> None:
    config, registry = demo
    x = extract(SAMPLE, config, registry)
    # “…,” Kirby said: the surname resolves to the full name the article used before
    assert [q.to_json() for q in x.quotes] == [{"speaker": "John Kirby", "text": KIRBY}]


def test_a_speaker_named_after_the_verb_and_a_speaker_after_the_quote() -> None:
    text = (
        "At the ceremony, NASA Administrator Charles Bolden announced the locations.\n\n"
        '"We want to thank all of the locations that expressed an interest in one of these national treasures," '
        "said Charles Bolden to the gathered crowd.\n\n"
        'U.S. Senator John Cornyn, Republican from Texas, issued a statement. "Like many Texans, I am '
        "disappointed with NASA's decision,\" Cornyn said."
    )
    assert [q.speaker for q in quotes_of(text)] == ["Charles Bolden", "John Cornyn"]


def test_a_speaker_named_before_the_quote_with_a_colon_or_comma() -> None:
    text = (
        'According to Rathbun, a detective was provided with material. Rathbun stated, "Daniel was picked up '
        'by an investigator in a black car with blacked out windows."\n\n'
        'Mark Rathbun, a former executive, told reporters: "He was deposited in an office on the 33rd floor."'
    )
    assert [q.speaker for q in quotes_of(text)] == ["Mark Rathbun", "Mark Rathbun"]


def test_in_the_words_of_a_speaker_with_a_role_and_an_apposition_names_the_speaker() -> None:
    text = (
        "The court heard that the girl's health had failed for months, and in the words of the chief prosecutor, "
        'Mark Tedeschi, QC, "she spent the last five months of her life in pain and nobody took her to a doctor."'
    )
    assert [q.speaker for q in quotes_of(text)] == ["Mark Tedeschi"]


def test_an_apposition_between_quote_and_verb_names_the_speaker() -> None:
    text = (
        "“We urge the DPRK to cease its arms negotiations with Russia,” the spokesman, John Kirby, said on Wednesday."
    )
    assert said(quotes_of(text)) == [("John Kirby", "We urge the DPRK to cease its arms negotiations with Russia")]


def test_a_quote_running_over_two_paragraphs_keeps_its_speaker() -> None:
    # gum-news-nasa (Wikinews, CC BY 2.5): the first paragraph has no closing mark
    text = (
        'Washington Governor Chris Gregoire said, "The Museum of Flight put a tremendous amount of effort into '
        "landing a retired shuttle in the Northwest.\n\n"
        '"However, the full fuselage trainer, that every astronaut trained in, is a great addition."'
    )
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Chris Gregoire", "Chris Gregoire"]
    assert quotes[0].continued and quotes[1].how == "continued"


def test_he_said_is_the_person_the_paragraph_is_about() -> None:
    text = (
        "Montalvo came upon a blog written by Mark Rathbun.\n\n"
        "Rathbun requested donations via a statement made on his blog. He described Montalvo as an individual, "
        '"facing the penitentiary in thanks for the following sins."'
    )
    assert [q.speaker for q in quotes_of(text)] == ["Mark Rathbun"]


def test_a_speaker_nobody_can_tell_is_left_out_never_guessed() -> None:
    text = (
        "Officer Michael Webb arrived at the house.\n\n"
        '"Hey, here she is. Got her!" an officer said.\n\n'
        '"We got her, we got her!" officers announced on their radios.'
    )
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["Hey, here she is. Got her!", "We got her, we got her!"]
    assert all(q.speaker == "" for q in quotes)
    assert all("speaker" not in q.to_json() for q in quotes)


def test_a_lone_surname_that_names_no_one_in_the_article_gives_no_speaker() -> None:
    text = '"I am confident South Dakota can lead the nation in this fight," Noem said.'
    assert said(quotes_of(text)) == [("", "I am confident South Dakota can lead the nation in this fight")]


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    # demo seed 01 (Wikinews) and gum-news-expo: a phrase and a name in quotation marks
    text = (
        'North Korea has put its front-line troops in a "quasi-state of war", state media said.\n\n'
        'Visitors met the cosplayer known as "The Katherinator" and watched "Dancing with the Stars."'
    )
    assert quotes_of(text) == []


def test_an_aside_between_the_name_and_the_verb_keeps_the_speaker() -> None:
    text = (
        '"Water vapour is the next best thing to liquid water," study lead author Lucas Paganini, a planetary '
        "scientist at NASA's Goddard Space Flight Center in Greenbelt, Maryland, and American University, said.\n\n"
        "Jennifer McCormick, who has split from her party on school vouchers, told the crowd that teachers were "
        '"not asking for the moon at all."'
    )
    assert [q.speaker for q in quotes_of(text)] == ["Lucas Paganini", "Jennifer McCormick"]


def test_a_full_stop_inside_the_closing_mark_ends_the_sentence() -> None:
    # the next sentence's "She said" is not the attribution: the sentence's own subject is
    text = (
        'In a letter, commission President Marybel Batjer said that "a lack of service endangers lives." '
        "She said residents cannot do without their phones."
    )
    assert [q.speaker for q in quotes_of(text)] == ["Marybel Batjer"]


def test_he_said_is_who_the_sentence_before_is_about_or_no_one() -> None:
    named = (
        "Coach Bruce Boudreau praised the team on Tuesday.\n\n"
        "Wild defenseman Ryan Suter, who joked about the goals of Zach Parise, could see the change.\n\n"
        '"He is used to scoring goals and getting points," he said.'
    )
    assert [q.speaker for q in quotes_of(named)] == ["Ryan Suter"]
    two = (
        "Coach Bruce Boudreau praised defenseman Ryan Suter on Tuesday.\n\n"
        "The meeting between Boudreau and Suter ran late.\n\n"
        '"We know where we are and what we have to do," he said.'
    )
    assert [q.speaker for q in quotes_of(two)] == [""]


def test_a_paragraph_opening_with_a_quote_continues_the_speaker_only_if_nothing_came_between() -> None:
    running = (
        '"We will keep the base open for as long as it is needed," Cmdr. Sean Robertson said.\n\n'
        '"The regime must take responsibility for its choice to starve its own people."'
    )
    assert [q.speaker for q in quotes_of(running)] == ["Sean Robertson", "Sean Robertson"]
    between = (
        '"We will keep the base open for as long as it is needed," Cmdr. Sean Robertson said. '
        "United Nations spokesman Farhan Haq disagreed with the assessment.\n\n"
        '"The regime must take responsibility for its choice to starve its own people."'
    )
    assert [q.speaker for q in quotes_of(between)] == ["Sean Robertson", ""]


def test_a_short_quote_said_in_so_many_words_is_kept_a_short_phrase_is_not() -> None:
    text = (
        '"That\u2019s perfect," Bruce Boudreau said. "It is the mark of a true competitor."\n\n'
        'Boudreau told his players to "believe in yourselves" before the game.'
    )
    assert said(quotes_of(text)) == [
        ("Bruce Boudreau", "That\u2019s perfect"),
        ("Bruce Boudreau", "It is the mark of a true competitor."),
    ]


def test_two_quotes_of_one_verb_are_one_speaker_s() -> None:
    text = (
        "Cmdr. Sean Robertson told reporters that the claim was \u201cpatently false,\u201d and that "
        "\u201cthe United States is not preventing people from leaving the camp.\u201d"
    )
    assert [q.speaker for q in quotes_of(text)] == ["Sean Robertson"]


def test_a_new_clause_between_the_attribution_and_the_quote_leaves_it_without_a_speaker() -> None:
    text = 'John Kirby said the talks had failed, and the envoy called the outcome "a disaster for everyone involved."'
    assert [q.speaker for q in quotes_of(text)] == [""]


def test_a_title_the_finder_took_for_a_given_name_is_the_full_name() -> None:
    # gum-news-nasa (Wikinews, CC BY 2.5)
    text = (
        "At the ceremony, NASA Administrator Charles Bolden announced the locations.\n\n"
        "Cornyn's statement added, \"There is no question Houston should have been selected, even Administrator "
        'Bolden stated as much."\n\n'
        '"We want to thank all of the locations that expressed an interest," said Bolden to the crowd.'
    )
    assert [q.speaker for q in quotes_of(text)][-1] == "Charles Bolden"


# --- Korean --------------------------------------------------------------------------------

SULLIVAN = (
    "미 상원 코리아코커스 공동의장인 공화당의 댄 설리번 상원의원은 러시아와 북한의 정상회담에 대해 “중국과 러시아가 "
    "주도하는 새로운 독재주의적 공세의 시대에 북한과 이란 같은 하급 기수들이 가세하고 있는 것”이라고 평가했습니다.\n\n"
    "또한 “북한은 왕따 국가”라고 꼬집으며 두 나라의 이번 정상회담은 “러시아가 얼마나 왕따 국가가 되고 있는지를 "
    "보여준다”고 덧붙였습니다.\n\n"
    "설리번 의원은 북한이 러시아에 무기를 제공할 경우 “제재 프로그램을 계속해야 한다”고 지적했습니다."
)


def test_a_korean_quote_is_the_subject_s_and_a_sentence_without_one_continues_it() -> None:
    # demo seed 08 (VOA 한국어): 설리번 상원의원은 “…”이라고; 또한 “…”라고 (no subject); 설리번 의원은 (surname + role)
    quotes = quotes_of(SULLIVAN)
    assert [q.speaker for q in quotes] == ["댄 설리번"] * 4
    assert quotes[1].text == "북한은 왕따 국가" and quotes[1].how == "previous"


def test_a_korean_quotation_without_a_quotative_is_a_headline_or_a_label() -> None:
    headline = "미 상원 군사위원들 “북한, 독재주의 연대 가세…러시아에 무기 제공 시 강력 대응”"
    text = f"{headline}\n\n정부는 ‘담대한 구상’을 밝혔습니다."
    assert quotes_of(text) == []


def test_a_joint_statement_has_no_one_speaker() -> None:
    # demo seed 09: 한국과 영국은 “…”고 밝혔습니다
    text = "한국과 영국은 22일 “북한의 지속되는 불법 무기 이전을 가장 강력한 언어로 규탄한다”고 밝혔습니다."
    assert said(quotes_of(text)) == [("", "북한의 지속되는 불법 무기 이전을 가장 강력한 언어로 규탄한다")]


def test_a_ministry_speaks_as_the_text_names_it() -> None:
    # demo seed 06: 한국 외교부는 오늘 “…”고 밝혔습니다
    text = "한국 외교부는 오늘(21일) “개인 10명과 기관 2개를 대북 독자 제재 대상으로 지정한다”고 밝혔습니다."
    assert [q.speaker for q in quotes_of(text)] == ["외교부"]


def test_corner_brackets_quote_and_the_registry_names_the_korean_subject(demo: tuple[Config, Registry]) -> None:
    _, registry = demo
    paragraphs = [
        "김정은 국무위원장은 이날 연설에서 「핵무력 강화 노선을 절대로 바꾸지 않을 것」이라고 강조했습니다.",
        "이어 “적들의 어떤 도발에도 단호히 대응할 것”이라고 말했습니다.",
    ]
    people = find_entities("\n\n".join(paragraphs), known_entities(registry))
    assert said(find_quotes(paragraphs, people)) == [
        ("Kim Jong-un", "핵무력 강화 노선을 절대로 바꾸지 않을 것"),
        ("Kim Jong-un", "적들의 어떤 도발에도 단호히 대응할 것"),
    ]


def test_a_role_written_onto_its_country_is_the_person_never_the_country() -> None:
    # 미국대사 is the ambassador, not a body called 미국대사
    text = "린다 토마스-그린필드 유엔주재 미국대사는 “북한이 핵실험을 하면 신규 제재를 추진할 것”이라고 말했습니다."
    speakers = [q.speaker for q in quotes_of(text)]
    assert speakers in (["린다 토마스-그린필드"], [""])


# From VOA 한국어 6599385 (eval/korean-gold.jsonl): who said what is told by long subject phrases.
FLEITZ = (
    "트럼프 정부 당시 백악관 국가안보보좌관 비서실장을 지낸 프레드 플레이츠 ‘아메리카 퍼스트 정책연구소’ 부소장은 "
    "중국과 러시아는 안보리에서 북한·이란 문제를 놓고 늘 미국에 딴죽을 걸지만 “핵실험의 경우는 대북 원유 판매 금지 "
    "등이 담긴 강력한 결의안 채택의 여지가 있을 것”이라고 전망했습니다.\n\n"
    "플레이츠 부소장은 지리적으로 북한과 인접한 중국은 특히 핵실험으로 인한 방사능 유출 가능성 등 때문에 북한 "
    "핵실험을 무척 싫어한다면서 중국과 러시아가 “핵실험의 경우엔 상당히 강력한 제재를 가하는 안보리 결의에 "
    "적극적으로 찬성할 것”이라고 내다봤습니다.\n\n"
    "반면 마크 피츠패트릭 전 국무부 비확산 담당 부차관보는 “미중·미러 갈등이 심화하는 현 정세에서 중국과 러시아는 "
    "어떤 의미 있는 결의에도 지지를 보낼 가능성이 전혀 없다”고 주장했습니다.\n\n"
    "그러면서 미국도 이런 현실을 충분히 인식하고 있는 만큼 오히려 “가능한 가장 강력한 결의안을 추진할 것”이라고 "
    "말했습니다."
)


def test_a_korean_speaker_is_the_name_a_long_role_phrase_ends_in_never_a_country_inside_it() -> None:
    # name, body and role (…플레이츠 ‘아메리카 퍼스트 정책연구소’ 부소장은, …피츠패트릭 전 국무부 비확산 담당
    # 부차관보는); a country topic inside the clause (인접한 중국은) and one in a …는 만큼 clause (미국도) speak not
    quotes = quotes_of(FLEITZ)
    assert [q.speaker for q in quotes] == ["프레드 플레이츠", "프레드 플레이츠", "마크 피츠패트릭", "마크 피츠패트릭"]
    assert quotes[3].how == "previous"


def test_a_role_nobody_was_named_with_takes_no_name_from_inside_a_quote() -> None:
    # 6599385: the 국장 is named only later; 바이든 is inside what he said; 또한 “…” goes on with no one.
    # A name found alone is the speaker when its role says who it is (장쥔 유엔주재 중국대사는, 루지에로 전 국장은).
    text = (
        "장쥔 유엔주재 중국대사는 “한반도 문제는 결의안 채택 여부와 관련이 없다”고 거듭 주장했습니다.\n\n"
        "전 백악관 국가안보회의(NSC) 북한담당 국장은 “바이든 행정부는 유엔 제재를 이행하기 위해 미국 제재를 "
        "활용해야 한다”고 강조했습니다.\n\n"
        "또한 “유엔 안보리 밖에서 북한에 대한 외교, 군사, 경제적 압박 캠페인을 재건해야 한다”고 말했습니다.\n\n"
        "루지에로 전 국장은 이어 바이든 행정부가 최근 북한 기관 3곳을 제재한 것과 관련해 “북한의 6차례 ICBM 시험에 "
        "대응하기엔 약한 조치”였다고 비판했습니다."
    )
    assert [q.speaker for q in quotes_of(text)] == ["장쥔", "", "", "루지에로"]


def test_words_a_document_holds_are_no_one_s_not_the_last_speaker_s() -> None:
    # VOA 7498687: 기소장에는 “…”고 명시됐습니다, right after a paragraph of the official's
    text = (
        "매튜 올슨 법무부 국가안보 담당 차관보는 피고가 무기급 핵물질을 판매하려고 공모한 혐의가 있다고 밝혔습니다.\n\n"
        "기소장에는 “에비사와의 범죄 활동에는 대규모 마약과 무기 밀매가 포함돼 있다”고 명시됐습니다.\n\n"
        "올슨 차관보는 “이런 활동이 성공했을 때 어떤 결과가 초래될 지 상상하는 것은 오싹한 일”이라며 강조했습니다."
    )
    assert [q.speaker for q in quotes_of(text)] == ["", "매튜 올슨"]


def test_the_aide_of_someone_named_is_not_that_someone() -> None:
    text = "조 바이든 대통령 보좌관은 “북한의 도발에 단호히 대응할 것”이라고 말했습니다."
    assert [q.speaker for q in quotes_of(text)] == [""]


def test_a_korean_subject_after_the_quote_speaks_only_when_the_verb_alone_follows() -> None:
    text = (
        "정의용 외교부 장관은 “북한의 도발에 단호히 대응할 것”이라고 말했습니다.\n\n"
        "“국민의 안전이 최우선”이라고 이상민 행정안전부 장관이 말했습니다.\n\n"
        "“합의를 지켜야 한다”라며 김정은 국무위원장이 약속을 어겼다고 비판했습니다."
    )
    assert [q.speaker for q in quotes_of(text)] == ["정의용", "이상민", ""]


def test_an_administration_and_a_common_noun_for_a_company_are_no_one_s_name() -> None:
    text = "바이든 행정부는 “동맹과 긴밀히 협력할 것”이라고 밝혔습니다.\n\n소속사 측은 “사실이 아니다”라고 밝혔습니다."
    assert [q.speaker for q in quotes_of(text)] == ["", ""]


def test_a_past_copula_after_the_mark_is_a_quotative() -> None:
    # 6599385: “…”였다고 비판했습니다, “…”이었다며
    text = "루지에로 전 국장은 제재와 관련해 “북한의 6차례 ICBM 시험에 대응하기엔 약한 조치”였다고 비판했습니다."
    assert [q.text for q in quotes_of(text)] == ["북한의 6차례 ICBM 시험에 대응하기엔 약한 조치"]


# --- bounds and the brief ------------------------------------------------------------------


def test_quotes_are_bounded_in_number_and_length_and_fit_the_front_matter() -> None:
    many = "\n\n".join(
        f'"This is statement number {n} of the long press conference today," Kirby said.' for n in range(200)
    )
    long = '"' + "This sentence is part of a very long statement. " * 200 + '" Kirby said.'
    quotes = quotes_of(f"White House spokesman John Kirby spoke.\n\n{many}\n\n{long}")
    assert len(quotes) <= MAX_QUOTES and all(len(q.text) <= MAX_CHARS + 2 for q in quotes)
    assert MAX_CHARS + 2 <= MAX_QUOTE
    assert quote_list([q.to_json() for q in quotes]) == [q.to_json() for q in quotes]


def test_a_repeated_quote_is_listed_once() -> None:
    text = '"We will respond to any provocation," Kirby said.\n\n"We will respond to any provocation," Kirby said.'
    assert len(quotes_of(text)) == 1


ARTICLE = """Kirby urges North Korea to stop arms talks

White House National Security Council spokesman John Kirby spoke on Wednesday.

“We urge the DPRK to cease its arms negotiations with Russia,” Kirby said.
"""


def test_ingest_writes_quotes_and_never_overwrites_an_editor_s_corrected_quotes(make_site: MakeSite) -> None:
    site = make_site({"seeds/kirby.txt": ARTICLE, "seeds/kirby.yml": "date: 2023-09-05\n"})
    assert site.run("ingest").exit_code == 0
    (path,) = (site.root / "content" / "briefs").glob("*.md")
    text = path.read_text(encoding="utf-8")
    assert (
        "quotes:\n- speaker: John Kirby\n  text: We urge the DPRK to cease its arms negotiations with Russia\n" in text
    )
    corrected = text.replace(
        "  text: We urge the DPRK to cease its arms negotiations with Russia\n",
        "  text: We urge the DPRK to cease its arms negotiations with Russia.\n",
    )
    path.write_text(corrected, encoding="utf-8")
    result = site.run("ingest")
    assert path.read_text(encoding="utf-8") == corrected
    assert "edited since it was ingested" in result.stdout
    assert site.run("build").exit_code == 0
    assert "cease its arms negotiations with Russia." in site.read("actors/john-kirby/index.html")


def test_a_sidecar_s_quotes_win_over_what_ingest_finds(make_site: MakeSite) -> None:
    sidecar = "date: 2023-09-05\nquotes:\n- {speaker: John Kirby, text: We urge the DPRK to stop.}\n"
    site = make_site({"seeds/kirby.txt": ARTICLE, "seeds/kirby.yml": sidecar})
    site.run("ingest")
    (path,) = (site.root / "content" / "briefs").glob("*.md")
    text = path.read_text(encoding="utf-8")
    assert "quotes:\n- speaker: John Kirby\n  text: We urge the DPRK to stop.\nseed:" in text
