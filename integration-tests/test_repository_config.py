"""The repository's tool configurations agree with each other.

The dependency graph is written once, in the pyprojects; hatch.toml declares
the environments; ``scripts/check.py`` lists the ``hatch run`` commands of the
test command, and the README and CI must run those same commands.
"""

from __future__ import annotations

import re
import sys
import typing as t

import pytest

from support import DISTRIBUTIONS, PACKAGES, ROOT, pyproject

sys.path.insert(0, str(ROOT / "scripts"))

import _hatch
import check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest brings tomli on 3.10
    import tomli as tomllib

TESTED = [d for d in DISTRIBUTIONS if (PACKAGES / d / "src").is_dir()]


@pytest.fixture(scope="module")
def hatch_toml() -> dict[str, t.Any]:
    with (ROOT / "hatch.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize("name", TESTED)
def test_each_distribution_has_an_environment_of_its_own(
    hatch_toml: dict[str, t.Any], name: str
) -> None:
    env = hatch_toml["envs"][name]
    members = [
        m if isinstance(m, str) else m["path"] for m in env["workspace"]["members"]
    ]
    assert members == [f"packages/{name}"]
    assert env["template"] == "package"
    assert f"pytest packages/{name}/tests " in env["scripts"]["test"]
    assert (
        env["scripts"]["cov"]
        == f"test --cov --cov-config=packages/{name}/pyproject.toml"
    )
    assert f"{name}.speedups:cov" in check.PARTS
    assert f"{name}.no-speedups:test" in check.PARTS


@pytest.mark.parametrize("name", TESTED)
def test_each_distribution_declares_tests_and_coverage(name: str) -> None:
    project = pyproject(PACKAGES / name)
    assert any(r.startswith("pytest") for r in project["dependency-groups"]["test"])
    fail_under = project["tool"]["coverage"]["report"]["fail_under"]
    assert 80 <= fail_under <= 100
    assert project["tool"]["coverage"]["run"]["data_file"] == f".coverage.{name}"


def test_sources_name_every_distribution(hatch_toml: dict[str, t.Any]) -> None:
    sources = {n: s["path"] for n, s in hatch_toml["sources"].items()}
    for folder in PACKAGES.iterdir():
        name = pyproject(folder)["project"]["name"]
        assert sources[name] == f"packages/{folder.name}"


def test_readme_and_ci_run_every_part() -> None:
    readme = (ROOT / "README.md").read_text()
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text()
    in_workflow = set(re.findall(r"hatch run \"?([\w.${}-]+:[\w-]+)", workflow))
    for part in check.PARTS:
        assert f"hatch run {part}" in readme, part
        env, script = part.split(":")
        generic = f"${{PACKAGE}}.{env.split('.', 1)[-1]}:{script}"
        assert part in in_workflow or generic in in_workflow, part
    for run in in_workflow - set(check.PARTS):
        assert "${PACKAGE}" in run or run.startswith("upstream-main:"), run


def test_ci_lowest_versions_job_sees_release_tags() -> None:
    assert "fetch-depth: 0" in workflow_job("lowest")


def test_ci_installs_the_bootstrap_hatch_version() -> None:
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text()
    assert f'HATCH_VERSION: "{_hatch.VERSION}"' in workflow


def test_ci_entry_point_runs_the_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "scripts/check.py" in script


def workflow_job(name: str) -> str:
    """The text of one job of the tests workflow."""
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text()
    return workflow.split(f"\n  {name}:\n", 1)[1].split("\n\n  ", 1)[0]


def test_ci_installs_the_programs_the_tests_start() -> None:
    # .ci/run installs every program; the workflow jobs install redis-server
    # where flask-sessions' tests or the shared-sessions test run, and point
    # the browser tests at the runner's Chrome.
    assert ".ci/install-system-packages\n" in (ROOT / ".ci" / "run").read_text()
    for job in ("package", "together", "upstream-main", "integration", "lowest"):
        assert ".ci/install-system-packages redis-server" in workflow_job(job), job
    together = workflow_job("together")
    assert "CHROMIUM=" in together and "CHROMEDRIVER=" in together


def test_every_action_is_pinned_by_commit() -> None:
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for used in re.findall(r"uses:\s*(\S+)", workflow.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", used), (
                workflow,
                used,
            )


def test_every_distribution_ships_the_license() -> None:
    license_text = (ROOT / "LICENSE.txt").read_text()
    assert "the modular Flask authors" in license_text
    for folder in PACKAGES.iterdir():
        assert (folder / "LICENSE.txt").read_text() == license_text, folder
        assert pyproject(folder)["project"]["license-files"] == ["LICENSE.txt"]
