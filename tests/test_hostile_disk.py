"""Hostile content and faults on disk: nothing written outside public/, killed builds and ingests lose nothing.

Builds and ingests run as subprocesses of the real command line, so that they can be killed with
SIGKILL at random moments (a seeded RNG keeps every run reproducible).
"""

from __future__ import annotations

import hashlib
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from generator.config.site import load_config
from generator.content.loader import load_brief
from generator.errors import Problems
from tests.hostile.support import (
    BRIEFING,
    CANARY,
    cli_env,
    hostile_site,
    limit_memory,
    make_outside,
    output_problems,
    run_cli,
    snapshot,
    staging_leftovers,
    tree_bytes,
)

KILLS = 10


def start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*BRIEFING, *args],
        cwd=cwd,
        env=cli_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=limit_memory,
    )


def kill_after(process: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL our own child after delay seconds; True when it was still running then."""
    try:
        process.wait(delay)
        return False
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return True


WORKERS = """
import os, sys, time
from generator.workers import fork_map

def beat(items):
    with open(os.path.join(sys.argv[1], str(os.getpid())), "a") as fh:
        for _ in range(400):
            fh.write("."); fh.flush(); time.sleep(0.05)
    return list(items)

fork_map(beat, list(range(400)), 2)
"""


def test_the_workers_of_a_killed_build_stop_with_it(tmp_path: Path) -> None:
    """A killed build's workers must not go on writing (into a staging folder the next build removes)."""
    beats = tmp_path / "beats"
    beats.mkdir()
    process = subprocess.Popen([sys.executable, "-c", WORKERS, str(beats)], cwd=Path(__file__).parent.parent)
    deadline = time.monotonic() + 30
    while len(list(beats.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(list(beats.iterdir())) == 2, "the two workers never started"
    process.kill()
    process.wait()
    time.sleep(0.5)
    sizes = {path.name: path.stat().st_size for path in beats.iterdir()}
    time.sleep(0.5)
    assert {path.name: path.stat().st_size for path in beats.iterdir()} == sizes, "workers outlived their build"


# --- nothing outside public/ ------------------------------------------------------------------


def test_building_hostile_content_writes_nothing_outside_the_output_folder(tmp_path: Path) -> None:
    site = hostile_site(tmp_path / "site")
    outside = make_outside(tmp_path / "outside")
    (site / "static").mkdir()
    (site / "static" / "secret.txt").symlink_to(outside / "secret.txt")
    (site / "static" / "outside").symlink_to(outside)
    ingested = run_cli(["ingest"], site)
    assert ingested.returncode == 0, ingested.describe()

    for attempt in ("first build", "rebuild over the previous site"):
        before = snapshot(tmp_path, skip=[site / "public"])
        built = run_cli(["build"], site)
        assert built.returncode == 0 and "Traceback" not in built.output, built.describe()
        assert snapshot(tmp_path, skip=[site / "public"]) == before, f"{attempt}: a file changed outside public/"
        assert staging_leftovers(site / "public") == [], attempt
    public = site / "public"
    assert output_problems(public) == []
    assert all(CANARY.encode() not in data for data in tree_bytes(public).values())
    assert not (public / "secret.txt").exists() and not (public / "outside").exists()


def test_a_failed_build_leaves_no_staging_folder_and_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "briefs").mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: https://example.org/\n")
    brief = site / "content" / "briefs" / "2023-09-05-a.md"
    brief.write_text("---\ntitle: Fine\ndate: 2023-09-05\n---\nBody\n")
    assert run_cli(["build"], site).returncode == 0
    previous = tree_bytes(site / "public")
    brief.write_text("---\ntitle: !!python/object/apply:os.system ['touch PWNED']\ndate: 2023-09-05\n---\n")
    failed = run_cli(["build"], site)
    assert failed.returncode == 1 and "Traceback" not in failed.output
    assert tree_bytes(site / "public") == previous
    assert staging_leftovers(site / "public") == []
    assert not (site / "PWNED").exists()


# --- killed builds ------------------------------------------------------------------------------


def many_briefs(site: Path, count: int) -> None:
    rng = random.Random(20230905)
    people = ["Kim Jong-un", "Vladimir Putin", "John Kirby", "Sergei Shoigu", *(f"Person {i}" for i in range(60))]
    folder = site / "content" / "briefs"
    folder.mkdir(parents=True)
    for i in range(count):
        day = f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        actors = ", ".join(rng.sample(people, 3))
        (folder / f"{day}-brief-{i}.md").write_text(
            f"---\ntitle: Brief number {i}\ndate: {day}\nactors: [{actors}]\ntopic: Topic {i % 5}\n---\n\n"
            + f"Body of brief {i}. " * 20
            + "\n",
            encoding="utf-8",
        )


def test_a_build_killed_at_random_moments_leaves_the_previous_site_byte_identical(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yml").write_text("title: Killed\nbase_url: https://example.org/\nfeed_limit: 5\n")
    many_briefs(site, 400)
    first = run_cli(["build"], site, timeout=120)
    assert first.returncode == 0, first.describe()
    previous = tree_bytes(site / "public")
    # The next build would change a page, so any mix of the two sites would show.
    brief = next((site / "content" / "briefs").glob("*-brief-7.md"))
    brief.write_text(brief.read_text().replace("title: Brief number 7", "title: Brief number seven"))
    expected_run = run_cli(["build", "--output", str(tmp_path / "expected")], site, timeout=120)
    assert expected_run.returncode == 0, expected_run.describe()
    expected = tree_bytes(tmp_path / "expected")
    assert expected != previous
    duration = expected_run.seconds

    rng = random.Random(7)
    killed = 0
    for _ in range(KILLS):
        process = start(["build"], site)
        killed += kill_after(process, rng.uniform(0.05, duration * 1.05))  # up to the swap itself
        now = tree_bytes(site / "public")
        assert now in (previous, expected), "a killed build left a site that is neither the old one nor the new one"
        if now == expected:
            previous = expected  # it finished before the kill: from now on this is the previous site
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} builds were killed while running"

    final = run_cli(["build"], site, timeout=120)
    assert final.returncode == 0, final.describe()
    assert tree_bytes(site / "public") == expected
    assert staging_leftovers(site / "public") == [], "stale staging folders of killed builds were not removed"


# --- killed ingests -----------------------------------------------------------------------------

ARTICLE = (
    "{headline}\n"
    "Russian President Vladimir Putin is expected to ask North Korean leader Kim Jong-un for artillery shells "
    "and missiles, officials said on Tuesday ({n}).\n"
    "White House spokesman John Kirby said talks on weapons were advancing. Kirby said the United States would "
    "respond.\n"
)


def seeds(site: Path, count: int, version: int) -> None:
    folder = site / "seeds"
    folder.mkdir(exist_ok=True)
    for n in range(count):
        # Version 2 changes every third seed; the others stay as they were.
        changed = version > 1 and n % 3 == 0
        headline = f"Kim and Putin talk weapons, part {n}" + (" (updated)" if changed else "")
        (folder / f"seed-{n:02d}.txt").write_text(ARTICLE.format(headline=headline, n=n), encoding="utf-8")
        (folder / f"seed-{n:02d}.yml").write_text(f"date: 2023-09-{1 + n % 28:02d}\n", encoding="utf-8")


def seed_hashes(site: Path) -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in (site / "seeds").glob("*.txt")}


def assert_every_brief_complete(site: Path, known_hashes: set[str]) -> None:
    config = load_config(site / "site.yml")
    for path in sorted((site / "content" / "briefs").glob("*.md")):
        problems = Problems()
        brief = load_brief(path, config, problems)
        assert brief is not None and not problems.errors, f"{path.name} is damaged: {problems.items}"
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n"), f"{path.name} is cut short"
        match = re.search(r"^seed_sha256: (\w+)$", text, re.M)
        if match:  # an ingested brief names the seed version it was made from
            assert match.group(1) in known_hashes, f"{path.name} names a seed version that never existed"


def test_a_killed_ingest_never_loses_an_editors_change_nor_half_writes_a_brief(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yml").write_text("title: Ingest\nbase_url: https://example.org/\n")
    seeds(site, 12, version=1)
    first = run_cli(["ingest"], site, timeout=120)
    assert first.returncode == 0, first.describe()
    old_hashes = seed_hashes(site)
    briefs = sorted((site / "content" / "briefs").glob("*.md"))
    assert len(briefs) == 12
    # An editor corrects one brief whose seed will change, and one whose seed stays the same.
    edited: dict[Path, str] = {}
    for path in (briefs[0], briefs[1]):
        text = path.read_text(encoding="utf-8").replace("Kim and Putin talk weapons", "Kim and Putin discuss arms")
        path.write_text(text + "\nAn editor's note.\n", encoding="utf-8")
        edited[path] = path.read_text(encoding="utf-8")
    seeds(site, 12, version=2)
    known = old_hashes | seed_hashes(site)

    # Most of a run is start-up (imports, gazetteer); the kills aim at the second half, where briefs are written.
    rng = random.Random(11)
    for _ in range(5):
        process = start(["ingest"], site)
        kill_after(process, rng.uniform(first.seconds * 0.5, first.seconds * 1.1))
        for path, text in edited.items():
            assert path.read_text(encoding="utf-8") == text, f"{path.name}: the editor's change was lost"
        assert_every_brief_complete(site, known)

    final = run_cli(["ingest"], site, timeout=120)
    assert final.returncode == 0, final.describe()
    assert "Traceback" not in final.output
    for path, text in edited.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: the editor's change was lost"
        kept = rf"kept\s+\S+\s+content/briefs/{re.escape(path.name)}: edited since it was ingested"
        assert re.search(kept, final.output), final.describe()
    assert_every_brief_complete(site, known)
    texts = [p.read_text(encoding="utf-8") for p in (site / "content" / "briefs").glob("*.md")]
    assert sum("(updated)" in t for t in texts) == 3  # seeds 3, 6 and 9 changed; 0 was edited
    again = run_cli(["ingest"], site, timeout=120)
    (totals,) = [line for line in again.stdout.splitlines() if line.startswith("Ingested")]
    assert totals == "Ingested 12 seeds: 10 unchanged, 2 kept.", again.describe()
