"""flask-sessions' speed shortcuts: signing and verifying session cookies
in itsdangerous' format with less work per cookie, sharing serializers
between requests, and setting ``Vary: Cookie`` without parsing the header.

:class:`~flask.sessions.SecureCookieSessionInterface` signs cookies with an
itsdangerous ``URLSafeTimedSerializer`` (the reference, which it builds
for every cookie when the shortcuts are off). Going through its layers (a
new signer per cookie, a key derivation per signer, HMAC computed in
Python) costs more than the rest of a small session's round trip. This
module keeps the format and the itsdangerous objects, and shortens the
work:

* :func:`shared_serializer` builds one serializer per set of keys and
  settings and hands it to every request;
* :class:`SessionCookieSigner` remembers the keys it derives and lets
  OpenSSL compute SHA-1 HMACs in one call;
* :class:`SessionCookieSerializer`, for the stock settings (HMAC key
  derivation, SHA-1, a text serializer, no fallback signers), writes the
  cookie in one pass and reads a valid one in one pass. Anything it does
  not accept as valid is handed to itsdangerous' own ``loads``, so a bad
  cookie raises exactly the error it always did.

Cookies written here are byte for byte those itsdangerous writes, except
that payloads shorter than :data:`MIN_COMPRESSED_PAYLOAD` bytes are never
compressed; the two accept the same cookies. ``tests/test_sessions_signing.py``
checks both.

The shortcuts follow flask-core's switch (:data:`flask._speedups.ENABLED`)
and are taken only with a verified itsdangerous release: see :data:`TAKEN`.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import time
import typing as t
import zlib

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.signer import HMACAlgorithm

from ._speedups import ENABLED, verified

if t.TYPE_CHECKING:
    from .wrappers import Response

#: Whether flask-sessions takes its shortcuts: the speedups are on and
#: itsdangerous is a verified release.
TAKEN = ENABLED and verified("itsdangerous")


def sha1_digest(string: bytes = b"") -> t.Any:
    """The signature's hash, the ``digest_method`` of
    :class:`~flask.sessions.SecureCookieSessionInterface` (not a shortcut: it
    is defined here so that the shortcuts can recognise it). A function
    rather than ``hashlib.sha1`` itself, so that merely importing this module
    does not touch ``hashlib.sha1``, which FIPS-restricted builds may
    refuse."""
    return hashlib.sha1(string)


@functools.cache
def _openssl_sha1_hmac() -> HMACAlgorithm:
    """HMAC-SHA1 with ``hashlib.sha1`` itself as the digest, which lets the
    standard library compute it in OpenSSL (created on first use, not at
    import, like :func:`sha1_digest`)."""
    return HMACAlgorithm(hashlib.sha1)


#: Keys derived by :class:`SessionCookieSigner`, by secret key and settings.
derived_keys: dict[tuple[t.Any, ...], bytes] = {}

#: Bound on :data:`derived_keys`; it is emptied when full.
MAX_DERIVED_KEYS = 32


class SessionCookieSigner(TimestampSigner):
    """itsdangerous' timestamp signer, producing the very same signatures
    with less work per cookie.

    It remembers each key it derives (deriving is an HMAC of its own) and,
    for the default SHA-1 digest, computes HMACs with ``hashlib.sha1``
    itself, which the standard library hands to OpenSSL in one call instead
    of running HMAC in Python around the :func:`sha1_digest` wrapper.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        if kwargs.get("algorithm") is None and kwargs.get("digest_method") in (
            sha1_digest,
            hashlib.sha1,
        ):
            kwargs["algorithm"] = _openssl_sha1_hmac()
        super().__init__(*args, **kwargs)

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        """The signing key for ``secret_key`` (by default the newest), derived
        once per key and settings."""
        recipe = (
            secret_key,
            self.secret_keys[-1],
            self.salt,
            self.key_derivation,
            self.digest_method,
        )
        try:
            return derived_keys[recipe]
        except KeyError:
            pass
        except TypeError:  # an unhashable digest method: nothing is remembered
            return super().derive_key(secret_key)
        key = super().derive_key(secret_key)
        if len(derived_keys) >= MAX_DERIVED_KEYS:
            derived_keys.clear()
        derived_keys[recipe] = key
        return key


