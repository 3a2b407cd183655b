"""The one-pass cookie serializer writes what itsdangerous writes, accepts
what it accepts, and fails the way it fails."""

from __future__ import annotations

import base64
import hashlib
import time
import typing as t
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from itsdangerous import BadData, Signer, URLSafeTimedSerializer

from flask import _session_speedups as _session_signing
from flask._session_speedups import SessionCookieSerializer
from flask.sessions import SecureCookieSessionInterface, session_json_serializer

KEYS = ["old key", "current key"]
NOW = 1_790_000_000
LIFETIME = 31 * 24 * 3600


def ours(keys: t.Any = KEYS, **signer_options: t.Any) -> SessionCookieSerializer:
    options = {"key_derivation": "hmac", "digest_method": _session_signing.sha1_digest}
    options.update(signer_options)
    return SessionCookieSerializer(
        keys,
        salt="cookie-session",
        serializer=session_json_serializer,
        signer_kwargs=options,
    )


def reference(keys: t.Any = KEYS, **signer_options: t.Any) -> URLSafeTimedSerializer:
    """itsdangerous on its own, with the settings of the stock interface."""
    options = {"key_derivation": "hmac", "digest_method": hashlib.sha1}
    options.update(signer_options)
    return URLSafeTimedSerializer(
        keys,
        salt="cookie-session",
        serializer=session_json_serializer,
        signer_kwargs=options,
    )


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.5)


def outcome(serializer: URLSafeTimedSerializer, cookie: t.Any, **kw: t.Any) -> t.Any:
    """What ``loads`` gives: the data, or the error's class and text."""
    try:
        return ("ok", serializer.loads(cookie, **kw))
    except Exception as error:  # the error is the result
        return ("error", type(error), str(error))


@pytest.mark.speedups
def test_stock_settings_take_the_one_pass_path() -> None:
    app_serializer = SecureCookieSessionInterface().get_signing_serializer(
        _app_with_key()
    )
    assert isinstance(app_serializer, SessionCookieSerializer)
    assert app_serializer.one_pass
    assert ours().one_pass


def _app_with_key() -> t.Any:
    import flask

    app = flask.Flask("signing")
    app.secret_key = "current key"
    return app


@pytest.mark.parametrize(
    "options",
    [
        {"digest_method": hashlib.sha256},
        {"key_derivation": "concat"},
        {"key_derivation": "django-concat"},
        {"sep": "~"},
    ],
)
def test_other_settings_leave_the_work_to_itsdangerous(
    options: dict[str, t.Any],
) -> None:
    serializer = ours(**options)
    assert not serializer.one_pass
    cookie = serializer.dumps({"a": 1})
    assert cookie == reference(**options).dumps({"a": 1})
    assert serializer.loads(cookie, max_age=LIFETIME) == {"a": 1}


def test_fallback_signers_or_serializer_options_turn_it_off() -> None:
    with_fallback = SessionCookieSerializer(
        KEYS,
        salt="cookie-session",
        serializer=session_json_serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
        fallback_signers=[{"digest_method": hashlib.sha256}],
    )
    assert not with_fallback.one_pass
    import json

    with_options = SessionCookieSerializer(
        KEYS,
        salt="cookie-session",
        serializer=json,
        serializer_kwargs={"sort_keys": True},
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    assert not with_options.one_pass


PAYLOADS: list[t.Any] = [
    {},
    {"visits": 1},
    {"user": "ünïcödé ✓", "tuple": (1, 2), "bytes": b"\x00\xff"},
    {"long": "abc" * 200},  # compressible: written with the leading dot
    {"list": list(range(50)), "nested": {"a": [{"b": None}]}},
    [1, 2, 3],
    "just a string",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cookies_are_byte_identical(payload: t.Any) -> None:
    cookie = ours().dumps(payload)
    assert cookie == reference().dumps(payload)
    assert ours().loads(cookie, max_age=LIFETIME) == reference().loads(
        cookie, max_age=LIFETIME
    )


def test_long_payloads_are_compressed() -> None:
    cookie = ours().dumps({"long": "abc" * 200})
    assert cookie.startswith(".")
    assert len(cookie) < 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _payload_length(data: t.Any) -> int:
    return len(session_json_serializer.dumps(data).encode())


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6))
def test_any_session_round_trips_identically(data: dict[str, t.Any]) -> None:
    cookie = ours().dumps(data)
    theirs = reference().dumps(data)
    if _payload_length(data) >= _session_signing.MIN_COMPRESSED_PAYLOAD:
        assert cookie == theirs
    else:
        # Short payloads are never compressed; otherwise the same cookie.
        assert not cookie.startswith(".")
        if not theirs.startswith("."):
            assert cookie == theirs
    for written in (cookie, theirs):
        assert outcome(ours(), written, max_age=LIFETIME) == outcome(
            reference(), written, max_age=LIFETIME
        )
        assert ours().loads(written, max_age=LIFETIME) == data


