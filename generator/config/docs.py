"""Documentation of the declared keys: the README's key tables, made from the schemas themselves.

    python -m generator.config.docs README.md     # rewrite every <!-- keys: NAME --> block (make docs)

A test checks that the README holds exactly what this makes, so a key cannot be added, renamed or
redocumented without the README following.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from .briefs import BRIEF_SCHEMA, ENTRY_SCHEMA
from .schema import Key
from .site import SCHEMA, MarkdownOptions, Taxonomy, TopicRule, schema_of

BLOCK = re.compile(r"(<!-- keys: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /keys -->)", re.S)


def _default(spec: Key) -> str:
    if spec.shown is not None:
        return spec.shown
    value = spec.default
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Mapping):
        return ", ".join(value)
    return f"`{value}`"


def _meaning(spec: Key) -> str:
    return f"{spec.doc} (required)" if spec.required else spec.doc


def with_defaults(schema: Mapping[str, Key]) -> str:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    rows += [f"| `{name}` | {spec.type} | {_default(spec)} | {_meaning(spec)} |" for name, spec in schema.items()]
    return "\n".join(rows) + "\n"


def without_defaults(schema: Mapping[str, Key]) -> str:
    rows = ["| key | type | meaning |", "|---|---|---|"]
    rows += [f"| `{name}` | {spec.type} | {_meaning(spec)} |" for name, spec in schema.items()]
    return "\n".join(rows) + "\n"


TABLES: dict[str, Callable[[], str]] = {
    "site": lambda: with_defaults(SCHEMA),
    "taxonomy": lambda: with_defaults(schema_of(Taxonomy)),
    "topic": lambda: with_defaults(schema_of(TopicRule)),
    "markdown": lambda: with_defaults(schema_of(MarkdownOptions)),
    "brief": lambda: without_defaults(BRIEF_SCHEMA),
    "entry": lambda: without_defaults(ENTRY_SCHEMA),
}


def blocks(text: str) -> dict[str, str]:
    """The key tables a document holds, by name."""
    return {m.group("name"): m.group("body") for m in BLOCK.finditer(text)}


def rewrite(text: str) -> str:
    """text with every key table made anew (unknown block names are left as they are)."""

    def fresh(match: re.Match[str]) -> str:
        make = TABLES.get(match.group("name"))
        body = make() if make else match.group("body")
        return f"{match.group(1)}{body}{match.group(4)}"

    return BLOCK.sub(fresh, text)


def main(argv: list[str]) -> int:
    for name in argv or ["README.md"]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote the key tables in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
