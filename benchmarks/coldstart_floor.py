"""The cold-start scenario of ``coldstart_app.py`` without any Flask: the
same two answers built directly on Werkzeug and Jinja (a URL map, a request
handler, a Jinja environment, Werkzeug's test client). What it costs is the
floor under both implementations' cold start::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        ../.venvs/bench-modular/bin/python coldstart_floor.py
"""

from __future__ import annotations

import json
import typing as t

import jinja2
from werkzeug.routing import Map, Rule
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

ITEMS = [{"name": f"item {number}", "price": number * 3} for number in range(10)]
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader("templates"), autoescape=True
)
URLS = Map([Rule("/", endpoint="page"), Rule("/api/items", endpoint="items")])


@Request.application  # type: ignore[arg-type]
def application(request: Request) -> Response:
    """Answer the page and the JSON view of ``coldstart_app.py``."""
    endpoint, _ = URLS.bind_to_environ(request.environ).match()
    if endpoint == "page":
        page = TEMPLATES.get_template("items.html")
        return Response(page.render(title="Items", items=ITEMS), mimetype="text/html")
    body: dict[str, t.Any] = {"items": ITEMS, "count": len(ITEMS)}
    return Response(json.dumps(body), mimetype="application/json")


if __name__ == "__main__":
    client = Client(application)
    if b"item 9: 27" not in client.get("/").data:
        raise SystemExit("unexpected page")
    if client.get("/api/items").get_json()["count"] != len(ITEMS):
        raise SystemExit("unexpected JSON")
