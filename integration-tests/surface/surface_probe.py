"""Describe the public surface of the ``flask`` this interpreter imports.

usage: python -I surface_probe.py WANTED.json

WANTED.json lists ``{"modules": {module: [names]}, "classes": {qualname:
[members]}}``. The probe prints, as JSON, what it finds for each: its kind and,
for callables, its parameters as ``[name, kind, default]`` (annotations are
left out; defaults that are bare ``object()`` sentinels read ``<sentinel>``, and object
addresses are dropped from the other defaults).
Class members are looked up on the class, then on an instance for the classes
that are easy to build, since some attributes are set in ``__init__``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
import typing as t

MISSING: dict[str, t.Any] = {"kind": "missing"}


def parameters(value: object) -> list[list[str]] | None:
    """The parameters of a callable, or ``None`` if it has no signature."""
    try:
        signature = inspect.signature(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    found = []
    for parameter in signature.parameters.values():
        default = (
            "" if parameter.default is parameter.empty else repr(parameter.default)
        )
        default = re.sub(r"<object object at 0x[0-9a-f]+>", "<sentinel>", default)
        default = re.sub(r" at 0x[0-9a-f]+>", ">", default)
        found.append([parameter.name, parameter.kind.name, default])
    return found


def describe(value: object) -> dict[str, t.Any]:
    """Kind and (for callables) parameters of one public object."""
    if type(value).__name__ == "LocalProxy":  # current_app, request, ...
        return {"kind": "proxy"}
    if inspect.isclass(value):
        kind = "class"
    elif inspect.ismodule(value):
        kind = "module"
    elif callable(value):
        kind = "callable"
    else:
        kind = "object"
    found: dict[str, t.Any] = {"kind": kind}
    if kind in ("class", "callable"):
        found["params"] = parameters(value)
    return found


def instances() -> dict[str, object]:
    """Instances of the classes whose attributes are set in ``__init__``."""
    import flask
    import flask.templating

    app = flask.Flask("surface_probe")
    made: dict[str, object] = {
        "flask.app.Flask": app,
        "flask.sansio.app.App": app,
        "flask.blueprints.Blueprint": flask.Blueprint("probe", "surface_probe"),
        "flask.config.Config": flask.Config("."),
    }
    made["flask.sansio.blueprints.Blueprint"] = made["flask.blueprints.Blueprint"]
    made["flask.sansio.scaffold.Scaffold"] = made["flask.blueprints.Blueprint"]
    made["flask.ctx.AppContext"] = app.app_context()
    made["flask.ctx.RequestContext"] = app.test_request_context()
    made["flask.sansio.blueprints.BlueprintSetupState"] = (
        flask.blueprints.BlueprintSetupState(
            flask.Blueprint("state", "surface_probe"), app, {}, True
        )
    )
    made["flask.templating.DispatchingJinjaLoader"] = (
        flask.templating.DispatchingJinjaLoader(app)
    )
    made["flask.templating.Environment"] = flask.templating.Environment(app)
    import flask.cli
    import flask.testing

    made["flask.cli.ScriptInfo"] = flask.cli.ScriptInfo()
    made["flask.cli.FlaskGroup"] = flask.cli.FlaskGroup()
    made["flask.testing.EnvironBuilder"] = flask.testing.EnvironBuilder(app)
    made["flask.testing.FlaskCliRunner"] = flask.testing.FlaskCliRunner(app)
    made["flask.testing.FlaskClient"] = app.test_client()
    return made


def probe_class(
    qualname: str, members: list[str], made: dict[str, object]
) -> dict[str, t.Any]:
    """Each wanted member of one class."""
    module_name, _, class_name = qualname.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return dict.fromkeys(members, MISSING)
    found: dict[str, dict[str, t.Any]] = {}
    for member in members:
        if hasattr(cls, member):
            static = inspect.getattr_static(cls, member)
            if isinstance(static, staticmethod | classmethod) or inspect.isfunction(
                static
            ):
                found[member] = {
                    "kind": "method",
                    "params": parameters(getattr(cls, member)),
                }
            else:
                found[member] = {"kind": "attribute"}
        elif qualname in made and hasattr(made[qualname], member):
            found[member] = {"kind": "instance attribute"}
        else:
            found[member] = MISSING
    return found


def main(wanted_path: str) -> None:
    """Print what was found for every wanted name and member."""
    with open(wanted_path, encoding="utf-8") as handle:
        wanted = json.load(handle)
    modules: dict[str, dict[str, t.Any]] = {}
    for module_name, names in wanted["modules"].items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            modules[module_name] = dict.fromkeys(names, MISSING)
            continue
        modules[module_name] = {
            n: describe(inspect.getattr_static(module, n))
            if hasattr(module, n) and n in vars(module)
            else describe(getattr(module, n))
            if hasattr(module, n)
            else MISSING
            for n in names
        }
    made = instances()
    classes = {q: probe_class(q, m, made) for q, m in wanted["classes"].items()}
    print(json.dumps({"modules": modules, "classes": classes}, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
