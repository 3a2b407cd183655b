"""FlaskClient: preserved contexts and session transactions."""

from __future__ import annotations

import json
import typing as t

import pytest

import flask
from flask.testing import FlaskClient


def test_with_block_keeps_request_context(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        flask.g.seen = flask.request.args["q"]
        return "ok"

    with client:
        client.get("/?q=first")
        assert flask.request.args["q"] == "first"
        assert flask.g.seen == "first"
        client.get("/?q=second")
        assert flask.request.args["q"] == "second"
    assert not flask.has_request_context()
    assert not flask.has_app_context()


def test_previous_context_is_popped_before_next_request(
    app: flask.Flask, client: FlaskClient
) -> None:
    torn_down: list[str] = []

    @app.route("/<name>")
    def index(name: str) -> str:
        return name

    @app.teardown_request
    def record(exc: BaseException | None) -> None:
        torn_down.append(flask.request.path)

    with client:
        client.get("/one")
        # The app tears the request down, then hands the context back to the
        # client, which pushes it again.
        assert torn_down == ["/one"]
        assert flask.request.path == "/one"
        client.get("/two")
        # The kept "/one" context was popped before "/two" was handled.
        assert torn_down == ["/one", "/one", "/two"]
        assert flask.request.path == "/two"
    assert torn_down == ["/one", "/one", "/two", "/two"]


def test_contexts_not_kept_outside_with_block(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        return "ok"

    client.get("/")
    assert not flask.has_request_context()
    assert client._new_contexts == []


def test_nesting_is_rejected(client: FlaskClient) -> None:
    with client, pytest.raises(RuntimeError, match="Cannot nest client invocations"):
        client.__enter__()
    assert client.preserve_context is False


def test_client_reusable_after_with_block(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        return flask.request.path

    with client:
        client.get("/")
    with client:
        assert client.get("/").data == b"/"
        assert flask.request.path == "/"


def test_copy_environ_adds_preserve_hook_only_in_with(client: FlaskClient) -> None:
    environ = client._copy_environ({"X": "1"})
    assert environ["X"] == "1"
    assert environ["REMOTE_ADDR"] == "127.0.0.1"
    assert "werkzeug.debug.preserve_context" not in environ
    with client:
        environ = client._copy_environ({})
        hook = environ["werkzeug.debug.preserve_context"]
        assert hook == client._new_contexts.append


def test_request_from_builder_args(app: flask.Flask, client: FlaskClient) -> None:
    request = client._request_from_builder_args(
        ("/x",), {"method": "POST", "environ_base": {"HTTP_X": "1"}}
    )
    assert request.method == "POST"
    assert request.path == "/x"
    assert request.environ["HTTP_X"] == "1"
    assert request.environ["REMOTE_ADDR"] == "127.0.0.1"


# -- session_transaction -------------------------------------------------------


class DictSession(dict[str, t.Any]):
    """A minimal session for a JSON-cookie session interface."""

    modified = False
    new = False
    accessed = False
    permanent = False


class JSONCookieSessionInterface:
    """Stores the session as plain JSON in a cookie: enough for tests, with
    no dependency on flask-sessions."""

    def __init__(self, opens: bool = True, null: bool = False) -> None:
        self.opens = opens
        self.null = null

    def open_session(
        self, app: flask.Flask, request: flask.Request
    ) -> DictSession | None:
        if not self.opens:
            return None
        raw = request.cookies.get("data")
        return DictSession(json.loads(raw) if raw else {})

    def is_null_session(self, obj: object) -> bool:
        return self.null

    def make_null_session(self, app: flask.Flask) -> DictSession:
        return DictSession()

    def save_session(
        self, app: flask.Flask, session: DictSession, response: flask.Response
    ) -> None:
        response.set_cookie("data", json.dumps(dict(session)), path="/")

    def should_set_cookie(self, app: flask.Flask, session: DictSession) -> bool:
        return True


def test_session_transaction_round_trip(app: flask.Flask, client: FlaskClient) -> None:
    app.session_interface = JSONCookieSessionInterface()

    @app.route("/")
    def index() -> str:
        return str(flask.session.get("user"))

    with client.session_transaction() as session:
        assert session == {}
        session["user"] = "ada"
    assert client.get("/").data == b"ada"
    with client.session_transaction() as session:
        assert session["user"] == "ada"


def test_session_transaction_for_other_host(
    app: flask.Flask, client: FlaskClient
) -> None:
    app.session_interface = JSONCookieSessionInterface()
    with client.session_transaction(base_url="http://other.test/") as session:
        session["k"] = 1
    cookie = client.get_cookie("data", domain="other.test")
    assert cookie is not None
    assert json.loads(cookie.decoded_value) == {"k": 1}
    assert client.get_cookie("data") is None


def test_session_transaction_needs_cookies(app: flask.Flask) -> None:
    client = app.test_client(use_cookies=False)
    with (
        pytest.raises(TypeError, match="Cookies are disabled"),
        client.session_transaction(),
    ):
        pass


def test_session_transaction_backend_returning_none(
    app: flask.Flask, client: FlaskClient
) -> None:
    app.session_interface = JSONCookieSessionInterface(opens=False)
    with (
        pytest.raises(RuntimeError, match="Session backend did not open a session"),
        client.session_transaction(),
    ):
        pass


def test_session_transaction_null_session_not_saved(
    app: flask.Flask, client: FlaskClient
) -> None:
    app.session_interface = JSONCookieSessionInterface(null=True)
    with client.session_transaction() as session:
        session["ignored"] = True
    assert client.get_cookie("data") is None


def test_session_transaction_without_secret_key(
    app: flask.Flask, client: FlaskClient
) -> None:
    pytest.importorskip("flask.sessions")
    with (
        pytest.raises(RuntimeError, match="Session backend did not open a session"),
        client.session_transaction(),
    ):
        pass


def test_session_transaction_with_secure_cookie(app: flask.Flask) -> None:
    pytest.importorskip("flask.sessions")
    app.secret_key = "test key"

    @app.route("/")
    def index() -> str:
        return repr(flask.session.get("items"))

    client = app.test_client()
    with client.session_transaction() as session:
        session["items"] = (1, b"x")
    assert client.get("/").data == b"(1, b'x')"


def test_session_transaction_does_not_leave_contexts(
    app: flask.Flask, client: FlaskClient
) -> None:
    app.session_interface = JSONCookieSessionInterface()
    with client.session_transaction() as session:
        assert not flask.has_request_context()
        session["x"] = 1
    assert not flask.has_request_context()


def test_redirect_leaves_last_request_on_top(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/first")
    def first() -> t.Any:
        flask.g.name = "first"
        return flask.redirect("/second")

    @app.route("/second")
    def second() -> str:
        flask.g.name = "second"
        return ""

    with client:
        client.get("/first", follow_redirects=True)
        assert flask.request.path == "/second"
        assert flask.g.name == "second"
    assert not flask.has_request_context()
    assert not flask.has_app_context()
