"""Shared helpers of the hostile-input tests: run the real CLI under limits, check built output is inert.

The case folders beside this file hold hostile sites; tests/test_hostile.py runs each through the
command line. The helpers here are also used by the browser, disk, serve and property tests.
"""

from __future__ import annotations

import math
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

HOSTILE = Path(__file__).resolve().parent
REPO = HOSTILE.parent.parent
# `python -m generator` is the same program as the `briefing` script, wherever the venv lives.
BRIEFING = (sys.executable, "-m", "generator")
MEMORY_LIMIT = 2 * 1024**3  # address space of one CLI run: a memory blow-up fails the test, not the machine
UNEXPECTED = "This is a bug in briefing"  # what the CLI prints for an exception it did not expect
CANARY = "CANARY-OUTSIDE-THE-SITE-7f3a"  # in files outside the site: must never be published or served


@dataclass(frozen=True)
class Ran:
    """One run of the command line."""

    args: tuple[str, ...]
    returncode: int | None  # None when it was stopped for taking too long; -N when signal N ended it
    stdout: str
    stderr: str
    seconds: float  # wall clock
    cpu: float = 0.0  # CPU seconds the command used: the work it did, whatever else the machine runs

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def timed_out(self) -> bool:
        """Stopped by the wall-clock timeout, or by the kernel for using up its CPU time."""
        return self.returncode is None or self.returncode in (-signal.SIGXCPU, -signal.SIGKILL)

    def describe(self) -> str:
        status = "timed out" if self.timed_out else f"exit {self.returncode}"
        return (
            f"briefing {' '.join(self.args)}: {status} after {self.seconds:.1f} s ({self.cpu:.1f} s CPU)\n"
            f"{self.output[-4000:]}"
        )


def limit_memory() -> None:
    """preexec_fn: cap the child's address space so that a memory blow-up is a MemoryError."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def limits(cpu_seconds: float | None) -> Callable[[], None]:
    """preexec_fn: the memory cap, and a CPU-time cap after which the kernel stops the command."""

    def apply() -> None:
        limit_memory()
        if cpu_seconds is not None:
            soft = math.ceil(cpu_seconds) + 1
            resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))

    return apply


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_cli(args: Sequence[str], cwd: Path, timeout: float = 30.0, cpu_seconds: float | None = None) -> Ran:
    """`briefing ARGS` in cwd as a subprocess with a wall-clock timeout, a memory limit and a CPU-time limit.

    CPU time is what the command's own work costs, so limits on it hold on a busy machine too; the
    wall-clock timeout catches a command that hangs without working. Runs are made one at a time, so
    the CPU time of the children reaped meanwhile is this command's.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(
        [*BRIEFING, *args],
        cwd=cwd,
        env=cli_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=limits(cpu_seconds),
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the session we started for it: the command and its children
        stdout, stderr = process.communicate()
        code = None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Ran(tuple(args), code, stdout, stderr, time.monotonic() - started, cpu)


# --- is the built output inert? ---------------------------------------------------------------

DANGEROUS_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|livescript|data\s*:\s*text/html|data\s*:\s*image/svg)", re.I)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc"})
ACTIVE_TAGS = frozenset(
    {"iframe", "object", "embed", "frame", "frameset", "base", "applet", "svg", "math"}
    | {"foreignobject", "animate", "set"}
)
# The theme draws its own figures (the network, the months strip) as SVG marked data-figure; any other SVG came from
# content. What runs inside a figure (scripts, handlers, javascript: links) is still caught like anywhere else.
THEME_FIGURES = frozenset({"network", "months"})


