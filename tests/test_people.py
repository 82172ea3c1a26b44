"""Behaviour of person finding with the shipped recognizer (entities/recognizer.py, confirm.py, credits.py)."""

from __future__ import annotations

import importlib.resources
import json

import pytest

from generator.ingest.entities import FoundEntity, find_entities
from generator.ingest.entities.gazetteer import gazetteer, given_names, world_given_names
from generator.ingest.entities.gazetteer_build import build, versions
from generator.ingest.entities.people import PeopleFinder
from generator.ingest.entities.recognizer import MAX_TOKENS, Recognizer, features, recognizer
from generator.ingest.entities.text import tokenize


def people(found: list[FoundEntity]) -> list[str]:
    return [e.name for e in found if e.type == "person"]


# ---- the shipped data ------------------------------------------------------------------


def test_the_model_loads_from_package_data_and_tags_a_name() -> None:
    data = importlib.resources.files("generator.ingest.entities").joinpath("data", "people.crfsuite").read_bytes()
    model = Recognizer(data)
    doc = tokenize("The talks were led by Tobias Ellwood on Monday.")
    spans = [(doc.span_text(p.first, p.last), p.label) for p in model.propose(doc)]
    assert ("Tobias Ellwood", "PER") in spans
    assert recognizer() is not None


def test_the_model_ships_with_its_licence_and_attribution() -> None:
    text = importlib.resources.files("generator.ingest.entities").joinpath("data", "PEOPLE-MODEL.md").read_text()
    for credit in ("wikigold", "WNUT17", "Broad Twitter Corpus", "re3d", "CC BY 4.0", "Open Government Licence"):
        assert credit in text
    assert "CC BY-SA" in text and "never for training" in text


def test_the_shipped_gazetteer_index_is_what_the_builder_makes_from_the_same_libraries() -> None:
    shipped = json.loads(
        importlib.resources.files("generator.ingest.entities").joinpath("data", "gazetteer.json").read_text()
    )
    if shipped["versions"] != versions():
        pytest.skip(f"index made from {shipped['versions']}, installed {versions()}: run make model-gazetteer")
    assert shipped == build(), "the index is stale: run make model-gazetteer"


def test_the_gazetteer_index_answers_like_the_libraries_it_came_from() -> None:
    gaz = gazetteer()
    assert gaz.by_key[("north", "korea")][0].name == "North Korea"
    assert gaz.by_key.get(("seoul",), [])[0].kind == "city"
    assert ("no", "such", "place") not in gaz.by_key
    assert "korean" in gaz.demonyms
    assert "mary" in given_names() and "gianluigi" in world_given_names()


LINE_UP = "Juventus: Angelo Peruzzi; Ciro Ferrara, Paolo Montero, Moreno Torricelli, Gianluca Pessotto."


def test_without_the_model_the_rules_still_find_people(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.ingest import entities

    monkeypatch.setattr(entities, "recognizer", lambda: None)
    assert people(find_entities(f"Defense Secretary Lloyd Austin spoke.\n{LINE_UP}")) == [
        "Lloyd Austin",
        "Angelo Peruzzi",
    ]


def test_tagging_work_is_bounded_on_a_huge_text() -> None:
    doc = tokenize("Mark Woodforde beat Goran Ivanisevic 6-4. " * 20_000)
    assert len(doc) > MAX_TOKENS
    assert len(features(doc)) == MAX_TOKENS


# ---- what the recognizer adds ----------------------------------------------------------------


def test_names_in_a_list_of_results_are_people() -> None:
    text = (
        "Men's singles, second round:\n"
        "1. Mark Woodforde (Australia) 6-4 6-3\n"
        "2. Goran Ivanisevic (Croatia) 7-5 6-2\n"
        "Pete Sampras beat Mark Woodforde (Australia) 6-4 6-3 in the quarter-finals."
    )
    names = people(find_entities(text))
    for name in ["Mark Woodforde", "Goran Ivanisevic", "Pete Sampras"]:
        assert name in names
    assert "Australia" not in names and "Croatia" not in names


def test_names_in_a_line_up_are_people() -> None:
    found = ["Angelo Peruzzi", "Ciro Ferrara", "Paolo Montero", "Moreno Torricelli", "Gianluca Pessotto"]
    assert people(find_entities(LINE_UP)) == found
    assert people(find_entities(LINE_UP, statistical=False)) == found[:1]  # the rules alone miss the rest
    text = "Celtic: Gordon Marshall, Tosh McKinlay, Alan Stubbs, Paul McStay, Brian O'Neil."
    assert people(find_entities(text)) == [
        "Gordon Marshall",
        "Tosh McKinlay",
        "Alan Stubbs",
        "Paul McStay",
        "Brian O'Neil",
    ]


def test_a_name_with_its_role_after_it_is_a_person() -> None:
    assert people(find_entities("Marcel Desailly, the French defender, signed on Monday.")) == ["Marcel Desailly"]


def test_an_uncued_name_shaped_run_needs_the_recognizer_not_to_doubt_it() -> None:
    """ "Herman Miller" (a furniture maker) opens with a census given name and has no cue: the rules
    alone would take it. With the recognizer's odds it is kept only when they are not low."""
    text = "Shares of Herman Miller rose on Monday."
    doc = tokenize(text)
    first = doc.texts.index("Herman")

    def found(odds: float) -> list[str]:
        person_odds = [odds if t in (first, first + 1) else 0.0 for t in range(len(doc))]
        finder = PeopleFinder(doc, gazetteer(), person_odds=person_odds)
        finder.discover()
        finder.propagate()
        return [doc.span_text(p.core[0], p.core[-1]) for p in finder.people]

    assert found(1.0) == ["Herman Miller"]
    assert found(0.0) == []


# ---- what is never a person ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Biden spoke on Monday.\nSaul Loeb / AFP",
        "Biden spoke on Monday.\nSaul Loeb/AFP via Getty Images",
        "Photo: Jane Holloway\nThe council met on Monday.",
        "The council met on Monday. (Photo by Jane Holloway)",
        "ⓒ News1 Kim Min-ji\nThe council met on Monday.",
        "Gordon Marshall greets fans in Glasgow on Tuesday. (Yonhap)",
    ],
)
def test_a_photo_credit_or_caption_is_never_a_person(text: str) -> None:
    names = people(find_entities(text))
    for wrong in ["Saul Loeb", "Jane Holloway", "Kim Min-ji", "Gordon Marshall"]:
        assert wrong not in names


