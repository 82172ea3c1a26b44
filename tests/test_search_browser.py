"""Search in Chromium: the demo site (and one Korean brief) built under /repo/ and served as GitHub Pages would,
searched through the search page and the header box, with filters, marks, and JavaScript off."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from generator.build.pipeline import BuildOptions, build
from generator.config.site import load_config
from tests.browsers import chromium
from tests.conftest import NOW, REPO
from tests.servers import static_server

pytestmark = pytest.mark.browser

KOREAN_TITLE = "미 상원 군사위원들 “북한, 독재주의 연대 가세…러시아에 무기 제공 시 강력 대응”"
KIRBY_2024 = "John Kirby: Russia launched North Korean-supplied ballistic missiles against Ukraine"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo's briefs (English and Korean) and registry, built into www/repo/ and served."""
    root = tmp_path_factory.mktemp("demo")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    shutil.copytree(REPO / "content", root / "content")
    www = root / "www"
    config = load_config(root / "site.yml").with_overrides(
        output=www / "repo", base_url="https://example.github.io/repo/"
    )
    build(config, BuildOptions(now=NOW))
    with static_server(www) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, origin: str) -> Iterator[Page]:
    """A page that may reach the site only: any other request (a CDN, a font) fails the test."""
    context = browser.new_context()
    elsewhere: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    failed: list[str] = []
    context.route("**/*", only_local)
    opened = context.new_page()
    opened.on("requestfailed", lambda request: failed.append(_name(request)))
    opened.on("pageerror", lambda error: failed.append(f"page error: {error}"))
    yield opened
    context.close()
    assert elsewhere == [], "search reached outside the site"
    assert [f for f in failed if not f.endswith("net::ERR_ABORTED")] == []


def _name(request: Request) -> str:
    return f"{request.url} {request.failure}"


def search(page: Page, origin: str, query: str) -> list[str]:
    """Type a query on the search page; the titles found, once the status says how many."""
    page.goto(origin + "/repo/search/")
    page.fill("#q", query)
    expect(page.locator("#search-status")).to_contain_text("found", timeout=20_000)
    return page.locator("#search-list h2 a").all_text_contents()


def test_typing_shoigu_finds_his_briefs_with_the_word_marked(page: Page, origin: str) -> None:
    titles = search(page, origin, "Shoigu")
    assert "Kim, Putin expected to discuss weapons in Vladivostok" in titles
    assert any(t.startswith(KIRBY_2024) for t in titles)
    assert len(titles) == 2
    marks = page.locator("#search-list .search-excerpt mark").all_text_contents()
    assert marks and all(m.lower() == "shoigu" for m in marks)
    for href in page.locator("#search-list h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("/repo/20") and "highlight=" in href  # under the subpath, to the brief page


def test_kirby_2024_finds_the_brief_of_4_january_2024(page: Page, origin: str) -> None:
    titles = search(page, origin, "Kirby 2024")
    assert titles and titles[0].startswith(KIRBY_2024), titles
    expect(page.locator("#search-list li").first.locator("time")).to_have_text("4 January 2024")


def test_the_korean_name_finds_the_korean_brief(page: Page, origin: str) -> None:
    titles = search(page, origin, "김정은")
    assert titles == [KOREAN_TITLE]  # the one Korean demo brief that names him
    expect(page.locator("#search-list article").first).to_have_attribute("lang", "ko")
    expect(page.locator("#search-list time").first).to_have_text("2023년 9월 12일")  # as its page dates it


def test_filters_by_topic_and_year_narrow_the_results_and_stay_in_the_address(page: Page, origin: str) -> None:
    titles = search(page, origin, "Kirby")
    assert len(titles) >= 2
    page.select_option("#search-filter-topics", "Arms and military cooperation")
    page.select_option("#search-filter-year", "2024")
    expect(page.locator("#search-status")).to_contain_text("1 brief found", timeout=20_000)
    assert [t[: len(KIRBY_2024)] for t in page.locator("#search-list h2 a").all_text_contents()] == [KIRBY_2024]
    assert "year=2024" in page.url and "topics=Arms" in page.url
    page.reload()  # the address keeps the search: the same results come back
    expect(page.locator("#search-status")).to_contain_text("1 brief found", timeout=20_000)
    expect(page.locator("#search-filter-year")).to_have_value("2024")
    page.select_option("#search-filter-year", "2023")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ briefs found"), timeout=20_000)
    titles = page.locator("#search-list h2 a").all_text_contents()
    assert any(t.startswith("John Kirby: North Korea delivered infantry rockets") for t in titles), titles
    assert not any(t.startswith(KIRBY_2024) for t in titles)
    dates = page.locator("#search-list time").all_text_contents()
    assert dates and all("2023" in d for d in dates)  # "20 January 2023", "2023년 8월 8일"


def test_the_header_box_searches_from_any_page_and_the_brief_shows_the_words_marked(page: Page, origin: str) -> None:
    page.goto(origin + "/repo/actors/")
    page.fill("#site-search-q", "Shoigu")
    page.press("#site-search-q", "Enter")
    expect(page.locator("#search-status")).to_contain_text("2 briefs found", timeout=20_000)
    assert page.url.endswith("/repo/search/?q=Shoigu")
    expect(page.locator("#q")).to_have_value("Shoigu")
    page.locator("#search-list h2 a").first.click()
    expect(page.locator("main mark.pagefind-highlight").first).to_have_text("Shoigu", timeout=20_000)


def test_without_javascript_the_search_page_leads_to_the_indexes(browser: Browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(origin + "/repo/2023/09/kim-putin-expected-to-discuss-weapons-in-vladivostok/")
        page.fill("#site-search-q", "Shoigu")
        page.press("#site-search-q", "Enter")  # a plain form: the search page, with the query
        assert page.url.endswith("/repo/search/?q=Shoigu")
        # (Playwright turns scripts off without the parser knowing: Chromium then hides <noscript>.)
        expect(page.locator("#search-fallback noscript")).to_have_count(1)
        page.locator("#search-fallback").get_by_role("link", name="actors").click()
        expect(page.locator("h1")).to_have_text("Actors")
        page.go_back()
        page.locator("#search-fallback").get_by_role("link", name="archive").click()
        expect(page.locator("h1")).to_have_text("Archive")
    finally:
        context.close()
