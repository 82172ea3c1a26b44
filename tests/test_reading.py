"""The built site as a reader meets it in Chromium: accessible in light and dark at desktop and phone widths,
a network whose nodes lead to their pages, a colour switch that is remembered, one actor page in two languages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsers import chromium
from tests.golden import build_golden
from tests.servers import static_server

pytestmark = pytest.mark.browser

# axe-core, Deque's accessibility rules, as shipped in the axe-playwright-python wheel (we inject it ourselves).
AXE = Path(str(files("axe_playwright_python") / "axe.min.js"))
PAGES = {
    "home": "/golden/",
    "brief": "/golden/2023/09/kim-putin-weapons/",
    "Korean brief": "/golden/2023/09/korean-sanctions/",
    "month": "/golden/2023/09/",
    "actors": "/golden/actors/",
    "actor": "/golden/actors/kim-jong-un/",
    "place": "/golden/places/north-korea/",
    "topics": "/golden/topics/",
    "archive": "/golden/archive/",
    "timeline": "/golden/timeline/",
    "network": "/golden/network/",
    "search": "/golden/search/",
    "not found": "/golden/404.html",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  const where = v => v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ');
  return result.violations.map(v => `${v.id} (${v.impact}): ${where(v)}`);
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The golden site (English and Korean briefs, quotes, a registry) built and served under /golden/."""
    root = tmp_path_factory.mktemp("www")
    build_golden(root / "golden")
    with static_server(root) as url:
        yield url
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_every_kind_of_page_passes_axe_core(browser: Browser, origin: str, scheme: str, width: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        found = {}
        for name, route in PAGES.items():
            page.goto(origin + route)
            page.add_script_tag(path=AXE)
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[name] = violations
        assert found == {}
    finally:
        context.close()


def test_axe_core_reports_what_it_should(page: Page, origin: str) -> None:
    """The check above can fail: a page with an unlabelled image and grey-on-grey text has violations."""
    page.goto(origin + PAGES["home"])
    page.evaluate("""() => {
      document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="x.png"><p style="color:#ddd;background:#eee">faint</p>');
    }""")
    page.add_script_tag(path=AXE)
    violations = " ".join(page.evaluate(RUN_AXE))
    assert "image-alt" in violations and "color-contrast" in violations


def test_each_node_of_the_network_leads_to_its_page(page: Page, origin: str) -> None:
    page.goto(origin + PAGES["network"])
    nodes = page.locator("figure.network svg a")
    names = nodes.locator("text").all_text_contents()
    assert "Kim Jong-un" in names and "Vladimir Putin" in names
    assert page.locator("figure.network svg").get_attribute("aria-labelledby") == "network-caption"
    nodes.filter(has_text="Vladimir Putin").click()
    expect(page.locator("h1")).to_have_text("Vladimir Putin")
    assert page.url.endswith("/golden/actors/vladimir-putin/")


def test_an_actor_page_gathers_english_and_korean_briefs_with_their_quotes(page: Page, origin: str) -> None:
    page.goto(origin + PAGES["actor"])
    briefs = page.locator(".brief-list h3, .brief-list h2").all_inner_texts()
    assert any(all("\uac00" <= c <= "\ud7a3" or not c.isalpha() for c in t) for t in briefs), briefs  # a Korean one
    assert any(t.isascii() for t in briefs), briefs  # and an English one
    korean = page.locator("[lang=ko]").first
    expect(korean).to_be_visible()
    expect(page.get_by_text("first seen", exact=False).first).to_be_visible()


def test_a_brief_leads_with_its_entities_and_what_was_said_before_the_body(page: Page, origin: str) -> None:
    page.goto(origin + PAGES["brief"])
    order = page.evaluate("""() => ['.brief-entities', '.said-panel', '.brief-body']
      .map(s => document.querySelector(s)).map(e => e ? e.getBoundingClientRect().top + window.scrollY : -1)""")
    assert -1 not in order and order == sorted(order), order
    speaker = page.locator(".said-panel a").first
    speaker.click()
    expect(page.locator("h1")).not_to_have_text("")
    assert "/golden/actors/" in page.url


def test_the_colour_switch_is_remembered_from_page_to_page(page: Page, origin: str) -> None:
    page.goto(origin + PAGES["home"])
    switch = page.locator(".theme-switch")
    expect(switch).to_have_text("Auto")
    switch.click()
    switch.click()
    expect(switch).to_have_text("Dark")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.goto(origin + PAGES["actors"])
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark
    expect(page.locator(".theme-switch")).to_have_text("Dark")
    page.locator(".theme-switch").click()
    assert page.evaluate("document.documentElement.dataset.theme") is None  # back to automatic


def test_the_current_section_is_marked_in_the_header(page: Page, origin: str) -> None:
    page.goto(origin + PAGES["actor"])
    current = page.locator(".site-header nav [aria-current]")
    expect(current).to_have_count(1)
    expect(current).to_have_text("Actors")
    page.goto(origin + PAGES["timeline"])
    expect(page.locator(".site-header nav [aria-current]")).to_have_text("Timeline")
