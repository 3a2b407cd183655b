"""Which signal flask-core sends when, with which sender and arguments, and in
which order relative to the app's hooks."""

from __future__ import annotations

import contextlib
import typing as t

import blinker
import pytest

import flask
from flask import signals
from flask.templating import render_template_string

ALL_SIGNALS = [
    signals.appcontext_pushed,
    signals.request_started,
    signals.request_finished,
    signals.got_request_exception,
    signals.request_tearing_down,
    signals.appcontext_tearing_down,
    signals.appcontext_popped,
    signals.before_render_template,
    signals.template_rendered,
    signals.message_flashed,
]


class Recorder:
    """Connects to every signal and writes one line per event, together with
    lines written by hooks and views, into one ordered log."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.calls: list[tuple[str, object, dict[str, t.Any]]] = []

    def note(self, line: str) -> None:
        self.log.append(line)

    def receiver_for(self, signal: blinker.NamedSignal) -> t.Callable[..., None]:
        def receive(sender: object, **kwargs: t.Any) -> None:
            self.log.append(f"signal {signal.name}")
            self.calls.append((signal.name, sender, kwargs))

        return receive

    @contextlib.contextmanager
    def connected(self) -> t.Iterator[Recorder]:
        with contextlib.ExitStack() as stack:
            for signal in ALL_SIGNALS:
                stack.enter_context(signal.connected_to(self.receiver_for(signal)))
            yield self

    def kwargs_of(self, name: str) -> list[dict[str, t.Any]]:
        return [kwargs for signal, _, kwargs in self.calls if signal == name]


@pytest.fixture
def recorder() -> t.Iterator[Recorder]:
    with Recorder().connected() as connected:
        yield connected


@pytest.fixture
def app(recorder: Recorder) -> flask.Flask:
    """An app whose hooks write into the recorder's log."""
    application = flask.Flask("signals_tests")
    application.config["SECRET_KEY"] = "signals"

    @application.before_request
    def before() -> None:
        recorder.note("before_request")

    @application.after_request
    def after(response: flask.Response) -> flask.Response:
        recorder.note("after_request")
        return response

    @application.teardown_request
    def teardown_request(exc: BaseException | None) -> None:
        recorder.note(f"teardown_request {type(exc).__name__}")

    @application.teardown_appcontext
    def teardown_appcontext(exc: BaseException | None) -> None:
        recorder.note(f"teardown_appcontext {type(exc).__name__}")

    @application.route("/")
    def index() -> str:
        recorder.note("view")
        return "hello"

    @application.route("/fail")
    def fail() -> str:
        recorder.note("view")
        raise ZeroDivisionError("boom")

    @application.route("/missing")
    def missing() -> str:
        recorder.note("view")
        flask.abort(404)

    return application


def test_successful_request_order(app: flask.Flask, recorder: Recorder) -> None:
    response = app.test_client().get("/")
    assert response.data == b"hello"
    assert recorder.log == [
        "signal appcontext-pushed",
        "signal request-started",
        "before_request",
        "view",
        "after_request",
        "signal request-finished",
        "teardown_request NoneType",
        "signal request-tearing-down",
        "teardown_appcontext NoneType",
        "signal appcontext-tearing-down",
        "signal appcontext-popped",
    ]


def test_every_sender_is_the_app(app: flask.Flask, recorder: Recorder) -> None:
    app.test_client().get("/")
    assert recorder.calls
    for name, sender, _ in recorder.calls:
        assert sender is app, name


def test_request_signal_arguments(app: flask.Flask, recorder: Recorder) -> None:
    app.test_client().get("/")
    assert recorder.kwargs_of("request-started") == [{}]
    assert recorder.kwargs_of("appcontext-pushed") == [{}]
    assert recorder.kwargs_of("appcontext-popped") == [{}]
    assert recorder.kwargs_of("request-tearing-down") == [{"exc": None}]
    assert recorder.kwargs_of("appcontext-tearing-down") == [{"exc": None}]
    (finished,) = recorder.kwargs_of("request-finished")
    assert set(finished) == {"response"}
    assert isinstance(finished["response"], flask.Response)
    assert finished["response"].get_data() == b"hello"


def test_request_is_available_to_request_started(app: flask.Flask) -> None:
    seen: list[str] = []

    def started(sender: flask.Flask, **kwargs: t.Any) -> None:
        seen.append(flask.request.path)
        seen.append(flask.current_app.name)

    with signals.request_started.connected_to(started, sender=app):
        app.test_client().get("/?x=1")
    assert seen == ["/", "signals_tests"]


