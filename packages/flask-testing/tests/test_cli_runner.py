"""FlaskCliRunner, and that ``flask.testing`` does not need Click."""

from __future__ import annotations

import subprocess
import sys
import typing as t

import pytest

import flask
import flask.seams
import flask.testing


def _command_app() -> flask.Flask:
    app = flask.Flask("cli_app")

    @app.cli.command("hello")
    def hello() -> None:
        import click

        click.echo(f"hello from {flask.current_app.name}")

    return app


def test_importing_testing_does_not_import_click() -> None:
    code = (
        "import sys, flask.testing, flask\n"
        "app = flask.Flask('x')\n"
        "client = app.test_client()\n"
        "assert 'click' not in sys.modules, sorted(m for m in sys.modules if 'click' in m)\n"
        "assert 'flask.cli' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_runner_class_is_built_lazily() -> None:
    runner_class = flask.testing.FlaskCliRunner
    from click.testing import CliRunner

    assert issubclass(runner_class, CliRunner)
    assert runner_class.__name__ == "FlaskCliRunner"
    assert runner_class.__module__ == "flask.testing"
    assert flask.testing.FlaskCliRunner is runner_class
    assert "FlaskCliRunner" in dir(flask.testing)


def test_invoke_defaults_to_app_cli() -> None:
    app = _command_app()
    runner = app.test_cli_runner()
    assert isinstance(runner, flask.testing.FlaskCliRunner)
    assert runner.app is app
    result = runner.invoke(args=["hello"])
    assert result.exit_code == 0, result.output
    assert result.output == "hello from cli_app\n"


def test_invoke_with_explicit_command() -> None:
    import click

    @click.command()
    @click.argument("name")
    def greet(name: str) -> None:
        click.echo(f"hi {name}")

    runner = _command_app().test_cli_runner()
    assert runner.invoke(greet, ["bo"]).output == "hi bo\n"


def test_invoke_passes_script_info() -> None:
    import click

    from flask.cli import ScriptInfo, pass_script_info

    app = _command_app()
    seen: list[t.Any] = []

    @click.command()
    @pass_script_info
    def inspect(info: ScriptInfo) -> None:
        seen.append(info)
        seen.append(info.load_app())

    app.test_cli_runner().invoke(inspect)
    assert isinstance(seen[0], ScriptInfo)
    assert seen[1] is app


def test_invoke_keeps_explicit_obj() -> None:
    import click

    @click.command()
    @click.pass_obj
    def show(obj: t.Any) -> None:
        click.echo(repr(obj))

    result = _command_app().test_cli_runner().invoke(show, obj={"custom": 1})
    assert result.output == "{'custom': 1}\n"


def test_runner_kwargs_go_to_click() -> None:
    import click

    @click.command()
    def env() -> None:
        import os

        click.echo(os.environ.get("FLASK_TESTING_VALUE", "-"))

    runner = _command_app().test_cli_runner(env={"FLASK_TESTING_VALUE": "set"})
    assert runner.invoke(env).output == "set\n"


def test_missing_flask_cli_names_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    real = flask.seams.is_installed
    monkeypatch.setattr(
        flask.seams, "is_installed", lambda name: name != "flask.cli" and real(name)
    )
    monkeypatch.delitem(vars(flask.testing), "FlaskCliRunner", raising=False)
    with pytest.raises(flask.seams.MissingDistributionError) as info:
        flask.testing.FlaskCliRunner  # noqa: B018
    assert info.value.distribution == "flask-cli"
    assert "flask-cli" in str(info.value)
    assert isinstance(info.value, ImportError)


def test_unknown_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        flask.testing.Nope  # noqa: B018


def test_names_served_lazily() -> None:
    from click.testing import CliRunner, Result

    from flask.cli import ScriptInfo
    from flask.testing import CliRunner as LazyRunner
    from flask.testing import Result as LazyResult
    from flask.testing import ScriptInfo as LazyScriptInfo

    assert (LazyRunner, LazyResult, LazyScriptInfo) == (CliRunner, Result, ScriptInfo)
    assert {"CliRunner", "Result", "ScriptInfo", "SessionMixin"} <= set(
        dir(flask.testing)
    )


def test_session_mixin_needs_flask_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flask.seams, "is_installed", lambda name: False)
    monkeypatch.delitem(vars(flask.testing), "SessionMixin", raising=False)
    with pytest.raises(flask.seams.MissingDistributionError) as info:
        flask.testing.SessionMixin  # noqa: B018
    assert info.value.distribution == "flask-sessions"
