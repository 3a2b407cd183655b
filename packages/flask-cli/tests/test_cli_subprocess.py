"""The ``flask`` command run for real, in a child process, against the
example apps in ``tests/apps``."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import socket
import subprocess
import sys
import time
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

import pytest

APPS = Path(__file__).parent / "apps"
FLASK_SCRIPT = Path(sys.executable).parent / "flask"


def child_environment(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FLASK_") and key not in {"PYTHONPATH", "PYTHONSTARTUP"}
    }
    env.update(extra)
    return env


def flask_command(
    *args: str,
    cwd: Path = APPS,
    stdin: str | None = None,
    use_script: bool = False,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    program = [str(FLASK_SCRIPT)] if use_script else [sys.executable, "-m", "flask"]
    return subprocess.run(
        [*program, *args],
        cwd=cwd,
        env=child_environment(**env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version() -> None:
    done = flask_command("--version")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Python {platform.python_version()}"
    assert lines[1].startswith(f"flask-core {importlib.metadata.version('flask-core')}")
    assert f"flask-cli {importlib.metadata.version('flask-cli')}" in lines
    assert lines[-1] == f"Werkzeug {importlib.metadata.version('werkzeug')}"


@pytest.mark.skipif(not FLASK_SCRIPT.exists(), reason="console script not installed")
def test_console_script() -> None:
    done = flask_command("--version", use_script=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Python ")


def test_help_lists_app_commands() -> None:
    done = flask_command("--app", "cli_demo_commands", "--help")
    assert done.returncode == 0, done.stderr
    for name in ("hello", "reports", "routes", "run", "shell", "show-debug"):
        assert name in done.stdout


def test_routes_table() -> None:
    done = flask_command("--app", "cli_demo_commands", "routes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Endpoint  Methods    Rule                   ",
        "--------  ---------  -----------------------",
        "greet     GET, POST  /greet/<name>          ",
        "static    GET        /static/<path:filename>",
    ]


def test_routes_sorted_by_rule_with_all_methods() -> None:
    done = flask_command(
        "-A", "cli_demo_commands", "routes", "-s", "rule", "--all-methods"
    )
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[2:]
    assert rows[0].split() == [
        "greet",
        "GET,",
        "HEAD,",
        "OPTIONS,",
        "POST",
        "/greet/<name>",
    ]


@pytest.mark.parametrize(
    ("args", "cwd", "expected_route"),
    [
        ((), APPS / "cli_demo_wsgi", "/wsgi"),
        ((), APPS / "cli_demo_appfile", "/hello"),
        (("--app", "cli_demo_pkg.app"), APPS, "/"),
        (("--app", "cli_demo_pkg.app:testapp"), APPS, "/"),
        (("--app", "cli_demo_pkg/app.py:testapp"), APPS, "/"),
        (
            ("--app", str(APPS / "cli_demo_appfile" / "app.py")),
            APPS / "cli_demo_empty",
            "/hello",
        ),
        (("--app", "app:create_app()"), APPS / "cli_demo_appfile", "/hello"),
    ],
)
def test_discovery_forms(args: tuple[str, ...], cwd: Path, expected_route: str) -> None:
    done = flask_command(*args, "routes", cwd=cwd)
    assert done.returncode == 0, done.stderr
    rules = [line.split()[-1] for line in done.stdout.splitlines()[2:]]
    assert expected_route in rules


def test_app_named_by_environment_variable() -> None:
    done = flask_command("hello", "env", FLASK_APP="cli_demo_commands")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Hello, env from cli_demo_commands\n"


@pytest.mark.parametrize(
    ("app", "expected_name"),
    [
        ("cli_demo_pkg.factory:create_app2('one', 'two')", "app2_one_two"),
        ("cli_demo_pkg.factory:create_named(name='kw', suffix='!')", "kw!"),
        ("cli_demo_pkg.factory", "app"),
    ],
)
def test_factory_forms_in_shell(app: str, expected_name: str) -> None:
    done = flask_command("--app", app, "shell", stdin="print('name=' + app.name)\n")
    assert done.returncode == 0, done.stderr
    assert f"name={expected_name}" in done.stdout
    assert f"App: {expected_name}" in done.stderr  # the banner


def test_custom_command_with_arguments() -> None:
    done = flask_command("--app", "cli_demo_commands", "hello", "world", "--shout")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "HELLO, WORLD FROM CLI_DEMO_COMMANDS\n"


def test_blueprint_group_command() -> None:
    done = flask_command("--app", "cli_demo_commands", "reports", "daily")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "daily report for cli_demo_commands\n"


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("--debug", "debug=True FLASK_DEBUG=1"),
        ("--no-debug", "debug=False FLASK_DEBUG=0"),
    ],
)
def test_debug_flag(flag: str, expected: str) -> None:
    done = flask_command("--app", "cli_demo_commands", flag, "show-debug")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


def test_env_files_loaded() -> None:
    app_file = str(APPS / "cli_demo_commands.py")
    cwd = APPS / "cli_demo_dotenv"
    done = flask_command("--app", app_file, "show-env", "SHARED", cwd=cwd)
    assert done.stdout == "SHARED=from_env\n", done.stderr
    done = flask_command(
        "-e", "custom.env", "--app", app_file, "show-env", "SHARED", cwd=cwd
    )
    assert done.stdout == "SHARED=from_custom\n", done.stderr
    done = flask_command(
        "--app", app_file, "show-env", "SHARED", cwd=cwd, FLASK_SKIP_DOTENV="1"
    )
    assert done.stdout == "SHARED=None\n", done.stderr


def test_flaskenv_can_name_the_app(tmp_path: Path) -> None:
    (tmp_path / ".flaskenv").write_text(f"FLASK_APP={APPS / 'cli_demo_commands.py'}\n")
    done = flask_command("hello", "dotenv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Hello, dotenv from cli_demo_commands\n"


def test_no_app_found() -> None:
    done = flask_command("routes", cwd=APPS / "cli_demo_empty")
    assert done.returncode == 2
    assert "Error: No Flask application was found" in done.stderr
    assert "FLASK_APP" in done.stderr


def test_unknown_command_without_app() -> None:
    done = flask_command("frobnicate", cwd=APPS / "cli_demo_empty")
    assert done.returncode == 2
    assert "No such command 'frobnicate'" in done.stderr
    assert "Usage:" in done.stderr


def test_import_error_inside_app_module() -> None:
    done = flask_command("--app", "cli_demo_pkg.raising_import", "routes")
    assert done.returncode == 2
    assert "raised an ImportError" in done.stderr
    assert "raised on purpose while importing" in done.stderr


def test_invalid_app_syntax() -> None:
    done = flask_command("--app", "cli_demo_pkg.factory:create_app(", "routes")
    assert done.returncode == 2
    assert "neither an attribute name nor a call" in done.stderr


# -- a real development server ----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_when_ready(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return t.cast(bytes, response.read()).decode()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_run_serves_requests() -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "cli_demo_commands",
            "run",
            "--port",
            str(port),
        ],
        cwd=APPS,
        env=child_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = fetch_when_ready(
            f"http://127.0.0.1:{port}/greet/visitor", time.monotonic() + 30
        )
        assert body == "visitor"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert " * Serving Flask app 'cli_demo_commands'" in output
    assert " * Debug mode: off" in output


def test_unguarded_app_run_is_ignored() -> None:
    done = flask_command("--app", "cli_demo_unguarded_run", "ping")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "pong"
