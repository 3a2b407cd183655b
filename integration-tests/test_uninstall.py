"""Uninstalling one distribution leaves the others whole and working.

No two wheels share a file, so ``pip uninstall -y <one>`` removes only that
distribution's files; ``pip check`` then names what lost a requirement.
These tests share one environment that they shrink, so it is a fresh one,
never a cached one; each test works out what is still installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import DISTRIBUTIONS, Environment, Wheel
from test_install_matrix import expected_outcomes, probe


@pytest.fixture(scope="module")
def shrinking(
    tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, Wheel]
) -> Environment:
    """Every distribution installed; the tests below remove them one by one."""
    environment = Environment(tmp_path_factory.mktemp("env") / "shrinking")
    environment.install_wheels([wheelhouse[d] for d in DISTRIBUTIONS])
    return environment


def pip_check_problems(environment: Environment) -> str:
    """``pip check``'s complaints (empty when every requirement is met)."""
    result = environment.pip("check", check=False)
    if result.returncode == 0:
        return ""
    return result.stdout


def installed(environment: Environment) -> set[str]:
    """Our distributions that are installed in the environment now."""
    listed = environment.pip("list", "--format=json").stdout
    names = {p["name"].lower() for p in json.loads(listed)}
    return names & set(DISTRIBUTIONS)


def files_present(environment: Environment, wheel: Wheel) -> set[str]:
    """Which of the wheel's files exist in the environment."""
    site = environment.site_packages()
    return {f for f in wheel.files if (site / f).is_file()}


def test_everything_installed_is_consistent(shrinking: Environment) -> None:
    assert pip_check_problems(shrinking) == ""


def test_removing_flask_signals_keeps_the_rest(
    shrinking: Environment, wheelhouse: dict[str, Wheel], tmp_path: Path
) -> None:
    shrinking.pip("uninstall", "-y", "flask-signals")
    problems = pip_check_problems(shrinking)
    assert "flask-full 0.1.0 requires flask-signals" in problems
    assert problems.count("\n") == 1, problems
    assert files_present(shrinking, wheelhouse["flask-signals"]) == set()
    for name in ("flask-core", "flask-json", "flask-sessions", "flask-cli"):
        assert files_present(shrinking, wheelhouse[name]) == wheelhouse[name].files
    assert "flask-signals" not in installed(shrinking)
    assert probe(shrinking, tmp_path) == expected_outcomes(installed(shrinking))


def test_removing_flask_json_breaks_only_what_needs_it(
    shrinking: Environment, wheelhouse: dict[str, Wheel], tmp_path: Path
) -> None:
    shrinking.pip("uninstall", "-y", "flask-json")
    problems = pip_check_problems(shrinking)
    assert "flask-sessions 0.1.0 requires flask-json" in problems
    assert "flask-full 0.1.0 requires flask-json" in problems
    assert files_present(shrinking, wheelhouse["flask-json"]) == set()
    expected = expected_outcomes(installed(shrinking))
    # flask.sessions is still installed but stores the session as tagged JSON,
    # and every request opens the session: both now name the missing flask-json
    # instead of quietly dropping the session.
    for feature in ('session["x"] = 1', "import flask.sessions", "app.test_client()"):
        expected[feature] = "missing:flask-json"
    assert probe(shrinking, tmp_path) == expected


def test_removing_flask_core_is_reported_by_pip_check(
    shrinking: Environment, wheelhouse: dict[str, Wheel]
) -> None:
    shrinking.pip("uninstall", "-y", "flask-core")
    problems = pip_check_problems(shrinking)
    for dependent in ("flask-sessions", "flask-cli", "flask-testing", "flask-full"):
        assert f"{dependent} 0.1.0 requires flask-core" in problems
    assert files_present(shrinking, wheelhouse["flask-core"]) == set()
    for name in ("flask-sessions", "flask-cli", "flask-testing"):
        assert files_present(shrinking, wheelhouse[name]) == wheelhouse[name].files
    assert installed(shrinking) >= {
        "flask-sessions",
        "flask-cli",
        "flask-testing",
        "flask-full",
    }
