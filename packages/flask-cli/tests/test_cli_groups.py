"""Commands and groups: pass_script_info, with_appcontext, AppGroup,
FlaskGroup and its --app / --debug options, and main()."""

from __future__ import annotations

import importlib.metadata
import os
import sys
import typing as t
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import flask.cli
from flask import Flask, current_app
from flask.cli import (
    AppGroup,
    FlaskGroup,
    NoAppException,
    ScriptInfo,
    _set_debug,
    pass_script_info,
    routes_command,
    run_command,
    shell_command,
    version_option,
    with_appcontext,
)

# -- pass_script_info and with_appcontext --------------------------------------------


def test_pass_script_info_gives_the_context_object(runner: CliRunner) -> None:
    seen: list[ScriptInfo] = []

    @click.command()
    @pass_script_info
    def command(info: ScriptInfo) -> None:
        seen.append(info)

    obj = ScriptInfo(app_import_path="given")
    assert runner.invoke(command, obj=obj).exit_code == 0
    assert seen == [obj]


def test_pass_script_info_creates_one_when_missing(runner: CliRunner) -> None:
    @click.command()
    @pass_script_info
    def command(info: ScriptInfo) -> None:
        click.echo(type(info).__name__)

    result = runner.invoke(command)
    assert result.output == "ScriptInfo\n"


def test_with_appcontext_loads_the_app(runner: CliRunner) -> None:
    @click.command()
    @click.argument("suffix")
    @with_appcontext
    def command(suffix: str) -> None:
        click.echo(current_app.name + suffix)

    result = runner.invoke(
        command, ["!"], obj=ScriptInfo(create_app=lambda: Flask("loaded"))
    )
    assert result.exit_code == 0, result.output
    assert result.output == "loaded!\n"


def test_with_appcontext_keeps_an_active_context(runner: CliRunner) -> None:
    def must_not_load() -> Flask:
        raise AssertionError("an app context is already active")

    @click.command()
    @with_appcontext
    def command() -> None:
        click.echo(current_app.name)

    with Flask("already_active").app_context():
        result = runner.invoke(command, obj=ScriptInfo(create_app=must_not_load))
    assert result.output == "already_active\n"


def test_with_appcontext_preserves_metadata() -> None:
    def documented() -> None:
        """Some help."""

    wrapped = with_appcontext(documented)
    assert wrapped.__name__ == "documented"
    assert wrapped.__doc__ == "Some help."


def test_with_appcontext_pops_the_context(runner: CliRunner) -> None:
    from flask.globals import _cv_app

    @click.command()
    @with_appcontext
    def command() -> None:
        click.echo(str(_cv_app.get(None) is not None))

    result = runner.invoke(command, obj=ScriptInfo(create_app=lambda: Flask("x")))
    assert result.output == "True\n"
    assert _cv_app.get(None) is None


# -- AppGroup --------------------------------------------------------------------------


def test_app_group_commands_and_subgroups_get_app_context(runner: CliRunner) -> None:
    @click.group(cls=AppGroup)
    def cli() -> None:
        pass

    @cli.command()
    def top() -> None:
        click.echo(current_app.name)

    @cli.group()
    def sub() -> None:
        pass

    @sub.command()
    def nested() -> None:
        click.echo("nested " + current_app.name)

    assert isinstance(sub, AppGroup)
    obj = ScriptInfo(create_app=lambda: Flask("grouped"))
    assert runner.invoke(cli, ["top"], obj=obj).output == "grouped\n"
    assert runner.invoke(cli, ["sub", "nested"], obj=obj).output == "nested grouped\n"


def test_app_group_command_without_app_context(runner: CliRunner) -> None:
    group = AppGroup("tools")

    @group.command(with_appcontext=False)
    def plain() -> None:
        click.echo(f"context={bool(current_app)}")

    obj = ScriptInfo(create_app=lambda: Flask("unused"))
    assert runner.invoke(group, ["plain"], obj=obj).output == "context=False\n"


def test_app_group_accepts_bare_decorator(runner: CliRunner) -> None:
    group = AppGroup("tools")

    @group.command
    def bare() -> None:
        click.echo(current_app.name)

    assert isinstance(bare, click.Command)
    assert group.commands["bare"] is bare
    obj = ScriptInfo(create_app=lambda: Flask("bare_app"))
    assert runner.invoke(group, ["bare"], obj=obj).output == "bare_app\n"


def test_app_group_command_name_and_class(runner: CliRunner) -> None:
    group = AppGroup("tools")

    @group.command("renamed", help="Helpful.")
    def original() -> None:
        pass

    assert "renamed" in group.commands
    assert group.commands["renamed"].help == "Helpful."


def test_app_group_subgroup_class_can_be_chosen() -> None:
    group = AppGroup("tools")

    @group.group(cls=click.Group)
    def plain() -> None:
        pass

    assert type(plain) is click.Group