def _b64encode(data: bytes) -> bytes:
    """URL-safe base64 without padding, as itsdangerous writes it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _b64decode(data: bytes) -> bytes:
    """The reverse of :func:`_b64encode`, padding restored as itsdangerous
    does before decoding."""
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


#: Payloads shorter than this many bytes are signed uncompressed.
#:
#: itsdangerous tries zlib on every payload. zlib sets up about 256 KiB of
#: working memory for each call, and when the C allocator hands that memory
#: back to the system after every cookie (it does when the blocks end up at
#: the top of the heap, which depends on everything else the process has
#: allocated), the next cookie pays for fresh pages again: some 50 µs per
#: signed cookie, more than the rest of the request. A payload this short
#: has almost nothing to gain, so the attempt is skipped. Both forms verify
#: everywhere: with Flask, itsdangerous and here.
MIN_COMPRESSED_PAYLOAD = 64


class _Invalid(Exception):
    """The one-pass reader met something it does not accept as valid."""


class SessionCookieSerializer(URLSafeTimedSerializer):
    """itsdangerous' URL-safe timed serializer, reading and writing cookies
    of the stock session settings in one pass.

    Only :meth:`dumps` and :meth:`loads` change, and only when the settings
    are the stock ones (see :attr:`one_pass`) and no per-call salt is given;
    the signer it builds for everything else is :class:`SessionCookieSigner`.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        kwargs.setdefault("signer", SessionCookieSigner)
        super().__init__(*args, **kwargs)
        options = self.signer_kwargs
        #: Whether :meth:`dumps` and :meth:`loads` take the one-pass path:
        #: HMAC key derivation, SHA-1, the ``.`` separator, a text
        #: serializer without options and no fallback signers.
        self.one_pass = (
            self.signer is SessionCookieSigner
            and options.keys() <= {"key_derivation", "digest_method"}
            and options.get("key_derivation") == "hmac"
            and options.get("digest_method") in (sha1_digest, hashlib.sha1)
            and self.is_text_serializer
            and not self.serializer_kwargs
            and not self.fallback_signers
        )
        # The secret keys and the keys derived from them, newest first, in
        # one attribute so that threads always see a matching pair.
        self._derived: tuple[tuple[bytes, ...], tuple[bytes, ...]] = ((), ())

    def _derived_signing_keys(self) -> tuple[bytes, ...]:
        """The derived keys, newest first (the first one signs)."""
        secret_keys = tuple(self.secret_keys)
        derived_from, derived = self._derived
        if secret_keys != derived_from:
            signer = self.make_signer()
            derived = tuple(signer.derive_key(key) for key in reversed(secret_keys))
            self._derived = (secret_keys, derived)
        return derived

    def dumps(self, obj: t.Any, salt: str | bytes | None = None) -> str:
        """Serialize, compress when it pays, and sign ``obj``: itsdangerous'
        output, except that payloads shorter than
        :data:`MIN_COMPRESSED_PAYLOAD` are never compressed."""
        if salt is not None or not self.one_pass:
            return super().dumps(obj, salt)
        payload = self.serializer.dumps(obj).encode()
        encoded = None
        if len(payload) >= MIN_COMPRESSED_PAYLOAD:
            compressed = zlib.compress(payload)
            if len(compressed) < len(payload) - 1:
                encoded = b"." + _b64encode(compressed)
        if encoded is None:
            encoded = _b64encode(payload)
        stamp = int(time.time()).to_bytes(8, "big").lstrip(b"\x00")
        value = encoded + b"." + _b64encode(stamp)
        signature = hmac.digest(self._derived_signing_keys()[0], value, "sha1")
        return (value + b"." + _b64encode(signature)).decode()

    def loads(  # type: ignore[override]
        self,
        s: str | bytes,
        max_age: int | None = None,
        return_timestamp: bool = False,
        salt: str | bytes | None = None,
    ) -> t.Any:
        """Verify and load a cookie; exactly itsdangerous' result, and its
        error for anything that is not valid."""
        if (
            self.one_pass
            and max_age is not None
            and not return_timestamp
            and salt is None
        ):
            try:
                return self._load_valid(s, max_age)
            except _Invalid:
                pass
        return super().loads(s, max_age, return_timestamp, salt)

    def _load_valid(self, s: str | bytes, max_age: int) -> t.Any:
        """The data of a valid, unexpired cookie; :exc:`_Invalid` for
        anything else."""
        signed = s.encode() if isinstance(s, str) else s
        value, dot, signature = signed.rpartition(b".")
        encoded, dot_too, stamp = value.rpartition(b".")
        if not (dot and dot_too):
            raise _Invalid
        try:
            expected = _b64decode(signature)
            stamp_bytes = _b64decode(stamp)
        except (binascii.Error, ValueError):
            raise _Invalid from None
        if not any(
            hmac.compare_digest(expected, hmac.digest(key, value, "sha1"))
            for key in self._derived_signing_keys()
        ):
            raise _Invalid
        if len(stamp_bytes) > 8:
            raise _Invalid
        age = int(time.time()) - int.from_bytes(stamp_bytes, "big")
        if age < 0 or age > max_age:
            raise _Invalid
        try:
            if encoded.startswith(b"."):
                payload = zlib.decompress(_b64decode(encoded[1:]))
            else:
                payload = _b64decode(encoded)
            return self.serializer.loads(payload.decode())
        except Exception:
            raise _Invalid from None


