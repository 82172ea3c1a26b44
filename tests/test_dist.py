"""The distribution: a wheel and an sdist that pass `twine check`, and a new site whose Pages workflow
installs Briefing from the requirements.txt that `briefing init` wrote (the built wheel standing in for
PyPI), then builds."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from generator.publish.scaffold import DISTRIBUTION, briefing_requirement
from tests.conftest import REPO


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`make dist` does this: a wheel and an sdist from the checkout, checked by twine."""
    folder = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", folder, REPO, cwd=REPO)
    yield folder


def test_the_wheel_and_sdist_pass_twine_check_and_carry_the_theme(dist: Path) -> None:
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert [w.name.split("-")[0] for w in wheels] == ["briefing_site"] and len(sdists) == 1
    run(sys.executable, "-m", "twine", "check", "--strict", *wheels, *sdists)
    names = zipfile.ZipFile(wheels[0]).namelist()
    for needed in (
        "generator/themes/default/templates/base.html",
        "generator/themes/default/static/style.css",
        "generator/serve/client.js",
        "generator/publish/site_template/site.yml",
        "generator/publish/site_template/dot-github/workflows/pages.yml",
    ):
        assert needed in names, needed


def test_init_pins_the_briefing_that_is_installed() -> None:
    assert briefing_requirement() == f"{DISTRIBUTION}=={metadata.version(DISTRIBUTION)}"


def test_a_new_sites_workflow_installs_briefing_from_its_requirements_and_builds(dist: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run(sys.executable, "-m", "generator", "init", site)
    workflow = yaml.safe_load((site / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    install = next(s["run"] for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install Briefing")
    assert install == "python -m pip install -r requirements.txt"

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # The workflow's own command, in the site, with the built wheel where PyPI would be.
    run(python, *install.split()[1:], "--quiet", "--find-links", dist, cwd=site, env=env)
    shown = run(python, "-m", "pip", "show", DISTRIBUTION, env=env)
    assert f"Version: {metadata.version(DISTRIBUTION)}" in shown
    assert "Editable project location" not in shown  # the wheel, not this checkout
    briefing = venv / "bin" / "briefing"
    run(briefing, "build", cwd=site, env={**env, "BRIEFING_CACHE_DIR": "off"})
    assert (site / "public/index.html").is_file()
