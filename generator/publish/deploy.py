"""Deploy stage: build for the production address and commit the site to a Pages branch with git plumbing.

The working tree, the index and the current branch are never touched: blobs are written with
`git hash-object`, the tree is assembled in a temporary index file, the commit is made with
`git commit-tree` and pushed by its hash to `refs/heads/<branch>` of the remote.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import __version__
from ..config.site import Config
from ..errors import DeployError, plural

if TYPE_CHECKING:
    from ..build.pipeline import BuildResult

DEFAULT_REMOTE = "origin"
DEFAULT_BRANCH = "gh-pages"

# Folders at the site root that a build reads besides content/, seeds/ and site.yml.
THEME_FOLDERS = ("themes", "templates", "static")

# Hosts that only ever stand in for a real address: the local preview address `briefing init` writes,
# and the domains reserved for documentation (RFC 2606).
PLACEHOLDER_HOSTS = ("localhost", "example.com", "example.org", "example.net")

_GITHUB_REMOTE = re.compile(
    r"""^(?:
        (?:https?|git|ssh|git\+ssh)://(?:[^@/]+@)?(?:www\.)?github\.com(?::\d+)?/  # URL forms
      | (?:[^@/:]+@)?github\.com:                                            # scp-like ssh form
    )
    (?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)
    /(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class DeployOptions:
    remote: str = DEFAULT_REMOTE
    branch: str = DEFAULT_BRANCH
    message: str | None = None  # subject of the deploy commit; the source stamp is always appended
    base_url: str | None = None  # overrides site.yml base_url
    allow_dirty: bool = False  # deploy even when the site's sources have uncommitted changes


@dataclass
class DeployResult:
    url: str  # where the site is served once Pages has picked up the branch
    base_url: str  # the address the site was built for
    source: str  # full sha of the source repository's HEAD
    commit: str  # the branch's new tip (its old tip when nothing changed)
    parent: str | None  # the branch's previous tip, None for its first deploy
    pushed: bool  # False when the branch already held exactly this site
    build: BuildResult
    files: int
    warnings: list[str] = field(default_factory=list)


# --- addresses ---------------------------------------------------------------------------


def github_repository(remote_url: str) -> tuple[str, str] | None:
    """(owner, repository) of a github.com remote in its https, ssh or scp-like form, else None."""
    match = _GITHUB_REMOTE.match(remote_url.strip())
    if match is None:
        return None
    return match.group("owner"), match.group("repo")


def github_pages_url(remote_url: str) -> str | None:
    """The github.io address GitHub Pages serves a repository's site at, or None for other hosts.

    A repository named `<owner>.github.io` is the owner's user site, served at the root; any
    other repository is a project site, served under `/<repository>/`.
    """
    found = github_repository(remote_url)
    if found is None:
        return None
    owner, repo = found
    host = f"{owner.lower()}.github.io"
    if repo.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{repo}/"


def is_placeholder(base_url: str) -> bool:
    """True for addresses no site is published at: loopback hosts and the RFC 2606 example domains."""
    host = (urlsplit(base_url).hostname or "").lower().rstrip(".")
    if host.startswith("127.") or host in ("::1", "0.0.0.0"):  # noqa: S104 - compared, never bound
        return True
    return any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS)


@dataclass(frozen=True)
class Addresses:
    base_url: str  # what the site is built for
    url: str  # where it will be served
    warnings: tuple[str, ...] = ()


def production_addresses(
    config_base_url: str, cname: str, remote: str, remote_url: str, override: str | None = None
) -> Addresses:
    """Decide the production base_url and the address printed at the end.

    Served at: https://<cname>/ when site.yml sets cname, else the github.io address of a GitHub
    remote. Built for: --base-url, else site.yml base_url unless it is a placeholder, else the
    address it will be served at.
    """
    served = f"https://{cname}/" if cname else github_pages_url(remote_url)
    if override is not None:
        base_url = override
    elif not is_placeholder(config_base_url):
        base_url = config_base_url
    elif served is not None:
        base_url = served
    else:
        raise DeployError(
            f"cannot tell where the site will be published: site.yml base_url {config_base_url} is a placeholder "
            f"and remote '{remote}' ({redacted(remote_url)}) is not a GitHub repository",
            hint="set base_url (or cname) in site.yml, or pass --base-url URL",
        )
    warnings: list[str] = []
    if served is not None and not _same_place(base_url, served):
        where = "site.yml cname" if cname else f"remote '{remote}'"
        warnings.append(
            f"the site is built for {base_url} but GitHub Pages will serve this branch at {served} "
            f"(from {where}); links will not resolve there unless a custom domain points to {base_url} "
            "(set cname in site.yml, so each deploy keeps it)"
        )
    return Addresses(base_url=base_url, url=served or base_url, warnings=tuple(warnings))


