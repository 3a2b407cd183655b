"""Tests of the application and request contexts, ``g``, the context
helpers, and core's app-aware ``EnvironBuilder``."""

from __future__ import annotations

import threading
import typing as t

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.test import Client

import flask
from flask import seams
from flask.ctx import AppContext, RequestContext, _AppCtxGlobals
from flask.environ_builder import EnvironBuilder
from flask.globals import _cv_app, _cv_request, app_ctx, request_ctx

if t.TYPE_CHECKING:
    from conftest import RecordingHub

# -- g ---------------------------------------------------------------------------


def test_globals_attributes() -> None:
    ns = _AppCtxGlobals()
    ns.user = "ann"
    assert ns.user == "ann"
    assert "user" in ns
    assert list(ns) == ["user"]
    del ns.user
    assert "user" not in ns
    with pytest.raises(AttributeError):
        _ = ns.user
    with pytest.raises(AttributeError):
        del ns.user


def test_globals_dict_helpers() -> None:
    ns = _AppCtxGlobals()
    assert ns.get("missing") is None
    assert ns.get("missing", 3) == 3
    assert ns.setdefault("count", 1) == 1
    assert ns.setdefault("count", 2) == 1
    assert ns.pop("count") == 1
    assert ns.pop("count", "gone") == "gone"
    with pytest.raises(KeyError):
        ns.pop("count")
    ns.value = None
    assert ns.pop("value", "default") is None


def test_globals_repr(app: flask.Flask) -> None:
    ns = _AppCtxGlobals()
    assert repr(ns).startswith("<flask.ctx._AppCtxGlobals object at")
    with app.app_context():
        assert repr(flask.g) == "<flask.g of 'flask_core_test_app'>"


def test_custom_globals_class(app: flask.Flask) -> None:
    class CustomGlobals(_AppCtxGlobals):
        def __init__(self) -> None:
            self.preset = "yes"

    app.app_ctx_globals_class = CustomGlobals
    with app.app_context():
        assert flask.g.preset == "yes"


def test_g_is_per_app_context(app: flask.Flask) -> None:
    with app.app_context():
        flask.g.value = 1
        with app.app_context():
            assert "value" not in flask.g
        assert flask.g.value == 1


def test_g_shared_by_request_in_same_app_context(app: flask.Flask) -> None:
    with app.app_context():
        flask.g.value = "outer"
        with app.test_request_context():
            assert flask.g.value == "outer"


# -- context helpers -------------------------------------------------------------


def test_has_contexts(app: flask.Flask) -> None:
    assert not flask.has_app_context()
    assert not flask.has_request_context()
    with app.app_context():
        assert flask.has_app_context()
        assert not flask.has_request_context()
    with app.test_request_context():
        assert flask.has_app_context()
        assert flask.has_request_context()
    assert not flask.has_app_context()


