"""flask-core must work without any add-on distribution.

Each test runs a script in a fresh interpreter whose import path holds only
flask-core's source tree and a folder exposing Werkzeug, Jinja and
MarkupSafe: no add-on source tree, no site-packages (so neither click,
itsdangerous, blinker nor asgiref can be imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import typing as t
from pathlib import Path

import jinja2
import markupsafe
import pytest
import werkzeug

CORE_SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def isolated_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PYTHONPATH with flask-core and its three required dependencies only."""
    deps = tmp_path_factory.mktemp("core-deps")
    for module in (werkzeug, jinja2, markupsafe):
        package_dir = Path(t.cast(str, module.__file__)).parent
        (deps / package_dir.name).symlink_to(package_dir, target_is_directory=True)
    return os.pathsep.join([str(CORE_SRC), str(deps)])


def run_isolated(isolated_path: str, tmp_path: Path, body: str) -> str:
    """Run ``body`` in an interpreter limited to ``isolated_path``; return
    its output, failing the test with its stderr if it fails."""
    script = tmp_path / "standalone_script.py"
    script.write_text(textwrap.dedent(body))
    environ = {
        "PYTHONPATH": isolated_path,
        "PYTHONNOUSERSITE": "1",
        "PATH": os.environ.get("PATH", ""),
        "STANDALONE_ROOT": str(tmp_path),
    }
    completed = subprocess.run(
        [sys.executable, "-S", "-s", str(script)],
        env=environ,
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_import_loads_no_addon_or_optional_dependency(
    isolated_path: str, tmp_path: Path
) -> None:
    output = run_isolated(
        isolated_path,
        tmp_path,
        """
        import importlib.util
        import sys

        import flask

        assert [p for p in flask.__path__] == [flask.__path__[0]], flask.__path__
        for name in ("click", "itsdangerous", "blinker", "asgiref"):
            assert importlib.util.find_spec(name) is None, f"{name} is importable"
        loaded = sorted(
            name
            for name in sys.modules
            if name.split(".")[0] in {"click", "itsdangerous", "blinker", "asgiref"}
            or name in {"flask.json", "flask.sessions", "flask.signals",
                        "flask.cli", "flask.testing"}
        )
        assert loaded == [], loaded
        flask.Flask("standalone")
        print("import-ok")
        """,
    )
    assert output.strip() == "import-ok"


def test_text_and_html_app_works(isolated_path: str, tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.js").write_text("run();")
    output = run_isolated(
        isolated_path,
        tmp_path,
        """
        import os
        import sys

        from werkzeug.test import Client

        import flask
        from flask import seams
        from flask.templating import render_template_string

        app = flask.Flask("standalone", root_path=os.environ["STANDALONE_ROOT"])
        app.testing = True
        torn_down = []
        app.teardown_request(torn_down.append)

        @app.before_request
        def remember() -> None:
            flask.g.seen = flask.request.path

        @app.route("/")
        def index() -> str:
            return "<h1>Hello</h1>"

        @app.route("/hello/<name>")
        def hello(name: str) -> str:
            return render_template_string(
                "<p>{{ name }} at {{ url_for('hello', name=name) }} ({{ g.seen }})</p>",
                name=name,
            )

        @app.route("/session")
        def read_session() -> str:
            return f"session has {len(flask.session)} keys"

        pages = flask.Blueprint("pages", __name__, url_prefix="/pages")
        pages.add_url_rule("/about", "about", lambda: "about us")
        app.register_blueprint(pages)

        @app.route("/created")
        def created() -> tuple[str, int, dict[str, str]]:
            return "made", 201, {"X-Kind": "text"}

        client = Client(app, app.response_class)
        response = client.get("/")
        assert response.status_code == 200, response.status
        assert response.mimetype == "text/html"
        assert response.data == b"<h1>Hello</h1>"

        response = client.get("/hello/<ann>")
        assert response.data == (
            b"<p>&lt;ann&gt; at /hello/%3Cann%3E (/hello/&lt;ann&gt;)</p>"
        ), response.data

        assert client.get("/session").data == b"session has 0 keys"
        response = client.get("/created")
        assert (response.status_code, response.headers["X-Kind"]) == (201, "text")
        assert client.get("/pages/about").data == b"about us"
        assert client.get("/missing").status_code == 404
        response = client.get("/static/app.js")
        assert response.data == b"run();"
        response.close()
        assert torn_down == [None] * 7, torn_down

        with app.test_request_context("/hello/x"):
            assert flask.url_for("index", _external=True) == "http://localhost/"

        assert seams.signal_hub is None
        for name in ("click", "itsdangerous", "blinker"):
            assert name not in sys.modules, name
        print("app-ok")
        """,
    )
    assert output.strip() == "app-ok"


def test_missing_features_name_their_distribution(
    isolated_path: str, tmp_path: Path
) -> None:
    output = run_isolated(
        isolated_path,
        tmp_path,
        """
        import importlib
        import os

        from werkzeug.test import Client

        import flask
        from flask import seams

        app = flask.Flask("standalone", root_path=os.environ["STANDALONE_ROOT"])
        app.testing = True

        def expect_missing(distribution, action):
            try:
                action()
            except seams.MissingDistributionError as error:
                assert error.distribution == distribution, error.distribution
                assert isinstance(error, ModuleNotFoundError)
            else:
                raise AssertionError(f"{distribution} feature worked")

        @app.route("/data")
        def data() -> dict[str, int]:
            return {"a": 1}

        @app.route("/store")
        def store() -> str:
            flask.session["user"] = "ann"
            return "stored"

        @app.route("/tojson")
        def tojson() -> str:
            from flask.templating import render_template_string

            return render_template_string("{{ [1] | tojson }}")

        @app.route("/async")
        async def async_view() -> str:
            return "never"

        client = Client(app, app.response_class)
        expect_missing("flask-json", lambda: client.get("/data"))
        expect_missing("flask-json", lambda: client.get("/tojson"))
        expect_missing("flask-sessions", lambda: client.get("/store"))
        expect_missing("flask-testing", app.test_client)
        expect_missing("flask-testing", app.test_cli_runner)
        expect_missing("flask-cli", lambda: app.cli)
        for module, distribution in [
            ("flask.json", "flask-json"),
            ("flask.sessions", "flask-sessions"),
            ("flask.signals", "flask-signals"),
            ("flask.cli", "flask-cli"),
            ("flask.testing", "flask-testing"),
        ]:
            expect_missing(distribution, lambda: importlib.import_module(module))
        try:
            flask.request_started
        except seams.MissingDistributionAttributeError as error:
            assert error.distribution == "flask-signals", error.distribution
            assert isinstance(error, AttributeError)
        else:
            raise AssertionError("flask.request_started worked")
        assert not hasattr(flask, "request_started")
        expect_missing(
            "flask-signals", lambda: exec("from flask import request_started", {})
        )

        try:
            client.get("/async")
        except RuntimeError as error:
            assert "'python -m pip install asgiref'" in str(error), error
        else:
            raise AssertionError("async view ran without asgiref")
        print("missing-ok")
        """,
    )
    assert output.strip() == "missing-ok"