def test_receiver_can_change_the_finished_response(app: flask.Flask) -> None:
    def finished(
        sender: flask.Flask, response: flask.Response, **kwargs: t.Any
    ) -> None:
        response.headers["X-Finished"] = "yes"

    with signals.request_finished.connected_to(finished, sender=app):
        response = app.test_client().get("/")
    assert response.headers["X-Finished"] == "yes"


def test_unhandled_exception_order_and_arguments(
    app: flask.Flask, recorder: Recorder
) -> None:
    response = app.test_client().get("/fail")
    assert response.status_code == 500
    assert recorder.log == [
        "signal appcontext-pushed",
        "signal request-started",
        "before_request",
        "view",
        "signal got-request-exception",
        "after_request",
        "signal request-finished",
        "teardown_request ZeroDivisionError",
        "signal request-tearing-down",
        "teardown_appcontext ZeroDivisionError",
        "signal appcontext-tearing-down",
        "signal appcontext-popped",
    ]
    (got,) = recorder.kwargs_of("got-request-exception")
    assert isinstance(got["exception"], ZeroDivisionError)
    assert str(got["exception"]) == "boom"
    (tearing,) = recorder.kwargs_of("request-tearing-down")
    assert tearing["exc"] is got["exception"]
    (app_tearing,) = recorder.kwargs_of("appcontext-tearing-down")
    assert app_tearing["exc"] is got["exception"]
    (finished,) = recorder.kwargs_of("request-finished")
    assert finished["response"].status_code == 500


def test_exception_signal_is_sent_before_propagating(
    app: flask.Flask, recorder: Recorder
) -> None:
    app.testing = True
    with pytest.raises(ZeroDivisionError):
        app.test_client().get("/fail")
    (got,) = recorder.kwargs_of("got-request-exception")
    assert isinstance(got["exception"], ZeroDivisionError)
    assert recorder.kwargs_of("request-finished") == []


def test_handled_exception_sends_no_exception_signal(
    app: flask.Flask, recorder: Recorder
) -> None:
    @app.errorhandler(ZeroDivisionError)
    def handle(error: ZeroDivisionError) -> tuple[str, int]:
        return "handled", 418

    response = app.test_client().get("/fail")
    assert response.status_code == 418
    assert recorder.kwargs_of("got-request-exception") == []
    assert recorder.kwargs_of("request-tearing-down") == [{"exc": None}]


def test_http_exception_sends_no_exception_signal(
    app: flask.Flask, recorder: Recorder
) -> None:
    response = app.test_client().get("/missing")
    assert response.status_code == 404
    assert recorder.kwargs_of("got-request-exception") == []
    (finished,) = recorder.kwargs_of("request-finished")
    assert finished["response"].status_code == 404


def test_before_request_response_still_finishes(
    app: flask.Flask, recorder: Recorder
) -> None:
    @app.before_request
    def short_circuit() -> str:
        return "early"

    response = app.test_client().get("/")
    assert response.data == b"early"
    assert "view" not in recorder.log
    assert recorder.log.index("signal request-started") < recorder.log.index(
        "before_request"
    )
    assert len(recorder.kwargs_of("request-finished")) == 1


def test_app_context_signals_without_a_request(
    app: flask.Flask, recorder: Recorder
) -> None:
    with app.app_context():
        recorder.note("inside")
    assert recorder.log == [
        "signal appcontext-pushed",
        "inside",
        "teardown_appcontext NoneType",
        "signal appcontext-tearing-down",
        "signal appcontext-popped",
    ]


def test_appcontext_pushed_sees_the_pushed_context(app: flask.Flask) -> None:
    names: list[str] = []

    def pushed(sender: flask.Flask, **kwargs: t.Any) -> None:
        flask.g.marker = "set by receiver"
        names.append(flask.current_app.name)

    with signals.appcontext_pushed.connected_to(pushed, sender=app), app.app_context():
        assert flask.g.marker == "set by receiver"
    assert names == ["signals_tests"]


def test_appcontext_popped_runs_after_the_context_is_gone(app: flask.Flask) -> None:
    states: list[bool] = []

    def popped(sender: flask.Flask, **kwargs: t.Any) -> None:
        states.append(flask.has_app_context())

    with signals.appcontext_popped.connected_to(popped, sender=app), app.app_context():
        pass
    assert states == [False]


def test_nested_app_context_signals(app: flask.Flask, recorder: Recorder) -> None:
    with app.app_context(), app.app_context():
        pass
    assert recorder.log.count("signal appcontext-pushed") == 2
    assert recorder.log.count("signal appcontext-popped") == 2


