"""Output to a person: every line the commands print goes through echo(), which escapes control characters.

File names, keys and values come from files anyone may have written; printed raw, an escape
sequence in a seed's name could recolour, clear or retitle the terminal, or forge a line of
output. Control characters (C0 and C1, DEL), bidirectional overrides and line separators are
shown as visible escapes (\\x1b, \\u202e) instead. No stage imports: the stages import this.
"""

from __future__ import annotations

import re

import click

# In text of several lines, newline and tab are kept; everything else that steers a terminal goes.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_MANY_LINES = re.compile(f"[{_CONTROL}]")
_ONE_LINE = re.compile(f"[\t\n{_CONTROL}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, one_line: bool = False) -> str:
    """text with its control characters shown as escapes; one_line escapes newlines and tabs too."""
    return (_ONE_LINE if one_line else _MANY_LINES).sub(_escape, text)


def echo(message: str = "", err: bool = False, nl: bool = True) -> None:
    """click.echo, with control characters escaped: the one way the commands print."""
    click.echo(printable(message), err=err, nl=nl)


def json_text(text: str) -> str:
    """JSON (as json.dumps gives it) with every control character left in its strings as a \\u escape."""
    return _MANY_LINES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