#: Serializers already built, by everything that goes into building one (keys,
#: salt, payload serializer, key derivation, digest). A serializer holds no
#: per-request state, and building one costs more than a small session's
#: whole round trip, so requests with the same settings share it.
_built_serializers: dict[tuple[t.Any, ...], SessionCookieSerializer] = {}

#: Bound on :data:`_built_serializers`; it is emptied when full (keys are
#: rotated rarely, so it normally holds one entry per app).
MAX_BUILT_SERIALIZERS = 32


def shared_serializer(
    keys: list[t.Any],
    salt: t.Any,
    serializer: t.Any,
    key_derivation: str,
    digest_method: t.Any,
) -> SessionCookieSerializer:
    """A serializer signing with ``keys`` (the last one signs, all verify)
    and these settings, built once for every request that uses them: what
    itsdangerous' ``URLSafeTimedSerializer`` would be for them."""
    recipe = (tuple(keys), salt, serializer, key_derivation, digest_method)
    try:
        return _built_serializers[recipe]
    except KeyError:
        pass
    except TypeError:  # unhashable keys or settings: built each time
        return _build(keys, salt, serializer, key_derivation, digest_method)
    built = _build(keys, salt, serializer, key_derivation, digest_method)
    if len(_built_serializers) >= MAX_BUILT_SERIALIZERS:
        _built_serializers.clear()
    _built_serializers[recipe] = built
    return built


def _build(
    keys: list[t.Any],
    salt: t.Any,
    serializer: t.Any,
    key_derivation: str,
    digest_method: t.Any,
) -> SessionCookieSerializer:
    options = {"key_derivation": key_derivation, "digest_method": digest_method}
    return SessionCookieSerializer(
        keys, salt=salt, serializer=serializer, signer_kwargs=options
    )


def vary_on_cookie(response: Response) -> None:
    """``response.vary.add("Cookie")``, without parsing and rewriting the
    header in the two common cases: no ``Vary`` yet, or only ``Cookie``."""
    headers = response.headers
    current = headers.get("Vary")
    if current is None:
        headers["Vary"] = "Cookie"
    elif current != "Cookie":
        response.vary.add("Cookie")
