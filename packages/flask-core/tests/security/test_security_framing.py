"""Nothing an application puts in a status line or a header can break the
framing of the HTTP response, and nothing a client puts in a request header
makes the framework fail.

Werkzeug refuses line breaks in header values only; a line break in a status
line or a header *name* would reach the server unchanged and let a response
carry headers (say ``Set-Cookie``) that the application never set. Modular
Flask refuses those with :exc:`flask._wsgi_response.UnsafeResponseError`
before the server sees anything.
"""

from __future__ import annotations

import contextlib
import string
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Response as WerkzeugResponse

import flask
from flask._wsgi_response import UnsafeResponseError

#: The characters of an HTTP token: what a header name may be made of.
TOKEN_CHARACTERS = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"

INJECTED = "Set-Cookie: admin=1"


def _sent(app: flask.Flask, path: str) -> tuple[str, list[tuple[str, str]]]:
    """Call the app as a WSGI server would; return the status line and the
    header list it was started with."""
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        started.append((status, list(headers)))
        return lambda data: None

    environ = EnvironBuilder(path=path).get_environ()
    body = app(environ, start_response)
    try:
        b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return started[-1]


@pytest.fixture
def production_app(app: flask.Flask) -> flask.Flask:
    """The app outside testing mode: unhandled errors become 500 pages."""
    app.testing = False
    return app


@pytest.mark.parametrize(
    "status", [f"200 OK\r\n{INJECTED}", f"200 OK\n{INJECTED}", "200 O\x00K"]
)
def test_status_line_with_a_line_break_is_refused(
    production_app: flask.Flask, status: str
) -> None:
    @production_app.route("/tuple")
    def as_tuple() -> t.Any:
        return "body", status

    @production_app.route("/attribute")
    def as_attribute() -> t.Any:
        response = flask.make_response("body")
        response.status = status
        return response

    @production_app.route("/werkzeug")
    def werkzeug_response() -> t.Any:
        response = WerkzeugResponse("body")
        response.status = status
        return response

    for path in ("/tuple", "/attribute", "/werkzeug"):
        line, headers = _sent(production_app, path)
        assert line.startswith("500 ")
        assert all("admin" not in value for _, value in headers)


def test_response_class_refuses_the_status_where_it_is_set() -> None:
    with pytest.raises(UnsafeResponseError, match="status"):
        flask.Response("body", status=f"200 OK\r\n{INJECTED}")
    response = flask.Response("body")
    with pytest.raises(ValueError, match="line break"):
        response.status = f"404 NOT FOUND\n{INJECTED}"
    assert response.status == "200 OK"


@pytest.mark.parametrize(
    "name",
    [
        f"X-A\r\n{INJECTED}",
        f"X-A\n{INJECTED}",
        "Set-Cookie: admin=1; x",
        "X Spaced",
        "X-Nul\x00",
        "",
    ],
)
def test_header_name_that_is_not_a_token_is_refused(
    production_app: flask.Flask, name: str
) -> None:
    @production_app.route("/")
    def index() -> t.Any:
        return "body", {name: "value"}

    line, headers = _sent(production_app, "/")
    assert line.startswith("500 ")
    assert all(key != name for key, _ in headers)


def test_refusal_propagates_in_testing_mode(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "body", {f"X\r\n{INJECTED}": "value"}

    with pytest.raises(UnsafeResponseError, match="header name"):
        Client(app).get("/")


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\x7fb"])
def test_control_characters_in_values_are_refused(
    production_app: flask.Flask, value: str
) -> None:
    @production_app.route("/")
    def index() -> t.Any:
        response = flask.make_response("body")
        # Past Werkzeug's own check, which looks for line breaks only.
        response.headers.add("X-Value", "placeholder")
        response.headers._list[-1] = ("X-Value", value)  # type: ignore[attr-defined]
        return response

    line, headers = _sent(production_app, "/")
    assert line.startswith("500 ")
    assert ("X-Value", value) not in headers


def test_tabs_and_non_ascii_text_are_sent_unchanged(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "body", {"X-Tab": "a\tb", "X-Latin": "caf\xe9 \xa0"}

    line, headers = _sent(app, "/")
    assert line == "200 OK"
    assert ("X-Tab", "a\tb") in headers
    assert ("X-Latin", "caf\xe9 \xa0") in headers


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(min_size=0, max_size=12),
    value=st.text(max_size=20),
    status_text=st.text(max_size=12),
)
def test_whatever_the_app_sets_the_response_stays_framed(
    name: str, value: str, status_text: str
) -> None:
    app = flask.Flask("framing_property")
    app.testing = False

    @app.route("/")
    def index() -> t.Any:
        response = flask.make_response("body")
        try:
            response.status = f"203 {status_text}"
        except ValueError:
            response.status = 203
        with contextlib.suppress(ValueError):  # Werkzeug refused the value
            response.headers[name] = value
        return response

    line, headers = _sent(app, "/")
    if line.startswith("500 "):
        return  # refused: nothing of the app's response went out
    assert line.startswith("203 ")
    for text in [line, *(part for header in headers for part in header)]:
        assert not any(ord(c) < 32 and c != "\t" or c == "\x7f" for c in text)
    for key, _ in headers:
        assert key and set(key) <= set(TOKEN_CHARACTERS)


#: Request headers whose values Werkzeug or modular Flask parse.
PARSED_REQUEST_HEADERS = [
    "Host",
    "Cookie",
    "Content-Type",
    "Content-Length",
    "Accept",
    "Accept-Encoding",
    "Authorization",
    "If-None-Match",
    "If-Modified-Since",
    "Range",
    "If-Range",
    "Connection",
    "Upgrade",
    "X-Forwarded-For",
]

#: Latin-1 text: what a WSGI server hands over for header bytes.
header_text = st.text(st.characters(max_codepoint=255), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    values=st.dictionaries(
        st.sampled_from(PARSED_REQUEST_HEADERS), header_text, max_size=5
    ),
    method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"]),
)
def test_no_request_header_makes_the_app_fail(
    values: dict[str, str], method: str
) -> None:
    app = flask.Flask("request_header_property")
    app.testing = False

    @app.route("/", methods=["GET", "POST"])
    def index() -> t.Any:
        request = flask.request
        seen = [
            len(request.form),
            request.range,
            request.if_none_match,
            request.authorization,
            request.accept_mimetypes,
            len(request.cookies),
            request.host,
        ]
        return repr(seen)

    environ = EnvironBuilder(path="/", method=method).get_environ()
    for key, value in values.items():
        environ["HTTP_" + key.upper().replace("-", "_")] = value
    if "Content-Type" in values:
        environ["CONTENT_TYPE"] = values["Content-Type"]
    if "Content-Length" in values:
        environ["CONTENT_LENGTH"] = values["Content-Length"]
    started: list[str] = []
    body = app(environ, lambda status, headers, exc_info=None: started.append(status))
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    assert not started[-1].startswith("5"), (values, started)
    assert flask.globals._cv_request.get(None) is None
