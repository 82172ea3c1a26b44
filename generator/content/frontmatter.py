"""Front matter: a brief or registry file split into its YAML and its Markdown body (keys: config/briefs.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import FrontMatterError

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Split:
    yaml: str  # the YAML between the fences
    yaml_line: int  # file line the YAML starts on (1-based)
    body: str  # the Markdown after the closing fence
    body_line: int  # file line the body starts on


def split(text: str) -> Split:
    """Separate `---` fenced YAML from the Markdown body; fails loudly rather than guessing."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise FrontMatterError(
            "no front matter",
            1,
            "the file must start with a line '---', then YAML keys (title:, date:… or name:), then another '---'",
        )
    for index in range(1, len(lines)):
        if _END.match(lines[index]):
            return Split(
                yaml="\n".join(lines[1:index]),
                yaml_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterError("front matter is never closed", 1, "add a line '---' after the last YAML key")


def join(yaml_text: str, body: str) -> str:
    """The inverse of split: a file as ingest writes it."""
    body = body.strip("\n")
    return f"---\n{yaml_text.rstrip()}\n---\n\n{body}\n" if body else f"---\n{yaml_text.rstrip()}\n---\n"
