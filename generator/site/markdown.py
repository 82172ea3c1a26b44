"""Markdown stage: one markdown-it parser per build, with an explicit rule set and raw HTML off by default.

The parser is markdown-it-pyrs, the Rust port of markdown-it that the markdown-it-py project
publishes: the same CommonMark rules, tables, strikethrough, footnotes and typographer, about
fifteen times faster than the pure-Python parser. Bodies are most of a big build's Markdown, and
markdown-it-py's parse was a fifth of a cold build's rendering. What it does not do our way,
heading anchors from the site's slug rules, is added here from its syntax tree.

With `markdown.typographer` on, bodies go through markdown-it-py itself: the Rust port's
replacements and smart quotes also change code spans (`"x"` became “x” in <code>), which
markdown-it-py never does. The two give the same HTML, headings and words otherwise
(tests/test_markdown.py holds them to it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import markdown_it
from markdown_it.token import Token
from markdown_it_pyrs import MarkdownIt, Node
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..model import Heading
from ..slugs import slugify

# CommonMark's rules, by name, without raw HTML (html_block, html_inline): see Markdown.
_COMMONMARK = [
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "autolink",
    "backticks",
    "emphasis",
    "entity",
    "escape",
    "image",
    "link",
    "newline",
]
_EXTENSIONS = ["table", "strikethrough", "footnote"]
_RAW_HTML = ["html_block", "html_inline"]

ANCHORED = (2, 3, 4)  # heading levels that get an id (and a place in a brief's table of contents)


def _anchor(text: str) -> str:
    return slugify(text) or "section"


class Rendered(NamedTuple):
    html: str
    headings: list[Heading]  # level 2–4, with their anchors, for a table of contents
    text: str  # the words a reader sees (see Markdown.to_text)


class Markdown:
    """Renders brief bodies and registry bios.

    Raw HTML is unsafe in text scraped from the open web, so its rules are off unless site.yml
    turns `markdown.html` on (then it passes through, as CommonMark says). Link validation refuses
    javascript:, vbscript:, file: and data: URLs (but data: images) either way.
    """

    def __init__(self, html: bool = False, typographer: bool = False) -> None:
        md = MarkdownIt("zero")
        md.enable_many(_COMMONMARK + _EXTENSIONS + (_RAW_HTML if html else []))  # type: ignore[arg-type]
        self._md = md
        self._typographer = Python(html, typographer=True) if typographer else None

    def to_html(self, text: str) -> Rendered:
        """HTML with heading anchors, the headings and the words."""
        if self._typographer is not None:
            return self._typographer.to_html(text)
        scan = _Scan()
        scan.blocks(self._md.tree(text))
        return Rendered(scan.anchored(self._md.render(text)), scan.headings, scan.words())

    def to_text(self, text: str) -> str:
        """The words a reader sees, one block a line: links keep their text, markup and URLs go (for search)."""
        if self._typographer is not None:
            return self._typographer.to_html(text).text
        scan = _Scan()
        scan.blocks(self._md.tree(text))
        return scan.words()


# Inline nodes whose text is not what a reader reads as the sentence: an image's alt text, a
# footnote mark. Breaks and raw inline HTML read as a space.
_SKIPPED = frozenset({"image", "footnote_ref", "footnote_ref_anchor", "footnote_inline"})
_SPACE = frozenset({"softbreak", "hardbreak", "html_inline"})
_TEXT = frozenset({"text", "text_special"})  # text_special: a backslash escape's character
_HEADINGS = frozenset({"heading", "lheading"})  # ATX (`## A`) and setext (underlined) headings
_LEAVES = _HEADINGS | {"paragraph", "tcell"}  # blocks whose children are inline
_CODE = frozenset({"fence", "code_block"})
# Every other block: those that hold blocks, and those that hold no words. A node of no block kind
# is inline (in a tight list, an item's words sit in the item, with no paragraph around them).
_BLOCKS = (
    _LEAVES
    | _CODE
    | {
        "root",
        "blockquote",
        "bullet_list",
        "ordered_list",
        "list_item",
        "table",
        "thead",
        "tbody",
        "trow",
        "footnote_container",
        "footnote_def",
        "hr",
        "html_block",
    }
)
_OPEN = re.compile(r"<h([1-6])>")


class _Scan:
    """One pass over a syntax tree, in document order: the words of each block, the headings with
    their anchors, and where each bare `<hN>` opening of the HTML comes from.

    The HTML is in the tree's order, and a heading opens with a bare `<hN>`. Other bare `<hN>` can
    only come from raw HTML (text and code are escaped), so the openings raw HTML holds are noted
    too, and passed over when the anchors are put in.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.headings: list[Heading] = []
        self.plan: list[str | None] = []  # for each bare opening in order: its id, or None (not ours)
        self._taken: set[str] = set()

    def blocks(self, node: Node) -> None:
        run: list[Node] = []  # inline nodes straight in a block (a tight list's item)
        for child in node.children:
            name = child.name
            if name not in _BLOCKS:
                run.append(child)
                continue
            if run:
                self.lines.append("".join(self._inline(run)))
                run = []
            if name in _HEADINGS:
                self._heading(child)
            elif name in _LEAVES:
                self.lines.append("".join(self._inline(child.children)))
            elif name in _CODE:
                self.lines.append(child.meta.get("content", ""))
            elif name == "html_block":
                self.plan.extend(None for _ in _OPEN.finditer(child.meta.get("content", "")))
            else:
                self.blocks(child)
        if run:
            self.lines.append("".join(self._inline(run)))

    def _heading(self, node: Node) -> None:
        """A heading's anchor, unique in the text and from its words (as mdit-py-plugins' anchors)."""
        level: int = node.meta["level"]
        at = len(self.plan)
        self.plan.append(None)
        children = node.children
        self.lines.append("".join(self._inline(children)))
        if level not in ANCHORED:
            return
        title = "".join(_title(children))
        slug = base = _anchor(title)
        number = 1
        while slug in self._taken:
            slug = f"{base}-{number}"
            number += 1
        self._taken.add(slug)
        self.plan[at] = slug
        self.headings.append(Heading(level, title, slug))

    def _inline(self, children: Iterable[Node]) -> Iterator[str]:
        for child in children:
            name = child.name
            if name in _TEXT:
                yield child.meta["content"]
            elif name in _SPACE:
                if name == "html_inline":
                    self.plan.extend(None for _ in _OPEN.finditer(child.meta.get("content", "")))
                yield " "
            elif name not in _SKIPPED:
                yield from self._inline(child.children)

    def words(self) -> str:
        return "\n".join(line for line in (" ".join(text.split()) for text in self.lines) if line)

    def anchored(self, html: str) -> str:
        """The HTML with each heading's id on its opening tag."""
        if not self.headings:
            return html
        steps = iter(self.plan)

        def opening(match: re.Match[str]) -> str:
            anchor = next(steps, None)
            return match.group(0) if anchor is None else f'<h{match.group(1)} id="{anchor}">'

        return _OPEN.sub(opening, html)


