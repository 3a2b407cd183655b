"""Quicker answers to three questions :class:`~flask.Flask` asks on every
request.

* Which hook registries apply (:meth:`Flask._request_scopes`): the general
  answer reads ``request.blueprints``, which splits the endpoint's dotted
  name each time. For Flask's own request class it depends on nothing but
  the endpoint, so :func:`request_scopes` works it out once per endpoint.
* What response a view's return value makes (:meth:`Flask.make_response`):
  :func:`common_response` answers for the two most common values, a ``str``
  and a ``dict``, before the general code tries every other kind.
* Whether a view or hook is a coroutine function
  (:meth:`Flask.ensure_sync`): :func:`inspect.iscoroutinefunction` unwraps
  and inspects its argument; :func:`is_plain_function` settles the common
  case of a plain ``def`` function by its code flags.
"""

from __future__ import annotations

import functools
import inspect
import typing as t
from types import FunctionType

from ..helpers import _split_blueprint_path
from ..wrappers import Request

if t.TYPE_CHECKING:
    from ..app import Flask
    from ..wrappers import Response

#: The hook scopes of a request whose endpoint belongs to no blueprint: the
#: app's own registries only.
APP_SCOPE_ONLY: tuple[str | None, ...] = (None,)

#: The code flag of ``async def`` functions.
_CO_COROUTINE = inspect.CO_COROUTINE


@functools.cache
def endpoint_scopes(endpoint: str, blueprints_first: bool) -> tuple[str | None, ...]:
    """The hook scopes of requests for ``endpoint`` (of Flask's own request
    class), as :meth:`Flask._request_scopes` works them out from
    ``request.blueprints``. Endpoints come from the app's rules, so there
    are only so many."""
    owner, dot, _ = endpoint.rpartition(".")
    if not dot:
        return APP_SCOPE_ONLY
    names = _split_blueprint_path(owner)
    if blueprints_first:
        return (*names, None)
    return (None, *reversed(names))


def request_scopes(
    request: Request, blueprints_first: bool
) -> tuple[str | None, ...] | None:
    """The hook scopes of ``request`` when it is exactly of Flask's own
    request class (whose blueprints come from its rule's endpoint), or
    ``None`` when the general answer is needed."""
    if type(request) is not Request:
        return None
    rule = request.url_rule
    endpoint = None if rule is None else rule.endpoint
    if endpoint is None:
        return APP_SCOPE_ONLY
    if type(endpoint) is str:
        return endpoint_scopes(endpoint, blueprints_first)
    return None


def common_response(app: Flask, rv: object) -> Response | None:
    """The response :meth:`Flask.make_response` makes of ``rv`` when it is
    exactly a ``str`` or a ``dict`` (the general code gives the same), or
    ``None`` for anything else."""
    if type(rv) is str:
        return app.response_class(rv)
    if type(rv) is dict:
        return t.cast("Response", app.json.response(rv))
    return None


def is_plain_function(func: object) -> bool:
    """A quick "certainly not a coroutine function" for a plain ``def``
    function (neither ``async def`` nor marked as a coroutine function with
    ``inspect.markcoroutinefunction``), before the general
    :func:`inspect.iscoroutinefunction`."""
    return (
        type(func) is FunctionType
        and not func.__code__.co_flags & _CO_COROUTINE
        and "_is_coroutine_marker" not in func.__dict__
    )
