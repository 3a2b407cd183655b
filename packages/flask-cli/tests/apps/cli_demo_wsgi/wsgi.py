"""Found first when no app is named."""

from __future__ import annotations

from flask import Flask

app = Flask("from_wsgi")


@app.route("/wsgi")
def wsgi_index() -> str:
    return "wsgi"
