"""URL rules: methods, automatic OPTIONS and HEAD, slashes, redirects,
converters, custom map and rule classes, subdomains and hosts."""

from __future__ import annotations

import pathlib
import typing as t

import pytest
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.test import Client

import flask


def allowed(response: t.Any) -> set[str]:
    return {m.strip() for m in response.headers["Allow"].split(",")}


# -- methods ------------------------------------------------------------------------


def test_default_method_is_get(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return flask.request.method

    assert client.get("/").data == b"GET"
    assert client.head("/").status_code == 200
    response = client.post("/")
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "OPTIONS"}


def test_methods_are_upper_cased(app: flask.Flask, client: Client) -> None:
    @app.route("/", methods=["post", "Put"])
    def index() -> str:
        return flask.request.method

    assert client.post("/").data == b"POST"
    assert client.put("/").data == b"PUT"
    assert client.get("/").status_code == 405


def test_methods_must_not_be_a_string(app: flask.Flask) -> None:
    with pytest.raises(TypeError, match="Allowed methods must be a list of strings"):
        app.add_url_rule("/", "index", lambda: "", methods="POST")


def test_methods_from_view_attribute(app: flask.Flask, client: Client) -> None:
    def view() -> str:
        return flask.request.method

    view.methods = ["PATCH"]  # type: ignore[attr-defined]
    app.add_url_rule("/", view_func=view)
    # Explicit methods win over the attribute.
    app.add_url_rule("/other", "other", view, methods=["DELETE"])
    assert client.patch("/").data == b"PATCH"
    assert client.get("/").status_code == 405
    assert client.delete("/other").data == b"DELETE"
    assert client.patch("/other").status_code == 405


def test_required_methods_are_added(app: flask.Flask, client: Client) -> None:
    def view() -> str:
        return flask.request.method

    view.required_methods = ["PUT"]  # type: ignore[attr-defined]
    app.add_url_rule("/", view_func=view, methods=["GET"])
    assert client.put("/").data == b"PUT"
    assert client.get("/").data == b"GET"


# -- automatic OPTIONS and HEAD -------------------------------------------------------


def test_automatic_options(app: flask.Flask, client: Client) -> None:
    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        return "never for OPTIONS"

    response = client.options("/")
    assert response.status_code == 200
    assert response.data == b""
    assert allowed(response) == {"GET", "HEAD", "POST", "OPTIONS"}
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "index")
    assert rule.provide_automatic_options is True  # type: ignore[attr-defined]


def test_options_handled_by_view_when_listed(app: flask.Flask, client: Client) -> None:
    @app.route("/", methods=["OPTIONS"])
    def index() -> str:
        return "custom options"

    assert client.options("/").data == b"custom options"
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "index")
    assert rule.provide_automatic_options is False  # type: ignore[attr-defined]


def test_automatic_options_disabled_by_argument(
    app: flask.Flask, client: Client
) -> None:
    app.add_url_rule("/", "index", lambda: "x", provide_automatic_options=False)
    assert client.options("/").status_code == 405


def test_automatic_options_disabled_by_view_attribute(
    app: flask.Flask, client: Client
) -> None:
    def view() -> str:
        return "x"

    view.provide_automatic_options = False  # type: ignore[attr-defined]
    app.add_url_rule("/", view_func=view)
    assert client.options("/").status_code == 405


def test_automatic_options_forced_by_view_attribute(
    app: flask.Flask, client: Client
) -> None:
    def view() -> str:
        return "x"

    view.provide_automatic_options = True  # type: ignore[attr-defined]
    app.add_url_rule("/", view_func=view, methods=["GET", "OPTIONS"])
    response = client.options("/")
    assert response.data == b""
    assert "GET" in allowed(response)


def test_automatic_options_disabled_by_config(app: flask.Flask, client: Client) -> None:
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.add_url_rule("/", "index", lambda: "x")
    assert client.options("/").status_code == 405
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "index")
    assert rule.methods == {"GET", "HEAD"}


