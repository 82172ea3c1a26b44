"""Markdown stage: one markdown-it-py parser per build, with an explicit preset and raw HTML off by default."""

from __future__ import annotations

from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..model import Heading
from ..slugs import slugify


def _anchor(text: str) -> str:
    return slugify(text) or "section"


class Rendered(NamedTuple):
    html: str
    headings: list[Heading]  # level 2–4, with their anchors, for a table of contents
    text: str  # the words a reader sees (see Markdown.to_text), from the same parse


class Markdown:
    """Renders brief bodies and registry bios.

    The "commonmark" preset passes raw HTML through by default, which is unsafe for text
    scraped from the open web, so `html` is off unless site.yml turns it on. markdown-it-py's
    link validation still refuses javascript:, vbscript: and file: URLs either way.
    """

    def __init__(self, html: bool = False, typographer: bool = False) -> None:
        md = MarkdownIt("commonmark", {"html": html, "typographer": typographer, "linkify": False})
        md.enable(["table", "strikethrough"])
        if typographer:
            md.enable(["replacements", "smartquotes"])
        md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_anchor)
        md.use(footnote_plugin)
        self._md = md

    def to_html(self, text: str) -> Rendered:
        """HTML, the headings and the words, from one parse (the search index takes the words)."""
        env: dict[str, object] = {}
        tokens = self._md.parse(text, env)
        headings: list[Heading] = []
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.attrs.get("id"):
                inline = tokens[index + 1]
                title = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
                headings.append(Heading(int(token.tag[1]), title, str(token.attrs["id"])))
        html: str = self._md.renderer.render(tokens, self._md.options, env)
        return Rendered(html, headings, _words(tokens))

    def to_text(self, text: str) -> str:
        """The words a reader sees, one block a line: links keep their text, markup and URLs go (for search)."""
        return _words(self._md.parse(text, {}))


def _words(tokens: list[Token]) -> str:
    lines: list[str] = []
    for token in tokens:
        if token.type == "inline":
            words = "".join(_WORDS.get(c.type, "") or c.content for c in token.children or [] if c.type in _KEPT)
            if words.strip():
                lines.append(" ".join(words.split()))
        elif token.type in ("fence", "code_block") and token.content.strip():
            lines.append(" ".join(token.content.split()))
    return "\n".join(lines)


# Inline tokens whose content is text (the others are markup); breaks become spaces.
_KEPT = frozenset({"text", "code_inline", "softbreak", "hardbreak", "html_inline"})
_WORDS = {"softbreak": " ", "hardbreak": " ", "html_inline": " "}
