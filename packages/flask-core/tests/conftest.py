"""Fixtures for flask-core's own tests.

These tests run with flask-core alone, so they drive apps with Werkzeug's
test client rather than flask-testing's.
"""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.test import Client

import flask
import flask._speedups as speedups

#: Why a test marked ``speedups`` does not run with the switch set.
_NEEDS_SPEEDUPS = (
    "checks that the app takes a speed shortcut, which"
    f" {speedups.SWITCH}=1 turns off (test_speedups_switch.py checks that)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "speedups: the test checks that a request takes a speed shortcut of"
        " flask._speedups, so it runs only with the shortcuts on",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if speedups.ENABLED:
        return
    skip = pytest.mark.skip(reason=_NEEDS_SPEEDUPS)
    for item in items:
        if item.get_closest_marker("speedups") is not None:
            item.add_marker(skip)


@pytest.fixture
def app(tmp_path: t.Any) -> flask.Flask:
    """A fresh app rooted in a temporary folder, in testing mode."""
    application = flask.Flask("flask_core_test_app", root_path=str(tmp_path))
    application.testing = True
    return application


@pytest.fixture
def client(app: flask.Flask) -> Client:
    """Werkzeug's test client, returning the app's response class."""
    return Client(app, app.response_class)


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