def test_after_this_request(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        @flask.after_this_request
        def add_header(response: flask.Response) -> flask.Response:
            response.headers["X-Once"] = "1"
            return response

        return "body"

    @app.route("/other")
    def other() -> str:
        return "other"

    assert client.get("/").headers["X-Once"] == "1"
    assert "X-Once" not in client.get("/other").headers


def test_after_this_request_needs_request_context(app: flask.Flask) -> None:
    with pytest.raises(RuntimeError, match="after_this_request"):
        flask.after_this_request(lambda response: response)
    with app.app_context(), pytest.raises(RuntimeError):
        flask.after_this_request(lambda response: response)


def test_copy_current_request_context_in_thread(
    app: flask.Flask, client: Client
) -> None:
    results: list[t.Any] = []

    @app.route("/")
    def index() -> str:
        flask.g.marker = "kept"

        @flask.copy_current_request_context
        def background(suffix: str) -> None:
            results.append(flask.request.args["q"] + suffix)
            results.append(flask.current_app.name)

        worker = threading.Thread(target=background, args=("!",))
        worker.start()
        worker.join()
        return "ok"

    assert client.get("/?q=hi").data == b"ok"
    assert results == ["hi!", "flask_core_test_app"]


def test_copy_current_request_context_keeps_metadata(app: flask.Flask) -> None:
    def documented() -> str:
        """Docstring."""
        return flask.request.path

    with app.test_request_context("/where"):
        wrapped = flask.copy_current_request_context(documented)
    assert wrapped.__name__ == "documented"
    assert wrapped.__doc__ == "Docstring."
    # The copy can be entered after the original context is gone.
    assert wrapped() == "/where"


def test_copy_current_request_context_needs_context() -> None:
    with pytest.raises(RuntimeError, match="copy_current_request_context"):
        flask.copy_current_request_context(lambda: None)


# -- AppContext ------------------------------------------------------------------


def test_app_context_push_pop(app: flask.Flask) -> None:
    ctx = app.app_context()
    assert isinstance(ctx, AppContext)
    assert ctx.app is app
    assert isinstance(ctx.g, _AppCtxGlobals)
    ctx.push()
    try:
        assert flask.current_app._get_current_object() is app  # type: ignore[attr-defined]
        assert app_ctx._get_current_object() is ctx  # type: ignore[attr-defined]
    finally:
        ctx.pop()
    assert _cv_app.get(None) is None


def test_app_context_url_adapter(app: flask.Flask) -> None:
    assert app.app_context().url_adapter is None
    app.config["SERVER_NAME"] = "example.test"
    assert app.app_context().url_adapter is not None


def test_app_context_nested_push_tears_down_once(app: flask.Flask) -> None:
    calls: list[t.Any] = []
    app.teardown_appcontext(calls.append)
    ctx = app.app_context()
    with ctx:
        with ctx:
            pass
        assert calls == []
    assert calls == [None]


def test_app_context_teardown_receives_exception(app: flask.Flask) -> None:
    calls: list[t.Any] = []
    app.teardown_appcontext(calls.append)
    error = ValueError("boom")
    with pytest.raises(ValueError), app.app_context():
        raise error
    assert calls == [error]


def test_app_context_pop_defaults_to_handled_exception(app: flask.Flask) -> None:
    calls: list[t.Any] = []
    app.teardown_appcontext(calls.append)
    ctx = app.app_context()
    ctx.push()
    try:
        raise KeyError("x")
    except KeyError as error:
        ctx.pop()
        assert calls == [error]


def test_app_context_explicit_none(app: flask.Flask) -> None:
    calls: list[t.Any] = []
    app.teardown_appcontext(calls.append)
    ctx = app.app_context()
    ctx.push()
    try:
        raise KeyError("x")
    except KeyError:
        ctx.pop(None)
    assert calls == [None]


def test_popping_wrong_app_context(app: flask.Flask) -> None:
    outer = app.app_context()
    inner = app.app_context()
    outer.push()
    inner.push()
    with pytest.raises(AssertionError, match="Popped wrong app context"):
        outer.pop()
    # The variable was reset anyway; nothing is left behind.
    assert _cv_app.get(None) is None


# -- RequestContext --------------------------------------------------------------


def test_request_context_pushes_app_context(app: flask.Flask) -> None:
    ctx = app.test_request_context("/")
    assert isinstance(ctx, RequestContext)
    ctx.push()
    try:
        assert request_ctx._get_current_object() is ctx  # type: ignore[attr-defined]
        assert flask.current_app._get_current_object() is app  # type: ignore[attr-defined]
    finally:
        ctx.pop()
    assert _cv_app.get(None) is None
    assert _cv_request.get(None) is None


def test_request_context_reuses_current_app_context(app: flask.Flask) -> None:
    with app.app_context() as outer:
        with app.test_request_context():
            assert app_ctx._get_current_object() is outer  # type: ignore[attr-defined]
        assert _cv_app.get() is outer


def test_request_context_for_other_app_pushes_its_own(
    app: flask.Flask, tmp_path: t.Any
) -> None:
    other = flask.Flask("other", root_path=str(tmp_path))
    with app.app_context():
        with other.test_request_context():
            assert flask.current_app.name == "other"
        assert flask.current_app.name == "flask_core_test_app"


def test_request_context_matches_url(app: flask.Flask) -> None:
    @app.route("/user/<int:user_id>")
    def user(user_id: int) -> str:
        return ""

    with app.test_request_context("/user/7"):
        assert flask.request.url_rule is not None
        assert flask.request.url_rule.endpoint == "user"
        assert flask.request.view_args == {"user_id": 7}
        assert flask.request.routing_exception is None

    with app.test_request_context("/nope") as ctx:
        assert isinstance(ctx.request.routing_exception, NotFound)
        assert ctx.request.url_rule is None


def test_match_request_can_be_repeated(app: flask.Flask) -> None:
    app.add_url_rule("/a", "a", lambda: "")
    ctx = app.test_request_context("/a")
    ctx.match_request()
    assert ctx.request.url_rule is not None
    assert ctx.request.url_rule.rule == "/a"


class _RecordingSessionInterface(seams.UnavailableSessionInterface):
    """Records the context state when the session is opened."""

    def __init__(self, opened: t.Any = None) -> None:
        self.opened = opened
        self.events: list[tuple[str, t.Any]] = []
        self.saved: list[t.Any] = []

    def open_session(self, app: t.Any, request: t.Any) -> t.Any:
        self.events.append(
            (
                "open",
                {
                    "request_ctx": _cv_request.get(None) is not None,
                    "app_ctx": _cv_app.get(None) is not None,
                    "matched": request.url_rule is not None,
                },
            )
        )
        return self.opened

    def make_null_session(self, app: t.Any) -> t.Any:
        self.events.append(("null", None))
        return {"null": True}

    def is_null_session(self, obj: object) -> bool:
        return obj == {"null": True}

    def save_session(self, app: t.Any, session: t.Any, response: t.Any) -> None:
        self.saved.append(session)


def test_session_opened_after_contexts_before_matching(app: flask.Flask) -> None:
    interface = _RecordingSessionInterface(opened={"user": "ann"})
    app.session_interface = interface
    app.add_url_rule("/", "index", lambda: "")
    with app.test_request_context("/") as ctx:
        assert interface.events == [
            ("open", {"request_ctx": True, "app_ctx": True, "matched": False})
        ]
        assert ctx.session == {"user": "ann"}
        assert flask.session == {"user": "ann"}
        assert flask.request.url_rule is not None


def test_session_falls_back_to_null_session(app: flask.Flask) -> None:
    interface = _RecordingSessionInterface(opened=None)
    app.session_interface = interface
    with app.test_request_context() as ctx:
        assert [name for name, _ in interface.events] == ["open", "null"]
        assert ctx.session == {"null": True}


def test_session_saved_unless_null(app: flask.Flask, client: Client) -> None:
    interface = _RecordingSessionInterface(opened={"user": "ann"})
    app.session_interface = interface
    app.add_url_rule("/", "index", lambda: "")
    client.get("/")
    assert interface.saved == [{"user": "ann"}]

    interface.opened = None
    client.get("/")
    assert interface.saved == [{"user": "ann"}]


def test_session_passed_to_request_context_is_kept(app: flask.Flask) -> None:
    interface = _RecordingSessionInterface(opened={"from": "interface"})
    app.session_interface = interface
    environ = EnvironBuilder(app).get_environ()
    given = {"from": "caller"}
    with RequestContext(app, environ, session=given) as ctx:
        assert ctx.session is given
    assert interface.events == []


def test_session_without_flask_sessions_is_empty(app: flask.Flask) -> None:
    app.session_interface = seams.UnavailableSessionInterface()
    with app.test_request_context():
        assert dict(flask.session) == {}
        with pytest.raises(seams.MissingDistributionError):
            flask.session["key"] = "value"


def test_request_context_uses_given_request(app: flask.Flask) -> None:
    environ = EnvironBuilder(app, "/given").get_environ()
    request = app.request_class(environ)
    ctx = RequestContext(app, environ, request=request)
    assert ctx.request is request


def test_request_context_copy(app: flask.Flask) -> None:
    with app.test_request_context("/x") as ctx:
        duplicate = ctx.copy()
        assert duplicate is not ctx
        assert duplicate.request is ctx.request
        assert duplicate.session is ctx.session
        assert duplicate.app is app


def test_request_context_teardown_order(app: flask.Flask) -> None:
    events: list[str] = []
    app.teardown_request(lambda exc: events.append("request"))
    app.teardown_appcontext(lambda exc: events.append("appcontext"))
    with app.test_request_context():
        pass
    assert events == ["request", "appcontext"]


def test_request_context_pop_closes_request(app: flask.Flask) -> None:
    closed: list[bool] = []
    with app.test_request_context() as ctx:
        ctx.request.close = lambda: closed.append(True)  # type: ignore[method-assign]
        environ = ctx.request.environ
        assert environ["werkzeug.request"] is ctx.request
    assert closed == [True]
    assert environ["werkzeug.request"] is None


def test_request_context_nested_push(app: flask.Flask) -> None:
    events: list[t.Any] = []
    app.teardown_request(events.append)
    ctx = app.test_request_context()
    with ctx:
        with ctx:
            pass
        assert events == []
        assert flask.has_request_context()
    assert events == [None]
    assert not flask.has_app_context()


def test_request_context_teardown_exception(app: flask.Flask) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    app.teardown_appcontext(seen.append)
    error = RuntimeError("fail")
    with pytest.raises(RuntimeError), app.test_request_context():
        raise error
    assert seen == [error, error]


def test_popping_wrong_request_context(app: flask.Flask) -> None:
    first = app.test_request_context("/1")
    second = app.test_request_context("/2")
    first.push()
    second.push()
    with pytest.raises(AssertionError, match="Popped wrong request context"):
        first.pop()
    # The context variables were reset to what they were before ``first``.
    assert _cv_request.get(None) is None
    assert _cv_app.get(None) is None


def test_request_context_repr(app: flask.Flask) -> None:
    with app.test_request_context("/page?x=1", method="POST") as ctx:
        assert repr(ctx) == (
            "<RequestContext 'http://localhost/page?x=1' [POST] of flask_core_test_app>"
        )


def test_request_context_stores_host_errors(app: flask.Flask) -> None:
    app.config["TRUSTED_HOSTS"] = ["trusted.test"]
    with app.test_request_context(base_url="http://evil.test") as ctx:
        assert ctx.request.routing_exception is not None
        assert ctx.request.routing_exception.code == 400
        assert ctx.url_adapter is None


def test_flashes_start_empty(app: flask.Flask) -> None:
    with app.test_request_context() as ctx:
        assert ctx.flashes is None
        assert ctx._after_request_functions == []


def test_signals_sent_by_app_context(
    app: flask.Flask, signal_hub: RecordingHub
) -> None:
    sent = signal_hub.log
    with app.app_context():
        pass
    names = [name for name, _, _ in sent]
    assert names == [
        "appcontext_pushed",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert all(sender is app for _, sender, _ in sent)
    assert sent[0][2] == {"_async_wrapper": app.ensure_sync}
    assert sent[1][2] == {"_async_wrapper": app.ensure_sync, "exc": None}


# -- EnvironBuilder --------------------------------------------------------------


def test_environ_builder_defaults(app: flask.Flask) -> None:
    builder = EnvironBuilder(app)
    assert builder.app is app
    assert builder.base_url == "http://localhost/"
    assert builder.path == "/"


def test_environ_builder_from_config(app: flask.Flask) -> None:
    app.config.update(
        SERVER_NAME="example.test:8080",
        APPLICATION_ROOT="/prefix",
        PREFERRED_URL_SCHEME="https",
    )
    environ = EnvironBuilder(app, "/page?x=1").get_environ()
    assert environ["HTTP_HOST"] == "example.test:8080"
    assert environ["SCRIPT_NAME"] == "/prefix"
    assert environ["PATH_INFO"] == "/page"
    assert environ["QUERY_STRING"] == "x=1"
    assert environ["wsgi.url_scheme"] == "https"


def test_environ_builder_subdomain_and_scheme(app: flask.Flask) -> None:
    app.config["SERVER_NAME"] = "example.test"
    builder = EnvironBuilder(app, subdomain="api", url_scheme="https")
    assert builder.base_url == "https://api.example.test/"


def test_environ_builder_full_url_in_path(app: flask.Flask) -> None:
    builder = EnvironBuilder(app, "https://other.test/thing?a=b")
    assert builder.base_url == "https://other.test/"
    assert builder.path == "/thing"
    assert builder.query_string == "a=b"


def test_environ_builder_explicit_base_url(app: flask.Flask) -> None:
    builder = EnvironBuilder(app, "/p", base_url="http://given.test/root/")
    assert builder.base_url == "http://given.test/root/"
    with pytest.raises(AssertionError):
        EnvironBuilder(app, base_url="http://given.test", subdomain="api")
    with pytest.raises(AssertionError):
        EnvironBuilder(app, base_url="http://given.test", url_scheme="https")


def test_environ_builder_json_uses_app_provider(app: flask.Flask) -> None:
    class StubProvider:
        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            return "STUB" + repr(obj)

    app.json = t.cast(t.Any, StubProvider())
    builder = EnvironBuilder(app, json={"a": 1})
    assert builder.content_type == "application/json"
    assert builder.input_stream is not None
    assert builder.input_stream.read() == b"STUB{'a': 1}"


def test_environ_builder_passes_werkzeug_arguments(app: flask.Flask) -> None:
    with app.test_request_context(
        "/submit", method="PUT", data={"field": "v"}, headers={"X-Thing": "1"}
    ):
        assert flask.request.method == "PUT"
        assert flask.request.form["field"] == "v"
        assert flask.request.headers["X-Thing"] == "1"


def test_reading_the_session_through_the_context_marks_it_accessed(
    app: flask.Flask,
) -> None:
    with app.test_request_context() as ctx:
        opened = ctx._session  # Flask's name, read by its own suite
        assert opened is not None
        assert not getattr(opened, "accessed", False)
        assert flask.session.get("anything") is None
        assert opened.accessed is True


def test_the_session_can_be_handed_to_the_context(app: flask.Flask) -> None:
    with app.test_request_context() as ctx:
        given: dict[str, t.Any] = {"user": "ann"}
        ctx._session = given  # type: ignore[assignment]
        assert ctx._session is given
        assert flask.session["user"] == "ann"
