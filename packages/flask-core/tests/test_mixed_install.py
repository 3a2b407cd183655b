"""Detecting the real Flask installed beside modular Flask.

The real Flask and modular Flask both install files into ``flask/``; when both
are in one environment, whichever was installed last has overwritten the
other's files. flask-core refuses to import when it finds the real Flask's
installation record (``flask-<version>.dist-info``) next to its package
folder. Modular Flask's own compatibility wheel is also a distribution named
``flask``, with Flask's version number; the entry-point group
``modular_flask`` in its ``entry_points.txt`` tells it apart, and it is
accepted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import flask
from flask import seams

REAL_FLASK = "3.1.3"
#: The compatibility wheel carries the same version as the Flask release
#: whose API it stands for.
COMPAT = "3.1.3"
#: The ``entry_points.txt`` of the real Flask and of our compatibility wheel.
REAL_ENTRY_POINTS = "[console_scripts]\nflask = flask.cli:main\n"
COMPAT_ENTRY_POINTS = "[modular_flask]\nflask = flask\n"


def add_record(
    site: Path,
    folder: str,
    version: str | None,
    kind: str = "METADATA",
    entry_points: str | None = REAL_ENTRY_POINTS,
) -> Path:
    """Create an installation record folder; ``version=None`` leaves it
    without a metadata file, ``entry_points=None`` without entry points."""
    record = site / folder
    record.mkdir()
    if version is not None:
        (record / kind).write_text(
            f"Metadata-Version: 2.1\nName: flask\nVersion: {version}\n\nbody\n",
            encoding="utf-8",
        )
    if entry_points is not None:
        (record / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return record


def add_compat_record(site: Path) -> Path:
    """The record the compatibility wheel leaves when installed."""
    return add_record(
        site, f"flask-{COMPAT}.dist-info", COMPAT, entry_points=COMPAT_ENTRY_POINTS
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fake site-packages folder holding an empty ``flask`` package folder
    and the records of unrelated distributions whose names start alike."""
    folder = tmp_path / "site-packages"
    (folder / "flask").mkdir(parents=True)
    add_record(folder, "flask_core-0.1.0.dist-info", "0.1.0")
    add_record(folder, "flask_login-0.6.3.dist-info", "0.6.3")
    add_record(folder, "Flask_SQLAlchemy-3.1.1.dist-info", "3.1.1")
    (folder / "flask-notes.txt").write_text("not a record")
    return folder


def test_no_flask_distribution(site: Path) -> None:
    assert seams.find_foreign_flask(str(site / "flask")) is None
    seams.refuse_mixed_install(str(site / "flask"))


def test_compat_wheel_is_accepted(site: Path) -> None:
    add_compat_record(site)
    assert seams.find_foreign_flask(str(site / "flask")) is None
    seams.refuse_mixed_install(str(site / "flask"))


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        (f"flask-{REAL_FLASK}.dist-info", "METADATA"),
        (f"Flask-{REAL_FLASK}.dist-info", "METADATA"),
        (f"Flask-{REAL_FLASK}-py3.11.egg-info", "PKG-INFO"),
    ],
)
def test_real_flask_is_found(site: Path, folder: str, kind: str) -> None:
    record = add_record(site, folder, REAL_FLASK, kind)
    assert seams.find_foreign_flask(str(site / "flask")) == (str(record), REAL_FLASK)


def test_the_version_alone_does_not_make_a_record_ours(site: Path) -> None:
    # Same name, same version, same folder name: only the marker differs.
    record = add_record(site, f"flask-{COMPAT}.dist-info", COMPAT)
    assert seams.find_foreign_flask(str(site / "flask")) == (str(record), COMPAT)
    (record / "entry_points.txt").write_text(COMPAT_ENTRY_POINTS, encoding="utf-8")
    assert seams.find_foreign_flask(str(site / "flask")) is None


def test_record_without_entry_points_is_foreign(site: Path) -> None:
    record = add_record(site, "flask-2.3.3.dist-info", None, entry_points=None)
    assert seams.find_foreign_flask(str(site / "flask")) == (str(record), "2.3.3")


def test_unreadable_folder_is_not_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "flask"
    assert seams.find_foreign_flask(str(missing)) is None


def test_refusal_explains_the_repair(site: Path) -> None:
    record = add_record(site, f"flask-{REAL_FLASK}.dist-info", REAL_FLASK)
    with pytest.raises(seams.MixedInstallError) as caught:
        seams.refuse_mixed_install(str(site / "flask"))
    error = caught.value
    assert isinstance(error, ImportError)
    assert error.record == str(record)
    assert error.version == REAL_FLASK
    message = str(error)
    assert f"flask {REAL_FLASK}" in message
    assert str(record) in message
    assert "'python -m pip uninstall flask'" in message
    assert (
        "'python -m pip install -c wheelhouse/constraints.txt --force-reinstall"
        " --no-deps'" in message
    )
    assert "Troubleshooting" in message


@pytest.mark.parametrize(
    ("entry_points", "is_ours"),
    [
        (COMPAT_ENTRY_POINTS, True),
        (
            "[console_scripts]\nflask = flask.cli:main\n\n[modular_flask]\nflask-cli = flask\n",
            True,
        ),
        ("  [modular_flask]  \r\n", True),
        (REAL_ENTRY_POINTS, False),
        ("[modular_flask_extras]\nx = y\n", False),
        ("# [modular_flask]\n", False),
        ("", False),
        (None, False),
    ],
)
def test_marker_recognition(entry_points: str | None, is_ours: bool) -> None:
    assert seams.declares_marker(entry_points) is is_ours


# -- through ``import flask`` ------------------------------------------------


@pytest.fixture
def installed_copy(site: Path) -> Path:
    """``site`` with a copy of flask-core's package as its ``flask`` folder."""
    shutil.rmtree(site / "flask")
    shutil.copytree(
        Path(flask.__file__).parent,
        site / "flask",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return site


def import_flask_from(site: Path) -> subprocess.CompletedProcess[str]:
    """Import ``flask`` in a fresh interpreter that finds ``site`` first."""
    code = textwrap.dedent(
        """
        import flask
        print(flask.__file__)
        """
    )
    environ = dict(os.environ, PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        cwd=str(site.parent),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_import_refuses_a_mixed_install(installed_copy: Path) -> None:
    add_record(installed_copy, f"flask-{REAL_FLASK}.dist-info", REAL_FLASK)
    result = import_flask_from(installed_copy)
    assert result.returncode != 0
    assert "MixedInstallError" in result.stderr
    assert f"flask {REAL_FLASK}" in result.stderr


def test_import_accepts_the_compat_wheel(installed_copy: Path) -> None:
    add_compat_record(installed_copy)
    result = import_flask_from(installed_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(installed_copy / "flask" / "__init__.py")
