"""Every wheel installed together: each add-on module imports and works."""

from __future__ import annotations

import json
import textwrap

from support import Environment, Wheel


def _modules(wheel: Wheel) -> list[str]:
    names = []
    for path in sorted(wheel.files):
        if path.endswith(".py"):
            module = path[: -len(".py")].replace("/", ".")
            names.append(module.removesuffix(".__init__"))
    return names


def test_every_module_of_every_wheel_imports(
    everything: Environment, wheelhouse: dict[str, Wheel]
) -> None:
    modules = sorted(
        m
        for wheel in wheelhouse.values()
        for m in _modules(wheel)
        if m != "flask.__main__"  # running it would start the command line
    )
    assert "flask.json" in modules
    code = textwrap.dedent(
        f"""
        import importlib, json
        failures = {{}}
        for name in {modules!r}:
            try:
                importlib.import_module(name)
            except Exception as error:
                failures[name] = f"{{type(error).__name__}}: {{error}}"
        print(json.dumps(failures))
        """
    )
    assert json.loads(everything.python_code(code).stdout) == {}


def test_addon_names_are_served_by_the_package(everything: Environment) -> None:
    code = textwrap.dedent(
        """
        import flask
        import flask.json, flask.signals, flask.sessions, flask.testing, flask.cli
        assert flask.jsonify is flask.json.jsonify
        assert flask.request_started is flask.signals.request_started
        print("ok")
        """
    )
    assert everything.python_code(code).stdout.strip() == "ok"


def test_full_app_uses_every_addon(everything: Environment) -> None:
    code = textwrap.dedent(
        """
        import json
        import flask

        app = flask.Flask("full_demo")
        app.secret_key = "integration"
        seen = []

        def on_started(sender, **extra):
            seen.append(sender.name)

        flask.request_started.connect(on_started, app)

        @app.post("/remember")
        def remember():
            flask.session["value"] = flask.request.get_json()["value"]
            return {"stored": True}

        @app.get("/recall")
        def recall():
            return flask.jsonify(value=flask.session.get("value"))

        client = app.test_client()
        stored = client.post("/remember", json={"value": 42})
        recalled = client.get("/recall")
        print(json.dumps([stored.get_json(), recalled.get_json(), seen]))
        """
    )
    stored, recalled, started = json.loads(everything.python_code(code).stdout)
    assert stored == {"stored": True}
    assert recalled == {"value": 42}
    assert started == ["full_demo", "full_demo"]


def test_python_dash_m_flask_runs_the_command_line(everything: Environment) -> None:
    result = everything.python_code(
        "import runpy, sys; sys.argv = ['flask', '--help'];"
        " runpy.run_module('flask', run_name='__main__')",
    )
    assert "Usage" in result.stdout
