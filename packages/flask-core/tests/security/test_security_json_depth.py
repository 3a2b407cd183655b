"""A JSON body nested too deeply to parse is a bad request (400), whatever
module or provider parses it, never a server error (500) from the parser's
:exc:`RecursionError`. The providers of flask-json are tested with it in
flask-json's own security tests."""

from __future__ import annotations

import json
import typing as t

import pytest
from werkzeug.test import Client

import flask

DEEP_BODIES = {
    "arrays 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "objects and arrays 5,000 deep": '{"a":[' * 5_000 + "1" + "]}" * 5_000,
    "unclosed 100,000 deep": "[" * 100_000,
}


class StandardLibraryRequest(flask.Request):
    """A request parsing JSON with the standard library (flask-json may
    be absent here)."""

    json_module = json


@pytest.fixture
def json_app(app: flask.Flask) -> flask.Flask:
    app.testing = False
    app.request_class = StandardLibraryRequest
    # Without flask-json nothing else is asked; with it, its provider is.

    @app.route("/loud", methods=["POST"])
    def loud() -> str:
        return type(flask.request.get_json()).__name__

    @app.route("/silent", methods=["POST"])
    def silent() -> str:
        return repr(flask.request.get_json(silent=True))

    @app.route("/property", methods=["POST"])
    def property_access() -> str:
        return type(flask.request.json).__name__

    return app


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES)
def test_deeply_nested_body_is_a_bad_request(json_app: flask.Flask, body: str) -> None:
    client = Client(json_app)
    for path in ("/loud", "/property"):
        response = client.post(path, data=body, content_type="application/json")
        assert response.status_code == 400
    response = client.post("/silent", data=body, content_type="application/json")
    assert response.data == b"None"


def test_nesting_within_the_parser_limit_is_read(json_app: flask.Flask) -> None:
    body = "[" * 200 + "]" * 200
    response = Client(json_app).post(
        "/loud", data=body, content_type="application/json"
    )
    assert response.data == b"list"


def test_on_json_loading_failed_decides_for_deep_bodies(app: flask.Flask) -> None:
    seen: list[t.Any] = []

    class Lenient(StandardLibraryRequest):
        def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
            seen.append(e)
            return {"fallback": True}

    app.request_class = Lenient

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        return repr(flask.request.get_json())

    body = DEEP_BODIES["arrays 100,000 deep"]
    response = Client(app).post("/", data=body, content_type="application/json")
    assert response.data == b"{'fallback': True}"
    assert isinstance(seen[0], ValueError)
    assert "nested too deeply" in str(seen[0])
