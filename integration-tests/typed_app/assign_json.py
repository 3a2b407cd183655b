"""Replacing an application's JSON provider by assignment, as Flask documents."""

from __future__ import annotations

from flask import Flask
from flask.json.provider import DefaultJSONProvider


class CompactJSONProvider(DefaultJSONProvider):
    """Writes JSON without spaces."""

    compact = True


app = Flask(__name__)
app.json = CompactJSONProvider(app)
