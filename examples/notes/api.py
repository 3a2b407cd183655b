"""A JSON API over the same notes."""

from __future__ import annotations

import typing as t

import flask

from . import db

bp = flask.Blueprint("api", __name__)


@bp.get("/notes")
def list_notes() -> flask.Response:
    """Every note as JSON."""
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
    data = flask.request.get_json(silent=True)
    if not isinstance(data, dict) or not str(data.get("title", "")).strip():
        return {"error": "send a JSON object with a non-empty 'title'"}, 400
    note_id = db.add_note(str(data["title"]).strip(), str(data.get("body", "")))
    return db.get_note(note_id).to_json(), 201


@bp.errorhandler(404)
def not_found(error: Exception) -> tuple[dict[str, str], int]:
    """Answer API 404s in JSON rather than HTML."""
    return {"error": "no such note"}, 404
