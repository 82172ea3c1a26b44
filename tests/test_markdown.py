"""Markdown bodies: the fast parser (markdown-it-pyrs) gives what markdown-it-py gives, anchors and words included."""

from __future__ import annotations

import re

import pytest

from generator.site.markdown import Markdown, Python

DOCUMENTS = {
    "paragraphs": "One *two* **three** ~~four~~ `five`.\nSoft break,  \nhard break.\n\nSecond \\[escaped\\] paragraph.",
    "headings": "## Talks in Moscow\n\n## Talks in Moscow\n\n### `code` and *em* ![alt text](i.png)"
    "\n\n#### 북한 核\n\n# Top\n\n##### Five",
    "setext": "Underlined heading\n---\n\ntext\n\nAnother\n===",
    "lists": "- tight *one*\n- tight [two](https://example.org/)\n\n1. loose\n\n2. items\n\n> quoted\n> > nested",
    "table": "| who | said |\n|---|:-:|\n| `Kirby` | **yes** |\n| Shoigu | no \\| maybe |",
    "code": "```python\nx = '<b>'\n```\n\n    indented <i>\n\nafter",
    "links": '[ref] and <https://example.org/?a=1&b=2> and ![img](p.png "t")\n\n[ref]: https://example.org/r "Title"',
    "hostile": "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](vbscript:x) [d](file:///etc/passwd)"
    "\n\n<script>alert(1)</script>\n\n<b onclick=x>raw</b> &lt; &amp; &#0; &#xD800;",
    "empty": "",
}


def _same_footnote_items(html: str) -> str:
    """The one difference the two render: a newline after a footnote item's opening tag."""
    return html.replace('class="footnote-item">\n', 'class="footnote-item">')


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@pytest.mark.parametrize("html", [False, True])
def test_the_fast_parser_renders_what_markdown_it_py_renders(name: str, html: bool) -> None:
    fast, reference = Markdown(html=html), Python(html=html, typographer=False)
    got, want = fast.to_html(DOCUMENTS[name]), reference.to_html(DOCUMENTS[name])
    assert got.html == want.html
    assert got.headings == want.headings
    assert got.text == want.text.replace("\\[", "[").replace("\\]", "]")  # markdown-it-py keeps escapes' backslashes


def test_footnotes_render_as_markdown_it_py_renders_them() -> None:
    text = "Claim[^1] and an inline one^[said *later*].\n\n[^1]: The source, with **bold**.\n"
    got, want = Markdown().to_html(text), Python(html=False, typographer=False).to_html(text)
    assert '<li id="fn1" class="footnote-item">' in got.html
    assert _same_footnote_items(got.html) == want.html
    assert got.text == want.text == "Claim and an inline one.\nThe source, with bold.\nsaid later"


def test_headings_get_unique_anchors_from_the_site_slug_rules() -> None:
    rendered = Markdown().to_html(
        "## Talks\n\n## Talks\n\nUnderlined\n---\n\n### 북한\n\n# Not anchored\n\n##### Nor this"
    )
    assert [(h.level, h.text, h.anchor) for h in rendered.headings] == [
        (2, "Talks", "talks"),
        (2, "Talks", "talks-1"),
        (2, "Underlined", "underlined"),
        (3, "북한", "bukhan"),
    ]
    assert re.findall(r"<h\d[^>]*>", rendered.html) == [
        '<h2 id="talks">',
        '<h2 id="talks-1">',
        '<h2 id="underlined">',
        '<h3 id="bukhan">',
        "<h1>",
        "<h5>",
    ]


def test_raw_html_headings_keep_their_place_when_raw_html_is_on() -> None:
    text = "<h2>raw block</h2>\n\n## Real\n\nInline <h3> tag\n\n## Second"
    rendered = Markdown(html=True).to_html(text)
    assert "<h2>raw block</h2>" in rendered.html
    assert '<h2 id="real">Real</h2>' in rendered.html
    assert '<h2 id="second">Second</h2>' in rendered.html
    assert "Inline <h3> tag" in rendered.html


def test_raw_html_and_script_urls_are_refused_by_default() -> None:
    html = Markdown().to_html(DOCUMENTS["hostile"]).html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b onclick" not in html
    assert "href=" not in html  # no link was made of any of the four


def test_the_typographer_never_changes_code() -> None:
    rendered = Markdown(typographer=True).to_html('"Quoted" -- (c) and `"code" -- (c)`')
    assert rendered.html == "<p>“Quoted” – © and <code>&quot;code&quot; -- (c)</code></p>\n"
