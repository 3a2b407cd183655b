"""A corpus of damaged, forged and hostile session cookies. Each must give the
view a fresh, empty session (never an error response), and the view must be
able to store new data in it. Validly signed sequences of pairs are the
exception: as in Flask, they are loaded."""

from __future__ import annotations

import base64
import time
import typing as t
import zlib

import pytest
from itsdangerous import Signer, URLSafeTimedSerializer

import flask
from flask.sessions import SecureCookieSessionInterface, session_json_serializer

SECRET = "tamper corpus secret"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


def make_app() -> flask.Flask:
    app = flask.Flask("tamper")
    app.config.update(TESTING=True, SECRET_KEY=SECRET)

    @app.route("/")
    def index() -> dict[str, t.Any]:
        seen = dict(flask.session)
        flask.session["fresh"] = True
        return {"seen": seen}

    return app


def signed(data: t.Any, key: str = SECRET, **options: t.Any) -> str:
    """A cookie value made the way the app makes it, with another key or
    options if asked."""
    app = flask.Flask("signer")
    app.secret_key = key
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    return serializer.dumps(data, **options)


def sign_raw_payload(payload: bytes, key: str = SECRET) -> str:
    """Sign arbitrary bytes with the app's real key, salt and timestamp, so
    that the signature verifies but the payload is not a session."""
    interface = SecureCookieSessionInterface()
    serializer = URLSafeTimedSerializer(
        key,
        salt=interface.salt,
        signer_kwargs={
            "key_derivation": interface.key_derivation,
            "digest_method": interface.digest_method,
        },
    )
    signer = serializer.make_signer(interface.salt)
    return signer.sign(payload).decode("ascii")


def valid_cookie() -> str:
    return signed({"user": "ada", "admin": False})


def bit_flips() -> list[str]:
    """Change each character of a valid cookie to another one."""
    cookie = valid_cookie()
    variants = []
    for index, char in enumerate(cookie):
        replacement = ALPHABET[(ALPHABET.index(char) + 7) % len(ALPHABET)]
        variants.append(cookie[:index] + replacement + cookie[index + 1 :])
    return variants


def truncations() -> list[str]:
    cookie = valid_cookie()
    return [cookie[:length] for length in range(1, len(cookie))]


def expired_cookie() -> str:
    real_time = time.time
    time.time = lambda: real_time() - 40 * 24 * 3600  # older than 31 days
    try:
        return signed({"user": "ada"})
    finally:
        time.time = real_time


def forged_payloads() -> dict[str, str]:
    """Payloads whose signature verifies but whose content is not a session."""
    not_base64 = sign_raw_payload(b"!!!not base64!!!")
    bad_zlib = sign_raw_payload(
        b"." + base64.urlsafe_b64encode(b"not zlib data").rstrip(b"=")
    )
    not_json = sign_raw_payload(base64.urlsafe_b64encode(b"{not json").rstrip(b"="))
    bad_bytes_tag = sign_raw_payload(
        base64.urlsafe_b64encode(b'{"x": {" b": "Y"}}').rstrip(b"=")
    )
    bad_uuid_tag = sign_raw_payload(
        base64.urlsafe_b64encode(b'{"x": {" u": "not-a-uuid"}}').rstrip(b"=")
    )
    compressed_garbage = sign_raw_payload(
        b"." + base64.urlsafe_b64encode(zlib.compress(b"\xff\xfe\x00")).rstrip(b"=")
    )
    return {
        "not-base64": not_base64,
        "bad-zlib": bad_zlib,
        "not-json": not_json,
        "bad-bytes-tag": bad_bytes_tag,
        "bad-uuid-tag": bad_uuid_tag,
        "compressed-garbage": compressed_garbage,
        "json-string": signed("just a string"),
        "json-null": signed(None),
        "json-false": signed(False),
        "json-empty-list": signed([]),
        "json-number": signed(5),
        "json-list-of-numbers": signed([1, 2]),
        "json-list-of-triples": signed([["user", "ada", "x"]]),
    }


