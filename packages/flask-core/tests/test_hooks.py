"""Tests of the request hooks (URL value preprocessors, before/after
request, teardown) and of the signals core sends while handling a request."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.test import Client

import flask
from flask import seams

if t.TYPE_CHECKING:
    from conftest import RecordingHub


@pytest.fixture
def nested_app(app: flask.Flask) -> tuple[flask.Flask, list[str]]:
    """An app with blueprint ``parent`` containing ``child``, recording
    every hook call into the returned list."""
    calls: list[str] = []
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)

    for scope, label in ((app, "app"), (parent, "parent"), (child, "child")):
        for suffix in ("1", "2"):
            name = f"{label}{suffix}"

            def before(name: str = name) -> None:
                calls.append(f"before:{name}")

            def after(response: flask.Response, name: str = name) -> flask.Response:
                calls.append(f"after:{name}")
                return response

            def teardown(exc: BaseException | None, name: str = name) -> None:
                calls.append(f"teardown:{name}")

            scope.before_request(before)
            scope.after_request(after)
            scope.teardown_request(teardown)

        def preprocess(
            endpoint: str | None, values: dict[str, t.Any] | None, label: str = label
        ) -> None:
            calls.append(f"values:{label}")

        scope.url_value_preprocessor(preprocess)

    @child.route("/")
    def index() -> str:
        calls.append("view")
        return "view"

    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent, url_prefix="/parent")
    return app, calls


def test_hook_order_with_nested_blueprints(
    nested_app: tuple[flask.Flask, list[str]],
) -> None:
    app, calls = nested_app
    assert Client(app).get("/parent/child/").data == b"view"
    assert calls == [
        "values:app",
        "values:parent",
        "values:child",
        "before:app1",
        "before:app2",
        "before:parent1",
        "before:parent2",
        "before:child1",
        "before:child2",
        "view",
        "after:child2",
        "after:child1",
        "after:parent2",
        "after:parent1",
        "after:app2",
        "after:app1",
        "teardown:child2",
        "teardown:child1",
        "teardown:parent2",
        "teardown:parent1",
        "teardown:app2",
        "teardown:app1",
    ]


def test_app_hooks_only_outside_blueprints(
    nested_app: tuple[flask.Flask, list[str]],
) -> None:
    app, calls = nested_app
    Client(app).get("/missing")
    assert "before:parent1" not in calls
    assert calls[:3] == ["values:app", "before:app1", "before:app2"]


def test_before_request_return_value_short_circuits(
    app: flask.Flask, client: Client
) -> None:
    calls: list[str] = []

    @app.before_request
    def stop() -> str:
        calls.append("stop")
        return "stopped early"

    @app.before_request
    def never() -> None:
        calls.append("never")

    @app.after_request
    def after(response: flask.Response) -> flask.Response:
        calls.append("after")
        return response

    @app.route("/")
    def index() -> str:
        calls.append("view")
        return "view"

    assert client.get("/").data == b"stopped early"
    assert calls == ["stop", "after"]


def test_url_value_preprocessor_can_change_view_args(
    app: flask.Flask, client: Client
) -> None:
    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        assert values is not None
        flask.g.lang = values.pop("lang")

    @app.route("/<lang>/page")
    def page() -> str:
        return f"page in {flask.g.lang}"

    assert client.get("/fr/page").data == b"page in fr"


def test_after_request_can_replace_response(app: flask.Flask, client: Client) -> None:
    @app.after_request
    def replace(response: flask.Response) -> flask.Response:
        return app.response_class("replaced", status=201)

    @app.route("/")
    def index() -> str:
        return "original"

    response = client.get("/")
    assert (response.status_code, response.data) == (201, b"replaced")


def test_after_this_request_runs_before_after_request(
    app: flask.Flask, client: Client
) -> None:
    calls: list[str] = []

    @app.after_request
    def registered(response: flask.Response) -> flask.Response:
        calls.append("registered")
        return response

    @app.route("/")
    def index() -> str:
        for label in ("once1", "once2"):

            def once(response: flask.Response, label: str = label) -> flask.Response:
                calls.append(label)
                return response

            flask.after_this_request(once)
        return ""

    client.get("/")
    assert calls == ["once1", "once2", "registered"]


def test_teardown_runs_when_view_fails(app: flask.Flask, client: Client) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)

    @app.route("/")
    def index() -> str:
        raise KeyError("boom")

    with pytest.raises(KeyError):
        client.get("/")
    assert len(seen) == 1
    assert isinstance(seen[0], KeyError)


def test_teardown_gets_none_for_handled_error(app: flask.Flask, client: Client) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    app.register_error_handler(KeyError, lambda e: "handled")

    @app.route("/")
    def index() -> str:
        raise KeyError("boom")

    assert client.get("/").data == b"handled"
    assert seen == [None]


def test_do_teardown_request_explicit_exception(app: flask.Flask) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    error = ValueError()
    with app.test_request_context():
        app.do_teardown_request(error)
        app.do_teardown_request()
    assert seen[:2] == [error, None]


def test_do_teardown_appcontext_reverse_order(app: flask.Flask) -> None:
    seen: list[str] = []
    app.teardown_appcontext(lambda exc: seen.append("first"))
    app.teardown_appcontext(lambda exc: seen.append("second"))
    app.do_teardown_appcontext(None)
    assert seen == ["second", "first"]


def test_preprocess_request_direct(app: flask.Flask) -> None:
    app.before_request(lambda: None)
    app.before_request(lambda: "early")
    with app.test_request_context():
        assert app.preprocess_request() == "early"


def test_process_response_direct(app: flask.Flask) -> None:
    @app.after_request
    def mark(response: flask.Response) -> flask.Response:
        response.headers["X-Processed"] = "yes"
        return response

    with app.test_request_context():
        response = app.process_response(app.response_class("x"))
    assert response.headers["X-Processed"] == "yes"


def test_full_dispatch_request_direct(app: flask.Flask) -> None:
    app.add_url_rule("/", "index", lambda: "direct")
    with app.test_request_context("/"):
        response = app.full_dispatch_request()
    assert response.data == b"direct"


def test_dispatch_request_returns_view_value(app: flask.Flask) -> None:
    app.add_url_rule("/<int:n>", "double", lambda n: ("x" * n, 201))
    with app.test_request_context("/3"):
        assert app.dispatch_request() == ("xxx", 201)


def test_setup_methods_refused_after_first_request(
    app: flask.Flask, client: Client
) -> None:
    app.add_url_rule("/", "index", lambda: "")
    client.get("/")
    with pytest.raises(AssertionError):
        app.add_url_rule("/late", "late", lambda: "")


# -- signals -----------------------------------------------------------------


def test_request_signals_in_order(
    app: flask.Flask, client: Client, signal_hub: RecordingHub
) -> None:
    app.add_url_rule("/", "index", lambda: "ok")
    client.get("/")
    assert signal_hub.names() == [
        "appcontext_pushed",
        "request_started",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert all(sender is app for _, sender, _ in signal_hub.log)
    by_name = {name: kwargs for name, _, kwargs in signal_hub.log}
    assert by_name["request_started"] == {"_async_wrapper": app.ensure_sync}
    assert isinstance(by_name["request_finished"]["response"], flask.Response)
    assert by_name["request_finished"]["_async_wrapper"] == app.ensure_sync
    assert by_name["request_tearing_down"] == {
        "_async_wrapper": app.ensure_sync,
        "exc": None,
    }
    assert by_name["appcontext_tearing_down"]["exc"] is None


def test_signals_carry_unhandled_exception(
    app: flask.Flask, client: Client, signal_hub: RecordingHub
) -> None:
    error = RuntimeError("unhandled")

    @app.route("/")
    def index() -> str:
        raise error

    with pytest.raises(RuntimeError):
        client.get("/")
    by_name = {name: kwargs for name, _, kwargs in signal_hub.log}
    assert by_name["got_request_exception"]["exception"] is error
    assert by_name["request_tearing_down"]["exc"] is error
    assert by_name["appcontext_tearing_down"]["exc"] is error
    assert "request_finished" not in by_name


def test_no_signals_without_hub(
    app: flask.Flask, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seams, "signal_hub", None)
    app.add_url_rule("/", "index", lambda: "ok")
    assert client.get("/").data == b"ok"
