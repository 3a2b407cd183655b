"""Readable type hints in the API reference.

The ``flask`` modules write their annotations as strings (``from __future__
import annotations``) and import many of the names they mention only for the
type checker, under ``if t.TYPE_CHECKING:``. Autodoc evaluates annotations at
build time; one unknown name makes the whole evaluation fail, and the page
then shows the raw source text (``t.Any``, ``ft.RouteCallable``).

This extension does two things when the build starts:

* it runs each module's type-checking imports once more, into that module's
  namespace, adding only names the module does not already have, so that the
  annotations evaluate with the right meaning for each module;
* it puts a stand-in class in the place of each alias of :mod:`flask.typing`
  (``ft.RouteCallable`` and the others), so that autodoc shows the alias's
  short name, linked to its entry, instead of the union it stands for.

Only the documentation build does this; the installed packages are unchanged.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import types
import typing as t
from pathlib import Path
from types import ModuleType

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

#: Names that only type checkers know (``_typeshed``), shown as the standard
#: library's runtime equivalents.
TYPESHED_NAMES = {
    "WSGIEnvironment": "wsgiref.types.WSGIEnvironment",
    "StartResponse": "wsgiref.types.StartResponse",
    "WSGIApplication": "wsgiref.types.WSGIApplication",
}


def flask_modules() -> list[ModuleType]:
    """Every module of the installed ``flask`` package, imported."""
    package = importlib.import_module("flask")
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, "flask."):
        if info.name == "flask.__main__":
            continue  # importing it runs the command line
        found.append(importlib.import_module(info.name))
    return found


def _is_type_checking_test(test: ast.expr) -> bool:
    """``TYPE_CHECKING``, ``t.TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def type_checking_imports(module: ModuleType) -> list[ast.stmt]:
    """The import statements a module runs only under type checking."""
    source_file = getattr(module, "__file__", None)
    if source_file is None:
        return []
    tree = ast.parse(Path(source_file).read_text(encoding="utf-8"))
    found: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.If) and _is_type_checking_test(node.test):
            found += [
                s for s in node.body if isinstance(s, ast.Import | ast.ImportFrom)
            ]
    return found


def alias_stand_in(name: str) -> type:
    """A class standing for ``flask.typing.<name>`` in evaluated annotations.

    Autodoc shows a class by its name and links it to its entry; the alias
    itself would be shown expanded into the union it stands for. Subscripting
    the stand-in (``AfterRequestCallable[t.Any]``) keeps the name too.
    """

    def subscript(cls: type, parameters: t.Any) -> types.GenericAlias:
        return types.GenericAlias(cls, parameters)

    return type(
        name,
        (),
        {
            "__module__": "flask.typing",
            "__qualname__": name,
            "__doc__": f"Stands for flask.typing.{name} in the documentation.",
            "__class_getitem__": classmethod(subscript),
        },
    )


def typing_aliases() -> dict[str, t.Any]:
    """The type aliases :mod:`flask.typing` defines: name -> alias object."""
    typing_module = importlib.import_module("flask.typing")
    source = Path(typing_module.__file__ or "").read_text(encoding="utf-8")
    return {
        target.id: getattr(typing_module, target.id)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and not target.id.startswith("_")
    }


def add_type_checking_names(module: ModuleType, stand_ins: dict[str, type]) -> None:
    """Run a module's type-checking imports and keep the names it lacks.

    A name bound to one of :mod:`flask.typing`'s aliases gets the alias's
    stand-in, and so does every alias reached through ``ft``, the name the
    modules give :mod:`flask.typing`.
    """
    typing_module = importlib.import_module("flask.typing")
    by_identity = {id(typing_aliases()[name]): s for name, s in stand_ins.items()}
    for statement in type_checking_imports(module):
        namespace: dict[str, t.Any] = {
            "__name__": module.__name__,
            "__package__": module.__package__,
        }
        code = compile(
            ast.Module(body=[statement], type_ignores=[]), "<imports>", "exec"
        )
        try:
            exec(code, namespace)
        except ImportError:
            continue  # ``_typeshed`` exists for type checkers only
        for name, value in namespace.items():
            if not name.startswith("__") and not hasattr(module, name):
                setattr(module, name, by_identity.get(id(value), value))
    if getattr(module, "ft", None) is typing_module:
        module.ft = types.SimpleNamespace(**stand_ins)  # type: ignore[attr-defined]


def resolve_type_checking_names(app: Sphinx, config: Config) -> None:
    """Prepare every ``flask`` module (at ``config-inited``)."""
    stand_ins = {name: alias_stand_in(name) for name in typing_aliases()}
    for module in flask_modules():
        if module.__name__ not in ("flask", "flask.typing"):
            add_type_checking_names(module, stand_ins)
    aliases = dict(TYPESHED_NAMES)
    aliases.update(config.autodoc_type_aliases)
    config.autodoc_type_aliases = aliases


#: Short module names the source uses in annotations that autodoc copies as
#: written (instance attributes annotated in ``__init__``): prefix -> module.
MODULE_ABBREVIATIONS = {
    "t.": "typing.",
    "te.": "typing_extensions.",
    "cabc.": "collections.abc.",
    "ft.": "flask.typing.",
}


def resolve_abbreviated_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """Show ``t.Any`` as ``Any`` and ``ft.RouteCallable`` as a link to
    :data:`flask.typing.RouteCallable` (at ``missing-reference``)."""
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    for prefix, module in MODULE_ABBREVIATIONS.items():
        if not target.startswith(prefix):
            continue
        name = target[len(prefix) :]
        if module != "flask.typing.":
            return nodes.Text(name)  # outside this project: shown, not linked
        resolved = env.get_domain("py").resolve_xref(
            env,
            node["refdoc"],
            app.builder,
            node["reftype"],
            module + name,
            node,
            nodes.literal(name, name),
        )
        return resolved
    return None


def setup(app: Sphinx) -> dict[str, t.Any]:
    """Register the start-of-build hook and the reference resolver."""
    app.connect("config-inited", resolve_type_checking_names)
    app.connect("missing-reference", resolve_abbreviated_reference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
