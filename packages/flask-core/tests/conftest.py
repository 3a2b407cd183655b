"""Fixtures for flask-core's own tests.

These tests run with flask-core alone, so they drive apps with Werkzeug's
test client rather than flask-testing's.
"""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.test import Client

import flask


@pytest.fixture
def app(tmp_path: t.Any) -> flask.Flask:
    """A fresh app rooted in a temporary folder, in testing mode."""
    application = flask.Flask("flask_core_test_app", root_path=str(tmp_path))
    application.testing = True
    return application


class ClosingClient(Client):
    """Werkzeug's test client, keeping every response it returns so that they
    can be closed after the test (a file response holds its file open until
    it is closed)."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.responses: list[t.Any] = []

    def open(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Make a request, remembering its response."""
        response = super().open(*args, **kwargs)
        self.responses.append(response)
        return response


@pytest.fixture
def client(app: flask.Flask) -> t.Iterator[Client]:
    """Werkzeug's test client, returning the app's response class; every
    response it gave is closed after the test."""
    client = ClosingClient(app, app.response_class)
    yield client
    for response in client.responses:
        response.close()


@pytest.fixture
def app_ctx(app: flask.Flask) -> t.Iterator[flask.ctx.AppContext]:
    """An application context pushed for the test's duration."""
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def req_ctx(app: flask.Flask) -> t.Iterator[flask.ctx.RequestContext]:
    """A request context for ``GET /`` pushed for the test's duration."""
    with app.test_request_context() as ctx:
        yield ctx
