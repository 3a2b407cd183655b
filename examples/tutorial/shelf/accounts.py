"""Readers: signing up, logging in and out, and guarding pages."""

from __future__ import annotations

import functools
import sqlite3
import typing as t

from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response

import flask

from .db import connection

bp = flask.Blueprint("accounts", __name__, url_prefix="/accounts")

View = t.TypeVar("View", bound=t.Callable[..., t.Any])


@bp.before_app_request
def load_reader() -> None:
    """Put the logged-in reader's row (or ``None``) on ``g.reader``."""
    reader_id = flask.session.get("reader_id")
    flask.g.reader = None
    if reader_id is not None:
        flask.g.reader = (
            connection()
            .execute("SELECT * FROM reader WHERE id = ?", (reader_id,))
            .fetchone()
        )


def reader_required(view: View) -> View:
    """Send visitors who are not logged in to the login page first."""

    @functools.wraps(view)
    def guarded(*args: t.Any, **kwargs: t.Any) -> t.Any:
        if flask.g.reader is None:
            return flask.redirect(
                flask.url_for("accounts.login", next=flask.request.path)
            )
        return view(*args, **kwargs)

    return t.cast(View, guarded)


def _form_problem(name: str, password: str) -> str | None:
    """What is wrong with a submitted name and password, if anything."""
    if not name:
        return "Please choose a name."
    if len(password) < 8:
        return "Passwords need at least 8 characters."
    return None


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response:
    """Create a reader account, then log in with it."""
    if flask.request.method == "POST":
        name = flask.request.form.get("name", "").strip()
        password = flask.request.form.get("password", "")
        problem = _form_problem(name, password)
        if problem is None:
            db = connection()
            try:
                db.execute(
                    "INSERT INTO reader (name, password_hash) VALUES (?, ?)",
                    (name, generate_password_hash(password)),
                )
                db.commit()
            except sqlite3.IntegrityError:
                problem = f"The name {name!r} is taken."
            else:
                flask.flash("Welcome! Log in to start your list.")
                return flask.redirect(flask.url_for("accounts.login"))
        flask.flash(problem, "error")
    return flask.render_template("accounts/signup.html")


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site, else the list."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return flask.url_for("books.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Check a name and password and remember the reader in the session."""
    if flask.request.method == "POST":
        name = flask.request.form.get("name", "")
        password = flask.request.form.get("password", "")
        reader = (
            connection()
            .execute("SELECT * FROM reader WHERE name = ?", (name,))
            .fetchone()
        )
        if reader is None or not check_password_hash(reader["password_hash"], password):
            flask.flash("Unknown name or wrong password.", "error")
        else:
            flask.session.clear()
            flask.session["reader_id"] = reader["id"]
            return flask.redirect(_safe_next(flask.request.args.get("next")))
    return flask.render_template("accounts/login.html")


@bp.post("/logout")
def logout() -> Response:
    """Forget the reader."""
    flask.session.clear()
    return flask.redirect(flask.url_for("accounts.login"))
