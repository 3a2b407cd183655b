"""The run command: its options, certificate checks, the banner, and the
call to Werkzeug's development server."""

from __future__ import annotations

import os
import ssl
import sys
import types
import typing as t
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import flask.cli
from flask import Flask
from flask.cli import (
    CertParamType,
    FlaskGroup,
    ScriptInfo,
    SeparatedPathType,
    _validate_key,
    run_command,
    show_server_banner,
)

THIS_FILE = os.path.abspath(__file__)


def parse_run(*args: str) -> click.Context:
    return run_command.make_context("run", list(args))


# -- options ------------------------------------------------------------------------


def test_run_options_and_defaults() -> None:
    names = [param.name for param in run_command.params]
    assert names[0] == "debug"
    assert names[1:] == [
        "host",
        "port",
        "cert",
        "key",
        "reload",
        "debugger",
        "with_threads",
        "extra_files",
        "exclude_patterns",
    ]
    params = parse_run().params
    assert params["host"] == "127.0.0.1"
    assert params["port"] == 5000
    assert params["reload"] is None
    assert params["debugger"] is None
    assert params["with_threads"] is True
    assert params["cert"] is None
    assert params["extra_files"] is None
    assert params["exclude_patterns"] is None
    assert "key" not in params


def test_short_options() -> None:
    params = parse_run("-h", "0.0.0.0", "-p", "8080").params
    assert (params["host"], params["port"]) == ("0.0.0.0", 8080)


# -- --cert and --key -----------------------------------------------------------------


def test_cert_file_needs_key() -> None:
    with pytest.raises(click.BadParameter, match="--cert"):
        parse_run("--cert", THIS_FILE)


def test_key_needs_cert() -> None:
    with pytest.raises(click.BadParameter, match="--cert"):
        parse_run("--key", THIS_FILE)


@pytest.mark.parametrize(
    "args",
    [
        ("--cert", THIS_FILE, "--key", THIS_FILE),
        ("--key", THIS_FILE, "--cert", THIS_FILE),
    ],
)
def test_cert_and_key_pair(args: tuple[str, ...]) -> None:
    assert parse_run(*args).params["cert"] == (THIS_FILE, THIS_FILE)


def test_cert_path_is_resolved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "c.pem").write_text("cert")
    (tmp_path / "k.pem").write_text("key")
    monkeypatch.chdir(tmp_path)
    cert = parse_run("--cert", "c.pem", "--key", "k.pem").params["cert"]
    assert cert == (
        str((tmp_path / "c.pem").resolve()),
        str((tmp_path / "k.pem").resolve()),
    )


def test_cert_must_exist_as_file(tmp_path: Path) -> None:
    with pytest.raises(click.BadParameter):
        parse_run("--cert", str(tmp_path / "missing.pem"))
    with pytest.raises(click.BadParameter):
        parse_run("--cert", str(tmp_path), "--key", THIS_FILE)


def test_adhoc_needs_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(click.BadParameter, match="cryptography"):
        parse_run("--cert", "adhoc")


def test_adhoc_with_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", types.ModuleType("cryptography"))
    assert parse_run("--cert", "adhoc").params["cert"] == "adhoc"
    assert parse_run("--cert", "AdHoc").params["cert"] == "adhoc"
    with pytest.raises(click.BadParameter, match="adhoc"):
        parse_run("--cert", "adhoc", "--key", THIS_FILE)


def test_ssl_context_by_import_name(monkeypatch: pytest.MonkeyPatch) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    monkeypatch.setitem(sys.modules, "cli_demo_ssl_context", context)
    assert parse_run("--cert", "cli_demo_ssl_context").params["cert"] is context
    with pytest.raises(click.BadParameter, match="SSLContext"):
        parse_run("--cert", "cli_demo_ssl_context", "--key", THIS_FILE)


