"""Fixtures for flask-core's own tests.

These tests run with flask-core alone, so they drive apps with Werkzeug's
test client rather than flask-testing's.
"""

from __future__ import annotations

import types
import typing as t

import pytest
from werkzeug.test import Client

import flask
import flask._speedups as speedups
from flask import seams

#: Why a test marked ``speedups`` does not run with the switch set.
_NEEDS_SPEEDUPS = (
    "checks that the app takes a speed shortcut, which"
    f" {speedups.SWITCH}=1 turns off (test_speedups_switch.py checks that)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "speedups: the test checks that a request takes a speed shortcut of"
        " flask._speedups, so it runs only with the shortcuts on",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if speedups.ENABLED:
        return
    skip = pytest.mark.skip(reason=_NEEDS_SPEEDUPS)
    for item in items:
        if item.get_closest_marker("speedups") is not None:
            item.add_marker(skip)


@pytest.fixture
def app(tmp_path: t.Any) -> flask.Flask:
    """A fresh app rooted in a temporary folder, in testing mode."""
    application = flask.Flask("flask_core_test_app", root_path=str(tmp_path))
    application.testing = True
    return application


class ClosingClient(Client):
    """Werkzeug's test client, keeping every response it returns so that they
    can be closed after the test (a file response holds its file open until
    it is closed)."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.responses: list[t.Any] = []

    def open(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Make a request, remembering its response."""
        response = super().open(*args, **kwargs)
        self.responses.append(response)
        return response


@pytest.fixture
def client(app: flask.Flask) -> t.Iterator[Client]:
    """Werkzeug's test client, returning the app's response class; every
    response it gave is closed after the test."""
    client = ClosingClient(app, app.response_class)
    yield client
    for response in client.responses:
        response.close()


@pytest.fixture
def app_ctx(app: flask.Flask) -> t.Iterator[flask.ctx.AppContext]:
    """An application context pushed for the test's duration."""
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def req_ctx(app: flask.Flask) -> t.Iterator[flask.ctx.RequestContext]:
    """A request context for ``GET /`` pushed for the test's duration."""
    with app.test_request_context() as ctx:
        yield ctx


SentSignal = tuple[str, t.Any, dict[str, t.Any]]


class RecordingSignal:
    """One signal of a :class:`RecordingHub`: every send goes into the hub's log."""

    def __init__(self, name: str, log: list[SentSignal]) -> None:
        self.name = name
        self.log = log

    def send(self, sender: t.Any, /, **kwargs: t.Any) -> list[t.Any]:
        """Record ``(name, sender, kwargs)``; no receiver is called."""
        self.log.append((self.name, sender, kwargs))
        return []


class RecordingHub:
    """Stands in for flask.signals as ``seams.signal_hub``: every signal core
    sends is recorded, in order, in :attr:`log`."""

    def __init__(self) -> None:
        self.log: list[SentSignal] = []

    def __getattr__(self, name: str) -> RecordingSignal:
        if name.startswith("__"):
            raise AttributeError(name)
        return RecordingSignal(name, self.log)

    def names(self) -> list[str]:
        """The names of the signals sent, in order."""
        return [name for name, _, _ in self.log]

    def events(self, *names: str) -> list[SentSignal]:
        """The sends of the named signals, in order, without the
        ``_async_wrapper`` argument core passes to every send."""
        return [
            (name, sender, {k: v for k, v in kwargs.items() if k != "_async_wrapper"})
            for name, sender, kwargs in self.log
            if name in names
        ]


@pytest.fixture
def signal_hub(monkeypatch: pytest.MonkeyPatch) -> RecordingHub:
    """A :class:`RecordingHub` registered as the signal hub for the test."""
    hub = RecordingHub()
    monkeypatch.setattr(seams, "signal_hub", hub)
    return hub


class FakeGroup:
    """Stands in for flask-cli's AppGroup, which flask-core must not need."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.commands: dict[str, t.Any] = {}

    def add_command(self, command: t.Any, name: str | None = None) -> None:
        """Register ``command`` under ``name`` (or its own name)."""
        self.commands[name or command.name] = command


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Serve a fake ``flask.cli`` (its ``AppGroup`` a :class:`FakeGroup`)
    through ``seams.require``; the returned list records each time it was
    required."""
    required: list[str] = []
    real_require = seams.require

    def require(module: str, feature: str | None = None) -> t.Any:
        if module != "flask.cli":
            return real_require(module, feature)
        required.append(module)
        return types.SimpleNamespace(AppGroup=FakeGroup)

    monkeypatch.setattr(seams, "require", require)
    return required