def test_app_cli_is_an_app_group_named_after_the_app() -> None:
    app = Flask("named_app")
    assert isinstance(app.cli, AppGroup)
    assert app.cli.name == app.name


# -- FlaskGroup construction --------------------------------------------------------------


def option_names(group: click.Command) -> set[str]:
    return {opt for param in group.params for opt in param.opts}


def test_flask_group_defaults() -> None:
    group = FlaskGroup()
    assert {"run", "shell", "routes"} <= set(group.commands)
    assert group.commands["run"] is run_command
    assert group.commands["shell"] is shell_command
    assert group.commands["routes"] is routes_command
    assert {"-e", "--env-file", "-A", "--app", "--debug", "--version"} <= option_names(
        group
    )
    assert group.context_settings["auto_envvar_prefix"] == "FLASK"
    assert group.create_app is None
    assert group.load_dotenv is True
    assert group.set_debug_flag is True
    names = [param.name for param in group.params]
    # --env-file is processed before --app so its variables can name the app.
    assert names.index("env_file") < names.index("app")


def test_flask_group_switches() -> None:
    def create_app() -> Flask:
        return Flask("x")

    group = FlaskGroup(
        add_default_commands=False,
        create_app=create_app,
        add_version_option=False,
        load_dotenv=False,
        set_debug_flag=False,
    )
    assert group.commands == {}
    assert version_option not in group.params
    assert "--version" not in option_names(group)
    assert group.create_app is create_app
    assert group.load_dotenv is False
    assert group.set_debug_flag is False


def test_flask_group_keeps_given_params_and_settings() -> None:
    extra = click.Option(["--extra"])
    settings = {"auto_envvar_prefix": "MYAPP", "help_option_names": ["-h", "--help"]}
    group = FlaskGroup(params=[extra], context_settings=settings)
    assert group.params[0] is extra
    assert group.context_settings["auto_envvar_prefix"] == "MYAPP"
    assert group.context_settings["help_option_names"] == ["-h", "--help"]


def test_flask_group_as_click_group_class(runner: CliRunner) -> None:
    @click.group(cls=FlaskGroup, create_app=lambda: Flask("decorated_group"))
    def cli(**params: t.Any) -> None:
        pass

    @cli.command()
    def which() -> None:
        click.echo(current_app.name)

    result = runner.invoke(cli, ["which"])
    assert result.exit_code == 0, result.output
    assert result.output == "decorated_group\n"


@pytest.mark.parametrize("set_debug_flag", [True, False])
def test_flask_group_debug_flag(runner: CliRunner, set_debug_flag: bool) -> None:
    def create_app() -> Flask:
        app = Flask("debug_group")
        app.debug = True
        return app

    group = FlaskGroup(create_app=create_app, set_debug_flag=set_debug_flag)

    @group.command()
    def show() -> None:
        click.echo(str(current_app.debug))

    assert runner.invoke(group, ["show"]).output == f"{not set_debug_flag}\n"


def test_flask_group_nested_in_plain_group(runner: CliRunner, app: Flask) -> None:
    outer = click.Group("outer")
    inner = FlaskGroup(name="inner", create_app=lambda: app)
    outer.add_command(inner)

    @inner.command()
    def show() -> None:
        click.echo(current_app.name)

    result = runner.invoke(outer, ["inner", "show"])
    assert result.exit_code == 0, result.output
    assert result.output == "flask_cli_test_app\n"


# -- FlaskGroup: commands of the app -----------------------------------------------------


def test_app_commands_are_found(runner: CliRunner, app: Flask) -> None:
    @app.cli.command("greet")
    @click.argument("name")
    def greet(name: str) -> None:
        click.echo(f"hi {name} from {current_app.name}")

    group = FlaskGroup(create_app=lambda: app)
    result = runner.invoke(group, ["greet", "you"])
    assert result.exit_code == 0, result.output
    assert result.output == "hi you from flask_cli_test_app\n"
    assert "greet" in group.list_commands(
        group.make_context("flask", [], resilient_parsing=True)
    )


def test_app_context_active_in_parameter_callbacks(
    runner: CliRunner, app: Flask
) -> None:
    def callback(ctx: click.Context, param: click.Parameter, value: str) -> bool:
        return current_app._get_current_object() is app  # type: ignore[attr-defined]

    @app.cli.command()
    @click.argument("value", callback=callback)
    def check(value: bool) -> tuple[bool, bool]:
        loaded = click.get_current_context().ensure_object(ScriptInfo).load_app()
        return current_app._get_current_object() is loaded, value  # type: ignore[attr-defined]

    group = FlaskGroup(create_app=lambda: app)
    result = runner.invoke(group, ["check", "x"], standalone_mode=False)
    assert result.return_value == (True, True)


