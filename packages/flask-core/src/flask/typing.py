"""Type aliases for annotating views, hooks and the values they return.

The aliases describe what Flask accepts; nothing here is checked at run time.
Names that only exist for the type checker are imported under
``t.TYPE_CHECKING`` and written as strings, so importing this module costs
nothing beyond :mod:`typing` itself.
"""

# The aliases are built with ``t.Union``/``t.Optional`` on purpose: several
# members are forward references (strings), which ``|`` cannot combine at run
# time, and the run-time values then look like Flask's own.
# ruff: noqa: UP007, UP045

from __future__ import annotations

import collections.abc as cabc
import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from werkzeug.datastructures import Headers

    from .wrappers import Response

# -- what a view may return -------------------------------------------------

#: A response body, or something Flask turns into a response object: text,
#: bytes, a JSON-able dict or list, or a (possibly async) stream of chunks.
ResponseValue = t.Union[
    "Response",
    str,
    bytes,
    list[t.Any],
    t.Mapping[str, t.Any],
    t.Iterator[str],
    t.Iterator[bytes],
    cabc.AsyncIterable[str],
    cabc.AsyncIterable[bytes],
]

#: The name of a response header.
HeaderName = str

#: One header's value; a list or tuple adds the header once per item.
HeaderValue = t.Union[str, list[str], tuple[str, ...]]

#: Headers given alongside a body in a view's return tuple.
HeadersValue = t.Union[
    "Headers",
    t.Mapping[HeaderName, HeaderValue],
    t.Sequence[tuple[HeaderName, HeaderValue]],
]

#: Everything a view function may return: a body alone, a body with a status
#: and/or headers, or any WSGI application.
ResponseReturnValue = t.Union[
    ResponseValue,
    tuple[ResponseValue, HeadersValue],
    tuple[ResponseValue, int],
    tuple[ResponseValue, int, HeadersValue],
    "WSGIApplication",
]

#: The app's response class, or a subclass of it, so that ``after_request``
#: functions keep the precise class they were given.
ResponseClass = t.TypeVar("ResponseClass", bound="Response")

# -- keys of the per-blueprint registries -------------------------------------

#: ``None`` for the application itself, otherwise a blueprint's dotted name.
AppOrBlueprintKey = t.Optional[str]

# -- hook callables (each may also be a coroutine function) -------------------

AfterRequestCallable = t.Union[
    t.Callable[[ResponseClass], ResponseClass],
    t.Callable[[ResponseClass], t.Awaitable[ResponseClass]],
]
BeforeFirstRequestCallable = t.Union[
    t.Callable[[], None],
    t.Callable[[], t.Awaitable[None]],
]
BeforeRequestCallable = t.Union[
    t.Callable[[], t.Optional[ResponseReturnValue]],
    t.Callable[[], t.Awaitable[t.Optional[ResponseReturnValue]]],
]
ShellContextProcessorCallable = t.Callable[[], dict[str, t.Any]]
TeardownCallable = t.Union[
    t.Callable[[t.Optional[BaseException]], None],
    t.Callable[[t.Optional[BaseException]], t.Awaitable[None]],
]
TemplateContextProcessorCallable = t.Union[
    t.Callable[[], dict[str, t.Any]],
    t.Callable[[], t.Awaitable[dict[str, t.Any]]],
]
TemplateFilterCallable = t.Callable[..., t.Any]
TemplateGlobalCallable = t.Callable[..., t.Any]
TemplateTestCallable = t.Callable[..., bool]
URLDefaultCallable = t.Callable[[str, dict[str, t.Any]], None]
URLValuePreprocessorCallable = t.Callable[
    [t.Optional[str], t.Optional[dict[str, t.Any]]], None
]

#: An error handler receives the exception (typed loosely, since a handler
#: registered for one class is called with that class's instances).
ErrorHandlerCallable = t.Union[
    t.Callable[[t.Any], ResponseReturnValue],
    t.Callable[[t.Any], t.Awaitable[ResponseReturnValue]],
]

#: A view function registered with ``route`` or ``add_url_rule``.
RouteCallable = t.Union[
    t.Callable[..., ResponseReturnValue],
    t.Callable[..., t.Awaitable[ResponseReturnValue]],
]
