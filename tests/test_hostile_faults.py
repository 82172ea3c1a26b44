"""Faults of the machine, not of the input: a full disk, a read-only folder, a build worker killed by the
kernel, an editor's bytes in another encoding, files swapped for links between listing and reading.

Each runs the real command line. A full disk is a real tmpfs of a few kilobytes and a read-only folder
a real read-only bind mount, both made in a private mount namespace (`unshare --user --mount`) that
vanishes with the command: nothing is mounted on the machine, and the tests need no privileges.
"""

from __future__ import annotations

import os
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.config.site import load_config
from generator.content.loader import content_files, load_brief
from generator.errors import Problems
from tests.hostile.support import (
    BRIEFING,
    CANARY,
    UNEXPECTED,
    cli_env,
    limit_memory,
    make_outside,
    run_cli,
    staging_leftovers,
    tree_bytes,
)
from tests.test_hostile_disk import many_briefs

SITE_YML = "title: Faults\nbase_url: https://example.org/\n"
ARTICLE = (
    "{headline}\n"
    "Russian President Vladimir Putin is expected to ask North Korean leader Kim Jong-un for artillery shells "
    "and missiles, officials said on Tuesday ({n}).\n"
    "White House spokesman John Kirby said talks on weapons were advancing.\n"
)


def namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        probe = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not namespaces_work(), reason="needs `unshare --user --mount` (unprivileged user and mount namespaces)"
)


def in_namespace(site: Path, script: str, timeout: float = 120) -> str:
    """Run a shell script in a private user and mount namespace, in site; its output, stderr first.

    `$BRIEFING` in the script is the command line, run as the tests run it; what the script prints
    after `--- left` (to stdout) comes last.
    """
    env = {**cli_env(), "BRIEFING": " ".join(shlex.quote(a) for a in BRIEFING), "BRIEFING_CACHE_DIR": "off"}
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        cwd=site,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit_memory,
    )
    return done.stderr + done.stdout


def exit_of(output: str, label: str) -> int:
    match = re.search(rf"^{label}-exit=(\d+)$", output, re.M)
    assert match, output
    return int(match.group(1))


def seeds(site: Path, count: int) -> None:
    for n in range(count):
        headline = f"Kim and Putin talk weapons, part {n}"
        (site / "seeds" / f"seed-{n:02d}.txt").write_text(ARTICLE.format(headline=headline, n=n), encoding="utf-8")
        (site / "seeds" / f"seed-{n:02d}.yml").write_text(f"date: 2023-09-{1 + n:02d}\n", encoding="utf-8")


def ingest_site(tmp_path: Path, count: int) -> Path:
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "site.yml").write_text(SITE_YML, encoding="utf-8")
    seeds(site, count)
    return site


def assert_no_bug(output: str) -> None:
    assert "Traceback" not in output and UNEXPECTED not in output, output


# --- a full disk and a read-only folder --------------------------------------------------------


@needs_namespaces
def test_ingest_onto_a_full_disk_reports_each_seed_goes_on_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    site = ingest_site(tmp_path, 12)
    # content/ is a 16 kB tmpfs: a few briefs fit, the rest meet "No space left on device".
    output = in_namespace(
        site,
        "mkdir content && mount -t tmpfs -o size=16k tmpfs content && $BRIEFING ingest; echo ingest-exit=$?; "
        "echo '--- left'; "
        'find content -type f | sort; for f in content/briefs/*.md; do tail -c 1 "$f" | od -An -c; done',
    )
    assert_no_bug(output)
    assert exit_of(output, "ingest") == 1
    written = re.findall(r"^\s*new\s+seeds/(seed-\d+)\.txt", output, re.M)
    full = re.findall(
        r"^\s*failed\s+seeds/(seed-\d+)\.txt\s+content/briefs/\S+: cannot write it: No space left on device "
        r"\(hint: the disk is full: free some space and run it again\)",
        output,
        re.M,
    )
    assert written and full, output  # some briefs fit, the others were each reported, none stopped the run
    assert sorted(written + full) == [f"seed-{n:02d}" for n in range(12)], output
    assert "Error: " in output and "seeds could not be ingested; the others were" in output
    left = output.split("--- left", 1)[1]
    assert ".tmp" not in left, f"a temporary file was left on the full disk:\n{left}"
    assert left.count("content/briefs/") == len(written), left  # exactly the briefs reported as new
    assert left.count("\\n") == len(written), "a brief was cut short"  # each ends with its newline