def test_short_payloads_are_not_compressed(monkeypatch: pytest.MonkeyPatch) -> None:
    short = {"a": "x" * 40}  # compressible, but under the threshold
    assert _payload_length(short) < _session_signing.MIN_COMPRESSED_PAYLOAD
    assert reference().dumps(short).startswith(".")

    tried: list[bytes] = []
    compress = _session_signing.zlib.compress
    monkeypatch.setattr(
        _session_signing.zlib,
        "compress",
        lambda data: tried.append(data) or compress(data),
    )
    cookie = ours().dumps(short)
    assert not cookie.startswith(".")
    assert tried == []
    assert reference().loads(cookie, max_age=LIFETIME) == short
    assert ours().loads(reference().dumps(short), max_age=LIFETIME) == short


def test_payloads_from_the_threshold_on_are_compressed_as_before() -> None:
    size = _session_signing.MIN_COMPRESSED_PAYLOAD
    data = {"a": "x" * size}
    assert _payload_length(data) >= size
    assert ours().dumps(data) == reference().dumps(data)
    assert ours().dumps(data).startswith(".")


def _resign(value: bytes, key: str = "current key") -> str:
    """``value.signature`` with a genuine signature by ``key``."""
    signer = Signer(
        key,
        salt="cookie-session",
        key_derivation="hmac",
        digest_method=hashlib.sha1,
    )
    return signer.sign(value).decode()


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _stamp(seconds: int) -> bytes:
    return _b64(seconds.to_bytes(8, "big").lstrip(b"\x00"))


GOOD = _resign(_b64(b'{"visits":3}') + b"." + _stamp(NOW))


def _corpus() -> list[t.Any]:
    payload = _b64(b'{"visits":3}')
    garbage_zlib = b"." + _b64(b"not zlib at all")
    return [
        GOOD,
        GOOD.encode(),
        _resign(payload + b"." + _stamp(NOW), key="old key"),
        _resign(payload + b"." + _stamp(NOW), key="another key"),
        GOOD[:-1],
        GOOD[:-2] + ("A" if GOOD[-2] != "A" else "B") + GOOD[-1],
        GOOD.replace(".", "", 1),
        GOOD.replace(".", ""),
        "",
        ".",
        "..",
        "no dots at all",
        "ünïcödé.ünïcödé.ünïcödé",
        _resign(payload + b"." + _stamp(NOW - LIFETIME - 1)),  # expired
        _resign(payload + b"." + _stamp(NOW - LIFETIME)),  # exactly at the limit
        _resign(payload + b"." + _stamp(NOW + 60)),  # from the future
        _resign(payload + b"." + _b64(b"\x01" * 9)),  # timestamp too long
        _resign(payload + b"." + b"!!!"),  # timestamp not base64
        _resign(payload + b"." + b"A"),  # impossible base64 length
        _resign(payload),  # no timestamp at all
        _resign(b"." + payload + b"." + _stamp(NOW)),  # claims compression
        _resign(garbage_zlib + b"." + _stamp(NOW)),
        _resign(_b64(b"{not json") + b"." + _stamp(NOW)),
        _resign(_b64(b"\xff\xfe") + b"." + _stamp(NOW)),  # not UTF-8
        _resign(b"%%%" + b"." + _stamp(NOW)),
        _resign(_b64(zlib.compress(b'{"z":1}')) + b"." + _stamp(NOW)),
        _resign(b"." + _b64(zlib.compress(b'{"z":1}')) + b"." + _stamp(NOW)),
        _resign(_b64(b'{" t":[1,2]}') + b"." + _stamp(NOW)),  # tagged tuple
        _resign(_b64(b'"a string"') + b"." + _stamp(NOW)),
    ]


@pytest.mark.parametrize("cookie", _corpus())
@pytest.mark.parametrize("max_age", [LIFETIME, 0, None])
def test_every_cookie_loads_as_with_itsdangerous(cookie: t.Any, max_age: t.Any) -> None:
    assert outcome(ours(), cookie, max_age=max_age) == outcome(
        reference(), cookie, max_age=max_age
    )


def test_timestamps_and_salts_are_itsdangerous_business() -> None:
    serializer = ours()
    data, signed_at = serializer.loads(GOOD, max_age=LIFETIME, return_timestamp=True)
    assert (data, signed_at) == reference().loads(
        GOOD, max_age=LIFETIME, return_timestamp=True
    )
    salted = serializer.dumps({"a": 1}, salt="other")
    assert salted == reference().dumps({"a": 1}, salt="other")
    assert serializer.loads(salted, salt="other") == {"a": 1}
    with pytest.raises(BadData):
        serializer.loads(salted, max_age=LIFETIME)


def test_valid_cookies_do_not_go_through_itsdangerous(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise AssertionError("itsdangerous' layered path was used")

    serializer = ours()
    cookie = serializer.dumps({"visits": 1})
    monkeypatch.setattr(URLSafeTimedSerializer, "loads", refuse)
    monkeypatch.setattr(URLSafeTimedSerializer, "dumps", refuse)
    assert serializer.loads(cookie, max_age=LIFETIME) == {"visits": 1}
    assert (
        serializer.dumps({"visits": 2})
        == reference().make_signer().sign(_b64(b'{"visits":2}')).decode()
    )


def test_derived_keys_follow_changed_secret_keys() -> None:
    serializer = ours()
    before = serializer.dumps({"a": 1})
    serializer.secret_keys = [b"rotated"]
    after = serializer.dumps({"a": 1})
    assert after != before
    assert after == reference(["rotated"]).dumps({"a": 1})
    assert outcome(serializer, before, max_age=LIFETIME)[0] == "error"