def _allowed_script(src: str | None) -> bool:
    """The theme's own scripts (search.js, theme.js) and the dev server's client; nothing inline."""
    if not src:
        return False
    path = urlsplit(src).path
    return path.endswith(("/search.js", "/theme.js")) or path == "/__briefing/client.js"


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)}>"[:200]
        if tag in ACTIVE_TAGS and not (tag == "svg" and dict(attrs).get("data-figure") in THEME_FIGURES):
            self.problems.append(f"active element {shown}")
        if tag == "script" and not _allowed_script(dict(attrs).get("src")):
            self.problems.append(f"script not from the theme {shown}")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"meta refresh {shown}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {shown}")
            if name in URL_ATTRIBUTES and value and DANGEROUS_SCHEME.match(value):
                self.problems.append(f"dangerous URL {shown}")

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """Everything in a page that could run script: handlers, inline scripts, javascript:/data: URLs."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


ATOM = "{http://www.w3.org/2005/Atom}"


def output_problems(public: Path) -> list[str]:
    """Problems in a built site: unsafe markup in any page or feed entry, XML that does not parse."""
    problems: list[str] = []
    for path in sorted(public.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(public).as_posix()
        if path.suffix == ".html":
            problems += [f"{rel}: {p}" for p in unsafe_markup(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".xml":
            try:
                root = ET.fromstring(path.read_bytes())
            except ET.ParseError as exc:
                problems.append(f"{rel}: not well-formed XML: {exc}")
                continue
            for element in root.iter():
                if element.get("type") == "html" and element.text:  # Atom text constructs of type text are inert
                    problems += [f"{rel}: feed entry: {p}" for p in unsafe_markup(element.text)]
                href = element.get("href")
                if href and DANGEROUS_SCHEME.match(href):
                    problems.append(f"{rel}: dangerous URL {href!r}")
    return problems


# --- the file system --------------------------------------------------------------------------

SNAPSHOT_BYTES = 16 * 1024 * 1024  # larger files are known by size, inode and mtime, not read
Snapshot = dict[str, tuple[str, bytes, int]]  # relative path → (kind, bytes or link target, mtime ns)


def snapshot(root: Path, skip: Sequence[Path] = ()) -> Snapshot:
    """Every path under root (not following links) with its bytes and mtime, except the skipped trees."""
    base = root.resolve()
    skipped = {str(s.resolve()) for s in skip}
    found: Snapshot = {}
    # Its own stack, and the skipped trees known by name: hostile trees are deeper than Python's
    # recursion limit, and resolving every entry of a tree 1,500 folders deep costs minutes.
    stack = [str(base)]
    while stack:
        with os.scandir(stack.pop()) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            if entry.path in skipped and not entry.is_symlink():
                continue
            rel = entry.path[len(str(base)) + 1 :].replace(os.sep, "/")
            st = entry.stat(follow_symlinks=False)
            if entry.is_symlink():
                found[rel] = ("link", os.readlink(entry.path).encode(), st.st_mtime_ns)
            elif entry.is_dir(follow_symlinks=False):
                found[rel] = ("dir", b"", 0)  # a folder's mtime changes when a build replaces a sibling
                stack.append(entry.path)
            elif not stat.S_ISREG(st.st_mode):
                found[rel] = ("special", b"", st.st_mode)  # a FIFO: opening it would block the test
            elif st.st_size > SNAPSHOT_BYTES:
                found[rel] = ("large", f"{st.st_size}:{st.st_ino}".encode(), st.st_mtime_ns)  # a sparse giant
            else:
                found[rel] = ("file", Path(entry.path).read_bytes(), st.st_mtime_ns)
    return dict(sorted(found.items()))


def deep_folder(base: Path, depth: int) -> Path:
    """base/a/a/…/a, depth folders deep, made one at a time (os.makedirs recurses, and fails past ~1000)."""
    folder = base
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(depth):
        folder = folder / "a"
        folder.mkdir(exist_ok=True)
    return folder


def remove_deep(root: Path) -> None:
    """Remove a tree of any depth (shutil.rmtree recurses): innermost folders first, one at a time."""
    folders: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        for entry in folder.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                stack.append(entry)
            else:
                entry.unlink()
    for folder in reversed(folders):
        folder.rmdir()


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def staging_leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.glob(f".{output.name}.briefing-*"))


def make_outside(folder: Path) -> Path:
    """Files outside the site that hostile sites point symlinks at; each carries the canary."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.md").write_text(
        f"---\ntitle: {CANARY}\ndate: 2023-09-05\nactors: [{CANARY}]\n---\n\n{CANARY} in the body.\n", encoding="utf-8"
    )
    (folder / "secret.txt").write_text(f"{CANARY}\n", encoding="utf-8")
    (folder / "secret.html").write_text(f"<p>{CANARY}</p>\n", encoding="utf-8")
    return folder


# --- one site made of many hostile cases ----------------------------------------------------------

BROWSER_CASES = (
    "xss-in-every-brief-field",
    "xss-in-registry-entry",
    "svg-payloads-in-a-brief",
    "html-comment-hiding-script",
    "actor-names-odd-but-valid",
    "case-colliding-terms",
    "slug-parent-traversal",
)
SEED_CASES = ("seed-xss",)


def hostile_site(root: Path) -> Path:
    """A site holding the briefs, registry entries and seeds of several hostile cases, and site.yml payloads.

    Briefs are renamed after their case so that they do not collide; registry entries keep their names.
    """
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(HOSTILE / "xss-in-site-yml" / "site" / "site.yml", root / "site.yml")
    for case in BROWSER_CASES:
        source = HOSTILE / case / "site" / "content"
        for path in sorted(source.rglob("*.md")):
            rel = path.relative_to(source)
            if rel.parts[0] == "briefs":
                rel = Path("briefs") / f"{path.stem[:10]}-{case}-{path.stem[11:]}.md"
            target = root / "content" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    for case in SEED_CASES:
        source = HOSTILE / case / "site" / "seeds"
        for path in sorted(source.iterdir()):
            target = root / "seeds" / f"{case}-{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return root
