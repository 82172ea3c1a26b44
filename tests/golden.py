"""Golden files: build tests/golden/site, run tests/invalid-sites; `python -m tests.golden` rewrites both.

Review the diff of tests/golden/expected/ and tests/invalid-sites/*/expected.txt before committing it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

from generator.build.pipeline import BuildOptions, build
from generator.cli.main import main as cli
from generator.config.site import load_config
from tests.conftest import NOW, chdir

HERE = Path(__file__).resolve().parent
GOLDEN_SITE = HERE / "golden" / "site"
GOLDEN_EXPECTED = HERE / "golden" / "expected"
INVALID_SITES = HERE / "invalid-sites"
EXPECTED_MESSAGE = "expected.txt"


def build_golden(output: Path) -> None:
    config = load_config(GOLDEN_SITE / "site.yml").with_overrides(output=output)
    build(config, BuildOptions(now=NOW))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def invalid_cases() -> list[Path]:
    return sorted(p for p in INVALID_SITES.iterdir() if p.is_dir())


def run_invalid(case: Path) -> tuple[int, str]:
    """`briefing build` on a copy of the case: its exit status and what it printed on stderr."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / case.name
        shutil.copytree(case, work, ignore=shutil.ignore_patterns(EXPECTED_MESSAGE))
        with chdir(work):
            result = CliRunner().invoke(cli, ["build", "--quiet"], catch_exceptions=False)
        return result.exit_code, result.stderr


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "public"
        build_golden(output)
        shutil.rmtree(GOLDEN_EXPECTED, ignore_errors=True)
        shutil.copytree(output, GOLDEN_EXPECTED)
    print(f"rewrote {GOLDEN_EXPECTED.relative_to(HERE.parent)}")
    for case in invalid_cases():
        code, stderr = run_invalid(case)
        (case / EXPECTED_MESSAGE).write_text(stderr, encoding="utf-8")
        print(f"rewrote {(case / EXPECTED_MESSAGE).relative_to(HERE.parent)} (exit {code})")


if __name__ == "__main__":
    main()
