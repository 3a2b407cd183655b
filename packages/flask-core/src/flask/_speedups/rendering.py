"""A quicker ``template.render(context)`` for Flask's render functions
(issue 17).

Jinja 3.1's :meth:`Template.render <jinja2.Template.render>` copies the
template's globals, a :class:`collections.ChainMap` over the template's own
globals and the environment's, into the render context's parent dict with
``dict(globals, **context)``. Copying a ``ChainMap`` goes through its
Python-level ``__iter__`` and one ``__getitem__`` call per name: with
Flask's dozen environment globals, that is most of the cost of rendering a
small template outside the template itself. :func:`render` merges the maps
with ``dict.update`` instead, which gives the same names in the same order
with the same values (the first map that has a name wins, as in
``ChainMap``), then renders exactly as ``Template.render`` does.

Compiled templates escape each ``{{ value }}`` with MarkupSafe's
``escape``, which, for a ``str``, builds its :class:`~markupsafe.Markup`
through ``Markup.__new__`` (a Python function that checks the escaped text
for ``__html__``, which a ``str`` never has). :func:`quick_escape` builds
the same ``Markup`` directly for a ``str`` or an ``int`` (whose text never
needs escaping) and hands anything else to MarkupSafe's ``escape``. It is put
into the namespace of a template's compiled code the first time
:func:`render` renders the template.

Both are taken only for what they were written against: Jinja 3.1's own
``Template`` class (render path unchanged), a synchronous environment,
plain ``dict`` maps, MarkupSafe 3.0's ``escape`` and ``Markup``; with
``MODULAR_FLASK_NO_SPEEDUPS`` set when ``flask`` was imported, never.
"""

from __future__ import annotations

import typing as t
from collections import ChainMap

import markupsafe
from jinja2 import Template

from . import ENABLED, verified

#: What :func:`render` returns when it leaves the template to Jinja.
NOT_TAKEN: t.Any = object()

_escape_inner: t.Callable[[str], str] | None = getattr(
    markupsafe, "_escape_inner", None
)
_Markup = markupsafe.Markup
_markupsafe_escape = markupsafe.escape
_new_str = str.__new__

#: MarkupSafe's own ``Markup.__new__``, which :func:`quick_escape` stands in for.
_MARKUP_NEW = _Markup.__new__


_verified: bool | None = None


def _taken() -> bool:
    global _verified
    if _verified is None:
        _verified = (
            ENABLED
            and _escape_inner is not None
            and verified("jinja2")
            and verified("markupsafe")
        )
    return _verified


def quick_escape(value: t.Any, /) -> markupsafe.Markup:
    """``markupsafe.escape(value)``, built directly for a ``str`` or an
    ``int``."""
    kind = type(value)
    if kind is str:
        return _new_str(_Markup, _escape_inner(value))  # type: ignore[misc]
    if kind is int:
        return _new_str(_Markup, str(value))
    return _markupsafe_escape(value)


def _escapes_quickly(template: Template) -> None:
    """Let the compiled code of ``template`` escape with :func:`quick_escape`
    (once; only where it escapes with MarkupSafe's own ``escape``)."""
    namespace = template.root_render_func.__globals__
    if (
        namespace.get("escape") is _markupsafe_escape
        and namespace.get("Markup") is _Markup
        and _Markup.__new__ is _MARKUP_NEW
    ):
        namespace["escape"] = quick_escape


def _merged(globals_: t.Any) -> dict[str, t.Any] | None:
    """The template's globals as one dict, as ``dict(globals_)`` would
    give them, or ``None`` when they are not a ``ChainMap`` of plain dicts."""
    if type(globals_) is not ChainMap:
        return None
    merged: dict[str, t.Any] = {}
    for mapping in reversed(globals_.maps):
        if type(mapping) is not dict:
            return None
        merged.update(mapping)
    return merged


def render(template: Template, context: dict[str, t.Any]) -> t.Any:
    """``template.render(context)``, or :data:`NOT_TAKEN` (having done
    nothing) for a template this shortcut does not stand in for."""
    if type(template) is not Template or not _taken():
        return NOT_TAKEN
    environment = template.environment
    if environment.is_async:
        return NOT_TAKEN
    merged = _merged(template.globals)
    if merged is None:
        return NOT_TAKEN
    namespace = template.root_render_func.__globals__
    if namespace.get("escape") is _markupsafe_escape:
        _escapes_quickly(template)
    # Template.render: new_context(..., dict(globals, **vars), ...), then
    # the root render function, its errors through handle_exception.
    parent = dict(merged, **context)
    render_context = environment.context_class(
        environment, parent, template.name, template.blocks, globals=template.globals
    )
    try:
        return environment.concat(template.root_render_func(render_context))
    except Exception:
        environment.handle_exception()
