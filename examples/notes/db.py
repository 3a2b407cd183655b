"""The notes database: one SQLite connection per app context."""

from __future__ import annotations

import sqlite3
import typing as t
from dataclasses import dataclass

import flask

#: The largest value an SQLite INTEGER holds; a larger id can name no note
#: (and SQLite refuses to compare with it, raising ``OverflowError``).
MAX_ID = 2**63 - 1

SCHEMA = """
DROP TABLE IF EXISTS note;
CREATE TABLE note (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""


@dataclass
class Note:
    """One stored note."""

    id: int
    title: str
    body: str
    created: str

    def to_json(self) -> dict[str, t.Any]:
        """The note as a JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "created": self.created,
        }


def connection() -> sqlite3.Connection:
    """The current app context's connection, opened on first use."""
    if "db" not in flask.g:
        flask.g.db = sqlite3.connect(flask.current_app.config["DATABASE"])
        flask.g.db.row_factory = sqlite3.Row
    return t.cast(sqlite3.Connection, flask.g.db)


def close_connection(error: BaseException | None = None) -> None:
    """Close the connection when the app context ends."""
    db = flask.g.pop("db", None)
    if db is not None:
        db.close()


def create_schema() -> None:
    """Create the tables, dropping any existing notes."""
    connection().executescript(SCHEMA)


def ensure_schema() -> None:
    """Create the tables if the database is new."""
    found = (
        connection()
        .execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'note'"
        )
        .fetchone()
    )
    if found is None:
        create_schema()


def _note(row: sqlite3.Row) -> Note:
    return Note(
        id=row["id"], title=row["title"], body=row["body"], created=str(row["created"])
    )


def all_notes(limit: int) -> list[Note]:
    """The newest notes first."""
    rows = connection().execute(
        "SELECT * FROM note ORDER BY created DESC, id DESC LIMIT ?", (limit,)
    )
    return [_note(row) for row in rows]


def get_note(note_id: int) -> Note:
    """One note, or a 404 response if there is no such note."""
    if not 1 <= note_id <= MAX_ID:
        flask.abort(404, "no such note")
    row = connection().execute("SELECT * FROM note WHERE id = ?", (note_id,)).fetchone()
    if row is None:
        flask.abort(404, "no such note")
    return _note(row)


def add_note(title: str, body: str) -> int:
    """Store a new note and return its id."""
    db = connection()
    cursor = db.execute("INSERT INTO note (title, body) VALUES (?, ?)", (title, body))
    db.commit()
    return int(t.cast(int, cursor.lastrowid))


def update_note(note_id: int, title: str, body: str) -> None:
    """Change a note's title and body."""
    db = connection()
    db.execute(
        "UPDATE note SET title = ?, body = ? WHERE id = ?", (title, body, note_id)
    )
    db.commit()


def delete_note(note_id: int) -> None:
    """Remove a note."""
    db = connection()
    db.execute("DELETE FROM note WHERE id = ?", (note_id,))
    db.commit()


def init_app(app: flask.Flask) -> None:
    """Wire the database into an app: teardown, schema check and a command."""
    app.teardown_appcontext(close_connection)
    app.before_request(ensure_schema)

    @app.cli.command("init-db")
    def init_db_command() -> None:
        """Create a fresh, empty notes database."""
        create_schema()
        print("Initialized the notes database.")
