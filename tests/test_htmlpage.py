"""Behaviour of extract_html: article paragraphs and metadata from one HTML page, offline."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator

import pytest

from generator.ingest.html import HtmlExtraction, decode_html, extract_html

BODY = (
    "<p>North Korean leader Kim Jong-un is expected to visit Vladivostok to meet Russian "
    "President Vladimir Putin for talks about supplying weapons, officials said on Monday.</p>"
    "<h2>Armored train</h2>"
    "<p>Kim will likely travel from Pyongyang by armored train to the port city, located on "
    "the Pacific coast of Russia's Far Eastern Federal District, according to the officials.</p>"
    "<blockquote>We urge the DPRK to cease its arms negotiations with Russia, the spokesman "
    "said in a statement to reporters.</blockquote>"
    "<p>Increased military cooperation between North Korea and Russia would provide ample "
    "cause for concern in both Seoul and Washington, analysts told the newspaper.</p>"
)


def article_page(head: str = "", byline: str = "", footer: str = "") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Kim, Putin to meet in Vladivostok | Daily Paper"
        f"</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sports'>Sports</a></nav>"
        "<article><h1>Kim, Putin to meet in Vladivostok</h1>"
        f"{byline}{BODY}</article>"
        "<aside><h3>Most read</h3><ul><li><a href='/x'>Other story one</a></li>"
        "<li><a href='/y'>Other story two</a></li></ul></aside>"
        f"<footer>{footer}</footer></body></html>"
    )


META = (
    '<meta property="og:site_name" content="Daily Paper">'
    '<meta property="article:published_time" content="2023-09-05T17:44:00+09:00">'
    '<link rel="canonical" href="https://paper.example.com/world/kim-putin">'
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a socket fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract_html tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def test_article_body_is_extracted_in_order_without_navigation(no_network: None) -> None:
    ex = extract_html(article_page(META), url="https://paper.example.com/world/kim-putin?x=1")
    assert ex.paragraphs[0].startswith("North Korean leader Kim Jong-un")
    assert "Armored train" in ex.paragraphs  # subheads are kept as blocks
    assert any(p.startswith("We urge the DPRK") for p in ex.paragraphs)  # quotes too
    assert ex.paragraphs[-1].startswith("Increased military cooperation")
    joined = "\n".join(ex.paragraphs)
    assert "Other story one" not in joined and "Sports" not in joined


def test_metadata_from_the_page(no_network: None) -> None:
    ex = extract_html(article_page(META), url="https://paper.example.com/world/kim-putin?x=1")
    assert ex.title == "Kim, Putin to meet in Vladivostok"  # the headline, not "… | Daily Paper"
    assert ex.source == "Daily Paper"
    assert ex.url == "https://paper.example.com/world/kim-putin"
    assert ex.date == dt.date(2023, 9, 5)
    assert ex.date_evidence == "html meta article:published_time"


def test_headline_is_not_repeated_as_the_first_paragraph() -> None:
    ex = extract_html(article_page(META))
    assert ex.title is not None
    assert ex.paragraphs[0] != ex.title


def test_byline_without_email_and_label() -> None:
    head = META + '<meta name="author" content="Michael Lee (lee.junhyuk@joongang.co.kr)">'
    ex = extract_html(article_page(head))
    assert ex.byline == "Michael Lee"


def test_several_authors_are_semicolon_joined() -> None:
    head = META + '<meta name="author" content="Jane Doe, John Roe">'
    ex = extract_html(article_page(head))
    assert ex.byline == "Jane Doe; John Roe"


def test_copyright_year_is_not_turned_into_january_first() -> None:
    ex = extract_html(article_page(footer="Copyright © 2019 Daily Paper. All rights reserved."))
    assert ex.date is None
    assert ex.date_evidence is None
    assert any("date" in w for w in ex.warnings)


def test_date_from_a_time_element() -> None:
    byline = '<p class="byline">By Jane Doe, <time datetime="2020-09-26">26 September 2020</time></p>'
    ex = extract_html(article_page(byline=byline))
    assert ex.date == dt.date(2020, 9, 26)
    assert ex.date_evidence is not None


def test_date_from_json_ld() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2021-03-04T08:00:00Z", "headline": "Kim"}</script>'
    )
    ex = extract_html(article_page(head))
    assert ex.date == dt.date(2021, 3, 4)
    assert ex.date_evidence == "json-ld datePublished"


def test_future_date_is_not_accepted() -> None:
    head = '<meta property="article:published_time" content="2999-01-01T00:00:00Z">'
    assert extract_html(article_page(head)).date is None


def test_url_like_string_is_not_downloaded(no_network: None) -> None:
    ex = extract_html("https://example.com/2023/09/05/story")
    assert isinstance(ex, HtmlExtraction)  # treated as (odd) page text, never fetched
    assert ex.paragraphs in ([], ["https://example.com/2023/09/05/story"])


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "<",
        "<html></html>",
        "<p>one tiny fragment</p>",
        "<<<>>>&&&;;;",
        "<html><body>" + "<div>" * 5000 + "</body></html>",
    ],
)
def test_garbage_never_raises(junk: str, no_network: None) -> None:
    ex = extract_html(junk)
    assert isinstance(ex, HtmlExtraction)
    assert ex.date is None
    assert ex.warnings  # says why nothing useful came out


def test_non_string_input_gives_a_warning_not_an_exception() -> None:
    ex = extract_html(None)  # type: ignore[arg-type]
    assert ex.paragraphs == [] and ex.warnings


def test_huge_page_is_handled_in_reasonable_time(no_network: None) -> None:
    filler = "<div class='promo'><a href='/p'>Promo link text here</a></div>" * 85_000
    page = article_page(META, footer=filler)
    assert len(page) > 5_000_000
    started = time.monotonic()
    ex = extract_html(page)
    assert time.monotonic() - started < 60
    assert any(p.startswith("North Korean leader") for p in ex.paragraphs)


def test_article_split_into_same_class_containers_is_extracted_whole() -> None:
    part = (
        "<p>{} paragraph of the long feature, with enough words in it to be a real "
        "paragraph of the article that readers came to read today.</p>"
    )
    first = "".join(part.format(f"Opening {i}") for i in range(4))
    second = "".join(part.format(f"Later {i}") for i in range(4))
    page = (
        "<html><head><title>Feature | Mag</title></head><body><article><h1>Feature</h1>"
        f"<div class='body article__body'>{first}</div>"
        "<div class='ad'><span>Advertisement</span></div>"
        f"<div class='body article__body'>{second}</div>"
        "</article></body></html>"
    )
    ex = extract_html(page)
    assert ex.paragraphs[0].startswith("Opening 0")
    assert ex.paragraphs[-1].startswith("Later 3")
    assert "Advertisement" not in ex.paragraphs


def test_decode_html_honours_declared_charset() -> None:
    raw = '<html><head><meta charset="euc-kr"></head><body>입력 2023</body></html>'
    assert "입력" in decode_html(raw.encode("euc-kr"))
    assert decode_html("<p>café</p>".encode()) == "<p>café</p>"
