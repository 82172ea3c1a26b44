"""Shared test helpers: an inline mini-site that tests write as {path: text}, build, and inspect."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.build.pipeline import BuildOptions, BuildResult, build
from generator.cli.main import main
from generator.config.site import Config, load_config

REPO = Path(__file__).resolve().parent.parent
SITE_YML = "title: Test site\nbase_url: https://example.org/\n"
# A fixed "today" so that future-dated briefs do not depend on when the tests run.
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True, scope="session")
def _build_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in tests keep their cache in a temporary folder, never in the user's ~/.cache."""
    os.environ["BRIEFING_CACHE_DIR"] = str(tmp_path_factory.mktemp("briefing-cache"))
    yield


@pytest.fixture(autouse=True)
def _no_search_indexer_left_running() -> Iterator[None]:
    """A dev server's background indexer ends with the test that started it: a thread left running
    would change what the next test sees (ingest forks its workers only when no other thread runs)."""
    yield
    for thread in threading.enumerate():
        if thread.name == "search-index":
            thread.join(timeout=300)


@contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@dataclass
class MiniSite:
    root: Path

    def write(self, files: Mapping[str, str | bytes]) -> MiniSite:
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return self

    def config(self, base_url: str | None = None, output: Path | None = None) -> Config:
        return load_config(self.root / "site.yml").with_overrides(output=output, base_url=base_url)

    def build(self, base_url: str | None = None, output: Path | None = None, **options: object) -> BuildResult:
        opts = BuildOptions(now=NOW, **options)  # type: ignore[arg-type]
        return build(self.config(base_url, output), opts)

    @property
    def public(self) -> Path:
        return self.root / "public"

    def read(self, rel: str) -> str:
        return (self.public / rel).read_text(encoding="utf-8")

    def exists(self, rel: str) -> bool:
        return (self.public / rel).exists()

    def run(self, *args: str) -> Result:
        """The real command line, run in the site's folder."""
        with chdir(self.root):
            return CliRunner().invoke(main, list(args), catch_exceptions=False)

    def tree(self, folder: str = "public") -> dict[str, bytes]:
        base = self.root / folder
        return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


MakeSite = Callable[[Mapping[str, str | bytes]], MiniSite]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """make_site({path: text}) → a MiniSite in a temporary folder (site.yml defaults to SITE_YML)."""

    def make(files: Mapping[str, str | bytes]) -> MiniSite:
        site = MiniSite(tmp_path / "site")
        site.root.mkdir(exist_ok=True)
        site.write({"site.yml": SITE_YML, **files})
        return site

    return make


def brief(title: str, date: str | None = "2023-09-05", body: str = "Body text.", **keys: object) -> str:
    """A brief's text: front matter from the arguments (lists written inline), then the body."""
    lines = ["---", f"title: {title!r}" if ":" in title or title.startswith(("'", '"')) else f"title: {title}"]
    if date is not None:
        lines.append(f"date: {date}")
    for key, value in keys.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {value}")
    lines += ["---", "", body, ""]
    return "\n".join(lines)
