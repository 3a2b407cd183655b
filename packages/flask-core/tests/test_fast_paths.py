"""The request-handling shortcuts taken for speed give the same results as
the general code they bypass."""

from __future__ import annotations

import asyncio
import inspect
import typing as t
import warnings

import pytest
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, SecurityError
from werkzeug.routing import Map, MapAdapter
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Response as WerkzeugResponse
from werkzeug.wsgi import get_host

import flask
from flask import seams
from flask._speedups import adapters as _adapters
from flask._speedups import dispatch as quick_dispatch
from flask._speedups import error_pages as _error_pages
from flask._speedups.dispatch import is_plain_function as _is_plain_function
from flask._speedups.error_pages import error_response


def _environ(path: str = "/", **kwargs: t.Any) -> dict[str, t.Any]:
    builder = EnvironBuilder(path=path, **kwargs)
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _bound_state(adapter: MapAdapter) -> dict[str, t.Any]:
    return dict(vars(adapter))


# -- URL adapters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        ("/a/b", {}),
        ("/caf%C3%A9", {"query_string": "x=%C3%A9&y=2"}),
        ("/x", {"base_url": "https://example.org:8443/root", "method": "POST"}),
        ("/", {"headers": {"Connection": "Upgrade", "Upgrade": "websocket"}}),
    ],
)
def test_reused_binding_equals_a_fresh_one(
    app: flask.Flask, path: str, kwargs: dict[str, t.Any]
) -> None:
    first = app.request_class(_environ("/warm-up", **kwargs))
    app.create_url_adapter(first)  # remembers the binding of this host

    request = app.request_class(_environ(path, **kwargs))
    reused = app.create_url_adapter(request)
    assert reused is not None
    fresh = app.url_map.bind_to_environ(request.environ, subdomain="")
    assert type(reused) is type(fresh)
    assert _bound_state(reused) == _bound_state(fresh)
    assert request.host == first.host


def test_each_request_gets_its_own_adapter(app: flask.Flask) -> None:
    one = app.create_url_adapter(app.request_class(_environ("/one")))
    two = app.create_url_adapter(app.request_class(_environ("/two")))
    assert one is not two
    assert one is not None and one.path_info == "/one"
    assert two is not None and two.path_info == "/two"


def test_a_changed_server_name_is_not_served_from_the_cache(app: flask.Flask) -> None:
    app.create_url_adapter(app.request_class(_environ("/")))
    app.config["SERVER_NAME"] = "example.com"
    adapter = app.create_url_adapter(
        app.request_class(_environ("/", base_url="http://example.com"))
    )
    assert adapter is not None and adapter.server_name == "example.com"


def test_untrusted_host_is_refused_even_after_caching(app: flask.Flask) -> None:
    app.create_url_adapter(
        app.request_class(_environ("/", base_url="http://evil.test"))
    )
    app.config["TRUSTED_HOSTS"] = ["good.test"]
    with pytest.raises(SecurityError):
        app.create_url_adapter(
            app.request_class(_environ("/", base_url="http://evil.test"))
        )


@pytest.mark.parametrize("host", ["bad host", "a/b", "example.com:80", "[::1]:5000"])
def test_host_is_what_werkzeug_makes_of_it_every_time(
    app: flask.Flask, host: str
) -> None:
    for _ in range(2):
        request = app.request_class(_environ("/", headers={"Host": host}))
        try:
            expected: object = get_host(request.environ)
        except SecurityError as error:
            expected = type(error)
        try:
            app.create_url_adapter(request)
            outcome: object = request.host
        except SecurityError as error:
            outcome = type(error)
        assert outcome == expected


def test_subdomain_matching_keeps_the_mismatch_warning(app: flask.Flask) -> None:
    app.subdomain_matching = True
    app.config["SERVER_NAME"] = "dev.local"
    for _ in range(2):
        request = app.request_class(_environ("/", base_url="http://other.test"))
        with pytest.warns(UserWarning, match="Current server name"):
            app.create_url_adapter(request)


def test_custom_map_classes_bind_themselves(app: flask.Flask) -> None:
    calls: list[str] = []

    class CountingMap(Map):
        def bind_to_environ(self, *args: t.Any, **kwargs: t.Any) -> MapAdapter:
            calls.append("bound")
            return super().bind_to_environ(*args, **kwargs)

    app.url_map = CountingMap()
    for _ in range(3):
        app.create_url_adapter(app.request_class(_environ("/")))
    assert calls == ["bound"] * 3


