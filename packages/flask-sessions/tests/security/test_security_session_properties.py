"""Properties of session cookie decoding, over generated cookies: whatever
a client sends, and whatever a valid signature covers, the request gets a
session (the stored one or a new, empty one), never a 500, and no client
ever sees another client's data."""

from __future__ import annotations

import base64
import hashlib
import time
import typing as t

from hypothesis import given, settings
from hypothesis import strategies as st
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

import flask
from flask.sessions import SecureCookieSessionInterface, session_json_serializer

LIFETIME = 31 * 24 * 3600

#: Characters a cookie value may hold unquoted.
COOKIE_SAFE = st.characters(
    min_codepoint=33, max_codepoint=126, exclude_characters=';,"\\'
)


class SHA256Interface(SecureCookieSessionInterface):
    """An interface the serializer's one-pass path does not take."""

    digest_method = staticmethod(hashlib.sha256)  # type: ignore[assignment]


def _app(interface: type[SecureCookieSessionInterface]) -> flask.Flask:
    app = flask.Flask("session_properties")
    app.config.update(SECRET_KEY="property secret", TESTING=False)
    app.session_interface = interface()

    @app.route("/")
    def show() -> t.Any:
        return {"session": dict(flask.session)}

    @app.route("/store", methods=["POST"])
    def store() -> str:
        flask.session.update(flask.request.get_json())
        return ""

    return app


APPS = {
    interface: _app(interface)
    for interface in (SecureCookieSessionInterface, SHA256Interface)
}

interfaces = st.sampled_from(list(APPS))
cookie_text = st.one_of(
    st.text(COOKIE_SAFE, max_size=120),
    st.lists(
        st.text(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            max_size=30,
        ),
        min_size=1,
        max_size=5,
    ).map(".".join),
)


def _session_of(app: flask.Flask, cookie: str) -> tuple[int, t.Any]:
    client = app.test_client()
    client.set_cookie("session", cookie)
    response = client.get("/")
    return response.status_code, response.get_json()


@settings(max_examples=400, deadline=None)
@given(interface=interfaces, cookie=cookie_text)
def test_any_cookie_gives_a_session_never_a_500(
    interface: type[SecureCookieSessionInterface], cookie: str
) -> None:
    status, body = _session_of(APPS[interface], cookie)
    assert status == 200
    assert body == {"session": {}}


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(
    interface=interfaces,
    payload=st.one_of(
        json_data.map(session_json_serializer.dumps).map(str.encode),
        st.text(COOKIE_SAFE, max_size=60).map(str.encode),
        st.binary(max_size=60).map(
            lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=")
        ),
    ),
    timestamp=st.one_of(
        st.integers(min_value=0, max_value=2**64 - 1),
        st.integers(min_value=-2 * LIFETIME, max_value=LIFETIME).map(
            lambda offset: max(0, int(time.time()) - offset)
        ),
    ),
    compressed=st.booleans(),
)
def test_any_signed_payload_gives_a_session_never_a_500(
    interface: type[SecureCookieSessionInterface],
    payload: bytes,
    timestamp: int,
    compressed: bool,
) -> None:
    app = APPS[interface]
    chosen = app.session_interface

    class Stamped(TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp

    signer = Stamped(
        app.secret_key,  # type: ignore[arg-type]
        salt=chosen.salt,
        key_derivation=chosen.key_derivation,
        digest_method=chosen.digest_method,
    )
    value = payload if not compressed else b"." + payload
    cookie = signer.sign(value).decode()
    status, body = _session_of(app, cookie)
    assert status == 200
    assert isinstance(body["session"], dict)


@settings(max_examples=200, deadline=None)
@given(
    interface=interfaces,
    data=st.dictionaries(
        st.text(min_size=1, max_size=6), json_data, min_size=1, max_size=4
    ),
)
def test_stored_data_reaches_only_its_own_client(
    interface: type[SecureCookieSessionInterface], data: dict[str, t.Any]
) -> None:
    app = APPS[interface]
    owner = app.test_client()
    owner.post("/store", json=data)
    assert owner.get("/").get_json() == {"session": data}
    stranger = app.test_client()
    assert stranger.get("/").get_json() == {"session": {}}
    stolen = owner.get_cookie("session")
    assert stolen is not None
    altered = stolen.value[:-2] + ("AA" if not stolen.value.endswith("AA") else "BB")
    stranger.set_cookie("session", altered)
    assert stranger.get("/").get_json() == {"session": {}}


def test_signed_payloads_of_either_path_are_itsdangerous_cookies() -> None:
    # The generated cookies above are real: a valid one is read back.
    for interface, app in APPS.items():
        serializer = URLSafeTimedSerializer(
            app.secret_key,  # type: ignore[arg-type]
            salt=interface.salt,
            serializer=session_json_serializer,
            signer_kwargs={
                "key_derivation": interface.key_derivation,
                "digest_method": interface.digest_method,
            },
        )
        cookie = serializer.dumps({"user": "ada"})
        assert _session_of(app, cookie) == (200, {"session": {"user": "ada"}})
