"""Notes: a small demo application for modular Flask.

It keeps notes in an SQLite database in the app's instance folder and shows
the parts of Flask the distributions provide: blueprints, templates, message
flashing (flask-sessions), a JSON API (flask-json), a command (flask-cli),
and a signal receiver (flask-signals).
"""

from __future__ import annotations

import os
import typing as t

import flask

from . import api, db, pages


def create_app(test_config: t.Mapping[str, t.Any] | None = None) -> flask.Flask:
    """Build the notes application.

    ``test_config`` replaces the settings read from the environment, so that
    tests can point the app at a temporary database.
    """
    app = flask.Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev-only-secret",
        DATABASE=os.path.join(app.instance_path, "notes.sqlite3"),
        NOTES_PER_PAGE=50,
    )
    if test_config is None:
        app.config.from_prefixed_env("NOTES")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp, url_prefix="/api")

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        return flask.render_template("notes/not_found.html"), 404

    return app
