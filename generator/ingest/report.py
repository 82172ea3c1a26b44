"""Ingest stage: the end-of-run summary a person reads: a table of seeds, warnings, and entities to register."""

from __future__ import annotations

import shutil
import sys
import textwrap
from dataclasses import replace

from ..errors import plural
from ..terminal import echo, printable
from .run import FAILED, KEPT, NEW, REPLACED, UNCHANGED, UPDATED, Outcome, Report

_ORDER = (NEW, UPDATED, REPLACED, UNCHANGED, KEPT, FAILED)
_KIND_TITLE = {"person": "actors", "place": "places", "organization": "organizations"}
_STATUS_WIDTH = 9
# On a terminal narrower than this table's minimum, lines are as short as they can be, not shorter.
_MIN_DETAIL = 20


def shorten(text: str, width: int) -> str:
    """text in at most width characters, its middle replaced by "…" (both ends of a path matter)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return text[:width]
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def table_lines(outcomes: list[Outcome], columns: int) -> list[tuple[str, bool]]:
    """The seed table as lines no wider than ``columns`` (when it is wide enough to hold one);
    each with whether it goes to stderr. Seed names are shortened in the middle; a long detail
    brief path is shortened the same way; why a seed failed wraps under its column, never cut."""
    room = max(columns - 2 - _STATUS_WIDTH - 1 - 2, 2 * _MIN_DETAIL)  # for the seed and detail columns
    longest = max((len(o.seed) for o in outcomes), default=4)
    # the seed gets at most two fifths of the room, the brief path or message the rest
    seed_width = min(longest, max(room * 2 // 5, room - max(len(o.brief) for o in outcomes) if outcomes else 0))
    detail_width = room - seed_width
    indent = " " * (2 + _STATUS_WIDTH + 1 + seed_width + 2)
    lines: list[tuple[str, bool]] = []
    for o in outcomes:
        detail = shorten(o.brief, detail_width)
        if o.message:
            detail = f"{detail}: {o.message}" if o.brief else o.message
        if o.hint:
            detail += f" (hint: {o.hint})"
        wrapped = textwrap.wrap(detail, detail_width, break_on_hyphens=False) or [""]
        seed = shorten(o.seed, seed_width)
        first = f"  {o.status:<{_STATUS_WIDTH}} {seed:<{seed_width}}  {wrapped[0]}".rstrip()
        lines.append((first, o.status == FAILED))
        lines.extend((indent + more, o.status == FAILED) for more in wrapped[1:])
    return lines


def _shown(o: Outcome) -> Outcome:
    """An outcome as printed: names and messages come from files, so each stays on one line, escaped."""

    def one(text: str) -> str:
        return printable(text, one_line=True)

    return replace(
        o,
        seed=one(o.seed),
        brief=one(o.brief),
        message=one(o.message),
        hint=one(o.hint) if o.hint else o.hint,
        warnings=[one(w) for w in o.warnings],
    )


def print_report(report: Report, columns: int | None = None) -> None:
    """One line per seed, then the totals, then what is not yet in the registry. On a terminal the
    table fits its width; into a pipe or a file every seed keeps one whole line (for grep)."""
    if columns is None:
        columns = shutil.get_terminal_size().columns if sys.stdout.isatty() and sys.stderr.isatty() else 100_000
    outcomes = sorted((_shown(o) for o in report.outcomes), key=lambda o: (_ORDER.index(o.status), o.seed))
    for line, to_stderr in table_lines(outcomes, columns):
        echo(line, err=to_stderr)
    for o in outcomes:
        for warning in o.warnings:
            echo(f"{o.brief or o.seed}: warning: {warning}", err=True)
    totals = ", ".join(f"{report.count(s)} {s}" for s in _ORDER if report.count(s))
    echo(f"Ingested {plural(len(report.outcomes), 'seed')}: {totals or 'nothing to do'}.")
    for kind, names in sorted(report.unregistered.items()):
        if not names:
            continue
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(names.items(), key=lambda n: (-n[1], n[0])))
        line = f"New {_KIND_TITLE[kind]} not in the registry: {listed}"
        echo("\n".join(textwrap.wrap(line, max(columns, 40), subsequent_indent="  ", break_on_hyphens=False)))
    if report.registered_stubs:
        echo(f"Wrote {plural(len(report.registered_stubs), 'registry stub')}: {', '.join(report.registered_stubs)}")
    elif any(report.unregistered.values()):
        echo("Run `briefing ingest --register` to write registry stubs for them.")
    for error in report.errors:
        echo(f"error: {printable(error, one_line=True)}", err=True)
