"""A session store in an SQL database, through SQLAlchemy Core.

It needs SQLAlchemy (as the ``sqlalchemy`` extra brings). Two tables (created when
first needed): ``<table>`` with one row per session (``id``, ``expires``,
naive UTC) and ``<table>_values`` with one row per session key
(``session_id``, ``key``, ``value``). A save is one transaction that first
updates the session's row, which locks it (or, on SQLite, the database)
against other saves of the same session, and then rewrites only the changed
keys' rows. Expired rows are removed by :meth:`SQLStore.delete_expired`,
which the ``flask sessions clean`` command runs.

Keys longer than 255 characters cannot be stored on databases that limit
the length of indexed text (MySQL).
"""

from __future__ import annotations

import contextlib
import threading
import typing as t
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from .base import SessionStore, SessionStoreUnavailable, SessionUpdate

#: Errors that mean the database cannot be used right now (gone, refusing
#: connections, locked), as opposed to mistakes in the query or the schema.
_UNAVAILABLE_ERRORS = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.DisconnectionError,
    sa.exc.TimeoutError,
)


def _utcnow() -> datetime:
    """The current time as a naive UTC datetime, as the table stores it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class SQLStore(SessionStore):
    """Session records in two SQL tables.

    :param engine: the SQLAlchemy engine to use.
    :param table: name of the sessions table (``SESSION_SQLALCHEMY_TABLE``);
        the values table is named after it, with ``_values`` appended.
    :param schema: the tables' schema (``SESSION_SQLALCHEMY_SCHEMA``).
    :param clock: the current time as a naive UTC datetime (tests may pass
        their own).
    """

    def __init__(
        self,
        engine: sa.Engine,
        table: str = "flask_sessions",
        schema: str | None = None,
        clock: t.Callable[[], datetime] = _utcnow,
    ) -> None:
        self.engine = engine
        self.metadata = sa.MetaData(schema=schema)
        #: One row per session.
        self.sessions = sa.Table(
            table,
            self.metadata,
            sa.Column("id", sa.String(128), primary_key=True),
            sa.Column("expires", sa.DateTime(), nullable=False, index=True),
        )
        #: One row per session key.
        self.values = sa.Table(
            f"{table}_values",
            self.metadata,
            sa.Column("session_id", sa.String(128), primary_key=True),
            sa.Column("key", sa.String(255), primary_key=True),
            sa.Column("value", sa.Text(), nullable=False),
        )
        self._clock = clock
        self._tables_ready = False
        self._tables_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **options: t.Any) -> SQLStore:
        """A store on a new engine for the database ``url``. Pooled
        connections are checked before use, so the store recovers from a
        database restart without a failed request."""
        return cls(sa.create_engine(url, pool_pre_ping=True), **options)

    # -- plumbing ----------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self, transaction: bool) -> t.Iterator[sa.Connection]:
        """A connection (in a transaction if asked), with unreachable-database
        errors reported as :class:`SessionStoreUnavailable`."""
        try:
            self._create_tables()
            if transaction:
                with self.engine.begin() as connection:
                    yield connection
            else:
                with self.engine.connect() as connection:
                    yield connection
        except _UNAVAILABLE_ERRORS as error:
            raise SessionStoreUnavailable() from error

    def _create_tables(self) -> None:
        """Create the tables once per store, if they do not exist."""
        if self._tables_ready:
            return
        with self._tables_lock:
            if not self._tables_ready:
                self.metadata.create_all(self.engine, checkfirst=True)
                self._check_layout()
                self._tables_ready = True

    def _check_layout(self) -> None:
        """Refuse tables of the same names that were made for something else
        (for example Flask-Session's ``sessions`` table)."""
        inspector = sa.inspect(self.engine)
        for table in (self.sessions, self.values):
            found = {c["name"] for c in inspector.get_columns(table.name, table.schema)}
            expected = {c.name for c in table.columns}
            if not expected <= found:
                raise RuntimeError(
                    f"The table {table.name!r} exists but does not have the"
                    f" layout of the SQL session store (columns"
                    f" {sorted(expected)}, found {sorted(found)}). Choose"
                    " another name with SESSION_SQLALCHEMY_TABLE."
                )

    def _expires(self, lifetime: timedelta) -> datetime:
        return self._clock() + lifetime

    # -- SessionStore --------------------------------------------------------------

    def load(
        self, session_id: str, refresh: timedelta | None = None
    ) -> dict[str, str] | None:
        """One query, the session's row joined with its values; with
        ``refresh``, in a transaction that first updates the row's expiry."""
        sessions, values = self.sessions, self.values
        now = self._clock()
        query = (
            sa.select(values.c.key, values.c.value)
            .select_from(
                sessions.outerjoin(values, values.c.session_id == sessions.c.id)
            )
            .where(sessions.c.id == session_id, sessions.c.expires > now)
        )
        with self._connection(transaction=refresh is not None) as connection:
            if refresh is not None:
                renewed = connection.execute(
                    sa.update(sessions)
                    .where(sessions.c.id == session_id, sessions.c.expires > now)
                    .values(expires=now + refresh)
                )
                if renewed.rowcount != 1:
                    return None
            rows = connection.execute(query).all()
        if not rows:
            return None
        return {key: value for key, value in rows if key is not None}

    def save(self, session_id: str, update: SessionUpdate) -> bool:
        """One transaction."""
        sessions, values = self.sessions, self.values
        expires = self._expires(update.lifetime)
        with self._connection(transaction=True) as connection:
            if update.new:
                connection.execute(
                    sa.insert(sessions).values(id=session_id, expires=expires)
                )
            else:
                source = update.previous_id or session_id
                claimed = connection.execute(
                    sa.update(sessions)
                    .where(sessions.c.id == source, sessions.c.expires > self._clock())
                    .values(id=session_id, expires=expires)
                )
                if claimed.rowcount != 1:
                    return False
                if update.previous_id is not None:
                    connection.execute(
                        sa.update(values)
                        .where(values.c.session_id == update.previous_id)
                        .values(session_id=session_id)
                    )
            rewritten = [*update.changed, *update.removed]
            if rewritten:
                connection.execute(
                    sa.delete(values).where(
                        values.c.session_id == session_id,
                        values.c.key.in_(rewritten),
                    )
                )
            if update.changed:
                connection.execute(
                    sa.insert(values),
                    [
                        {"session_id": session_id, "key": key, "value": text}
                        for key, text in update.changed.items()
                    ],
                )
        return True

    def delete(self, session_id: str) -> None:
        """Delete the session's row and its values' rows."""
        with self._connection(transaction=True) as connection:
            connection.execute(
                sa.delete(self.values).where(self.values.c.session_id == session_id)
            )
            connection.execute(
                sa.delete(self.sessions).where(self.sessions.c.id == session_id)
            )

    def delete_expired(self) -> int:
        """Delete expired sessions and their values in one transaction."""
        sessions, values = self.sessions, self.values
        now = self._clock()
        expired = sa.select(sessions.c.id).where(sessions.c.expires <= now)
        with self._connection(transaction=True) as connection:
            connection.execute(
                sa.delete(values).where(values.c.session_id.in_(expired))
            )
            result = connection.execute(
                sa.delete(sessions).where(sessions.c.expires <= now)
            )
            return int(result.rowcount)
