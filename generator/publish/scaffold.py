"""Init stage: scaffold a new site from generator/site_template/, never overwriting a file that exists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .. import __version__
from ..errors import InitError
from .deploy import github_repository

TEMPLATE = Path(__file__).resolve().parent / "site_template"
# Package data carries no hidden files, so `dot-github/` in the template becomes `.github/`.
DOT_PREFIX = "dot-"
# What a folder may hold and still count as empty: `git init site && briefing init site` is fine.
ALLOWED_EXISTING = frozenset({".git"})
# The distribution's name on PyPI (`briefing` there is an unrelated project); the command stays `briefing`.
DISTRIBUTION = "briefing-site"


@dataclass
class InitResult:
    root: Path
    written: list[str] = field(default_factory=list)  # relative POSIX paths, in template order
    skipped: list[str] = field(default_factory=list)  # existing files left as they were (--force)
    requirement: str = ""  # the line written to requirements.txt


def template_files() -> list[tuple[str, Path]]:
    """(path in the new site, template file), sorted by destination."""
    files = []
    for path in TEMPLATE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = path.relative_to(TEMPLATE).parts
            rel = "/".join("." + p.removeprefix(DOT_PREFIX) if p.startswith(DOT_PREFIX) else p for p in parts)
            files.append((rel, path))
    return sorted(files)


def site_title(folder: Path) -> str:
    """A title from the folder's name: `korea-watch` → `Korea Watch`."""
    words = re.split(r"[\s_.-]+", folder.resolve().name)
    title = " ".join(w if not w.islower() else w.capitalize() for w in words if w)
    return title if re.search(r"\w", title) else "Briefing"


def briefing_requirement() -> str:
    """The requirements.txt line that installs the Briefing running now, exactly.

    Installed from git (pip records the commit, PEP 610): that repository at that commit.
    Otherwise (a release from PyPI, a wheel, a checkout): this version of the distribution.
    """
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return f"{DISTRIBUTION}=={__version__}"  # run from a source tree that is not installed
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
    except ValueError:
        direct = {}
    vcs = direct.get("vcs_info") if isinstance(direct, dict) else None
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"{DISTRIBUTION} @ git+{_public_url(str(direct.get('url', '')))}@{vcs['commit_id']}"
    return f"{DISTRIBUTION}=={dist.version}"


def _public_url(url: str) -> str:
    """An address anyone can clone: GitHub's https form, and never a user name or token."""
    found = github_repository(url)
    if found is not None:
        return f"https://github.com/{found[0]}/{found[1]}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.hostname or "")) if parts.hostname else url


def init_site(target: Path, force: bool = False) -> InitResult:
    """Write a new site into target; refuse a non-empty folder unless force, and never overwrite."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder", hint="choose a new folder name")
    present = sorted(p.name for p in target.iterdir() if p.name not in ALLOWED_EXISTING) if target.is_dir() else []
    if present and not force:
        raise InitError(
            f"refusing to initialise {target}: the folder is not empty",
            hint="choose a new or empty folder, or pass --force to add only the files that are missing "
            "(existing files are never overwritten)",
        )
    requirement = briefing_requirement()
    title = site_title(target)
    values = {
        "__TITLE_YAML__": json.dumps(title, ensure_ascii=False),  # a JSON string is a YAML string
        "__TITLE__": title,
        "__REQUIREMENT__": requirement,
    }
    result = InitResult(root=target, requirement=requirement)
    for rel, source in template_files():
        text = source.read_text(encoding="utf-8")
        for token, value in values.items():
            text = text.replace(token, value)
        destination = target / rel
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            # "x": create, never replace, even if the file appeared since the check above.
            with destination.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except (FileExistsError, NotADirectoryError):  # the file, or a file where its folder goes
            result.skipped.append(rel)
            continue
        result.written.append(rel)
    return result
