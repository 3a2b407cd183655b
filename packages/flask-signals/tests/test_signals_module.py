"""The ``flask.signals`` module itself: its names, and how it plugs into
flask-core's signal seam."""

from __future__ import annotations

import blinker
import pytest

import flask
from flask import seams, signals

SIGNAL_NAMES = {
    "template_rendered": "template-rendered",
    "before_render_template": "before-render-template",
    "request_started": "request-started",
    "request_finished": "request-finished",
    "request_tearing_down": "request-tearing-down",
    "got_request_exception": "got-request-exception",
    "appcontext_tearing_down": "appcontext-tearing-down",
    "appcontext_pushed": "appcontext-pushed",
    "appcontext_popped": "appcontext-popped",
    "message_flashed": "message-flashed",
}


@pytest.mark.parametrize("attribute", SIGNAL_NAMES)
def test_each_signal_is_a_named_blinker_signal(attribute: str) -> None:
    signal = getattr(signals, attribute)
    assert isinstance(signal, blinker.NamedSignal)
    assert signal.name == SIGNAL_NAMES[attribute]


@pytest.mark.parametrize("attribute", SIGNAL_NAMES)
def test_signals_are_reexported_by_flask(attribute: str) -> None:
    assert getattr(flask, attribute) is getattr(signals, attribute)


@pytest.mark.parametrize("attribute", SIGNAL_NAMES)
def test_signals_belong_to_the_module_namespace(attribute: str) -> None:
    name = SIGNAL_NAMES[attribute]
    assert signals._signals[name] is getattr(signals, attribute)
    assert signals._signals.signal(name) is getattr(signals, attribute)


def test_namespace_is_blinkers() -> None:
    assert signals.Namespace is blinker.Namespace
    assert isinstance(signals._signals, blinker.Namespace)
    assert len(signals._signals) == len(SIGNAL_NAMES)


def test_extensions_can_make_their_own_namespace() -> None:
    mine = signals.Namespace()
    custom = mine.signal("custom-thing")
    received: list[object] = []

    def receiver(sender: object) -> None:
        received.append(sender)

    custom.connect(receiver)
    custom.send("sender")
    assert received == ["sender"]
    assert "custom-thing" not in signals._signals


def test_importing_registers_the_module_as_the_hub() -> None:
    hub: object = seams.signal_hub
    assert hub is signals


def test_module_satisfies_the_hub_protocol() -> None:
    for attribute in seams.SignalHub.__annotations__:
        assert hasattr(signals, attribute), attribute
    assert set(seams.SignalHub.__annotations__) == set(SIGNAL_NAMES)


def test_the_hub_sends_what_receivers_listen_to() -> None:
    received: list[tuple[object, dict[str, object]]] = []

    def receiver(sender: object, **kwargs: object) -> None:
        received.append((sender, kwargs))

    hub = seams.signal_hub
    assert hub is not None
    with signals.message_flashed.connected_to(receiver):
        hub.message_flashed.send("app", message="m", category="c")
    assert received == [("app", {"message": "m", "category": "c"})]
