"""Serve stage: the lines of a site's files that a build error points at, for the dev server's overlay."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import files
from ..errors import Problem
from ..terminal import printable

AROUND = 2  # lines shown before and after the offending one
MOST = 5  # problems shown with their lines; the message lists them all
READ = 1 << 20  # a brief's front matter is near its start; a huge file is read this far, no further
WIDE = 160  # characters of a line shown


def excerpts(root: Path, problems: Sequence[Problem]) -> str:
    """Each located problem (the first few) with its file's lines around it, the offending line marked:

        content/briefs/a.md:4
            3 | date: 2023-09-05
          > 4 | actors: [Kim, Putin
            5 | places: [Moscow]

    Only regular files inside root are read, and never through a link: an error message never becomes
    a way to see outside the site."""
    blocks = []
    for problem in [p for p in problems if p.line is not None][:MOST]:
        lines = _read(root, problem.path)
        if lines is None or problem.line is None or not 1 <= problem.line <= len(lines) + 1:
            continue
        first, last = max(1, problem.line - AROUND), min(len(lines), problem.line + AROUND)
        width = len(str(last))
        shown = [f"{problem.path}:{problem.line}"]
        for number in range(first, last + 1):
            mark = ">" if number == problem.line else " "
            shown.append(f"  {mark} {number:>{width}} | {_printable(lines[number - 1])}")
        blocks.append("\n".join(shown))
    return "\n\n".join(blocks)


def _read(root: Path, relative: str) -> list[str] | None:
    """The head of a file of the site, through the guard every reader uses (files.read_head): a
    regular file, opened without blocking, really inside the site; None for anything else."""
    try:
        data = files.read_head(root / relative, files.area(root, None, "the site"), READ)
    except (OSError, ValueError, files.Refused):
        return None
    return data.decode("utf-8", errors="replace").splitlines()


def _printable(line: str) -> str:
    """Tabs as spaces, other control characters as escapes (terminal.printable), long lines cut."""
    text = printable(line.replace("\t", "    "), one_line=True)
    return text if len(text) <= WIDE else text[: WIDE - 1] + "…"
