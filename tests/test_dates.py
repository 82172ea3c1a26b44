"""Behaviour of date_from_text / date_from_url: find the publication date, never invent one."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.ingest.dates import (
    cued_date,
    date_from_text,
    date_from_url,
    dateline,
    is_date_line,
    is_stamp_line,
    opens_with_stamp,
)

KST = dt.timezone(dt.timedelta(hours=9))
TODAY = dt.date(2026, 1, 1)


def text_date(text: str) -> dt.date | None:
    found = date_from_text(text, not_after=TODAY)
    return found.date if found else None


# --- URLs -------------------------------------------------------------------------------------


def test_daum_url_timestamp_gives_date_and_time() -> None:
    found = date_from_url("https://v.daum.net/v/20230905174434487")
    assert found is not None
    assert found.date == dt.date(2023, 9, 5)
    assert found.datetime == dt.datetime(2023, 9, 5, 17, 44, 34)
    assert "20230905174434487" in found.evidence


def test_korean_domain_timestamp_is_read_as_kst() -> None:
    found = date_from_url("https://news.example.co.kr/article/20230905174434487")
    assert found is not None and found.datetime is not None
    assert found.datetime.utcoffset() == dt.timedelta(hours=9)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.nytimes.com/2019/11/19/opinion/republicans.html", dt.date(2019, 11, 19)),
        ("https://example.com/news/2023-09-05/kim-putin", dt.date(2023, 9, 5)),
        ("https://example.com/a/20230905/story.html", dt.date(2023, 9, 5)),
    ],
)
def test_dates_in_url_paths(url: str, expected: dt.date) -> None:
    found = date_from_url(url)
    assert found is not None and found.date == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ctpost.com/news/article/New-SUVs-14848164.php",  # an id, not a date
        "https://example.com/2023/09/a-month-only/",  # no day: would be an invented 1st
        "https://example.com/2023/02/30/impossible",  # 30 February
        "https://example.com/",
        "",
    ],
)
def test_urls_without_a_full_date_give_none(url: str) -> None:
    assert date_from_url(url) is None


def test_web_archive_capture_time_is_not_the_publication_date() -> None:
    archived = "https://web.archive.org/web/20160401095740/http://www.example.de/"
    assert date_from_url(archived) is None
    inner = "https://web.archive.org/web/20160218174457/http://example.de/2010/05/19/post/"
    found = date_from_url(inner)
    assert found is not None and found.date == dt.date(2010, 5, 19)


def test_url_date_after_not_after_is_rejected() -> None:
    assert date_from_url("https://example.com/2030/01/02/x", not_after=TODAY) is None


# --- text ---------------------------------------------------------------------------------------


def test_korean_input_line_gives_kst_datetime() -> None:
    found = date_from_text("기사 제목\n입력 2023.09.05. 17:44\n본문", not_after=TODAY)
    assert found is not None
    assert found.date == dt.date(2023, 9, 5)
    assert found.datetime == dt.datetime(2023, 9, 5, 17, 44, tzinfo=KST)
    assert found.evidence.startswith('text "입력 2023.09.05')


def test_published_is_preferred_over_updated() -> None:
    line = "Published: 22:00 GMT, 26 September 2020 | Updated: 08:39 GMT, 28 September 2020"
    found = date_from_text(line, not_after=TODAY)
    assert found is not None
    assert found.date == dt.date(2020, 9, 26)
    assert found.datetime == dt.datetime(2020, 9, 26, 22, 0, tzinfo=dt.UTC)


def test_korean_published_beats_modified_even_when_modified_comes_first() -> None:
    assert text_date("수정 2023.09.06. 10:00\n입력 2023.09.05. 17:44") == dt.date(2023, 9, 5)


def test_updated_date_is_used_when_it_is_the_only_one() -> None:
    assert text_date("수정 2023.09.05.") == dt.date(2023, 9, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023년 9월 5일", dt.date(2023, 9, 5)),
        ("Sept. 5, 2023", dt.date(2023, 9, 5)),
        ("September 5, 2023", dt.date(2023, 9, 5)),
        ("5 September 2023", dt.date(2023, 9, 5)),
        ("Tuesday, September 5, 2023", dt.date(2023, 9, 5)),
        ("2023-09-05", dt.date(2023, 9, 5)),
        ("Veröffentlicht am 5. April 2017", dt.date(2017, 4, 5)),
        ("4 de maio de 2022, 05:34 h", dt.date(2022, 5, 4)),
        ("mardi 5 juin 2018", dt.date(2018, 6, 5)),
        ("Published: 25/09/2023", dt.date(2023, 9, 25)),  # day > 12: unambiguous
        ("Dec 24th, 2018", dt.date(2018, 12, 24)),
        ("Opublikowano: 3 marca 2021 r.", dt.date(2021, 3, 3)),
        ("czwartek, 14 października 2021", dt.date(2021, 10, 14)),
        ("Data publikacji: 2 lut 2022, 10:15", dt.date(2022, 2, 2)),
    ],
)
def test_common_date_forms_on_a_date_line(text: str, expected: dt.date) -> None:
    assert text_date(text) == expected


def test_ambiguous_numeric_date_gives_none() -> None:
    assert text_date("Published: 05/09/2023") is None  # 5 September or May 9?


@pytest.mark.parametrize("text", ["Copyright 2019", "© 2019 Example Media. All rights reserved."])
def test_copyright_year_alone_gives_none(text: str) -> None:
    assert text_date(text) is None


def test_impossible_date_gives_none_without_raising() -> None:
    assert text_date("2023-02-30") is None
    assert text_date("Published: 31 February 2023") is None


def test_future_and_implausible_dates_are_rejected() -> None:
    assert text_date("Published: 5 September 2031") is None
    assert text_date("Published: 5 September 1901") is None


def test_dates_inside_prose_are_not_publication_dates() -> None:
    text = (
        "Kim, Putin expected to discuss weapons in Vladivostok\n"
        + "Kim and Putin last met in April 2019, when the North Korean leader travelled by "
        "train to Vladivostok, and Shoigu attended a parade marking the end of the 1950-53 "
        "Korean War; the treaty signed on July 27, 1953 was discussed at length by everyone.\n"
        "Copyright © 2023 Korea JoongAng Daily.\n"
    )
    assert text_date(text) is None


def test_date_line_beside_the_headline_is_taken() -> None:
    body = "The long article text goes on and on about many things. " * 5
    text = "\n".join(
        [
            "Big headline about the summit | The Paper",
            "Home",
            "World",
            "Sports",
            "Big headline about the summit",
            "September 5, 2023",
            body,
            "Related: Other story",
            "September 1, 2023",
        ]
    )
    found = date_from_text(text, not_after=TODAY)
    assert found is not None and found.date == dt.date(2023, 9, 5)
    assert found.evidence == 'text "September 5, 2023"'


def test_comment_timestamps_after_the_body_are_ignored() -> None:
    body = "The long article text goes on and on about many things. " * 5
    text = "\n".join(["A recipe page", body, body, body, "Jane", "14/04/2020 at 3:00 pm", "Reply"])
    assert text_date(text) is None


def test_byline_date_is_taken() -> None:
    text = "By Jane Slaughter on Thu, Nov 9, 2023 at 4:00 am\n" + "Body text. " * 30
    found = date_from_text(text, not_after=TODAY)
    assert found is not None
    assert found.date == dt.date(2023, 11, 9)
    assert found.datetime == dt.datetime(2023, 11, 9, 4, 0)  # no zone stated: naive


@pytest.mark.parametrize("junk", ["", "\n\n", "no dates here", "12:30", "99.99.9999", "x" * 100_000])
def test_garbage_gives_none(junk: str) -> None:
    assert date_from_text(junk) is None


# --- time stamps and the page's day --------------------------------------------------------------


def test_stamps_are_read_with_their_zone() -> None:
    from generator.ingest.timezones import parse_stamp

    utc = parse_stamp("2022-11-06T23:00:00.000Z")
    assert utc is not None and utc.universal and utc.day == dt.date(2022, 11, 6)
    local = parse_stamp("2022-05-05T21:00:00-05:00")
    assert local is not None and not local.universal and local.when is not None
    assert local.when.utcoffset() == dt.timedelta(hours=-5)
    rfc = parse_stamp("Wed, 04 May 2022 02:41:00 GMT")
    assert rfc is not None and rfc.universal and rfc.day == dt.date(2022, 5, 4)
    assert parse_stamp("2022-5-5") == parse_stamp("2022-05-05")
    assert parse_stamp("10/05/2022 05:22 pm") is None  # day-first or month-first: not for this reader
    assert parse_stamp("2022-02-30T10:00:00Z") is None


def test_the_country_comes_from_the_domain_or_a_regional_language() -> None:
    from generator.ingest.timezones import country_of

    assert country_of("https://www.tagesschau.de/a", None) == "DE"
    assert country_of("https://eldeber.com.bo/a", "es") == "BO"
    assert country_of("https://news.example.com/a", "pt-BR") == "BR"
    assert country_of("https://news.example.com/a", "en-US") is None  # many tools' default says nothing
    assert country_of("https://startup.io/a", None) is None  # a generic two-letter domain
    assert country_of(None, "ko") == "KR"


def test_a_day_is_moved_only_when_the_page_says_where_it_is_read() -> None:
    from generator.ingest.timezones import local_day, parse_stamp

    late = parse_stamp("2022-05-04T02:41:00Z")
    assert late is not None
    assert local_day(late) == dt.date(2022, 5, 4)  # nowhere in particular: as written
    assert local_day(late, country="BO") == dt.date(2022, 5, 3)  # Bolivia is UTC-4
    assert local_day(late, country="US") == dt.date(2022, 5, 3)  # every US zone agrees here
    assert local_day(late, country="BO", url_day=dt.date(2022, 5, 4)) == dt.date(2022, 5, 4)
    evening = parse_stamp("2022-05-05T23:30:00-05:00")
    assert evening is not None
    assert local_day(evening) == dt.date(2022, 5, 5)
    assert local_day(evening, country="CO") == dt.date(2022, 5, 5)  # Colombia's own offset
    assert local_day(evening, country="KR") == dt.date(2022, 5, 6)  # read in Seoul
    noon = parse_stamp("2022-05-05T12:00:00Z")
    assert noon is not None and local_day(noon, country="RU") == dt.date(2022, 5, 5)
    split = parse_stamp("2022-05-05T20:00:00Z")
    assert split is not None
    assert local_day(split, country="RU") == dt.date(2022, 5, 5)  # Russia's zones disagree: as written


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("Friday, August 21, 2015", True),
        ("2023. 9. 13. 13:59", True),
        ("21 August 2015 10:30 GMT", True),
        ("2023년 9월 13일 (수)", True),
        ("2015-08-21", True),
        ("The report comes after the August 21, 2015 exchange of fire.", False),
        ("August 2015", False),
        ("Published: Friday, August 21, 2015", False),
    ],
)
def test_a_line_that_is_only_a_date_is_a_dateline(line: str, dateline: bool) -> None:
    assert is_date_line(line) is dateline


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("입력 2021-08-31 14:27", True),
        ("기사입력 : 2024년03월16일 16:50", True),
        ("최종수정 : 2018년05월09일 17:25", True),
        ("입력 2009년 7월 15일 02시 59분", True),
        ("입력 2024.03.16 16:50 | 수정 2024.03.16 17:00", True),
        ("등록 2024-03-16 오후 4:50", True),
        ("승인 2018.04.20 13:26", True),
        ("2016-01-04 27면", True),
        ("Published: Friday, August 21, 2015", True),
        ("2023. 9. 13. 13:59", True),  # a date line is a stamp too
        ("입력 2021-08-31 국회 합의", False),  # words beside the date: not a stamp
        ("8월 23일 (금) 뉴스룸 다시보기", False),
        ("The report comes after the August 21, 2015 exchange of fire.", False),
        ("Posted by John on 2021-01-02", False),
    ],
)
def test_a_line_of_dates_and_their_cue_words_is_a_stamp(line: str, stamp: bool) -> None:
    assert is_stamp_line(line) is stamp


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("입력 2016.10.19 (23:07) | 수정 2016.10.19 (23:50) 뉴스라인", True),
        ("기사입력 : 2024년03월16일 16:50 조회 120", True),
        ("Published 7 April 2020 · 3 min read", True),
        ("입력된 자료는 2024년까지 보관된다", False),
        ("Published reports say 12 people died in the fire on Monday.", False),
    ],
)
def test_a_short_line_opening_with_a_cued_date_opens_with_a_stamp(line: str, opens: bool) -> None:
    assert opens_with_stamp(line) is opens


# --- the dateline under a headline -----------------------------------------------------------

HEAD = "Können Fische Schmerzen spüren?"


def test_the_dateline_is_the_date_line_under_the_headline() -> None:
    text = f"{HEAD} | Angelblatt\nMenü\n19.09.2021\n{HEAD}\nChristoph Hein\nMittwoch, 26.01.2022 - 14:30\nOb Fische …"
    found = dateline(text, [HEAD], not_after=TODAY)
    assert found is not None and found.date == dt.date(2022, 1, 26)
    # a date above the headline (the day's date in a page header) is not its dateline
    assert dateline(f"{HEAD}\n19.09.2021\n{HEAD}\nChristoph Hein", [HEAD], not_after=TODAY) is None


def test_a_range_or_a_sentence_is_no_dateline() -> None:
    assert dateline(f"x\n{HEAD}\nWochenbericht 14. - 20. Januar 2022", [HEAD], not_after=TODAY) is None
    sentence = "Die neue Verordnung, die der Landtag beschlossen hat, gilt ab dem 13. Januar 2022 für alle Betriebe."
    assert dateline(f"x\n{HEAD}\n{sentence}", [HEAD], not_after=TODAY) is None


def test_a_revision_dateline_counts_only_when_nothing_else_is_shown() -> None:
    text = f"x\n{HEAD}\nAktualisiert: 11.04.2020\nVeröffentlicht: 03.04.2020\nText"
    found = dateline(text, [HEAD], not_after=TODAY)
    assert found is not None and found.date == dt.date(2020, 4, 3)
    found = dateline(f"x\n{HEAD}\nAktualisiert: 11.04.2020\nText", [HEAD], not_after=TODAY)
    assert found is not None and found.date == dt.date(2020, 4, 11)


def test_a_cued_date_is_introduced_by_a_publication_word() -> None:
    text = "Rezension\nLetzte Änderung: 31.10.2023 - 14:49:39\nErschienen am: 01.11.2023\nLesungen: 61"
    found = cued_date(text, not_after=TODAY)
    assert found is not None and found.date == dt.date(2023, 11, 1)
    assert cued_date("Letzte Änderung: 31.10.2023", not_after=TODAY) is None
