"""The SQLite database: one connection per app context, and its commands."""

from __future__ import annotations

import sqlite3

import click

import flask
from flask.cli import with_appcontext

SCHEMA = """
DROP TABLE IF EXISTS book;
DROP TABLE IF EXISTS reader;

CREATE TABLE reader (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE book (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reader_id INTEGER NOT NULL REFERENCES reader (id),
    title TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'to-read'
        CHECK (status IN ('to-read', 'reading', 'finished')),
    added TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""

#: The states a book moves through, in the order the pages show them.
STATUSES = ("to-read", "reading", "finished")


def connection() -> sqlite3.Connection:
    """The connection of the current app context, opened on first use."""
    if "db" not in flask.g:
        opened = sqlite3.connect(flask.current_app.config["DATABASE"])
        opened.row_factory = sqlite3.Row
        opened.execute("PRAGMA foreign_keys = ON")
        flask.g.db = opened
    db: sqlite3.Connection = flask.g.db
    return db


def close_connection(error: BaseException | None = None) -> None:
    """Close the connection, if this app context opened one."""
    opened = flask.g.pop("db", None)
    if opened is not None:
        opened.close()


def create_tables() -> None:
    """Create empty tables, dropping any existing data."""
    connection().executescript(SCHEMA)


@click.command("create-db")
@with_appcontext
def create_db_command() -> None:
    """Create an empty database (existing data is lost)."""
    create_tables()
    click.echo("Created an empty database.")


@click.command("shelf-report")
@click.argument("name")
@with_appcontext
def report_command(name: str) -> None:
    """Count one reader's books in each status."""
    db = connection()
    reader = db.execute("SELECT id FROM reader WHERE name = ?", (name,)).fetchone()
    if reader is None:
        raise click.ClickException(f"No reader is called {name!r}.")
    counts = dict(
        db.execute(
            "SELECT status, COUNT(*) FROM book WHERE reader_id = ? GROUP BY status",
            (reader["id"],),
        ).fetchall()
    )
    for status in STATUSES:
        click.echo(f"{status}: {counts.get(status, 0)}")


def init_app(app: flask.Flask) -> None:
    """Close connections at the end of each app context; add the commands."""
    app.teardown_appcontext(close_connection)
    app.cli.add_command(create_db_command)
    app.cli.add_command(report_command)
