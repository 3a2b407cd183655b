"""Application and request contexts.

An :class:`AppContext` makes an application current (``current_app`` and
``g``); a :class:`RequestContext` additionally makes one incoming request
current (``request`` and ``session``). Both are pushed onto context
variables from :mod:`flask.globals`, so they follow threads, greenlets and
asyncio tasks naturally.
"""

from __future__ import annotations

import contextvars
import sys
import typing as t
from functools import update_wrapper
from types import TracebackType

from werkzeug.exceptions import HTTPException

from . import seams
from ._request_session import RequestSession
from ._speedups import ENABLED as SPEEDUPS
from .globals import _cv_app, _cv_request

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from werkzeug.routing import MapAdapter, Rule

    from .app import Flask
    from .sessions import (  # type: ignore[attr-defined, import-untyped, unused-ignore]
        SessionMixin,
    )
    from .typing import AfterRequestCallable
    from .wrappers import Request

#: Default for the ``exc`` argument of ``pop``: "look at the exception being
#: handled right now", as opposed to an explicit ``None``.
_sentinel = object()

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class _AppCtxGlobals:
    """The namespace behind :data:`flask.g`.

    Any attribute can be stored on it for the lifetime of the application
    context. It also offers a few dict-like helpers.
    """

    # Values live in the instance dict; attribute lookups only reach
    # __getattr__ when a name is missing.

    def __getattr__(self, name: str) -> t.Any:
        raise AttributeError(name)

    def __setattr__(self, name: str, value: t.Any) -> None:
        vars(self)[name] = value

    def __delattr__(self, name: str) -> None:
        if vars(self).pop(name, _sentinel) is _sentinel:
            raise AttributeError(name)

    def get(self, name: str, default: t.Any | None = None) -> t.Any:
        """Return attribute ``name``, or ``default`` when it is not set."""
        return vars(self).get(name, default)

    def pop(self, name: str, default: t.Any = _sentinel) -> t.Any:
        """Remove attribute ``name`` and return its value.

        Without ``default``, a missing name raises :exc:`KeyError`.
        """
        fallback = () if default is _sentinel else (default,)
        return vars(self).pop(name, *fallback)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        """Return attribute ``name``, storing ``default`` first if unset."""
        return vars(self).setdefault(name, default)

    def __contains__(self, item: str) -> bool:
        return item in vars(self)

    def __iter__(self) -> t.Iterator[str]:
        return iter(vars(self))

    def __repr__(self) -> str:
        active = _cv_app.get(None)
        if active is None:
            return object.__repr__(self)
        return f"<flask.g of {active.app.name!r}>"


def _active_request_context(caller: str) -> RequestContext:
    """Return the pushed request context, or explain why ``caller`` needs one."""
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            f"{caller!r} needs an active request context; call it from a view"
            " function or while a request context is pushed."
        )
    return ctx


def after_this_request(
    f: AfterRequestCallable[t.Any],
) -> AfterRequestCallable[t.Any]:
    """Register ``f`` to modify the response of the current request only.

    It is called with the response object and must return a response, before
    the app's and blueprints' ``after_request`` functions run.
    """
    _active_request_context("after_this_request")._after_request_functions.append(f)
    return f


def copy_current_request_context(f: F) -> F:
    """Wrap ``f`` so that it runs inside a copy of the current request context.

    Useful for work handed to another thread or greenlet that still needs
    ``request`` and ``session``; the copy is pushed for each call.
    """
    snapshot = _active_request_context("copy_current_request_context").copy()

    def run_in_copied_context(*args: t.Any, **kwargs: t.Any) -> t.Any:
        with snapshot:
            return snapshot.app.ensure_sync(f)(*args, **kwargs)

    return update_wrapper(run_in_copied_context, f)  # type: ignore[return-value]


def has_request_context() -> bool:
    """Tell whether a request context is pushed, so ``request`` is usable."""
    return _cv_request.get(None) is not None


