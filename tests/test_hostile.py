"""Hostile input through the real command line: every case ends in a clear message or in inert output.

Each folder under tests/hostile/ holds a hostile site (`site/`) and its expected outcome (`case.yml`,
described in tests/hostile/README.md). Every case runs `briefing` as a subprocess with a timeout and
a memory limit, and is checked for: its exit status, no traceback and no "bug in briefing" message,
the exact message lines the user must see, bounded time, nothing written outside the output folder
(no staging folder left either), nothing published from outside the site, and, whenever a site was
built, pages and feeds that cannot run script and feeds and sitemaps that are well-formed XML.
"""

from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hostile.support import (
    BRIEFING,
    CANARY,
    HOSTILE,
    UNEXPECTED,
    Ran,
    cli_env,
    deep_folder,
    limit_memory,
    make_outside,
    output_problems,
    remove_deep,
    run_cli,
    snapshot,
    staging_leftovers,
)

DEFAULT_SITE_YML = "title: Hostile\nbase_url: https://example.org/\n"
DEFAULT_SECONDS = 5.0
STAGES = ("build", "check", "ingest", "extract", "serve")
KNOWN_KEYS = frozenset(
    {
        "description",
        "stage",
        "expect",
        "run",
        "exit",
        "messages",
        "absent",
        "max_seconds",
        "then",
        "public_files",
        "public_missing",
        "public_absent",
        "public_contains",
        "files",
        "bytes",
        "encoded",
        "generate",
        "symlinks",
        "requests",
        "bug",
        "text",
        "fifos",
        "sparse",
        "public_max_bytes",
        "left",
        "deep",
    }
)


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    spec: dict[str, Any]

    @property
    def stage(self) -> str:
        return str(self.spec["stage"])

    @property
    def expect(self) -> str:
        return str(self.spec["expect"])

    @property
    def exits(self) -> list[int]:
        wanted = self.spec.get("exit", 1 if self.expect == "error" else 0)
        return [int(c) for c in wanted] if isinstance(wanted, list) else [int(wanted)]

    @property
    def max_seconds(self) -> float:
        return float(self.spec.get("max_seconds", DEFAULT_SECONDS))

    def strings(self, key: str) -> list[str]:
        return [str(s) for s in self.spec.get(key, [])]


def load_cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in HOSTILE.iterdir() if (p / "case.yml").is_file()):
        spec = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
        cases.append(Case(folder.name, folder, spec))
    return cases


CASES = load_cases()


def params() -> Iterator[Any]:
    for case in CASES:
        bug = case.spec.get("bug")
        marks = [pytest.mark.xfail(strict=True, reason=str(bug))] if bug else []
        yield pytest.param(case, id=case.name, marks=marks)


# --- laying out a case --------------------------------------------------------------------------


def lay_out(case: Case, site: Path, outside: Path) -> None:
    """The case's site/ folder, then the bytes, encodings, generated files and symlinks it declares."""
    if (case.folder / "site").is_dir():
        shutil.copytree(case.folder / "site", site, symlinks=True)
    site.mkdir(parents=True, exist_ok=True)
    if not (site / "site.yml").exists():
        (site / "site.yml").write_text(DEFAULT_SITE_YML, encoding="utf-8")
    for rel, text in case.spec.get("bytes", {}).items():
        # YAML double-quoted "\x89PNG\r\n" escapes give code points 0-255: one byte each.
        write(site / rel, str(text).encode("latin-1"))
    for rel, item in case.spec.get("encoded", {}).items():
        write(site / rel, str(item["text"]).encode(str(item["encoding"])))
    for item in case.spec.get("generate", []):
        write(site / item["path"], generated(item))
    for rel, text in case.spec.get("text", {}).items():
        # {outside} and {site} stand for the folders' absolute paths (plain replacement: text may hold braces)
        write(site / rel, str(text).replace("{outside}", str(outside)).replace("{site}", str(site)).encode("utf-8"))
    for rel, size in case.spec.get("sparse", {}).items():
        # a file of that size that takes no disk space: reading it whole would cost its size in memory
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.truncate(int(size))
    for item in case.spec.get("deep", []):
        # {folder, depth, file, text}: a file at the bottom of a chain of folders named a/a/a/…
        (deep_folder(site / item["folder"], int(item["depth"])) / item["file"]).write_text(str(item["text"]))
    for rel in case.spec.get("fifos", []):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).unlink(missing_ok=True)  # in place of the default site.yml, when the case says so
        os.mkfifo(site / rel)  # a named pipe with no writer: opening it for reading blocks forever
    for rel, target in case.spec.get("symlinks", {}).items():
        link = site / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)  # in place of the default site.yml, when the case says so
        link.symlink_to(str(target).format(outside=outside, site=site))


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def generated(item: dict[str, Any]) -> bytes:
    """Large or random files, made at test time rather than committed.

    `parts`: [{text, times, numbered}] repeated (with {i} numbered from 0 when asked);
    `random`: N bytes from a seeded generator after an optional `head`; `gzip: true` compresses the result.
    """
    if "random" in item:
        rng = random.Random(int(item.get("seed", 0)))
        return str(item.get("head", "")).encode("latin-1") + rng.randbytes(int(item["random"]))
    chunks: list[str] = []
    for part in item["parts"]:
        text, times = str(part["text"]), int(part.get("times", 1))
        if part.get("numbered"):
            chunks.append("".join(text.format(i=i) for i in range(times)))
        else:
            chunks.append(text * times)
    data = "".join(chunks).encode("utf-8")
    return gzip.compress(data, mtime=0) if item.get("gzip") else data


