"""The cold-start scenario: one whole process, from nothing to two responses.

``python coldstart_app.py`` imports Flask, creates an application with one
template view and one JSON view, and asks for each once through the test
client, as a test suite's first test or a short-lived script would. Written
against Flask's public API only, so the very same file runs on real Flask
3.1.3 and on modular Flask; ``coldstart.py`` times whole processes of it
(and ``coldstart_stages.py`` counts the instructions of each step).
"""

from __future__ import annotations

from flask import Flask, render_template
from flask.testing import FlaskClient

ITEMS = [{"name": f"item {number}", "price": number * 3} for number in range(10)]


def create_app() -> Flask:
    """An application with a template view and a JSON view."""
    app = Flask(__name__)

    @app.route("/")
    def page() -> str:
        return render_template("items.html", title="Items", items=ITEMS)

    @app.route("/api/items")
    def items() -> dict[str, object]:
        return {"items": ITEMS, "count": len(ITEMS)}

    return app


def request_page(client: FlaskClient) -> None:
    """Ask for the template view; fail loudly on a wrong answer."""
    page = client.get("/")
    if page.status_code != 200 or b"item 9: 27" not in page.data:
        raise SystemExit(f"unexpected page: {page.status_code} {page.data!r}")


def request_json(client: FlaskClient) -> None:
    """Ask for the JSON view; fail loudly on a wrong answer."""
    data = client.get("/api/items")
    if data.status_code != 200 or data.get_json()["count"] != len(ITEMS):
        raise SystemExit(f"unexpected JSON: {data.status_code} {data.data!r}")


if __name__ == "__main__":
    client = create_app().test_client()
    request_page(client)
    request_json(client)