def redacted(url: str) -> str:
    """url without the user name or token some https remotes carry, fit for a log."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and "@" in parts.netloc:
        return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    return url


def _same_place(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.hostname or "").lower() == (pb.hostname or "").lower() and pa.path.rstrip("/") == pb.path.rstrip("/")


# --- git ---------------------------------------------------------------------------------


class _Git:
    """Runs git in one repository; every failure becomes a DeployError naming the command."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        # No optional locks: `git status` must not refresh and rewrite the user's index.
        # Literal pathspecs: a folder called `content[1]` is a name, not a pattern.
        self.env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_LITERAL_PATHSPECS": "1"}

    def run(
        self, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.cwd,
                input=stdin,
                capture_output=True,
                env={**self.env, **(env or {})},
                check=False,
            )
        except FileNotFoundError:
            raise DeployError(
                "git is not installed", hint="install git, or publish with the GitHub Actions workflow"
            ) from None

    def out(self, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None) -> str:
        done = self.run(*args, stdin=stdin, env=env)
        if done.returncode != 0:
            raise DeployError(f"git {args[0]} failed: {_git_message(done.stderr)}")
        return done.stdout.decode("utf-8", "replace").strip()


def _git_message(stderr: bytes) -> str:
    """git's own explanation: its first paragraph (the rest is advice), on one line."""
    lines: list[str] = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line.strip())
    return "; ".join(lines) or "no message"


def repository_root(folder: Path) -> Path:
    """The top of the git work tree holding folder."""
    done = _Git(folder).run("rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise DeployError(
            f"{folder} is not in a git repository",
            hint="briefing deploy commits the built site to a branch of a git remote: "
            "run git init, commit the site and add a remote (git remote add origin URL)",
        )
    return Path(done.stdout.decode("utf-8").strip())


def remote_url(git: _Git, remote: str) -> str:
    done = git.run("remote", "get-url", remote)
    if done.returncode != 0:
        remotes = git.out("remote").split()
        known = f"this repository has {', '.join(remotes)}; " if remotes else ""
        raise DeployError(
            f"no git remote named '{remote}'",
            hint=f"{known}pass --remote NAME, or add one with git remote add {remote} URL",
        )
    expanded = done.stdout.decode("utf-8").strip()
    # The address as written, before any url.<base>.insteadOf rewrite, names the repository the
    # user means: a GitHub remote fetched through a mirror is still published on GitHub.
    written = git.run("config", "--get", f"remote.{remote}.url").stdout.decode("utf-8").strip()
    return written if github_repository(written) else expanded


def uncommitted_sources(git: _Git, top: Path, config: Config) -> list[str]:
    """Changed, deleted or untracked files among the sources a build reads, as `path (change)`."""
    sources = [config.path, config.content, config.seeds, *(config.root / name for name in THEME_FOLDERS)]
    specs: list[str] = []
    for path in sources:
        try:
            specs.append(path.resolve().relative_to(top.resolve()).as_posix() or ".")
        except ValueError:
            continue  # outside the repository: git cannot vouch for it either way
    if not specs:
        return []
    done = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *specs)
    if done.returncode != 0:
        raise DeployError(f"git status failed: {_git_message(done.stderr)}")
    entries = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    changed: list[str] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        status, name = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            index += 1  # the entry after a rename or copy is its old name
        if _hidden(top / name, config.root):
            continue  # hidden files are never read by a build (ingest's manifest, editor state)
        changed.append(f"{name} ({_change(status)})")
    return changed


def _hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(part.startswith(".") for part in parts)


def _change(status: str) -> str:
    if status == "??" or "A" in status:
        return "new"
    if "D" in status:
        return "deleted"
    if "R" in status:
        return "renamed"
    return "modified"


def check_branch(git: _Git, branch: str) -> None:
    """Refuse names git would reject, and the branch checked out here (it holds the sources)."""
    if git.run("check-ref-format", "--branch", branch).returncode != 0 or branch.startswith("-"):
        raise DeployError(f"'{branch}' is not a valid branch name", hint="e.g. --branch gh-pages")
    current = git.run("symbolic-ref", "--quiet", "--short", "HEAD").stdout.decode("utf-8").strip()
    if branch == current:
        raise DeployError(
            f"refusing to deploy to {branch}: it is the branch checked out here, holding the site's sources",
            hint="deploy to a branch of its own, e.g. --branch gh-pages",
        )


