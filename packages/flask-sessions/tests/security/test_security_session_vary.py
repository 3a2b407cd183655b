"""A response whose content may depend on the session cookie carries
``Vary: Cookie``, so that no shared cache hands one user's page to another
(the CVE-2023-30861 and CVE-2026-27205 class of bug).

Templates are where this is easiest to miss: a template reads the session
in ways no view does (printing it, ``|pprint``, ``|tojson``, loops,
filters), and the session class may not track reads at all, as with the
``dict`` subclass of the ``SessionInterface`` documentation's own pattern.
Every one of those ways, with the stock session and with such a plain one,
must vary on ``Cookie``.
"""

from __future__ import annotations

import typing as t

import pytest

import flask
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask.templating import render_template_string, stream_template_string


class PlainSession(dict, SessionMixin):  # type: ignore[type-arg]
    """A session class that records neither reads nor changes."""

    modified = False


class PlainInterface(SecureCookieSessionInterface):
    """The stock cookie storage with :class:`PlainSession`."""

    session_class = PlainSession  # type: ignore[assignment]


#: Every way a template can look at the session, each rendering something
#: that depends on it.
TEMPLATE_READS = {
    "get": "{{ session.get('user') }}",
    "item": "{{ session['user'] }}",
    "attribute": "{{ session.user }}",
    "print": "{{ session }}",
    "string filter": "{{ session|string }}",
    "pprint filter": "{{ session|pprint }}",
    "tojson filter": "{{ session|tojson }}",
    "concatenation": "{{ 'data: ' ~ session }}",
    "format": "{{ '%s'|format(session) }}",
    "loop": "{% for key in session %}{{ key }}{% endfor %}",
    "items": "{% for k, v in session.items() %}{{ k }}={{ v }}{% endfor %}",
    "keys": "{{ session.keys()|list }}",
    "values": "{{ session.values()|list }}",
    "in": "{{ 'user' in session }}",
    "not in": "{{ 'user' not in session }}",
    "length filter": "{{ session|length }}",
    "count filter": "{{ session|count }}",
    "truth": "{% if session %}yes{% else %}no{% endif %}",
    "comparison": "{{ session == {} }}",
    "dictsort filter": "{{ session|dictsort }}",
    "items filter": "{{ session|items|list }}",
    "list filter": "{{ session|list }}",
    "first filter": "{{ session|first }}",
    "join filter": "{{ session|join(',') }}",
    "default filter": "{{ session|default('none') }}",
    "permanent": "{{ session.permanent }}",
    "set": "{% set s = session %}{{ s.user }}",
    "macro": "{% macro show() %}{{ session.user }}{% endmacro %}{{ show() }}",
    "macro argument": "{% macro show(s) %}{{ s|length }}{% endmacro %}{{ show(session) }}",
    "block": "{% block body %}{{ session.user }}{% endblock %}",
    "conditional": "{{ 'in' if session.user else 'out' }}",
    "with": "{% with s = session %}{{ s }}{% endwith %}",
}

SESSION_CLASSES = {"stock session": None, "plain session": PlainInterface}


@pytest.fixture(params=SESSION_CLASSES.values(), ids=SESSION_CLASSES)
def template_app(request: pytest.FixtureRequest, app: flask.Flask) -> flask.Flask:
    """An app with the stock or the plain session class, a view that logs
    in and one view per template read."""
    if request.param is not None:
        app.session_interface = request.param()

    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        flask.session.modified = True  # the plain class cannot tell
        return ""

    @app.route("/read/<kind>")
    def read(kind: str) -> str:
        return render_template_string(TEMPLATE_READS[kind])

    @app.route("/stream/<kind>")
    def stream(kind: str) -> flask.Response:
        return flask.Response(stream_template_string(TEMPLATE_READS[kind]))

    @app.route("/ignore")
    def ignore() -> str:
        return render_template_string("{{ 'static' }} {{ request.path }}")

    return app


@pytest.mark.parametrize("kind", TEMPLATE_READS)
def test_every_template_read_varies_on_cookie(
    template_app: flask.Flask, kind: str
) -> None:
    client = template_app.test_client()
    client.get("/login")
    response = client.get(f"/read/{kind}")
    assert response.status_code == 200
    assert "Cookie" in response.vary, response.headers


@pytest.mark.parametrize("kind", ["get", "print", "loop", "in", "truth"])
def test_template_read_without_a_cookie_varies_too(
    template_app: flask.Flask, kind: str
) -> None:
    # The page a cookie-less client gets must not be served to the others.
    response = template_app.test_client().get(f"/read/{kind}")
    assert response.status_code == 200
    assert "Cookie" in response.vary


@pytest.mark.parametrize("kind", ["get", "print", "tojson filter", "loop"])
def test_streamed_template_varies_on_cookie(
    template_app: flask.Flask, kind: str
) -> None:
    client = template_app.test_client()
    client.get("/login")
    response = client.get(f"/stream/{kind}")
    assert response.status_code == 200
    assert "ada" in response.get_data(as_text=True) or kind == "loop"
    assert "Cookie" in response.vary


def test_template_that_does_not_name_the_session_does_not_vary(
    template_app: flask.Flask,
) -> None:
    client = template_app.test_client()
    client.get("/login")
    response = client.get("/ignore")
    assert response.data == b"static /ignore"
    assert "Cookie" not in response.vary


def test_template_files_included_and_extended_vary(
    template_app: flask.Flask, tmp_path: t.Any
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "base.html").write_text("[{% block body %}{% endblock %}]")
    (folder / "child.html").write_text(
        '{% extends "base.html" %}{% block body %}{% include "part.html" %}{% endblock %}'
    )
    (folder / "part.html").write_text("{{ session|tojson }}")
    template_app.template_folder = str(folder)

    @template_app.route("/file")
    def from_file() -> str:
        return flask.render_template("child.html")

    client = template_app.test_client()
    client.get("/login")
    response = client.get("/file")
    assert response.data == b'[{"user": "ada"}]'
    assert "Cookie" in response.vary


def test_session_printed_by_the_template_is_the_session(
    template_app: flask.Flask,
) -> None:
    client = template_app.test_client()
    client.get("/login")
    assert client.get("/read/tojson filter").data == b'{"user": "ada"}'
    assert client.get("/read/attribute").data == b"ada"
