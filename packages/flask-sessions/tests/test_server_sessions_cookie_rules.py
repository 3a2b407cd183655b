"""The cookie of a server-side session obeys the same settings and rules as
the signed-cookie session: ``SESSION_COOKIE_*``, refreshing, ``Vary: Cookie``,
the test client's ``session_transaction()``."""

from __future__ import annotations

import typing as t

import pytest

import flask
from flask.session_stores.interface import (
    ServerSideSession,
    ServerSideSessionInterface,
)
from flask.session_stores.memory_store import MemoryStore
from server_side import add_session_views
from test_sessions_vary import SESSION_USES

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient

COOKIE_SETTINGS: list[dict[str, t.Any]] = [
    {},
    {"SESSION_COOKIE_NAME": "sid"},
    {"SESSION_COOKIE_DOMAIN": "example.com"},
    {"SESSION_COOKIE_PATH": "/app"},
    {"APPLICATION_ROOT": "/root"},
    {"SESSION_COOKIE_SECURE": True},
    {"SESSION_COOKIE_HTTPONLY": False},
    {"SESSION_COOKIE_SAMESITE": "Strict"},
    {"SESSION_COOKIE_PARTITIONED": True, "SESSION_COOKIE_SECURE": True},
    {"SESSION_PERMANENT": False},
]


def cookie_app(kind: str, **config: t.Any) -> flask.Flask:
    app = flask.Flask("cookie_rules")
    app.config.update(TESTING=True, SECRET_KEY="rules key", **config)
    if kind == "server":
        permanent = config.get("SESSION_PERMANENT", True)
        app.session_interface = ServerSideSessionInterface(
            MemoryStore(), permanent=permanent
        )
    add_session_views(app)

    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        if kind == "cookie":
            flask.session.permanent = config.get("SESSION_PERMANENT", True)
        return "in"

    @app.route("/logout")
    def logout() -> str:
        session = flask.session
        if isinstance(session, ServerSideSession):
            session.destroy()
        else:
            session.clear()
        return "out"

    return app


def attributes(set_cookie: str) -> tuple[str, set[str]]:
    """The cookie's name and attributes, with dates left out."""
    name_value, *rest = [part.strip() for part in set_cookie.split(";")]
    kept = {part for part in rest if not part.startswith("Expires=")}
    if any(part.startswith("Expires=") for part in rest):
        kept.add("Expires")
    return name_value.split("=", 1)[0], kept


@pytest.mark.parametrize("settings", COOKIE_SETTINGS)
def test_the_cookie_settings_apply_alike(settings: dict[str, t.Any]) -> None:
    seen = {}
    root = settings.get("SESSION_COOKIE_PATH") or settings.get("APPLICATION_ROOT", "")
    base_url = f"https://example.com{root}"
    for kind in ("cookie", "server"):
        client = cookie_app(kind, **settings).test_client()
        login = client.get("/login", base_url=base_url)
        logout = client.get("/logout", base_url=base_url)
        seen[kind] = (
            attributes(login.headers["Set-Cookie"]),
            attributes(logout.headers["Set-Cookie"]),
            login.vary,
            logout.vary,
        )
    assert seen["server"] == seen["cookie"]


@pytest.fixture
def server_client() -> FlaskClient:
    """A server-side session client holding ``{"a": 1}``, one view per use."""
    app = cookie_app("server")

    @app.route("/use/<kind>")
    def use(kind: str) -> str:
        SESSION_USES[kind]()
        return "used"

    client = app.test_client()
    with client.session_transaction() as session:
        session["a"] = 1
    return client


@pytest.mark.parametrize("kind", SESSION_USES)
def test_every_use_of_the_session_varies_on_the_cookie(
    server_client: FlaskClient, kind: str
) -> None:
    response = server_client.get(f"/use/{kind}")
    assert response.status_code == 200
    assert "Cookie" in response.vary


def test_an_untouched_session_does_not_vary(server_client: FlaskClient) -> None:
    response = server_client.get("/untouched")
    assert "Vary" not in response.headers


def test_a_refreshed_cookie_varies(server_client: FlaskClient) -> None:
    response = server_client.get("/use/get")
    assert "Set-Cookie" in response.headers
    assert response.vary.as_set() == {"cookie"}


def test_saving_does_not_count_as_an_access() -> None:
    app = cookie_app("server")
    interface = app.session_interface
    assert isinstance(interface, ServerSideSessionInterface)
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        assert isinstance(session, ServerSideSession)
        session.accessed = False
        session.modified = True
    assert session.accessed is False


def test_session_transaction_reads_and_writes(server_client: FlaskClient) -> None:
    with server_client.session_transaction() as session:
        assert session["a"] == 1
        session["b"] = (2, 3)
    assert server_client.get("/show").get_json() == {"a": 1, "b": [2, 3]}
    server_client.get("/set/c/4")
    with server_client.session_transaction() as session:
        assert session["c"] == "4"
        assert isinstance(session, ServerSideSession) and not session.new


def test_without_a_secret_key_the_session_is_a_null_session() -> None:
    app = flask.Flask("no_key")
    app.session_interface = ServerSideSessionInterface(MemoryStore())

    @app.route("/write")
    def write() -> str:
        flask.session["a"] = 1
        return "written"

    app.testing = True
    with pytest.raises(RuntimeError, match="secret key"):
        app.test_client().get("/write")
