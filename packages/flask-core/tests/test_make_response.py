"""Tests of ``Flask.make_response``: every form a view may return."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.datastructures import Headers
from werkzeug.test import Client
from werkzeug.wrappers import Response as WerkzeugResponse

import flask


class _StubJSONProvider:
    """Replaces the app's JSON provider so these tests need no flask-json."""

    def __init__(self) -> None:
        self.seen: list[t.Any] = []

    def response(self, *args: t.Any, **kwargs: t.Any) -> flask.Response:
        self.seen.append(args[0] if len(args) == 1 else args)
        return flask.Response(repr(args[0]), mimetype="application/json")

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        return repr(obj)


def _make(app: flask.Flask, rv: t.Any) -> flask.Response:
    with app.test_request_context():
        return app.make_response(rv)


@pytest.mark.parametrize("body", ["text", b"text", bytearray(b"text")])
def test_plain_bodies(app: flask.Flask, body: t.Any) -> None:
    response = _make(app, body)
    assert isinstance(response, app.response_class)
    assert response.data == b"text"
    assert response.status_code == 200
    assert response.mimetype == "text/html"


def test_unicode_body_is_utf8(app: flask.Flask) -> None:
    assert _make(app, "häppy").data == "häppy".encode()


def test_body_status_headers(app: flask.Flask) -> None:
    response = _make(app, ("created", 201, {"X-A": "1"}))
    assert (response.data, response.status_code) == (b"created", 201)
    assert response.headers["X-A"] == "1"


def test_body_status(app: flask.Flask) -> None:
    response = _make(app, ("gone", 410))
    assert response.status_code == 410


def test_status_as_string(app: flask.Flask) -> None:
    response = _make(app, ("teapot", "418 I AM A TEAPOT"))
    assert response.status == "418 I AM A TEAPOT"
    assert response.status_code == 418
    assert _make(app, ("x", "299")).status_code == 299


@pytest.mark.parametrize(
    "headers",
    [{"X-A": "1"}, [("X-A", "1")], (("X-A", "1"),), Headers({"X-A": "1"})],
)
def test_body_headers(app: flask.Flask, headers: t.Any) -> None:
    response = _make(app, ("body", headers))
    assert response.status_code == 200
    assert response.headers["X-A"] == "1"


def test_headers_extend_existing_response(app: flask.Flask) -> None:
    base = app.response_class("r", headers={"X-Old": "o"})
    response = _make(app, (base, 202, {"X-New": "n"}))
    assert response is base
    assert response.status_code == 202
    assert response.headers["X-Old"] == "o"
    assert response.headers["X-New"] == "n"


def test_header_values_replace_same_named(app: flask.Flask) -> None:
    base = app.response_class("r", headers={"X-Same": "old"})
    response = _make(app, (base, {"X-Same": "new"}))
    assert response.headers.getlist("X-Same") == ["new"]


def test_empty_headers_are_ignored(app: flask.Flask) -> None:
    response = _make(app, ("b", 200, {}))
    assert response.status_code == 200


def test_response_instance_is_returned_unchanged(app: flask.Flask) -> None:
    original = app.response_class("same")
    assert _make(app, original) is original


def test_werkzeug_response_is_converted(app: flask.Flask) -> None:
    plain = WerkzeugResponse("from werkzeug", status=203)
    response = _make(app, plain)
    assert isinstance(response, app.response_class)
    assert (response.status_code, response.data) == (203, b"from werkzeug")


def test_wsgi_callable(app: flask.Flask) -> None:
    def wsgi_app(environ: t.Any, start_response: t.Any) -> list[bytes]:
        start_response("206 PARTIAL CONTENT", [("X-W", "1")])
        return [b"from ", b"wsgi"]

    response = _make(app, wsgi_app)
    assert isinstance(response, app.response_class)
    assert response.status_code == 206
    assert response.headers["X-W"] == "1"
    assert response.data == b"from wsgi"


def test_generator_is_streamed(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> t.Any:
        def chunks() -> t.Iterator[str]:
            yield "a"
            yield "b"

        return chunks(), 207, {"X-G": "1"}

    response = client.get("/")
    assert response.status_code == 207
    assert response.headers["X-G"] == "1"
    assert response.data == b"ab"


def test_iterator_is_streamed(app: flask.Flask) -> None:
    response = _make(app, iter([b"x", b"y"]))
    assert response.is_streamed
    assert response.get_data() == b"xy"


def test_dict_and_list_go_through_app_json(app: flask.Flask) -> None:
    provider = _StubJSONProvider()
    app.json = t.cast(t.Any, provider)
    response = _make(app, {"a": 1})
    assert response.mimetype == "application/json"
    assert provider.seen == [{"a": 1}]
    _make(app, [1, 2])
    assert provider.seen[-1] == [1, 2]


def test_dict_with_status_and_headers(app: flask.Flask) -> None:
    app.json = t.cast(t.Any, _StubJSONProvider())
    response = _make(app, ({"a": 1}, 400, {"X-J": "j"}))
    assert response.status_code == 400
    assert response.headers["X-J"] == "j"
    assert response.mimetype == "application/json"


def test_none_is_an_error(app: flask.Flask, client: Client) -> None:
    @app.route("/nothing")
    def returns_nothing() -> t.Any:
        return None

    with pytest.raises(TypeError) as info:
        client.get("/nothing")
    assert "returned None" in str(info.value)
    assert "returns_nothing" in str(info.value)


def test_none_body_in_tuple_is_an_error(app: flask.Flask) -> None:
    with pytest.raises(TypeError, match="returned None"):
        _make(app, (None, 200))


@pytest.mark.parametrize("rv", [(), ("a",), ("a", 200, {}, "extra")])
def test_bad_tuple_sizes(app: flask.Flask, rv: tuple[t.Any, ...]) -> None:
    with pytest.raises(TypeError, match="tuple must have the form"):
        _make(app, rv)


@pytest.mark.parametrize(("rv", "type_name"), [(True, "bool"), (1.5, "float")])
def test_unsupported_types(app: flask.Flask, rv: t.Any, type_name: str) -> None:
    with pytest.raises(TypeError, match=f"it was a {type_name}"):
        _make(app, rv)


def test_callable_that_is_not_wsgi(app: flask.Flask) -> None:
    def not_wsgi() -> str:
        return "no"

    with pytest.raises(TypeError) as info:
        _make(app, not_wsgi)
    message = str(info.value)
    assert "it was a function" in message
    # Werkzeug's own complaint about calling it comes first.
    assert "positional argument" in message.splitlines()[0]


def test_custom_response_class(app: flask.Flask) -> None:
    class MyResponse(flask.Response):
        default_mimetype = "text/plain"

    app.response_class = MyResponse
    response = _make(app, "plain")
    assert isinstance(response, MyResponse)
    assert response.mimetype == "text/plain"
    converted = _make(app, flask.Response("base"))
    assert isinstance(converted, MyResponse)


def test_make_response_override_is_used(app: flask.Flask, client: Client) -> None:
    class Tagging(flask.Flask):
        def make_response(self, rv: t.Any) -> flask.Response:
            response = super().make_response(rv)
            response.headers["X-Tagged"] = "1"
            return response

    tagged = Tagging("tagging", root_path=app.root_path)
    tagged.add_url_rule("/", "index", lambda: "body")
    assert Client(tagged).get("/").headers["X-Tagged"] == "1"
