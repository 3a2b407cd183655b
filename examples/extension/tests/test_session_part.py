"""The optional, session-bound part: remembering a session's first request ID.

It depends on flask-sessions, which the extension declares only as the extra
``sessions``. These tests run in both kinds of installation; each test states
which one it is for, and the other skips it.
"""

from __future__ import annotations

import sys

import pytest
from werkzeug.test import Client

from conftest import make_app
from flask import seams
from flask_request_id import first_request_id

SESSIONS = seams.is_installed("flask.sessions")
with_sessions = pytest.mark.skipif(not SESSIONS, reason="needs flask-sessions")
without_sessions = pytest.mark.skipif(SESSIONS, reason="for flask-core alone")


@with_sessions
def test_the_first_request_id_of_a_session_is_remembered(client: Client) -> None:
    first = client.get("/first", headers={"X-Request-ID": "visit-start"})
    assert first.get_data(as_text=True) == "visit-start"
    later = client.get("/first", headers={"X-Request-ID": "visit-later"})
    assert later.headers["X-Request-ID"] == "visit-later"
    assert later.get_data(as_text=True) == "visit-start"


@with_sessions
def test_a_new_session_starts_over() -> None:
    app = make_app(SECRET_KEY="tests")
    Client(app).get("/", headers={"X-Request-ID": "one-visitor"})
    other = Client(app).get("/first", headers={"X-Request-ID": "another"})
    assert other.get_data(as_text=True) == "another"


@with_sessions
def test_the_session_is_written_once(client: Client) -> None:
    assert "Set-Cookie" in client.get("/").headers
    assert "Set-Cookie" not in client.get("/").headers


@with_sessions
def test_without_a_secret_key_nothing_is_stored_and_nothing_fails() -> None:
    client = Client(make_app())
    response = client.get("/first")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "None"
    assert "Set-Cookie" not in response.headers


@with_sessions
def test_the_session_part_can_be_turned_off() -> None:
    client = Client(make_app(SECRET_KEY="tests", REQUEST_ID_SESSION=False))
    response = client.get("/first")
    assert response.get_data(as_text=True) == "None"
    assert "Set-Cookie" not in response.headers


@with_sessions
def test_required_session_part_is_on(client: Client) -> None:
    app = make_app(SECRET_KEY="tests", REQUEST_ID_SESSION=True)
    response = Client(app).get("/first", headers={"X-Request-ID": "kept"})
    assert response.get_data(as_text=True) == "kept"


@without_sessions
def test_without_flask_sessions_the_session_part_is_off() -> None:
    client = Client(make_app(SECRET_KEY="tests"))
    response = client.get("/first", headers={"X-Request-ID": "alone"})
    assert response.headers["X-Request-ID"] == "alone"
    assert response.get_data(as_text=True) == "None"
    assert "Set-Cookie" not in response.headers
    assert "flask.sessions" not in sys.modules


@without_sessions
def test_requiring_the_session_part_names_the_missing_distribution() -> None:
    with pytest.raises(seams.MissingDistributionError) as caught:
        make_app(SECRET_KEY="tests", REQUEST_ID_SESSION=True)
    assert caught.value.distribution == "flask-sessions"
    assert "REQUEST_ID_SESSION" in str(caught.value)


def test_first_request_id_outside_the_session_part_is_none() -> None:
    app = make_app(REQUEST_ID_SESSION=False)
    with app.test_request_context():
        assert first_request_id() is None
