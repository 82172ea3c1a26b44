"""The GitHub Pages workflows, the project's and the one `briefing init` writes: schema, zizmor, and structure."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config.site import load_config
from generator.publish.scaffold import init_site
from tests.conftest import REPO

PROJECT_WORKFLOW = REPO / ".github/workflows/pages.yml"
TOOLS = Path(sys.executable).parent
# zizmor's default policy wants every action pinned to a commit hash. The issue asks for GitHub's own
# actions on their major tags, as their READMEs recommend; anything else would still need a hash.
ZIZMOR_POLICY = 'rules:\n  unpinned-uses:\n    config:\n      policies:\n        "actions/*": ref-pin\n'
# The kinds that must never appear, in any persona: secrets in a script, and a token left in .git.
FORBIDDEN = {"template-injection", "artipacked"}


@pytest.fixture(scope="module")
def init_workflow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("init") / "site"
    init_site(site)
    return site / ".github/workflows/pages.yml"


@pytest.fixture(params=["project", "init"])
def workflow(request: pytest.FixtureRequest, init_workflow: Path) -> Path:
    return PROJECT_WORKFLOW if request.param == "project" else init_workflow


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {TOOLS}: pip install -e '.[test]'")
    return str(path)


def zizmor(path: Path, tmp_path: Path, persona: str = "regular") -> list[str]:
    """The kinds of finding zizmor reports, offline (no GitHub API, no network at all)."""
    policy = tmp_path / "zizmor.yml"
    policy.write_text(ZIZMOR_POLICY, encoding="utf-8")
    args = [tool("zizmor"), "--offline", "--config", str(policy), f"--persona={persona}", "--format=json", str(path)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.stdout.strip(), done.stderr  # exit status is non-zero when there are findings; JSON says which
    return sorted(finding["ident"] for finding in json.loads(done.stdout))


def load(path: Path) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as a boolean.
    return {"on" if key is True else str(key): value for key, value in raw.items()}


def steps(data: dict[str, Any], job: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data["jobs"][job]["steps"]
    return result


def uses(data: dict[str, Any]) -> dict[str, str]:
    """action → version for every step of every job."""
    found: dict[str, str] = {}
    for job in data["jobs"]:
        for step in steps(data, job):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                found[action] = version
    return found


# --- the tools --------------------------------------------------------------------------


def test_the_workflow_fits_github_s_workflow_schema(workflow: Path) -> None:
    done = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing(workflow: Path, tmp_path: Path) -> None:
    assert zizmor(workflow, tmp_path) == []
    assert FORBIDDEN.isdisjoint(zizmor(workflow, tmp_path, persona="auditor"))


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        (('"$BASE_URL"', "${{ steps.pages.outputs.base_url }}"), "template-injection"),
        (("persist-credentials: false", "fetch-depth: 1"), "artipacked"),
    ],
)
def test_zizmor_would_catch_the_mistakes_the_workflow_avoids(
    tmp_path: Path, change: tuple[str, str], kind: str
) -> None:
    """A control: the same workflow with the mistake put back is flagged, so a clean result means something."""
    text = PROJECT_WORKFLOW.read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / ".github/workflows/pages.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    assert kind in zizmor(broken, tmp_path)


# --- the structure ----------------------------------------------------------------------


def test_it_runs_on_pushes_to_main_and_on_demand_one_deployment_at_a_time(workflow: Path) -> None:
    data = load(workflow)
    assert data["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in data["on"]
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_each_job_has_only_the_permissions_it_needs(workflow: Path) -> None:
    data = load(workflow)
    assert data["permissions"] == {"contents": "read"}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_it_uses_github_s_pages_actions_on_major_tags_and_no_cache_step(workflow: Path) -> None:
    found = uses(load(workflow))
    assert set(found) == {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    assert all(re.fullmatch(r"v\d+", version) for version in found.values()), found


def test_the_build_uses_the_address_configure_pages_reports(workflow: Path) -> None:
    build = steps(load(workflow), "build")
    by_action = {step["uses"].partition("@")[0]: step for step in build if "uses" in step}
    assert by_action["actions/checkout"]["with"]["persist-credentials"] is False
    assert by_action["actions/setup-python"]["with"]["cache"] == "pip"
    pages_id = by_action["actions/configure-pages"]["id"]
    runs = [step for step in build if "run" in step]
    assert all("${{" not in step["run"] for step in runs)  # expressions only ever reach a script through env
    commands = [step["run"] for step in runs]
    assert commands[1:] == ["briefing ingest", 'briefing build --base-url "$BASE_URL"']
    build_step = runs[-1]
    assert build_step["env"] == {"BASE_URL": f"${{{{ steps.{pages_id}.outputs.base_url }}}}"}
    order = [step.get("uses", step.get("run", "")).partition("@")[0] for step in build]
    assert order.index("actions/configure-pages") < order.index(build_step["run"])


def test_it_uploads_the_output_folder_and_deploys_it(workflow: Path) -> None:
    data = load(workflow)
    site_yml = workflow.parents[2] / "site.yml"
    output = load_config(site_yml).output.relative_to(site_yml.parent).as_posix()
    upload = next(s for s in steps(data, "build") if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": output}
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [s["id"] for s in deploy["steps"]] == ["deployment"]


def test_the_project_installs_itself_and_a_new_site_installs_from_requirements(init_workflow: Path) -> None:
    project, scaffold = load(PROJECT_WORKFLOW), load(init_workflow)
    install = {name: steps(data, "build")[2] for name, data in (("project", project), ("init", scaffold))}
    assert install["project"]["run"] == "python -m pip install ."
    assert install["init"]["run"] == "python -m pip install -r requirements.txt"
    python = {name: steps(data, "build")[1]["with"] for name, data in (("project", project), ("init", scaffold))}
    assert python["project"]["cache-dependency-path"] == "pyproject.toml"
    assert python["init"]["cache-dependency-path"] == "requirements.txt"
    assert (init_workflow.parents[2] / "requirements.txt").is_file()


def test_the_two_workflows_differ_only_in_how_briefing_is_installed(init_workflow: Path) -> None:
    def normalised(path: Path) -> dict[str, Any]:
        data = load(path)
        build = steps(data, "build")
        build[1]["with"].pop("cache-dependency-path")
        build[2].pop("run")
        return data

    assert normalised(PROJECT_WORKFLOW) == normalised(init_workflow)
