"""The context variables behind Flask's context-local names.

``current_app``, ``g``, ``request`` and ``session`` are proxies to the active
application or request context. Extensions reach the contexts themselves
through :data:`app_ctx` and :data:`request_ctx`, or the context variables
:data:`_cv_app` and :data:`_cv_request`.
"""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from werkzeug.local import LocalProxy

if t.TYPE_CHECKING:
    from .app import Flask
    from .ctx import AppContext, RequestContext, _AppCtxGlobals
    from .sessions import SessionMixin
    from .wrappers import Request

_no_app_msg = (
    "Working outside of application context.\n\n"
    "This code needs the active Flask application (current_app, g, url_for"
    " without a request, ...). Push an application context first, for example"
    " with 'with app.app_context():'."
)
_no_req_msg = (
    "Working outside of request context.\n\n"
    "This code needs data about the current HTTP request. Run it inside a view,"
    " or push a request context, for example with"
    " 'with app.test_request_context():' in a test."
)

_cv_app: ContextVar[AppContext] = ContextVar("flask.app_ctx")
_cv_request: ContextVar[RequestContext] = ContextVar("flask.request_ctx")

app_ctx: AppContext = LocalProxy(  # type: ignore[assignment]
    _cv_app, unbound_message=_no_app_msg
)
current_app: Flask = LocalProxy(  # type: ignore[assignment]
    _cv_app, "app", unbound_message=_no_app_msg
)
g: _AppCtxGlobals = LocalProxy(  # type: ignore[assignment]
    _cv_app, "g", unbound_message=_no_app_msg
)
request_ctx: RequestContext = LocalProxy(  # type: ignore[assignment]
    _cv_request, unbound_message=_no_req_msg
)
request: Request = LocalProxy(  # type: ignore[assignment]
    _cv_request, "request", unbound_message=_no_req_msg
)
session: SessionMixin = LocalProxy(  # type: ignore[assignment]
    _cv_request, "session", unbound_message=_no_req_msg
)
