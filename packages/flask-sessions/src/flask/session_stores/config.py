"""Choosing server-side sessions with configuration keys, Flask-Session's names.

:func:`flask.sessions.session_interface_for` calls :func:`interface_from_config`
when ``SESSION_TYPE`` is set, the first time an app reads its
``session_interface``. The keys it reads:

* ``SESSION_TYPE``: ``"redis"``, ``"sqlalchemy"`` or ``"memory"``;
* ``SESSION_PERMANENT`` (``True``): sessions are permanent unless
  ``session.permanent`` says otherwise;
* ``SESSION_ID_LENGTH`` (``32``): bytes of randomness in a session id;
* Redis: ``SESSION_REDIS`` (a redis-py client), else ``SESSION_REDIS_URL``
  (:data:`DEFAULT_REDIS_URL`); ``SESSION_KEY_PREFIX`` (``"session:"``);
* SQL: ``SESSION_SQLALCHEMY`` (an SQLAlchemy ``Engine`` or a
  Flask-SQLAlchemy object, with ``SESSION_SQLALCHEMY_BIND_KEY``), else
  ``SESSION_SQLALCHEMY_URL``, else a SQLite file
  (:data:`DEFAULT_SQLITE_FILE`) in the instance folder;
  ``SESSION_SQLALCHEMY_TABLE`` (``"flask_sessions"``) and
  ``SESSION_SQLALCHEMY_SCHEMA``.

Flask-Session keys that change nothing here: ``SESSION_USE_SIGNER`` (ids are
always signed), ``SESSION_SERIALIZATION_FORMAT`` (always tagged JSON),
``SESSION_SQLALCHEMY_SEQUENCE`` and ``SESSION_CLEANUP_N_REQUESTS`` (run
``flask sessions clean`` instead). Its types ``memcached``, ``filesystem``,
``cachelib``, ``mongodb`` and ``dynamodb`` are not offered.
"""

from __future__ import annotations

import os
import typing as t

from .. import seams
from .interface import ServerSideSessionInterface

if t.TYPE_CHECKING:
    from ..app import Flask
    from .base import SessionStore

#: The values ``SESSION_TYPE`` may take.
SESSION_TYPES = ("redis", "sqlalchemy", "memory")

#: Flask-Session's session types that have no store here.
UNSUPPORTED_TYPES = ("memcached", "filesystem", "cachelib", "mongodb", "dynamodb")

#: The Redis server used when neither ``SESSION_REDIS`` nor
#: ``SESSION_REDIS_URL`` is set (Flask-Session's default too).
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

#: The SQLite file, in the app's instance folder, used when no database is
#: configured for ``SESSION_TYPE = "sqlalchemy"``.
DEFAULT_SQLITE_FILE = "sessions.sqlite3"


def interface_from_config(app: Flask) -> ServerSideSessionInterface:
    """The server-side session interface ``app.config`` describes.

    Raises :exc:`ValueError` for a ``SESSION_TYPE`` that is not offered.
    """
    config = app.config
    kind = str(config["SESSION_TYPE"]).lower()
    if kind == "redis":
        store = _redis_store(app)
    elif kind == "sqlalchemy":
        store = _sql_store(app)
    elif kind == "memory":
        from .memory_store import MemoryStore

        store = MemoryStore()
    else:
        why = (
            " Flask-Session offers it, modular Flask does not."
            if kind in UNSUPPORTED_TYPES
            else ""
        )
        raise ValueError(
            f"SESSION_TYPE {config['SESSION_TYPE']!r} is not a session type of"
            f" modular Flask; use one of {', '.join(map(repr, SESSION_TYPES))}"
            f" (or leave it unset for signed-cookie sessions).{why}"
        )
    return ServerSideSessionInterface(
        store,
        permanent=bool(config.get("SESSION_PERMANENT", True)),
        id_length=int(config.get("SESSION_ID_LENGTH", 32)),
    )


def _require(module: str, extra: str, requirement: str) -> None:
    """Raise a :exc:`ModuleNotFoundError` that names the library to install
    when a store's client library is missing."""
    if not seams.is_installed(module):
        raise ModuleNotFoundError(
            f"SESSION_TYPE = {extra!r} needs the {module} package, which is"
            f" not installed: 'python -m pip install \"{requirement}\"' adds"
            " it to this environment.",
            name=module,
        )


def _redis_store(app: Flask) -> SessionStore:
    _require("redis", "redis", "redis>=5.2")
    from .redis_store import RedisStore

    prefix = app.config.get("SESSION_KEY_PREFIX", "session:")
    client = app.config.get("SESSION_REDIS")
    if client is not None:
        return RedisStore(client, prefix)
    url = app.config.get("SESSION_REDIS_URL") or DEFAULT_REDIS_URL
    return RedisStore.from_url(url, prefix)


def _sql_store(app: Flask) -> SessionStore:
    _require("sqlalchemy", "sqlalchemy", "sqlalchemy>=2.0.36")
    import sqlalchemy as sa

    from .sql_store import SQLStore

    config = app.config
    options: dict[str, t.Any] = {
        "table": config.get("SESSION_SQLALCHEMY_TABLE") or "flask_sessions",
        "schema": config.get("SESSION_SQLALCHEMY_SCHEMA"),
    }
    given = config.get("SESSION_SQLALCHEMY")
    if isinstance(given, sa.Engine):
        return SQLStore(given, **options)
    if given is not None:  # Flask-SQLAlchemy: its engines need an app context
        with app.app_context():
            engine = given.engines[config.get("SESSION_SQLALCHEMY_BIND_KEY")]
        return SQLStore(engine, **options)
    url = config.get("SESSION_SQLALCHEMY_URL")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, DEFAULT_SQLITE_FILE)
    return SQLStore.from_url(url, **options)
