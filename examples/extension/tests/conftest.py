"""Fixtures: a small app using the extension, and Werkzeug's test client.

The tests run with flask-core alone as well as with flask-full, so they use
Werkzeug's client (flask-testing may be missing) and views that return text
(flask-json may be missing).
"""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.test import Client

import flask
from flask_request_id import RequestID, first_request_id, request_id


def make_app(**config: t.Any) -> flask.Flask:
    """An app with two views, configured with ``config``, then the extension."""
    app = flask.Flask("request_id_test_app")
    # The tests send IDs of their own, to recognise them in the answers.
    config.setdefault("REQUEST_ID_TRUST_INCOMING", True)
    app.config.update(TESTING=True, **config)

    @app.get("/")
    def index() -> str:
        return request_id()

    @app.get("/g")
    def from_g() -> str:
        return str(flask.g.request_id)

    @app.get("/first")
    def first() -> str:
        return str(first_request_id())

    @app.get("/template")
    def template() -> str:
        return flask.render_template_string("id={{ request_id() }}")

    RequestID(app)
    return app


@pytest.fixture
def app() -> flask.Flask:
    """The app with the default settings and a secret key."""
    return make_app(SECRET_KEY="tests")


@pytest.fixture
def client(app: flask.Flask) -> Client:
    """A test client that keeps cookies."""
    return Client(app, app.response_class)
