"""Behaviour of the entity finder (generator.ingest.entities)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.entities import FoundEntity, KnownEntity, find_entities
from generator.ingest.entities.recognizer import MAX_TOKENS, features
from generator.ingest.entities.text import tokenize

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_82516337e1a085e9.txt"

SEED_REGISTRY = {
    "person": [
        KnownEntity("Kim Jong-un", ("Kim Jong Un", "Kim", "김정은")),
        KnownEntity("Vladimir Putin", ("Putin", "푸틴")),
        KnownEntity("John Kirby", ("Kirby",)),
        KnownEntity("Sergei Shoigu", ("Shoigu",)),
        KnownEntity("Alexander Matsegora", ("Matsegora",)),
    ]
}
SEED_PEOPLE = ["Kim Jong-un", "Vladimir Putin", "John Kirby", "Sergei Shoigu", "Alexander Matsegora"]


def seed_body() -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("North Korean leader Kim Jong-un"))
    last = next(i for i, line in enumerate(lines) if line.endswith("his last trip abroad."))
    return "\n".join(lines[first : last + 1])


def people(found: list[FoundEntity]) -> list[str]:
    return [e.name for e in found if e.type == "person"]


def of_type(found: list[FoundEntity], kind: str) -> list[str]:
    return [e.name for e in found if e.type == kind]


# ---- the sample seed -----------------------------------------------------------------


def test_seed_with_registry_finds_exactly_the_five_people_in_order_of_first_mention() -> None:
    found = find_entities(seed_body(), SEED_REGISTRY)
    assert people(found) == SEED_PEOPLE
    assert all(e.registered for e in found if e.type == "person")


def test_seed_with_empty_registry_still_finds_the_five_people_unregistered() -> None:
    found = find_entities(seed_body())
    assert people(found) == SEED_PEOPLE
    assert not any(e.registered for e in found)


def test_seed_whole_page_with_byline_excluded_has_no_false_people() -> None:
    found = find_entities(SEED.read_text(encoding="utf-8"), exclude=["Michael Lee"])
    names = people(found)
    assert names == SEED_PEOPLE
    for wrong in ["Far Eastern", "Korean War", "New York Times", "White House", "Michael Lee", "Stray Kids"]:
        assert wrong not in names


def test_seed_places_and_organizations() -> None:
    found = find_entities(seed_body())
    places = of_type(found, "place")
    for place in ["Vladivostok", "Pyongyang", "North Korea", "Russia", "Ukraine", "Seoul", "United States"]:
        assert place in places
    assert "Washington, D.C." not in places  # "concern in both Seoul and Washington" is the government
    orgs = of_type(found, "organization")
    for org in ["New York Times", "National Security Council", "TASS"]:
        assert org in orgs


def test_mentions_are_surface_strings_in_order_without_repeats() -> None:
    found = find_entities(seed_body())
    kim = next(e for e in found if e.name == "Kim Jong-un")
    assert kim.mentions == ("Kim Jong-un", "Kim")
    north_korea = next(e for e in found if e.name == "North Korea")
    assert north_korea.mentions[0] == "North Korea"
    assert "DPRK" in north_korea.mentions
    assert "Democratic People’s Republic of Korea" in north_korea.mentions


# ---- people --------------------------------------------------------------------------


def test_registry_names_match_whatever_the_case_and_hyphens() -> None:
    for spelling in ["KIM JONG UN", "Kim Jong Un", "kim jong-un", "Kim Jong-un"]:
        found = find_entities(f"Reports said {spelling} visited the port.", SEED_REGISTRY)
        assert people(found) == ["Kim Jong-un"], spelling
        assert found[0].registered


def test_a_lone_surname_resolves_to_the_full_name_used_earlier() -> None:
    text = "Defense Minister Sergei Shoigu visited the parade. Later, Shoigu toured a weapons display."
    found = find_entities(text)
    assert people(found) == ["Sergei Shoigu"]
    assert found[0].mentions == ("Sergei Shoigu", "Shoigu")


def test_a_bare_kim_counts_for_neither_when_two_kims_appear() -> None:
    text = "Leader Kim Jong-un inspected the site with his sister Kim Yo-jong. Kim said the launch was a success."
    found = find_entities(text, SEED_REGISTRY)
    assert people(found) == ["Kim Jong-un", "Kim Yo-jong"]
    assert all("Kim" not in e.mentions for e in found)


def test_a_surname_alias_never_overrides_another_full_name_in_the_text() -> None:
    text = "Spokeswoman Kim Yo-jong issued a statement. Kim said the drills were provocative."
    found = find_entities(text, SEED_REGISTRY)
    assert people(found) == ["Kim Yo-jong"]
    assert not found[0].registered


def test_a_surname_alias_counts_with_a_role_cue_when_no_full_name_appears() -> None:
    found = find_entities("The summit between the two men was followed closely. DPRK leader Kim spoke.", SEED_REGISTRY)
    assert people(found) == ["Kim Jong-un"]


def test_an_uncued_common_surname_alias_alone_is_not_enough() -> None:
    found = find_entities("The Kim family restaurant opened on Main Street.", SEED_REGISTRY)
    assert people(found) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("White House National Security Council spokesman John Kirby said on Wednesday.", "John Kirby"),
        ("In an interview, Russian Ambassador to North Korea Alexander Matsegora said so.", "Alexander Matsegora"),
        ("Russian President Vladimir Putin met the delegation.", "Vladimir Putin"),
        ("“We will not comment,” said Jane Holloway, the firm’s lawyer.", "Jane Holloway"),
        ("The plan is working, John Smith said on Monday.", "John Smith"),
        ("Secretary of State Mike Pompeo announced the decision.", "Mike Pompeo"),
        ("The suspect, Michael Webb, was sentenced to life.", "Michael Webb"),
    ],
)
def test_role_cues_discover_people_missing_from_the_registry(text: str, name: str) -> None:
    found = find_entities(text)
    assert name in people(found)
    assert not next(e for e in found if e.name == name).registered


def test_byline_names_are_never_people() -> None:
    text = "Kristi Noem said the campaign works, Noem told reporters.\nBy Michael Lee"
    found = find_entities(text, exclude=["MICHAEL LEE", "Kristi Noem"])
    assert people(found) == []


def test_a_transcript_speaker_label_is_the_speaking_person() -> None:
    found = find_entities("MR. KIRBY: Good afternoon, everybody. Today I want to discuss Wagner.")
    assert people(found) == ["Kirby"]
    found = find_entities("MR. KIRBY: Good afternoon, everybody.", SEED_REGISTRY)
    assert people(found) == ["John Kirby"]
    assert found[0].mentions == ("KIRBY",)


def test_organizations_and_places_are_not_people() -> None:
    text = (
        "Nissan says the Sentra is ready. The Korean War ended in 1953. "
        "Human Rights Watch said the vote was unfair. Frost & Sullivan said sales rose."
    )
    assert people(find_entities(text)) == []


def test_a_role_played_is_not_a_person() -> None:
    found = find_entities("Chris Hemsworth would reprise his role as George Kirk, the father of the captain.")
    assert "George Kirk" not in people(found)


# ---- places --------------------------------------------------------------------------


def test_demonyms_are_not_places() -> None:
    found = find_entities("Russian officials met North Korean and Japanese diplomats.")
    assert of_type(found, "place") == []


def test_city_names_that_are_common_words_need_context() -> None:
    text = "Nice weather helped. Mobile phones were banned. Of the two, one was larger. Reading is fun."
    assert of_type(find_entities(text), "place") == []
    assert of_type(find_entities("The fleet docked in Mobile last week."), "place") == ["Mobile"]


def test_dprk_and_the_official_name_are_north_korea_and_pyongyang_is_a_city() -> None:
    text = "The DPRK, officially the Democratic People’s Republic of Korea, rules from Pyongyang."
    assert of_type(find_entities(text), "place") == ["North Korea", "Pyongyang"]


def test_bare_washington_is_the_government_but_washington_dc_is_a_place() -> None:
    assert of_type(find_entities("Washington warned Moscow against the deal."), "place") == ["Moscow"]
    assert "Washington, D.C." in of_type(find_entities("They met in Washington, D.C., on Friday."), "place")
    assert "Washington, D.C." in of_type(find_entities("The delegation flew to Washington for talks."), "place")


def test_a_place_inside_a_longer_name_is_not_a_mention() -> None:
    text = "The New York Times reported that Northern Illinois beat Fort Worth Police Department."
    assert of_type(find_entities(text), "place") == []


def test_a_person_named_like_a_city_is_not_a_place() -> None:
    found = find_entities("Defense Secretary Lloyd Austin spoke. Austin said the aid would continue.")
    assert people(found) == ["Lloyd Austin"]
    assert of_type(found, "place") == []


# ---- organizations -------------------------------------------------------------------


def test_organizations_by_head_word_acronym_and_parenthesised_acronym() -> None:
    text = (
        "According to Yonhap news agency, quoting the Korean Central News Agency (KCNA), the "
        "Department of the Treasury acted. KCNA said more. The Ministry of Defense agreed."
    )
    found = find_entities(text)
    orgs = {e.name: e for e in found if e.type == "organization"}
    assert set(orgs) == {"Yonhap", "Korean Central News Agency", "Department of the Treasury", "Ministry of Defense"}
    assert orgs["Korean Central News Agency"].mentions == ("Korean Central News Agency", "KCNA")


def test_a_category_is_not_an_organization() -> None:
    text = "Treasury will designate Wagner as a significant Transnational Criminal Organization."
    assert of_type(find_entities(text), "organization") == []


def test_the_un_security_council_is_one_organization_under_its_full_name() -> None:
    text = "It violates United Nations Security Council resolutions. We will raise it at the Security Council."
    found = find_entities(text)
    assert of_type(found, "organization") == ["United Nations Security Council"]
    assert of_type(find_entities("The U.N. Security Council met."), "organization") == [
        "United Nations Security Council"
    ]


def test_registered_places_and_organizations_use_the_registry_name() -> None:
    registry = {
        "place": [KnownEntity("North Korea", ("DPRK", "Pyongyang regime"))],
        "organization": [KnownEntity("Korean Central News Agency", ("KCNA",))],
    }
    found = find_entities("KCNA said the DPRK would respond.", registry)
    assert [(e.name, e.type, e.registered) for e in found] == [
        ("Korean Central News Agency", "organization", True),
        ("North Korea", "place", True),
    ]


# ---- robustness ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "’s", "(((", "A", "U.S.", "\n\n\n"])
def test_odd_inputs_return_a_list(text: str) -> None:
    assert isinstance(find_entities(text), list)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(find_entities(text, SEED_REGISTRY, exclude=[text[:10]]), list)


def test_binary_looking_text_does_not_raise() -> None:
    rng = random.Random(7)
    junk = "".join(chr(rng.randrange(0, 0x3000)) for _ in range(20_000))
    assert isinstance(find_entities(junk), list)


def test_a_megabyte_of_news_gives_the_same_people_and_the_recognizer_a_bounded_share() -> None:
    body = seed_body() + "\n"
    text = body * (1_000_000 // len(body))
    found = find_entities(text, SEED_REGISTRY)
    assert people(found) == SEED_PEOPLE
    # The statistical pass tags at most MAX_TOKENS tokens, whatever the length (timing: bench/).
    doc = tokenize(text)
    assert len(doc) > 4 * MAX_TOKENS
    assert len(features(doc)) == MAX_TOKENS
