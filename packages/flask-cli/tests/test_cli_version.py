"""get_version and the --version option."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import flask
import flask.cli
from flask.cli import FlaskGroup, get_version, version_option


class RecordingContext:
    """The bits of a click context that get_version uses."""

    def __init__(self, resilient_parsing: bool = False) -> None:
        self.resilient_parsing = resilient_parsing
        self.color: bool | None = None
        self.exits = 0

    def exit(self, code: int = 0) -> None:
        self.exits += 1


def run_get_version(value: object, resilient_parsing: bool = False) -> RecordingContext:
    ctx = RecordingContext(resilient_parsing)
    get_version(ctx, None, value)  # type: ignore[arg-type]
    return ctx


def test_get_version_lists_versions(capsys: pytest.CaptureFixture[str]) -> None:
    ctx = run_get_version(True)
    lines = capsys.readouterr().out.splitlines()
    assert ctx.exits == 1
    assert lines[0] == f"Python {platform.python_version()}"
    core = importlib.metadata.version("flask-core")
    assert f"flask-core {core} (Flask {flask.FLASK_API_VERSION} API)" in lines
    assert f"flask-cli {importlib.metadata.version('flask-cli')}" in lines
    assert lines[-1] == f"Werkzeug {importlib.metadata.version('werkzeug')}"


def add_record(site: Path, name: str, version: str, ours: bool = True) -> None:
    """Record an installed distribution in ``site``; ``ours`` gives it modular
    Flask's entry-point group."""
    record = site / f"{name.replace('-', '_')}-{version}.dist-info"
    record.mkdir()
    (record / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    )
    if ours:
        (record / "entry_points.txt").write_text(f"[modular_flask]\n{name} = flask\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site-packages folder holding Werkzeug's record and flask-core's,
    which is all of ``sys.path`` during the test."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    add_record(folder, "werkzeug", "3.1.9", ours=False)
    add_record(folder, "flask-core", "0.1.0")
    monkeypatch.setattr(sys, "path", [str(folder)])
    return folder


def test_get_version_skips_missing_distributions(
    capsys: pytest.CaptureFixture[str], site: Path
) -> None:
    add_record(site, "flask-cli", "0.1.0")
    run_get_version(True)
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"flask-core 0.1.0 (Flask {flask.FLASK_API_VERSION} API)",
        "flask-cli 0.1.0",
        "Werkzeug 3.1.9",
    ]


def test_get_version_lists_the_compat_wheel_then_each_distribution(
    capsys: pytest.CaptureFixture[str], site: Path
) -> None:
    for name in ["flask-full", "flask-signals", "flask-testing", "flask-cli"]:
        add_record(site, name, "0.1.0")
    add_record(site, "flask-sessions", "0.1.0")
    add_record(site, "flask-json", "0.1.2")
    add_record(site, "flask", "3.1.3")
    run_get_version(True)
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1:] == [
        "Flask 3.1.3",
        f"flask-core 0.1.0 (Flask {flask.FLASK_API_VERSION} API)",
        "flask-json 0.1.2",
        "flask-sessions 0.1.0",
        "flask-cli 0.1.0",
        "flask-testing 0.1.0",
        "flask-signals 0.1.0",
        "flask-full 0.1.0",
        "Werkzeug 3.1.9",
    ]
    assert captured.err == ""


@pytest.mark.parametrize("real_flask", ["3.1.3", "3.1.2", "3.1.3+ubuntu1"])
def test_get_version_never_reports_the_real_flask(
    capsys: pytest.CaptureFixture[str], site: Path, real_flask: str
) -> None:
    add_record(site, "flask", real_flask, ours=False)
    run_get_version(True)
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert not [line for line in lines if line.startswith("Flask ")]
    assert lines[1].startswith("flask-core ")
    warnings = captured.err.splitlines()
    assert warnings[0].startswith(f"Warning: The real Flask {real_flask} is installed")
    assert warnings[-1] == "Run 'python -m flask.installation' to see how to repair it."


def test_get_version_leaves_out_an_unrelated_project_of_our_name(
    capsys: pytest.CaptureFixture[str], site: Path
) -> None:
    add_record(site, "flask-cli", "0.1.0", ours=False)
    run_get_version(True)
    captured = capsys.readouterr()
    assert "flask-cli" not in captured.out
    assert captured.err.startswith("Warning: flask-cli 0.1.0 (in ")
    assert "unrelated project of the same name" in captured.err


@pytest.mark.parametrize(
    ("value", "resilient"), [(False, False), (None, False), (True, True)]
)
def test_get_version_does_nothing(
    capsys: pytest.CaptureFixture[str], value: object, resilient: bool
) -> None:
    ctx = run_get_version(value, resilient)
    assert ctx.exits == 0
    assert capsys.readouterr().out == ""


def test_version_option_definition() -> None:
    assert isinstance(version_option, click.Option)
    assert version_option.opts == ["--version"]
    assert version_option.is_flag
    assert version_option.is_eager
    assert not version_option.expose_value
    assert version_option.callback is get_version


def test_version_through_group(runner: CliRunner) -> None:
    def must_not_load() -> flask.Flask:
        raise AssertionError("--version does not need the app")

    result = runner.invoke(FlaskGroup(create_app=must_not_load), ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("Python ")
    assert "Werkzeug " in result.output


def test_version_option_can_be_left_out(runner: CliRunner) -> None:
    result = runner.invoke(FlaskGroup(add_version_option=False), ["--version"])
    assert result.exit_code == 2