def fetch_branch(git: _Git, remote: str, branch: str) -> str | None:
    """The remote branch's tip after fetching it, or None when the remote has no such branch yet."""
    done = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}")
    if done.returncode != 0:
        raise DeployError(f"cannot read remote '{remote}': {_git_message(done.stderr)}")
    if not done.stdout.strip():
        return None
    tracking = f"refs/remotes/{remote}/{branch}"
    done = git.run("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, f"+refs/heads/{branch}:{tracking}")
    if done.returncode != 0:
        raise DeployError(f"cannot fetch {branch} from '{remote}': {_git_message(done.stderr)}")
    return git.out("rev-parse", "--verify", f"{tracking}^{{commit}}")


def write_tree(git: _Git, folder: Path, names: Sequence[str], index_file: Path) -> str:
    """Store every file under folder as a blob and return the tree holding exactly them."""
    # --no-filters: the bytes are stored as built, whatever the user's autocrlf or attributes say.
    paths = "".join(f"{folder / name}\n" for name in names).encode("utf-8")
    shas = git.out("hash-object", "-w", "--no-filters", "--stdin-paths", stdin=paths).split()
    if len(shas) != len(names):
        raise DeployError(f"git hash-object stored {len(shas)} of {plural(len(names), 'file')}")
    entries = b"".join(f"100644 {sha}\t{name}".encode() + b"\0" for sha, name in zip(shas, names, strict=True))
    private = {"GIT_INDEX_FILE": str(index_file)}
    git.out("update-index", "-z", "--add", "--index-info", stdin=entries, env=private)
    return git.out("write-tree", env=private)


def commit_message(subject: str | None, source: str, dirty: bool) -> str:
    """The deploy commit's message: a subject, then the source commit and the Briefing version."""
    subject = (subject or "").strip() or f"Deploy {source[:12]} with Briefing {__version__}"
    stamp = f"{source} (with uncommitted changes)" if dirty else source
    return f"{subject}\n\nSource-Commit: {stamp}\nBriefing-Version: {__version__}\n"


def push(git: _Git, remote: str, commit: str, branch: str) -> None:
    done = git.run("push", "--porcelain", remote, f"{commit}:refs/heads/{branch}")
    if done.returncode == 0:
        return
    reasons: list[str] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split("\t")
        if fields[0] == "!" and len(fields) >= 3:  # porcelain: flag, from:to, summary (reason)
            reasons.append(fields[2])
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("remote:") and line[7:].strip():
            reasons.append("remote: " + line[7:].strip())
    raced = any("fetch first" in r or "non-fast-forward" in r for r in reasons)
    outcome = "was rejected" if reasons else "failed"
    raise DeployError(
        f"the push of {branch} to '{remote}' {outcome}: {'; '.join(reasons) or _git_message(done.stderr)}",
        hint="someone pushed to the branch meanwhile; run briefing deploy again to build on top of it"
        if raced
        else None,
    )


# --- the run ------------------------------------------------------------------------------


def deploy(config: Config, options: DeployOptions | None = None) -> DeployResult:
    """Build the site for its production address and push it as one new commit on the Pages branch."""
    # Imported here: the pipeline loads Jinja2 and Markdown, which `briefing --help` should not wait for.
    from ..build.pipeline import BuildOptions, build
    from ..build.write import MARKER
    from ..workers import default_jobs

    options = options or DeployOptions()
    # A malformed --base-url is a ConfigError before any git work.
    override = config.with_overrides(base_url=options.base_url).base_url if options.base_url else None
    top = repository_root(config.root)
    git = _Git(top)
    url_of_remote = remote_url(git, options.remote)
    head = git.run("rev-parse", "--verify", "HEAD^{commit}")
    if head.returncode != 0:
        raise DeployError("the repository has no commits yet", hint="commit the site first: a deploy names its source")
    source = head.stdout.decode("utf-8").strip()

    changed = uncommitted_sources(git, top, config)
    if changed and not options.allow_dirty:
        shown = ", ".join(changed[:10]) + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
        raise DeployError(
            f"uncommitted changes in the site's sources: {shown}",
            hint="commit them, so the deploy records the commit it was built from, or pass --allow-dirty",
        )

    addresses = production_addresses(config.base_url, config.cname, options.remote, url_of_remote, override)
    check_branch(git, options.branch)
    parent = fetch_branch(git, options.remote, options.branch)
    if parent is not None and git.run("merge-base", "--is-ancestor", parent, source).returncode == 0:
        # Its tip is in the history of HEAD: this branch holds the sources, and a deploy would replace them.
        raise DeployError(
            f"refusing to deploy to {options.branch} on '{options.remote}': that branch holds the site's sources",
            hint="deploy to a branch of its own, e.g. --branch gh-pages",
        )

    with tempfile.TemporaryDirectory(prefix="briefing-deploy-") as scratch:
        folder = Path(scratch) / "site"
        built = build(
            config.with_overrides(output=folder, base_url=addresses.base_url), BuildOptions(jobs=default_jobs())
        )
        # Everything the build wrote but its own marker, which only guards local output folders.
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MARKER}
        # A branch is served by Jekyll unless told otherwise; Jekyll would hide files starting with _.
        extras = {".nojekyll": b""}
        if config.cname:
            extras["CNAME"] = f"{config.cname}\n".encode()
        for name, data in extras.items():
            (folder / name).write_bytes(data)
            files.add(name)
        names = sorted(files)
        tree = write_tree(git, folder, names, Path(scratch) / "index")

    unchanged = parent is not None and git.out("rev-parse", f"{parent}^{{tree}}") == tree
    commit = parent if unchanged and parent is not None else ""
    if not commit:
        message = commit_message(options.message, source, bool(changed))
        commit = git.out("commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-", stdin=message.encode())
        push(git, options.remote, commit, options.branch)
    return DeployResult(
        url=addresses.url,
        base_url=addresses.base_url,
        source=source,
        commit=commit,
        parent=parent,
        pushed=not unchanged,
        build=built,
        files=len(names),
        warnings=list(addresses.warnings),
    )
