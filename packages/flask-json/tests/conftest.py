"""Fixtures for flask-json's tests: a fresh app and its test client."""

from __future__ import annotations

import typing as t

import pytest

import flask

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


@pytest.fixture
def app() -> flask.Flask:
    """A new app in testing mode."""
    application = flask.Flask("flask_json_tests")
    application.testing = True
    return application


@pytest.fixture
def client(app: flask.Flask) -> FlaskClient:
    """flask-testing's client for :func:`app`."""
    return app.test_client()
