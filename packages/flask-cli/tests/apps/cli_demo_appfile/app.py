"""Found when the folder has no wsgi.py; built by a factory."""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    application = Flask("from_app_py")

    @application.route("/hello")
    def hello() -> str:
        return "hello"

    return application
