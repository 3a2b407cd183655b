"""Tests for flask.logging: the app logger and its default handler."""

from __future__ import annotations

import io
import logging
import sys
import typing as t

import pytest
from werkzeug.test import Client

import flask
from flask.logging import (
    create_logger,
    default_handler,
    has_level_handler,
    wsgi_errors_stream,
)


@pytest.fixture(autouse=True)
def isolated_logging(app: flask.Flask, pytestconfig: pytest.Config) -> t.Iterator[None]:
    """Give each test clean root and app loggers and restore them after.

    pytest's own log capturing puts handlers on the root logger while a test
    runs, which would count as "configured logging"; it is switched off for
    these tests.
    """
    capture = pytestconfig.pluginmanager.unregister(name="logging-plugin")
    root = logging.getLogger()
    app_logger = logging.getLogger(app.name)
    saved_root = (root.handlers[:], root.level)
    saved_app = (app_logger.handlers[:], app_logger.level, app_logger.propagate)
    root.handlers = []
    root.setLevel(logging.WARNING)
    app_logger.handlers = []
    app_logger.setLevel(logging.NOTSET)
    app_logger.propagate = True
    try:
        yield
    finally:
        root.handlers, level = saved_root
        root.setLevel(level)
        app_logger.handlers, level, app_logger.propagate = saved_app
        app_logger.setLevel(level)
        if capture is not None:
            pytestconfig.pluginmanager.register(capture, "logging-plugin")


class _FakeApp:
    """Only what create_logger reads."""

    def __init__(self, name: str, debug: bool = False) -> None:
        self.name = name
        self.debug = debug


@pytest.fixture
def fresh_name() -> t.Iterator[str]:
    name = "flask_core_logging_test_logger"
    logger = logging.getLogger(name)
    logger.handlers = []
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
    yield name
    logger.handlers = []
    logger.setLevel(logging.NOTSET)


# -- wsgi_errors_stream ------------------------------------------------------


def test_errors_stream_is_stderr_outside_request() -> None:
    assert wsgi_errors_stream._get_current_object() is sys.stderr  # type: ignore[attr-defined]


def test_errors_stream_follows_stderr_replacement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replacement = io.StringIO()
    monkeypatch.setattr(sys, "stderr", replacement)
    assert wsgi_errors_stream._get_current_object() is replacement  # type: ignore[attr-defined]


def test_errors_stream_is_wsgi_errors_in_request(app: flask.Flask) -> None:
    stream = io.StringIO()
    with app.test_request_context(errors_stream=stream):
        assert wsgi_errors_stream._get_current_object() is stream  # type: ignore[attr-defined]
    assert wsgi_errors_stream._get_current_object() is sys.stderr  # type: ignore[attr-defined]


def test_errors_stream_ignores_app_context_only(app: flask.Flask) -> None:
    with app.app_context():
        assert wsgi_errors_stream._get_current_object() is sys.stderr  # type: ignore[attr-defined]


# -- has_level_handler -------------------------------------------------------


def test_has_level_handler(fresh_name: str) -> None:
    logger = logging.getLogger(fresh_name)
    root = logging.getLogger()
    assert not has_level_handler(logger)

    handler = logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    assert has_level_handler(logger), "a root handler counts through propagation"

    logger.propagate = False
    assert not has_level_handler(logger)
    logger.propagate = True

    handler.setLevel(logging.ERROR)
    assert not has_level_handler(logger), "root is WARNING, handler only ERROR"
    logger.setLevel(logging.ERROR)
    assert has_level_handler(logger)


def test_has_level_handler_on_logger_itself(fresh_name: str) -> None:
    logger = logging.getLogger(fresh_name)
    logger.propagate = False
    logger.addHandler(logging.NullHandler())
    assert has_level_handler(logger)


# -- default_handler ---------------------------------------------------------


def test_default_handler_writes_to_errors_stream() -> None:
    assert isinstance(default_handler, logging.StreamHandler)
    assert default_handler.stream is wsgi_errors_stream
    record = logging.LogRecord(
        "name", logging.WARNING, "/x/some_module.py", 1, "watch out", None, None
    )
    formatted = default_handler.format(record)
    assert formatted.endswith("] WARNING in some_module: watch out")
    assert formatted.startswith("[")


# -- create_logger -----------------------------------------------------------


def test_create_logger_adds_default_handler(fresh_name: str) -> None:
    logger = create_logger(_FakeApp(fresh_name))  # type: ignore[arg-type]
    assert logger is logging.getLogger(fresh_name)
    assert default_handler in logger.handlers
    assert logger.level == logging.NOTSET


def test_create_logger_skips_default_handler_when_configured(fresh_name: str) -> None:
    logging.getLogger().addHandler(logging.StreamHandler(io.StringIO()))
    logger = create_logger(_FakeApp(fresh_name))  # type: ignore[arg-type]
    assert default_handler not in logger.handlers


def test_create_logger_debug_sets_level(fresh_name: str) -> None:
    logger = create_logger(_FakeApp(fresh_name, debug=True))  # type: ignore[arg-type]
    assert logger.level == logging.DEBUG


def test_create_logger_debug_keeps_explicit_level(fresh_name: str) -> None:
    logging.getLogger(fresh_name).setLevel(logging.ERROR)
    logger = create_logger(_FakeApp(fresh_name, debug=True))  # type: ignore[arg-type]
    assert logger.level == logging.ERROR


def test_app_logger(app: flask.Flask) -> None:
    assert app.logger is logging.getLogger(app.name)
    assert app.logger.name == app.name
    assert default_handler in app.logger.handlers


def test_app_logger_debug(app: flask.Flask) -> None:
    app.debug = True
    assert app.logger.level == logging.DEBUG


def test_log_goes_to_request_errors_stream(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        flask.current_app.logger.error("inside the view")
        return ""

    stream = io.StringIO()
    client.get("/", errors_stream=stream)
    assert "ERROR in test_logging: inside the view" in stream.getvalue()


def test_unhandled_exception_is_logged(app: flask.Flask, client: Client) -> None:
    app.testing = False

    @app.route("/fail")
    def fail() -> str:
        raise ValueError("broken view")

    stream = io.StringIO()
    response = client.get("/fail", errors_stream=stream)
    assert response.status_code == 500
    output = stream.getvalue()
    assert "Exception on /fail [GET]" in output
    assert "ValueError: broken view" in output
