"""Client-side sessions for Flask (the flask-sessions distribution).

The session data lives in a cookie whose value is signed (not encrypted) with
the application's ``SECRET_KEY``: the client can read it but cannot change it
without the signature check failing. flask-core finds this module through
:func:`flask.seams.default_session_interface` the first time an app reads its
``session_interface``.

Three things are defined here:

* the session objects: :class:`SessionMixin` (the interface every session
  offers), :class:`SecureCookieSession` (a dict that records reads and
  changes) and :class:`NullSession` (used when no secret key is set);
* :class:`SessionInterface`, the base class an app can replace to store
  sessions elsewhere;
* :class:`SecureCookieSessionInterface`, the default, signed-cookie storage.
"""

from __future__ import annotations

import collections.abc as cabc
import functools
import typing as t
from datetime import datetime, timezone

from itsdangerous import (
    BadData,
    BadSignature,  # noqa: F401 (a name flask.sessions offers)
    URLSafeTimedSerializer,
)
from werkzeug.datastructures import CallbackDict

from . import _session_speedups as quick
from . import seams
from ._session_speedups import sha1_digest
from .json.tag import TaggedJSONSerializer

if t.TYPE_CHECKING:
    from .app import Flask
    from .wrappers import Request, Response

# -- session objects ---------------------------------------------------------


class SessionMixin(cabc.MutableMapping[str, t.Any]):
    """What every session object offers on top of a mutable mapping.

    Custom session classes mix this in. The three flags are class-level
    defaults; implementations that can track them keep per-instance values.
    """

    #: Whether the backend created this session for this request. Not every
    #: backend can tell, so the default is ``False``.
    new = False

    #: Whether the data changed since it was loaded. A backend that cannot
    #: detect changes leaves this ``True`` so that the data is always saved.
    modified = True

    #: Whether the data was read or written during the request, which makes
    #: the response depend on the cookie (``Vary: Cookie``). The request
    #: context sets it whenever ``flask.session`` is used, so a backend that
    #: cannot detect reads itself still gets the header.
    accessed = False

    @property
    def permanent(self) -> bool:
        """Whether the cookie outlives the browser session
        (``PERMANENT_SESSION_LIFETIME``). Stored in the data as ``_permanent``,
        and returned as stored (the setter stores a ``bool``).
        """
        return self.get("_permanent", False)  # type: ignore[no-any-return]

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)


def _record_change(session: SecureCookieSession) -> None:
    """``on_update`` callback of :class:`SecureCookieSession`: a change is
    both a modification and an access."""
    session.modified = True
    session.accessed = True


class SecureCookieSession(CallbackDict[str, t.Any], SessionMixin):
    """The session of :class:`SecureCookieSessionInterface`: a dict that sets
    :attr:`modified` when its content changes and :attr:`accessed` whenever
    its content is read or changed.

    Every way of looking at the data counts as a read, including membership
    tests, ``len()``, truth tests, iteration and the key/value/item views,
    because the response depends on the cookie as soon as any of them ran.
    Changes to mutable values stored in the session (``session["l"].append``)
    cannot be seen; set :attr:`modified` by hand after those.
    """

    #: ``True`` once the data was changed during this request.
    modified = False

    #: ``True`` once the data was read or changed during this request.
    accessed = False

    def __init__(self, initial: cabc.Mapping[str, t.Any] | None = None) -> None:
        super().__init__(initial, _record_change)


#: The read operations of :class:`SecureCookieSession` that set ``accessed``.
#: Writes need no entry: they go through the ``on_update`` callback.
_READ_OPERATIONS = (
    "__getitem__",
    "__contains__",
    "__iter__",
    "__reversed__",
    "__len__",
    "__eq__",
    "__ne__",
    "__or__",
    "__ror__",
    "get",
    "setdefault",
    "keys",
    "values",
    "items",
    "copy",
)


