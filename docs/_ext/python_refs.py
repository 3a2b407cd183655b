"""Resolve cross-references in docstrings the way Python resolves names.

The docstrings of the ``flask`` modules refer to names as the code sees them:
``:meth:`Flask.test_request_context``` in a module that imports ``Flask``,
``:attr:`static_folder``` in a method of a class that inherits it,
``:meth:`flask.Flask.url_for``` through the package's re-export. Sphinx looks
such a target up only among the entries written for exactly that dotted name,
so it misses entries documented under the defining class or module.

When Sphinx finds no entry (the ``missing-reference`` event), this extension
looks the name up in the current class (through its bases), then the current
module, then the ``flask`` package, and links the entry of the object it
finds: for an attribute, the entry of the first class along the bases that
documents it. A name that leads outside ``flask``, or to a private object,
is shown as written, without a link; anything else stays an error.
"""

from __future__ import annotations

import importlib
import inspect
import typing as t
from types import ModuleType

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode


def _scopes(module_name: str | None, class_name: str | None) -> list[object]:
    """Where a name is looked for: the class, its module, the package."""
    scopes: list[object] = []
    module: ModuleType | None = None
    if module_name:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            module = None
    if module is not None and class_name:
        owner: object = module
        for part in class_name.split("."):
            owner = inspect.getattr_static(owner, part, None)
        if inspect.isclass(owner):
            scopes.append(owner)
    if module is not None:
        scopes.append(module)
    scopes.append(importlib.import_module("flask"))
    return scopes


def _canonical_name(value: object) -> str | None:
    """``module.qualname`` of a class or function, or a module's name."""
    if inspect.ismodule(value):
        return value.__name__
    if inspect.isclass(value) or inspect.isfunction(value):
        return f"{value.__module__}.{value.__qualname__}"
    return None


def _member_entry(
    cls: type, rest: list[str], documented: t.Container[str]
) -> str | None:
    """The documented entry of ``cls.<rest>`` along the class's bases."""
    for base in cls.__mro__:
        name = ".".join([base.__module__, base.__qualname__, *rest])
        if name in documented:
            return name
    return None


def find(
    target: str, scope: object, documented: t.Container[str]
) -> tuple[str | None, object]:
    """Follow ``target`` from ``scope``: (documented entry or None, the
    object reached, or None when the name does not exist there)."""
    parts = target.split(".")
    value = scope
    for index, part in enumerate(parts):
        if inspect.isclass(value):
            entry = _member_entry(value, parts[index:], documented)
            if entry is not None:
                return entry, value
        try:
            if inspect.ismodule(value):
                value = getattr(value, part)  # lazily served names included
            else:
                value = inspect.getattr_static(value, part)  # runs no descriptor
        except AttributeError:
            return None, None
    name = _canonical_name(value)
    return (name if name in documented else None), value


def _is_ours(value: object) -> bool:
    """Whether an object is a public part of the ``flask`` package."""
    name = _canonical_name(value) or getattr(value, "__module__", "") or ""
    parts = name.split(".")
    return parts[0] == "flask" and not any(p.startswith("_") for p in parts)


def resolve_like_python(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """Link a reference Sphinx could not resolve (at ``missing-reference``)."""
    if node.get("refdomain") != "py":
        return None
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    target = node["reftarget"].lstrip(".~")
    searches = [
        (target, scope)
        for scope in _scopes(node.get("py:module"), node.get("py:class"))
    ]
    first, _, rest = target.partition(".")
    if first == "flask" and rest:
        searches.insert(0, (rest, importlib.import_module("flask")))
    for name, scope in searches:
        entry, reached = find(name, scope, objects)
        if entry is not None:
            found = objects[entry]
            return make_refnode(
                app.builder, node["refdoc"], found.docname, found.node_id, contnode
            )
        if reached is not None and not _is_ours(reached):
            return contnode  # outside flask, or private: shown, not linked
    return None


def setup(app: Sphinx) -> dict[str, t.Any]:
    """Register the resolver (after the other extensions' resolvers)."""
    app.connect("missing-reference", resolve_like_python, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
