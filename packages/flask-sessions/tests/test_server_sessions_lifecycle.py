"""A server-side session's life: a new id at login, destruction at logout,
expiry in the store itself."""

from __future__ import annotations

import sqlite3
import time
import typing as t
from datetime import datetime, timedelta

import pytest

import flask
from flask.session_stores.base import SessionStore
from flask.session_stores.interface import (
    ServerSideSession,
    ServerSideSessionInterface,
)
from flask.session_stores.memory_store import MemoryStore
from server_side import add_session_views, session_cookie, session_id

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


def add_lifecycle_views(app: flask.Flask) -> None:
    add_session_views(app)

    @app.route("/login/<user>")
    def login(user: str) -> str:
        session = flask.session
        assert isinstance(session, ServerSideSession)
        session.regenerate()
        session["user"] = user
        return "logged in"

    @app.route("/logout")
    def logout() -> str:
        session = flask.session
        assert isinstance(session, ServerSideSession)
        session.destroy()
        return "logged out"

    @app.route("/logout-and-flash")
    def logout_and_flash() -> str:
        session = flask.session
        assert isinstance(session, ServerSideSession)
        session.destroy()
        session["message"] = "bye"
        return "logged out"


@pytest.fixture
def life_client(server_app: flask.Flask) -> FlaskClient:
    add_lifecycle_views(server_app)
    return server_app.test_client()


def test_regenerate_gives_a_new_id_and_keeps_the_data(
    life_client: FlaskClient, store: SessionStore
) -> None:
    life_client.get("/set/cart/3")
    planted = session_id(life_client)

    response = life_client.get("/login/alice")
    assert "Set-Cookie" in response.headers
    new = session_id(life_client)
    assert new != planted
    assert life_client.get("/show").get_json() == {"cart": "3", "user": "alice"}
    assert store.load(planted) is None

    attacker = life_client.application.test_client()
    attacker.set_cookie("session", f"{planted}.x")
    assert attacker.get("/show").get_json() == {}


def test_regenerating_a_new_session_just_starts_it(life_client: FlaskClient) -> None:
    life_client.get("/login/bob")
    assert life_client.get("/show").get_json() == {"user": "bob"}


def test_flask_session_spelling_of_regenerate(server_app: flask.Flask) -> None:
    add_session_views(server_app)

    @server_app.route("/rotate")
    def rotate() -> str:
        interface = server_app.session_interface
        assert isinstance(interface, ServerSideSessionInterface)
        interface.regenerate(t.cast(ServerSideSession, flask.session))
        return "rotated"

    client = server_app.test_client()
    client.get("/set/a/1")
    before = session_id(client)
    client.get("/rotate")
    assert session_id(client) != before
    assert client.get("/show").get_json() == {"a": "1"}


def test_destroy_removes_the_record_and_the_cookie(
    life_client: FlaskClient, store: SessionStore
) -> None:
    life_client.get("/login/alice")
    sid = session_id(life_client)

    response = life_client.get("/logout")
    assert store.load(sid) is None
    set_cookie = response.headers["Set-Cookie"]
    assert (
        set_cookie.startswith("session=;") and "Expires=Thu, 01 Jan 1970" in set_cookie
    )
    assert session_cookie(life_client) is None
    assert life_client.get("/show").get_json() == {}


def test_data_stored_after_destroy_starts_a_new_session(
    life_client: FlaskClient, store: SessionStore
) -> None:
    life_client.get("/login/alice")
    old = session_id(life_client)
    life_client.get("/logout-and-flash")
    assert store.load(old) is None
    assert session_id(life_client) != old
    assert life_client.get("/show").get_json() == {"message": "bye"}


def test_an_emptied_session_keeps_its_id(
    life_client: FlaskClient, store: SessionStore
) -> None:
    life_client.get("/set/a/1")
    sid = session_id(life_client)
    life_client.get("/pop/a")
    assert session_id(life_client) == sid
    assert store.load(sid) == {}
    assert life_client.get("/show").get_json() == {}


def test_permanent_sessions_cookie_expires_with_the_record(
    server_app: flask.Flask, life_client: FlaskClient
) -> None:
    server_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=2)
    response = life_client.get("/set/a/1")
    cookie = life_client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    remaining = cookie.expires - datetime.now(cookie.expires.tzinfo)
    assert timedelta(hours=1, minutes=59) < remaining <= timedelta(hours=2)
    assert "Expires=" in response.headers["Set-Cookie"]


