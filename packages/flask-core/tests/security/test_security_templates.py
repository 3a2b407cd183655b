"""Templates: modular Flask's quicker attribute lookup and call path
(``flask._template_runtime``) never stand in for a sandbox's checks, so the
Jinja sandbox escapes fixed upstream stay fixed with Flask's environment
combined with a :class:`~jinja2.sandbox.SandboxedEnvironment`, in either
base order; and the app's environment keeps Jinja's other fixes."""

from __future__ import annotations

import pathlib
import typing as t

import pytest
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from werkzeug.test import Client

import flask
from flask.templating import Environment

#: Templates that reached Python internals through ``str.format`` before
#: Jinja's fixes: CVE-2019-10906 (``format_map``), CVE-2024-56326 (an
#: indirect reference to ``format`` handed to a filter that calls it) and
#: CVE-2025-27516 (``format`` selected with the ``attr`` filter).
ESCAPES = {
    "CVE-2016-10745 format": "{{ '{0.__class__.__mro__}'.format(1) }}",
    "CVE-2019-10906 format_map": "{{ '{x.__class__.__mro__}'.format_map({'x': 1}) }}",
    "CVE-2024-56326 indirect format": (
        "{{ '{0.__class__.__mro__}'.format | call_with(1) }}"
    ),
    "CVE-2025-27516 attr filter": (
        "{{ ('{0.__class__.__mro__}' | attr('format'))(1) }}"
    ),
    "attribute walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
}


def _call_with(function: t.Callable[..., t.Any], *args: t.Any) -> t.Any:
    """A filter of the kind CVE-2024-56326 needs: it calls its input."""
    return function(*args)


@pytest.fixture(params=["flask first", "sandbox first"])
def sandboxed_app(request: pytest.FixtureRequest, app: flask.Flask) -> flask.Flask:
    bases = (
        (Environment, SandboxedEnvironment)
        if request.param == "flask first"
        else (SandboxedEnvironment, Environment)
    )
    app.jinja_environment = type("Sandboxed", bases, {})  # type: ignore[assignment]
    app.add_template_filter(_call_with, "call_with")
    return app


@pytest.mark.parametrize("source", ESCAPES.values(), ids=ESCAPES)
def test_sandbox_escapes_stay_closed(sandboxed_app: flask.Flask, source: str) -> None:
    with sandboxed_app.test_request_context():
        try:
            rendered = flask.render_template_string(source)
        except SecurityError:
            return
    assert "object" not in rendered and "class" not in rendered, rendered


@pytest.mark.parametrize("key", ["a b", "a/b", "a>b", "a=b", "a\tb"])
def test_xmlattr_refuses_keys_that_break_out_of_the_tag(
    app: flask.Flask, key: str
) -> None:
    # CVE-2024-22195 and CVE-2024-34064.
    with app.test_request_context(), pytest.raises(ValueError):
        flask.render_template_string("<p{{ a|xmlattr }}>", a={key: "v"})


def test_template_file_name_is_not_code(
    app: flask.Flask, tmp_path: pathlib.Path
) -> None:
    # CVE-2024-56201: a template whose name holds ``{...}`` and whose import
    # fails had its name evaluated as an f-string by the compiler.
    folder = tmp_path / "templates"
    folder.mkdir()
    name = "page{[][1]}.html"
    (folder / name).write_text('{% from "macros.html" import absent %}[{{ absent }}]')
    (folder / "macros.html").write_text("{% macro present() %}{% endmacro %}")

    @app.route("/")
    def index() -> str:
        return flask.render_template(name)

    assert Client(app).get("/").data == b"[]"


def test_autoescape_covers_what_a_client_sends(app: flask.Flask) -> None:
    @app.route("/greet")
    def greet() -> str:
        name = flask.request.args["name"]
        return flask.render_template_string("<p>{{ name }}</p>", name=name)

    response = Client(app).get("/greet?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert b"<script>" not in response.data
    assert b"&lt;script&gt;" in response.data
