"""The response shortcuts (building a buffered response, sending a plain
buffered response to the server) give byte for byte what Werkzeug's general
code gives."""

from __future__ import annotations

import contextlib
import typing as t

import pytest
from werkzeug.datastructures import Headers
from werkzeug.exceptions import NotFound
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Response as WerkzeugResponse

import flask
import flask._speedups as speedups
from flask._speedups import responses as quick_responses
from flask._speedups.error_pages import error_response
from flask._speedups.responses import ResponseBody, send_response
from flask.wrappers import Response, _builds_plainly


def _environ(method: str = "GET") -> dict[str, t.Any]:
    builder = EnvironBuilder(path="/", method=method)
    try:
        return builder.get_environ()
    finally:
        builder.close()


class _Started:
    """A ``start_response`` that records what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []

    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], object]:
        self.calls.append((status, headers))
        return lambda data: None


def _sent(
    send: t.Callable[..., t.Iterable[bytes]],
    response: t.Any,
    method: str = "GET",
) -> tuple[str, list[tuple[str, str]], bytes, list[str]]:
    """Status, headers, body and close-time events of sending ``response``."""
    events: list[str] = []
    response.call_on_close(lambda: events.append("closed"))
    started = _Started()
    body_iter = send(response, _environ(method), started)
    (status, headers), *rest = started.calls
    assert not rest
    body = b"".join(body_iter)
    events.append("consumed")
    close = getattr(body_iter, "close", None)
    if close is not None:
        close()
    return status, headers, body, events


def _through_werkzeug(
    response: t.Any, environ: t.Any, start_response: t.Any
) -> t.Iterable[bytes]:
    return WerkzeugResponse.__call__(response, environ, start_response)  # type: ignore[no-any-return]


class _CustomHeaders(WerkzeugResponse):
    def get_wsgi_headers(self, environ: t.Any) -> Headers:
        headers = super().get_wsgi_headers(environ)
        headers["X-Custom"] = "yes"
        return headers


class _AbsoluteLocation(Response):
    autocorrect_location_header = True


class _NoLength(Response):
    automatically_set_content_length = False


def _with_raw_header(value: t.Any) -> Response:
    response = Response("body")
    response.headers._list.append(("X-Raw", value))
    return response


#: name -> a function making a fresh response of that kind.
RESPONSES: dict[str, t.Callable[[], t.Any]] = {
    "text": lambda: Response("Hello, World!"),
    "unicode": lambda: Response("h\u00e9llo \u2603"),
    "bytes": lambda: Response(b"\x00\xff raw"),
    "empty": lambda: Response(),
    "json mimetype": lambda: Response('{"a": 1}\n', mimetype="application/json"),
    "chunk list": lambda: Response([b"one", b"two", b""]),
    "str chunks": lambda: Response(["one", "two"]),
    "mixed chunks": lambda: Response([b"one", "two"]),
    "tuple chunks": lambda: Response((b"one", b"two")),
    "bytearray": lambda: Response(bytearray(b"array")),
    "generator": lambda: Response(chunk for chunk in [b"a", b"b"]),
    "iterator": lambda: Response(iter([b"a", "b"])),
    "created": lambda: Response("made", status=201),
    "status text": lambda: Response("odd", status="299 Whatever"),
    "status only text": lambda: Response("odd", status="nonsense"),
    "unknown code": lambda: Response("odd", status=599),
    "no content": lambda: Response("dropped", status=204),
    "not modified": lambda: Response(
        "dropped", status=304, headers={"ETag": '"x"', "Content-Type": "text/plain"}
    ),
    "informational": lambda: Response("dropped", status=102),
    "relative location": lambda: Response(
        "moved", status=302, headers={"Location": "/caf\u00e9 page"}
    ),
    "absolute location": lambda: _AbsoluteLocation(
        "moved", status=302, headers={"Location": "/target"}
    ),
    "content location": lambda: Response(
        "here", headers={"Content-Location": "/\u00fcber"}
    ),
    "lower-case location": lambda: Response(
        "moved", status=301, headers=[("location", "/a b")]
    ),
    "own length": lambda: Response("abc", headers={"Content-Length": "99"}),
    "lower-case own length": lambda: Response("abc", headers=[("content-length", "7")]),
    "no automatic length": lambda: _NoLength("abc"),
    "several headers": lambda: Response(
        "x",
        headers=[("X-One", "1"), ("X-Two", "2"), ("X-One", "3")],
        content_type="text/plain",
    ),
    "cookie": lambda: _with_cookie(Response("c")),
    "passthrough": lambda: Response([b"raw"], direct_passthrough=True),
    "custom wsgi headers": lambda: _CustomHeaders("custom"),
    "werkzeug response": lambda: WerkzeugResponse("plain werkzeug"),
    "non-str header value": lambda: _with_raw_header(5),
}


def _with_cookie(response: Response) -> Response:
    response.set_cookie("name", "value", httponly=True)
    return response


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
@pytest.mark.parametrize("kind", sorted(RESPONSES))
def test_sent_exactly_as_werkzeug_sends(kind: str, method: str) -> None:
    make = RESPONSES[kind]
    expected = _sent(_through_werkzeug, make(), method)
    assert _sent(send_response, make(), method) == expected


@pytest.mark.parametrize("value", ["line\nbreak", "carriage\rreturn"])
def test_header_values_werkzeug_rejects_are_still_rejected(value: str) -> None:
    with pytest.raises(ValueError, match="line break"):
        send_response(_with_raw_header(value), _environ(), _Started())


def test_plain_response_skips_werkzeug_wsgi_machinery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_run(self: t.Any, environ: t.Any) -> t.NoReturn:
        raise AssertionError("the shortcut should have been taken")

    monkeypatch.setattr(WerkzeugResponse, "get_wsgi_headers", must_not_run)
    monkeypatch.setattr(WerkzeugResponse, "get_app_iter", must_not_run)
    started = _Started()
    body = send_response(Response("fast"), _environ(), started)
    assert isinstance(body, ResponseBody)
    assert list(body) == [b"fast"]
    assert started.calls == [
        (
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "4")],
        )
    ]


def test_body_is_an_iterator_that_closes_the_response() -> None:
    response = Response([b"a", b"b"])
    closed: list[bool] = []
    response.call_on_close(lambda: closed.append(True))
    body = send_response(response, _environ(), _Started())
    assert iter(body) is body
    assert next(iter(body)) == b"a"
    assert next(body) == b"b"
    with pytest.raises(StopIteration):
        next(body)
    assert not closed
    t.cast(ResponseBody, body).close()
    assert closed == [True]


def test_close_callback_registered_after_sending_still_runs() -> None:
    response = Response("late")
    body = send_response(response, _environ(), _Started())
    late: list[str] = []
    response.call_on_close(lambda: late.append("ran"))
    t.cast(ResponseBody, body).close()
    assert late == ["ran"]


def test_instance_override_of_wsgi_method_is_honoured() -> None:
    response = Response("body")
    original = response.get_wsgi_headers

    def with_marker(environ: t.Any) -> Headers:
        headers = original(environ)
        headers["X-Marker"] = "1"
        return headers

    response.get_wsgi_headers = with_marker  # type: ignore[method-assign]
    started = _Started()
    send_response(response, _environ(), started)
    assert ("X-Marker", "1") in started.calls[0][1]


def test_subclass_overriding_wsgi_methods_is_called_as_usual() -> None:
    assert not quick_responses._sends_plainly.accepts(_CustomHeaders)
    assert quick_responses._sends_plainly.accepts(Response)
    assert quick_responses._sends_plainly.accepts(_AbsoluteLocation)
    assert not quick_responses._sends_plainly.accepts(object)


@pytest.mark.speedups
def test_app_sends_through_the_shortcut(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    @app.route("/")
    def index() -> str:
        return "hi"

    @app.route("/moved")
    def moved() -> t.Any:
        return flask.redirect("/caf\u00e9")

    calls: list[str] = []
    original = WerkzeugResponse.get_wsgi_headers

    def counting(self: t.Any, environ: t.Any) -> Headers:
        calls.append(self.status)
        return original(self, environ)

    monkeypatch.setattr(WerkzeugResponse, "get_wsgi_headers", counting)
    client = Client(app, WerkzeugResponse)
    plain = client.get("/")
    assert plain.data == b"hi"
    assert plain.headers["Content-Length"] == "2"
    assert calls == []
    redirect = client.get("/moved")
    assert redirect.headers["Location"] == "/caf%C3%A9"
    assert calls == ["302 FOUND"]


def test_streamed_body_is_encoded_lazily_and_stopped_on_close() -> None:
    produced: list[str] = []

    def chunks() -> t.Iterator[t.Any]:
        produced.append("first")
        yield "caf\u00e9"
        produced.append("second")
        yield b"!"

    response = Response(chunks())
    body = send_response(response, _environ(), _Started())
    assert isinstance(body, ResponseBody)
    assert produced == []
    assert next(iter(body)) == b"caf\xc3\xa9"
    body.close()
    assert produced == ["first"]
    assert list(body) == []


@pytest.mark.speedups
def test_app_streams_through_the_shortcut(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    @app.route("/stream")
    def stream() -> t.Any:
        return iter(["a", b"b"])

    def must_not_run(self: t.Any, environ: t.Any) -> t.NoReturn:
        raise AssertionError("the shortcut should have been taken")

    monkeypatch.setattr(WerkzeugResponse, "get_wsgi_headers", must_not_run)
    streamed = Client(app, WerkzeugResponse).get("/stream")
    assert streamed.data == b"ab"
    assert "Content-Length" not in streamed.headers


# -- building responses ------------------------------------------------------


def _built_by_werkzeug(cls: type[Response], *args: t.Any, **kwargs: t.Any) -> t.Any:
    response = cls.__new__(cls)
    WerkzeugResponse.__init__(response, *args, **kwargs)
    return response


def _state(response: t.Any) -> list[tuple[str, t.Any]]:
    state = vars(response)
    return [
        (name, list(value) if name == "headers" else value)
        for name, value in state.items()
    ] + [("headers type", type(state["headers"]))]


@pytest.mark.parametrize(
    ("body", "mimetype", "content_type"),
    [
        ("Hello", None, None),
        ("", None, None),
        ("\u2603 snow", None, None),
        (b"\x00bytes", None, None),
        ('{"a": 1}\n', "application/json", None),
        ("plain", "text/plain", None),
        ("xml", None, "application/xml"),
    ],
)
def test_built_exactly_as_werkzeug_builds(
    body: t.Any, mimetype: str | None, content_type: str | None
) -> None:
    built = Response(body, mimetype=mimetype, content_type=content_type)
    expected_type = content_type or quick_responses._content_type_for(
        mimetype or Response.default_mimetype
    )
    expected = _built_by_werkzeug(Response, body, content_type=expected_type)
    assert _state(built) == _state(expected)
    assert built.headers is not expected.headers


def test_building_a_text_response_sets_no_header_through_werkzeug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_run(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise AssertionError("the shortcut should have been taken")

    monkeypatch.setattr(Headers, "set", must_not_run)
    monkeypatch.setattr(Headers, "add", must_not_run)
    response = Response.__new__(Response)
    quick_responses.build(
        response, "quick", None, None, "application/json", None, False
    )
    assert response.get_data() == b"quick"
    assert response.status == "200 OK"
    assert response.content_length == 5


def test_unencodable_text_fails_as_in_werkzeug() -> None:
    with pytest.raises(UnicodeEncodeError):
        Response("\udcff")


def test_newline_in_mimetype_is_rejected_as_in_werkzeug() -> None:
    with pytest.raises(ValueError, match="newline"):
        Response("x", mimetype="text/plain\nX-Evil: 1")


class _OwnData(Response):
    def set_data(self, value: bytes | str) -> None:
        super().set_data(value)
        self.headers["X-Set-Data"] = "called"


class _OwnStatus(Response):
    default_status = 202


class _ExtraInit(Response):
    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        self.before = "kept"
        super().__init__(*args, **kwargs)


class _BodyProperty(Response):
    @property
    def response(self) -> t.Any:  # type: ignore[override]
        return vars(self).get("_body", [])

    @response.setter
    def response(self, value: t.Any) -> None:
        vars(self)["_body"] = value


def test_subclass_that_changes_construction_is_built_the_ordinary_way() -> None:
    assert Response("x", headers=None).headers.get("X-Set-Data") is None
    assert _OwnData("x").headers["X-Set-Data"] == "called"
    assert _OwnStatus("x").status == "202 ACCEPTED"
    assert _BodyProperty("x").get_data() == b"x"
    assert "_body" in vars(_BodyProperty("x"))
    assert not _builds_plainly.accepts(_OwnData)
    assert not _builds_plainly.accepts(_OwnStatus)
    assert not _builds_plainly.accepts(_BodyProperty)
    assert _builds_plainly.accepts(Response)
    assert _builds_plainly.accepts(_ExtraInit)


def test_subclass_init_runs_around_the_shortcut() -> None:
    built = _ExtraInit("x")
    assert list(vars(built))[0] == "before"
    assert built.before == "kept"
    assert built.get_data() == b"x"


def test_given_headers_object_is_kept() -> None:
    headers = Headers()
    response = Response("x", headers=headers)
    assert response.headers is headers
    assert response.headers["Content-Length"] == "1"


@contextlib.contextmanager
def _unverified_werkzeug() -> t.Iterator[None]:
    """Make the shortcuts see a Werkzeug release they were not verified
    against, inside the block."""
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(speedups, "_installed_version", lambda project: "3.2.0")
            speedups.forget_verdicts()
            yield
    finally:
        speedups.forget_verdicts()


def test_another_werkzeug_release_disables_the_shortcut() -> None:
    with _unverified_werkzeug():
        built = Response("fallback")
    expected = _built_by_werkzeug(
        Response, "fallback", content_type="text/html; charset=utf-8"
    )
    assert _state(built) == _state(expected)


# -- stock error pages ---------------------------------------------------------


def _error_state(
    environ: dict[str, t.Any], *, reference: bool = False
) -> tuple[t.Any, ...]:
    if reference:
        response = Response.force_type(NotFound(), dict(environ))
    else:
        shortcut = error_response(NotFound(), environ, Response)
        assert shortcut is not None
        response = shortcut
    return (
        type(response),
        list(vars(response)),
        response.status,
        response.status_code,
        list(response.headers),
        response.direct_passthrough,
        response.is_streamed,
        b"".join(response.response),
    )


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_stock_error_page_state_matches_werkzeug_construction(method: str) -> None:
    environ = _environ(method)
    shortcut = _error_state(environ)
    ordinary = _error_state(environ, reference=True)
    assert shortcut == ordinary
    assert shortcut[2] == "404 NOT FOUND"
    assert (shortcut[7] == b"") is (method == "HEAD")


def test_stock_error_page_headers_are_not_checked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    environ = _environ()
    error_response(NotFound(), environ, Response)  # rendered and remembered

    def must_not_run(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise AssertionError("the shortcut should have been taken")

    monkeypatch.setattr(Headers, "add", must_not_run)
    first = error_response(NotFound(), environ, Response)
    second = error_response(NotFound(), environ, Response)
    assert first is not None and second is not None
    first.headers["X-Changed"] = "only here"
    assert "X-Changed" not in second.headers
