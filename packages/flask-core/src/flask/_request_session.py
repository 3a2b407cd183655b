"""The session of one request: opened once by the app's session interface,
when the request context is pushed or, where that changes nothing, on first
use.

Flask opens the session at push. An interface class may declare that its
sessions can wait for their first use by adding itself to
:data:`lazily_opened_session_interfaces`: a request that never touches such
a session and sends no cookie then costs nothing. With the speedups off
(see :mod:`flask._speedups`) every session is opened at push.

The public names are those of :mod:`flask.seams`.
"""

from __future__ import annotations

import typing as t

from ._speedups import ENABLED as SPEEDUPS

if t.TYPE_CHECKING:
    from .app import Flask
    from .sessions import (  # type: ignore[attr-defined, import-untyped, unused-ignore]
        SessionMixin,
    )
    from .wrappers import Request

#: Session interface classes whose ``open_session`` depends only on the request
#: and the app's config and changes nothing, so that opening their sessions
#: later gives the same session. A request opens the session of an app using
#: exactly one of these classes on first use rather than when its context is
#: pushed. Each class adds itself: flask-core's stand-in
#: (:class:`UnavailableSessionInterface`) and ``flask.sessions`` its
#: ``SecureCookieSessionInterface``. A subclass is not included unless it
#: adds itself too.
lazily_opened_session_interfaces: set[type] = set()


class RequestSession:
    """The session of one request, opened by the app's session interface at
    most once and handed out from then on.

    :meth:`open_at_push` opens it when the request context is pushed, unless
    the speedups are on and the interface allows waiting: its class is one
    of :data:`lazily_opened_session_interfaces` and the instance replaces
    nothing of its class (an attribute of its own that shadows a method or
    setting of the class, say a replaced ``open_session``, may change what
    opening does; attributes only the instance has, such as what its
    ``__init__`` stores, are its own state). The first :meth:`use` or
    :meth:`get` then opens it.
    """

    __slots__ = ("_app", "_request", "_opened")

    def __init__(
        self, app: Flask, request: Request, opened: SessionMixin | None = None
    ) -> None:
        self._app = app
        self._request = request
        self._opened = opened

    @property
    def opened(self) -> SessionMixin | None:
        """The session if it was opened (or given), without opening it."""
        return self._opened

    def open_at_push(self) -> None:
        """Open the session now, unless it is open or may wait for its first
        use."""
        if self._opened is not None:
            return
        if SPEEDUPS:
            interface = self._app.session_interface
            kind = type(interface)
            if kind in lazily_opened_session_interfaces:
                own = getattr(interface, "__dict__", None)
                if not own or not any(hasattr(kind, name) for name in own):
                    return
        self._opened = self._open()

    def get(self) -> SessionMixin:
        """The session, opened now if it was not yet; reading it this way does
        not count as a use of the session."""
        session = self._opened
        if session is None:
            session = self._opened = self._open()
        return session

    def use(self) -> SessionMixin:
        """The session for the request's code (``flask.session``), marked as
        accessed, so that the response carries ``Vary: Cookie`` even for
        session classes that track no reads."""
        session = self._opened
        if session is None:
            session = self._opened = self._open()
        try:  # noqa: SIM105 (on every use of flask.session: kept cheap)
            session.accessed = True
        except AttributeError:  # a plain mapping passed in by hand
            pass
        return session

    def to_save(self) -> SessionMixin | None:
        """The session to save at the end of the request: the opened one. One
        that was never opened would be an empty, unchanged session without a
        cookie (``None``: nothing to save); with a cookie it is opened now,
        as a permanent session may need refreshing."""
        if self._opened is None and "HTTP_COOKIE" not in self._request.environ:
            return None
        return self.get()

    def _open(self) -> SessionMixin:
        app = self._app
        interface = app.session_interface
        opened = interface.open_session(app, self._request)
        if opened is None:
            opened = interface.make_null_session(app)
        return opened  # type: ignore[no-any-return, unused-ignore]
