"""Fixtures for flask-testing's tests."""

from __future__ import annotations

import pytest

import flask
from flask.testing import FlaskClient


@pytest.fixture
def app() -> flask.Flask:
    """A new app in testing mode."""
    application = flask.Flask("flask_testing_tests")
    application.testing = True
    return application


@pytest.fixture
def client(app: flask.Flask) -> FlaskClient:
    """The app's test client."""
    return app.test_client()
