"""Quicker paths for the two things a compiled Jinja template does most.

A template reads ``item.name`` through :meth:`Environment.getattr
<jinja2.Environment.getattr>`, which tries the attribute first and the
item second. For a plain ``dict`` the attribute lookup nearly always fails,
and raising and catching that :exc:`AttributeError` costs more than the
item lookup itself. When the name is not an attribute of ``dict`` at all,
the answer can only come from the item, so :func:`read_attribute` goes
there directly.

A template calls functions through :meth:`Context.call
<jinja2.runtime.Context.call>`, which checks each callable (and its
``__call__``) for the ``pass_context``-style markers. Plain functions and
bound methods can only carry the marker on themselves, so
:func:`call_plainly` tells them apart once and calls them directly.

Everything else takes Jinja's own path, so what a template sees does not
change. :class:`flask.templating.Environment` and
:class:`flask._template_runtime.TemplateContext` take these paths while
:data:`TAKEN` is true.
"""

from __future__ import annotations

import typing as t
from types import FunctionType, MethodType

from . import ENABLED, verified

if t.TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.runtime import Context

#: Whether the template shortcuts are taken: the speedups are on and Jinja
#: is a verified release.
TAKEN = ENABLED and verified("jinja2")

#: Every attribute an instance of exactly ``dict`` can have.
_DICT_ATTRIBUTES = frozenset(dir(dict))

_STOP_ITERATION_HINT = (
    "value was undefined because a callable raised a StopIteration exception"
)


def read_attribute(environment: Environment, obj: t.Any, attribute: str) -> t.Any:
    """``obj.attribute`` as Jinja resolves it: the attribute if there is one,
    otherwise the item, otherwise an undefined value."""
    if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
        try:
            return obj[attribute]
        except (TypeError, LookupError):
            return environment.undefined(obj=obj, name=attribute)
    try:
        return getattr(obj, attribute)
    except AttributeError:
        pass
    try:
        return obj[attribute]
    except (TypeError, LookupError, AttributeError):
        return environment.undefined(obj=obj, name=attribute)


#: What :func:`call_plainly` returns for a callable it leaves to Jinja.
NOT_PLAIN = object()


def call_plainly(
    context: Context, obj: t.Callable[..., t.Any], args: t.Any, kwargs: t.Any
) -> t.Any:
    """``context.call(obj, *args, **kwargs)`` as Jinja would do it, for a
    plain function or bound method without a ``pass_context``-style marker;
    :data:`NOT_PLAIN` (having done nothing) for any other callable."""
    kind = type(obj)
    if kind is MethodType:
        # A bound method's own ``__call__`` is always the method type's.
        if getattr(obj, "jinja_pass_arg", None) is not None:
            return NOT_PLAIN
    elif kind is FunctionType:
        # A function could carry its own ``__call__`` in its ``__dict__``.
        own = obj.__dict__
        if "__call__" in own or own.get("jinja_pass_arg") is not None:
            return NOT_PLAIN
    else:
        return NOT_PLAIN
    kwargs.pop("_block_vars", None)
    kwargs.pop("_loop_vars", None)
    try:
        return obj(*args, **kwargs)
    except StopIteration:
        return context.environment.undefined(_STOP_ITERATION_HINT)
