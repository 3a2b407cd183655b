"""URL-encoded bodies split by :mod:`flask._speedups.forms` give exactly the
pairs of ``parse_qsl``, and bodies it was not written for go to
``parse_qsl``."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

import flask
from flask._speedups import forms as _form_speedups


@pytest.fixture(autouse=True)
def shortcut_on(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut is compared with ``parse_qsl`` whether or not the test
    run switched the speedups off; the switch's own tests see it as set."""
    if "switch" not in request.node.name:
        monkeypatch.setattr(_form_speedups, "ENABLED", True)


BODIES = [
    "",
    "a=1",
    "a=1&b=2&a=3",
    "a",
    "a=",
    "=b",
    "=",
    "&&a=1&&",
    "a=1=2",
    "a+b=c+d&+=+",
    "ünï=cødé",
    "a=1;b=2",
    "a=%41",
    "a=%zz&b=%",
    "a+%2B=%2b+",
    "x" * 1000 + "=" + "y" * 1000,
]


@pytest.mark.parametrize("body", BODIES)
def test_pairs_are_parse_qsls(body: str) -> None:
    pairs = _form_speedups.split_plain_body(body)
    if "%" in body:
        assert pairs is None
    else:
        assert pairs == parse_qsl(body, keep_blank_values=True)


@pytest.mark.parametrize("body", BODIES)
def test_request_form_is_werkzeugs(body: str) -> None:
    from werkzeug.wrappers import Request as WerkzeugRequest

    app = flask.Flask(__name__)
    encoded = body.encode()
    with app.test_request_context(
        "/",
        method="POST",
        data=encoded,
        content_type="application/x-www-form-urlencoded",
    ):
        ours = list(flask.request.form.items(multi=True))
        reference = WerkzeugRequest(flask.request.environ)
        reference.environ["wsgi.input"].seek(0)
        assert ours == list(reference.form.items(multi=True))


def test_the_switch_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_form_speedups, "ENABLED", False)
    assert _form_speedups.split_plain_body("a=1") is None


def test_taken_unless_the_switch_is_set() -> None:
    import os

    switched_off = os.environ.get("MODULAR_FLASK_NO_SPEEDUPS", "") not in ("", "0")
    assert (_form_speedups.split_plain_body("a=1") is None) is switched_off
