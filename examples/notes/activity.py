"""A signal receiver: log every message the app flashes to its users.

It needs flask-signals; :func:`init_app` connects it only when that
distribution is installed, so the demo also runs without it.
"""

from __future__ import annotations

import typing as t

import flask
from flask import seams


def log_flashed_message(
    sender: flask.Flask, message: str, category: str, **extra: t.Any
) -> None:
    """Receive ``message_flashed``: one INFO line per message shown."""
    sender.logger.info("flashed %s: %s", category, message)


def init_app(app: flask.Flask) -> None:
    """Connect the receiver to this app's ``message_flashed`` signal, if
    flask-signals is installed."""
    if seams.is_installed("flask.signals"):
        from flask import signals

        signals.message_flashed.connect(log_flashed_message, app)