def test_head_runs_get_without_body(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return "body"

    response = client.head("/")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Content-Length"] == "4"


# -- rules and endpoints -----------------------------------------------------------


def test_endpoint_defaults_to_function_name(app: flask.Flask) -> None:
    @app.route("/")
    def home() -> str:
        return ""

    assert app.view_functions["home"] is home
    with app.test_request_context():
        assert flask.url_for("home") == "/"


def test_endpoint_overwrite_is_refused(app: flask.Flask) -> None:
    def first() -> str:
        return "1"

    def second() -> str:
        return "2"

    app.add_url_rule("/a", "shared", first)
    app.add_url_rule("/b", "shared", first)  # the same function again is fine
    with pytest.raises(AssertionError, match="overwriting an existing endpoint"):
        app.add_url_rule("/c", "shared", second)


def test_rule_without_view(app: flask.Flask, client: Client) -> None:
    app.add_url_rule("/later", "later")
    assert "later" not in app.view_functions
    app.view_functions["later"] = lambda: "bound later"
    assert client.get("/later").data == b"bound later"


def test_rule_options_are_passed(app: flask.Flask, client: Client) -> None:
    @app.route("/page/", defaults={"number": 1})
    @app.route("/page/<int:number>")
    def page(number: int) -> str:
        return f"page {number}"

    assert client.get("/page/").data == b"page 1"
    assert client.get("/page/7").data == b"page 7"


def test_strict_slashes(app: flask.Flask, client: Client) -> None:
    @app.route("/folder/")
    def folder() -> str:
        return "folder"

    @app.route("/loose", strict_slashes=False)
    def loose() -> str:
        return "loose"

    response = client.get("/folder")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/folder/")
    assert client.get("/loose/").data == b"loose"


def test_redirect_to(app: flask.Flask, client: Client) -> None:
    @app.route("/new/<int:item>")
    def new(item: int) -> str:
        return str(item)

    app.add_url_rule("/old/<int:item>", "old", redirect_to="/new/<item>")
    response = client.get("/old/3")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/new/3")


def test_builtin_converters(app: flask.Flask, client: Client) -> None:
    @app.route("/int/<int:value>")
    def as_int(value: int) -> str:
        return type(value).__name__

    @app.route("/path/<path:value>")
    def as_path(value: str) -> str:
        return value

    assert client.get("/int/12").data == b"int"
    assert client.get("/int/x").status_code == 404
    assert client.get("/path/a/b/c").data == b"a/b/c"


def test_custom_converter(app: flask.Flask, client: Client) -> None:
    class ListConverter(BaseConverter):
        def to_python(self, value: str) -> list[str]:
            return value.split(",")

        def to_url(self, value: t.Any) -> str:
            return ",".join(BaseConverter.to_url(self, item) for item in value)

    app.url_map.converters["list"] = ListConverter

    @app.route("/items/<list:names>")
    def items(names: list[str]) -> str:
        return "|".join(names)

    assert client.get("/items/a,b").data == b"a|b"
    with app.test_request_context():
        assert flask.url_for("items", names=["x", "y"]) == "/items/x,y"


def test_custom_url_map_and_rule_classes(tmp_path: pathlib.Path) -> None:
    class TaggedRule(Rule):
        pass

    class TaggedMap(Map):
        pass

    class CustomApp(flask.Flask):
        url_rule_class = TaggedRule
        url_map_class = TaggedMap

    app = CustomApp("flask_core_probe", root_path=str(tmp_path))
    app.add_url_rule("/", "index", lambda: "")
    assert isinstance(app.url_map, TaggedMap)
    assert all(isinstance(rule, TaggedRule) for rule in app.url_map.iter_rules())


def test_url_map_strict_slashes_setting(app: flask.Flask, client: Client) -> None:
    app.url_map.strict_slashes = False

    @app.route("/x")
    def x() -> str:
        return "x"

    assert client.get("/x/").data == b"x"


# -- subdomains and hosts ---------------------------------------------------------


def test_subdomain_routes(tmp_path: pathlib.Path) -> None:
    app = flask.Flask(
        "flask_core_probe", root_path=str(tmp_path), subdomain_matching=True
    )
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/")
    def root() -> str:
        return "root"

    @app.route("/", subdomain="api", endpoint="api_root")
    def api_root() -> str:
        return "api"

    @app.route("/who", subdomain="<user>")
    def who(user: str) -> str:
        return user

    client = Client(app, app.response_class)
    assert client.get("/", "http://example.test/").data == b"root"
    assert client.get("/", "http://api.example.test/").data == b"api"
    assert client.get("/who", "http://alice.example.test/").data == b"alice"
    with app.test_request_context():
        assert flask.url_for("api_root") == "http://api.example.test/"


def test_host_matching(tmp_path: pathlib.Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.txt").write_text("static file")
    app = flask.Flask(
        "flask_core_probe",
        root_path=str(tmp_path),
        host_matching=True,
        static_host="static.test",
    )
    assert app.url_map.host_matching is True

    @app.route("/", host="one.test")
    def one() -> str:
        return "one"

    @app.route("/", host="two.test", endpoint="two")
    def two() -> str:
        return "two"

    client = Client(app, app.response_class)
    assert client.get("/", "http://one.test/").data == b"one"
    assert client.get("/", "http://two.test/").data == b"two"
    assert client.get("/", "http://three.test/").status_code == 404
    response = client.get("/static/a.txt", "http://static.test/")
    assert response.data == b"static file"
    response.close()
