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
:class:`TemplateContext` checks that once and calls them directly.

Everything else takes Jinja's own path, so what a template sees does not
change.

:class:`TemplateContext` also hands templates the request's session: the
context holds a :class:`SessionForTemplates` stand-in, which is exchanged
for the session itself when a template names ``session`` (see
:meth:`TemplateContext.resolve_or_missing`).
"""

from __future__ import annotations

import typing as t
from types import FunctionType, MethodType

from jinja2.runtime import Context, Undefined
from werkzeug.local import LocalProxy

if t.TYPE_CHECKING:
    from jinja2 import Environment

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


def _takes_no_context(obj: t.Any) -> bool:
    """Whether ``obj`` is a plain function or bound method without a
    ``pass_context``-style marker, which Jinja would call as it is."""
    kind = type(obj)
    if kind is MethodType:
        # A bound method's own ``__call__`` is always the method type's.
        return getattr(obj, "jinja_pass_arg", None) is None
    if kind is FunctionType:
        # A function could carry its own ``__call__`` in its ``__dict__``.
        return "__call__" not in obj.__dict__ and (
            obj.__dict__.get("jinja_pass_arg") is None
        )
    return False


class SessionForTemplates(LocalProxy):  # type: ignore[type-arg]
    """The ``session`` of a template's context while a request is handled: a
    proxy to the request's session, which opens the session only if a
    template uses it and counts every use as an access.

    Rendered by a :class:`TemplateContext`, a template that names
    ``session`` gets the session object itself, marked as accessed, so
    whatever it then does with it (print it, test it, iterate over it,
    ``|tojson`` it) the response carries ``Vary: Cookie``. A template that
    never names it neither opens nor marks the session. Should another
    context class render the template, the proxy itself reaches the
    template, and every use of it marks the session.
    """


class TemplateContext(Context):
    """The render context of a Flask template: Jinja's, with a quicker
    :meth:`call` for plain functions and bound methods, and the request's
    session in place of its :class:`SessionForTemplates` stand-in."""

    def resolve_or_missing(self, key: str) -> t.Any:
        """The value of the template variable ``key`` (or Jinja's
        ``missing``), as Jinja resolves it.

        Jinja resolves each name a template (or one of its blocks or macros)
        uses when it starts rendering it, and only those. A
        :class:`SessionForTemplates` is resolved to the session it stands
        for, which marks it as accessed: the output may now depend on the
        session cookie.
        """
        value = super().resolve_or_missing(key)
        if type(value) is SessionForTemplates:
            return value._get_current_object()
        return value

    def call(
        self, obj: t.Callable[..., t.Any], /, *args: t.Any, **kwargs: t.Any
    ) -> t.Any | Undefined:
        """Call ``obj`` as Jinja would, passing the context, evaluation
        context or environment first when it asks for one."""
        if not _takes_no_context(obj):
            return super().call(obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(_STOP_ITERATION_HINT)
