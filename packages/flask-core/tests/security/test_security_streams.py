"""A streamed response never leaves a request's contexts behind.

``stream_with_context`` keeps ``request``, ``session`` and ``g`` available
while a server reads the body. If that kept the contexts pushed in the
server's thread between chunks, a server that drops the body without
closing it, and lets the garbage collector close it on another thread,
would leave them there: the thread's next request would see the previous
one's ``g``, and ``teardown_appcontext`` would never run. Modular Flask runs
the wrapped iterator in a context of its own, entered for each chunk only.
"""

from __future__ import annotations

import gc
import threading
import typing as t

import pytest
from werkzeug.test import EnvironBuilder

import flask
from flask.globals import _cv_app, _cv_request


def _in_thread(work: t.Callable[[], t.Any]) -> t.Any:
    """Run ``work`` on a new thread and return its result (or raise its
    error)."""
    outcome: dict[str, t.Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # re-raised below
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def streaming_app(app: flask.Flask) -> tuple[flask.Flask, list[str]]:
    """An app whose ``/stream`` streams with its context and whose ``/g``
    shows what ``g`` holds; the list records the teardowns."""
    events: list[str] = []

    @app.teardown_appcontext
    def app_teardown(exc: BaseException | None) -> None:
        events.append(f"appcontext {flask.g.get('owner')}")

    @app.teardown_request
    def request_teardown(exc: BaseException | None) -> None:
        events.append("request")

    @app.route("/stream")
    def stream() -> t.Any:
        flask.g.owner = "stream"

        @flask.stream_with_context
        def chunks() -> t.Iterator[str]:
            for number in range(3):
                yield f"{flask.g.owner} {flask.request.path} {number};"

        return flask.Response(chunks())

    @app.route("/g")
    def show_g() -> str:
        return repr(flask.g.get("owner"))

    return app, events


def _call(app: flask.Flask, path: str) -> tuple[t.Any, list[str]]:
    """Start a request as a WSGI server would; return the body iterator."""
    statuses: list[str] = []
    environ = EnvironBuilder(path=path).get_environ()
    body = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    return body, statuses


def test_dropped_stream_closed_on_another_thread_leaves_nothing(
    streaming_app: tuple[flask.Flask, list[str]],
) -> None:
    app, events = streaming_app

    def serve_and_drop() -> tuple[t.Any, bool]:
        body, _ = _call(app, "/stream")
        first = next(iter(body))
        assert first == b"stream /stream 0;"
        # The server gives up on the client without closing the body, but
        # something (a connection object, a log record) still holds it.
        return body, flask.has_app_context() or flask.has_request_context()

    # One worker thread serves the stream and drops it ...
    results: dict[str, t.Any] = {}
    ready = threading.Event()
    go_on = threading.Event()

    def worker_thread() -> None:
        results["body"], results["left"] = serve_and_drop()
        ready.set()
        go_on.wait(timeout=30)
        # ... and then serves the next request on the same thread.
        body, statuses = _call(app, "/g")
        results["next"] = b"".join(body)
        body.close()
        results["after"] = (_cv_app.get(None), _cv_request.get(None))

    thread = threading.Thread(target=worker_thread)
    thread.start()
    assert ready.wait(timeout=30)
    # Meanwhile the body is collected, and so closed, on this other thread.
    events.clear()
    del results["body"]
    gc.collect()
    go_on.set()
    thread.join(timeout=30)
    assert not thread.is_alive()

    assert results["left"] is False
    assert results["next"] == b"None"
    assert results["after"] == (None, None)
    # The stream's contexts were torn down, with their own g.
    assert "request" in events
    assert "appcontext stream" in events


def test_unclosed_stream_leaves_nothing_in_the_server_thread(
    streaming_app: tuple[flask.Flask, list[str]],
) -> None:
    app, events = streaming_app

    def serve_partly() -> tuple[t.Any, t.Any, t.Any]:
        body, _ = _call(app, "/stream")
        iterator = iter(body)
        next(iterator)
        next(iterator)
        return body, _cv_app.get(None), _cv_request.get(None)

    body, app_ctx, request_ctx = _in_thread(serve_partly)
    assert (app_ctx, request_ctx) == (None, None)
    body.close()
    assert events.count("request") == 2  # the view's and the stream's


def test_primed_stream_does_not_disturb_the_view_context(
    streaming_app: tuple[flask.Flask, list[str]],
) -> None:
    app, events = streaming_app

    @app.route("/primed")
    def primed() -> t.Any:
        flask.g.owner = "primed"

        def chunks() -> t.Iterator[str]:
            yield "a"
            yield flask.g.owner

        body = flask.stream_with_context(chunks())
        first = next(body)  # an app may take the first chunk early
        return flask.Response(iter([first, *body]))

    body, statuses = _call(app, "/primed")
    assert b"".join(body) == b"aprimed"
    body.close()
    assert statuses == ["200 OK"]
    assert (_cv_app.get(None), _cv_request.get(None)) == (None, None)
    assert "appcontext primed" in events


def test_many_dropped_streams_leave_no_context(
    streaming_app: tuple[flask.Flask, list[str]],
) -> None:
    app, events = streaming_app

    def drop_many() -> tuple[t.Any, t.Any]:
        for _ in range(50):
            body, _ = _call(app, "/stream")
            next(iter(body))
            del body
        gc.collect()
        return _cv_app.get(None), _cv_request.get(None)

    assert _in_thread(drop_many) == (None, None)
    assert events.count("appcontext stream") == 100