def test_a_name_in_the_article_is_still_found_when_a_credit_also_names_someone() -> None:
    text = "President Joe Biden speaks at the White House on Monday. Saul Loeb / AFP"
    assert people(find_entities(text)) == ["Joe Biden"]


@pytest.mark.parametrize(
    "text",
    [
        "By Michael Lee\nThe council met on Monday.",
        "Michael Lee, Staff Reporter\nThe council met on Monday.",
        "AsiaToday reporter Hong Sun-mi\nThe council met on Monday.",
    ],
)
def test_a_byline_line_is_never_a_person(text: str) -> None:
    assert people(find_entities(text)) == []


def test_an_agency_staff_line_and_an_author_box_name_no_actor() -> None:
    text = (
        "TOKYO (Reuters) - Prime Minister Shinzo Abe said on Monday the tax would rise.\n"
        "Additional reporting by Linda Sieg in Osaka.\n"
        "Reporting by Kiyoshi Takenaka; Editing by Robert Birsel\n\n"
        "About the author\n\nMarcus Hale\n\nSubscribe now"
    )
    assert people(find_entities(text)) == ["Shinzo Abe"]


@pytest.mark.parametrize(
    "text",
    [
        "The Bill & Melinda Gates Foundation gave money to the clinic.",
        "The concert is at the Cynthia Woods Mitchell Pavilion tonight.",
        "Frost & Sullivan said sales rose. The Walt Disney Company agreed.",
        "Johns Hopkins University said the study was flawed.",
        "Shares of Macy’s and Kellogg’s fell.",
        "Its members joined the Harold Burton Quartet.",
    ],
)
def test_organizations_and_places_named_after_people_are_not_people(text: str) -> None:
    assert people(find_entities(text)) == []


def test_a_shouting_headline_gives_no_new_people() -> None:
    assert people(find_entities("SOCCER - JAPAN GET LUCKY WIN AS GORDON MARSHALL WATCHES")) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shares fell after it was reported that CEO Hubert Joly cut his stake.", "Hubert Joly"),
        ("The party's Secretary-General Sontirat Sontijirawong said the vote was fair.", "Sontirat Sontijirawong"),
        ("Majority Whip John Cornyn spoke after the lunch.", "John Cornyn"),
        ("Wearing a Cubs cap, actor Bill Murray took the lectern.", "Bill Murray"),
        ("Actor Will Arnett toured the briefing room on Friday.", "Will Arnett"),
        ("He met British prime minister Theresa May on Friday.", "Theresa May"),
    ],
)
def test_a_capitalised_hyphenated_or_whip_title_and_a_common_word_given_name_after_a_role(text: str, name: str) -> None:
    assert people(find_entities(text)) == [name]


def test_a_common_word_given_name_without_a_cue_is_still_no_person() -> None:
    assert people(find_entities("The Senate passed the Bill Murray amendment on Monday.")) == []
    assert people(find_entities("The minister said in May that the tax would rise.")) == []
