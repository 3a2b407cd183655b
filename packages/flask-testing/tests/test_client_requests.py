"""FlaskClient: building and sending requests."""

from __future__ import annotations

import importlib.metadata
import typing as t

import pytest
import werkzeug.test
from werkzeug.test import TestResponse
from werkzeug.wrappers import Request as WerkzeugRequest

import flask
from flask.testing import EnvironBuilder, FlaskClient


def json_body(response: TestResponse) -> dict[str, t.Any]:
    """The JSON object a response carries."""
    value = response.get_json()
    assert isinstance(value, dict)
    return value


def echo_environ(app: flask.Flask) -> None:
    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def show(path: str) -> dict[str, t.Any]:
        env = flask.request.environ
        return {
            "url": flask.request.url,
            "remote": env.get("REMOTE_ADDR"),
            "agent": env.get("HTTP_USER_AGENT"),
            "extra": env.get("HTTP_X_EXTRA"),
        }


def test_test_client_returns_flask_client(app: flask.Flask) -> None:
    client = app.test_client()
    assert isinstance(client, FlaskClient)
    assert client.application is app
    assert client.preserve_context is False


def test_environ_base_defaults(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    version = importlib.metadata.version("werkzeug")
    assert client.environ_base == {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": f"Werkzeug/{version}",
    }
    data = json_body(client.get("/"))
    assert data["remote"] == "127.0.0.1"
    assert data["agent"] == f"Werkzeug/{version}"


def test_environ_base_can_be_changed_and_overridden(
    app: flask.Flask, client: FlaskClient
) -> None:
    echo_environ(app)
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    client.environ_base["HTTP_X_EXTRA"] = "yes"
    assert json_body(client.get("/"))["remote"] == "10.0.0.1"
    data = json_body(client.get("/", environ_base={"REMOTE_ADDR": "10.0.0.2"}))
    assert data["remote"] == "10.0.0.2"
    assert data["extra"] == "yes"


def test_urls_follow_app_config(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    assert json_body(client.get("/a?x=1"))["url"] == "http://localhost/a?x=1"
    app.config.update(
        SERVER_NAME="example.test",
        APPLICATION_ROOT="/root",
        PREFERRED_URL_SCHEME="https",
    )
    assert json_body(client.get("/a"))["url"] == "https://example.test/root/a"


def test_full_url_and_url_scheme(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    assert (
        json_body(client.get("https://other.test/p"))["url"] == "https://other.test/p"
    )
    assert (
        json_body(client.get("/p", url_scheme="https"))["url"] == "https://localhost/p"
    )
    response = client.get("/p", base_url="http://base.test/app")
    assert json_body(response)["url"] == "http://base.test/app/p"


def test_subdomain() -> None:
    app = flask.Flask("subdomains", subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/", subdomain="api")
    def api() -> str:
        return flask.request.host

    client = app.test_client()
    assert client.get("/", subdomain="api").data == b"api.example.test"


def test_open_with_werkzeug_builder(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    builder = werkzeug.test.EnvironBuilder(path="/b", base_url="http://w.test/")
    data = json_body(client.open(builder))
    assert data["url"] == "http://w.test/b"
    assert data["remote"] == "127.0.0.1"
    # The caller's builder is not modified.
    assert builder.environ_base is None


def test_open_with_flask_builder(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    app.config["SERVER_NAME"] = "built.test"
    builder = EnvironBuilder(app, "/c", environ_base={"HTTP_X_EXTRA": "1"})
    try:
        data = json_body(client.open(builder))
    finally:
        builder.close()
    assert data["url"] == "http://built.test/c"
    assert data["extra"] == "1"
    assert data["agent"].startswith("Werkzeug/")


def test_open_with_environ_dict(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    environ = werkzeug.test.create_environ("/d", "http://dict.test/")
    environ.pop("REMOTE_ADDR", None)
    data = json_body(client.open(environ))
    assert data["url"] == "http://dict.test/d"
    assert data["remote"] == "127.0.0.1"


def test_open_with_request(app: flask.Flask, client: FlaskClient) -> None:
    echo_environ(app)
    environ = werkzeug.test.create_environ("/e", "http://req.test/")
    request = WerkzeugRequest(environ)
    data = json_body(client.open(request))
    assert data["url"] == "http://req.test/e"
    assert data["remote"] == "127.0.0.1"
    assert "REMOTE_ADDR" not in request.environ


def test_methods_and_json_body(app: flask.Flask, client: FlaskClient) -> None:
    @app.route("/echo", methods=["POST", "PUT"])
    def echo() -> t.Any:
        return {"method": flask.request.method, "body": flask.request.get_json()}

    assert json_body(client.post("/echo", json={"a": 1})) == {
        "method": "POST",
        "body": {"a": 1},
    }
    assert json_body(client.put("/echo", json=[1])) == {"method": "PUT", "body": [1]}


def test_response_json_uses_app_provider(app: flask.Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> t.Any:
        return {"a": 1}

    response = client.get("/")
    assert t.cast(object, response.json_module) is app.json
    assert response.get_json() == {"a": 1}


def test_environ_builder_json_uses_app_provider(app: flask.Flask) -> None:
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    builder = EnvironBuilder(app, json={"b": "é", "a": 1})
    try:
        assert builder.input_stream is not None
        assert builder.input_stream.read() == '{"a": 1, "b": "é"}'.encode()
        assert builder.app is app
        assert builder.json_dumps({"z": 1}) == '{"z": 1}'
    finally:
        builder.close()


def test_environ_builder_is_the_core_builder_subclass() -> None:
    from flask.environ_builder import EnvironBuilder as CoreBuilder

    assert issubclass(EnvironBuilder, CoreBuilder)
    assert EnvironBuilder.__module__ == "flask.testing"


def test_follow_redirects_keeps_session(app: flask.Flask, client: FlaskClient) -> None:
    @app.route("/start")
    def start() -> t.Any:
        return flask.redirect("/target?x=1")

    @app.route("/target")
    def target() -> str:
        return flask.request.args["x"]

    response = client.get("/start", follow_redirects=True)
    assert response.data == b"1"
    assert [r.status_code for r in response.history] == [302]


def test_cookies_persist_between_requests(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/set")
    def set_cookie() -> t.Any:
        response = flask.make_response("")
        response.set_cookie("flavour", "oat")
        return response

    @app.route("/get")
    def get_cookie() -> str:
        return flask.request.cookies.get("flavour", "none")

    client.get("/set")
    assert client.get("/get").data == b"oat"


def test_missing_url_is_404(client: FlaskClient) -> None:
    assert client.get("/nowhere").status_code == 404


def test_client_works_without_request_context_leak(
    app: flask.Flask, client: FlaskClient
) -> None:
    echo_environ(app)
    client.get("/")
    assert not flask.has_request_context()
    assert not flask.has_app_context()


def test_unknown_positional_argument_is_a_path(
    app: flask.Flask, client: FlaskClient
) -> None:
    echo_environ(app)
    assert json_body(client.open("/f", method="GET"))["url"] == "http://localhost/f"


def test_builder_args_are_passed(app: flask.Flask, client: FlaskClient) -> None:
    @app.route("/h")
    def h() -> str:
        return flask.request.headers.get("X-Thing", "")

    assert client.get("/h", headers={"X-Thing": "t"}).data == b"t"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_preferred_scheme(app: flask.Flask, scheme: str) -> None:
    app.config["PREFERRED_URL_SCHEME"] = scheme

    @app.route("/")
    def index() -> str:
        return flask.request.scheme

    assert app.test_client().get("/").data == scheme.encode()
