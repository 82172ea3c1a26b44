"""Behaviour of extract_html: article paragraphs and metadata from one HTML page, offline."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import lxml.html
import pytest

from generator.ingest.html import HtmlExtraction, decode_html, extract_html
from generator.ingest.html.byline import labelled_bylines
from generator.ingest.html.headline import TUNING, choose_title, site_words, strip_site
from generator.ingest.html.metadata import PageMeta, read_meta
from generator.ingest.html.pagedate import _date_evidence, _script_date_key

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


def test_a_page_over_the_size_bound_is_cut_before_parsing(monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    import generator.ingest.html as html_stage

    parsed: list[int] = []
    real_parse = html_stage._parse

    def counting_parse(text: str) -> object:
        parsed.append(len(text))
        return real_parse(text)

    monkeypatch.setattr(html_stage, "MAX_HTML_CHARS", 200_000)
    monkeypatch.setattr(html_stage, "_parse", counting_parse)
    filler = "<div class='promo'><a href='/p'>Promo link text here</a></div>" * 20_000
    page = article_page(META, footer=filler)
    assert len(page) > 1_000_000
    ex = extract_html(page)
    assert parsed == [200_000]  # the parser never sees more than the bound, whatever the page's size
    assert any(w.startswith("page cut to 200000 characters") for w in ex.warnings)
    assert any(p.startswith("North Korean leader") for p in ex.paragraphs)  # the head, with the article, is kept


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


# --- headline, author and date from what the page states ---------------------------------------

JSON_LD = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
{"@type": "WebSite", "name": "Daily Paper"},
{"@type": "NewsArticle", "headline": "Kim and Putin meet in Vladivostok",
 "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Daily Paper"}],
 "datePublished": "2023-09-05T17:44:00+09:00", "dateModified": "2023-09-07T08:00:00+09:00"}]}</script>"""


def plain_page(head: str, body: str = BODY, lang: str = "en") -> str:
    return f"<html lang='{lang}'><head>{head}</head><body><div class='content'>{body}</div></body></html>"


def test_json_ld_headline_author_and_publication_date_are_used() -> None:
    ex = extract_html(plain_page("<title>Daily Paper - News</title>" + JSON_LD))
    assert ex.title == "Kim and Putin meet in Vladivostok"
    assert ex.byline == "Jane Doe"  # the Person, not the organisation that published it
    assert ex.date == dt.date(2023, 9, 5)  # datePublished, not dateModified
    assert ex.date_evidence == "json-ld datePublished"


def test_a_kicker_above_the_headline_is_not_part_of_the_title() -> None:
    page = article_page(META).replace(
        "<h1>Kim, Putin to meet in Vladivostok</h1>",
        "<h1><span class='article-kicker'>Summit</span> "
        "<span class='headline'>Kim, Putin to meet in Vladivostok</span></h1>",
    )
    assert extract_html(page).title == "Kim, Putin to meet in Vladivostok"


def test_the_site_name_is_taken_off_a_stated_title() -> None:
    head = (
        "<title>Kim, Putin to meet in Vladivostok | Daily Paper</title>"
        '<meta property="og:site_name" content="Daily Paper">'
    )
    assert extract_html(plain_page(head)).title == "Kim, Putin to meet in Vladivostok"


def test_a_byline_shown_on_the_page_gives_the_author() -> None:
    byline = '<p class="entry-meta">Posted on 5 September 2023 by <a rel="author" href="/u/jd">Jane Doe</a></p>'
    ex = extract_html(plain_page("<title>Kim and Putin</title>", byline + BODY))
    assert ex.byline == "Jane Doe"


def test_a_photo_credit_is_not_the_author() -> None:
    byline = '<p class="byline">Foto: Saul Loeb</p>'
    assert extract_html(plain_page("<title>Kim and Putin</title>", byline + BODY)).byline is None


def stamped(value: str, url: str, lang: str = "en", extra: str = "") -> dt.date | None:
    head = f'<title>Kim and Putin</title><meta property="article:published_time" content="{value}">{extra}'
    return extract_html(plain_page(head, lang=lang), url=url).date


