"""get_version and the --version option."""

from __future__ import annotations

import importlib.metadata
import platform

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


def test_get_version_skips_missing_distributions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_version = importlib.metadata.version

    def version(name: str) -> str:
        if name in {"flask-json", "flask-full"}:
            raise importlib.metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    run_get_version(True)
    output = capsys.readouterr().out
    assert "flask-json" not in output
    assert "flask-full" not in output
    assert "flask-core" in output


def fake_versions(
    monkeypatch: pytest.MonkeyPatch, **overrides: str | None
) -> list[str]:
    """Make ``importlib.metadata.version`` answer ``overrides`` (``None``: not
    installed) and the real version otherwise; return the names asked for."""
    asked: list[str] = []
    real_version = importlib.metadata.version

    def version(name: str) -> str:
        asked.append(name)
        if name in overrides:
            found = overrides[name]
            if found is None:
                raise importlib.metadata.PackageNotFoundError(name)
            return found
        return real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    return asked


def test_get_version_asks_for_flask_then_each_distribution(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = fake_versions(monkeypatch, flask=None)
    run_get_version(True)
    assert asked == [
        "flask",
        "flask-core",
        "flask-json",
        "flask-sessions",
        "flask-cli",
        "flask-testing",
        "flask-signals",
        "flask-full",
        "werkzeug",
    ]


def test_get_version_names_the_compat_wheel(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_versions(monkeypatch, flask="3.1.3+modular.0.1.0")
    run_get_version(True)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1] == "Flask 3.1.3+modular.0.1.0"
    # What Flask's own test of --version checks.
    assert f"Flask {importlib.metadata.version('flask')}" in out
    assert lines[2].startswith("flask-core ")


@pytest.mark.parametrize("real_flask", ["3.1.3", "3.1.3+ubuntu1", None])
def test_get_version_never_reports_another_flask(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    real_flask: str | None,
) -> None:
    fake_versions(monkeypatch, flask=real_flask)
    run_get_version(True)
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith("Flask ")]
    assert lines[1].startswith("flask-core ")


@pytest.mark.parametrize(
    ("version", "is_ours"),
    [
        ("3.1.3+modular.0.1.0", True),
        ("3.1.3+modular", True),
        ("3.2.0+Modular.1.4", True),
        ("3.1.3", False),
        ("3.1.3+ubuntu1", False),
        ("3.1.3+modularity.1", False),
        ("3.1.3.post1", False),
    ],
)
def test_compat_versions_are_recognised_by_their_local_label(
    version: str, is_ours: bool
) -> None:
    assert flask.cli._is_compat_version(version) is is_ours


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
