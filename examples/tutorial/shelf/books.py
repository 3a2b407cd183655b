"""The reading list's pages: see your books, add one, move or remove it."""

from __future__ import annotations

import sqlite3

from werkzeug.wrappers import Response

import flask

from .accounts import reader_required
from .db import STATUSES, connection

bp = flask.Blueprint("books", __name__)


def books_of(reader_id: int) -> list[sqlite3.Row]:
    """A reader's books, oldest first."""
    return (
        connection()
        .execute(
            "SELECT * FROM book WHERE reader_id = ? ORDER BY added, id", (reader_id,)
        )
        .fetchall()
    )


def owned_book(book_id: int) -> sqlite3.Row:
    """A book of the logged-in reader, or a 404 for anyone else's."""
    book = (
        connection()
        .execute(
            "SELECT * FROM book WHERE id = ? AND reader_id = ?",
            (book_id, flask.g.reader["id"]),
        )
        .fetchone()
    )
    if book is None:
        flask.abort(404)
    return book


@bp.get("/")
@reader_required
def index() -> str:
    """The logged-in reader's books, grouped by status."""
    books = books_of(flask.g.reader["id"])
    shelves = {
        status: [b for b in books if b["status"] == status] for status in STATUSES
    }
    return flask.render_template("books/index.html", shelves=shelves)


@bp.post("/books")
@reader_required
def add() -> Response:
    """Add a book to the "to read" shelf."""
    title = flask.request.form.get("title", "").strip()
    author = flask.request.form.get("author", "").strip()
    if not title:
        flask.flash("A book needs a title.", "error")
    else:
        db = connection()
        db.execute(
            "INSERT INTO book (reader_id, title, author) VALUES (?, ?, ?)",
            (flask.g.reader["id"], title, author),
        )
        db.commit()
        flask.flash(f"Added “{title}”.")
    return flask.redirect(flask.url_for("books.index"))


@bp.post("/books/<int:book_id>/status")
@reader_required
def move(book_id: int) -> Response:
    """Put a book on another shelf."""
    book = owned_book(book_id)
    status = flask.request.form.get("status", "")
    if status not in STATUSES:
        flask.abort(400)
    db = connection()
    db.execute("UPDATE book SET status = ? WHERE id = ?", (status, book["id"]))
    db.commit()
    return flask.redirect(flask.url_for("books.index"))


@bp.post("/books/<int:book_id>/remove")
@reader_required
def remove(book_id: int) -> Response:
    """Take a book off the list."""
    book = owned_book(book_id)
    db = connection()
    db.execute("DELETE FROM book WHERE id = ?", (book["id"],))
    db.commit()
    flask.flash(f"Removed “{book['title']}”.")
    return flask.redirect(flask.url_for("books.index"))
