"""When the store is down: requests that need the session get a clear 503
and a log line, requests that do not are served and lose nothing, and the
sessions work again once the store is back."""

from __future__ import annotations

import logging
import sqlite3
import typing as t
from pathlib import Path

import pytest

import flask
from flask.session_stores.interface import ServerSideSessionInterface
from redis_server import RedisServer
from server_side import add_session_views, session_cookie

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


@pytest.fixture
def own_redis(tmp_path: Path, redis_server: RedisServer) -> t.Iterator[RedisServer]:
    """A ``redis-server`` of this test's own, which keeps its data on disk so
    that it survives a restart. (``redis_server`` is asked for first, so a
    missing program fails the test with its explanation.)"""
    server = RedisServer(tmp_path / "own-redis", persistent=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_app(app: flask.Flask, own_redis: RedisServer) -> flask.Flask:
    """The test app with its sessions in :func:`own_redis`, and a view that
    stops the server between loading and saving its session."""
    from flask.session_stores.redis_store import RedisStore

    app.session_interface = ServerSideSessionInterface(
        RedisStore.from_url(own_redis.url)
    )
    add_session_views(app)

    @app.route("/read-then-lose-the-store")
    def read_then_lose_the_store() -> flask.Response:
        flask.session["b"] = "2"
        own_redis.stop()
        return flask.redirect("/elsewhere")

    return app


def assert_unavailable(response: t.Any) -> None:
    assert response.status_code == 503
    assert b"session store is unavailable" in response.data
    assert "Set-Cookie" not in response.headers


def test_redis_outage_and_recovery(
    redis_app: flask.Flask,
    own_redis: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = redis_app.test_client()
    client.get("/set/a/1")
    cookie = session_cookie(client)

    own_redis.stop()
    with caplog.at_level(logging.ERROR, logger=redis_app.logger.name):
        assert_unavailable(client.get("/show"))
        assert_unavailable(client.get("/set/a/9"))
    assert len(caplog.records) == 2
    assert (
        caplog.records[0]
        .getMessage()
        .startswith(
            "Session store unavailable while loading a session: ConnectionError"
        )
    )

    untouched = client.get("/untouched")
    assert untouched.status_code == 200 and untouched.data == b"untouched"
    assert session_cookie(client) == cookie

    own_redis.restart()
    assert client.get("/show").get_json() == {"a": "1"}
    assert client.get("/set/b/2").status_code == 200
    assert client.get("/show").get_json() == {"a": "1", "b": "2"}


def test_losing_redis_before_the_save(
    redis_app: flask.Flask,
    own_redis: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = redis_app.test_client()
    client.get("/set/a/1")

    with caplog.at_level(logging.ERROR, logger=redis_app.logger.name):
        response = client.get("/read-then-lose-the-store")
    assert_unavailable(response)
    assert "Location" not in response.headers
    assert "while saving a session" in caplog.records[-1].getMessage()

    own_redis.restart()
    assert client.get("/show").get_json() == {"a": "1"}


def test_a_locked_database(
    app: flask.Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlalchemy as sa

    from flask.session_stores.sql_store import SQLStore

    database = tmp_path / "sessions.sqlite3"
    engine = sa.create_engine(f"sqlite:///{database}", connect_args={"timeout": 0.1})
    app.session_interface = ServerSideSessionInterface(SQLStore(engine))
    add_session_views(app)
    client: FlaskClient = app.test_client()
    client.get("/set/a/1")

    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("begin exclusive")
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        assert_unavailable(client.get("/show"))
    assert "OperationalError" in caplog.records[-1].getMessage()
    assert client.get("/untouched").status_code == 200

    blocker.execute("rollback")
    blocker.close()
    assert client.get("/set/b/2").status_code == 200
    assert client.get("/show").get_json() == {"a": "1", "b": "2"}
    engine.dispose()


def test_the_app_may_render_its_own_503_page(
    redis_app: flask.Flask, own_redis: RedisServer
) -> None:
    @redis_app.errorhandler(503)
    def unavailable(error: Exception) -> tuple[str, int]:
        return "our own page", 503

    client = redis_app.test_client()
    client.get("/set/a/1")
    own_redis.stop()
    response = client.get("/show")
    assert response.status_code == 503 and response.data == b"our own page"
