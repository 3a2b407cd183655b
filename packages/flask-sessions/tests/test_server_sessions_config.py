"""Selecting server-side sessions by configuration, with Flask-Session's keys."""

from __future__ import annotations

import sqlite3
import typing as t
from pathlib import Path

import pytest

import flask
from flask.session_stores.interface import ServerSideSessionInterface
from flask.session_stores.memory_store import MemoryStore
from flask.sessions import SecureCookieSessionInterface
from server_side import add_session_views, interface_of, session_cookie, session_id

if t.TYPE_CHECKING:
    from redis_server import RedisServer


def configured_app(tmp_path: Path, **config: t.Any) -> flask.Flask:
    app = flask.Flask("configured", instance_path=str(tmp_path / "instance"))
    app.config.update(TESTING=True, SECRET_KEY="configured key", **config)
    add_session_views(app)
    return app


def test_without_session_type_sessions_live_in_signed_cookies(
    tmp_path: Path,
) -> None:
    app = configured_app(tmp_path)
    assert type(app.session_interface) is SecureCookieSessionInterface
    assert app.session_interface is flask.Flask.session_interface


def test_memory(tmp_path: Path) -> None:
    app = configured_app(tmp_path, SESSION_TYPE="memory")
    assert isinstance(interface_of(app).store, MemoryStore)
    client = app.test_client()
    client.get("/set/a/1")
    assert client.get("/show").get_json() == {"a": "1"}


def test_redis_from_a_url(
    tmp_path: Path, redis_server: RedisServer, redis_client: t.Any
) -> None:
    app = configured_app(
        tmp_path,
        SESSION_TYPE="redis",
        SESSION_REDIS_URL=redis_server.url,
        SESSION_KEY_PREFIX="myapp:",
    )
    client = app.test_client()
    client.get("/set/a/1")
    assert redis_client.hgetall(f"myapp:{session_id(client)}") == {
        b"format": b"1",
        b"v:a": b'"1"',
    }


def test_redis_from_a_client(
    tmp_path: Path, redis_server: RedisServer, redis_client: t.Any
) -> None:
    import redis

    decoding = redis.Redis.from_url(redis_server.url, decode_responses=True)
    app = configured_app(tmp_path, SESSION_TYPE="Redis", SESSION_REDIS=decoding)
    client = app.test_client()
    client.get("/set/a/1")
    assert client.get("/show").get_json() == {"a": "1"}
    assert redis_client.exists(f"session:{session_id(client)}")
    decoding.close()


def test_sql_from_a_url(tmp_path: Path) -> None:
    database = tmp_path / "given.sqlite3"
    app = configured_app(
        tmp_path,
        SESSION_TYPE="sqlalchemy",
        SESSION_SQLALCHEMY_URL=f"sqlite:///{database}",
        SESSION_SQLALCHEMY_TABLE="web_sessions",
    )
    client = app.test_client()
    client.get("/set/a/1")
    with sqlite3.connect(database) as raw:
        assert raw.execute("select key, value from web_sessions_values").fetchall() == [
            ("a", '"1"')
        ]
    interface_of(app).store.engine.dispose()  # type: ignore[attr-defined]


def test_sql_defaults_to_a_sqlite_file_in_the_instance_folder(tmp_path: Path) -> None:
    app = configured_app(tmp_path, SESSION_TYPE="sqlalchemy")
    client = app.test_client()
    client.get("/set/a/1")
    database = tmp_path / "instance" / "sessions.sqlite3"
    with sqlite3.connect(database) as raw:
        assert raw.execute("select count(*) from flask_sessions").fetchone() == (1,)
    interface_of(app).store.engine.dispose()  # type: ignore[attr-defined]


