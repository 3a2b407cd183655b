"""URL matching and host handling: modular Flask walks Werkzeug's URL state
machine itself and remembers bindings per Host header (``flask._speedups.matcher``,
``flask._speedups.adapters``). Whatever the path and host, the answer is Werkzeug's
own, no redirect leaves the requested host (the CVE-2020-28724 class of
open redirect), nothing fails with a 500, and nothing grows without bound.
"""

from __future__ import annotations

import typing as t
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.test import Client, EnvironBuilder

import flask
from flask._speedups import adapters as _adapters
from flask._speedups.matcher import can_walk, match_url


def _routed_app() -> flask.Flask:
    """An app with one rule of each kind a URL can meet."""
    app = flask.Flask("routing_property")
    app.testing = False
    app.url_map.strict_slashes = True

    def view(**values: t.Any) -> str:
        return repr(sorted(values.items()))

    rules = [
        ("/", {}),
        ("/static-page", {}),
        ("/dir/", {}),
        ("/loose", {"strict_slashes": False}),
        ("/user/<int:user_id>", {}),
        ("/user/<int:user_id>/posts/<int(min=1):page>", {}),
        ("/price/<float:amount>", {}),
        ("/item/<uuid:key>", {}),
        ("/files/<path:name>", {}),
        ("/pick/<any(red, green):colour>", {}),
        ("/text/<name>", {}),
        ("/text/<name>/<int:n>", {"methods": ["POST"]}),
        ("/old", {"redirect_to": "/static-page"}),
        ("/page/", {"defaults": {"number": 1}}),
        ("/page/<int:number>", {}),
    ]
    for number, (rule, options) in enumerate(rules):
        app.add_url_rule(rule, f"endpoint{number}", view, **options)
    return app


ROUTED = _routed_app()

#: Path pieces that steer the walk into every branch: separators, dots,
#: percent escapes, numbers, UUID-ish text, non-ASCII and control text.
path_pieces = st.one_of(
    st.sampled_from(
        [
            "",
            "/",
            "//",
            ".",
            "..",
            "%2f",
            "%2e%2e",
            "user",
            "posts",
            "files",
            "dir",
            "text",
            "price",
            "item",
            "pick",
            "red",
            "page",
            "loose",
            "old",
            "static-page",
            "evil.com",
            "0",
            "-1",
            "42",
            "1.5",
            "nan",
            str(uuid.UUID(int=7)),
        ]
    ),
    st.text(max_size=6),
)
paths = st.lists(path_pieces, max_size=7).map(lambda pieces: "/" + "/".join(pieces))


def _environ(path: str, **options: t.Any) -> dict[str, t.Any]:
    """The environ a WSGI server makes for a request of ``path``: the raw
    path, UTF-8 bytes read as latin-1 (a test client would parse ``//host``
    as a host)."""
    environ = EnvironBuilder(path="/", **options).get_environ()
    environ["PATH_INFO"] = path.encode().decode("latin-1")
    return environ


def _outcome(call: t.Callable[[], t.Any]) -> t.Any:
    """A comparable summary of a match: the rule and values, or the error."""
    try:
        rule, values = call()
    except RequestRedirect as redirect:
        return ("redirect", redirect.new_url)
    except HTTPException as error:
        return ("error", type(error), error.code)
    return ("match", rule.endpoint, dict(values))


@settings(max_examples=400, deadline=None)
@given(path=paths, method=st.sampled_from(["GET", "POST", "HEAD", "OPTIONS"]))
def test_fast_walk_matches_exactly_as_werkzeug(path: str, method: str) -> None:
    environ = _environ(path, method=method)
    with ROUTED.request_context(environ) as ctx:
        adapter = ctx.url_adapter
        assert adapter is not None and can_walk(adapter)
        ours = _outcome(lambda: match_url(adapter))
        theirs = _outcome(lambda: adapter.match(return_rule=True))
    assert ours == theirs


@settings(max_examples=400, deadline=None)
@given(path=paths, host=st.sampled_from(["localhost", "example.org:8080"]))
def test_no_url_fails_or_redirects_away(path: str, host: str) -> None:
    environ = _environ(path, headers={"Host": host})
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        started.append((status, list(headers)))

    body = ROUTED(environ, start_response)
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    status, headers = started[-1]
    assert not status.startswith("5"), (path, status)
    location = dict(headers).get("Location")
    if location is not None:
        assert location.startswith(f"http://{host}/"), location
    assert flask.globals._cv_request.get(None) is None


@pytest.mark.parametrize(
    "path",
    ["//evil.com/dir", "//evil.com//dir", "/\\evil.com/dir", "///evil.com/dir"],
)
def test_slash_redirects_stay_on_the_host(path: str) -> None:
    app = flask.Flask("open_redirect")

    @app.route("/evil.com/dir/")
    def directory() -> str:
        return "directory"

    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = app(_environ(path), lambda s, h, e=None: started.append((s, h)))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    status, headers = started[-1]
    assert status[:3] in ("308", "404"), status
    location = dict(headers).get("Location")
    assert location is None or location.startswith("http://localhost/"), location


@settings(max_examples=300, deadline=None)
@given(host=st.text(st.characters(max_codepoint=255), max_size=30))
def test_any_host_header_is_a_response_never_a_failure(host: str) -> None:
    app = flask.Flask("host_property")
    app.testing = False

    @app.route("/")
    def index() -> str:
        return flask.request.host

    environ = EnvironBuilder(path="/").get_environ()
    environ["HTTP_HOST"] = host
    started: list[str] = []
    body = app(environ, lambda status, headers, exc_info=None: started.append(status))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    assert started[-1][:3] in ("200", "400"), (host, started)


def test_integer_too_long_to_convert_is_not_found() -> None:
    # Werkzeug before 3.1.9 let int() refuse more than 4300 digits with a 500.
    for digits in ("1" * 5000, "9" * 100_000):
        response = Client(ROUTED).get(f"/user/{digits}")
        assert response.status_code == 404


def test_bindings_per_host_are_bounded() -> None:
    app = flask.Flask("many_hosts")

    @app.route("/")
    def index() -> str:
        return flask.request.host

    client = Client(app)
    for number in range(_adapters.MAX_BINDINGS * 4):
        response = client.get("/", headers={"Host": f"host{number}.example"})
        assert response.data == f"host{number}.example".encode()
    assert len(app._url_adapter_cache._bindings) <= _adapters.MAX_BINDINGS


def test_trusted_hosts_are_checked_on_every_request() -> None:
    app = flask.Flask("trusted")
    app.config["TRUSTED_HOSTS"] = ["good.example"]

    @app.route("/")
    def index() -> str:
        return "ok"

    client = Client(app)
    assert client.get("/", headers={"Host": "good.example"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "good.example"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