# --- running a case -----------------------------------------------------------------------------


@dataclass
class Served:
    ran: Ran
    answers: list[tuple[str, int, str]]  # path, status, body


def serve_and_ask(site: Path, requests: list[dict[str, Any]], timeout: float) -> Served:
    """`briefing serve --port 0` as a subprocess; ask it each request, then stop it."""
    started = time.monotonic()
    process = subprocess.Popen(
        [*BRIEFING, "serve", "--port", "0"],
        cwd=site,
        env=cli_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=limit_memory,
        start_new_session=True,
    )
    lines: list[str] = []
    out: list[str] = []
    found = threading.Event()
    address: list[str] = []

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            match = re.search(r"Serving on (http://127\.0\.0\.1:\d+)", line)
            if match and not address:
                address.append(match.group(1))
                found.set()

    def read_stdout() -> None:
        assert process.stdout is not None
        out.extend(process.stdout)

    readers = [threading.Thread(target=read_stderr, daemon=True), threading.Thread(target=read_stdout, daemon=True)]
    for reader in readers:
        reader.start()
    answers: list[tuple[str, int, str]] = []
    try:
        if found.wait(timeout):
            for request in requests:
                answers.append((request["path"], *fetch(address[0] + request["path"])))
    finally:
        process.terminate()  # SIGTERM: the server stops; it is our own child, by its pid
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for reader in readers:
            reader.join(5)
    code = None if not address else 0  # the server ran; it is stopped by us, so its status means nothing
    ran = Ran(("serve", "--port", "0"), code, "".join(out), "".join(lines), time.monotonic() - started)
    return Served(ran, answers)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def check_clean(case: Case, ran: Ran) -> None:
    """What every run must be: finished in time, no traceback, no crash, nothing from outside the site."""
    assert not ran.timed_out, f"no answer within the time limit: {ran.describe()}"
    assert "Traceback" not in ran.output, ran.describe()
    assert UNEXPECTED not in ran.output, f"an unexpected exception: {ran.describe()}"
    assert CANARY not in ran.output, f"text from outside the site was printed: {ran.describe()}"
    assert ran.cpu <= case.max_seconds, f"used {ran.cpu:.1f} s of CPU (limit {case.max_seconds} s)"


def check_messages(case: Case, ran: Ran) -> None:
    lines = [" ".join(line.split()) for line in ran.output.splitlines()]
    for message in case.strings("messages"):
        wanted = " ".join(message.split())  # the ingest report pads its columns to the longest seed name
        assert any(wanted in line for line in lines), f"missing message {message!r}\n{ran.describe()}"
    for text in case.strings("absent"):
        assert text not in ran.output, f"unwanted {text!r}\n{ran.describe()}"


def check_public(case: Case, site: Path) -> None:
    public = site / "public"
    for rel in case.strings("public_files"):
        assert (public / rel).is_file(), f"public/{rel} is missing"
    for rel in case.strings("public_missing"):
        assert not (public / rel).exists() and not (public / rel).is_symlink(), f"public/{rel} must not exist"
    if not public.is_dir():
        return
    assert output_problems(public) == []
    links = [p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_symlink()]
    assert links == [], f"the output holds symbolic links: {links}"
    unwanted = [CANARY, *case.strings("public_absent")]
    for path in public.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".css", ".js", ".svg"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for bad in unwanted:
                if path.suffix == ".json" and bad != CANARY:
                    continue  # search.json holds the raw text on purpose: search.js shows it with textContent
                assert bad not in text, f"public/{path.relative_to(public)} contains {bad!r}"
    for rel, wanted in case.spec.get("public_contains", {}).items():
        text = (public / rel).read_text(encoding="utf-8")
        for item in wanted:
            assert str(item) in text, f"public/{rel} lacks {item!r}"
    if "public_max_bytes" in case.spec:
        size = sum(p.stat().st_size for p in public.rglob("*") if p.is_file() and not p.is_symlink())
        assert size <= int(case.spec["public_max_bytes"]), f"public/ holds {size} bytes"