def test_a_utc_time_is_read_on_the_day_of_the_pages_country() -> None:
    # 23:00 UTC is already the next day in Germany: the day a German reader saw on the page
    assert stamped("2022-11-06T23:00:00Z", "https://zeitung.example.de/a", lang="de") == dt.date(2022, 11, 7)
    # with no country to go by, the day stays as written
    assert stamped("2022-11-06T23:00:00Z", "https://paper.example.com/a") == dt.date(2022, 11, 6)


def test_a_time_with_its_own_offset_keeps_its_own_day_unless_the_page_is_korean() -> None:
    assert stamped("2022-05-05T23:30:00-05:00", "https://paper.example.com/a") == dt.date(2022, 5, 5)
    assert stamped("2022-05-05T23:30:00-05:00", "https://news.example.co.kr/a", lang="ko") == dt.date(2022, 5, 6)


def test_the_page_writing_the_same_instant_with_an_offset_gives_the_local_day() -> None:
    local = '<time datetime="2022-05-03T23:37:37-04:00">May 3, 2022</time>'
    assert stamped("2022-05-04T03:37:37+00:00", "https://paper.example.com/a", extra=local) == dt.date(2022, 5, 3)


def test_the_day_in_the_address_is_the_publishers_own() -> None:
    url = "https://paper.example.de/2022/11/06/story"
    assert stamped("2022-11-06T23:00:00Z", url, lang="de") == dt.date(2022, 11, 6)


def test_an_updated_date_is_not_taken_for_publication() -> None:
    body = (
        '<p class="meta">Updated <span itemprop="dateModified" content="2023-09-07">7 September 2023</span>'
        ' · Published <span itemprop="datePublished" content="2023-09-05">5 September 2023</span></p>' + BODY
    )
    head = '<title>Kim and Putin</title><meta property="article:modified_time" content="2023-09-07T10:00:00+09:00">'
    ex = extract_html(plain_page(head, body))
    assert ex.date == dt.date(2023, 9, 5)


def test_a_page_that_states_no_date_gets_none_and_says_so() -> None:
    ex = extract_html(plain_page("<title>Kim and Putin</title>", BODY + "<p>© Daily Paper 2023. Since March 2020.</p>"))
    assert ex.date is None and ex.date_evidence is None
    assert "no publication date found" in ex.warnings


def _json_ld_authors(*names: str) -> str:
    people = ", ".join(f'{{"@type": "Person", "name": "{n}"}}' for n in names)
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": [{people}]}}</script>'


def test_a_name_particle_is_part_of_the_name() -> None:
    ex = extract_html(article_page(META + _json_ld_authors("Alexa von Heyden")))
    assert ex.byline == "Alexa von Heyden"


def test_several_authors_are_joined_as_the_byline_writes_them() -> None:
    byline = '<p class="byline">Von Lars Fischer und Alina Schadwinkel</p>'
    ex = extract_html(article_page(META + _json_ld_authors("Lars Fischer", "Alina Schadwinkel"), byline=byline))
    assert ex.byline == "Lars Fischer und Alina Schadwinkel"


def test_an_account_name_is_spelt_as_the_page_shows_it() -> None:
    byline = '<p class="byline">Luke Kemp</p>'
    ex = extract_html(article_page(META + _json_ld_authors("luke_kemp"), byline=byline))
    assert ex.byline == "Luke Kemp"


def test_a_labelled_line_names_the_author() -> None:
    ex = extract_html(article_page(META, byline="<p>06.09.2023 13:30 von Andreas Kürten</p>"))
    assert ex.byline == "Andreas Kürten"


def test_a_layout_box_named_sidebar_does_not_hide_the_byline() -> None:
    page = article_page(META, byline='<span class="author vcard"><a class="url fn n" href="/u/jd">Jane Doe</a></span>')
    page = page.replace("<article>", '<div class="has-sidebar"><article>').replace("</article>", "</article></div>")
    assert extract_html(page).byline == "Jane Doe"


def test_an_earlier_revision_stamp_gives_way_to_the_publication_stamp() -> None:
    head = (
        '<meta property="article:modified_time" content="2022-12-20T16:55:21+00:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kim", '
        '"datePublished": "2022-12-21T05:49:28+00:00", "dateModified": "2022-12-20T16:55:21+00:00"}</script>'
    )
    ex = extract_html(article_page(head))
    assert (ex.date, ex.date_evidence) == (dt.date(2022, 12, 21), "json-ld datePublished")


# --- titles and bylines on pages of kinds the folds showed (eval/html_eval.py --only folds) ---------


