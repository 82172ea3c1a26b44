"""`briefing deploy`: real git, a bare repository as the remote, and the deployed branch checked out and served."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import __version__
from generator.publish.deploy import DeployError, github_pages_url, is_placeholder, production_addresses
from tests.conftest import MakeSite, MiniSite, brief
from tests.servers import static_server
from tests.test_links import crawl

PROJECT_URL = "https://example.github.io/repo/"
SITE_YML = f"title: Deploy test\nbase_url: {PROJECT_URL}\n"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every git here, ours and the deploy's, runs with a test identity and no user or system config."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Editor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "editor@example.org")


@dataclass
class Published:
    site: MiniSite
    remote: Path  # the bare repository standing in for GitHub

    def commit(self, message: str) -> str:
        git(self.site.root, "add", "-A")
        git(self.site.root, "commit", "-q", "-m", message)
        return git(self.site.root, "rev-parse", "HEAD")

    def clone(self, into: Path, branch: str = "gh-pages") -> Path:
        git(into.parent, "clone", "-q", "--branch", branch, str(self.remote), into.name)
        return into

    def files(self, branch: str = "gh-pages") -> set[str]:
        return set(git(self.remote, "ls-tree", "-r", "--name-only", branch).splitlines())


def briefs() -> dict[str, str]:
    return {
        "content/actors/kim-jong-un.md": "---\nname: Kim Jong-un\naliases: [Kim]\n---\nBio.\n",
        "content/briefs/2023-09-05-summit.md": brief(
            "Summit expected", "2023-09-05", actors=["Kim"], places=["Vladivostok"], topic="Arms"
        ),
        "content/briefs/2023-09-13-meeting.md": brief(
            "Leaders meet", "2023-09-13", body="## Talks\n\nThey talked.", actors=["Vladimir Putin"], topic="Arms"
        ),
    }


def published(make_site: MakeSite, tmp_path: Path, site_yml: str = SITE_YML) -> Published:
    """A site committed on main, with a bare repository as its `origin`."""
    site = make_site({**briefs(), "site.yml": site_yml, ".gitignore": "/public/\n"})
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "remote", "add", "origin", str(remote))
    repo = Published(site, remote)
    repo.commit("Start the site")
    return repo


def deploy(site: MiniSite, *args: str) -> tuple[int, str, str]:
    result = site.run("deploy", *args)
    return result.exit_code, result.stdout, result.stderr


# --- publishing -------------------------------------------------------------------------


def test_each_deploy_replaces_the_tree_with_one_new_commit_on_the_branch(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    first_source = git(repo.site.root, "rev-parse", "HEAD")
    code, out, err = deploy(repo.site)
    assert code == 0, err
    assert "as its first commit" in out
    assert f"Published at {PROJECT_URL}" in out
    assert "2023/09/summit/index.html" in repo.files()

    # Change one brief, delete the other: its page must be gone, not left over from the first deploy.
    repo.site.write({"content/briefs/2023-09-05-summit.md": brief("Summit confirmed", "2023-09-05", actors=["Kim"])})
    (repo.site.root / "content/briefs/2023-09-13-meeting.md").unlink()
    second_source = repo.commit("Confirm the summit, drop the meeting")
    code, out, err = deploy(repo.site, "--message", "Publish the confirmation")
    assert code == 0, err
    assert "on top of" in out

    clone = repo.clone(tmp_path / "pages")
    files = {p.relative_to(clone).as_posix() for p in clone.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert {".nojekyll", "index.html", "404.html", "2023/09/summit/index.html"} <= files
    assert "2023/09/meeting/index.html" not in files
    assert "actors/vladimir-putin/index.html" not in files
    assert "CNAME" not in files  # site.yml sets no cname
    assert ".briefing" not in files  # the build's own marker stays out of the published tree
    assert "Summit confirmed" in (clone / "2023/09/summit/index.html").read_text(encoding="utf-8")
    assert f'href="{PROJECT_URL}' in (clone / "index.html").read_text(encoding="utf-8")

    commits = git(clone, "rev-list", "--parents", "gh-pages").splitlines()
    assert len(commits) == 2
    assert [len(line.split()) for line in commits] == [2, 1]  # linear: the second on the first, the first a root
    newest, oldest = (git(clone, "log", "-1", "--format=%B", sha.split()[0]) for sha in commits)
    assert oldest.startswith(f"Deploy {first_source[:12]} with Briefing {__version__}")
    assert f"Source-Commit: {first_source}" in oldest
    assert newest.startswith("Publish the confirmation\n")
    assert f"Source-Commit: {second_source}\nBriefing-Version: {__version__}" in newest


def test_deploy_leaves_the_working_tree_the_index_and_the_current_branch_alone(
    make_site: MakeSite, tmp_path: Path
) -> None:
    repo = published(make_site, tmp_path)
    root = repo.site.root
    # Work in progress outside the site's sources: a staged file, an unstaged edit, an untracked note.
    (root / "NOTES.md").write_text("staged\n", encoding="utf-8")
    git(root, "add", "NOTES.md")
    (root / ".gitignore").write_text("/public/\n*.tmp\n", encoding="utf-8")
    (root / "draft.txt").write_text("untracked\n", encoding="utf-8")

    def state() -> tuple[bytes, str, str, str, str]:
        return (
            (root / ".git/index").read_bytes(),  # first, and no optional locks: our own status must not rewrite it
            git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=all"),
            git(root, "symbolic-ref", "HEAD"),
            git(root, "rev-parse", "HEAD"),
            git(root, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
        )

    before = state()
    code, _, err = deploy(repo.site)
    assert code == 0, err
    assert state() == before
    assert not repo.site.public.exists()  # built in a temporary folder, never into public/
    assert "gh-pages" in git(repo.remote, "branch", "--list", "gh-pages")


def test_deploying_an_unchanged_site_adds_no_commit(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    assert deploy(repo.site)[0] == 0
    tip = git(repo.remote, "rev-parse", "gh-pages")
    code, out, _ = deploy(repo.site)
    assert code == 0
    assert f"gh-pages on origin already holds this site ({tip[:12]}); nothing to push." in out
    assert git(repo.remote, "rev-parse", "gh-pages") == tip


def test_a_custom_domain_gets_a_cname_file_and_a_site_built_for_its_root(make_site: MakeSite, tmp_path: Path) -> None:
    site_yml = "title: Deploy test\nbase_url: http://127.0.0.1:8000/\ncname: briefs.korea-watch.net\n"
    repo = published(make_site, tmp_path, site_yml)
    code, out, err = deploy(repo.site)
    assert code == 0, err
    assert "for https://briefs.korea-watch.net/ in" in out
    assert out.rstrip().endswith("Published at https://briefs.korea-watch.net/")
    clone = repo.clone(tmp_path / "pages")
    assert (clone / "CNAME").read_text(encoding="utf-8") == "briefs.korea-watch.net\n"
    assert "<loc>https://briefs.korea-watch.net/2023/09/summit/</loc>" in (clone / "sitemap.xml").read_text(
        encoding="utf-8"
    )


def test_a_placeholder_base_url_on_a_github_remote_is_built_for_the_project_site(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """site.yml keeps its local address; the remote (git@github.com:alice/news.git) says where it is served."""
    repo = published(make_site, tmp_path, "title: Deploy test\nbase_url: http://127.0.0.1:8000/\n")
    root = repo.site.root
    git(root, "remote", "set-url", "origin", "git@github.com:alice/news.git")
    # This machine cannot reach GitHub: git sends that address to the bare repository instead.
    git(root, "config", f"url.{repo.remote}.insteadOf", "git@github.com:alice/news.git")
    code, out, err = deploy(repo.site)
    assert code == 0, err
    assert "for https://alice.github.io/news/ in" in out
    assert out.rstrip().endswith("Published at https://alice.github.io/news/")
    clone = repo.clone(tmp_path / "pages")
    home = (clone / "index.html").read_text(encoding="utf-8")
    assert 'href="https://alice.github.io/news/"' in home  # canonical address
    assert 'href="/news/atom.xml"' in home  # links under the project's path


def test_the_deployed_branch_serves_under_repo_with_every_link_resolving(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    assert deploy(repo.site)[0] == 0
    www = tmp_path / "www"
    www.mkdir()
    clone = repo.clone(www / "repo")  # GitHub serves the project's gh-pages branch under /repo/
    with static_server(www) as origin:
        pages, broken = crawl(origin, "/repo/")
    assert broken == []
    html = [p for p in clone.rglob("*.html") if ".git" not in p.parts and p.name != "404.html"]
    assert pages == len(html) >= 14  # every page of the branch is reached from the home page


def test_a_site_in_a_subfolder_of_a_larger_repository_deploys_with_config(tmp_path: Path) -> None:
    project = tmp_path / "project"
    site = MiniSite(project / "briefing").write({**briefs(), "site.yml": SITE_YML})
    (project / "src").mkdir()
    (project / "src/app.py").write_text("print('hello')\n", encoding="utf-8")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(project, "init", "-q", "-b", "main")
    git(project, "remote", "add", "origin", str(remote))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Project with a briefing site")
    (project / "src/app.py").write_text("print('changed')\n", encoding="utf-8")  # not one of the site's sources

    code, _, err = deploy(MiniSite(project), "--config", "briefing/site.yml")
    assert code == 0, err
    assert "2023/09/summit/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()

    site.write({"content/briefs/2023-10-01-new.md": brief("New", "2023-10-01")})
    code, _, err = deploy(MiniSite(project), "--config", "briefing/site.yml")
    assert code == 1
    assert err.startswith(
        "Error: uncommitted changes in the site's sources: briefing/content/briefs/2023-10-01-new.md (new)\n"
    )


# --- refusals ---------------------------------------------------------------------------


def test_outside_a_git_repository_deploy_says_so(make_site: MakeSite) -> None:
    site = make_site({**briefs(), "site.yml": SITE_YML})
    code, _, err = deploy(site)
    assert code == 1
    assert err == (
        f"Error: {site.root.resolve()} is not in a git repository\n"
        "Hint: briefing deploy commits the built site to a branch of a git remote: "
        "run git init, commit the site and add a remote (git remote add origin URL)\n"
    )


def test_a_missing_remote_is_named(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    code, _, err = deploy(repo.site, "--remote", "pages")
    assert code == 1
    assert err == (
        "Error: no git remote named 'pages'\n"
        "Hint: this repository has origin; pass --remote NAME, or add one with git remote add pages URL\n"
    )


def test_uncommitted_sources_stop_the_deploy_unless_allowed(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    repo.site.write(
        {
            "content/briefs/2023-09-05-summit.md": brief("Summit, edited", "2023-09-05"),
            "content/briefs/2023-10-01-new.md": brief("New", "2023-10-01"),
            "templates/base.html.bak": "editor leftovers\n",
            "content/.ingest.json": "{}\n",  # hidden: never read by a build, so never in the way
            "public-notes.txt": "outside the sources\n",
        }
    )
    code, _, err = deploy(repo.site)
    assert code == 1
    assert err == (
        "Error: uncommitted changes in the site's sources: content/briefs/2023-09-05-summit.md (modified), "
        "content/briefs/2023-10-01-new.md (new), templates/base.html.bak (new)\n"
        "Hint: commit them, so the deploy records the commit it was built from, or pass --allow-dirty\n"
    )
    assert "gh-pages" not in git(repo.remote, "branch", "--list")

    code, _, err = deploy(repo.site, "--allow-dirty")
    assert code == 0, err
    message = git(repo.remote, "log", "-1", "--format=%B", "gh-pages")
    assert f"Source-Commit: {git(repo.site.root, 'rev-parse', 'HEAD')} (with uncommitted changes)" in message
    assert "2023/10/new/index.html" in repo.files()


def test_a_rejected_push_is_reported_with_the_remote_s_reason(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    hook = repo.remote / "hooks/pre-receive"
    hook.write_text("#!/bin/sh\necho 'deploys are frozen' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    code, _, err = deploy(repo.site)
    assert code == 1
    assert err == (
        "Error: the push of gh-pages to 'origin' was rejected: [remote rejected] (pre-receive hook declined); "
        "remote: deploys are frozen\n"
    )
    assert "gh-pages" not in git(repo.remote, "branch", "--list")


def test_a_push_that_lost_a_race_says_to_deploy_again(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    # Someone else deployed after our fetch: pushes go to a copy of the remote that has their commit.
    theirs = tmp_path / "theirs.git"
    git(tmp_path, "init", "-q", "--bare", str(theirs))
    other = tmp_path / "other"
    git(tmp_path, "init", "-q", "-b", "gh-pages", str(other))
    (other / "index.html").write_text("theirs\n", encoding="utf-8")
    git(other, "add", "index.html")
    git(other, "commit", "-q", "-m", "Their deploy")
    git(other, "push", "-q", str(theirs), "gh-pages")
    git(repo.site.root, "remote", "set-url", "--push", "origin", str(theirs))
    code, _, err = deploy(repo.site)
    assert code == 1
    assert err == (
        "Error: the push of gh-pages to 'origin' was rejected: [rejected] (fetch first)\n"
        "Hint: someone pushed to the branch meanwhile; run briefing deploy again to build on top of it\n"
    )
    assert git(theirs, "log", "--format=%s", "gh-pages") == "Their deploy"


def test_deploy_refuses_the_branch_that_holds_the_sources(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    git(repo.site.root, "push", "-q", "origin", "main")
    code, _, err = deploy(repo.site, "--branch", "main")
    assert code == 1
    assert err.startswith("Error: refusing to deploy to main: it is the branch checked out here")
    git(repo.site.root, "switch", "-q", "-c", "editing")
    code, _, err = deploy(repo.site, "--branch", "main")
    assert code == 1
    assert err.startswith("Error: refusing to deploy to main on 'origin': that branch holds the site's sources")
    assert git(repo.remote, "rev-parse", "main") == git(repo.site.root, "rev-parse", "HEAD")


def test_a_malformed_base_url_is_refused_before_any_git_work(make_site: MakeSite, tmp_path: Path) -> None:
    repo = published(make_site, tmp_path)
    code, _, err = deploy(repo.site, "--base-url", "user.github.io/repo")
    assert code == 1
    assert "--base-url: error: 'user.github.io/repo' is not an http(s) URL" in err


# --- where the site is published --------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("https://github.com/alice/news.git", "https://alice.github.io/news/"),
        ("https://github.com/alice/news", "https://alice.github.io/news/"),
        ("https://token@github.com/Alice/news/", "https://alice.github.io/news/"),
        ("git@github.com:alice/news.git", "https://alice.github.io/news/"),
        ("ssh://git@github.com/alice/news.git", "https://alice.github.io/news/"),
        ("ssh://git@github.com:22/alice/news", "https://alice.github.io/news/"),
        ("git@github.com:alice/alice.github.io.git", "https://alice.github.io/"),
        ("https://github.com/Alice/alice.github.io", "https://alice.github.io/"),
        ("https://github.com/alice/my.site.git", "https://alice.github.io/my.site/"),
        ("https://gitlab.com/alice/news.git", None),
        ("git@example.org:alice/news.git", None),
        ("/srv/git/news.git", None),
        ("https://github.com/alice", None),
    ],
)
def test_the_github_pages_address_comes_from_the_remote(remote: str, url: str | None) -> None:
    assert github_pages_url(remote) == url


@pytest.mark.parametrize(
    ("base_url", "placeholder"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/", True),
        ("https://briefing.example.org/", True),
        ("https://example.com/", True),
        ("https://alice.github.io/news/", False),
        ("https://example.github.io/repo/", False),
        ("https://briefs.korea-watch.net/", False),
    ],
)
def test_placeholder_addresses_are_recognised(base_url: str, placeholder: bool) -> None:
    assert is_placeholder(base_url) is placeholder


GITHUB = "git@github.com:alice/news.git"


def test_a_placeholder_base_url_gives_way_to_the_github_project_site() -> None:
    addresses = production_addresses("http://127.0.0.1:8000/", "", "origin", GITHUB)
    assert (addresses.base_url, addresses.url, addresses.warnings) == (
        "https://alice.github.io/news/",
        "https://alice.github.io/news/",
        (),
    )


def test_a_user_site_repository_is_served_at_the_root() -> None:
    addresses = production_addresses("http://127.0.0.1:8000/", "", "origin", "git@github.com:alice/alice.github.io")
    assert addresses.base_url == addresses.url == "https://alice.github.io/"


def test_a_cname_puts_the_site_at_the_custom_domain_root() -> None:
    addresses = production_addresses("http://127.0.0.1:8000/", "news.example.net", "origin", GITHUB)
    assert addresses.base_url == addresses.url == "https://news.example.net/"


def test_an_explicit_base_url_wins_and_a_mismatch_is_a_warning() -> None:
    kept = production_addresses("https://alice.github.io/news/", "", "origin", GITHUB)
    assert (kept.base_url, kept.warnings) == ("https://alice.github.io/news/", ())
    option = production_addresses("http://127.0.0.1:8000/", "", "origin", GITHUB, "https://news.alice.dev/")
    assert option.base_url == "https://news.alice.dev/"
    assert option.url == "https://alice.github.io/news/"
    assert option.warnings[0].startswith(
        "the site is built for https://news.alice.dev/ but GitHub Pages will serve this branch at "
        "https://alice.github.io/news/ (from remote 'origin')"
    )


def test_a_token_in_a_remote_address_is_never_printed() -> None:
    with pytest.raises(DeployError) as raised:
        production_addresses("http://127.0.0.1:8000/", "", "origin", "https://ci:s3cret@git.example.net/news.git")
    assert "s3cret" not in raised.value.format()
    assert "(https://git.example.net/news.git)" in raised.value.message


def test_a_placeholder_and_a_non_github_remote_leave_the_address_unknown() -> None:
    with pytest.raises(DeployError) as raised:
        production_addresses("http://127.0.0.1:8000/", "", "origin", "/srv/git/news.git")
    assert raised.value.format() == (
        "Error: cannot tell where the site will be published: site.yml base_url http://127.0.0.1:8000/ is a "
        "placeholder and remote 'origin' (/srv/git/news.git) is not a GitHub repository\n"
        "Hint: set base_url (or cname) in site.yml, or pass --base-url URL"
    )