def test_a_session_can_say_it_is_not_permanent(
    server_app: flask.Flask, life_client: FlaskClient
) -> None:
    @server_app.route("/browser-session")
    def browser_session() -> str:
        flask.session.permanent = False
        flask.session["a"] = 1
        return "ok"

    response = life_client.get("/browser-session")
    assert "Expires=" not in response.headers["Set-Cookie"]
    assert life_client.get("/show").get_json() == {"_permanent": False, "a": 1}


def test_redis_records_carry_the_lifetime_as_time_to_live(
    app: flask.Flask, redis_client: t.Any
) -> None:
    from flask.session_stores.redis_store import RedisStore

    app.session_interface = ServerSideSessionInterface(RedisStore(redis_client))
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=10)
    add_session_views(app)
    client = app.test_client()
    client.get("/set/a/1")
    ttl = redis_client.pttl(f"session:{session_id(client)}")
    assert 9 * 60 * 1000 < ttl <= 10 * 60 * 1000


def test_redis_expires_sessions_by_itself(
    app: flask.Flask, redis_client: t.Any
) -> None:
    from flask.session_stores.redis_store import RedisStore

    store = RedisStore(redis_client)
    app.session_interface = ServerSideSessionInterface(store)
    app.config.update(
        PERMANENT_SESSION_LIFETIME=timedelta(milliseconds=300),
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    add_session_views(app)
    client = app.test_client()
    client.get("/set/a/1")
    assert client.get("/show").get_json() == {"a": "1"}
    deadline = time.monotonic() + 10
    while store.load(session_id(client)) is not None:
        assert time.monotonic() < deadline, "Redis never expired the record"
        time.sleep(0.05)
    assert client.get("/show").get_json() == {}
    assert store.delete_expired() == 0


def test_sql_records_carry_their_expiry_and_are_swept(
    app: flask.Flask, tmp_path: t.Any
) -> None:
    from flask.session_stores.sql_store import SQLStore

    database = tmp_path / "sessions.sqlite3"
    store = SQLStore.from_url(f"sqlite:///{database}")
    app.session_interface = ServerSideSessionInterface(store)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=10)
    add_session_views(app)
    kept, expired = app.test_client(), app.test_client()
    kept.get("/set/a/1")
    expired.get("/set/b/2")
    expired.get("/set/c/3")

    with sqlite3.connect(database) as raw:
        rows = dict(raw.execute("select id, expires from flask_sessions"))
        expires = datetime.fromisoformat(rows[session_id(kept)])
        remaining = expires - store._clock()
        assert timedelta(minutes=9) < remaining <= timedelta(minutes=10)
        raw.execute(
            "update flask_sessions set expires = '2000-01-01 00:00:00' where id = ?",
            (session_id(expired),),
        )

    assert expired.get("/show").get_json() == {}
    assert store.delete_expired() == 1
    with sqlite3.connect(database) as raw:
        assert [r[0] for r in raw.execute("select id from flask_sessions")] == [
            session_id(kept)
        ]
        assert raw.execute("select count(*) from flask_sessions_values").fetchone() == (
            1,
        )
    assert kept.get("/show").get_json() == {"a": "1"}
    store.engine.dispose()


def test_memory_records_expire(app: flask.Flask) -> None:
    now = [1000.0]
    store = MemoryStore(clock=lambda: now[0])
    app.session_interface = ServerSideSessionInterface(store)
    app.config.update(
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=60),
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    add_session_views(app)
    first, second = app.test_client(), app.test_client()
    first.get("/set/a/1")
    second.get("/set/b/2")

    now[0] += 59
    assert first.get("/show").get_json() == {"a": "1"}
    first.get("/set/a/2")  # a change pushes the expiry forward
    now[0] += 2
    assert first.get("/show").get_json() == {"a": "2"}
    assert len(store) == 2
    assert store.delete_expired() == 1
    assert second.get("/show").get_json() == {}


def test_refreshing_pushes_the_expiry_forward(app: flask.Flask) -> None:
    now = [1000.0]
    store = MemoryStore(clock=lambda: now[0])
    app.session_interface = ServerSideSessionInterface(store)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=60)
    add_session_views(app)
    client = app.test_client()
    client.get("/set/a/1")
    for _ in range(3):
        now[0] += 50
        assert client.get("/show").get_json() == {"a": "1"}
