"""The dev server in a real browser: Chromium driven by Playwright sees edits without a manual reload."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsers import chromium
from tests.conftest import MakeSite, MiniSite, brief
from tests.servers import atomic_write, running, wait_until

pytestmark = pytest.mark.browser

LONG_BODY = "\n\n".join(f"Paragraph {i}: " + "Kim and Putin discussed artillery shells. " * 12 for i in range(60))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def demo(make_site: MakeSite) -> MiniSite:
    return make_site(
        {
            "site.yml": "title: Live\nbase_url: https://example.github.io/repo/\n",
            "content/briefs/2023-09-05-summit.md": brief("Kim meets Putin", "2023-09-05", LONG_BODY, actors=["Kim"]),
            "static/style.css": "body { background-color: rgb(255, 255, 255); }\n",
        }
    )


def test_an_open_brief_shows_a_new_title_by_itself_after_an_atomic_save(make_site: MakeSite, page: Page) -> None:
    """The page is told to reload and reloads (how fast is the bench's serve-page figure)."""
    site = demo(make_site)
    path = site.root / "content/briefs/2023-09-05-summit.md"
    with running(site.root) as server:
        page.goto(server.url + "/repo/2023/09/summit/")
        expect(page.locator("h1")).to_have_text("Kim meets Putin")
        assert wait_until(lambda: bool(server.site.listeners), timeout=30)  # its event stream is connected
        atomic_write(path, brief("Kim and Putin meet in Vladivostok", "2023-09-05", LONG_BODY, actors=["Kim"]))
        expect(page.locator("h1")).to_have_text("Kim and Putin meet in Vladivostok", timeout=30_000)


def test_broken_yaml_shows_an_overlay_with_file_and_line_and_the_page_recovers(make_site: MakeSite, page: Page) -> None:
    site = demo(make_site)
    path = site.root / "content/briefs/2023-09-05-summit.md"
    good = path.read_text()
    with running(site.root) as server:
        page.goto(server.url + "/repo/2023/09/summit/")
        assert wait_until(lambda: bool(server.site.listeners), timeout=30)  # the page's event stream is connected
        atomic_write(path, "---\ntitle: [Kim meets Putin\ndate: 2023-09-05\n---\nBody\n")
        overlay = page.locator("#briefing-error-overlay")
        expect(overlay).to_be_visible(timeout=30_000)
        expect(overlay).to_contain_text("content/briefs/2023-09-05-summit.md:2")  # the line the [ opened
        expect(overlay).to_contain_text("invalid YAML")
        expect(overlay).to_contain_text("> 2 | title: [Kim meets Putin")  # the file's own lines, the bad one marked
        background = overlay.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background.startswith("rgb("), background  # opaque: no alpha, the page does not show through
        overlay.get_by_role("button", name="Dismiss").click()
        expect(overlay).to_be_hidden()
        expect(page.locator("h1")).to_have_text("Kim meets Putin")  # the last good build stays
        atomic_write(path, good.replace("Kim meets Putin", "Kim meets Putin, fixed"))
        expect(page.locator("h1")).to_have_text("Kim meets Putin, fixed", timeout=30_000)
        expect(page.locator("#briefing-error-overlay")).to_have_count(0)


def test_a_stylesheet_change_applies_without_navigation(make_site: MakeSite, page: Page) -> None:
    site = demo(make_site)
    with running(site.root) as server:
        page.goto(server.url + "/repo/")
        page.evaluate("() => { window.stillTheSamePage = true; }")
        assert wait_until(lambda: bool(server.site.listeners), timeout=30)  # the page's event stream is connected
        (site.root / "static/style.css").write_text("body { background-color: rgb(255, 0, 0); }\n")
        page.wait_for_function(
            "() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 0, 0)'", timeout=3000
        )
        assert page.evaluate("() => window.stillTheSamePage") is True


def test_a_reload_keeps_the_scroll_position(make_site: MakeSite, page: Page) -> None:
    site = demo(make_site)
    path = site.root / "content/briefs/2023-09-05-summit.md"
    with running(site.root) as server:
        page.set_viewport_size({"width": 800, "height": 600})
        page.goto(server.url + "/repo/2023/09/summit/")
        page.evaluate("() => window.scrollTo(0, 2500)")
        assert wait_until(lambda: bool(server.site.listeners), timeout=30)  # the page's event stream is connected
        atomic_write(path, brief("Scrolled title", "2023-09-05", LONG_BODY, actors=["Kim"]))
        expect(page.locator("h1")).to_have_text("Scrolled title", timeout=30_000)
        page.wait_for_function("() => Math.abs(window.scrollY - 2500) < 5", timeout=2000)


def test_the_site_works_with_javascript_off(browser: Browser, make_site: MakeSite) -> None:
    site = demo(make_site)
    context = browser.new_context(java_script_enabled=False)
    try:
        with running(site.root) as server:
            page = context.new_page()
            page.goto(server.url + "/repo/")
            page.get_by_role("link", name="Kim meets Putin").click()
            expect(page.locator("h1")).to_have_text("Kim meets Putin")
            page.get_by_role("link", name="Kim", exact=True).first.click()
            expect(page.locator("h1")).to_have_text("Kim")
            page.get_by_role("contentinfo").get_by_role("link", name="Search").click()
            expect(page.locator("noscript")).to_have_count(1)
    finally:
        context.close()
