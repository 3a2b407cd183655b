"""``MODULAR_FLASK_NO_SPEEDUPS=1`` turns every speed shortcut off.

A fresh interpreter (the switch is read once, when ``flask`` is imported)
serves a set of requests that between them reach every shortcut (plain and
streamed responses, JSON, templates, the session, error pages, URL matching
and building, forms, blueprint hooks) while a profiler records each function called from a
speedups module: ``flask/_speedups/``, ``flask/json/_speedups.py`` and
``flask/_session_speedups.py``. With the switch set none is called; without
it each module is, which shows that the requests do reach them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from flask import seams

#: Served in the child interpreter; prints the speedups modules (file names
#: below ``flask/``) whose functions ran while the requests were served.
_SERVE_AND_RECORD = textwrap.dedent(
    """
    import json, os, sys
    import flask
    from flask import seams
    from werkzeug.test import Client

    app = flask.Flask("switch")
    app.secret_key = "k"
    shop = flask.Blueprint("shop", __name__)

    @shop.before_request
    def before():
        flask.g.seen = True

    @shop.route("/item")
    def item():
        return "item"

    app.register_blueprint(shop, url_prefix="/shop")

    @app.route("/")
    def hello():
        return "Hello"

    @app.route("/stream")
    def stream():
        return iter(["a", "b"])

    @app.route("/page")
    def page():
        return flask.render_template_string(
            "{{ d.name }} {{ f() }} {{ session.get('n') }}",
            d={"name": "n"},
            f=lambda: "called",
        )

    @app.route("/form", methods=["POST"])
    def form():
        return flask.request.form["a"] + flask.url_for("hello")

    @app.route("/gone")
    def gone():
        flask.abort(404)

    # Imported before recording, as what runs at import is no request's work.
    import flask.templating
    if seams.is_installed("flask.json"):
        import flask.json.tag
        @app.route("/json")
        def data():
            return {"a": [1, 2]}

    if seams.is_installed("flask.sessions"):
        import flask.sessions
        @app.route("/count")
        def count():
            flask.session["n"] = flask.session.get("n", 0) + 1
            return str(flask.session["n"])

    urls = ["/", "/stream", "/page", "/gone", "/missing", "/shop/item"]
    urls += ["/json"] * seams.is_installed("flask.json")
    urls += ["/count", "/page"] * seams.is_installed("flask.sessions")
    client = Client(app, flask.Response)
    called = set()
    package = os.sep + "flask" + os.sep
    exempt = {"sha1_digest"}  # the session's digest, not a shortcut

    def record(frame, event, arg):
        if event != "call":
            return
        code = frame.f_code
        path = code.co_filename
        if package in path and "_speedups" in path and code.co_name not in exempt:
            name = path.rpartition(package)[2].replace(os.sep, "/")
            called.add(name)

    for _ in range(2):  # the second round meets what the first remembered
        sys.setprofile(record)
        try:
            for url in urls:
                client.get(url).close()
            client.post("/form", data={"a": "1"}).close()
        finally:
            sys.setprofile(None)
    print(json.dumps(sorted(called)))
    """
)


def _speedups_modules_called(switch: str | None) -> set[str]:
    env = dict(os.environ)
    env.pop("MODULAR_FLASK_NO_SPEEDUPS", None)
    if switch is not None:
        env["MODULAR_FLASK_NO_SPEEDUPS"] = switch
    completed = subprocess.run(
        [sys.executable, "-c", _SERVE_AND_RECORD],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return set(json.loads(completed.stdout))


def _expected_modules() -> set[str]:
    modules = {
        "_speedups/__init__.py",
        "_speedups/adapters.py",
        "_speedups/dispatch.py",
        "_speedups/error_pages.py",
        "_speedups/forms.py",
        "_speedups/matcher.py",
        "_speedups/rendering.py",
        "_speedups/responses.py",
        "_speedups/rule_builders.py",
        "_speedups/templates.py",
    }
    if seams.is_installed("flask.json"):
        modules.add("json/_speedups.py")
    if seams.is_installed("flask.sessions"):
        modules.add("_session_speedups.py")
    return modules


@pytest.mark.parametrize("switch", [None, "", "0"])
def test_the_shortcuts_are_taken_unless_switched_off(switch: str | None) -> None:
    assert _speedups_modules_called(switch) == _expected_modules()


@pytest.mark.parametrize("switch", ["1", "yes"])
def test_the_switch_turns_every_shortcut_off(switch: str) -> None:
    assert _speedups_modules_called(switch) == set()
