"""Tests for flask.wrappers: Flask's Request and Response classes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import typing as t

import pytest
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    RequestEntityTooLarge,
    UnsupportedMediaType,
)
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse

import flask
from flask.debughelpers import DebugFilesKeyError
from flask.wrappers import Request, Response


def _request(**builder_args: t.Any) -> Request:
    return Request(EnvironBuilder(**builder_args).get_environ())


def _run_isolated(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# -- Request: class-level defaults -------------------------------------------


def test_request_defaults_without_app() -> None:
    req = _request()
    assert req.url_rule is None
    assert req.view_args is None
    assert req.routing_exception is None
    assert req.endpoint is None
    assert req.blueprint is None
    assert req.blueprints == []


def test_request_limits_fall_back_to_werkzeug_without_app() -> None:
    req = _request()
    assert req.max_content_length == WerkzeugRequest.max_content_length
    assert req.max_form_memory_size == WerkzeugRequest.max_form_memory_size
    assert req.max_form_parts == WerkzeugRequest.max_form_parts


def test_request_limits_come_from_app_config(app: flask.Flask) -> None:
    app.config.update(MAX_CONTENT_LENGTH=10, MAX_FORM_MEMORY_SIZE=20, MAX_FORM_PARTS=30)
    req = _request()
    with app.app_context():
        assert req.max_content_length == 10
        assert req.max_form_memory_size == 20
        assert req.max_form_parts == 30
    assert req.max_content_length is None


def test_request_limits_can_be_set_per_request(app: flask.Flask) -> None:
    app.config.update(MAX_CONTENT_LENGTH=10, MAX_FORM_MEMORY_SIZE=20, MAX_FORM_PARTS=30)
    req = _request()
    req.max_content_length = 1
    req.max_form_memory_size = 2
    req.max_form_parts = 3
    assert req._max_content_length == 1
    with app.app_context():
        assert (
            req.max_content_length,
            req.max_form_memory_size,
            req.max_form_parts,
        ) == (
            1,
            2,
            3,
        )
    other = _request()
    with app.app_context():
        assert other.max_content_length == 10


def test_request_limit_properties_are_settable_properties() -> None:
    for name in ("max_content_length", "max_form_memory_size", "max_form_parts"):
        member = Request.__dict__[name]
        assert isinstance(member, property)
        assert member.fset is not None
        assert member.__doc__


def test_max_content_length_rejects_large_body(
    app: flask.Flask, client: Client
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 8

    @app.post("/")
    def upload() -> str:
        return str(len(flask.request.get_data()))

    assert client.post("/", data=b"x" * 8).get_data(as_text=True) == "8"
    assert client.post("/", data=b"x" * 9).status_code == 413


def test_per_request_limit_overrides_config(app: flask.Flask, client: Client) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 4

    @app.post("/")
    def upload() -> str:
        flask.request.max_content_length = 100
        return str(len(flask.request.get_data()))

    assert client.post("/", data=b"x" * 50).get_data(as_text=True) == "50"


def test_max_form_parts_from_config(app: flask.Flask, client: Client) -> None:
    app.config["MAX_FORM_PARTS"] = 2

    @app.post("/")
    def form() -> str:
        return ",".join(sorted(flask.request.form))

    ok = client.post("/", data={"a": "1", "b": "2"}, content_type="multipart/form-data")
    assert ok.get_data(as_text=True) == "a,b"
    too_many = client.post(
        "/", data={"a": "1", "b": "2", "c": "3"}, content_type="multipart/form-data"
    )
    assert too_many.status_code == 413


def test_max_form_memory_size_from_config(app: flask.Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 5
    with (
        app.test_request_context(
            "/", method="POST", data={"f": "123456"}, content_type="multipart/form-data"
        ),
        pytest.raises(RequestEntityTooLarge),
    ):
        _ = flask.request.form["f"]


# -- Request: routing information --------------------------------------------


def test_endpoint_and_view_args(app: flask.Flask, client: Client) -> None:
    seen: dict[str, t.Any] = {}

    @app.route("/item/<int:item_id>")
    def item(item_id: int) -> str:
        seen["endpoint"] = flask.request.endpoint
        seen["view_args"] = flask.request.view_args
        seen["rule"] = flask.request.url_rule.rule  # type: ignore[union-attr]
        seen["blueprint"] = flask.request.blueprint
        seen["blueprints"] = flask.request.blueprints
        return ""

    client.get("/item/3")
    assert seen == {
        "endpoint": "item",
        "view_args": {"item_id": 3},
        "rule": "/item/<int:item_id>",
        "blueprint": None,
        "blueprints": [],
    }


def test_routing_exception_recorded(app: flask.Flask) -> None:
    with app.test_request_context("/does-not-exist"):
        assert isinstance(flask.request.routing_exception, HTTPException)
        assert flask.request.routing_exception.code == 404
        assert flask.request.url_rule is None


def test_blueprint_names_for_nested_blueprints(
    app: flask.Flask, client: Client
) -> None:
    parent = flask.Blueprint("parent", __name__, url_prefix="/p")
    child = flask.Blueprint("child", __name__, url_prefix="/c")
    seen: dict[str, t.Any] = {}

    @child.route("/")
    def index() -> str:
        seen["endpoint"] = flask.request.endpoint
        seen["blueprint"] = flask.request.blueprint
        seen["blueprints"] = flask.request.blueprints
        return ""

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/p/c/")
    assert seen == {
        "endpoint": "parent.child.index",
        "blueprint": "parent.child",
        "blueprints": ["parent.child", "parent"],
    }


def test_blueprint_follows_endpoint_of_assigned_rule() -> None:
    class FakeRule:
        endpoint = "outer.inner.view"

    req = _request()
    req.url_rule = FakeRule()  # type: ignore[assignment]
    assert req.endpoint == "outer.inner.view"
    assert req.blueprint == "outer.inner"
    assert req.blueprints == ["outer.inner", "outer"]


# -- Request: JSON -----------------------------------------------------------


def test_request_json_module_is_lazy() -> None:
    printed = _run_isolated(
        """
        import sys
        import flask.wrappers as w
        from flask import seams
        print("flask.json" in sys.modules)
        if seams.is_installed("flask.json"):
            module = w.Request.json_module
            print(module is sys.modules["flask.json"])
            print(w.Response.json_module is module)
        else:
            for cls in (w.Request, w.Response):
                try:
                    cls.json_module
                except seams.MissingDistributionError:
                    print(True)
        """
    )
    assert printed.split() == ["False", "True", "True"]


def test_json_module_missing_distribution_is_explained() -> None:
    printed = _run_isolated(
        """
        import flask._addons as addons
        import flask.seams as seams
        addons.is_installed = lambda module: False
        import flask.wrappers as w
        for cls in (w.Request, w.Response):
            try:
                cls.json_module
            except seams.MissingDistributionError as error:
                print(error.distribution)
        """
    )
    assert printed.split() == ["flask-json", "flask-json"]


def test_json_module_can_be_overridden_by_subclass() -> None:
    class Custom(Request):
        json_module = json

    assert Custom.json_module is json
    assert _request(json={"a": 1}).__class__ is Request
    custom = Custom(EnvironBuilder(json={"a": [1, 2]}).get_environ())
    assert custom.get_json() == {"a": [1, 2]}


class _StdlibJSONRequest(Request):
    """Parses JSON with the standard library, so these tests need only
    flask-core."""

    json_module = json


def _json_echo_app(app: flask.Flask) -> None:
    app.request_class = _StdlibJSONRequest

    @app.post("/")
    def index() -> str:
        return repr(flask.request.get_json())


def test_bad_json_is_400_without_details(app: flask.Flask, client: Client) -> None:
    _json_echo_app(app)
    app.testing = False
    response = client.post("/", data="{bad", content_type="application/json")
    assert response.status_code == 400
    assert "Failed to decode JSON" not in response.get_data(as_text=True)


def test_bad_json_in_debug_keeps_message(app: flask.Flask) -> None:
    app.debug = True
    app.request_class = _StdlibJSONRequest
    with (
        app.test_request_context(
            "/", method="POST", data="{bad", content_type="application/json"
        ),
        pytest.raises(BadRequest) as info,
    ):
        flask.request.get_json()
    assert "Failed to decode JSON object" in str(info.value.description)


def test_bad_json_outside_debug_hides_message(app: flask.Flask) -> None:
    app.debug = False
    app.request_class = _StdlibJSONRequest
    with (
        app.test_request_context(
            "/", method="POST", data="{bad", content_type="application/json"
        ),
        pytest.raises(BadRequest) as info,
    ):
        flask.request.get_json()
    assert "Failed to decode" not in str(info.value.description)
    assert isinstance(info.value.__cause__, BadRequest)


def test_wrong_content_type_is_415(app: flask.Flask) -> None:
    app.request_class = _StdlibJSONRequest
    with app.test_request_context("/", method="POST", data="{}"):
        with pytest.raises(UnsupportedMediaType):
            flask.request.get_json()
        assert flask.request.get_json(silent=True) is None


def test_good_json_is_parsed(app: flask.Flask, client: Client) -> None:
    _json_echo_app(app)
    response = client.post("/", data='{"n": 1}', content_type="application/json")
    assert response.get_data(as_text=True) == "{'n': 1}"


# -- Request: form data in debug mode ----------------------------------------


def test_files_access_without_multipart_explained_in_debug(app: flask.Flask) -> None:
    app.debug = True
    with (
        app.test_request_context("/", method="POST", data={"upload": "name.txt"}),
        pytest.raises(KeyError) as info,
    ):
        _ = flask.request.files["upload"]
    assert isinstance(info.value, DebugFilesKeyError)
    assert "multipart/form-data" in str(info.value)


def test_files_access_plain_key_error_outside_debug(app: flask.Flask) -> None:
    app.debug = False
    with (
        app.test_request_context("/", method="POST", data={"upload": "name.txt"}),
        pytest.raises(KeyError) as info,
    ):
        _ = flask.request.files["upload"]
    assert not isinstance(info.value, DebugFilesKeyError)


# -- Response ----------------------------------------------------------------


def test_response_class_defaults() -> None:
    response = Response("hello")
    assert response.mimetype == "text/html"
    assert Response.default_mimetype == "text/html"
    assert Response.autocorrect_location_header is False
    assert WerkzeugResponse.default_mimetype == "text/plain"


def test_relative_location_header_kept(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> Response:
        return Response("", status=302, headers={"Location": "/elsewhere"})

    response = client.get("/")
    assert response.headers["Location"] == "/elsewhere"


def test_max_cookie_size_without_app() -> None:
    assert Response().max_cookie_size == WerkzeugResponse.max_cookie_size


def test_max_cookie_size_from_config(app: flask.Flask) -> None:
    app.config["MAX_COOKIE_SIZE"] = 80
    response = Response()
    with app.app_context():
        assert response.max_cookie_size == 80
        with pytest.warns(UserWarning, match="cookie"):
            response.set_cookie("big", "x" * 100)
        response.set_cookie("small", "x")
    assert response.max_cookie_size == WerkzeugResponse.max_cookie_size


def test_view_string_return_uses_html(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return "<p>hi</p>"

    response = client.get("/")
    assert response.mimetype == "text/html"
    assert Response in type(response).__mro__