@dataclass
class Outcome:
    """What running one case did; the checks are made by the case's own test."""

    site: Path
    ran: Ran | None = None  # the case's command (None for serve cases)
    followed: list[Ran] = field(default_factory=list)  # the `then` commands
    served: Served | None = None
    wrote_public: bool = False  # public/ existed right after the case's command
    outside_unchanged: bool = True  # nothing beside the site folder changed
    sources_unchanged: bool = True  # site.yml, templates, static… (all but public/ and content/)
    seeds_unchanged: bool = True
    content_unchanged: bool = True


def wall_limit(case: Case) -> float:
    """Wall-clock time allowed: the CPU limit with room for a busy machine; a hang still ends here."""
    return case.max_seconds * 3 + 5


def execute(case: Case, tmp: Path) -> Outcome:
    """Lay out the case, run its command(s), and note what changed on disk."""
    site, outside = tmp / "site", make_outside(tmp / "outside")
    outcome = Outcome(site)
    lay_out(case, site, outside)
    around = snapshot(tmp, skip=[site])
    sources = snapshot(site, skip=[site / "public", site / "content"])
    seeds = snapshot(site / "seeds") if (site / "seeds").is_dir() else {}
    content = snapshot(site / "content") if (site / "content").is_dir() else {}
    if case.stage == "serve":
        outcome.served = serve_and_ask(site, case.spec.get("requests", []), timeout=wall_limit(case))
    else:
        args = [str(a) for a in case.spec.get("run", [case.stage])]
        outcome.ran = run_cli(args, site, timeout=wall_limit(case), cpu_seconds=case.max_seconds)
        outcome.wrote_public = (site / "public").exists()
        for then in case.spec.get("then", []):
            outcome.followed.append(run_cli([str(then)], site, timeout=wall_limit(case), cpu_seconds=case.max_seconds))
    outcome.outside_unchanged = snapshot(tmp, skip=[site]) == around
    outcome.sources_unchanged = snapshot(site, skip=[site / "public", site / "content"]) == sources
    outcome.seeds_unchanged = (snapshot(site / "seeds") if (site / "seeds").is_dir() else {}) == seeds
    outcome.content_unchanged = (snapshot(site / "content") if (site / "content").is_dir() else {}) == content
    return outcome


@pytest.mark.parametrize("case", list(params()))
def test_hostile_input_ends_in_a_clear_message_or_inert_output(case: Case, tmp_path: Path) -> None:
    assert set(case.spec) <= KNOWN_KEYS, f"unknown keys in {case.name}/case.yml: {set(case.spec) - KNOWN_KEYS}"
    assert case.stage in STAGES and case.expect in ("error", "safe"), case.spec
    assert case.spec.get("description"), f"{case.name}/case.yml needs a description"
    try:
        check_case(case, execute(case, tmp_path))
    finally:
        if case.spec.get("deep") and (tmp_path / "site").exists():
            remove_deep(tmp_path / "site")  # pytest's own clean-up recurses, and would fail on it


def check_case(case: Case, outcome: Outcome) -> None:
    site = outcome.site

    if outcome.served is not None:
        served = outcome.served
        check_clean(case, served.ran)
        check_messages(case, served.ran)
        assert len(served.answers) == len(case.spec["requests"]), served.ran.describe()
        for request, (path, status, body) in zip(case.spec["requests"], served.answers, strict=True):
            assert status in request["status"], f"{path}: {status}"
            assert CANARY not in body, f"{path} served text from outside the site"
            for text in request.get("contains", []):
                assert text in body, f"{path} lacks {text!r}"
    else:
        ran = outcome.ran
        assert ran is not None
        check_clean(case, ran)
        check_messages(case, ran)
        assert ran.returncode in case.exits, f"expected exit {case.exits}: {ran.describe()}"
        if case.expect == "error" and case.stage in ("build", "check"):
            assert not outcome.wrote_public, "a failed build wrote public/"
        for followed in outcome.followed:
            check_clean(case, followed)
            assert followed.returncode == 0, followed.describe()

    assert outcome.outside_unchanged, "something was written outside the site folder"
    assert outcome.sources_unchanged, "sources outside content/ changed"
    assert outcome.seeds_unchanged, "a seed was changed"
    if case.stage not in ("ingest", "serve"):
        assert outcome.content_unchanged, "content/ changed"
    assert staging_leftovers(site / "public") == [], "a staging folder was left behind"
    check_public(case, site)
    for rel, wanted in case.spec.get("files", {}).items():
        text = (site / rel).read_text(encoding="utf-8")
        for item in wanted:
            assert str(item) in text, f"{rel} lacks {item!r}"
    for pattern, count in case.spec.get("left", {}).items():
        found = sorted(p.relative_to(site).as_posix() for p in site.glob(pattern))
        assert len(found) == int(count), f"{pattern}: expected {count} files, found {found}"


def test_there_are_at_least_forty_hostile_cases_each_with_an_expected_outcome() -> None:
    assert len(CASES) >= 40
    for case in CASES:
        assert case.expect == "safe" or case.strings("messages"), f"{case.name}: an error case names its message"
