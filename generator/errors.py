"""Errors and diagnostics shared by every stage; the CLI prints them in one place."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .terminal import printable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    path: str  # file the problem is in, relative to the site root when possible
    line: int | None  # 1-based line, None when the whole file is concerned
    key: str | None  # front-matter or config key, dotted for nested keys ("taxonomies.actors.key")
    message: str  # what is wrong, one sentence
    hint: str | None = None  # how to fix it
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """One line: each part comes from a file, so none may hold a line break or a terminal escape."""
        path, message = printable(self.path, one_line=True), printable(self.message, one_line=True)
        where = path if self.line is None else f"{path}:{self.line}"
        key = f" {printable(self.key, one_line=True)}:" if self.key else ""
        text = f"{where}: {self.severity.value}:{key} {message}"
        if self.hint:
            text += f" (hint: {printable(self.hint, one_line=True)})"
        return text


class BriefingError(Exception):
    """Base of every error a user can cause; printed without a traceback."""

    def __init__(self, message: str, problems: Sequence[Problem] = (), hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self.hint = hint

    def format(self) -> str:
        lines = [p.format() for p in self.problems]
        lines.append(f"Error: {printable(self.message, one_line=True)}")
        if self.hint:
            lines.append(f"Hint: {printable(self.hint, one_line=True)}")
        return "\n".join(lines)


class ConfigError(BriefingError):
    """site.yml is missing, unreadable or invalid."""


class ContentError(BriefingError):
    """One or more briefs or registry entries are invalid."""


class ThemeError(BriefingError):
    """A template is missing or fails to render."""


class BuildError(BriefingError):
    """The build could not produce or write the site."""


class SourceError(BriefingError):
    """A file is not what it should be (YAML, front matter); `line` says where, 1-based."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.line = line


class YamlError(SourceError):
    """Invalid or unsafe YAML."""


class FrontMatterError(SourceError):
    """A brief or registry file without its `---` fenced front matter."""


class Invalid(BriefingError):
    """A value does not fit its key (raised by a schema check, reported as a Problem at the key's line).

    `index` is the item of a list the problem is in, when it is one.
    """

    def __init__(self, message: str, hint: str | None = None, index: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.index = index


class SeedError(BriefingError):
    """A seed (or its sidecar) that cannot be ingested; the other seeds still are."""

    def __init__(self, message: str, hint: str | None = None, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message, problems, hint)


class DeployError(BriefingError):
    """The site could not be committed to the Pages branch or pushed."""


class InitError(BriefingError):
    """The folder cannot take a new site."""


class Problems:
    """Collects problems across many files so all of them are reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int | None, key: str | None, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(path, line, key, message, hint, Severity.ERROR))

    def warning(self, path: str, line: int | None, key: str | None, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(path, line, key, message, hint, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean 'x'?" hint for a misspelt key, or None when nothing is close."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