class MemorySession(dict[str, t.Any]):
    """A session kept in memory for one request: flashing needs somewhere
    to write, and flask-sessions is not a dependency of these tests."""

    accessed = modified = new = permanent = False


class MemorySessionInterface:
    """Hands every request a fresh :class:`MemorySession`."""

    def open_session(self, app: flask.Flask, request: flask.Request) -> MemorySession:
        return MemorySession()

    def make_null_session(self, app: flask.Flask) -> MemorySession:
        return MemorySession()

    def is_null_session(self, obj: object) -> bool:
        return True

    def save_session(self, *args: t.Any) -> None:
        pass


def test_message_flashed(app: flask.Flask, recorder: Recorder) -> None:
    app.session_interface = MemorySessionInterface()  # type: ignore[assignment]

    @app.route("/flash")
    def flash_view() -> str:
        flask.flash("saved", "info")
        flask.flash("plain")
        recorder.note("flashed")
        return ""

    app.test_client().get("/flash")
    assert recorder.kwargs_of("message-flashed") == [
        {"message": "saved", "category": "info"},
        {"message": "plain", "category": "message"},
    ]
    senders = [
        sender for name, sender, _ in recorder.calls if name == "message-flashed"
    ]
    assert senders == [app, app]
    assert recorder.log.index("signal message-flashed") < recorder.log.index("flashed")


def test_template_signals(app: flask.Flask, recorder: Recorder) -> None:
    rendered_text: list[str] = []

    @app.route("/page")
    def page() -> str:
        text = render_template_string("Hi {{ name }}!", name="Ada")
        rendered_text.append(text)
        recorder.note("rendered")
        return text

    assert app.test_client().get("/page").data == b"Hi Ada!"
    before = recorder.kwargs_of("before-render-template")
    after = recorder.kwargs_of("template-rendered")
    assert len(before) == len(after) == 1
    for kwargs in (before[0], after[0]):
        assert set(kwargs) == {"template", "context"}
        assert kwargs["template"] is before[0]["template"]
        assert kwargs["context"]["name"] == "Ada"
        # The context processors have run before the signals are sent.
        assert kwargs["context"]["request"] is not None
        assert "g" in kwargs["context"]
    order = recorder.log
    assert (
        order.index("signal before-render-template")
        < order.index("signal template-rendered")
        < order.index("rendered")
    )
    assert rendered_text == ["Hi Ada!"]


def test_before_render_template_can_change_the_context(app: flask.Flask) -> None:
    def inject(
        sender: flask.Flask, template: t.Any, context: dict[str, t.Any], **kw: t.Any
    ) -> None:
        context["name"] = "Grace"

    @app.route("/greet")
    def greet() -> str:
        return render_template_string("Hi {{ name }}!", name="Ada")

    with signals.before_render_template.connected_to(inject, sender=app):
        assert app.test_client().get("/greet").data == b"Hi Grace!"


def test_template_signals_outside_a_request(
    app: flask.Flask, recorder: Recorder
) -> None:
    with app.app_context():
        assert render_template_string("{{ 1 + 1 }}") == "2"
    (rendered,) = recorder.kwargs_of("template-rendered")
    assert "request" not in rendered["context"]


def test_receiver_for_another_app_is_not_called(app: flask.Flask) -> None:
    other = flask.Flask("other")
    calls: list[object] = []

    def started(sender: flask.Flask, **kwargs: t.Any) -> None:
        calls.append(sender)

    with signals.request_started.connected_to(started, sender=other):
        app.test_client().get("/")
    assert calls == []


def test_async_receivers_are_run(app: flask.Flask) -> None:
    pytest.importorskip("asgiref")
    calls: list[str] = []

    async def started(sender: flask.Flask, **kwargs: t.Any) -> None:
        calls.append(f"started {flask.request.path}")

    async def finished(
        sender: flask.Flask, response: flask.Response, **kw: t.Any
    ) -> None:
        calls.append(f"finished {response.status_code}")

    with (
        signals.request_started.connected_to(started, sender=app),
        signals.request_finished.connected_to(finished, sender=app),
    ):
        app.test_client().get("/")
    assert calls == ["started /", "finished 200"]


def test_async_receiver_without_a_wrapper_is_refused() -> None:
    """Core must pass ``_async_wrapper``: blinker refuses coroutine receivers
    otherwise. This pins down why the seam forwards ``app.ensure_sync``."""

    async def receiver(sender: object, **kwargs: t.Any) -> None:
        return None

    signal = signals.Namespace().signal("scratch")
    signal.connect(receiver)
    with pytest.raises(RuntimeError):
        signal.send("x")
