"""``flask.installation``: is every distribution of our names ours and unchanged?

Each test lays out a site-packages folder of its own (installation records
written the way installers write them) and makes it the whole ``sys.path``,
so that ``importlib.metadata`` sees exactly those distributions.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import flask
from flask import installation

MARKER = "[modular_flask]\n{name} = flask\n"


def add_distribution(
    site: Path,
    name: str,
    version: str,
    files: dict[str, str],
    marked: bool = True,
) -> Path:
    """Install ``files`` into ``site`` with a record listing their hashes, as
    an installer does; ``marked`` adds modular Flask's entry-point group."""
    record = site / f"{name.replace('-', '_')}-{version}.dist-info"
    record.mkdir(parents=True)
    (record / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    )
    listed = [f"{record.name}/METADATA,,"]
    if marked:
        (record / "entry_points.txt").write_text(MARKER.format(name=name))
        listed.append(f"{record.name}/entry_points.txt,,")
    for path, content in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
        digest = hashlib.sha256(content.encode()).digest()
        encoded = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        listed.append(f"{path},sha256={encoded},{len(content.encode())}")
    listed.append(f"{record.name}/RECORD,,")
    (record / "RECORD").write_text("\n".join(listed) + "\n")
    return record


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty site-packages folder that is all of ``sys.path``."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.setattr(sys, "path", [str(folder)])
    return folder


CORE_FILES = {"flask/__init__.py": "# ours\n", "flask/app.py": "# our app\n"}


def test_a_whole_installation_has_no_problem(site: Path) -> None:
    add_distribution(site, "flask-core", "0.1.0", CORE_FILES)
    add_distribution(site, "flask-json", "0.1.0", {"flask/json/__init__.py": "#\n"})
    add_distribution(site, "flask", "3.1.3", {})
    assert installation.find_problems() == []
    whole, text = installation.report()
    assert whole
    assert text == (
        "Modular Flask is installed and unchanged:"
        " flask 3.1.3, flask-core 0.1.0, flask-json 0.1.0."
    )


def test_files_written_over_ours_are_named(site: Path) -> None:
    add_distribution(site, "flask-core", "0.1.0", CORE_FILES)
    (site / "flask" / "app.py").write_text("# the real Flask's app\n")
    (site / "flask" / "__init__.py").unlink()
    (problem,) = installation.find_problems()
    assert problem.startswith("flask-core 0.1.0: files it installed were overwritten")
    assert "flask/__init__.py, flask/app.py." in problem


def test_many_changed_files_are_counted(site: Path) -> None:
    files = {f"flask/m{i}.py": f"# {i}\n" for i in range(8)}
    add_distribution(site, "flask-core", "0.1.0", files)
    for path in files:
        (site / path).write_text("# changed\n")
    (problem,) = installation.find_problems()
    assert "flask/m4.py and 3 more." in problem


def test_the_real_flask_is_found_and_repaired(site: Path) -> None:
    add_distribution(site, "flask-core", "0.1.0", CORE_FILES)
    add_distribution(site, "flask-full", "0.1.0", {})
    add_distribution(site, "flask", "3.1.2", {}, marked=False)
    (problem,) = installation.find_problems()
    assert problem.startswith("The real Flask 3.1.2 is installed (in ")
    assert installation.repair_commands() == [
        "python -m pip uninstall flask",
        "python -m pip install -c wheelhouse/constraints.txt --force-reinstall"
        " --no-deps flask flask-core flask-full",
        "python -m pip check",
    ]


def test_without_flask_full_the_compat_wheel_is_not_reinstalled(site: Path) -> None:
    add_distribution(site, "flask-core", "0.1.0", CORE_FILES)
    add_distribution(site, "flask", "3.1.2", {}, marked=False)
    assert installation.repair_commands()[1].endswith("--no-deps flask-core")


def test_an_unrelated_project_of_our_name_is_found(site: Path) -> None:
    add_distribution(site, "flask-core", "0.1.0", CORE_FILES)
    add_distribution(site, "flask-cli", "0.1.0", {"flask_cli/x.py": "#\n"}, False)
    (problem,) = installation.find_problems()
    assert problem.startswith("flask-cli 0.1.0 (in ")
    assert problem.endswith(
        "is not modular Flask's: it is the unrelated project of the same name"
        " from the package index."
    )
    assert installation.repair_commands() == [
        "python -m pip install -c wheelhouse/constraints.txt --force-reinstall"
        " --no-deps flask-core flask-cli",
        "python -m pip check",
    ]


def test_main_reports_and_fails(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_distribution(site, "flask-core", "0.1.0", CORE_FILES)
    assert installation.main() == 0
    assert capsys.readouterr().out.startswith("Modular Flask is installed")
    add_distribution(site, "flask", "3.1.2", {}, marked=False)
    assert installation.main() == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Modular Flask is not installed as it should be:"
    assert lines[1].startswith("- The real Flask 3.1.2 is installed")
    assert lines[2] == "To repair it, run from modular Flask's checkout:"
    assert lines[3] == "    python -m pip uninstall flask"
    assert lines[-1] == "(see 'Troubleshooting' in docs/installing.md)"


def test_it_runs_under_another_flask_package(tmp_path: Path) -> None:
    # The real Flask installed last: its own flask/__init__.py (a stand-in
    # here) replaced ours, but installation.py and the modules it imports,
    # which it does not ship, are still there, and python -m
    # flask.installation reports it.
    site = tmp_path / "site-packages"
    ours = Path(flask.__file__).parent
    files = {
        f"flask/{name}": (ours / name).read_text(encoding="utf-8")
        for name in (
            "__init__.py",
            "installation.py",
            "_mixed_install.py",
            "_addons.py",
        )
    }
    add_distribution(site, "flask-core", "0.1.0", files)
    add_distribution(site, "flask", "3.1.2", {}, marked=False)
    (site / "flask" / "__init__.py").write_text("__version__ = 'not ours'\n")
    shutil.rmtree(site / "flask" / "__pycache__", ignore_errors=True)
    environ = dict(os.environ, PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-m", "flask.installation"],
        env=environ,
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "- The real Flask 3.1.2 is installed" in result.stdout
    assert "flask-core 0.1.0: files it installed were overwritten" in result.stdout
    assert "flask/__init__.py." in result.stdout
    assert result.stderr == ""
