"""Reading and writing the session cookie: one regression test per
advisory, plus what modular Flask adds.

* CVE-2023-30861: a refreshed permanent session varies on ``Cookie``.
* CVE-2026-27205 (GHSA-68rp-wp8r-4726): ``in`` and ``len`` are uses.
* CVE-2025-47278 (GHSA-4grg-w6v8-c28g): cookies are signed with
  ``SECRET_KEY``, never with a fallback key.
* CVE-2023-23934 (Werkzeug): a nameless cookie ``=session=...`` is not the
  session cookie.
* A cookie with a valid signature but a timestamp no date can hold starts a
  new session (Flask answers 500), on both of the serializer's paths.
"""

from __future__ import annotations

import hashlib
import time
import typing as t

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

import flask
from flask.sessions import SecureCookieSessionInterface, session_json_serializer


class SHA256Interface(SecureCookieSessionInterface):
    """An interface the serializer's one-pass path does not take."""

    digest_method = staticmethod(hashlib.sha256)  # type: ignore[assignment]


INTERFACES = {"one pass": SecureCookieSessionInterface, "itsdangerous": SHA256Interface}


def _signed(
    app: flask.Flask, data: t.Any, timestamp: int, interface: t.Any = None
) -> str:
    """A cookie with a valid signature for ``app`` over ``data``, stamped
    ``timestamp``, as itsdangerous writes it."""
    interface = interface or app.session_interface

    class Stamped(TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp

    serializer = URLSafeTimedSerializer(
        app.secret_key,
        salt=interface.salt,
        serializer=session_json_serializer,
        signer=Stamped,
        signer_kwargs={
            "key_derivation": interface.key_derivation,
            "digest_method": interface.digest_method,
        },
    )
    return serializer.dumps(data)


@pytest.fixture
def session_app(app: flask.Flask) -> flask.Flask:
    app.testing = False

    @app.route("/")
    def show() -> t.Any:
        return {"session": dict(flask.session)}

    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        return ""

    return app


def test_cve_2023_30861_refreshed_permanent_session_varies(app: flask.Flask) -> None:
    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        flask.session.permanent = True
        return ""

    @app.route("/page")
    def page() -> str:
        return "a page that never looks at the session"

    client = app.test_client()
    client.get("/login")
    response = client.get("/page")
    assert "Set-Cookie" in response.headers
    assert "Cookie" in response.vary


@pytest.mark.parametrize(
    "use",
    [
        lambda: "user" in flask.session,
        lambda: len(flask.session),
        lambda: list(flask.session),
        lambda: bool(flask.session),
    ],
    ids=["in", "len", "iter", "bool"],
)
def test_cve_2026_27205_key_only_uses_vary(
    app: flask.Flask, use: t.Callable[[], t.Any]
) -> None:
    @app.route("/use")
    def use_view() -> str:
        return str(use())

    assert "Cookie" in app.test_client().get("/use").vary


def test_cve_2025_47278_cookies_are_signed_with_the_current_key(
    session_app: flask.Flask,
) -> None:
    session_app.config["SECRET_KEY_FALLBACKS"] = ["old key"]
    client = session_app.test_client()
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None
    current = URLSafeTimedSerializer(
        "test secret key",
        salt="cookie-session",
        serializer=session_json_serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    assert current.loads(cookie.value) == {"user": "ada"}
    # A cookie signed with the fallback key is still accepted ...
    session_app.config["SECRET_KEY"] = "old key"
    old_cookie = _signed(session_app, {"user": "bob"}, int(time.time()))
    session_app.config["SECRET_KEY"] = "test secret key"
    client.set_cookie("session", old_cookie)
    assert client.get("/").get_json() == {"session": {"user": "bob"}}
    # ... and re-signed with the current key when written.
    client.get("/login")
    assert current.loads(client.get_cookie("session").value) == {  # type: ignore[union-attr]
        "user": "ada"
    }


def test_cve_2023_23934_nameless_cookie_is_not_the_session(
    session_app: flask.Flask,
) -> None:
    forged = _signed(session_app, {"user": "mallory"}, int(time.time()))
    response = session_app.test_client().get(
        "/", headers={"Cookie": f"=session={forged}"}
    )
    assert response.get_json() == {"session": {}}


@pytest.mark.parametrize("interface", INTERFACES.values(), ids=INTERFACES)
@pytest.mark.parametrize(
    "timestamp",
    [2**63, 2**64 - 1, 10**18, 253_402_300_800, 0],
    ids=["2**63", "2**64-1", "1e18", "year 10000", "1970"],
)
def test_absurd_timestamp_starts_a_new_session(
    session_app: flask.Flask,
    interface: type[SecureCookieSessionInterface],
    timestamp: int,
) -> None:
    session_app.session_interface = interface()
    cookie = _signed(session_app, {"user": "ada"}, timestamp)
    client = session_app.test_client()
    client.set_cookie("session", cookie)
    response = client.get("/")
    assert response.status_code == 200
    assert response.get_json() == {"session": {}}


@pytest.mark.parametrize("interface", INTERFACES.values(), ids=INTERFACES)
def test_timestamp_in_range_still_works(
    session_app: flask.Flask, interface: type[SecureCookieSessionInterface]
) -> None:
    session_app.session_interface = interface()
    client = session_app.test_client()
    client.set_cookie(
        "session", _signed(session_app, {"user": "ada"}, int(time.time()))
    )
    assert client.get("/").get_json() == {"session": {"user": "ada"}}
    expired = int(time.time()) - 40 * 24 * 3600
    client.set_cookie("session", _signed(session_app, {"user": "ada"}, expired))
    assert client.get("/").get_json() == {"session": {}}