def corpus() -> dict[str, str]:
    cookie = valid_cookie()
    value, _, signature = cookie.rpartition(".")
    cases: dict[str, str] = {
        "empty": "",
        "dot": ".",
        "dots": "....",
        "garbage-base64": "bm90IGEgc2Vzc2lvbg.Zm9v.YmFy",
        "random-text": "hello world",
        "only-payload": value.split(".")[0],
        "no-signature": value + ".",
        "doubled": cookie + cookie,
        "appended": cookie + "A",
        "prepended": "A" + cookie,
        "signature-swapped": signed({"user": "eve"}).rpartition(".")[0]
        + "."
        + signature,
        "wrong-key": signed({"user": "eve", "admin": True}, key="attacker key"),
        "wrong-salt": URLSafeTimedSerializer(SECRET, salt="other").dumps({"a": 1}),
        "unsalted-signer": Signer(SECRET).sign(b"e30").decode(),
        "expired": expired_cookie(),
        "huge-garbage": "A" * 100_000,
        "huge-dots": "." * 50_000,
        "huge-valid-looking": cookie[:10] + "B" * 60_000 + cookie[10:],
        "utf8-as-latin1": "sessi\xc3\xb3n",
        "quote-open": '"' + cookie,
        "nul": cookie[:5] + "\x00" + cookie[5:],
        "percent-encoded": "%00%ff%fe",
    }
    cases.update({f"forged-{name}": value for name, value in forged_payloads().items()})
    cases.update({f"flip-{index}": value for index, value in enumerate(bit_flips())})
    cases.update({f"cut-{index}": value for index, value in enumerate(truncations())})
    return cases


CORPUS = corpus()


def client_without_jar(app: flask.Flask) -> t.Any:
    """A test client that sends the Cookie header it is given: a client with
    a cookie jar replaces that header with the jar's content."""
    return app.test_client(use_cookies=False)


def assert_fresh_session(response: t.Any) -> None:
    assert response.status_code == 200, response.data
    assert response.json == {"seen": {}}
    assert response.headers["Set-Cookie"].startswith("session=")


@pytest.mark.parametrize("cookie", CORPUS.values(), ids=CORPUS.keys())
def test_tampered_cookie_gives_an_empty_session(cookie: str) -> None:
    app = make_app()
    response = client_without_jar(app).get("/", headers={"Cookie": f"session={cookie}"})
    assert_fresh_session(response)


@pytest.mark.parametrize(
    "raw",
    [
        "\xff\xfe\xfd",
        "\xc3\x28",  # an invalid two-byte UTF-8 sequence, as WSGI latin-1
        "eyJhIjoxfQ.\xe9\xe9.sig",
        valid_cookie()[:12] + "\x80\x81" + valid_cookie()[12:],
    ],
    ids=["ff-fe-fd", "bad-utf8-pair", "latin1-in-middle", "bytes-inside-valid"],
)
def test_non_utf8_cookie_bytes_give_an_empty_session(raw: str) -> None:
    """WSGI passes header bytes as latin-1 text; these are not UTF-8."""
    app = make_app()
    response = client_without_jar(app).get(
        "/", environ_overrides={"HTTP_COOKIE": f"session={raw}"}
    )
    assert_fresh_session(response)


def test_tampered_cookie_never_gives_500_outside_testing() -> None:
    app = make_app()
    app.testing = False
    client = client_without_jar(app)
    for name, cookie in CORPUS.items():
        response = client.get("/", headers={"Cookie": f"session={cookie}"})
        assert response.status_code == 200, name


def test_the_corpus_baseline_is_accepted() -> None:
    """The untampered cookie works, so the corpus tests damage, not setup."""
    app = make_app()
    response = client_without_jar(app).get(
        "/", headers={"Cookie": f"session={valid_cookie()}"}
    )
    assert response.status_code == 200
    assert response.json == {"seen": {"user": "ada", "admin": False}}


def test_signed_payloads_decode_with_the_session_serializer() -> None:
    """The forged cases pass the signature check; only decoding rejects them."""
    cookie = sign_raw_payload(base64.urlsafe_b64encode(b'{"a":1}').rstrip(b"="))
    app = make_app()
    response = client_without_jar(app).get("/", headers={"Cookie": f"session={cookie}"})
    assert response.json == {"seen": {"a": 1}}
    assert session_json_serializer.loads('{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    ("payload", "loaded"),
    [
        ([["user", "ada"], ["admin", False]], {"user": "ada", "admin": False}),
        ((("user", "ada"),), {"user": "ada"}),
        (["ab"], {"a": "b"}),
    ],
    ids=["list-of-pairs", "tuple-of-pairs", "two-character-strings"],
)
def test_signed_pairs_are_loaded_as_flask_loads_them(
    payload: t.Any, loaded: dict[str, t.Any]
) -> None:
    """Flask makes the session with ``dict()`` semantics, so a validly
    signed sequence of pairs is the session's data, not a reason to start
    afresh."""
    app = make_app()
    response = client_without_jar(app).get(
        "/", headers={"Cookie": f"session={signed(payload)}"}
    )
    assert response.status_code == 200
    assert response.json == {"seen": loaded}


def test_open_session_returns_empty_session_object_for_bad_cookie() -> None:
    app = make_app()
    interface = SecureCookieSessionInterface()
    with app.test_request_context(headers={"Cookie": "session=broken.cookie.value"}):
        session = interface.open_session(app, flask.request)
    assert session is not None
    assert type(session) is interface.session_class
    assert dict(session) == {}
    assert session.modified is False
