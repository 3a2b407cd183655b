"""Tests for stream_with_context: the request and app contexts stay pushed
while a streamed body is produced, and are popped when it ends or is closed
early."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.test import Client

import flask
from flask.globals import _cv_app, _cv_request


def test_plain_generator_loses_request_context(
    app: flask.Flask, client: Client
) -> None:
    # The reason the helper exists: without it the view's context is gone.
    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield str(flask.has_request_context())

        return flask.Response(generate())

    assert client.get("/").get_data() == b"False"


def test_wraps_an_iterator(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "Hello "
            yield flask.request.args["name"]
            yield "!"

        return flask.Response(flask.stream_with_context(generate()))

    assert client.get("/?name=World").get_data() == b"Hello World!"


def test_decorates_a_generator_function(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> t.Any:
        @flask.stream_with_context
        def generate(greeting: str) -> t.Iterator[str]:
            yield greeting
            yield flask.request.args["name"]

        return flask.Response(generate("Hi "))

    assert client.get("/?name=you").get_data() == b"Hi you"


def test_decorator_keeps_function_metadata() -> None:
    def numbers() -> t.Iterator[str]:
        """Yield numbers."""
        yield "1"

    decorated = flask.stream_with_context(numbers)
    assert decorated.__name__ == "numbers"
    assert decorated.__doc__ == "Yield numbers."
    assert getattr(decorated, "__wrapped__", None) is numbers


def test_wraps_any_iterable(app: flask.Flask, req_ctx: t.Any) -> None:
    wrapped = flask.stream_with_context(iter(["a", "b"]))
    assert list(wrapped) == ["a", "b"]
    wrapped_list = flask.stream_with_context(["x", "y"])  # type: ignore[call-overload]
    assert list(wrapped_list) == ["x", "y"]


def test_app_context_and_g_kept(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> t.Any:
        flask.g.value = "from g"

        def generate() -> t.Iterator[str]:
            yield flask.g.value
            yield "|" + flask.current_app.name

        return flask.Response(flask.stream_with_context(generate()))

    assert client.get("/").get_data(as_text=True) == f"from g|{app.name}"


def test_same_request_object_during_stream(app: flask.Flask, client: Client) -> None:
    seen: list[t.Any] = []

    @app.route("/")
    def index() -> t.Any:
        seen.append(flask.request._get_current_object())  # type: ignore[attr-defined]

        def generate() -> t.Iterator[str]:
            seen.append(flask.request._get_current_object())  # type: ignore[attr-defined]
            yield "done"

        return flask.Response(flask.stream_with_context(generate()))

    assert client.get("/").get_data() == b"done"
    assert seen[0] is seen[1]


def test_session_available_during_stream(app: flask.Flask, client: Client) -> None:
    sessions: list[t.Any] = []

    @app.route("/")
    def index() -> t.Any:
        sessions.append(flask.session._get_current_object())

        @flask.stream_with_context
        def generate() -> t.Iterator[str]:
            sessions.append(flask.session._get_current_object())
            yield "ok"

        return flask.Response(generate())

    assert client.get("/").get_data() == b"ok"
    assert len(sessions) == 2
    assert sessions[0] is sessions[1]


def test_needs_a_request_context(app: flask.Flask) -> None:
    def generate() -> t.Iterator[str]:
        yield "x"

    with pytest.raises(RuntimeError, match="request context"):
        flask.stream_with_context(generate())
    with app.app_context(), pytest.raises(RuntimeError, match="request context"):
        flask.stream_with_context(generate())


def test_error_raised_when_called_not_when_iterated(app: flask.Flask) -> None:
    # The check happens at the call, in the view, where the mistake is.
    with pytest.raises(RuntimeError):
        flask.stream_with_context(iter(["a"]))


def test_contexts_popped_after_stream_ends(app: flask.Flask, client: Client) -> None:
    during: list[bool] = []
    torn_down: list[str] = []

    @app.teardown_request
    def record_teardown(exc: BaseException | None) -> None:
        torn_down.append(flask.request.path)

    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            during.append(flask.has_request_context())
            yield "a"
            during.append(flask.has_request_context())
            yield "b"

        return flask.Response(flask.stream_with_context(generate()))

    response = client.get("/", buffered=False)
    chunks = list(response.response)
    assert (
        b"".join(c if isinstance(c, bytes) else str(c).encode() for c in chunks)
        == b"ab"
    )
    response.close()
    assert during == [True, True]
    assert torn_down, "teardown_request should have run"
    assert _cv_request.get(None) is None
    assert _cv_app.get(None) is None


def test_contexts_kept_until_stream_is_read(app: flask.Flask, client: Client) -> None:
    teardowns: list[int] = []
    observed: list[int] = []

    @app.teardown_request
    def count(exc: BaseException | None) -> None:
        teardowns.append(1)

    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            observed.append(len(teardowns))
            yield flask.request.path

        return flask.Response(flask.stream_with_context(generate()))

    response = client.get("/", buffered=False)
    before_iteration = len(teardowns)
    body = b"".join(response.iter_encoded())
    response.close()
    assert body == b"/"
    # While the body was produced, the request was usable; the final
    # teardown happened only after the stream was finished.
    assert observed == [before_iteration]
    assert len(teardowns) > before_iteration


def test_early_close_pops_contexts_and_closes_generator(
    app: flask.Flask, client: Client
) -> None:
    events: list[str] = []

    @app.teardown_request
    def record(exc: BaseException | None) -> None:
        events.append("teardown")

    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            try:
                events.append("start")
                yield "first"
                events.append("second requested")
                yield "second"
            finally:
                events.append(
                    f"generator closed, request={flask.has_request_context()}"
                )

        return flask.Response(flask.stream_with_context(generate()))

    response = client.get("/", buffered=False)
    iterator = iter(response.response)
    assert next(iterator) in {b"first", "first"}
    events.clear()
    # The client disconnects: the server closes the body iterator.
    response.close()
    assert events[0] == "generator closed, request=True"
    assert "second requested" not in events
    assert events[-1] == "teardown"
    assert _cv_request.get(None) is None
    assert _cv_app.get(None) is None


def test_close_before_first_chunk_closes_source(app: flask.Flask) -> None:
    closed: list[bool] = []

    class Source:
        def __iter__(self) -> Source:
            return self

        def __next__(self) -> str:
            return "x"

        def close(self) -> None:
            closed.append(True)

    with app.test_request_context():
        wrapped = flask.stream_with_context(Source())
    wrapped.close()  # type: ignore[attr-defined]
    assert closed == [True]
    assert _cv_request.get(None) is None


def test_wrapped_iterator_close_called_at_end(app: flask.Flask) -> None:
    closed: list[bool] = []

    class Source:
        def __init__(self) -> None:
            self.items = iter(["a", "b"])

        def __iter__(self) -> Source:
            return self

        def __next__(self) -> str:
            return next(self.items)

        def close(self) -> None:
            closed.append(True)

    with app.test_request_context():
        wrapped = flask.stream_with_context(Source())
    assert list(wrapped) == ["a", "b"]
    assert closed == [True]


def test_exception_in_stream_pops_contexts(app: flask.Flask) -> None:
    def failing() -> t.Iterator[str]:
        yield "ok"
        raise ValueError("boom")

    with app.test_request_context():
        wrapped = flask.stream_with_context(failing())
    assert next(wrapped) == "ok"
    # Between chunks the contexts are current for the stream only.
    assert not flask.has_request_context()
    with pytest.raises(ValueError, match="boom"):
        next(wrapped)
    assert _cv_request.get(None) is None
    assert _cv_app.get(None) is None


def test_streamed_response_in_app(app: flask.Flask, client: Client) -> None:
    @app.route("/count/<int:n>")
    def count(n: int) -> t.Any:
        @flask.stream_with_context
        def numbers() -> t.Iterator[str]:
            for i in range(n):
                yield f"{flask.request.view_args['n']}:{i};"  # type: ignore[index]

        return app.response_class(numbers(), mimetype="text/plain")

    assert client.get("/count/3").get_data() == b"3:0;3:1;3:2;"


def test_consumed_while_context_still_pushed(app: flask.Flask) -> None:
    # Iterating inside the same request context nests the push: ending the
    # stream must not pop the context that the caller still holds.
    with app.test_request_context("/inner") as ctx:
        wrapped = flask.stream_with_context(iter(["a"]))
        assert list(wrapped) == ["a"]
        assert _cv_request.get(None) is ctx
        assert flask.request.path == "/inner"
    assert _cv_request.get(None) is None
