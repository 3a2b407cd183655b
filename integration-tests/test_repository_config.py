"""The repository's tool configurations agree with each other.

``scripts/_workspace.py`` decides what each test environment holds; hatch.toml
and the CI workflow must say the same, or one of them would test a different
set of packages than the others.
"""

from __future__ import annotations

import re
import sys
import typing as t
from pathlib import Path

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import _workspace as ws
import check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest brings tomli on 3.10
    import tomli as tomllib


@pytest.fixture(scope="module")
def hatch() -> dict[str, t.Any]:
    with (ROOT / "hatch.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def dists() -> dict[str, ws.Distribution]:
    return ws.distributions()


def _members(env: dict[str, t.Any]) -> set[str]:
    members = env.get("workspace", {}).get("members", [])
    paths = {m if isinstance(m, str) else m["path"] for m in members}
    return {Path(p).name for p in paths}


def test_hatch_has_one_environment_per_distribution(
    hatch: dict[str, t.Any], dists: dict[str, ws.Distribution]
) -> None:
    for name, dist in dists.items():
        if not dist.source_files:
            continue
        env = hatch["envs"][f"pkg-{name}"]
        assert _members(env) == set(ws.package_test_spec(name, dists).local), name
        assert f"packages/{name}/tests" in env["scripts"]["test"]


def test_hatch_test_environment_holds_every_distribution_with_sources(
    hatch: dict[str, t.Any], dists: dict[str, ws.Distribution]
) -> None:
    expected = {n for n, d in dists.items() if d.source_files}
    assert _members(hatch["envs"]["test"]) == expected
    assert _members(hatch["envs"]["docs"]) == expected


def test_tool_versions_match(hatch: dict[str, t.Any]) -> None:
    assert set(ws.LINT_TOOLS) <= set(hatch["envs"]["lint"]["dependencies"])
    assert set(ws.TYPE_TOOLS) <= set(hatch["envs"]["types"]["dependencies"])


def test_ci_filters_cover_each_distributions_dependencies(
    dists: dict[str, ws.Distribution],
) -> None:
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text()
    filters = workflow.split("filters: |", 1)[1].split("\n  package:", 1)[0]
    sections: dict[str, str] = {}
    current = ""
    for line in filters.splitlines():
        stripped = line.strip()
        if stripped.endswith(":") and not stripped.startswith("-"):
            current = stripped[:-1]
            sections[current] = ""
        elif current:
            sections[current] += stripped + "\n"
    for name, dist in dists.items():
        if not dist.source_files:
            continue
        needed = ws.package_test_spec(name, dists).local
        for local in needed:
            assert f"packages/{local}/**" in sections[name], (name, local)


def test_ci_entry_point_runs_the_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "scripts/check.py" in script


def _selections(workflow: str) -> list[list[str]]:
    """The ``-k`` texts of every ``scripts/check.py`` call in a workflow."""
    found = []
    for line in workflow.splitlines():
        if "scripts/check.py" in line and " -k " in line:
            found.append(re.findall(r'-k "([^"]+)"|-k (\S+)', line))
    return [[a or b for a, b in call] for call in found]


@pytest.mark.parametrize("workflow", ["tests.yml", "release.yml"])
def test_every_ci_selection_matches_a_check(
    workflow: str, dists: dict[str, ws.Distribution]
) -> None:
    names = [c.name for c in check.all_checks(dists)]
    text = (ROOT / ".github" / "workflows" / workflow).read_text()
    for selection in _selections(text):
        for part in selection:
            if "${{" in part:
                continue
            assert any(part in name for name in names), (workflow, part)


def test_ci_runs_every_integration_part() -> None:
    text = (ROOT / ".github" / "workflows" / "tests.yml").read_text()
    selected = [part for call in _selections(text) for part in call]
    for name in check.INTEGRATION_PARTS:
        assert any(part in name for part in selected), name
    lowest_job = text.split("\n  lowest:", 1)[1].split("\n  compatibility:", 1)[0]
    assert "fetch-depth: 0" in lowest_job  # release tags must be visible


def test_hatch_integration_environment_has_the_runner_tools(
    hatch: dict[str, t.Any],
) -> None:
    tools = set(hatch["envs"]["integration"]["dependencies"])
    assert {*ws.TEST_TOOLS, *ws.BUILD_TOOLS, *ws.INTEGRATION_TOOLS} <= tools