def _note_access(name: str) -> t.Callable[..., t.Any]:
    """Build the override of the read operation ``name``: flag the session
    as accessed, then run the inherited implementation."""
    inherited = getattr(CallbackDict, name)

    @functools.wraps(inherited)
    def read(self: SecureCookieSession, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self.accessed = True
        return inherited(self, *args, **kwargs)

    read.__qualname__ = f"SecureCookieSession.{name}"
    return read


for _name in _READ_OPERATIONS:
    setattr(SecureCookieSession, _name, _note_access(_name))
del _name


class NullSession(SecureCookieSession):
    """The session handed out when the app has no secret key: it can be read
    (it is always empty), but any attempt to store data raises a
    :exc:`RuntimeError` that explains how to configure a secret key.
    """

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(
            "The session is unavailable because the application has no secret"
            " key, which is needed to sign the session cookie. Set"
            " 'app.secret_key' (the SECRET_KEY config value) to a long, random"
            " value that you keep private."
        )

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail
    #: ``session |= other`` is a write too.
    __ior__ = _fail


# -- the interface an app talks to -------------------------------------------


class SessionInterface:
    """The contract between an app and its session storage.

    Replace ``app.session_interface`` with an instance of a subclass to store
    sessions somewhere else. A subclass implements :meth:`open_session` and
    :meth:`save_session`; everything else has a working default based on the
    app's ``SESSION_COOKIE_*`` configuration.

    :meth:`open_session` runs when the request context is pushed. When it
    returns ``None`` the app uses :meth:`make_null_session` instead, and the
    view gets an empty session that refuses writes. After the view,
    :meth:`save_session` is called with the response, unless the session is a
    null session.

    An instance is shared by every request and thread, so keep per-request
    state on the session object, not on the interface.
    """

    #: The class :meth:`make_null_session` instantiates.
    null_session_class: type[NullSession] = NullSession

    #: Whether this interface stores sessions with pickle. Only informative;
    #: Flask itself does not read it.
    pickle_based = False

    def make_null_session(self, app: Flask) -> NullSession:
        """Return the session used when a real one cannot be opened: an
        instance of :attr:`null_session_class`."""
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Tell whether ``obj`` is a null session, in which case it is not
        saved at the end of the request."""
        return isinstance(obj, self.null_session_class)

    def get_cookie_name(self, app: Flask) -> str:
        """The cookie's name: ``SESSION_COOKIE_NAME``."""
        return app.config["SESSION_COOKIE_NAME"]  # type: ignore[no-any-return]

    def get_cookie_domain(self, app: Flask) -> str | None:
        """The cookie's ``Domain``: ``SESSION_COOKIE_DOMAIN``. ``None`` makes
        it a host-only cookie."""
        return app.config["SESSION_COOKIE_DOMAIN"]  # type: ignore[no-any-return]

    def get_cookie_path(self, app: Flask) -> str:
        """The cookie's ``Path``: ``SESSION_COOKIE_PATH``, or the app's
        ``APPLICATION_ROOT`` when that is not set."""
        configured = app.config["SESSION_COOKIE_PATH"]
        return configured or app.config["APPLICATION_ROOT"]  # type: ignore[no-any-return]

    def get_cookie_httponly(self, app: Flask) -> bool:
        """Whether the cookie gets ``HttpOnly``: ``SESSION_COOKIE_HTTPONLY``."""
        return app.config["SESSION_COOKIE_HTTPONLY"]  # type: ignore[no-any-return]

    def get_cookie_secure(self, app: Flask) -> bool:
        """Whether the cookie gets ``Secure``: ``SESSION_COOKIE_SECURE``."""
        return app.config["SESSION_COOKIE_SECURE"]  # type: ignore[no-any-return]

    def get_cookie_samesite(self, app: Flask) -> str | None:
        """The cookie's ``SameSite`` value: ``SESSION_COOKIE_SAMESITE``."""
        return app.config["SESSION_COOKIE_SAMESITE"]  # type: ignore[no-any-return]

    def get_cookie_partitioned(self, app: Flask) -> bool:
        """Whether the cookie gets ``Partitioned`` (CHIPS):
        ``SESSION_COOKIE_PARTITIONED``."""
        return app.config["SESSION_COOKIE_PARTITIONED"]  # type: ignore[no-any-return]

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        """When the cookie expires: ``PERMANENT_SESSION_LIFETIME`` from now
        for a permanent session, ``None`` (end of the browser session)
        otherwise."""
        if not session.permanent:
            return None
        now = datetime.now(timezone.utc)  # datetime.UTC is 3.11+
        return now + app.permanent_session_lifetime

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Whether :meth:`save_session` has to send the cookie again.

        Yes when the session changed; also for a permanent session on every
        request when ``SESSION_REFRESH_EACH_REQUEST`` is on, which pushes its
        expiry date forward.
        """
        # Flask's expression as it is: with a ``_permanent`` stored as some
        # other true value, that value is what comes back.
        return session.modified or (
            session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
        )

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        """Load the session of ``request`` at the start of the request.

        Return a :class:`SessionMixin`, or ``None`` when no session can be
        provided, which makes the app fall back on :meth:`make_null_session`.
        """
        raise NotImplementedError()

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Store ``session`` at the end of the request, typically by setting
        or deleting a cookie on ``response``. Not called for null sessions."""
        raise NotImplementedError()


# -- signed cookies ----------------------------------------------------------

#: The serializer for cookie payloads: JSON with tags for the non-JSON types
#: a session commonly holds (tuples, bytes, markup, UUIDs, datetimes).
session_json_serializer = TaggedJSONSerializer()


def _add_vary_cookie(response: Response) -> None:
    """Add ``Cookie`` to the response's ``Vary`` header."""
    response.vary.add("Cookie")


#: Adds ``Cookie`` to the response's ``Vary`` header (with the shortcuts on,
#: without parsing the header in the common cases).
_vary_on_cookie = quick.vary_on_cookie if quick.TAKEN else _add_vary_cookie


def _plain_copy(session: SessionMixin) -> dict[str, t.Any]:
    """The session's data as a plain dict, for serializing."""
    if quick.TAKEN and type(session) is SecureCookieSession:
        # dict's own copy: no read hooks, and the same items.
        return dict.copy(session)
    return dict(session)


#: What reading a session cookie raises for a cookie that cannot be used:
#: itsdangerous' errors (bad or expired signature, bad payload), decoding
#: errors, and the errors of turning a signed timestamp beyond any date
#: (2**63 seconds, say) into a date to report it, which Flask lets escape as
#: a server error.
_UNREADABLE_COOKIE = (BadData, ValueError, TypeError, ArithmeticError, OSError)


class SecureCookieSessionInterface(SessionInterface):
    """The default session storage: the whole session, serialized with
    :attr:`serializer` and signed by itsdangerous, in one cookie.

    Signing uses ``SECRET_KEY``; cookies signed with one of the keys listed
    in ``SECRET_KEY_FALLBACKS`` are still accepted, which lets keys be
    rotated without logging everyone out. A cookie that does not verify, has
    expired or cannot be decoded yields a fresh, empty session.
    """

    #: Salt mixed into the signing key, so that signatures made for other
    #: purposes with the same secret key are not valid session signatures.
    salt = "cookie-session"

    #: Hash function of the HMAC signature.
    digest_method = staticmethod(sha1_digest)

    #: How itsdangerous derives the signing key from the secret key.
    key_derivation = "hmac"

    #: Turns the session dict into the cookie payload and back.
    serializer = session_json_serializer

    #: The class of the sessions this interface opens.
    session_class = SecureCookieSession

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Build the itsdangerous serializer for ``app``'s keys, or return
        ``None`` when no ``SECRET_KEY`` is set."""
        if not app.secret_key:
            return None
        # Oldest key first and the current SECRET_KEY last, the one used for
        # signing; the others (SECRET_KEY_FALLBACKS) only verify.
        keys = [*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key]
        if quick.TAKEN:
            return quick.shared_serializer(
                keys,
                self.salt,
                self.serializer,
                self.key_derivation,
                self.digest_method,
            )
        return URLSafeTimedSerializer(
            keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Read the session from the request's cookie.

        Returns ``None`` without a secret key (the app then uses a null
        session), and an empty session when there is no cookie or when it
        cannot be trusted or decoded.
        """
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        # Without a Cookie header there is nothing to parse.
        cookie = (
            request.cookies.get(self.get_cookie_name(app))
            if "HTTP_COOKIE" in request.environ
            else None
        )
        stored = self._verified_data(app, signer, cookie) if cookie else None
        if stored is None:
            # Called without arguments: a session class need not accept None.
            return self.session_class()
        return self.session_class(stored)

    def _verified_data(
        self, app: Flask, signer: URLSafeTimedSerializer, cookie: str
    ) -> dict[str, t.Any] | None:
        """Return the session data in ``cookie``, or ``None`` when it is not
        a valid, unexpired session payload signed with one of the app's
        keys, or is one that no dictionary can be made of.

        As in Flask, a payload becomes the session's data as ``dict()``
        takes it: a JSON object, a sequence of key-value pairs, an empty
        string or list; ``null`` gives an empty session. Where Flask fails
        with a server error (a payload that does not decode, a number,
        ``true`` or ``false``, a list of something else than pairs) the
        session starts afresh here.
        """
        lifetime = int(app.permanent_session_lifetime.total_seconds())
        try:
            data = signer.loads(cookie, max_age=lifetime)
        except _UNREADABLE_COOKIE:
            return None
        if data is None or type(data) is dict:
            return data
        try:
            return dict(data)
        except (TypeError, ValueError):
            return None

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Write the session into the response's cookie, delete the cookie
        once the session was emptied, and mark the response as depending on
        the cookie whenever the session was used."""
        accessed = session.accessed
        if accessed:
            _vary_on_cookie(response)
        try:
            self._store_in_cookie(app, session, response)
        finally:
            # Looking at the session to save it (is it empty, permanent, what
            # does it hold) is not the request's use of it.
            if session.accessed != accessed:
                session.accessed = accessed

    def _store_in_cookie(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Set, refresh or delete the cookie as the session's state asks."""
        cookie_options = self._cookie_options(app)
        name = self.get_cookie_name(app)

        if not session:
            if session.modified:
                response.delete_cookie(name, **cookie_options)
                _vary_on_cookie(response)
            return

        if not self.should_set_cookie(app, session):
            return

        signer = self.get_signing_serializer(app)
        if signer is None:  # the secret key was removed during the request
            return
        value = signer.dumps(_plain_copy(session))
        response.set_cookie(
            name,
            value,
            expires=self.get_expiration_time(app, session),
            **cookie_options,
        )
        _vary_on_cookie(response)

    def _cookie_options(self, app: Flask) -> dict[str, t.Any]:
        """The cookie attributes shared by setting and deleting the cookie,
        each read through its overridable ``get_cookie_*`` method."""
        return {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "httponly": self.get_cookie_httponly(app),
            "samesite": self.get_cookie_samesite(app),
            "partitioned": self.get_cookie_partitioned(app),
        }


# Opening this interface's sessions has no side effect and depends only on
# the request and the config, so request contexts may open them on first use.
seams.lazily_opened_session_interfaces.add(SecureCookieSessionInterface)


def session_interface_for(app: Flask) -> SessionInterface | None:
    """The session interface ``app``'s configuration selects, or ``None`` for
    the signed-cookie default; flask-core asks this the first time the app
    reads its ``session_interface``.

    ``SESSION_TYPE`` selects server-side sessions (``"redis"``,
    ``"sqlalchemy"`` or ``"memory"``, see :mod:`flask.session_stores`), whose
    modules are imported only then.
    """
    if app.config.get("SESSION_TYPE") is None:
        return None
    from .session_stores.config import interface_from_config

    return interface_from_config(app)
