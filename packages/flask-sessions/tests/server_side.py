"""Helpers of the server-side session tests."""

from __future__ import annotations

import typing as t
from datetime import timedelta

import flask
from flask.session_stores.base import SessionStore, SessionUpdate
from flask.session_stores.interface import ServerSideSessionInterface

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


class CountingStore(SessionStore):
    """A real store, with a record of which of its methods were called."""

    def __init__(self, inner: SessionStore) -> None:
        self.inner = inner
        self.calls: list[tuple[str, t.Any]] = []

    def names(self) -> list[str]:
        """The methods called, in order."""
        return [name for name, _ in self.calls]

    def load(
        self, session_id: str, refresh: timedelta | None = None
    ) -> dict[str, str] | None:
        self.calls.append(("load", refresh))
        return self.inner.load(session_id, refresh)

    def save(self, session_id: str, update: SessionUpdate) -> bool:
        self.calls.append(("save", update))
        return self.inner.save(session_id, update)

    def delete(self, session_id: str) -> None:
        self.calls.append(("delete", session_id))
        self.inner.delete(session_id)

    def delete_expired(self) -> int:
        self.calls.append(("delete_expired", None))
        return self.inner.delete_expired()


def session_cookie(client: FlaskClient, name: str = "session") -> str | None:
    """The value of the client's session cookie, if it has one."""
    cookie = client.get_cookie(name)
    return None if cookie is None else cookie.value


def session_id(client: FlaskClient) -> str:
    """The session id in the client's (signed) session cookie."""
    value = session_cookie(client)
    assert value is not None, "the client has no session cookie"
    return value.rsplit(".", 1)[0]


def add_session_views(app: flask.Flask) -> None:
    """``/set/<key>/<value>``, ``/pop/<key>``, ``/show``, ``/untouched``."""

    @app.route("/set/<key>/<value>")
    def set_value(key: str, value: str) -> str:
        flask.session[key] = value
        return "set"

    @app.route("/pop/<key>")
    def pop_value(key: str) -> str:
        flask.session.pop(key, None)
        return "popped"

    @app.route("/show")
    def show() -> dict[str, t.Any]:
        return dict(flask.session)

    @app.route("/untouched")
    def untouched() -> str:
        return "untouched"


def interface_of(app: flask.Flask) -> ServerSideSessionInterface:
    """The app's server-side session interface."""
    interface = app.session_interface
    assert isinstance(interface, ServerSideSessionInterface)
    return interface
