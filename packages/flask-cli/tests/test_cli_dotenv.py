"""load_dotenv, the -e/--env-file option and _path_is_ancestor."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from flask import Flask
from flask.cli import FlaskGroup, _path_is_ancestor, load_dotenv

VARIABLES = (
    "SHARED",
    "ONLY_ENV",
    "ONLY_FLASKENV",
    "ONLY_CUSTOM",
    "UNICODE_VALUE",
    "PRESET",
)


@pytest.fixture(autouse=True)
def _unset_file_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def dotenv_dir(apps_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = apps_dir / "cli_demo_dotenv"
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def without_dotenv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dotenv", None)


def test_defaults_and_precedence(
    dotenv_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESET", "from_environment")
    assert load_dotenv() is True
    assert Path.cwd() == dotenv_dir
    assert os.environ["SHARED"] == "from_env"  # .env beats .flaskenv
    assert os.environ["ONLY_ENV"] == "1"
    assert os.environ["ONLY_FLASKENV"] == "yes"
    assert os.environ["PRESET"] == "from_environment"  # never overwritten
    assert os.environ["UNICODE_VALUE"] == "caf\u00e9"  # read as UTF-8
    assert "ONLY_CUSTOM" not in os.environ


def test_named_file_beats_defaults(dotenv_dir: Path) -> None:
    assert load_dotenv("custom.env") is True
    assert os.environ["SHARED"] == "from_custom"
    assert os.environ["ONLY_CUSTOM"] == "custom"
    assert os.environ["ONLY_ENV"] == "1"


def test_named_file_alone(dotenv_dir: Path) -> None:
    assert load_dotenv(dotenv_dir / "custom.env", load_defaults=False) is True
    assert os.environ["SHARED"] == "from_custom"
    assert "ONLY_ENV" not in os.environ
    assert "ONLY_FLASKENV" not in os.environ


def test_defaults_found_from_a_subfolder(
    dotenv_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(dotenv_dir / "nested" / "deeper")
    assert load_dotenv() is True
    assert os.environ["ONLY_FLASKENV"] == "yes"
    assert os.environ["SHARED"] == "from_env"


def test_nothing_to_load(tmp_path: Path) -> None:
    assert load_dotenv() is False
    assert load_dotenv("does-not-exist", load_defaults=False) is False
    assert load_dotenv(tmp_path / "missing.env") is False


def test_absolute_path_does_not_change_directory(dotenv_dir: Path) -> None:
    start = Path.cwd()
    load_dotenv(dotenv_dir / ".flaskenv", load_defaults=False)
    assert Path.cwd() == start
    assert os.environ["SHARED"] == "from_flaskenv"


@pytest.mark.usefixtures("without_dotenv")
def test_missing_dotenv_with_files_gives_a_tip(
    dotenv_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load_dotenv() is False
    assert "SHARED" not in os.environ
    captured = capsys.readouterr()
    assert "Tip" in captured.err
    assert "python-dotenv" in captured.err
    assert captured.out == ""


@pytest.mark.usefixtures("without_dotenv")
def test_missing_dotenv_with_named_file_gives_a_tip(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load_dotenv("some.env") is False
    assert "python-dotenv" in capsys.readouterr().err


@pytest.mark.usefixtures("without_dotenv")
def test_missing_dotenv_without_files_is_silent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert load_dotenv() is False
    assert capsys.readouterr().err == ""


# -- through the flask group -----------------------------------------------------------


def env_group(**options: object) -> FlaskGroup:
    group = FlaskGroup(create_app=lambda: Flask("env_app"), **options)  # type: ignore[arg-type]

    @group.command()
    @click.argument("name")
    def show(name: str) -> None:
        click.echo(f"{name}={os.environ.get(name)}")

    return group


def test_group_loads_default_files(runner: CliRunner, dotenv_dir: Path) -> None:
    assert runner.invoke(env_group(), ["show", "SHARED"]).output == "SHARED=from_env\n"


def test_group_can_skip_default_files(runner: CliRunner, dotenv_dir: Path) -> None:
    result = runner.invoke(env_group(load_dotenv=False), ["show", "SHARED"])
    assert result.output == "SHARED=None\n"


def test_skip_dotenv_variable(
    runner: CliRunner, dotenv_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SKIP_DOTENV", "1")
    result = runner.invoke(env_group(), ["show", "ONLY_ENV"])
    assert result.output == "ONLY_ENV=None\n"


@pytest.mark.parametrize("flag", ["-e", "--env-file"])
def test_env_file_option(runner: CliRunner, dotenv_dir: Path, flag: str) -> None:
    result = runner.invoke(env_group(), [flag, "custom.env", "show", "SHARED"])
    assert result.output == "SHARED=from_custom\n"


def test_env_file_option_without_defaults(runner: CliRunner, dotenv_dir: Path) -> None:
    group = env_group(load_dotenv=False)
    result = runner.invoke(group, ["-e", "custom.env", "show", "ONLY_ENV"])
    assert result.output == "ONLY_ENV=None\n"
    assert os.environ["ONLY_CUSTOM"] == "custom"


def test_env_file_must_exist(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(env_group(), ["-e", "nope.env", "show", "X"])
    assert result.exit_code == 2
    assert "nope.env" in result.stderr


def test_env_file_can_name_the_app(
    runner: CliRunner, apps_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "app.env").write_text("FLASK_APP=cli_demo_commands\n")
    result = runner.invoke(FlaskGroup(), ["-e", "app.env", "hello", "envfile"])
    assert result.exit_code == 0, result.output
    assert result.output == "Hello, envfile from cli_demo_commands\n"


@pytest.mark.usefixtures("without_dotenv")
def test_env_file_needs_dotenv(runner: CliRunner, dotenv_dir: Path) -> None:
    result = runner.invoke(env_group(), ["-e", "custom.env", "show", "SHARED"])
    assert result.exit_code == 2
    assert "python-dotenv" in result.stderr


@pytest.mark.usefixtures("without_dotenv")
def test_group_without_dotenv_still_runs(runner: CliRunner, dotenv_dir: Path) -> None:
    result = runner.invoke(env_group(), ["show", "SHARED"])
    assert result.exit_code == 0
    assert result.stdout == "SHARED=None\n"
    assert "Tip" in result.stderr


# -- _path_is_ancestor -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "other", "expected"),
    [
        ("/a/b", "/a/b/c", True),
        ("/a/b", "/a/b/c/d.env", True),
        ("/a/b/", "/a/b/c", True),
        ("/a/b", "/a/b", False),
        ("/a/b", "/a/bc", False),
        ("/a/b", "/x/a/b", False),
        ("/a/b/c", "/a/b", False),
    ],
)
def test_path_is_ancestor(path: str, other: str, expected: bool) -> None:
    if os.sep != "/":  # pragma: no cover - the cases are written for POSIX
        path, other = path.replace("/", os.sep), other.replace("/", os.sep)
    assert _path_is_ancestor(path, other) is expected


def test_custom_context_object_is_kept(runner: CliRunner, dotenv_dir: Path) -> None:
    custom = {"mine": True}

    @click.group(cls=FlaskGroup, context_settings={"obj": custom})
    def cli() -> None:
        pass

    @cli.command(with_appcontext=False)
    @click.pass_obj
    def show(obj: object) -> None:
        click.echo(f"{obj} {os.environ.get('SHARED')}")

    result = runner.invoke(cli, ["show"])
    assert result.exit_code == 0, result.output
    assert result.output == "{'mine': True} from_env\n"