def test_the_binding_cache_is_bounded() -> None:
    cache = _adapters.AdapterCache()
    url_map = Map()
    for number in range(_adapters.MAX_BINDINGS + 10):
        environ = _environ("/", base_url=f"http://host{number}.test")
        host, adapter = cache.bind(environ, url_map, None, "")
        assert host == f"host{number}.test"
        assert adapter.server_name == f"host{number}.test"
    assert len(cache._bindings) == _adapters.MAX_BINDINGS
    cache.clear()
    assert not cache._bindings


def test_routing_still_works_through_reused_bindings(
    client: Client, app: flask.Flask
) -> None:
    @app.route("/items/<int:number>")
    def item(number: int) -> str:
        return f"item {number}"

    assert client.get("/items/1").text == "item 1"
    assert client.get("/items/2").text == "item 2"
    assert client.get("/items/x").status_code == 404
    assert client.post("/items/3").status_code == 405


# -- sessions ----------------------------------------------------------------


class _RecordingInterface(seams.UnavailableSessionInterface):
    """A custom interface: it must be opened when the context is pushed."""

    def __init__(self) -> None:
        self.opened = 0

    def open_session(self, app: t.Any, request: t.Any) -> seams.UnavailableSession:
        self.opened += 1
        return super().open_session(app, request)


@pytest.mark.speedups
def test_stock_interface_opens_the_session_on_first_use(app: flask.Flask) -> None:
    app.session_interface = seams.UnavailableSessionInterface()
    with app.test_request_context() as ctx:
        assert ctx._request_session.opened is None
        assert len(flask.session) == 0
        assert ctx._request_session.opened is not None


def test_other_interfaces_open_the_session_at_push(app: flask.Flask) -> None:
    interface = _RecordingInterface()
    app.session_interface = interface
    with app.test_request_context() as ctx:
        assert interface.opened == 1
        assert ctx._request_session.opened is not None


def test_a_stock_interface_with_instance_changes_opens_at_push(
    app: flask.Flask,
) -> None:
    interface = seams.UnavailableSessionInterface()
    interface.open_session = lambda app, request: seams.UnavailableSession()  # type: ignore[method-assign]
    app.session_interface = interface
    with app.test_request_context() as ctx:
        assert ctx._request_session.opened is not None


def test_private_session_read_opens_without_marking_access(app: flask.Flask) -> None:
    app.session_interface = seams.UnavailableSessionInterface()
    with app.test_request_context() as ctx:
        opened = ctx._request_session.get()
        assert opened is ctx._request_session.get()
        assert opened.accessed is False


def test_copied_context_shares_a_lazily_opened_session(app: flask.Flask) -> None:
    app.session_interface = seams.UnavailableSessionInterface()
    with app.test_request_context() as ctx:
        copy = ctx.copy()
        assert ctx._request_session.opened is not None
        assert copy._request_session.opened is ctx._request_session.opened


@pytest.mark.speedups
def test_unused_session_is_not_saved_without_a_cookie(
    app: flask.Flask, client: Client
) -> None:
    saved: list[object] = []

    class Interface(seams.UnavailableSessionInterface):
        def save_session(self, app: t.Any, session: t.Any, response: t.Any) -> None:
            saved.append(session)

        def is_null_session(self, obj: object) -> bool:
            return False

    seams.lazily_opened_session_interfaces.add(Interface)
    try:
        app.session_interface = Interface()
        app.add_url_rule("/", view_func=lambda: "ok")
        plain = Client(app, use_cookies=False)
        plain.get("/")
        assert saved == []
        plain.get("/", headers={"Cookie": "session=x"})
        assert len(saved) == 1
    finally:
        seams.lazily_opened_session_interfaces.discard(Interface)


# -- error responses ---------------------------------------------------------


def _round_trip(error: HTTPException, environ: dict[str, t.Any]) -> flask.Response:
    return flask.Response.force_type(error, environ)  # type: ignore[return-value]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    "error",
    [
        NotFound(),
        NotFound("custom <b>text</b>"),
        HTTPException(response=WerkzeugResponse("own", 418)),
    ],
    ids=["plain", "description", "own-response"],
)
def test_error_response_equals_the_wsgi_round_trip(
    method: str, error: HTTPException
) -> None:
    environ = _environ("/", method=method)
    fast = error_response(error, environ, flask.Response)
    slow = _round_trip(error, environ)
    assert fast is not None
    assert type(fast) is type(slow) is flask.Response
    assert fast.status == slow.status
    assert list(fast.headers) == list(slow.headers)
    assert fast.is_streamed == slow.is_streamed
    assert fast.get_data() == slow.get_data()


