"""`briefing init`: a new site that builds and checks at once, and never a file overwritten."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli.main import main
from generator.publish.scaffold import _public_url, briefing_requirement, site_title
from tests.conftest import chdir

SCAFFOLD = {
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "requirements.txt",
    "site.yml",
    "content/briefs/2024-01-15-welcome-to-your-briefing.md",
    "content/actors/alex-example.md",
    "seeds/README.md",
    "themes/default/templates/README.md",
}


def run(cwd: Path, *args: str) -> Result:
    with chdir(cwd):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_a_new_site_builds_and_checks_at_once(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "korea-watch")
    assert result.exit_code == 0, result.output
    site = tmp_path / "korea-watch"
    assert files(site) == SCAFFOLD
    assert "Created a site in korea-watch: 9 files written." in result.stdout

    built = run(site, "build")
    assert built.exit_code == 0, built.output
    assert "Built 1 brief, 4 terms" in built.stdout
    made = [f for f in files(site / "public") if not f.startswith("pagefind/")]  # the search index is not pages
    pages = len([f for f in made if f.endswith((".html", ".xml", ".txt", ".json"))])
    assert f"({pages} pages rendered)" in built.stdout, built.stdout
    again = run(site, "build")
    assert f"(0 pages rendered, {pages} unchanged)" in again.stdout, again.stdout
    assert (site / "public/2024/01/welcome-to-your-briefing/index.html").is_file()
    # The registry entry resolves the brief's alias: one page for Alex Example, listing the brief.
    actor = (site / "public/actors/alex-example/index.html").read_text(encoding="utf-8")
    assert "Welcome to your briefing" in actor
    assert "An example actor" in actor

    checked = run(site, "check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert "every internal link and anchor resolves" in checked.stdout
    assert run(site, "ingest").exit_code == 0  # seeds/ holds only its README: nothing to do, no error


def test_the_site_is_named_after_its_folder_and_keeps_a_placeholder_address(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "korea-watch").exit_code == 0
    site_yml = (tmp_path / "korea-watch/site.yml").read_text(encoding="utf-8")
    assert 'title: "Korea Watch"' in site_yml
    assert 'base_url: "http://127.0.0.1:8000/"' in site_yml
    for taxonomy in ("actors:", "places:", "organizations:", "topics: {key: topic"):
        assert f"  {taxonomy}" in site_yml
    assert "# Korea Watch" in (tmp_path / "korea-watch/README.md").read_text(encoding="utf-8")
    assert site_title(tmp_path / "north_korea.russia") == "North Korea Russia"
    assert site_title(tmp_path / "NK-desk") == "NK Desk"


def test_requirements_pin_the_briefing_that_made_the_site_never_pypis_other_briefing(tmp_path: Path) -> None:
    """PyPI's `briefing` is an unrelated project: the line names briefing-site, at the version installed."""
    assert run(tmp_path, "init", "site").exit_code == 0
    lines = (tmp_path / "site/requirements.txt").read_text(encoding="utf-8").splitlines()
    requirement = [line for line in lines if line and not line.startswith("#")]
    assert requirement == [briefing_requirement()]
    assert requirement[0].startswith("briefing-site==") or requirement[0].startswith("briefing-site @ git+")
    assert "-r requirements.txt" in (tmp_path / "site/.github/workflows/pages.yml").read_text(encoding="utf-8")


def test_a_requirement_never_carries_credentials() -> None:
    assert _public_url("https://user:token@github.com/alice/briefing.git") == "https://github.com/alice/briefing"
    assert _public_url("ssh://git@github.com/alice/briefing") == "https://github.com/alice/briefing"
    assert _public_url("https://token@git.example.org/briefing.git") == "https://git.example.org/briefing.git"


def test_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes"
    target.mkdir()
    (target / "todo.txt").write_text("keep me\n", encoding="utf-8")
    result = run(tmp_path, "init", "notes")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: refusing to initialise notes: the folder is not empty\n"
        "Hint: choose a new or empty folder, or pass --force to add only the files that are missing "
        "(existing files are never overwritten)\n"
    )
    assert files(target) == {"todo.txt"}


def test_a_fresh_git_repository_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "site/.git").mkdir(parents=True)
    assert run(tmp_path, "init", "site").exit_code == 0
    assert (tmp_path / "site/site.yml").is_file()


def test_force_adds_the_missing_files_and_skips_the_existing_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/briefs").mkdir(parents=True)
    mine = "title: Mine\nbase_url: https://briefs.korea-watch.net/\n"
    (site / "site.yml").write_text(mine, encoding="utf-8")
    (site / "README.md").write_text("My notes.\n", encoding="utf-8")
    result = run(tmp_path, "init", "site", "--force")
    assert result.exit_code == 0, result.output
    assert "  skipped README.md (exists)\n  skipped site.yml (exists)\n" in result.stdout
    assert "7 files written, 2 existing files left as they were." in result.stdout
    assert (site / "site.yml").read_text(encoding="utf-8") == mine
    assert (site / "README.md").read_text(encoding="utf-8") == "My notes.\n"
    assert files(site) == SCAFFOLD

    again = run(tmp_path, "init", "site", "--force")
    assert "0 files written, 9 existing files left as they were." in again.stdout


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("", encoding="utf-8")
    result = run(tmp_path, "init", "site", "--force")
    assert result.exit_code == 1
    assert result.stderr == "Error: site exists and is not a folder\nHint: choose a new folder name\n"
