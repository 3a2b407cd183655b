"""Concurrent requests of one session lose no update.

The interleaving that loses updates with a whole-dictionary save is forced,
not hoped for: two requests both load the session, then the first saves,
then the second. Each guarantee is also checked against
:class:`NaiveSaveInterface`, which writes back the whole dictionary it read
(what Flask-Session does): those runs are expected to fail (``xfail`` with
``strict``, so a naive save that passes would fail the test run), which
shows that the tests can tell the difference.
"""

from __future__ import annotations

import threading
import typing as t

import pytest

import flask
from flask.session_stores.base import SessionStore, SessionUpdate
from flask.session_stores.interface import (
    ServerSideSession,
    ServerSideSessionInterface,
)
from server_side import add_session_views

if t.TYPE_CHECKING:
    from flask.sessions import SessionMixin
    from flask.wrappers import Response

#: Bound on every wait, so that a broken test fails instead of hanging.
WAIT = 20.0


class NaiveSaveInterface(ServerSideSessionInterface):
    """Saves the way most server-side session extensions do: the whole
    dictionary the request holds replaces the stored record."""

    def save_session(
        self, app: flask.Flask, session: SessionMixin, response: Response
    ) -> None:
        assert isinstance(session, ServerSideSession)
        if not session.loaded or not session.modified:
            return
        values = {
            key: self.serializer.dumps(value) for key, value in dict.items(session)
        }
        sid = session.sid
        self.store.delete(sid)
        update = SessionUpdate(app.permanent_session_lifetime, values, new=True)
        self.store.save(sid, update)
        self._set_cookie(app, session, response)


SAVES = [
    "per-key",
    pytest.param(
        "naive",
        marks=pytest.mark.xfail(
            strict=True, reason="a whole-dictionary save loses the update"
        ),
    ),
]


class Gate:
    """Holds a request between loading its session and changing it."""

    def __init__(self, change: t.Callable[[SessionMixin], None]) -> None:
        self.change = change
        self.loaded = threading.Event()
        self.proceed = threading.Event()


def gated_app(app: flask.Flask, interface: ServerSideSessionInterface) -> flask.Flask:
    app.session_interface = interface
    app.config["GATES"] = {}
    add_session_views(app)

    @app.route("/gated/<name>")
    def gated(name: str) -> str:
        gate: Gate = app.config["GATES"][name]
        len(flask.session)  # loads the session
        gate.loaded.set()
        assert gate.proceed.wait(WAIT)
        gate.change(flask.session)
        return "changed"

    return app


def interleave(
    app: flask.Flask,
    cookie: str,
    first: t.Callable[[SessionMixin], None],
    second: t.Callable[[SessionMixin], None],
) -> None:
    """Run two requests with the session cookie ``cookie``: both load the
    session, then the first changes and saves it, then the second."""
    gates = app.config["GATES"]
    gates["first"], gates["second"] = Gate(first), Gate(second)
    failures: list[BaseException] = []

    def request(name: str) -> None:
        client = app.test_client()
        client.set_cookie("session", cookie)
        try:
            assert client.get(f"/gated/{name}").status_code == 200
        except BaseException as error:  # reported by the main thread
            failures.append(error)
            gates[name].loaded.set()

    threads = {name: threading.Thread(target=request, args=(name,)) for name in gates}
    threads["first"].start()
    assert gates["first"].loaded.wait(WAIT)
    threads["second"].start()
    assert gates["second"].loaded.wait(WAIT)
    gates["first"].proceed.set()
    threads["first"].join(WAIT)
    gates["second"].proceed.set()
    threads["second"].join(WAIT)
    assert not failures, failures


def start_session(app: flask.Flask, **values: str) -> tuple[str, t.Any]:
    """Create a session holding ``values``; return its cookie and a client."""
    client = app.test_client()
    for key, value in values.items():
        client.get(f"/set/{key}/{value}")
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value, client


def make_interface(save: str, store: SessionStore) -> ServerSideSessionInterface:
    kind = NaiveSaveInterface if save == "naive" else ServerSideSessionInterface
    return kind(store)


