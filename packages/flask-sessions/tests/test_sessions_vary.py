"""``Vary: Cookie``: every response whose content may depend on the session
cookie must say so, or a shared cache could hand one user's page to another
(the CVE-2023-30861 class of bug). Any use of the session counts, not only
reading a value."""

from __future__ import annotations

import typing as t

import pytest

import flask
from flask.templating import render_template_string

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient

#: View bodies, each using the session in one way. They run with a stored
#: session ``{"a": 1}``.
SESSION_USES: dict[str, t.Callable[[], object]] = {
    "getitem": lambda: flask.session["a"],
    "get": lambda: flask.session.get("a"),
    "get-missing": lambda: flask.session.get("zzz"),
    "contains": lambda: "a" in flask.session,
    "not-contains": lambda: "zzz" not in flask.session,
    "len": lambda: len(flask.session),
    "bool": lambda: bool(flask.session),
    "iter": lambda: list(flask.session),
    "keys": lambda: list(flask.session.keys()),
    "values": lambda: list(flask.session.values()),
    "items": lambda: list(flask.session.items()),
    "copy": lambda: flask.session.copy(),  # type: ignore[attr-defined]
    "eq": lambda: flask.session == {},
    "setdefault-existing": lambda: flask.session.setdefault("a", 2),
    "pop-missing": lambda: flask.session.pop("zzz", None),
    "permanent-read": lambda: flask.session.permanent,
    "setitem": lambda: flask.session.__setitem__("b", 2),
    "delitem": lambda: flask.session.__delitem__("a"),
    "pop": lambda: flask.session.pop("a"),
    "clear": lambda: flask.session.clear(),
    "update": lambda: flask.session.update(b=2),
    "permanent-write": lambda: setattr(flask.session, "permanent", True),
}


@pytest.fixture
def vary_client(app: flask.Flask, client: FlaskClient) -> FlaskClient:
    """A client holding the session ``{"a": 1}``, with one view per use."""

    @app.route("/use/<kind>")
    def use(kind: str) -> str:
        SESSION_USES[kind]()
        return "used"

    @app.route("/untouched")
    def untouched() -> str:
        return "untouched"

    @app.route("/vary-already")
    def vary_already() -> flask.Response:
        response = flask.make_response(str(flask.session.get("a")))
        response.vary.add("Accept-Encoding")
        return response

    with client.session_transaction() as session:
        session["a"] = 1
    return client


@pytest.mark.parametrize("kind", SESSION_USES)
def test_every_use_of_the_session_sets_vary_cookie(
    vary_client: FlaskClient, kind: str
) -> None:
    response = vary_client.get(f"/use/{kind}")
    assert response.status_code == 200
    assert "Cookie" in response.vary


def test_untouched_session_does_not_vary(vary_client: FlaskClient) -> None:
    response = vary_client.get("/untouched")
    assert "Cookie" not in response.vary
    assert "Vary" not in response.headers


def test_vary_cookie_is_added_to_existing_vary(vary_client: FlaskClient) -> None:
    response = vary_client.get("/vary-already")
    assert response.data == b"1"
    assert set(response.vary) == {"Accept-Encoding", "Cookie"}


def test_read_without_any_cookie_still_varies(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> str:
        return str("a" in flask.session)

    response = app.test_client().get("/")
    assert response.data == b"False"
    assert "Cookie" in response.vary
    assert "Set-Cookie" not in response.headers


def test_refreshing_a_permanent_session_varies(app: flask.Flask) -> None:
    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        flask.session.permanent = True
        return ""

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    client = app.test_client()
    client.get("/login")
    response = client.get("/plain")
    # The view did not look at the session, but the refreshed cookie is part
    # of the response, so caches must still key on the cookie.
    assert "Set-Cookie" in response.headers
    assert "Cookie" in response.vary


def test_deleting_the_session_varies(app: flask.Flask) -> None:
    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        return ""

    @app.route("/logout")
    def logout() -> str:
        flask.session.pop("user")
        return ""

    client = app.test_client()
    client.get("/login")
    response = client.get("/logout")
    assert response.headers["Set-Cookie"].startswith("session=;")
    assert "Cookie" in response.vary


def test_flashing_and_reading_flashes_vary(app: flask.Flask) -> None:
    @app.route("/flash")
    def flash_view() -> str:
        flask.flash("hello")
        return ""

    @app.route("/show")
    def show() -> str:
        return ",".join(flask.get_flashed_messages())  # type: ignore[arg-type]

    client = app.test_client()
    assert "Cookie" in client.get("/flash").vary
    response = client.get("/show")
    assert response.data == b"hello"
    assert "Cookie" in response.vary
    empty = client.get("/show")
    assert empty.data == b""
    assert "Cookie" in empty.vary


def test_template_that_uses_the_session_varies(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> str:
        return render_template_string("{{ session.get('a', 'none') }}")

    response = app.test_client().get("/")
    assert response.data == b"none"
    assert "Cookie" in response.vary


def test_template_that_ignores_the_session_does_not_vary(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> str:
        return render_template_string("static text")

    response = app.test_client().get("/")
    assert response.data == b"static text"
    assert "Cookie" not in response.vary


def test_null_session_read_does_not_vary() -> None:
    """Without a secret key there is no cookie to vary on: the null session
    is never saved."""
    app = flask.Flask(__name__)

    @app.route("/")
    def index() -> str:
        return str(flask.session.get("a"))

    response = app.test_client().get("/")
    assert response.data == b"None"
    assert "Cookie" not in response.vary


def test_saving_does_not_count_as_an_access(app: flask.Flask) -> None:
    """Saving inspects the session (emptiness, permanence, content); those
    reads must not leave ``accessed`` set on a session the view ignored."""
    from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

    interface = SecureCookieSessionInterface()
    for data in ({}, {"a": 1}, {"a": 1, "_permanent": True}):
        session = SecureCookieSession(data)
        response = app.response_class()
        interface.save_session(app, session, response)
        assert session.accessed is False, data
        assert "Cookie" not in response.vary or data.get("_permanent")


def test_session_flags_after_an_ignoring_request(vary_client: FlaskClient) -> None:
    from flask.globals import request_ctx

    with vary_client:
        response = vary_client.get("/untouched")
        stored = request_ctx._request_session.get()
        assert stored is not None
        assert stored.accessed is False
        assert stored.modified is False
    assert "Cookie" not in response.vary


def test_session_flags_after_a_reading_request(vary_client: FlaskClient) -> None:
    from flask.globals import request_ctx

    with vary_client:
        vary_client.get("/use/get")
        stored = request_ctx._request_session.get()
        assert stored is not None
        assert stored.accessed is True
        assert stored.modified is False


def test_template_can_write_the_session_it_opened(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> str:
        return render_template_string("{{ session.update(seen='yes') or 'ok' }}")

    @app.route("/read")
    def read() -> str:
        return flask.session.get("seen", "no")

    client = app.test_client()
    response = client.get("/")
    assert response.data == b"ok"
    assert "Cookie" in response.vary
    assert client.get("/read").data == b"yes"
