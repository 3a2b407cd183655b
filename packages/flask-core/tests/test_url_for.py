"""Tests of ``Flask.url_for`` (and ``flask.url_for``, which delegates to it)."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.routing import BuildError

import flask


@pytest.fixture
def routed(app: flask.Flask) -> flask.Flask:
    @app.route("/")
    def index() -> str:
        return ""

    @app.route("/user/<name>")
    def user(name: str) -> str:
        return ""

    @app.route("/item", methods=["POST"], endpoint="item_post")
    @app.route("/item/get", methods=["GET"], endpoint="item_get")
    def item() -> str:
        return ""

    return app


def test_relative_inside_request(routed: flask.Flask) -> None:
    with routed.test_request_context():
        assert routed.url_for("index") == "/"
        assert routed.url_for("user", name="ann") == "/user/ann"
        assert flask.url_for("user", name="bob") == "/user/bob"


def test_extra_values_become_query(routed: flask.Flask) -> None:
    with routed.test_request_context():
        assert routed.url_for("user", name="a", page=2) == "/user/a?page=2"


def test_external_inside_request(routed: flask.Flask) -> None:
    with routed.test_request_context(base_url="https://site.test"):
        assert routed.url_for("index", _external=True) == "https://site.test/"


def test_scheme_implies_external_inside_request(routed: flask.Flask) -> None:
    with routed.test_request_context():
        assert routed.url_for("index", _scheme="https") == "https://localhost/"


def test_scheme_needs_external(routed: flask.Flask) -> None:
    with routed.test_request_context(), pytest.raises(ValueError, match="_external"):
        routed.url_for("index", _scheme="https", _external=False)


def test_anchor_is_quoted(routed: flask.Flask) -> None:
    with routed.test_request_context():
        assert routed.url_for("index", _anchor="top") == "/#top"
        assert routed.url_for("index", _anchor="a b/c?d") == "/#a%20b/c?d"
        assert routed.url_for("index", _anchor="x#y") == "/#x#y"


def test_method_selects_rule(routed: flask.Flask) -> None:
    with routed.test_request_context():
        assert routed.url_for("item_post", _method="POST") == "/item"
        assert routed.url_for("item_get", _method="GET") == "/item/get"
        with pytest.raises(BuildError):
            routed.url_for("item_post", _method="GET")


def test_relative_endpoint_in_blueprint(app: flask.Flask) -> None:
    bp = flask.Blueprint("shop", __name__)

    @bp.route("/cart")
    def cart() -> str:
        return ""

    @bp.route("/")
    def home() -> str:
        return ""

    @app.route("/cart")
    def app_cart() -> str:
        return ""

    app.register_blueprint(bp, url_prefix="/shop")

    with app.test_request_context("/shop/"):
        assert flask.request.blueprint == "shop"
        assert app.url_for(".cart") == "/shop/cart"
        assert app.url_for("shop.cart") == "/shop/cart"
        assert app.url_for("app_cart") == "/cart"


def test_relative_endpoint_outside_blueprint(routed: flask.Flask) -> None:
    with routed.test_request_context("/"):
        assert routed.url_for(".index") == "/"


def test_outside_request_needs_server_name(routed: flask.Flask) -> None:
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        routed.url_for("index")
    with routed.app_context(), pytest.raises(RuntimeError, match="SERVER_NAME"):
        routed.url_for("index")


def test_outside_request_with_server_name(routed: flask.Flask) -> None:
    routed.config.update(
        SERVER_NAME="example.test",
        APPLICATION_ROOT="/app",
        PREFERRED_URL_SCHEME="https",
    )
    # without any context, the adapter is made on the spot
    assert routed.url_for("user", name="x") == "https://example.test/app/user/x"
    with routed.app_context():
        assert routed.url_for("index") == "https://example.test/app/"
        assert routed.url_for("index", _external=False) == "/app/"
        assert routed.url_for("index", _scheme="http") == "http://example.test/app/"


def test_app_context_adapter_is_used(routed: flask.Flask) -> None:
    routed.config["SERVER_NAME"] = "example.test"
    with routed.app_context() as ctx:
        routed.config["SERVER_NAME"] = "changed.test"
        assert ctx.url_adapter is not None
        assert routed.url_for("index") == "http://example.test/"


def test_url_defaults_are_injected(app: flask.Flask) -> None:
    @app.route("/<lang>/about")
    def about(lang: str) -> str:
        return ""

    @app.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang", "en")

    with app.test_request_context():
        assert app.url_for("about") == "/en/about"
        assert app.url_for("about", lang="de") == "/de/about"


def test_build_error_raised_without_handlers(routed: flask.Flask) -> None:
    with routed.test_request_context(), pytest.raises(BuildError):
        routed.url_for("missing")


def test_build_error_handler_receives_special_values(routed: flask.Flask) -> None:
    received: list[tuple[t.Any, ...]] = []

    def handler(error: Exception, endpoint: str, values: dict[str, t.Any]) -> str:
        received.append((endpoint, dict(values)))
        return "/fallback"

    routed.url_build_error_handlers.append(handler)
    with routed.test_request_context():
        assert routed.url_for("missing", _anchor="a", x=1) == "/fallback"
    endpoint, values = received[0]
    assert endpoint == "missing"
    assert values == {
        "x": 1,
        "_anchor": "a",
        "_method": None,
        "_scheme": None,
        "_external": False,
    }


def test_url_for_in_templates(routed: flask.Flask) -> None:
    with routed.test_request_context():
        template = routed.jinja_env.from_string("{{ url_for('user', name='t') }}")
        assert template.render() == "/user/t"


def test_static_url(app: flask.Flask) -> None:
    with app.test_request_context():
        assert app.url_for("static", filename="css/site.css") == "/static/css/site.css"


@pytest.mark.parametrize("endpoint", [["index"], ["bp.index"], {"index": 1}])
def test_unhashable_endpoint_is_a_type_error(
    routed: flask.Flask, endpoint: t.Any
) -> None:
    with routed.test_request_context(), pytest.raises(TypeError):
        flask.url_for(endpoint)
    routed.config["SERVER_NAME"] = "example.test"
    with routed.app_context(), pytest.raises(TypeError):
        flask.url_for(endpoint)


def test_tuple_endpoint_is_not_found(routed: flask.Flask) -> None:
    with routed.test_request_context(), pytest.raises(BuildError):
        flask.url_for(("index",))  # type: ignore[arg-type]
