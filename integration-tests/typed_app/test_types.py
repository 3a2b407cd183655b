"""Type checkers accept a typical application against the installed wheels.

flask-full is installed from wheels (not editable: pyright cannot follow a
package split over editable installs) with mypy and pyright; ``shop.py`` must
check cleanly under ``mypy --strict`` and pyright's strict mode, and run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support import ROOT, Environment, EnvironmentFactory, dependency_group, run

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def checkers(make_environment: EnvironmentFactory) -> Environment:
    """flask-full from wheels, plus mypy (the repository's pin) and pyright."""
    mypy = dependency_group(ROOT, "types")
    return make_environment(
        ["flask-full"], third_party=[*mypy, "pyright>=1.1.380"], label="types"
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder outside the repository holding only the app (so no project
    configuration applies)."""
    for source in ("shop.py", "assign_json.py"):
        shutil.copy(HERE / source, tmp_path / source)
    return tmp_path


def test_mypy_strict_accepts_the_app(checkers: Environment, workdir: Path) -> None:
    result = run(
        [checkers.python, "-m", "mypy", "--strict", "--no-incremental", "shop.py"],
        cwd=workdir,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def pyright_errors(checkers: Environment, workdir: Path, source: str) -> list[str]:
    """Run pyright in strict mode over one file; return its error messages."""
    config = {"typeCheckingMode": "strict", "include": [source]}
    (workdir / "pyrightconfig.json").write_text(json.dumps(config))
    pyright = checkers.python.parent / "pyright"
    result = run(
        [pyright, "--pythonpath", checkers.python, "--outputjson"],
        cwd=workdir,
        check=False,
        timeout=600,
    )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["summary"]["filesAnalyzed"] == 1, result.stdout
    return [
        f"{source}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]


def test_pyright_strict_accepts_the_app(checkers: Environment, workdir: Path) -> None:
    assert pyright_errors(checkers, workdir, "shop.py") == []


def test_mypy_accepts_assigning_app_json(checkers: Environment, workdir: Path) -> None:
    result = run(
        [checkers.python, "-m", "mypy", "--strict", "assign_json.py"],
        cwd=workdir,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_pyright_accepts_assigning_app_json(
    checkers: Environment, workdir: Path
) -> None:
    assert pyright_errors(checkers, workdir, "assign_json.py") == []


def test_the_app_runs(checkers: Environment, workdir: Path) -> None:
    result = run([checkers.python, "-I", "shop.py"], cwd=workdir)
    assert result.stdout.strip() == "[200, 404, 302, 200] {'basket': [1]} 4"
