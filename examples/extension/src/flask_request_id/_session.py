"""The session-bound part: imported only when flask-sessions is installed and
the app's ``REQUEST_ID_SESSION`` setting does not turn it off."""

from __future__ import annotations

import typing as t

import flask
from flask.sessions import NullSession

#: The session key holding the first request ID of the session.
SESSION_KEY = "_request_id_first"


def _usable() -> bool:
    """Whether the session can store anything (an app without a secret key
    gets a :class:`~flask.sessions.NullSession`, which refuses writes)."""
    return not isinstance(flask.session, NullSession)


def remember(current: str) -> None:
    """Store ``current`` as the session's first request ID, unless one is there."""
    if _usable() and SESSION_KEY not in flask.session:
        flask.session[SESSION_KEY] = current


def first_request_id() -> str | None:
    """The session's first request ID; during that first request, its own."""
    if not _usable():
        return None
    found = flask.session.get(SESSION_KEY)
    if found is None:
        from ._extension import request_id

        return request_id()
    return t.cast(str, found)
