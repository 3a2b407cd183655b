"""Server-side sessions: the session object and the session interface.

The cookie holds only a random session id, signed with the app's secret key
so that a forged id is turned away before the store is asked. The data lives
in a :class:`~flask.session_stores.base.SessionStore`, one serialized value
per session key.

A session is loaded from the store the first time its content is used, so a
request that never looks at it costs no store access. At the end of the
request the interface compares each value with what was loaded and sends
the store only the keys that changed and the keys that were removed, which
the store applies atomically: concurrent requests of one user do not
overwrite each other's changes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
import typing as t

from itsdangerous import BadSignature, Signer, want_bytes
from werkzeug.datastructures import Headers

from ..sessions import (
    SecureCookieSession,
    SessionInterface,
    session_json_serializer,
)
from .base import SessionStore, SessionStoreUnavailable, SessionUpdate

if t.TYPE_CHECKING:
    from ..app import Flask
    from ..json.tag import TaggedJSONSerializer
    from ..sessions import SessionMixin
    from ..wrappers import Request, Response


class ServerSideSession(SecureCookieSession):
    """The session of :class:`ServerSideSessionInterface`: a dict, like the
    cookie session, whose content is loaded from the store on first use.

    :attr:`modified` and :attr:`accessed` follow the same rules as for
    :class:`~flask.sessions.SecureCookieSession`. Changes inside mutable
    values (``session["cart"].append(item)``) are saved once
    :attr:`modified` is set, as with cookie sessions; only the keys whose
    serialized value actually changed are written.
    """

    def __init__(
        self,
        interface: ServerSideSessionInterface,
        app: Flask,
        cookie_id: str | None,
    ) -> None:
        super().__init__()
        #: The interface that opened this session and will save it.
        self.interface = interface
        #: The app of the request (for its logger).
        self.app = app
        # The verified id the request's cookie carried, if any.
        self._cookie_id = cookie_id
        # A session without a cookie has nothing to load.
        self._loaded = cookie_id is None
        # The id of the record, or of the record to create (None: not chosen).
        self._sid: str | None = None
        # Whether a record exists in the store for this session.
        self._exists = False
        # The serialized values as the store last had them, by key.
        self._stored: dict[str, str] = {}
        # After regenerate(): the id the record is to be moved away from.
        self._previous_id: str | None = None
        # After destroy(): ids whose records are to be deleted.
        self._doomed_ids: list[str] = []

    # -- loading ---------------------------------------------------------------

    def _load(self) -> None:
        """Fill the dict from the store (once); a missing, expired or
        undecodable record leaves a new, empty session."""
        assert self._cookie_id is not None
        values = self.interface.load_values(self.app, self._cookie_id)
        if values is not None:
            stored, decoded = values
            dict.update(self, decoded)
            self._stored = stored
            self._sid = self._cookie_id
            self._exists = True
        self._loaded = True

    @property
    def loaded(self) -> bool:
        """Whether the content was looked at (and so loaded) in this request.
        An unloaded session is neither read from nor written to the store."""
        return self._loaded

    # -- what the session knows about its record -------------------------------

    @property
    def sid(self) -> str:
        """The session id (a new session gets one now; it is stored only
        once the session holds data)."""
        if not self._loaded:
            self._load()
        if self._sid is None:
            self._sid = self.interface.new_session_id()
        return self._sid

    @property
    def new(self) -> bool:  # type: ignore[override]
        """Whether the store has no record of this session yet."""
        if not self._loaded:
            self._load()
        return not self._exists

    @property
    def permanent(self) -> bool:
        """Whether the cookie outlives the browser session. Without an
        explicit value (``_permanent`` in the data) it is the interface's
        :attr:`~ServerSideSessionInterface.permanent` (``SESSION_PERMANENT``)."""
        return bool(self.get("_permanent", self.interface.permanent))

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)

    # -- changing the session id -------------------------------------------------

    def regenerate(self) -> None:
        """Give the session a new id and keep its data; the old id stops
        working when the response is saved. Call it when a user logs in, so
        that an id planted beforehand (session fixation) is worth nothing."""
        if not self._loaded:
            self._load()
        if self._exists and self._previous_id is None:
            self._previous_id = self._sid
        self._sid = None
        self.modified = True
        self.accessed = True

    def destroy(self) -> None:
        """Empty the session, delete its record from the store and its cookie
        from the browser when the response is saved. Anything stored in the
        session afterwards starts a new session with a new id. Call it when
        a user logs out."""
        if not self._loaded:
            self._doomed_ids.append(t.cast(str, self._cookie_id))
        else:
            self._doomed_ids.extend(
                old for old in (self._sid, self._previous_id) if old and self._exists
            )
        dict.clear(self)
        self._loaded = True
        self._sid = None
        self._exists = False
        self._stored = {}
        self._previous_id = None
        self.modified = True
        self.accessed = True

    # -- what to save ------------------------------------------------------------

    def changes(
        self, serializer: TaggedJSONSerializer
    ) -> tuple[dict[str, str], frozenset[str]]:
        """The keys whose serialized value differs from the stored one (with
        that value), and the stored keys that are gone."""
        stored = self._stored
        changed = {}
        for key, value in dict.items(self):
            text = serializer.dumps(value)
            if stored.get(key) != text:
                changed[key] = text
        removed = frozenset(stored.keys() - dict.keys(self))
        return changed, removed

    def _saved(
        self, sid: str, changed: t.Mapping[str, str], removed: frozenset[str]
    ) -> None:
        """Record that the store now holds this session under ``sid``."""
        self._sid = sid
        self._exists = True
        self._previous_id = None
        stored = self._stored
        stored.update(changed)
        for key in removed:
            stored.pop(key, None)


#: What a server-side session does before any use of its content: load it.
_CONTENT_OPERATIONS = (
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__iter__",
    "__reversed__",
    "__len__",
    "__eq__",
    "__ne__",
    "__or__",
    "__ror__",
    "__ior__",
    "__repr__",
    "get",
    "setdefault",
    "pop",
    "popitem",
    "update",
    "clear",
    "keys",
    "values",
    "items",
    "copy",
)


def _loading_first(name: str) -> t.Callable[..., t.Any]:
    """Build the override of ``name``: load the content if needed, then run
    the cookie session's implementation (which tracks reads and writes)."""
    inherited = getattr(SecureCookieSession, name)

    @functools.wraps(inherited)
    def operation(self: ServerSideSession, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if not self._loaded:
            self._load()
        return inherited(self, *args, **kwargs)

    operation.__qualname__ = f"ServerSideSession.{name}"
    return operation


for _name in _CONTENT_OPERATIONS:
    setattr(ServerSideSession, _name, _loading_first(_name))
del _name


class SessionIdSigner(Signer):
    """itsdangerous' signer for session ids (HMAC-SHA256, key derived by
    HMAC), remembering the key it derives from each secret key: deriving is
    an HMAC of its own, with the same result on every request."""

    def __init__(
        self, secret_keys: t.Iterable[str] | t.Iterable[bytes], salt: str
    ) -> None:
        super().__init__(
            secret_keys, salt=salt, key_derivation="hmac", digest_method=hashlib.sha256
        )
        self._derived: dict[bytes, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        """The signing key for ``secret_key`` (by default the newest)."""
        chosen = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        derived = self._derived.get(chosen)
        if derived is None:
            derived = self._derived[chosen] = super().derive_key(chosen)
        return derived


#: Bound on the signers an interface keeps; emptied when full (secret keys
#: change rarely, so it normally holds one).
_MAX_SIGNERS = 8


class ServerSideSessionInterface(SessionInterface):
    """Sessions kept in a :class:`~flask.session_stores.base.SessionStore`,
    with only a signed, random session id in the cookie.

    Select it through the configuration (``SESSION_TYPE``, see
    :func:`flask.session_stores.config.interface_from_config`) or assign an
    instance to ``app.session_interface``::

        from flask.session_stores.interface import ServerSideSessionInterface
        from flask.session_stores.redis_store import RedisStore

        app.session_interface = ServerSideSessionInterface(RedisStore(client))

    Every ``SESSION_COOKIE_*`` setting, ``SESSION_REFRESH_EACH_REQUEST`` and
    the ``Vary: Cookie`` rules apply as for cookie sessions. Records expire
    :attr:`~flask.Flask.permanent_session_lifetime` after their last save;
    the cookie of a permanent session expires at the same time.

    :param store: where the records live.
    :param permanent: whether sessions are permanent unless
        ``session.permanent`` says otherwise (``SESSION_PERMANENT``).
    :param id_length: bytes of randomness in a new session id
        (``SESSION_ID_LENGTH``).
    """

    #: The class of the sessions this interface opens.
    session_class = ServerSideSession

    #: Turns each session value into the text the store keeps, and back:
    #: JSON with tags for tuples, bytes, markup, UUIDs and datetimes. Loading
    #: never runs code (no pickle).
    serializer = session_json_serializer

    #: Salt of the session id's signature, which keeps signatures made with
    #: the same secret key for other purposes from passing as session ids.
    salt = "flask.session_stores"

    def __init__(
        self, store: SessionStore, *, permanent: bool = True, id_length: int = 32
    ) -> None:
        self.store = store
        self.permanent = permanent
        self.id_length = id_length
        # Signers already built, by secret keys and salt.
        self._signers: dict[tuple[t.Any, ...], SessionIdSigner] = {}

    # -- ids and cookies -------------------------------------------------------

    def new_session_id(self) -> str:
        """A new random session id, URL-safe text."""
        return secrets.token_urlsafe(self.id_length)

    def get_signer(self, app: Flask) -> Signer:
        """The signer of session ids for ``app``'s keys: it signs with
        ``SECRET_KEY`` and also accepts ``SECRET_KEY_FALLBACKS``. Built once
        per set of keys."""
        keys = [*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key]
        recipe = (*keys, self.salt)
        try:
            return self._signers[recipe]
        except KeyError:
            pass
        except TypeError:  # unhashable keys: a signer each time
            return SessionIdSigner(keys, self.salt)
        if len(self._signers) >= _MAX_SIGNERS:
            self._signers.clear()
        signer = self._signers[recipe] = SessionIdSigner(keys, self.salt)
        return signer

    def _cookie_id(self, app: Flask, request: Request) -> str | None:
        """The session id in the request's cookie, if its signature is valid."""
        if "HTTP_COOKIE" not in request.environ:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return None
        try:
            return self.get_signer(app).unsign(cookie).decode("ascii")
        except (BadSignature, UnicodeDecodeError):
            return None

    def _cookie_attributes(self, app: Flask) -> dict[str, t.Any]:
        """The attributes shared by setting and deleting the cookie."""
        return {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "httponly": self.get_cookie_httponly(app),
            "samesite": self.get_cookie_samesite(app),
            "partitioned": self.get_cookie_partitioned(app),
        }

    def _set_cookie(
        self, app: Flask, session: ServerSideSession, response: Response
    ) -> None:
        value = self.get_signer(app).sign(session.sid).decode("ascii")
        response.set_cookie(
            self.get_cookie_name(app),
            value,
            expires=self.get_expiration_time(app, session),
            **self._cookie_attributes(app),
        )
        response.vary.add("Cookie")

    def _delete_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(
            self.get_cookie_name(app), **self._cookie_attributes(app)
        )
        response.vary.add("Cookie")

    # -- talking to the store --------------------------------------------------

    @contextlib.contextmanager
    def _reporting(self, app: Flask, doing: str) -> t.Iterator[None]:
        """Log a line when the store is unavailable, then let the error go on."""
        try:
            yield
        except SessionStoreUnavailable as error:
            cause = error.__cause__ or error
            app.logger.error(
                "Session store unavailable while %s: %s: %s",
                doing,
                type(cause).__name__,
                cause,
            )
            raise

    def load_values(
        self, app: Flask, session_id: str
    ) -> tuple[dict[str, str], dict[str, t.Any]] | None:
        """The record of ``session_id`` as stored and decoded, or ``None``
        when there is none or it cannot be decoded (then the session starts
        anew). With ``SESSION_REFRESH_EACH_REQUEST`` the store renews the
        record's expiry in the same call. Raises :class:`~flask.session_stores.base.SessionStoreUnavailable`
        (a 503 error) when the store cannot be reached."""
        refresh = (
            app.permanent_session_lifetime
            if app.config["SESSION_REFRESH_EACH_REQUEST"]
            else None
        )
        with self._reporting(app, "loading a session"):
            stored = self.store.load(session_id, refresh)
        if stored is None:
            return None
        loads = self.serializer.loads
        try:
            decoded = {key: loads(text) for key, text in stored.items()}
        except (ValueError, TypeError, KeyError):
            app.logger.warning("A stored session could not be decoded; starting anew.")
            return None
        return stored, decoded

    # -- the SessionInterface contract ------------------------------------------

    def open_session(self, app: Flask, request: Request) -> ServerSideSession | None:
        """Return the request's session, not loaded yet: the store is asked
        only when the content is first used. ``None`` (a null session) when
        the app has no secret key to sign session ids with."""
        if not app.secret_key:
            return None
        return self.session_class(self, app, self._cookie_id(app, request))

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Apply the request's changes to the store and set, refresh or
        delete the cookie. A session whose content was never used is left
        alone. When the store cannot be reached the response is replaced by
        a 503 error, since what the request did to the session is lost."""
        accessed = session.accessed
        if accessed:
            response.vary.add("Cookie")
        try:
            if isinstance(session, ServerSideSession) and session.loaded:
                self._save(app, session, response)
        except SessionStoreUnavailable as error:
            _become_error(response, error)
        finally:
            # Looking at the session to save it is not the request's use of it.
            if session.accessed != accessed:
                session.accessed = accessed

    def _save(self, app: Flask, session: ServerSideSession, response: Response) -> None:
        store = self.store
        lifetime = app.permanent_session_lifetime
        while session._doomed_ids:
            with self._reporting(app, "deleting a session"):
                store.delete(session._doomed_ids[0])
            del session._doomed_ids[0]

        if not session._exists:
            if not dict.__len__(session):
                if session.modified and session._cookie_id is not None:
                    self._delete_cookie(app, response)
                return
            sid = session.sid
            changed, _ = session.changes(self.serializer)
            with self._reporting(app, "creating a session"):
                store.save(sid, SessionUpdate(lifetime, changed, new=True))
            session._saved(sid, changed, frozenset())
            self._set_cookie(app, session, response)
            return

        if session.modified:
            changed, removed = session.changes(self.serializer)
        else:
            changed, removed = {}, frozenset()
        previous = session._previous_id
        if changed or removed or previous is not None:
            sid = session.sid
            update = SessionUpdate(lifetime, changed, removed, previous_id=previous)
            with self._reporting(app, "saving a session"):
                saved = store.save(sid, update)
            # A record deleted, regenerated or expired meanwhile stays gone,
            # and so does its cookie.
            if saved:
                session._saved(sid, changed, removed)
                self._set_cookie(app, session, response)
        elif app.config["SESSION_REFRESH_EACH_REQUEST"] and session.permanent:
            # Loading renewed the record's expiry; the cookie follows.
            self._set_cookie(app, session, response)

    # -- Flask-Session's spelling ------------------------------------------------

    def regenerate(self, session: ServerSideSession) -> None:
        """``session.regenerate()``, under the name Flask-Session offers on
        its interface (``app.session_interface.regenerate(session)``)."""
        session.regenerate()


def _become_error(response: Response, error: SessionStoreUnavailable) -> None:
    """Turn ``response`` into the 503 page of ``error``: its status, headers
    (no cookie, no redirect) and body."""
    replacement = error.get_response()
    response.status = replacement.status
    response.headers = Headers(replacement.headers)
    response.set_data(replacement.get_data())
