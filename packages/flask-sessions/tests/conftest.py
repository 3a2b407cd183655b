"""Fixtures shared by the flask-sessions tests: a small app with a secret
key and its test client, and for server-side sessions a real
``redis-server``, a SQLite file and the stores on them."""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import pytest

import flask
import flask._speedups as speedups

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redis_server import RedisServer

if t.TYPE_CHECKING:
    import redis

    from flask.session_stores.base import SessionStore
    from flask.testing import FlaskClient

#: The stores every server-side session test runs against.
STORE_KINDS = ("memory", "redis", "sqlalchemy")


@pytest.fixture
def app() -> flask.Flask:
    """A testing app with a secret key, so that sessions are signed."""
    application = flask.Flask("sessions_tests")
    application.config.update(TESTING=True, SECRET_KEY="test secret key")
    return application


@pytest.fixture
def client(app: flask.Flask) -> FlaskClient:
    """The test client of :func:`app`."""
    return app.test_client()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[RedisServer]:
    """A ``redis-server`` on 127.0.0.1 for the whole test run. Without the
    program the tests fail and say how to install it."""
    try:
        server = RedisServer(tmp_path_factory.mktemp("redis"))
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> t.Iterator[redis.Redis]:
    """A redis-py client on an emptied server."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a SQLite file of this test's own."""
    return f"sqlite:///{tmp_path / 'sessions.sqlite3'}"


def make_store(kind: str, request: pytest.FixtureRequest) -> SessionStore:
    """A store of ``kind`` on this test's server or database."""
    if kind == "memory":
        from flask.session_stores.memory_store import MemoryStore

        return MemoryStore()
    if kind == "redis":
        from flask.session_stores.redis_store import RedisStore

        return RedisStore(request.getfixturevalue("redis_client"))
    from flask.session_stores.sql_store import SQLStore

    store = SQLStore.from_url(request.getfixturevalue("sqlite_url"))
    request.addfinalizer(store.engine.dispose)
    return store


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest) -> SessionStore:
    """Each store in turn."""
    return make_store(request.param, request)


@pytest.fixture
def server_app(app: flask.Flask, store: SessionStore) -> flask.Flask:
    """The test app with server-side sessions in :func:`store`."""
    from flask.session_stores.interface import ServerSideSessionInterface

    app.session_interface = ServerSideSessionInterface(store)
    return app


#: Why a test marked ``speedups`` does not run with the switch set.
_NEEDS_SPEEDUPS = (
    "checks that a speed shortcut is taken, which"
    f" {speedups.SWITCH}=1 turns off (flask-core's test_speedups_switch.py"
    " checks that)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "speedups: the test checks that a speed shortcut is taken, so it runs"
        " only with the shortcuts on",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if speedups.ENABLED:
        return
    skip = pytest.mark.skip(reason=_NEEDS_SPEEDUPS)
    for item in items:
        if item.get_closest_marker("speedups") is not None:
            item.add_marker(skip)
