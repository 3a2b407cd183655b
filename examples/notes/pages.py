"""The HTML pages: list, create, edit and delete notes."""

from __future__ import annotations

from werkzeug.wrappers import Response

import flask

from . import db
from .validation import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, InvalidNote, clean_note

bp = flask.Blueprint("pages", __name__)


@bp.context_processor
def limits() -> dict[str, int]:
    """The length limits, for the forms' ``maxlength`` attributes."""
    return {"title_max_length": TITLE_MAX_LENGTH, "body_max_length": BODY_MAX_LENGTH}


def _read_form() -> tuple[str, str, str | None]:
    """The submitted title and body, and what is wrong with them (or ``None``)."""
    title = flask.request.form.get("title", "")
    body = flask.request.form.get("body", "")
    try:
        title, body = clean_note(title, body)
    except InvalidNote as problem:
        return title, body, str(problem)
    return title, body, None


@bp.get("/")
def index() -> str:
    """Every note, newest first, with a form to add one."""
    notes = db.all_notes(flask.current_app.config["NOTES_PER_PAGE"])
    return flask.render_template("notes/index.html", notes=notes)


@bp.post("/notes")
def create() -> Response | tuple[str, int]:
    """Add a note from the form on the index page."""
    title, body, problem = _read_form()
    if problem is not None:
        flask.flash(problem, "error")
        notes = db.all_notes(flask.current_app.config["NOTES_PER_PAGE"])
        return flask.render_template("notes/index.html", notes=notes), 400
    note_id = db.add_note(title, body)
    flask.flash(f"Saved “{title}”.", "success")
    return flask.redirect(flask.url_for("pages.show", note_id=note_id))


@bp.get("/notes/<int:note_id>")
def show(note_id: int) -> str:
    """One note, with a form to change it."""
    return flask.render_template("notes/show.html", note=db.get_note(note_id))


@bp.post("/notes/<int:note_id>")
def update(note_id: int) -> Response | tuple[str, int]:
    """Save changes to a note."""
    note = db.get_note(note_id)
    title, body, problem = _read_form()
    if problem is not None:
        flask.flash(problem, "error")
        return flask.render_template("notes/show.html", note=note), 400
    db.update_note(note.id, title, body)
    flask.flash("Note updated.", "success")
    return flask.redirect(flask.url_for("pages.show", note_id=note.id))


@bp.post("/notes/<int:note_id>/delete")
def delete(note_id: int) -> Response:
    """Remove a note and go back to the list."""
    note = db.get_note(note_id)
    db.delete_note(note.id)
    flask.flash(f"Deleted “{note.title}”.", "success")
    return flask.redirect(flask.url_for("pages.index"))
