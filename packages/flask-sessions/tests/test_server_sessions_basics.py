"""Server-side sessions on every store: values survive between requests with
their types, the cookie holds only a signed id, and the store is asked no
more than needed."""

from __future__ import annotations

import json
import pickle
import typing as t
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from markupsafe import Markup

import flask
from flask.session_stores.base import SessionStore, SessionUpdate
from flask.session_stores.interface import (
    ServerSideSession,
    ServerSideSessionInterface,
)
from server_side import (
    CountingStore,
    add_session_views,
    interface_of,
    session_cookie,
    session_id,
)

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


@pytest.fixture
def counted(server_app: flask.Flask) -> CountingStore:
    """The server app's store, wrapped to record the calls it gets."""
    interface = interface_of(server_app)
    counting = CountingStore(interface.store)
    server_app.session_interface = ServerSideSessionInterface(counting)
    add_session_views(server_app)
    return counting


@pytest.fixture
def session_client(server_app: flask.Flask, counted: CountingStore) -> FlaskClient:
    """A client whose session holds ``{"a": "1", "b": "2"}``; the store's
    record of calls starts empty."""
    client = server_app.test_client()
    client.get("/set/a/1")
    client.get("/set/b/2")
    counted.calls.clear()
    return client


#: Values of every type a cookie session can hold.
TYPED_VALUES: dict[str, t.Any] = {
    "text": "héllo ✓",
    "number": 3,
    "real": 2.5,
    "none": None,
    "flag": True,
    "list": [1, "two", [3]],
    "tuple": (1, "two", (3, 4)),
    "bytes": b"\x00\xffbinary",
    "markup": Markup("<b>bold</b>"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "datetime": datetime(2026, 5, 4, 3, 2, 1, tzinfo=timezone.utc),
    "nested": {"inner": (b"x", {"deeper": [Markup("<i>")]})},
}


def test_values_keep_their_types_between_requests(server_app: flask.Flask) -> None:
    @server_app.route("/store")
    def store_values() -> str:
        flask.session.update(TYPED_VALUES)
        return "stored"

    @server_app.route("/check")
    def check_values() -> str:
        for key, expected in TYPED_VALUES.items():
            found = flask.session[key]
            assert found == expected, key
            assert type(found) is type(expected), key
        return "checked"

    client = server_app.test_client()
    client.get("/store")
    assert client.get("/check").data == b"checked"


def test_the_store_holds_tagged_json_text(
    server_app: flask.Flask, store: SessionStore
) -> None:
    add_session_views(server_app)

    @server_app.route("/tuple")
    def put_tuple() -> str:
        flask.session["pair"] = (1, b"2")
        return "ok"

    client = server_app.test_client()
    client.get("/tuple")
    record = store.load(session_id(client))
    assert record is not None
    assert json.loads(record["pair"]) == {" t": [1, {" b": "Mg=="}]}


class _Planted:
    """What a pickle would run on load: it creates a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[t.Any, ...]:
        return (Path.touch, (self.path,))


def test_loading_never_unpickles(
    server_app: flask.Flask, store: SessionStore, tmp_path: Path
) -> None:
    add_session_views(server_app)
    client = server_app.test_client()
    client.get("/set/a/1")
    witness = tmp_path / "unpickled"
    payload = pickle.dumps(_Planted(witness)).decode("latin-1")
    store.save(
        session_id(client),
        SessionUpdate(server_app.permanent_session_lifetime, {"a": payload}),
    )

    assert client.get("/show").get_json() == {}  # undecodable: a new session
    assert not witness.exists()


def test_the_cookie_holds_only_a_signed_random_id(server_app: flask.Flask) -> None:
    add_session_views(server_app)
    client = server_app.test_client()
    client.get("/set/secret/value-kept-on-the-server")
    cookie = session_cookie(client)
    assert cookie is not None
    assert "value-kept" not in cookie
    sid, signature = cookie.rsplit(".", 1)
    assert len(sid) == 43 and len(signature) == 43  # 32 random bytes, SHA-256

    other = server_app.test_client()
    other.get("/set/secret/another")
    assert session_id(other) != sid


def test_the_id_is_signed_as_itsdangerous_signs(server_app: flask.Flask) -> None:
    import hashlib

    from itsdangerous import Signer

    add_session_views(server_app)
    client = server_app.test_client()
    client.get("/set/a/1")
    client.get("/show")  # signed again, with the remembered derived key
    stock = Signer(
        "test secret key",
        salt="flask.session_stores",
        key_derivation="hmac",
        digest_method=hashlib.sha256,
    )
    cookie = session_cookie(client)
    assert cookie is not None
    assert stock.unsign(cookie).decode() == session_id(client)


def test_a_forged_id_is_refused_before_the_store_is_asked(
    session_client: FlaskClient, counted: CountingStore
) -> None:
    sid = session_id(session_client)
    for forged in (sid, f"{sid}.forged-signature", f"other{sid}.{'A' * 43}"):
        session_client.set_cookie("session", forged)
        assert session_client.get("/show").get_json() == {}
    assert counted.calls == []


def test_a_cookie_signed_with_a_fallback_key_is_accepted(
    server_app: flask.Flask,
) -> None:
    add_session_views(server_app)
    client = server_app.test_client()
    client.get("/set/a/1")
    server_app.config.update(
        SECRET_KEY="new key", SECRET_KEY_FALLBACKS=["test secret key"]
    )
    assert client.get("/show").get_json() == {"a": "1"}


def test_a_request_that_never_uses_the_session_costs_nothing(
    session_client: FlaskClient, counted: CountingStore
) -> None:
    response = session_client.get("/untouched")
    assert counted.calls == []
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


def test_an_empty_new_session_is_not_stored_and_sets_no_cookie(
    server_app: flask.Flask, counted: CountingStore
) -> None:
    @server_app.route("/look")
    def look() -> str:
        return str(flask.session.get("nothing"))

    @server_app.route("/set-and-remove")
    def set_and_remove() -> str:
        flask.session["x"] = 1
        del flask.session["x"]
        return "gone"

    client = server_app.test_client()
    for path in ("/look", "/set-and-remove", "/untouched"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
    assert counted.calls == []
    assert session_cookie(client) is None


def test_reading_without_changing_writes_nothing(
    server_app: flask.Flask, session_client: FlaskClient, counted: CountingStore
) -> None:
    server_app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    response = session_client.get("/show")
    assert response.get_json() == {"a": "1", "b": "2"}
    assert counted.names() == ["load"]
    assert "Set-Cookie" not in response.headers


def test_storing_equal_values_writes_nothing(
    server_app: flask.Flask, session_client: FlaskClient, counted: CountingStore
) -> None:
    server_app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    response = session_client.get("/set/a/1")
    assert counted.names() == ["load"]
    assert "Set-Cookie" not in response.headers


def test_refresh_each_request_renews_only_the_expiry(
    server_app: flask.Flask, session_client: FlaskClient, counted: CountingStore
) -> None:
    assert server_app.config["SESSION_REFRESH_EACH_REQUEST"]
    response = session_client.get("/show")
    assert counted.calls == [("load", server_app.permanent_session_lifetime)]
    assert "Expires=" in response.headers["Set-Cookie"]


def test_only_the_changed_keys_are_written(
    session_client: FlaskClient, counted: CountingStore
) -> None:
    session_client.get("/set/b/3")
    session_client.get("/pop/a")
    saves = [update for name, update in counted.calls if name == "save"]
    assert [(dict(u.changed), u.removed) for u in saves] == [
        ({"b": '"3"'}, frozenset()),
        ({}, frozenset({"a"})),
    ]
    assert session_client.get("/show").get_json() == {"b": "3"}


def test_changes_inside_values_are_saved_when_marked_modified(
    server_app: flask.Flask,
) -> None:
    @server_app.route("/append/<item>")
    def append(item: str) -> str:
        flask.session.setdefault("cart", []).append(item)
        flask.session.modified = True
        return "appended"

    @server_app.route("/append-unmarked/<item>")
    def append_unmarked(item: str) -> str:
        flask.session["cart"].append(item)
        return "appended"

    @server_app.route("/cart")
    def cart() -> list[str]:
        return list(flask.session.get("cart", []))

    client = server_app.test_client()
    client.get("/append/apple")
    client.get("/append/pear")
    client.get("/append-unmarked/plum")  # not marked: not saved, as for cookies
    assert client.get("/cart").get_json() == ["apple", "pear"]


def test_round_trips_to_redis_per_request(
    app: flask.Flask, redis_server: t.Any, redis_client: t.Any
) -> None:
    from flask.session_stores.redis_store import RedisStore

    app.session_interface = ServerSideSessionInterface(RedisStore(redis_client))
    add_session_views(app)
    client = app.test_client()
    client.get("/set/a/1")  # the scripts are loaded into Redis once
    client.get("/show")

    def round_trips(path: str) -> list[str]:
        with redis_server.monitor() as log:
            client.get(path)
        return log.round_trips

    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    assert round_trips("/untouched") == []
    assert round_trips("/show") == ["HGETALL"]
    assert round_trips("/set/a/1") == ["HGETALL"]  # unchanged
    assert round_trips("/set/a/2") == ["HGETALL", "EVALSHA"]  # changed
    app.config["SESSION_REFRESH_EACH_REQUEST"] = True
    assert round_trips("/show") == ["EVALSHA"]  # loaded, expiry renewed
    assert round_trips("/set/a/3") == ["EVALSHA", "EVALSHA"]
    fresh = app.test_client()
    with redis_server.monitor() as log:
        fresh.get("/set/a/1")  # a new session: nothing to load
    assert log.round_trips == ["EVALSHA"]


def test_the_session_object(server_app: flask.Flask) -> None:
    add_session_views(server_app)

    @server_app.route("/inspect")
    def inspect() -> dict[str, t.Any]:
        session = flask.session
        assert isinstance(session, ServerSideSession)
        loaded_before = session.loaded
        return {
            "loaded_before": loaded_before,
            "new": session.new,
            "sid": session.sid,
            "repr": repr(session),
        }

    client = server_app.test_client()
    client.get("/set/a/1")
    report = client.get("/inspect").get_json()
    assert report["loaded_before"] is False
    assert report["new"] is False
    assert report["sid"] == session_id(client)
    assert "'a': '1'" in report["repr"]

    fresh = server_app.test_client().get("/inspect").get_json()
    assert fresh["new"] is True
    assert len(fresh["sid"]) == 43
