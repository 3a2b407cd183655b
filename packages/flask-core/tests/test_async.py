"""Tests of async views and handlers (``ensure_sync`` / ``async_to_sync``)."""

from __future__ import annotations

import asyncio
import functools
import sys
import typing as t

import pytest
from werkzeug.test import Client

import flask

pytest.importorskip("asgiref", reason="async support is the 'async' extra")


class AppError(Exception):
    pass


@pytest.fixture
def async_app(app: flask.Flask) -> flask.Flask:
    @app.route("/", methods=["GET", "POST"])
    async def index() -> str:
        await asyncio.sleep(0)
        return flask.request.method

    @app.errorhandler(AppError)
    async def handle(error: AppError) -> tuple[str, int]:
        await asyncio.sleep(0)
        return "async handled", 418

    @app.route("/error")
    async def error() -> str:
        raise AppError()

    return app


def test_async_view(async_app: flask.Flask) -> None:
    client = Client(async_app)
    assert client.get("/").data == b"GET"
    assert client.post("/").data == b"POST"


def test_async_error_handler(async_app: flask.Flask) -> None:
    response = Client(async_app).get("/error")
    assert (response.status_code, response.data) == (418, b"async handled")


def test_async_hooks(app: flask.Flask, client: Client) -> None:
    calls: list[str] = []

    @app.before_request
    async def before() -> None:
        calls.append("before")

    @app.after_request
    async def after(response: flask.Response) -> flask.Response:
        calls.append("after")
        response.headers["X-Async"] = "1"
        return response

    @app.teardown_request
    async def teardown(exc: BaseException | None) -> None:
        calls.append("teardown")

    @app.teardown_appcontext
    async def teardown_app(exc: BaseException | None) -> None:
        calls.append("teardown_app")

    @app.route("/")
    def index() -> str:
        calls.append("view")
        return ""

    assert client.get("/").headers["X-Async"] == "1"
    assert calls == ["before", "view", "after", "teardown", "teardown_app"]


def test_async_before_request_can_short_circuit(
    app: flask.Flask, client: Client
) -> None:
    @app.before_request
    async def stop() -> str:
        return "from async hook"

    app.add_url_rule("/", "index", lambda: "view")
    assert client.get("/").data == b"from async hook"


def test_async_context_processor(app: flask.Flask) -> None:
    @app.context_processor
    async def values() -> dict[str, t.Any]:
        return {"who": "async"}

    with app.test_request_context():
        context: dict[str, t.Any] = {}
        app.update_template_context(context)
    assert context["who"] == "async"


def test_ensure_sync_leaves_plain_functions(app: flask.Flask) -> None:
    def plain() -> int:
        return 1

    assert app.ensure_sync(plain) is plain


def test_ensure_sync_wraps_coroutine_functions(app: flask.Flask) -> None:
    async def coro(value: int) -> int:
        return value * 2

    wrapped = app.ensure_sync(coro)
    assert wrapped is not coro
    assert wrapped(21) == 42


def test_ensure_sync_handles_partial_of_coroutine(app: flask.Flask) -> None:
    async def add(a: int, b: int) -> int:
        return a + b

    assert app.ensure_sync(functools.partial(add, 1))(2) == 3


def test_async_to_sync_can_be_overridden(app: flask.Flask, client: Client) -> None:
    used: list[t.Any] = []

    class CustomRunner(flask.Flask):
        def async_to_sync(
            self, func: t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]
        ) -> t.Callable[..., t.Any]:
            used.append(func)

            def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
                return asyncio.run(func(*args, **kwargs))

            return run

    custom = CustomRunner("custom", root_path=app.root_path)

    @custom.route("/")
    async def index() -> str:
        return "custom runner"

    assert Client(custom).get("/").data == b"custom runner"
    assert used and used[0].__name__ == "index"


def test_async_to_sync_without_asgiref(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A None entry in sys.modules makes the import fail.
    monkeypatch.setitem(sys.modules, "asgiref.sync", None)

    async def view() -> str:
        return ""

    with pytest.raises(RuntimeError, match="python -m pip install asgiref"):
        app.async_to_sync(view)
    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(view)


def test_copy_current_request_context_with_async(app: flask.Flask) -> None:
    async def read_path() -> str:
        return flask.request.path

    with app.test_request_context("/async-copy"):
        wrapped = flask.copy_current_request_context(read_path)
    result: t.Any = wrapped()
    assert result == "/async-copy"
