"""The signed-cookie interface's shortcuts (lazy opening, shared serializers,
remembered signing keys) change nothing that can be observed."""

from __future__ import annotations

import hashlib
import typing as t

import pytest
from itsdangerous import URLSafeTimedSerializer

import flask
from flask import _session_speedups as _session_signing
from flask import seams, sessions
from flask.sessions import SecureCookieSessionInterface

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


def _reference_serializer(app: flask.Flask) -> URLSafeTimedSerializer:
    """The serializer as itsdangerous builds it without any shortcut."""
    interface = SecureCookieSessionInterface()
    return URLSafeTimedSerializer(
        [*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key],
        salt=interface.salt,
        serializer=interface.serializer,
        signer_kwargs={
            "key_derivation": interface.key_derivation,
            "digest_method": interface.digest_method,
        },
    )


def test_stock_interface_is_opened_lazily() -> None:
    assert SecureCookieSessionInterface in seams.lazily_opened_session_interfaces


def test_signatures_are_those_of_plain_itsdangerous(app: flask.Flask) -> None:
    ours = SecureCookieSessionInterface().get_signing_serializer(app)
    assert ours is not None
    reference = _reference_serializer(app)
    payload = {"user": 42, "items": (1, 2)}
    assert ours.loads(reference.dumps(payload)) == payload
    assert reference.loads(ours.dumps(payload)) == payload
    signed = ours.dumps(payload)
    value, _, _ = signed.rpartition(".")
    assert reference.make_signer().get_signature(
        value
    ) == ours.make_signer().get_signature(value)


def test_other_digests_and_derivations_still_apply(app: flask.Flask) -> None:
    class Sha256Interface(SecureCookieSessionInterface):
        digest_method = staticmethod(hashlib.sha256)
        key_derivation = "concat"

    ours = Sha256Interface().get_signing_serializer(app)
    assert ours is not None
    reference = URLSafeTimedSerializer(
        app.secret_key,
        salt="cookie-session",
        serializer=sessions.session_json_serializer,
        signer_kwargs={"key_derivation": "concat", "digest_method": hashlib.sha256},
    )
    assert reference.loads(ours.dumps({"a": 1})) == {"a": 1}


@pytest.mark.speedups
def test_serializer_is_shared_while_settings_stay(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    app.secret_key = "another key"
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first
    assert rotated is not None and rotated.secret_keys[-1] == b"another key"


def test_fallback_keys_still_verify(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    old = interface.get_signing_serializer(app)
    assert old is not None
    cookie = old.dumps({"kept": True})
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "new key"
    current = interface.get_signing_serializer(app)
    assert current is not None
    assert current.loads(cookie) == {"kept": True}


@pytest.mark.speedups
def test_the_caches_are_bounded(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    for number in range(_session_signing.MAX_BUILT_SERIALIZERS + 5):
        app.secret_key = f"key {number}"
        signer = interface.get_signing_serializer(app)
        assert signer is not None
        signer.dumps({})
    assert (
        len(_session_signing._built_serializers)
        <= _session_signing.MAX_BUILT_SERIALIZERS
    )
    assert len(_session_signing.derived_keys) <= _session_signing.MAX_DERIVED_KEYS


def test_unhashable_settings_build_a_serializer_each_time(app: flask.Flask) -> None:
    class ListSaltInterface(SecureCookieSessionInterface):
        salt = ["not", "hashable"]  # type: ignore[assignment]

    interface = ListSaltInterface()
    with pytest.raises(TypeError):
        # itsdangerous itself refuses such a salt when signing.
        signer = interface.get_signing_serializer(app)
        assert signer is not None
        signer.dumps({})


def test_untouched_permanent_session_is_still_refreshed(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/login")
    def login() -> str:
        flask.session.permanent = True
        flask.session["user"] = "ann"
        return "in"

    @app.route("/ignore")
    def ignore() -> str:
        return "nothing"

    client.get("/login")
    response = client.get("/ignore")
    assert "session=" in response.headers.get("Set-Cookie", "")


def test_no_cookie_and_no_use_gives_no_cookie(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        return "hi"

    response = client.get("/")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary


def test_session_opened_without_cookie_header_is_empty(app: flask.Flask) -> None:
    with app.test_request_context():
        assert dict(flask.session) == {}
        assert flask.session.new is False


def test_session_is_read_from_the_cookie_header(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/set")
    def set_value() -> str:
        flask.session["n"] = 5
        return "set"

    @app.route("/get")
    def get_value() -> str:
        return str(flask.session.get("n"))

    client.get("/set")
    assert client.get("/get").text == "5"
