"""flask-core installed alone, from its wheel: a working, lean ``flask``."""

from __future__ import annotations

import json
import socket
import subprocess
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from support import Environment

# Which distribution each add-on module must name when it is missing.
ADDON_MODULES = {
    "flask.json": "flask-json",
    "flask.json.provider": "flask-json",
    "flask.json.tag": "flask-json",
    "flask.sessions": "flask-sessions",
    "flask.signals": "flask-signals",
    "flask.cli": "flask-cli",
    "flask.testing": "flask-testing",
}

TEXT_APP = textwrap.dedent(
    """
    import flask

    app = flask.Flask("text_demo")

    @app.route("/")
    def index():
        return "hello from flask-core alone"

    @app.route("/greet/<name>")
    def greet(name):
        return flask.Response(f"hi {name}", mimetype="text/plain")
    """
)


#: Top-level packages ``import flask`` must not load with flask-core alone:
#: the add-ons' dependencies, and Jinja (loaded on first template use).
NOT_LOADED_BY_IMPORT = ("click", "itsdangerous", "blinker", "jinja2", "dotenv")


def test_import_loads_no_optional_dependency(core_only: Environment) -> None:
    result = core_only.python_code(
        "import flask, sys, json; print(json.dumps(sorted(m for m in sys.modules"
        f" if m.split('.')[0] in {NOT_LOADED_BY_IMPORT!r})))"
    )
    assert json.loads(result.stdout) == []


def test_app_without_templates_never_loads_jinja(core_only: Environment) -> None:
    code = TEXT_APP + textwrap.dedent(
        """
        import sys
        from werkzeug.test import Client
        Client(app, app.response_class).get("/greet/ada")
        print(sorted(m for m in sys.modules if m.split(".")[0] == "jinja2"))
        """
    )
    assert core_only.python_code(code).stdout.strip() == "[]"


def test_first_template_loads_jinja(core_only: Environment) -> None:
    code = textwrap.dedent(
        """
        import sys
        import flask
        assert "jinja2" not in sys.modules
        app = flask.Flask("templating")
        with app.app_context():
            print(flask.render_template_string("{{ 6 * 7 }}"))
        print("jinja2" in sys.modules)
        """
    )
    assert core_only.python_code(code).stdout.split() == ["42", "True"]


def test_import_loads_no_addon_module_even_when_all_are_installed(
    everything: Environment,
) -> None:
    result = everything.python_code(
        "import flask, sys, json;"
        " print(json.dumps(sorted(m for m in sys.modules"
        " if m in flask.seams.ADDON_MODULES"
        f" or m.split('.')[0] in {NOT_LOADED_BY_IMPORT!r})))"
    )
    assert json.loads(result.stdout) == []


def test_import_loads_no_addon_module(core_only: Environment) -> None:
    result = core_only.python_code(
        "import flask, sys, json;"
        " print(json.dumps(sorted(m for m in sys.modules"
        " if m in flask.seams.ADDON_MODULES)))"
    )
    assert json.loads(result.stdout) == []


def test_only_core_is_installed(core_only: Environment) -> None:
    result = core_only.python_code(
        "import importlib.metadata as m, json;"
        " print(json.dumps(sorted(d.metadata['Name'] for d in m.distributions())))"
    )
    names = {n.lower() for n in json.loads(result.stdout)}
    assert "flask-core" in names
    assert not names & {
        "flask-json",
        "flask-sessions",
        "flask-cli",
        "flask-testing",
        "flask-signals",
        "flask-full",
        "flask",
        "click",
        "itsdangerous",
        "blinker",
    }


def test_text_app_serves_through_werkzeug_client(core_only: Environment) -> None:
    code = TEXT_APP + textwrap.dedent(
        """
        from werkzeug.test import Client
        client = Client(app, app.response_class)
        first = client.get("/")
        second = client.get("/greet/ada")
        missing = client.get("/nowhere")
        print(first.status_code, first.get_data(as_text=True))
        print(second.status_code, second.mimetype, second.get_data(as_text=True))
        print(missing.status_code)
        """
    )
    lines = core_only.python_code(code).stdout.splitlines()
    assert lines == [
        "200 hello from flask-core alone",
        "200 text/plain hi ada",
        "404",
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_text_app_serves_on_the_dev_server(
    core_only: Environment, tmp_path: Path
) -> None:
    port = _free_port()
    script = tmp_path / "serve.py"
    script.write_text(TEXT_APP + f'\napp.run(host="127.0.0.1", port={port})\n')
    server = subprocess.Popen(
        [str(core_only.python), str(script)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/greet/grace"
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        if body is None:
            server.kill()
            output = server.communicate(timeout=10)[0]
            pytest.fail(f"the dev server did not answer:\n{output}")
        assert body == "hi grace"
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.mark.parametrize("module", sorted(ADDON_MODULES))
def test_missing_addon_import_names_its_distribution(
    core_only: Environment, module: str
) -> None:
    code = textwrap.dedent(
        f"""
        import json
        import flask.seams
        try:
            import {module}
        except flask.seams.MissingDistributionError as error:
            print(json.dumps([type(error).__name__, error.distribution, str(error),
                              isinstance(error, ModuleNotFoundError)]))
        else:
            print(json.dumps(None))
        """
    )
    outcome = json.loads(core_only.python_code(code).stdout)
    assert outcome is not None, f"import {module} succeeded with flask-core alone"
    kind, distribution, message, is_module_error = outcome
    assert kind == "MissingDistributionError"
    assert distribution == ADDON_MODULES[module]
    assert ADDON_MODULES[module] in message
    assert is_module_error


@pytest.mark.parametrize(
    ("name", "distribution"),
    [
        ("jsonify", "flask-json"),
        ("json", "flask-json"),
        ("sessions", "flask-sessions"),
        ("cli", "flask-cli"),
        ("signals", "flask-signals"),
        ("request_started", "flask-signals"),
    ],
)
def test_missing_addon_attribute_names_its_distribution(
    core_only: Environment, name: str, distribution: str
) -> None:
    code = textwrap.dedent(
        f"""
        import flask
        assert not hasattr(flask, {name!r})
        assert getattr(flask, {name!r}, "default") == "default"
        try:
            from flask import {name}
        except flask.seams.MissingDistributionError as error:
            assert error.distribution == {distribution!r}, error.distribution
        else:
            raise AssertionError("from flask import {name} worked")
        try:
            flask.{name}
        except flask.seams.MissingDistributionAttributeError as error:
            print(error.distribution)
        else:
            print("available")
        """
    )
    assert core_only.python_code(code).stdout.strip() == distribution


def test_python_dash_m_flask_names_flask_cli(core_only: Environment) -> None:
    result = subprocess.run(
        [str(core_only.python), "-m", "flask", "--version"],
        cwd=core_only.path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "flask-cli" in result.stderr