def _title_of(page: str, url: str | None = None, fallback: str | None = None) -> str | None:
    tree = lxml.html.fromstring(page)
    return choose_title(tree, read_meta(tree, url), fallback, None, url)


def test_a_title_that_opens_with_the_sites_name_ends_with_the_headline() -> None:
    head = "<title>Four Years Remaining » Blog Archive » Interning of Small Integers in Python</title>"
    page = plain_page(head, "<h1>Four Years Remaining</h1>" + BODY)
    # the <h1> is the blog's name (its logo), and so is trafilatura's pick here
    url = "https://fouryears.example/2019/10/21/interning/"
    assert _title_of(page, url, "Four Years Remaining") == "Interning of Small Integers in Python"


def test_the_host_name_written_whole_is_the_sites_name() -> None:
    url = "https://disfunctions.example/tutorials/podcasts-in-plex/"
    title = "Disfunctions.example » Blog Archiv » Podcasts in Plex einbinden"
    assert strip_site(title, site_words(PageMeta(), None, url), TUNING.site_share) == "Podcasts in Plex einbinden"


def test_an_archived_page_is_named_by_the_site_it_archives() -> None:
    url = "https://web.archive.org/web/20160330101229/http:/muffinrezept.example/muffin-grundrezept/"
    assert "muffinrezept" in site_words(PageMeta(), None, url)
    page = plain_page("<title>Muffin Grundrezept : Muffin Rezepte</title>", "<h1>Muffin Rezepte</h1>" + BODY)
    assert _title_of(page, url, "Muffin Rezepte") == "Muffin Grundrezept"


def test_a_heading_the_title_states_whole_keeps_its_first_word() -> None:
    heading = "<h1><span class='first'>Storm</span> damage closes the coast road for a week</h1>"
    page = plain_page("<title>Storm damage closes the coast road for a week | Daily Paper</title>", heading + BODY)
    assert _title_of(page, "https://paper.example.com/a") == "Storm damage closes the coast road for a week"


def test_a_heading_the_page_states_as_its_title_is_not_cut_where_it_shares_the_sites_name() -> None:
    url = "https://web.archive.org/web/20160401095740/http://www.welpenkaufen24.example/"
    title = "Welpen kaufen – Tipps zu jeder Hunderasse"
    page = plain_page(f"<title>{title}</title>", f"<h1>{title}</h1>" + BODY)
    assert _title_of(page, url) == title


def test_between_equal_headings_the_one_the_pages_own_title_agrees_with_wins() -> None:
    # a section heading that trafilatura took for the title, before the headline
    body = "<h1>Pressemitteilungen</h1><h1>Norddeutschland findet seine Meister</h1>" + BODY
    page = plain_page("<title>Norddeutschland findet seine Meister - Leichtathletik Verband</title>", body)
    url = "https://leichtathletik.example/pressemitteilungen/meister.html"
    assert _title_of(page, url, "Pressemitteilungen") == "Norddeutschland findet seine Meister"


def test_a_headline_made_of_the_sites_name_is_still_the_headline() -> None:
    head = (
        "<title>Gitarre &amp; Bass 02/2022 | GITARRE &amp; BASS</title>"
        '<meta property="og:title" content="Gitarre &amp; Bass 02/2022">'
        '<meta property="og:site_name" content="GITARRE &amp; BASS">'
    )
    assert extract_html(plain_page(head)).title == "Gitarre & Bass 02/2022"


def test_a_title_is_given_in_composed_unicode() -> None:
    page = plain_page("<title>Cafe\u0301 owners meet the mayor over new rents</title>")
    assert _title_of(page) == "Caf\u00e9 owners meet the mayor over new rents"


def test_a_source_credit_is_not_the_author() -> None:
    page = article_page(META, byline='<p class="byline">Quelle: Shanghai Electric</p>')
    assert "Shanghai" not in (extract_html(page).byline or "")


def test_a_given_name_is_not_run_into_the_next_elements_first_word() -> None:
    # "Kathrin" ends one element and "Hallo" opens the next: no surname "Hallo"
    greeting = "<p>Kathrin</p><p>Hallo ihr Lieben, heute gibt es Kuchen.</p>"
    page = article_page(META + _json_ld_authors("Kathrin"), byline=greeting, footer=greeting)
    assert extract_html(page).byline == "Kathrin"