def _title(children: Iterable[Node]) -> Iterator[str]:
    """A heading's text for its anchor: its text and code, not an image's alt text nor raw HTML."""
    for child in children:
        name = child.name
        if name in _TEXT:
            yield child.meta["content"]
        elif name not in _SKIPPED and name not in _SPACE:
            yield from _title(child.children)


class Python:
    """markdown-it-py with the same rules, anchors (mdit-py-plugins) and words: for the typographer."""

    def __init__(self, html: bool, typographer: bool) -> None:
        md = markdown_it.MarkdownIt("commonmark", {"html": html, "typographer": typographer, "linkify": False})
        md.enable(["table", "strikethrough"])
        if typographer:
            md.enable(["replacements", "smartquotes"])
        md.use(anchors_plugin, min_level=min(ANCHORED), max_level=max(ANCHORED), slug_func=_anchor)
        md.use(footnote_plugin)
        self._md = md

    def to_html(self, text: str) -> Rendered:
        env: dict[str, object] = {}
        tokens = self._md.parse(text, env)
        headings: list[Heading] = []
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.attrs.get("id"):
                inline = tokens[index + 1]
                title = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
                headings.append(Heading(int(token.tag[1]), title, str(token.attrs["id"])))
        html: str = self._md.renderer.render(tokens, self._md.options, env)
        return Rendered(html, headings, _token_words(tokens))


def _token_words(tokens: list[Token]) -> str:
    lines: list[str] = []
    for token in tokens:
        if token.type == "inline":
            words = "".join(_INLINE_WORDS.get(c.type, "") or c.content for c in token.children or [] if c.type in _KEPT)
            if words.strip():
                lines.append(" ".join(words.split()))
        elif token.type in ("fence", "code_block") and token.content.strip():
            lines.append(" ".join(token.content.split()))
    return "\n".join(lines)


# markdown-it-py's inline tokens whose content is text (the others are markup); breaks become spaces.
_KEPT = frozenset({"text", "text_special", "code_inline", "softbreak", "hardbreak", "html_inline"})
_INLINE_WORDS = {"softbreak": " ", "hardbreak": " ", "html_inline": " "}