@pytest.mark.parametrize("save", SAVES)
def test_changes_to_different_keys_are_all_kept(
    app: flask.Flask, store: SessionStore, save: str
) -> None:
    app = gated_app(app, make_interface(save, store))
    cookie, client = start_session(app, start="0")

    interleave(
        app,
        cookie,
        lambda session: session.__setitem__("first", "1"),
        lambda session: session.__setitem__("second", "2"),
    )
    assert client.get("/show").get_json() == {
        "start": "0",
        "first": "1",
        "second": "2",
    }


@pytest.mark.parametrize("save", SAVES)
def test_a_deleted_key_is_not_brought_back(
    app: flask.Flask, store: SessionStore, save: str
) -> None:
    app = gated_app(app, make_interface(save, store))
    cookie, client = start_session(app, user="alice", cart="3")

    interleave(
        app,
        cookie,
        lambda session: session.pop("user"),
        lambda session: session.__setitem__("cart", "4"),
    )
    assert client.get("/show").get_json() == {"cart": "4"}


def test_an_emptied_session_keeps_a_concurrent_change(
    app: flask.Flask, store: SessionStore
) -> None:
    app = gated_app(app, ServerSideSessionInterface(store))
    cookie, client = start_session(app, _flashes="shown once")

    interleave(
        app,
        cookie,
        lambda session: session.clear(),
        lambda session: session.__setitem__("theme", "dark"),
    )
    assert client.get("/show").get_json() == {"theme": "dark"}


@pytest.mark.parametrize("order", ["a-then-b", "b-then-a"])
def test_one_key_changed_twice_ends_with_one_whole_value(
    app: flask.Flask, store: SessionStore, order: str
) -> None:
    app = gated_app(app, ServerSideSessionInterface(store))

    @app.route("/prefs")
    def prefs() -> dict[str, t.Any]:
        return dict(flask.session["prefs"])

    cookie, client = start_session(app, other="kept")
    changes = [
        lambda session: session.__setitem__("prefs", {"a": 1, "shared": "a"}),
        lambda session: session.__setitem__("prefs", {"b": 2, "shared": "b"}),
    ]
    if order == "b-then-a":
        changes.reverse()

    interleave(app, cookie, *changes)
    last = {"a-then-b": {"b": 2, "shared": "b"}, "b-then-a": {"a": 1, "shared": "a"}}
    assert client.get("/prefs").get_json() == last[order]
    assert client.get("/show").get_json()["other"] == "kept"


def test_a_destroyed_session_stays_destroyed(
    app: flask.Flask, store: SessionStore
) -> None:
    app = gated_app(app, ServerSideSessionInterface(store))
    cookie, client = start_session(app, user="alice")
    seen: list[bool] = []

    def destroy(session: SessionMixin) -> None:
        assert isinstance(session, ServerSideSession)
        session.destroy()

    def late_change(session: SessionMixin) -> None:
        session["last_page"] = "/inbox"
        seen.append(True)

    interleave(app, cookie, destroy, late_change)
    assert seen == [True]
    assert store.load(cookie.rsplit(".", 1)[0]) is None
    assert client.get("/show").get_json() == {}


def test_many_threads_on_one_session(app: flask.Flask, store: SessionStore) -> None:
    """Eight threads, each counting up its own key in ten requests, all on
    one session at once: every count arrives."""
    app.session_interface = ServerSideSessionInterface(store)
    add_session_views(app)

    @app.route("/count/<key>")
    def count(key: str) -> str:
        flask.session[key] = flask.session.get(key, 0) + 1
        return "counted"

    cookie, client = start_session(app, start="0")
    failures: list[BaseException] = []

    def user(number: int) -> None:
        worker = app.test_client()
        worker.set_cookie("session", cookie)
        try:
            for _ in range(10):
                assert worker.get(f"/count/k{number}").status_code == 200
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
    assert not failures, failures
    final = client.get("/show").get_json()
    assert final == {"start": "0", **{f"k{n}": 10 for n in range(8)}}
