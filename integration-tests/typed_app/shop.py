"""A small, fully typed application over flask-full's public API.

The integration tests type-check it with ``mypy --strict`` and pyright
(strict) against the *installed wheels*, then run it: the annotations our
distributions ship must let typical application code check cleanly.
"""

from __future__ import annotations

import typing as t

import click
from werkzeug.wrappers import Response as BaseResponse

import flask
from flask import Blueprint, Flask, abort, g, jsonify, request, session, url_for
from flask.json.provider import DefaultJSONProvider
from flask.signals import request_finished
from flask.testing import FlaskClient
from flask.typing import ResponseReturnValue
from flask.views import MethodView

catalog = Blueprint("catalog", __name__, url_prefix="/items")
ITEMS: dict[int, str] = {1: "teapot", 2: "kettle"}


class SortedJSONProvider(DefaultJSONProvider):
    """Writes object keys in order, compactly."""

    sort_keys = True
    compact = True


@catalog.get("/")
def list_items() -> flask.Response:
    """Every item, as JSON."""
    return jsonify(items=[{"id": k, "name": v} for k, v in sorted(ITEMS.items())])


@catalog.get("/<int:item_id>")
def show_item(item_id: int) -> dict[str, t.Any]:
    """One item, or 404."""
    if item_id not in ITEMS:
        abort(404)
    return {"id": item_id, "name": ITEMS[item_id]}


class Basket(MethodView):
    """The visitor's basket, kept in the session."""

    def get(self) -> ResponseReturnValue:
        """What is in the basket."""
        contents: list[int] = session.get("basket", [])
        return {"basket": contents}

    def post(self) -> ResponseReturnValue:
        """Add the item named in the JSON body, then go back to the basket."""
        payload: dict[str, t.Any] = request.get_json(silent=True) or {}
        item_id = int(payload.get("id", 0))
        if item_id not in ITEMS:
            return {"error": "no such item"}, 400
        session["basket"] = [*session.get("basket", []), item_id]
        flask.flash(f"Added {ITEMS[item_id]}.")
        return flask.redirect(url_for("basket"))


class ShopFlask(Flask):
    """The application class, with its own JSON provider."""

    json_provider_class = SortedJSONProvider


def create_app(config: t.Mapping[str, t.Any] | None = None) -> ShopFlask:
    """The shop application."""
    app = ShopFlask(__name__)
    app.config.from_mapping(SECRET_KEY="typed", TESTING=True)
    if config is not None:
        app.config.from_mapping(config)
    app.register_blueprint(catalog)
    app.add_url_rule("/basket", view_func=Basket.as_view("basket"))

    @app.before_request
    def remember_start() -> None:
        g.path = request.path

    @app.after_request
    def tag_response(response: flask.Response) -> flask.Response:
        response.headers["X-Shop"] = str(g.get("path", "?"))
        return response

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[dict[str, str], int]:
        return {"error": "not found"}, 404

    @app.cli.command("count")
    @click.option("--twice", is_flag=True)
    def count(twice: bool) -> None:
        """Print how many items there are."""
        click.echo(len(ITEMS) * (2 if twice else 1))

    return app


def logged(sender: Flask, response: BaseResponse, **extra: object) -> None:
    """A signal receiver with the parameters request_finished sends."""
    sender.logger.debug("answered %s", response.status)


def exercise(client: FlaskClient) -> list[int]:
    """Talk to the shop; return the status codes seen."""
    codes = [client.get("/items/").status_code, client.get("/items/9").status_code]
    codes.append(client.post("/basket", json={"id": 1}).status_code)
    codes.append(client.get("/basket").status_code)
    return codes


def main() -> None:
    """Run the shop once through the test client and its CLI."""
    app = create_app()
    request_finished.connect(logged, app)
    with app.test_client() as client:
        codes = exercise(client)
        basket = client.get("/basket").get_json()
    output = app.test_cli_runner().invoke(args=["count", "--twice"]).output
    print(codes, basket, output.strip())


if __name__ == "__main__":
    main()
