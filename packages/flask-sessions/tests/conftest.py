"""Fixtures shared by the flask-sessions tests: a small app with a secret
key, and its test client."""

from __future__ import annotations

import typing as t

import pytest

import flask

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


@pytest.fixture
def app() -> flask.Flask:
    """A testing app with a secret key, so that sessions are signed."""
    application = flask.Flask("sessions_tests")
    application.config.update(TESTING=True, SECRET_KEY="test secret key")
    return application


@pytest.fixture
def client(app: flask.Flask) -> FlaskClient:
    """The test client of :func:`app`."""
    return app.test_client()