def has_app_context() -> bool:
    """Tell whether an application context is pushed, so ``current_app``
    and ``g`` are usable."""
    return _cv_app.get(None) is not None


class AppContext:
    """Makes an application the current one while it is pushed.

    Created by :meth:`Flask.app_context`, and pushed automatically whenever a
    request context for a different (or no) app is pushed. Use it as a
    context manager, or call :meth:`push` and :meth:`pop` in pairs.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.url_adapter: MapAdapter | None = app.create_url_adapter(None)
        self.g: _AppCtxGlobals = app.app_ctx_globals_class()
        self._cv_tokens: list[contextvars.Token[AppContext]] = []

    def push(self) -> None:
        """Make this context (and so its app) the current one."""
        self._cv_tokens.append(_cv_app.set(self))
        hub = seams.signal_hub
        if hub is not None:
            hub.appcontext_pushed.send(self.app, _async_wrapper=self.app.ensure_sync)

    def pop(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Undo the matching :meth:`push`.

        The outermost pop runs the app's ``teardown_appcontext`` functions,
        passing ``exc`` (by default the exception currently being handled).
        """
        last_push = len(self._cv_tokens) == 1
        try:
            if last_push:
                self.app.do_teardown_appcontext(_exception_or_current(exc))
        finally:
            token = self._cv_tokens.pop()
            was_current = _cv_app.get()
            _cv_app.reset(token)
        _ensure_popped_itself("app", was_current, self)

        hub = seams.signal_hub
        if hub is not None:
            hub.appcontext_popped.send(self.app, _async_wrapper=self.app.ensure_sync)

    def __enter__(self) -> AppContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)


