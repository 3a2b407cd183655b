"""The shell command."""

from __future__ import annotations

import code
import sys
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner

from flask import Flask, current_app
from flask.cli import FlaskGroup, shell_command


@pytest.fixture
def interact(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, t.Any]]:
    """Replace code.interact, recording its arguments and what is active."""
    calls: list[dict[str, t.Any]] = []

    def fake_interact(
        banner: str | None = None, local: t.Any = None, **kw: t.Any
    ) -> None:
        calls.append(
            {"banner": banner, "local": local, "app": current_app._get_current_object()}  # type: ignore[attr-defined]
        )

    monkeypatch.setattr(code, "interact", fake_interact)
    monkeypatch.delenv("PYTHONSTARTUP", raising=False)
    monkeypatch.delattr(sys, "__interactivehook__", raising=False)
    return calls


@pytest.fixture
def shell_app(tmp_path: Path) -> Flask:
    application = Flask("shell_app", instance_path=str(tmp_path / "instance"))

    @application.shell_context_processor
    def extra_names() -> dict[str, t.Any]:
        return {"answer": 42}

    return application


def test_shell_runs_in_app_context(
    runner: CliRunner, interact: list[dict[str, t.Any]], shell_app: Flask
) -> None:
    result = runner.invoke(FlaskGroup(create_app=lambda: shell_app), ["shell"])
    assert result.exit_code == 0, result.output
    (call,) = interact
    assert call["app"] is shell_app
    assert call["local"]["app"] is shell_app
    assert call["local"]["answer"] == 42
    assert "g" in call["local"]


def test_shell_banner(
    runner: CliRunner, interact: list[dict[str, t.Any]], shell_app: Flask
) -> None:
    runner.invoke(FlaskGroup(create_app=lambda: shell_app), ["shell"])
    lines = interact[0]["banner"].splitlines()
    assert lines[0] == f"Python {sys.version} on {sys.platform}".splitlines()[0]
    assert lines[-2] == "App: shell_app"
    assert lines[-1] == f"Instance: {shell_app.instance_path}"


def test_shell_runs_pythonstartup_first(
    runner: CliRunner,
    interact: list[dict[str, t.Any]],
    shell_app: Flask,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    startup = tmp_path / "startup.py"
    startup.write_text("from_startup = 'yes'\nanswer = 'overridden by the app'\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(startup))
    runner.invoke(FlaskGroup(create_app=lambda: shell_app), ["shell"])
    namespace = interact[0]["local"]
    assert namespace["from_startup"] == "yes"
    # The app's shell context is applied after the startup file.
    assert namespace["answer"] == 42


def test_shell_ignores_missing_pythonstartup(
    runner: CliRunner,
    interact: list[dict[str, t.Any]],
    shell_app: Flask,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHONSTARTUP", str(tmp_path / "missing.py"))
    result = runner.invoke(FlaskGroup(create_app=lambda: shell_app), ["shell"])
    assert result.exit_code == 0
    assert interact[0]["local"]["answer"] == 42


def test_shell_calls_interactive_hook_with_completer(
    runner: CliRunner,
    interact: list[dict[str, t.Any]],
    shell_app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readline = pytest.importorskip("readline")
    hooked: list[bool] = []
    completers: list[t.Any] = []
    monkeypatch.setattr(
        sys, "__interactivehook__", lambda: hooked.append(True), raising=False
    )
    monkeypatch.setattr(readline, "set_completer", completers.append)
    runner.invoke(FlaskGroup(create_app=lambda: shell_app), ["shell"])
    assert hooked == [True]
    # Importing rlcompleter the first time installs its own completer; the
    # shell's one is installed last and looks names up in its namespace.
    complete = completers[-1]
    assert complete("answ", 0) == "answer"


def test_shell_command_is_registered() -> None:
    assert shell_command.name == "shell"
    assert shell_command.params == []