def test_a_label_on_its_own_line_names_the_author_without_the_links_below() -> None:
    box = (
        "<div class='author-box'>\n<h3>Autor</h3>\n<h4><a href='/autor/jil'>Jil Schuller</a></h4>\n"
        "<div><a href='/autor/jil'>Alle Artikel</a></div>\n<div><a href='/kontakt'>Kontakt</a></div>\n</div>"
    )
    tree = lxml.html.fromstring(article_page(META, byline=box))
    assert labelled_bylines(tree) == ["Jil Schuller"]


def test_a_profile_address_beside_the_name_is_not_an_author() -> None:
    page = article_page(META + '<meta name="author" content="facebook.com/jane.doe; Jane Doe">')
    assert extract_html(page).byline == "Jane Doe"


def test_a_date_the_pages_own_script_data_names_as_published_is_traced() -> None:
    data = '<script>window.__STATE__ = {"review": {"id": 7, "publishedDate": "2016-11-04T20:37:27Z"}};</script>'
    ex = extract_html(plain_page("<title>Kim and Putin</title>" + data))
    assert (ex.date, ex.date_evidence) == (dt.date(2016, 11, 4), "script publishedDate")


def test_a_date_script_data_names_as_a_revision_is_not_the_publication_date() -> None:
    data = '<script>window.__STATE__ = {"review": {"id": 7, "lastModifiedDate": "2016-11-04T20:37:27Z"}};</script>'
    assert extract_html(plain_page("<title>Kim and Putin</title>" + data)).date is None


def test_a_revision_stamp_alone_is_not_taken_for_the_publication_date() -> None:
    head = '<title>Kim and Putin</title><meta property="og:updated_time" content="2023-09-07T10:00:00+00:00">'
    ex = extract_html(plain_page(head))
    assert ex.date is None
    assert any("revision" in w for w in ex.warnings)
    # the page's own dateline still dates it
    ex = extract_html(plain_page(head, "<p class='dateline'>Published 5 September 2023</p>" + BODY))
    assert ex.date == dt.date(2023, 9, 5)


def test_script_data_keys_are_bounded_so_one_long_word_is_searched_in_linear_time() -> None:
    # a key is at most 30 characters either side of its cue: what keeps the search linear
    # (an unbounded one took over a minute on the long word below)
    assert _script_date_key('{"publishedDate": "2020-01-02"}', ["2020-01-02"]) == "publishedDate"
    assert _script_date_key('{"' + "x" * 30 + 'date": "2020-01-02"}', ["2020-01-02"]) is not None
    assert _script_date_key('{"' + "x" * 31 + 'date": "2020-01-02"}', ["2020-01-02"]) is None
    assert _script_date_key("date" * 20000 + ' "2020-01-02"', ["2020-01-02"]) is None


def test_a_meta_title_cut_at_an_unescaped_quotation_mark_is_mended_from_the_page_title() -> None:
    # content="… de "incapacitado"" parses as content="… de ": the <title> goes on from it
    head = (
        '<title>Senator calls the plan "reckless"</title>'
        '<meta property="og:title" content="Senator calls the plan "reckless"">'
    )
    assert extract_html(plain_page(head)).title == 'Senator calls the plan "reckless"'


@pytest.mark.parametrize("bar", ["│", "｜"])
def test_a_box_drawing_or_full_width_bar_separates_the_sites_name(bar: str) -> None:
    head = f"<title>Kim, Putin to meet in Vladivostok {bar} Daily Paper</title>"
    assert _title_of(plain_page(head), "https://dailypaper.example/a", "Daily Paper") == (
        "Kim, Putin to meet in Vladivostok"
    )


@pytest.mark.parametrize(
    ("markup", "name"),
    [
        ("<div><h5>Datum: </h5>03.11.2021 <br> <h5>Autor: </h5>Peter Maahn/SP-X <br></div>", "Peter Maahn"),
        ("<div>19.11.2021 <a href='mailto:x'><b>Von:</b> <br> <br> Götz Warnke</a></div>", "Götz Warnke"),
        (
            "<div><span class='label'>Datum:</span> 19.11.2021 <br><span class='label'>Autor:</span> Fritz Imhof<br>"
            "<span class='label'>Quelle:</span> Livenet</div>",
            "Fritz Imhof",
        ),
    ],
)
def test_a_label_in_an_element_of_its_own_names_the_author_after_it(markup: str, name: str) -> None:
    assert labelled_bylines(lxml.html.fromstring(f"<html><body>{markup}{BODY}</body></html>")) == [name]