@pytest.mark.parametrize("value", ["cli_demo_not_importable", "flask", "os.path"])
def test_cert_import_that_is_not_a_context(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setitem(sys.modules, "cli_demo_not_importable", None)
    with pytest.raises(click.BadParameter):
        parse_run("--cert", value)


def test_cert_without_ssl_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ssl", None)
    with pytest.raises(click.BadParameter, match="SSL support"):
        parse_run("--cert", THIS_FILE)


def test_cert_param_type_basics() -> None:
    cert_type = CertParamType()
    assert cert_type.name == "path"
    assert isinstance(cert_type.path_type, click.Path)
    assert cert_type.convert(THIS_FILE, None, None) == THIS_FILE


def test_validate_key_directly() -> None:
    ctx = click.Context(run_command)
    param = next(p for p in run_command.params if p.name == "key")
    assert _validate_key(ctx, param, None) is None
    ctx.params["cert"] = "cert.pem"
    assert _validate_key(ctx, param, "key.pem") == "key.pem"
    assert ctx.params["cert"] == ("cert.pem", "key.pem")


# -- --extra-files and --exclude-patterns -----------------------------------------------


def test_separated_path_type_splits(tmp_path: Path) -> None:
    value = os.pathsep.join(["a.py", "b.py", str(tmp_path)])
    assert SeparatedPathType().convert(value, None, None) == [
        "a.py",
        "b.py",
        str(tmp_path),
    ]


def test_separated_path_type_checks_each_path(tmp_path: Path) -> None:
    path_type = SeparatedPathType(exists=True)
    with pytest.raises(click.BadParameter):
        path_type.convert(
            os.pathsep.join([THIS_FILE, str(tmp_path / "no")]), None, None
        )


def test_extra_files_and_exclude_patterns() -> None:
    params = parse_run(
        "--extra-files",
        os.pathsep.join([THIS_FILE, "settings.cfg"]),
        "--exclude-patterns",
        "*.tmp",
    ).params
    assert params["extra_files"] == [THIS_FILE, "settings.cfg"]
    assert params["exclude_patterns"] == ["*.tmp"]


# -- show_server_banner ------------------------------------------------------------------


def test_banner(capsys: pytest.CaptureFixture[str]) -> None:
    show_server_banner(True, "project.web:app")
    assert capsys.readouterr().out == (
        " * Serving Flask app 'project.web:app'\n * Debug mode: on\n"
    )
    show_server_banner(False, None)
    assert capsys.readouterr().out == " * Debug mode: off\n"


def test_banner_silent_in_reloader_child(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(flask.cli, "is_running_from_reloader", lambda: True)
    show_server_banner(True, "app")
    assert capsys.readouterr().out == ""


# -- running ------------------------------------------------------------------------------


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, t.Any]]:
    calls: list[dict[str, t.Any]] = []

    def fake_run_simple(
        hostname: str, port: int, application: t.Any, **options: t.Any
    ) -> None:
        calls.append(
            dict(hostname=hostname, port=port, application=application, **options)
        )

    monkeypatch.setattr(flask.cli, "run_simple", fake_run_simple)
    return calls


def test_run_serves_the_app(
    runner: CliRunner, served: list[dict[str, t.Any]], app: Flask
) -> None:
    group = FlaskGroup(create_app=lambda: app)
    result = runner.invoke(group, ["run", "--port", "5123", "--without-threads"])
    assert result.exit_code == 0, result.output
    (call,) = served
    assert call["hostname"] == "127.0.0.1"
    assert call["port"] == 5123
    assert call["application"] is app
    assert call["use_reloader"] is False
    assert call["use_debugger"] is False
    assert call["threaded"] is False
    assert call["ssl_context"] is None
    assert call["extra_files"] is None
    assert call["exclude_patterns"] is None
    assert " * Debug mode: off" in result.output


@pytest.mark.parametrize("where", ["group", "command"])
def test_debug_turns_on_reloader_and_debugger(
    runner: CliRunner, served: list[dict[str, t.Any]], app: Flask, where: str
) -> None:
    args = ["--debug", "run"] if where == "group" else ["run", "--debug"]
    result = runner.invoke(FlaskGroup(create_app=lambda: app), args)
    assert result.exit_code == 0, result.output
    assert served[0]["use_reloader"] is True
    assert served[0]["use_debugger"] is True
    assert " * Debug mode: on" in result.output


def test_explicit_switches_beat_debug(
    runner: CliRunner, served: list[dict[str, t.Any]], app: Flask
) -> None:
    group = FlaskGroup(create_app=lambda: app)
    runner.invoke(group, ["--debug", "run", "--no-reload", "--no-debugger"])
    runner.invoke(group, ["--no-debug", "run", "--reload", "--debugger"])
    assert [(c["use_reloader"], c["use_debugger"]) for c in served] == [
        (False, False),
        (True, True),
    ]


def test_run_passes_certificate(
    runner: CliRunner, served: list[dict[str, t.Any]], app: Flask
) -> None:
    group = FlaskGroup(create_app=lambda: app)
    result = runner.invoke(group, ["run", "--cert", THIS_FILE, "--key", THIS_FILE])
    assert result.exit_code == 0, result.output
    assert served[0]["ssl_context"] == (THIS_FILE, THIS_FILE)


def test_banner_names_the_import_path(
    runner: CliRunner, served: list[dict[str, t.Any]], apps_dir: Path
) -> None:
    result = runner.invoke(FlaskGroup(), ["--app", "cli_demo_commands", "run"])
    assert result.exit_code == 0, result.output
    assert " * Serving Flask app 'cli_demo_commands'" in result.output
    assert served[0]["application"].name == "cli_demo_commands"


def test_load_failure_stops_the_command(
    runner: CliRunner, served: list[dict[str, t.Any]]
) -> None:
    def create_app() -> Flask:
        raise RuntimeError("cannot build")

    result = runner.invoke(FlaskGroup(create_app=create_app), ["run"])
    assert isinstance(result.exception, RuntimeError)
    assert served == []


def test_load_failure_in_reloader_child_is_served(
    runner: CliRunner,
    served: list[dict[str, t.Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(flask.cli, "is_running_from_reloader", lambda: True)

    def create_app() -> Flask:
        raise RuntimeError("syntax being fixed")

    result = runner.invoke(FlaskGroup(create_app=create_app), ["run"])
    assert result.exit_code == 0, result.output
    standin = served[0]["application"]
    with pytest.raises(RuntimeError, match="syntax being fixed"):
        standin({}, lambda *args: None)


def test_run_command_alone_uses_script_info(
    runner: CliRunner, served: list[dict[str, t.Any]], app: Flask
) -> None:
    result = runner.invoke(run_command, [], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert served[0]["application"] is app