class RequestContext:
    """Everything Flask knows about one request while it is handled.

    :meth:`Flask.wsgi_app` creates and pushes one per request; tests use
    :meth:`Flask.test_request_context`. Pushing it also pushes an
    application context when the right one is not already current, opens the
    session and matches the URL. Popping it runs the teardown functions.
    """

    def __init__(
        self,
        app: Flask,
        environ: WSGIEnvironment,
        request: Request | None = None,
        session: SessionMixin | None = None,
    ) -> None:
        self.app = app
        if request is None:
            request = app.request_class(environ)
            _attach_json_provider(app, request)
        self.request: Request = request
        self.url_adapter: MapAdapter | None = None
        try:
            self.url_adapter = app.create_url_adapter(request)
        except HTTPException as error:
            # For instance an untrusted Host header: reported when dispatching.
            request.routing_exception = error
        self.flashes: list[tuple[str, str]] | None = None
        # The request's session, opened at push or on first use.
        self._request_session = RequestSession(app, request, session)
        # Functions registered with after_this_request for this request only.
        self._after_request_functions: list[AfterRequestCallable[t.Any]] = []
        # One entry per push: the request token and the app context that this
        # push created (None when a suitable one was already current).
        self._cv_tokens: list[
            tuple[contextvars.Token[RequestContext], AppContext | None]
        ] = []

    @property
    def session(self) -> SessionMixin:
        """The session of this request, opened by the app's session interface.

        Reading it marks the session as accessed, so that the response carries
        ``Vary: Cookie`` even for session classes that track no reads.
        """
        return self._request_session.use()

    @property
    def _session(self) -> SessionMixin:
        """The session of this request without marking it accessed (opened
        now if it was not yet): Flask's name for it, which its own test suite
        reads."""
        return self._request_session.get()

    @_session.setter
    def _session(self, value: SessionMixin | None) -> None:
        # Handing the context another session (or none, to open it again).
        self._request_session = RequestSession(self.app, self.request, value)

    def copy(self) -> RequestContext:
        """Return a new context for the same request object and session.

        The copy can be pushed in another thread or greenlet; see
        :func:`copy_current_request_context`.
        """
        # The copy must share the session object, so it is opened now.
        return self.__class__(
            self.app,
            environ=self.request.environ,
            request=self.request,
            session=self._request_session.get(),
        )

    def match_request(self) -> None:
        """Match the URL against the app's rules.

        The result lands on ``request.url_rule`` and ``request.view_args``;
        a routing error is stored as ``request.routing_exception`` and raised
        later, during dispatch.
        """
        adapter = self.url_adapter
        assert adapter is not None
        try:
            if SPEEDUPS:
                # url_adapter.match(return_rule=True), with static matches
                # remembered (see flask._speedups.adapters).
                rule, args = self.app._url_adapter_cache.match(adapter)
            else:
                rule, args = t.cast(
                    "tuple[Rule, dict[str, t.Any]]", adapter.match(return_rule=True)
                )
        except HTTPException as error:
            self.request.routing_exception = error
        else:
            self.request.url_rule = rule  # type: ignore[assignment, unused-ignore]
            self.request.view_args = args

    def push(self) -> None:
        """Make this request current.

        Order: an app context (only if this app's is not already current),
        then this context, then the session, then URL matching.
        """
        app_ctx: AppContext | None = _cv_app.get(None)
        if app_ctx is not None and app_ctx.app is self.app:
            created = None
        else:
            created = self.app.app_context()
            created.push()

        self._cv_tokens.append((_cv_request.set(self), created))

        # The session is opened only now, so that session interfaces can use
        # the request context; a copied context may already carry one. Some
        # interfaces allow opening it on first use instead, which spares
        # requests that never touch it the cookie signing machinery.
        self._request_session.open_at_push()

        if self.url_adapter is not None:
            self.match_request()

    def pop(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Undo the matching :meth:`push`.

        The outermost pop runs the ``teardown_request`` functions, closes the
        request, and pops the app context that push created.
        """
        last_push = len(self._cv_tokens) == 1
        if last_push:
            exc = _exception_or_current(exc)
        try:
            if last_push:
                self._tear_down(exc)
        finally:
            self._restore_previous(last_push, exc)

    def _tear_down(self, exc: BaseException | None) -> None:
        """Run the request teardown functions, then close the request."""
        self.app.do_teardown_request(exc)
        close_request = getattr(self.request, "close", None)
        if close_request is not None:
            close_request()

    def _restore_previous(self, last_push: bool, exc: BaseException | None) -> None:
        """Reset the context variable and pop the app context this push made."""
        token, created_app_ctx = self._cv_tokens.pop()
        was_current = _cv_request.get()
        _cv_request.reset(token)
        if last_push:
            # The environ refers to the request and the request to the
            # environ: cut the cycle so both are freed promptly.
            was_current.request.environ["werkzeug.request"] = None
        if created_app_ctx is not None:
            created_app_ctx.pop(exc)
        _ensure_popped_itself("request", was_current, self)

    def __enter__(self) -> RequestContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        request = self.request
        return (
            f"<{type(self).__name__} {request.url!r} [{request.method}]"
            f" of {self.app.name}>"
        )


def _exception_or_current(exc: BaseException | None) -> BaseException | None:
    """Resolve the ``exc`` argument of ``pop``: left out, it means the
    exception being handled right now (or ``None``)."""
    if exc is _sentinel:
        return sys.exc_info()[1]
    return exc


def _ensure_popped_itself(kind: str, was_current: object, popped: object) -> None:
    """Complain when ``pop`` was called on a context that was not on top."""
    if was_current is not popped:
        raise AssertionError(
            f"Popped wrong {kind} context: {was_current!r} was on top, not {popped!r}."
        )


def _attach_json_provider(app: Flask, request: Request) -> None:
    """Let the request parse JSON with the app's provider when it has one.

    Without flask-json no provider exists, and the request keeps its class
    default; nothing is imported here.
    """
    if "json" in app.__dict__ or "flask.json" in sys.modules:
        request.json_module = app.json
