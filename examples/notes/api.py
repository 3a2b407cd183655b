"""A JSON API over the same notes.

Every answer is JSON, errors included (``{"error": "..."}``, see
:mod:`notes.errors`). Bodies are checked as strictly as the HTML form's:
a JSON object with a text ``title`` and an optional text ``body``, nothing else.
"""

from __future__ import annotations

import typing as t

import flask

from . import db
from .validation import InvalidNote, clean_note

URL_PREFIX = "/api"

bp = flask.Blueprint("api", __name__)

_NOTE_FIELDS = frozenset({"title", "body"})


@bp.get("/notes")
def list_notes() -> flask.Response:
    """The newest notes as JSON."""
    notes = db.all_notes(flask.current_app.config["NOTES_PER_PAGE"])
    response: flask.Response = flask.jsonify(notes=[n.to_json() for n in notes])
    return response


@bp.get("/notes/<int:note_id>")
def get_note(note_id: int) -> dict[str, t.Any]:
    """One note as JSON."""
    return db.get_note(note_id).to_json()


@bp.post("/notes")
def create_note() -> tuple[dict[str, t.Any], int]:
    """Add a note from a JSON body ``{"title": ..., "body": ...}``."""
    data = _json_object()
    unexpected = sorted(set(data) - _NOTE_FIELDS)
    if unexpected:
        flask.abort(400, f"unexpected fields: {', '.join(unexpected)}")
    try:
        title, body = clean_note(data.get("title"), data.get("body", ""))
    except InvalidNote as problem:
        flask.abort(400, str(problem))
    note_id = db.add_note(title, body)
    return db.get_note(note_id).to_json(), 201


@bp.delete("/notes/<int:note_id>")
def delete_note(note_id: int) -> tuple[str, int]:
    """Remove a note; answers 204 No Content."""
    db.delete_note(db.get_note(note_id).id)
    return "", 204


def _json_object() -> dict[str, t.Any]:
    """The request body, which must be a JSON object.

    A body that is not JSON (or not sent as ``application/json``) ends in the
    400 or 415 error ``get_json`` raises. flask-core 0.1.0 let the
    ``RecursionError`` of a deeply nested body escape as a 500; it is
    answered with a 400 here as well.
    """
    try:
        data = flask.request.get_json()
    except RecursionError:
        flask.abort(400, "The JSON body is nested too deeply.")
    if not isinstance(data, dict):
        flask.abort(400, "send a JSON object with a non-empty 'title'")
    return data