def test_a_label_before_another_field_of_a_list_names_no_one() -> None:
    markup = "<ul><li><span>Author:</span> <span>Cuisine: Asian</span></li><li>By Cuisine: Asian Filipino</li></ul>"
    assert labelled_bylines(lxml.html.fromstring(f"<html><body>{markup}{BODY}</body></html>")) == []


# --- the day the page shows, where the markup says another -----------------------------------


def german_page(head: str, header: str, url_tail: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='de'><head><title>Fische und Schmerzen | Angelblatt</title>{head}</head>"
        "<body><nav><a href='/'>Start</a> <a href='/news'>News</a></nav><article>"
        f"{header}<p>Ob Fische Schmerzen fühlen, ist eine berechtigte Frage und seit langem Mittelpunkt "
        "einer wissenschaftlichen Debatte, die Forscher, Angler und Tierschützer gleichermaßen beschäftigt.</p>"
        "<p>Neue Studien zeigen, dass Fische auf schädliche Reize reagieren und ihr Verhalten danach "
        "ändern, was viele Biologen als Hinweis auf ein Schmerzempfinden deuten.</p>"
        f"</article><footer>{url_tail}</footer></body></html>"
    )


def test_the_date_under_the_headline_outweighs_a_generic_meta_date() -> None:
    # <meta name="date"> is the record's date; the reader is shown "Stand: 28.04.2020"
    head = '<meta name="date" content="2020-04-29T11:52:23">'
    header = "<h1>Können Fische Schmerzen spüren?</h1><p class='stand'>Stand: 28.04.2020 18:00 Uhr</p>"
    ex = extract_html(german_page(head, header), "https://angelblatt.example.de/fische-schmerzen")
    assert ex.date == dt.date(2020, 4, 28)
    assert ex.date_evidence is not None and "dateline" in ex.date_evidence
    assert any("under its headline" in w for w in ex.warnings)


def test_the_date_under_the_headline_does_not_outweigh_the_articles_json_ld() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Fische",'
        ' "datePublished": "2021-11-29T14:13:37+00:00"}</script>'
    )
    header = "<h1>Können Fische Schmerzen spüren?</h1><p>12.01.2022</p>"
    ex = extract_html(german_page(head, header), "https://angelblatt.example.de/fische-schmerzen")
    assert ex.date == dt.date(2021, 11, 29)


def test_a_date_beside_an_icon_is_traced_and_a_two_digit_year_is_read() -> None:
    # the date stands in the tail of the icon element, not in any element's own text
    header = "<div class='meta-date'><i class='icon'></i> 19.11.2021</div><h1>Können Fische Schmerzen spüren?</h1>"
    assert extract_html(german_page("", header)).date == dt.date(2021, 11, 19)
    header = "<h1>Können Fische Schmerzen spüren?</h1><div class='uploaded-date'>23.09.22</div>"
    assert extract_html(german_page("", header)).date == dt.date(2022, 9, 23)


def test_an_access_date_is_no_evidence_of_publication() -> None:
    header = "<h1>Können Fische Schmerzen spüren?</h1>"
    tail = "<p>Quelle: Tierschutzbericht, Zugriff am 20.05.2018.</p>"
    assert extract_html(german_page("", header, tail)).date is None


def test_a_day_first_date_in_the_address_is_traced() -> None:
    tree = lxml.html.fromstring(german_page("", "<h1>Können Fische Schmerzen spüren?</h1>"))
    day = dt.date(2021, 10, 29)
    assert _date_evidence(tree, day, "https://angelblatt.example.de/meldungen/29-10-2021") == "url 29-10-2021"
    assert _date_evidence(tree, day, "https://angelblatt.example.de/meldungen/10-29-2021") is None


def test_an_rdfa_creation_date_is_a_stamp() -> None:
    tree = lxml.html.fromstring(
        '<html><body><span property="schema:dateCreated" content="2022-01-28T12:45:46+00:00"></span></body></html>'
    )
    stamps = read_meta(tree, None).stamps
    assert [(s.value, s.kind, s.strength) for s in stamps] == [("2022-01-28T12:45:46+00:00", "created", 2)]