def test_errors_that_answer_in_their_own_way_take_the_general_route() -> None:
    class Teapot(HTTPException):
        code = 418

        def __call__(self, environ: t.Any, start_response: t.Any) -> t.Iterable[bytes]:
            start_response("418 I'M A TEAPOT", [("X-Own", "yes")])
            return [b"short and stout"]

    environ = _environ("/")
    assert error_response(Teapot(), environ, flask.Response) is None


def test_abort_404_through_the_app(app: flask.Flask, client: Client) -> None:
    after: list[bytes] = []

    @app.after_request
    def read_body(response: flask.Response) -> flask.Response:
        after.append(response.get_data())
        return response

    response = client.get("/missing")
    assert response.status_code == 404
    assert b"Not Found" in response.data
    assert after == [response.data]
    assert client.head("/missing").data == b""


# -- other shortcuts ---------------------------------------------------------


def test_plain_function_check() -> None:
    def plain() -> None:
        pass

    async def coroutine() -> None:
        pass

    assert _is_plain_function(plain)
    assert not _is_plain_function(coroutine)
    assert not _is_plain_function(len)
    assert not _is_plain_function(lambda: None) or inspect.isfunction(lambda: None)
    marker = getattr(inspect, "markcoroutinefunction", None)
    if marker is not None:  # Python 3.12+
        marked = marker(lambda: asyncio.sleep(0))
        assert not _is_plain_function(marked)


def test_ensure_sync_returns_plain_functions_unchanged(app: flask.Flask) -> None:
    def view() -> str:
        return "x"

    assert app.ensure_sync(view) is view


def test_response_defaults_match_werkzeug() -> None:
    ours = flask.Response("body")
    theirs = WerkzeugResponse("body", mimetype="text/html")
    assert list(ours.headers) == list(theirs.headers)
    assert (
        flask.Response("x", headers={"Content-Type": "text/plain"}).mimetype
        == "text/plain"
    )
    assert (
        flask.Response("x", mimetype="text/css").content_type
        == "text/css; charset=utf-8"
    )

    class NoDefault(flask.Response):
        default_mimetype = None

    assert "Content-Type" not in NoDefault("x").headers


def test_string_views_still_go_through_response_class(
    app: flask.Flask, client: Client
) -> None:
    class Marked(flask.Response):
        pass

    app.response_class = Marked
    app.add_url_rule("/", view_func=lambda: "hi")
    with app.test_request_context():
        assert type(app.make_response("hi")) is Marked
    assert client.get("/").text == "hi"


def test_no_warnings_on_the_common_path(app: flask.Flask, client: Client) -> None:
    app.add_url_rule("/", view_func=lambda: "hi")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            assert client.get("/").status_code == 200


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_remembered_error_pages_match_the_round_trip(method: str) -> None:
    environ = _environ("/", method=method)
    for _ in range(2):  # rendered, then remembered
        for error in (NotFound(), NotFound("other"), MethodNotAllowed(["GET", "POST"])):
            fast = error_response(error, environ, flask.Response)
            slow = _round_trip(error, environ)
            assert fast is not None
            assert (fast.status, list(fast.headers)) == (
                slow.status,
                list(slow.headers),
            )
            assert fast.is_streamed and slow.is_streamed
            assert fast.get_data() == slow.get_data()


def test_remembered_pages_are_bounded() -> None:
    environ = _environ("/")
    for number in range(_error_pages.MAX_PAGES + 5):
        response = error_response(
            NotFound(f"no item {number}"), environ, flask.Response
        )
        assert response is not None
        assert f"no item {number}".encode() in response.get_data()
    assert len(_error_pages._pages) <= _error_pages.MAX_PAGES


def test_error_classes_with_their_own_page_are_rendered_each_time() -> None:
    class Counting(NotFound):
        rendered = 0

        def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
            Counting.rendered += 1
            return f"page {Counting.rendered}"

    environ = _environ("/")
    first = error_response(Counting(), environ, flask.Response)
    second = error_response(Counting(), environ, flask.Response)
    assert first is not None and second is not None
    assert (first.get_data(), second.get_data()) == (b"page 1", b"page 2")


