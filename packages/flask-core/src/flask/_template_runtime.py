"""The render context of Flask's templates, and the session as templates
see it.

:class:`TemplateContext` hands templates the request's session: the
context holds a :class:`SessionForTemplates` stand-in, which is exchanged
for the session itself when a template names ``session`` (see
:meth:`TemplateContext.resolve_or_missing`), so that the response then
varies on ``Cookie``. It also takes the quicker path of
:mod:`flask._speedups.templates` for plain function calls.
"""

from __future__ import annotations

import typing as t

from jinja2.runtime import Context, Undefined
from werkzeug.local import LocalProxy

from ._speedups.templates import NOT_PLAIN, call_plainly
from ._speedups.templates import TAKEN as QUICK_CALLS


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
    """The render context of a Flask template: Jinja's, with the request's
    session in place of its :class:`SessionForTemplates` stand-in (and a
    quicker :meth:`call` for plain functions and bound methods)."""

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
        if QUICK_CALLS:
            called = call_plainly(self, obj, args, kwargs)
            if called is not NOT_PLAIN:
                return called
        return super().call(obj, *args, **kwargs)
