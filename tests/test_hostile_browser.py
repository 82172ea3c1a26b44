"""Hostile content proven inert in a real browser: every page of a hostile site opened and clicked in Chromium.

The site is made of the hostile cases' briefs, registry entries and site.yml, plus hostile seeds
ingested through `briefing ingest`. Each payload would set `window.__pwned`, open a dialog or log
PWNED to the console if it ran. The built public/ folder is served as GitHub Pages would serve it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route
from playwright.sync_api import Error as PlaywrightError

from tests.browsers import chromium
from tests.hostile.support import hostile_site, run_cli
from tests.servers import static_server

pytestmark = pytest.mark.browser


CONSOLE_BRIEF = """---
title: Console and links
date: 2023-09-04
actors: [Kim]
---

<script>console.log("PWNED")</script> <img src=x onerror="console.log('PWNED')">

[a fine link](https://example.org/fine) and [another](/actors/) and [javascript](javascript:console.log('PWNED'))
"""

# What the page's own DOM says about anything that could run: handlers, script URLs, inline scripts.
INSPECT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`handler ${el.tagName} ${attr.name}`);
      const value = (attr.value || '').trim().toLowerCase().replace(/[\\s\\u0000-\\u001f]/g, '');
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(attr.name.toLowerCase())
          && (value.startsWith('javascript:') || value.startsWith('data:text/html') || value.startsWith('vbscript:')
              || value.startsWith('data:image/svg'))) {
        found.push(`url ${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    const path = s.src ? new URL(s.src).pathname : '';
    if (!path.endsWith('/search.js') && !path.endsWith('/theme.js')) found.push(`script ${s.outerHTML.slice(0, 80)}`);
  }
  for (const tag of ['iframe', 'object', 'embed', 'math', 'base', 'foreignObject', 'animate', 'set']) {
    if (document.querySelector(tag)) found.push(`element ${tag}`);
  }
  // the theme's own figures are SVG marked data-figure; any other SVG came from content
  for (const svg of document.querySelectorAll('svg')) {
    if (!['network', 'months'].includes(svg.getAttribute('data-figure'))) found.push('element svg');
  }
  return found;
}"""


@dataclass
class Watch:
    """Everything a payload could do that we can observe: dialogs and console lines."""

    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        self.console.append(message.text)


@pytest.fixture(scope="module")
def hostile_public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The hostile site, ingested and built by the real CLI, served from public/ on a free port."""
    root = hostile_site(tmp_path_factory.mktemp("hostile") / "site")
    (root / "content" / "briefs" / "2023-09-04-console.md").write_text(CONSOLE_BRIEF, encoding="utf-8")
    ingested = run_cli(["ingest"], root)
    assert ingested.returncode == 0 and "Traceback" not in ingested.output, ingested.describe()
    built = run_cli(["build"], root)
    assert built.returncode == 0 and "Traceback" not in built.output, built.describe()
    public = root / "public"
    with static_server(public) as url:
        yield url, public


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def watched(browser: Browser, hostile_public: tuple[str, Path]) -> Iterator[tuple[Page, Watch]]:
    origin = hostile_public[0]
    context = browser.new_context()

    def only_local(route: Route) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            route.abort()  # no other host is reached: example.org links are clicked but go nowhere

    context.route("**/*", only_local)
    page = context.new_page()
    watch = Watch()
    page.on("dialog", watch.on_dialog)
    page.on("console", watch.on_console)
    yield page, watch
    context.close()


def pages_of(public: Path) -> list[str]:
    routes = []
    for path in sorted(public.rglob("*.html")):
        rel = path.relative_to(public).as_posix()
        routes.append("/" + rel.removesuffix("index.html"))
    return routes


def settled(page: Page, script: str) -> object:
    """Evaluate once the page has stopped navigating (a click may or may not start a navigation)."""
    for _ in range(20):
        try:
            page.wait_for_load_state("load")
            return page.evaluate(script)
        except PlaywrightError:  # the context went away mid-navigation: wait for the next page
            page.wait_for_timeout(50)
    return page.evaluate(script)


def assert_inert(page: Page, watch: Watch, where: str) -> None:
    assert settled(page, "() => typeof window.__pwned") == "undefined", f"a payload ran on {where}"
    assert watch.dialogs == [], f"a dialog opened on {where}: {watch.dialogs}"
    assert not [m for m in watch.console if "PWNED" in m], f"a payload logged on {where}: {watch.console}"
    if page.url.startswith("http://127.0.0.1:"):  # not Chromium's own page for a link to a blocked host
        assert settled(page, INSPECT) == [], where


def test_no_page_of_a_hostile_site_and_no_link_from_its_content_runs_any_payload(
    watched: tuple[Page, Watch], hostile_public: tuple[str, Path]
) -> None:
    page, watch = watched
    origin, public = hostile_public
    routes = pages_of(public)
    assert len(routes) > 30  # briefs, terms, indexes, archive, search, 404
    selector = ".brief-body a, .bio a, .origin a, .credit a"  # links whose address comes from content
    to_click: dict[str, tuple[str, int]] = {}  # href → (page, index of the link on it)
    for route in routes:
        page.goto(origin + route, wait_until="load")
        assert_inert(page, watch, route)
        for index, link in enumerate(page.locator(selector).all()):
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (route, href)
            to_click.setdefault(href, (route, index))
    assert len(to_click) >= 3
    for href, (route, index) in to_click.items():
        page.goto(origin + route, wait_until="load")
        page.locator(selector).nth(index).click(no_wait_after=True)
        page.wait_for_timeout(30)
        assert_inert(page, watch, f"{route} after clicking {href}")


@pytest.mark.parametrize(
    "query",
    [
        '<img src=x onerror="window.__pwned=1;alert(1)">',
        "<script>window.__pwned=1</script>",
        "javascript:window.__pwned=1",
        "script",  # finds the briefs whose titles and summaries carry payloads
    ],
)
def test_search_shows_hostile_titles_as_text(
    watched: tuple[Page, Watch], hostile_public: tuple[str, Path], query: str
) -> None:
    page, watch = watched
    origin, _ = hostile_public
    page.goto(origin + "/search/", wait_until="load")
    page.fill("#q", query)
    page.press("#q", "Enter")
    searched(page)
    assert_inert(page, watch, f"search for {query!r}")
    assert page.locator("#results img, #results script, #results svg, #results iframe").count() == 0
    page.goto(origin + "/search/?q=" + query.replace("#", "%23").replace("&", "%26"), wait_until="load")
    searched(page)
    assert_inert(page, watch, f"search page opened with ?q={query!r}")


def searched(page: Page) -> None:
    """Wait until the search page says what it found (Pagefind loads its index first)."""
    page.wait_for_function("() => / found/.test(document.getElementById('search-status').textContent)")


def test_search_finds_the_briefs_whose_titles_carry_script(
    watched: tuple[Page, Watch], hostile_public: tuple[str, Path]
) -> None:
    page, watch = watched
    origin, _ = hostile_public
    page.goto(origin + "/search/", wait_until="load")
    page.fill("#q", "script")
    searched(page)
    titles = page.locator("#results li h2 a").all_text_contents()
    assert any("<script>window.__pwned=1</script>" in t for t in titles), titles
    for link in page.locator("#results li a").all():
        assert (link.get_attribute("href") or "").startswith("/")
    assert_inert(page, watch, "search results")


def test_the_canary_would_be_seen_if_a_payload_ran(watched: tuple[Page, Watch]) -> None:
    """The checks above can fail: a page where the payloads do run trips every one of them."""
    page, watch = watched
    page.set_content(
        '<img src=x onerror="window.__pwned=1;alert(1)"><script>console.log("PWNED")</script>'
        '<a href="javascript:window.__pwned=2">x</a>'
    )
    page.wait_for_function("() => window.__pwned === 1")
    assert watch.dialogs == ["alert: 1"]
    assert "PWNED" in watch.console
    found = page.evaluate(INSPECT)
    assert any(f.startswith("handler IMG onerror") for f in found)
    assert any(f.startswith("url A href") for f in found)
    assert any(f.startswith("script") for f in found)
