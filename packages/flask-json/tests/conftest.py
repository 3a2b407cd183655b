"""Fixtures for flask-json's tests: a fresh app and its test client."""

from __future__ import annotations

import typing as t

import pytest

import flask
import flask._speedups as speedups

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


#: Why a test marked ``speedups`` does not run with the switch set.
_NEEDS_SPEEDUPS = (
    "checks that a speed shortcut is taken, which"
    f" {speedups.SWITCH}=1 turns off (flask-core's test_speedups_switch.py"
    " checks that)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "speedups: the test checks that a speed shortcut is taken, so it runs"
        " only with the shortcuts on",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if speedups.ENABLED:
        return
    skip = pytest.mark.skip(reason=_NEEDS_SPEEDUPS)
    for item in items:
        if item.get_closest_marker("speedups") is not None:
            item.add_marker(skip)
