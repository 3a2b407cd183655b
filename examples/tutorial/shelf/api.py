"""The JSON API: the same reading list, for scripts and the page's JavaScript.

It uses the session cookie of the pages, so a logged-in browser can call it.
Errors are answered in JSON too.
"""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import HTTPException

import flask

from .books import books_of, owned_book
from .db import STATUSES, connection

bp = flask.Blueprint("api", __name__, url_prefix="/api")


def book_json(row: t.Any) -> dict[str, t.Any]:
    """One book as the API shows it."""
    return {
        "id": row["id"],
        "title": row["title"],
        "author": row["author"],
        "status": row["status"],
        "added": row["added"],
    }


@bp.before_request
def require_reader() -> tuple[dict[str, str], int] | None:
    """Answer 401 to callers who are not logged in."""
    if flask.g.reader is None:
        return {"error": "Log in first."}, 401
    return None


@bp.errorhandler(HTTPException)
def error_as_json(error: HTTPException) -> tuple[dict[str, t.Any], int]:
    """Turn aborts inside the API into JSON bodies."""
    return {"error": error.description}, error.code or 500


@bp.get("/books")
def list_books() -> list[dict[str, t.Any]]:
    """Every book of the reader; ``?status=reading`` keeps one shelf."""
    status = flask.request.args.get("status")
    books = books_of(flask.g.reader["id"])
    return [book_json(b) for b in books if status is None or b["status"] == status]


@bp.post("/books")
def add_book() -> tuple[dict[str, t.Any], int, dict[str, str]]:
    """Add a book from ``{"title": ..., "author": ...}``."""
    data = flask.request.get_json()
    title = str(data.get("title", "")).strip() if isinstance(data, dict) else ""
    if not title:
        flask.abort(400, description="Send a JSON object with a non-empty 'title'.")
    db = connection()
    cursor = db.execute(
        "INSERT INTO book (reader_id, title, author) VALUES (?, ?, ?)",
        (flask.g.reader["id"], title, str(data.get("author", "")).strip()),
    )
    db.commit()
    book = owned_book(t.cast(int, cursor.lastrowid))
    location = flask.url_for("api.get_book", book_id=book["id"])
    return book_json(book), 201, {"Location": location}


@bp.get("/books/<int:book_id>")
def get_book(book_id: int) -> dict[str, t.Any]:
    """One book."""
    return book_json(owned_book(book_id))


@bp.patch("/books/<int:book_id>")
def update_book(book_id: int) -> dict[str, t.Any]:
    """Change a book's ``status`` (and, if given, its title or author)."""
    book = owned_book(book_id)
    data = flask.request.get_json()
    if not isinstance(data, dict):
        flask.abort(400, description="Send a JSON object.")
    status = data.get("status", book["status"])
    if status not in STATUSES:
        flask.abort(400, description=f"'status' is one of {', '.join(STATUSES)}.")
    title = str(data.get("title", book["title"])).strip() or book["title"]
    author = str(data.get("author", book["author"])).strip()
    db = connection()
    db.execute(
        "UPDATE book SET status = ?, title = ?, author = ? WHERE id = ?",
        (status, title, author, book["id"]),
    )
    db.commit()
    return book_json(owned_book(book_id))