def test_sql_from_an_engine_or_a_flask_sqlalchemy_object(tmp_path: Path) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'engine.sqlite3'}")
    app = configured_app(tmp_path, SESSION_TYPE="sqlalchemy", SESSION_SQLALCHEMY=engine)
    assert interface_of(app).store.engine is engine  # type: ignore[attr-defined]

    class FlaskSQLAlchemyLike:
        """Flask-SQLAlchemy 3's shape: engines by bind key, only in an app
        context."""

        @property
        def engines(self) -> dict[str | None, sa.Engine]:
            assert flask.current_app
            return {None: sa.create_engine("sqlite://"), "sessions": engine}

    other = configured_app(
        tmp_path,
        SESSION_TYPE="sqlalchemy",
        SESSION_SQLALCHEMY=FlaskSQLAlchemyLike(),
        SESSION_SQLALCHEMY_BIND_KEY="sessions",
    )
    assert interface_of(other).store.engine is engine  # type: ignore[attr-defined]
    client = other.test_client()
    client.get("/set/a/1")
    assert client.get("/show").get_json() == {"a": "1"}
    engine.dispose()


def test_a_table_of_another_layout_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    with sqlite3.connect(database) as raw:  # Flask-Session's table
        raw.execute(
            "create table sessions (id integer primary key, session_id text,"
            " data blob, expiry datetime)"
        )
    app = configured_app(
        tmp_path,
        SESSION_TYPE="sqlalchemy",
        SESSION_SQLALCHEMY_URL=f"sqlite:///{database}",
        SESSION_SQLALCHEMY_TABLE="sessions",
    )
    app.testing = False
    response = app.test_client().get("/set/a/1")
    assert response.status_code == 500
    with pytest.raises(RuntimeError, match="SESSION_SQLALCHEMY_TABLE"):
        interface_of(app).store.load("any")
    interface_of(app).store.engine.dispose()  # type: ignore[attr-defined]


def test_flask_session_options(tmp_path: Path) -> None:
    app = configured_app(
        tmp_path,
        SESSION_TYPE="memory",
        SESSION_PERMANENT=False,
        SESSION_ID_LENGTH=16,
        SESSION_USE_SIGNER=False,  # ids are signed all the same
        SESSION_SERIALIZATION_FORMAT="msgpack",  # always tagged JSON
    )
    client = app.test_client()
    response = client.get("/set/a/1")
    assert "Expires=" not in response.headers["Set-Cookie"]
    cookie = session_cookie(client)
    assert cookie is not None
    sid, signature = cookie.rsplit(".", 1)
    assert len(sid) == 22 and len(signature) == 43


def test_sessions_are_permanent_by_default(tmp_path: Path) -> None:
    app = configured_app(tmp_path, SESSION_TYPE="memory")
    response = app.test_client().get("/set/a/1")
    assert "Expires=" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("kind", ["filesystem", "mongodb", "null"])
def test_session_types_not_offered_are_named(tmp_path: Path, kind: str) -> None:
    app = configured_app(tmp_path, SESSION_TYPE=kind)
    with pytest.raises(ValueError, match="'redis', 'sqlalchemy', 'memory'") as error:
        app.session_interface  # noqa: B018
    assert ("Flask-Session offers it" in str(error.value)) == (kind != "null")


def test_an_assigned_interface_wins_over_the_configuration(tmp_path: Path) -> None:
    app = configured_app(tmp_path, SESSION_TYPE="redis")
    chosen = ServerSideSessionInterface(MemoryStore())
    app.session_interface = chosen
    client = app.test_client()
    client.get("/set/a/1")
    assert app.session_interface is chosen
    assert client.get("/show").get_json() == {"a": "1"}


def test_each_app_follows_its_own_configuration(tmp_path: Path) -> None:
    cookies = configured_app(tmp_path)
    server = configured_app(tmp_path, SESSION_TYPE="memory")
    assert type(cookies.session_interface) is SecureCookieSessionInterface
    assert type(server.session_interface) is ServerSideSessionInterface
    assert server.session_interface is server.session_interface
    assert type(flask.Flask.session_interface) is SecureCookieSessionInterface


@pytest.mark.parametrize(
    ("kind", "module"), [("redis", "redis"), ("sqlalchemy", "sqlalchemy")]
)
def test_a_missing_client_library_names_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, module: str
) -> None:
    from flask import seams

    real = seams.is_installed
    monkeypatch.setattr(
        seams, "is_installed", lambda name: name != module and real(name)
    )
    app = configured_app(tmp_path, SESSION_TYPE=kind)
    with pytest.raises(ModuleNotFoundError, match=rf"pip install \"{kind}>=") as error:
        app.session_interface  # noqa: B018
    assert error.value.name == module
