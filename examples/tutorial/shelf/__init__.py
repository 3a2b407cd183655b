"""Shelf: a reading list where each reader keeps the books they want to read,
are reading, and have finished.

``create_app`` is the application factory the ``flask`` command finds:
``flask --app shelf run``.
"""

from __future__ import annotations

import os
import typing as t

import flask


def create_app(overrides: t.Mapping[str, t.Any] | None = None) -> flask.Flask:
    """Build and configure a Shelf application.

    Settings come, in order, from the defaults below, from ``FLASK_*``
    environment variables (``FLASK_SECRET_KEY``, ``FLASK_DATABASE``), and
    from ``overrides``, which tests use to point the app at a temporary
    database.
    """
    app = flask.Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="change-me",
        DATABASE=os.path.join(app.instance_path, "shelf.sqlite3"),
    )
    app.config.from_prefixed_env()
    if overrides is not None:
        app.config.from_mapping(overrides)
    os.makedirs(app.instance_path, exist_ok=True)

    from . import accounts, api, books, db

    db.init_app(app)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(books.bp)
    app.register_blueprint(api.bp)

    @app.get("/ping")
    def ping() -> str:
        return "pong"

    return app
