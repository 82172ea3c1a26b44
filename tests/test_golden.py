"""The output of a small fixed site, byte for byte, and the exact messages for sites that must fail.

After an intended change, run `make golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import EXPECTED_MESSAGE, GOLDEN_EXPECTED, build_golden, invalid_cases, run_invalid, tree


def test_golden_site_output_matches_expected_files(tmp_path: Path) -> None:
    build_golden(tmp_path / "public")
    got, want = tree(tmp_path / "public"), tree(GOLDEN_EXPECTED)
    assert sorted(got) == sorted(want), "files differ: run `make golden` and review the diff"
    for name in want:
        assert got[name] == want[name], f"{name} differs: run `make golden` and review the diff"


@pytest.mark.parametrize("case", invalid_cases(), ids=lambda p: p.name)
def test_invalid_site_fails_with_its_exact_message(case: Path) -> None:
    code, stderr = run_invalid(case)
    assert code == 1
    assert "Traceback" not in stderr
    assert stderr == (case / EXPECTED_MESSAGE).read_text(encoding="utf-8")
