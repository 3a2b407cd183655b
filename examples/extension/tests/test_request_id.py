"""The request ID itself: chosen, echoed, available to views, templates and logs."""

from __future__ import annotations

import logging
import re

import pytest
from werkzeug.test import Client

import flask
from conftest import make_app
from flask_request_id import EXTENSION_KEY, RequestID, RequestIDFilter, request_id

GENERATED = re.compile(r"[0-9a-f]{32}")


def test_a_new_id_is_generated_and_echoed(client: Client) -> None:
    response = client.get("/")
    sent = response.headers["X-Request-ID"]
    assert GENERATED.fullmatch(sent)
    assert response.get_data(as_text=True) == sent


def test_every_request_gets_its_own_id(client: Client) -> None:
    ids = {client.get("/").headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


def test_the_view_sees_the_id_in_g(client: Client) -> None:
    response = client.get("/g")
    assert response.get_data(as_text=True) == response.headers["X-Request-ID"]


def test_templates_can_call_request_id(client: Client) -> None:
    response = client.get("/template")
    assert response.get_data(as_text=True) == f"id={response.headers['X-Request-ID']}"


def test_a_well_formed_incoming_id_is_kept(client: Client) -> None:
    response = client.get("/", headers={"X-Request-ID": "proxy-7f3a:01"})
    assert response.headers["X-Request-ID"] == "proxy-7f3a:01"
    assert response.get_data(as_text=True) == "proxy-7f3a:01"


@pytest.mark.parametrize(
    "incoming",
    ["with space", "x" * 201, "caf\u00e9", ""],
    ids=["space", "too long", "not ASCII", "empty"],
)
def test_a_malformed_incoming_id_is_replaced(client: Client, incoming: str) -> None:
    response = client.get("/", headers={"X-Request-ID": incoming})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_incoming_ids_can_be_ignored() -> None:
    app = make_app(REQUEST_ID_TRUST_INCOMING=False)
    response = Client(app).get("/", headers={"X-Request-ID": "from-outside"})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_the_header_name_is_configurable() -> None:
    app = make_app(REQUEST_ID_HEADER="X-Correlation-ID")
    response = Client(app).get("/", headers={"X-Correlation-ID": "abc"})
    assert response.headers["X-Correlation-ID"] == "abc"
    assert "X-Request-ID" not in response.headers


def test_error_responses_carry_the_id_too() -> None:
    app = make_app()
    app.testing = False

    @app.get("/broken")
    def broken() -> str:
        raise RuntimeError("bug")

    client = Client(app, app.response_class)
    missing = client.get("/nowhere", headers={"X-Request-ID": "lost-1"})
    assert (missing.status_code, missing.headers["X-Request-ID"]) == (404, "lost-1")
    failed = client.get("/broken", headers={"X-Request-ID": "bug-1"})
    assert (failed.status_code, failed.headers["X-Request-ID"]) == (500, "bug-1")


def test_each_request_is_logged_with_its_id(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="flask_request_id")
    client.get("/nowhere", headers={"X-Request-ID": "log-me"})
    lines = [r.getMessage() for r in caplog.records if r.name == "flask_request_id"]
    assert lines == ["GET /nowhere 404 request_id=log-me"]


def test_logging_can_be_turned_off(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="flask_request_id")
    Client(make_app(REQUEST_ID_LOG=False)).get("/")
    assert [r for r in caplog.records if r.name == "flask_request_id"] == []


def test_app_log_records_carry_the_id(caplog: pytest.LogCaptureFixture) -> None:
    app = make_app()

    @app.get("/log")
    def log() -> str:
        app.logger.warning("inside")
        return "ok"

    Client(app).get("/log", headers={"X-Request-ID": "rec-1"})
    with app.app_context():
        app.logger.warning("outside")
    ids = {r.getMessage(): getattr(r, "request_id", None) for r in caplog.records}
    assert ids["inside"] == "rec-1"
    assert ids["outside"] == "-"


def test_the_filter_works_on_any_handler() -> None:
    record = logging.LogRecord("other", logging.INFO, __file__, 1, "m", None, None)
    assert RequestIDFilter().filter(record)
    assert record.request_id == "-"  # type: ignore[attr-defined]


def test_request_id_outside_a_request_is_an_error(app: flask.Flask) -> None:
    with app.app_context(), pytest.raises(RuntimeError, match="active request"):
        request_id()


def test_one_extension_object_serves_several_apps() -> None:
    extension = RequestID()
    first, second = flask.Flask("first"), flask.Flask("second")
    second.config["REQUEST_ID_HEADER"] = "X-Trace"
    for app in (first, second):
        extension.init_app(app)
        app.add_url_rule("/", "index", request_id)
    assert "X-Request-ID" in Client(first).get("/").headers
    assert "X-Trace" in Client(second).get("/").headers
    assert first.extensions[EXTENSION_KEY].header == "X-Request-ID"
    assert second.extensions[EXTENSION_KEY].header == "X-Trace"


def test_incoming_ids_are_ignored_unless_trusted() -> None:
    app = flask.Flask("untrusting")
    RequestID(app)
    app.add_url_rule("/", "index", request_id)
    response = Client(app).get("/", headers={"X-Request-ID": "chosen-by-client"})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_defaults_are_written_to_the_config() -> None:
    app = flask.Flask("defaults")
    RequestID(app)
    assert app.config["REQUEST_ID_HEADER"] == "X-Request-ID"
    assert app.config["REQUEST_ID_TRUST_INCOMING"] is False
    assert app.config["REQUEST_ID_SESSION"] is None
    assert app.config["REQUEST_ID_LOG"] is True