def test_other_active_app_is_replaced_for_app_commands(
    runner: CliRunner, app: Flask
) -> None:
    @app.cli.command()
    def which() -> None:
        click.echo(current_app.name)

    group = FlaskGroup(create_app=lambda: app)
    with Flask("other_app").app_context():
        result = runner.invoke(group, ["which"])
    assert result.output == "flask_cli_test_app\n"


def test_missing_command_without_app_explains(runner: CliRunner) -> None:
    result = runner.invoke(flask.cli.cli, ["missing"])
    assert result.exit_code == 2
    assert "Error:" in result.stderr
    assert "FLASK_APP" in result.stderr
    assert "Usage:" in result.stderr
    assert "No such command 'missing'" in result.stderr


def test_help_without_app_still_lists_builtins(runner: CliRunner) -> None:
    result = runner.invoke(flask.cli.cli, ["--help"])
    assert result.exit_code == 0
    assert "FLASK_APP" in result.stderr
    assert "Usage:" in result.stdout
    for name in ("routes", "run", "shell"):
        assert name in result.stdout


def test_help_of_app_option_names_what_is_found_without_a_name(
    runner: CliRunner,
) -> None:
    result = runner.invoke(flask.cli.cli, ["--help"], terminal_width=200)
    text = " ".join(result.stdout.split())
    for conventional in ("'app'", "'application'", "'create_app()'", "'make_app()'"):
        assert conventional in text, conventional


def test_help_shows_traceback_for_unexpected_errors(runner: CliRunner) -> None:
    def create_app() -> Flask:
        raise RuntimeError("factory exploded")

    result = runner.invoke(FlaskGroup(create_app=create_app), ["--help"])
    assert result.exit_code == 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: factory exploded" in result.stderr
    assert "Usage:" in result.stdout


def test_builtin_commands_do_not_load_the_app() -> None:
    loads: list[int] = []

    def create_app() -> Flask:
        loads.append(1)
        return Flask("lazy")

    group = FlaskGroup(create_app=create_app)
    with group.make_context("flask", [], resilient_parsing=True) as ctx:
        assert group.get_command(ctx, "routes") is routes_command
        assert loads == []
        assert group.get_command(ctx, "not-a-command") is None
        assert loads == [1]


