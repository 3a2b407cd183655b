"""Notes: a small demo application for modular Flask.

It keeps notes in an SQLite database in the app's instance folder and shows
the parts of Flask the distributions provide: blueprints, templates, message
flashing (flask-sessions), a JSON API (flask-json) that the page's script
uses, a command (flask-cli), and a receiver of the ``message_flashed``
signal that logs every flashed message (flask-signals; connected only when
that distribution is installed, see :mod:`notes.activity`).

What it accepts is bounded: titles and bodies are checked the same way for
the form and the API (:mod:`notes.validation`), request bodies are limited
by ``MAX_CONTENT_LENGTH``, and every error under ``/api`` is answered in
JSON (:mod:`notes.errors`).
"""

from __future__ import annotations

import os
import typing as t

import flask

from . import activity, api, db, errors, pages


def create_app(test_config: t.Mapping[str, t.Any] | None = None) -> flask.Flask:
    """Build the notes application.

    Settings come from ``NOTES_*`` environment variables (for example
    ``NOTES_DATABASE``); ``test_config`` replaces them, so that tests can point
    the app at a temporary database.
    """
    app = flask.Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev-only-secret",
        DATABASE=os.path.join(app.instance_path, "notes.sqlite3"),
        NOTES_PER_PAGE=50,
        # A note is at most 10,000 characters; even written as JSON escapes
        # or percent-encoded UTF-8 it stays well under this many bytes.
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    if test_config is None:
        app.config.from_prefixed_env("NOTES")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    errors.init_app(app)
    activity.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp, url_prefix=api.URL_PREFIX)
    return app
