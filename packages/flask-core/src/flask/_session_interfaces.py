"""The session interface of an app that assigns none: the one its
configuration selects through flask-sessions, flask-sessions' default, or,
without flask-sessions, a stand-in whose sessions are empty and refuse
writes.

The public names are those of :mod:`flask.seams`.
"""

from __future__ import annotations

import threading
import typing as t

from ._addons import MissingDistributionError, optional
from ._request_session import lazily_opened_session_interfaces

if t.TYPE_CHECKING:
    from .app import Flask
    from .sansio.app import App
    from .wrappers import Request, Response


class UnavailableSession(dict[str, t.Any]):
    """The session when flask-sessions is not installed: empty, readable, and
    raising :class:`MissingDistributionError` on any change."""

    new = False
    modified = False
    accessed = False

    @property
    def permanent(self) -> bool:
        """Always ``False``: nothing is stored."""
        return False

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self._refuse()

    def _refuse(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise MissingDistributionError("flask-sessions", "Storing data in the session")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = update = setdefault = _refuse


class UnavailableSessionInterface:
    """Session interface used when flask-sessions is not installed."""

    null_session_class = UnavailableSession
    pickle_based = False

    def make_null_session(self, app: App) -> UnavailableSession:
        """Return an empty session that refuses writes."""
        return UnavailableSession()

    def is_null_session(self, obj: object) -> bool:
        """Every session of this interface is a null session."""
        return isinstance(obj, UnavailableSession)

    def open_session(self, app: App, request: Request) -> UnavailableSession:
        """Return an empty session that refuses writes."""
        return UnavailableSession()

    def save_session(self, app: App, session: t.Any, response: Response) -> None:
        """Nothing is ever stored."""

    def should_set_cookie(self, app: App, session: t.Any) -> bool:
        """No cookie is ever set."""
        return False


# Opening changes nothing and depends on nothing: it may wait for first use.
lazily_opened_session_interfaces.add(UnavailableSessionInterface)


def default_session_interface() -> t.Any:
    """The session interface an app uses unless it sets its own or its
    configuration selects another (see :func:`configured_session_interface`)."""
    sessions = optional("flask.sessions")
    if sessions is None:
        return UnavailableSessionInterface()
    return sessions.SecureCookieSessionInterface()


def configured_session_interface(app: Flask) -> t.Any | None:
    """The session interface ``app``'s configuration selects, or ``None`` for
    the default. flask-sessions decides (server-side sessions are chosen with
    ``SESSION_TYPE``); core knows nothing of the keys it reads."""
    sessions = optional("flask.sessions")
    if sessions is None:
        return None
    return sessions.session_interface_for(app)


class app_session_interface:
    """The ``session_interface`` attribute of :class:`~flask.Flask` for as long
    as nobody assigns one (on the class, a subclass or an app).

    Read on the class, it is :func:`default_session_interface`, resolved once
    and shared. Read on an app, it is what
    :func:`configured_session_interface` returns for the app's configuration,
    or that shared default; the result is kept on the app, so the
    configuration is consulted once, at the first read (normally when the
    first request or test client session needs it).
    """

    def __init__(self) -> None:
        self._shared: t.Any = None
        self._name = "session_interface"
        # Two threads serving an app's first requests must end up with the
        # same interface (a store of sessions in memory, say), so choosing
        # it happens once, under this lock.
        self._choosing = threading.RLock()

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, app: Flask | None, owner: type | None = None) -> t.Any:
        with self._choosing:
            shared = self._shared
            if shared is None:
                shared = self._shared = default_session_interface()
            if app is None:
                return shared
            already = vars(app).get(self._name)
            if already is not None:
                return already
            chosen = configured_session_interface(app)
            interface = shared if chosen is None else chosen
            vars(app)[self._name] = interface
            return interface