def test_adapters_with_unknown_attributes_are_not_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        _adapters, "_KNOWN_ATTRIBUTES", _adapters._KNOWN_ATTRIBUTES | {"new"}
    )
    cache = _adapters.AdapterCache()
    host, adapter = cache.bind(_environ("/"), Map(), None, "")
    assert adapter.path_info == "/"
    assert not cache._bindings


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"mimetype": "application/json"},
        {"mimetype": "text/plain"},
        {"mimetype": "text/plain", "headers": {"Content-Type": "text/csv"}},
        {"headers": {"Content-Type": "text/csv"}},
        {"headers": [("X-One", "1")]},
        {"content_type": "text/xml; charset=latin-1", "mimetype": "text/plain"},
        {"status": 201, "headers": {"X-Two": "2"}, "mimetype": "image/png"},
    ],
)
def test_response_headers_match_werkzeug_for_every_argument_mix(
    kwargs: dict[str, t.Any],
) -> None:
    class PlainWerkzeug(WerkzeugResponse):
        default_mimetype = "text/html"

    ours = flask.Response("body", **kwargs)
    theirs = PlainWerkzeug("body", **kwargs)
    assert list(ours.headers) == list(theirs.headers)
    assert ours.status == theirs.status


# -- hook scopes -------------------------------------------------------------------


def _nested_app(app: flask.Flask) -> list[str]:
    calls: list[str] = []
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)

    @child.route("/page")
    def page() -> str:
        return ",".join(calls)

    for name, scaffold in (("app", app), ("parent", parent), ("child", child)):
        scaffold.before_request(lambda name=name: calls.append(f"before {name}"))

        def after(response: flask.Response, name: str = name) -> flask.Response:
            calls.append(f"after {name}")
            return response

        scaffold.after_request(after)
    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent, url_prefix="/parent")
    return calls


def test_hook_scopes_follow_the_endpoint(app: flask.Flask, client: Client) -> None:
    calls = _nested_app(app)
    for _ in range(2):  # the second request uses the remembered scopes
        calls.clear()
        assert client.get("/parent/child/page").text == (
            "before app,before parent,before child"
        )
        assert calls[3:] == ["after child", "after parent", "after app"]


def test_request_classes_with_their_own_blueprints_are_asked(
    app: flask.Flask, client: Client
) -> None:
    class OnlyTheApp(flask.Request):
        @property
        def blueprints(self) -> list[str]:
            return []

        @property
        def blueprint(self) -> str | None:
            return None

    app.request_class = OnlyTheApp
    calls = _nested_app(app)
    assert client.get("/parent/child/page").text == "before app"
    assert calls[1:] == ["after app"]


# -- hook scopes and common return values --------------------------------------


@pytest.mark.parametrize("blueprints_first", [True, False])
def test_request_scopes_match_the_general_answer(
    app: flask.Flask, blueprints_first: bool
) -> None:
    outer = flask.Blueprint("outer", __name__)
    inner = flask.Blueprint("inner", __name__)
    inner.add_url_rule("/deep", "deep", lambda: "deep")
    outer.register_blueprint(inner, url_prefix="/inner")
    outer.add_url_rule("/shallow", "shallow", lambda: "shallow")
    app.register_blueprint(outer, url_prefix="/outer")
    app.add_url_rule("/", "top", lambda: "top")
    for path in ("/", "/outer/shallow", "/outer/inner/deep", "/missing"):
        with app.test_request_context(path):
            request = flask.request._get_current_object()  # type: ignore[attr-defined]
            names = request.blueprints
            general = (*names, None) if blueprints_first else (None, *reversed(names))
            quick = quick_dispatch.request_scopes(request, blueprints_first)
            assert quick == general


def test_request_scopes_leave_other_request_classes_to_the_general_answer(
    app: flask.Flask,
) -> None:
    class OwnRequest(flask.Request):
        pass

    app.request_class = OwnRequest
    with app.test_request_context("/"):
        request = flask.request._get_current_object()  # type: ignore[attr-defined]
        assert quick_dispatch.request_scopes(request, True) is None


def test_common_response_matches_the_general_path(app: flask.Flask) -> None:
    with app.test_request_context("/"):
        quick = quick_dispatch.common_response(app, "text")
        assert quick is not None
        general = app.response_class("text")
        assert (quick.status, list(quick.headers), quick.get_data()) == (
            general.status,
            list(general.headers),
            general.get_data(),
        )
        assert quick_dispatch.common_response(app, b"bytes") is None
        assert quick_dispatch.common_response(app, ("text", 201)) is None