@needs_namespaces
def test_ingest_into_a_read_only_content_folder_says_so_for_each_seed(tmp_path: Path) -> None:
    site = ingest_site(tmp_path, 3)
    first = run_cli(["ingest", "seeds/seed-00.txt"], site)
    assert first.returncode == 0, first.describe()
    before = tree_bytes(site / "content")
    (site / "seeds" / "seed-00.txt").write_text(
        ARTICLE.format(headline="Kim and Putin talk weapons, part 0 (updated)", n=0), encoding="utf-8"
    )
    output = in_namespace(
        site,
        "mount --bind content content && mount -o remount,bind,ro content && $BRIEFING ingest; echo ingest-exit=$?",
    )
    assert_no_bug(output)
    assert exit_of(output, "ingest") == 1
    assert re.search(
        r"failed\s+seeds/seed-00\.txt\s+content/briefs/\S+: cannot write it: Read-only file system "
        r"\(hint: that folder is on a read-only file system: choose a writable one\)",
        output,
    ), output
    assert len(re.findall(r"cannot write it: Read-only file system", output)) == 3, output
    assert tree_bytes(site / "content") == before  # nothing half-written, nothing left


@needs_namespaces
def test_ingest_with_no_content_folder_on_a_read_only_site_says_it_cannot_make_it(tmp_path: Path) -> None:
    site = ingest_site(tmp_path, 1)
    output = in_namespace(
        site, "mount --bind . . && mount -o remount,bind,ro . && $BRIEFING ingest; echo ingest-exit=$?"
    )
    assert_no_bug(output)
    assert exit_of(output, "ingest") == 1
    assert "Error: cannot make content/briefs/: Read-only file system" in output, output
    assert not (site / "content").exists()


def build_site(tmp_path: Path, briefs: int) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yml").write_text(SITE_YML, encoding="utf-8")
    many_briefs(site, briefs)
    return site


@needs_namespaces
def test_a_build_onto_a_full_disk_says_so_and_leaves_the_previous_site_and_no_staging_folder(tmp_path: Path) -> None:
    site = build_site(tmp_path, 3)
    more = tmp_path / "more"
    more.mkdir()
    many_briefs(more, 300)  # the second build needs far more room than the first
    (site / "out").mkdir()
    output = in_namespace(
        site,
        # 1000k: the first site with its search index (Pagefind's runtime and a bundle a year) fits.
        "mount -t tmpfs -o size=1000k tmpfs out && $BRIEFING build -o out/public; echo first-exit=$?; "
        "find out/public -type f -exec md5sum {} + | sort > ../before.txt; "
        f"cp {shlex.quote(str(more))}/content/briefs/*.md content/briefs/; "
        "$BRIEFING build -o out/public; echo second-exit=$?; "
        "find out/public -type f -exec md5sum {} + | sort > ../after.txt; echo '--- left'; ls -a out",
    )
    assert_no_bug(output)
    assert exit_of(output, "first") == 0, output
    assert exit_of(output, "second") == 1, output
    assert re.search(
        r"Error: cannot write the site into \S+/out/public: No space left on device; the previous site is left as it "
        r"was\nHint: the disk is full: free some space and run it again",
        output,
    ), output
    before, after = (tmp_path / "before.txt").read_text(), (tmp_path / "after.txt").read_text()
    assert before and after == before, "the previous site changed"
    assert output.split("--- left", 1)[1].split() == [".", "..", "public"], "a staging folder was left"


@needs_namespaces
def test_a_build_into_a_read_only_folder_says_so(tmp_path: Path) -> None:
    site = build_site(tmp_path, 3)
    (site / "out").mkdir()
    output = in_namespace(
        site,
        "mount --bind out out && mount -o remount,bind,ro out && $BRIEFING build -o out/public; echo build-exit=$?",
    )
    assert_no_bug(output)
    assert exit_of(output, "build") == 1
    assert "cannot write the site into" in output and "out/public: Read-only file system" in output, output
    assert "Hint: that folder is on a read-only file system: choose a writable one" in output
    assert list((site / "out").iterdir()) == []


# --- a file-size limit (no privileges needed: the same fault wherever the tests run) -------------


def no_larger_than(size: int) -> Callable[[], None]:
    """preexec_fn: the memory cap, and files of at most size bytes; SIGXFSZ ignored, so that a write
    past the limit fails with EFBIG (File too large) as it would on a full disk, instead of killing."""

    def apply() -> None:
        limit_memory()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def test_ingest_under_a_file_size_limit_reports_each_seed_as_the_machines_fault_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    site = ingest_site(tmp_path, 3)
    done = subprocess.run(
        [*BRIEFING, "ingest"],
        cwd=site,
        env={**cli_env(), "TMPDIR": str(tmp_path)},  # where a library unpacks its model: checked below
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=no_larger_than(64),
    )
    output = done.stdout + done.stderr
    assert_no_bug(output)
    assert "this is a bug" not in output, output
    assert done.returncode == 1, output
    failed = re.findall(
        r"^\s*failed\s+seeds/(seed-\d+)\.txt\s+.*File too large \(hint: the file is larger", output, re.M
    )
    assert failed == ["seed-00", "seed-01", "seed-02"], output  # each seed said, none stopped the others
    assert "Error: 3 seeds could not be ingested" in output, output
    assert not (site / "content").exists() or list((site / "content").rglob("*.md")) == []
    assert list(site.rglob("*.tmp")) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "a temporary file was left"