def test_help_uses_app_named_in_environment(
    runner: CliRunner, apps_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_APP", "cli_demo_commands")
    result = runner.invoke(FlaskGroup(), ["--help"])
    assert result.exit_code == 0
    assert "hello" in result.stdout
    assert "reports" in result.stdout


def test_no_args_is_help_sees_app_commands(
    runner: CliRunner, apps_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_APP", "cli_demo_commands")
    result = runner.invoke(FlaskGroup(no_args_is_help=True), [])
    assert "show-env" in result.output


def test_plugin_commands_from_entry_points(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    @click.command()
    def plugged() -> None:
        click.echo("from a plugin")

    class FakeEntryPoint:
        name = "plugin-cmd"

        def load(self) -> click.Command:
            return plugged

    groups: list[str] = []

    def entry_points(*, group: str) -> list[FakeEntryPoint]:
        groups.append(group)
        return [FakeEntryPoint()]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    group = FlaskGroup(create_app=lambda: Flask("x"))
    result = runner.invoke(group, ["plugin-cmd"])
    assert result.output == "from a plugin\n"
    assert groups == ["flask.commands"]
    assert "plugin-cmd" in group.list_commands(
        group.make_context("flask", [], resilient_parsing=True)
    )
    # Loaded only once per group.
    assert groups == ["flask.commands"]


# -- make_context ----------------------------------------------------------------


def test_make_context_creates_script_info() -> None:
    def create_app() -> Flask:
        return Flask("x")

    group = FlaskGroup(create_app=create_app, set_debug_flag=False, load_dotenv=False)
    ctx = group.make_context("flask", [], resilient_parsing=True)
    assert os.environ["FLASK_RUN_FROM_CLI"] == "true"
    assert isinstance(ctx.obj, ScriptInfo)
    assert ctx.obj.create_app is create_app
    assert ctx.obj.set_debug_flag is False
    assert ctx.obj.load_dotenv_defaults is False


def test_make_context_keeps_given_object() -> None:
    given = ScriptInfo(create_app=lambda: Flask("given"))
    assert (
        FlaskGroup().make_context("flask", [], obj=given, resilient_parsing=True).obj
        is given
    )
    configured = FlaskGroup(context_settings={"obj": given})
    assert configured.make_context("flask", [], resilient_parsing=True).obj is given


# -- --app -------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--app", "-A"])
def test_app_option(runner: CliRunner, apps_dir: Path, flag: str) -> None:
    result = runner.invoke(FlaskGroup(), [flag, "cli_demo_commands", "hello", "opt"])
    assert result.exit_code == 0, result.output
    assert result.output == "Hello, opt from cli_demo_commands\n"


def test_app_option_from_environment(
    runner: CliRunner, apps_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_APP", "cli_demo_pkg.factory:create_app2('e', 'v')")

    group = FlaskGroup()

    @group.command()
    def which() -> None:
        click.echo(current_app.name)

    assert runner.invoke(group, ["which"]).output == "app2_e_v\n"


def test_app_option_beats_environment(
    runner: CliRunner, apps_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_APP", "cli_demo_pkg.factory")
    result = runner.invoke(FlaskGroup(), ["--app", "cli_demo_commands", "hello", "x"])
    assert result.output == "Hello, x from cli_demo_commands\n"


def test_bad_app_option_reports_error(runner: CliRunner, apps_dir: Path) -> None:
    result = runner.invoke(FlaskGroup(), ["--app", "cli_demo_pkg.two_apps", "nope"])
    assert result.exit_code == 2
    assert "more than one Flask application" in result.stderr


# -- --debug -----------------------------------------------------------------------


def debug_report_group() -> FlaskGroup:
    group = FlaskGroup(create_app=lambda: Flask("debug_report"))

    @group.command()
    def report() -> None:
        click.echo(f"{os.environ.get('FLASK_DEBUG')} {current_app.debug}")

    return group


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["--debug"], "1 True\n"), (["--no-debug"], "0 False\n"), ([], "None False\n")],
)
def test_debug_option(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(debug_report_group(), [*args, "report"])
    assert result.output == expected


@pytest.mark.parametrize(("value", "expected"), [("true", "1"), ("0", "0")])
def test_debug_option_from_environment_is_normalised(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", value)
    result = runner.invoke(debug_report_group(), ["report"])
    assert result.output.split()[0] == expected


def test_set_debug_ignores_default_source() -> None:
    group = FlaskGroup()
    ctx = group.make_context("flask", [], resilient_parsing=True)
    param = next(p for p in group.params if p.name == "debug")
    ctx.set_parameter_source("debug", click.core.ParameterSource.DEFAULT)
    assert _set_debug(ctx, t.cast(click.Option, param), False) is None
    assert "FLASK_DEBUG" not in os.environ
    ctx.set_parameter_source("debug", click.core.ParameterSource.COMMANDLINE)
    assert _set_debug(ctx, t.cast(click.Option, param), True) is True
    assert os.environ["FLASK_DEBUG"] == "1"


def test_debug_is_visible_to_factories(runner: CliRunner) -> None:
    def create_app() -> Flask:
        app = Flask("factory_sees_debug")
        app.config["SEEN"] = os.environ.get("FLASK_DEBUG")
        return app

    group = FlaskGroup(create_app=create_app)

    @group.command()
    def seen() -> None:
        click.echo(current_app.config["SEEN"])

    assert runner.invoke(group, ["--debug", "seen"]).output == "1\n"


# -- main and the module-level group -------------------------------------------------------


def test_module_group() -> None:
    assert isinstance(flask.cli.cli, FlaskGroup)
    assert flask.cli.cli.name == "flask"
    assert "--app" in (flask.cli.cli.help or "")


def test_main_runs_the_flask_group(
    monkeypatch: pytest.MonkeyPatch,
    apps_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(
        sys, "argv", ["flask", "--app", "cli_demo_commands", "hello", "m"]
    )
    with pytest.raises(SystemExit) as info:
        flask.cli.main()
    assert info.value.code == 0
    assert capsys.readouterr().out == "Hello, m from cli_demo_commands\n"


def test_no_app_exception_from_get_command_is_not_raised(runner: CliRunner) -> None:
    def create_app() -> Flask:
        raise NoAppException("custom loader failure")

    result = runner.invoke(FlaskGroup(create_app=create_app), ["anything"])
    assert result.exit_code == 2
    assert "Error: custom loader failure" in result.stderr


def test_flask_testing_cli_runner_drives_app_commands(app: Flask) -> None:
    @app.cli.command("count")
    @click.option("--to", type=int, default=3)
    def count(to: int) -> None:
        click.echo(" ".join(str(n) for n in range(1, to + 1)) + f" {current_app.name}")

    result = app.test_cli_runner().invoke(args=["count", "--to", "4"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 2 3 4 flask_cli_test_app\n"


def test_app_group_accepts_bare_group_decorator(runner: CliRunner) -> None:
    group = AppGroup("tools")

    @group.group
    def nested() -> None:
        pass

    @nested.command()
    def leaf() -> None:
        click.echo("leaf " + current_app.name)

    assert isinstance(nested, AppGroup)
    assert group.commands["nested"] is nested
    obj = ScriptInfo(create_app=lambda: Flask("bare_group"))
    assert (
        runner.invoke(group, ["nested", "leaf"], obj=obj).output == "leaf bare_group\n"
    )