# --- a build worker killed by the kernel -----------------------------------------------------------


def workers_of(pid: int) -> list[int]:
    """The build's forked workers: its children running the same command line (not a resource tracker)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        mine = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    found = []
    for child in map(int, children):
        try:
            if Path(f"/proc/{child}/cmdline").read_bytes() == mine:
                found.append(child)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the workers through /proc")
def test_a_build_whose_worker_is_killed_fails_with_a_message_instead_of_waiting_forever(tmp_path: Path) -> None:
    site = build_site(tmp_path, 400)
    first = run_cli(["build", "--no-cache"], site, timeout=120)
    assert first.returncode == 0, first.describe()
    previous = tree_bytes(site / "public")
    brief = next((site / "content" / "briefs").glob("*-brief-7.md"))
    brief.write_text(brief.read_text().replace("Brief number 7", "Brief number seven"))
    for _ in range(10):  # a build may finish before a worker is seen: then it is tried again
        process = subprocess.Popen(
            [*BRIEFING, "build", "--no-cache", "--jobs", "2"],
            cwd=site,
            env=cli_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=limit_memory,
        )
        killed = False
        while process.poll() is None and not killed:
            workers = workers_of(process.pid)
            if workers:
                os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer would
                killed = True
            time.sleep(0.002)
        try:
            stdout, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail("the build waited forever for the worker that was killed")
        if killed and process.returncode != 0:
            break
        tree = tree_bytes(site / "public")
        if tree != previous:
            previous = tree  # it finished before the kill: this is now the previous site
    else:
        pytest.fail("no worker was ever killed while the build ran")
    output = stdout + stderr
    assert_no_bug(output)
    assert process.returncode == 1, output
    assert "Error: a worker process died while building (killed by the system, perhaps for lack of memory)" in output, (
        output
    )
    assert "Hint: the previous site is left as it was; run it again, or with --jobs 1 to use less memory" in output
    assert tree_bytes(site / "public") == previous
    assert staging_leftovers(site / "public") == []


# --- an editor's bytes --------------------------------------------------------------------------


def test_force_keeps_a_byte_exact_backup_of_a_latin1_edit_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    site = ingest_site(tmp_path, 1)
    assert run_cli(["ingest"], site).returncode == 0
    (brief,) = (site / "content" / "briefs").glob("*.md")
    # An editor saved the brief in Latin-1, with bytes that are not UTF-8 and a stray NUL-free mix.
    edited = brief.read_bytes().replace(b"Kim and Putin", b"Caf\xe9 \xabKim\xbb and Putin \xe0 Pyongyang\xff")
    brief.write_bytes(edited)
    kept = run_cli(["ingest"], site)
    assert re.search(r"kept\s+seeds/seed-00\.txt\s+content/briefs/\S+: edited since it was ingested", kept.output)
    assert brief.read_bytes() == edited
    for attempt in range(2):  # twice in the same second: two backups, both exact
        if attempt:
            brief.write_bytes(edited + b"\xe9\n")
        forced = run_cli(["ingest", "--force"], site)
        assert forced.returncode == 0, forced.describe()
        assert "replaced" in forced.output, forced.describe()
    backups = sorted((site / "content" / "briefs").glob(f"{brief.name}.*.bak"))
    assert [b.read_bytes() for b in backups] == [edited, edited + b"\xe9\n"]
    assert b"\xef\xbf\xbd" not in b"".join(b.read_bytes() for b in backups)  # no U+FFFD anywhere
    assert list(site.rglob("*.tmp")) == []
    loaded = load_brief(brief, load_config(site / "site.yml"), Problems())
    assert loaded is not None and "Kim and Putin" in loaded.title


# --- files swapped between listing and reading ---------------------------------------------------


def test_a_brief_swapped_for_a_link_out_after_it_was_listed_is_not_read(tmp_path: Path) -> None:
    site = build_site(tmp_path, 2)
    outside = make_outside(tmp_path / "outside")
    (outside / "sub").mkdir()
    shutil.copy(outside / "secret.md", outside / "sub" / "2023-09-05-b.md")
    folder = site / "content" / "briefs"
    (folder / "sub").mkdir()
    (folder / "sub" / "2023-09-05-b.md").write_text("---\ntitle: Fine\ndate: 2023-09-05\n---\n", encoding="utf-8")
    config = load_config(site / "site.yml")
    listed = list(content_files(folder))
    assert len(listed) == 3
    # After the listing, one brief becomes a link out, and a folder holding another becomes one.
    first = listed[0]
    first.unlink()
    first.symlink_to(outside / "secret.md")
    shutil.rmtree(folder / "sub")
    (folder / "sub").symlink_to(outside / "sub")
    for path in (first, folder / "sub" / "2023-09-05-b.md"):
        problems = Problems()
        assert load_brief(path, config, problems) is None
        (problem,) = problems.errors
        assert problem.message == "is a link to a file outside content/; it was not read", problem
        assert CANARY not in problem.format()
