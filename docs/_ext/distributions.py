"""A Sphinx extension that documents modular Flask's distributions and modules.

``.. module-reference:: flask.json.tag`` emits the ``automodule`` block of one
module, completed with the entries described below; the API reference has one
page per module, and the build warns (an error under ``-W``) when a public
module of any distribution has no such page.

``.. distribution-summary:: flask-json`` shows what one distribution is, read
from its ``pyproject.toml`` and its ``src/flask`` folder as they are on disk:
version, requirements, the files it installs, its modules (linked to their
reference pages) and the commands that install it from the source tree.

``automodule`` documents the classes and functions a module defines and the
variables that carry a ``#:`` comment. Flask's public API has names of other
kinds too: context proxies, click command objects, type aliases, names that
``flask`` re-exports from its submodules (some served lazily by its module
``__getattr__``). The directive adds an entry for each of those that
``automodule`` would leave out, so that every public name has one.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import types
import typing as t
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer, PycodeError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

if sys.version_info >= (3, 11):
    import tomllib
else:  # Sphinx depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "packages"

logger = logging.getLogger(__name__)

#: Modules that must not be imported while documenting (running them acts).
SKIPPED = {"flask.__main__"}

#: Public names ``automodule`` cannot describe from the code, with the text
#: to show for each: module -> name -> description.
DESCRIBED: dict[str, dict[str, str]] = {
    "flask.globals": {
        "current_app": "Proxy to the application of the active app context.",
        "g": (
            "Proxy to the active app context's namespace object"
            " (:class:`flask.ctx._AppCtxGlobals`), for data shared during"
            " one request or CLI command."
        ),
        "request": "Proxy to the :class:`~flask.Request` of the active request context.",
        "session": "Proxy to the session of the active request context.",
        "app_ctx": "Proxy to the active :class:`~flask.ctx.AppContext` itself.",
        "request_ctx": "Proxy to the active :class:`~flask.ctx.RequestContext` itself.",
    },
    "flask.cli": {
        "cli": "The ``flask`` command: a :class:`FlaskGroup` (``flask.cli:main`` runs it).",
        "pass_script_info": (
            "Decorator for command callbacks: passes the run's"
            " :class:`ScriptInfo` as the first argument."
        ),
        "run_command": "The ``flask run`` command (a :class:`click.Command`).",
        "shell_command": "The ``flask shell`` command (a :class:`click.Command`).",
        "routes_command": "The ``flask routes`` command (a :class:`click.Command`).",
        "version_option": (
            "The eager ``--version`` :class:`click.Option` of :class:`FlaskGroup`;"
            " its callback is :func:`get_version`."
        ),
    },
    "flask.logging": {
        "default_handler": (
            "The :class:`logging.StreamHandler` added to ``app.logger`` when no"
            " handler is configured for it; it writes to"
            " :data:`wsgi_errors_stream`."
        ),
        "wsgi_errors_stream": (
            "The WSGI server's error stream (``environ['wsgi.errors']``) during"
            " a request, :data:`sys.stderr` otherwise."
        ),
    },
    "flask.typing": {
        "AfterRequestCallable": (
            "An ``after_request`` function: takes the response, returns a"
            " response (may be a coroutine function)."
        ),
        "BeforeFirstRequestCallable": "A function called without arguments, returning nothing.",
        "BeforeRequestCallable": (
            "A ``before_request`` function: returns ``None`` to continue, or a"
            " response value to end the request early."
        ),
        "ShellContextProcessorCallable": (
            "A ``shell_context_processor`` function: returns names for ``flask shell``."
        ),
        "TeardownCallable": (
            "A teardown function: receives the unhandled exception, or ``None``."
        ),
        "TemplateContextProcessorCallable": (
            "A ``context_processor`` function: returns names for every template."
        ),
        "TemplateFilterCallable": "A Jinja filter registered on the app or a blueprint.",
        "TemplateGlobalCallable": "A Jinja global function registered on the app or a blueprint.",
        "TemplateTestCallable": "A Jinja test registered on the app or a blueprint; returns a bool.",
        "URLDefaultCallable": (
            "A ``url_defaults`` function: receives the endpoint and the values"
            " dict, which it may fill in."
        ),
        "URLValuePreprocessorCallable": (
            "A ``url_value_preprocessor`` function: receives the endpoint and"
            " the matched values, which it may change."
        ),
    },
}

#: Instance attributes set in ``__init__`` without a ``#:`` comment, which
#: autodoc cannot see: module -> "Class.attribute" -> description.
INSTANCE_ATTRIBUTES: dict[str, dict[str, str]] = {
    "flask.cli": {
        "FlaskGroup.create_app": "The app factory given to the group, or ``None``.",
        "FlaskGroup.load_dotenv": "Whether ``.env`` and ``.flaskenv`` files are loaded.",
        "FlaskGroup.set_debug_flag": "Whether ``--debug`` sets the app's debug flag.",
    },
    "flask.ctx": {
        "AppContext.app": "The application this context belongs to.",
        "AppContext.g": "The context's namespace object, reached as :data:`flask.g`.",
        "AppContext.url_adapter": "The URL adapter bound for building URLs without a request.",
        "RequestContext.app": "The application handling the request.",
        "RequestContext.flashes": "Flashed messages already read in this request, or ``None``.",
        "RequestContext.request": "The request object, reached as :data:`flask.request`.",
        "RequestContext.url_adapter": "The URL adapter bound to the request's environ.",
    },
    "flask.session_stores.interface": {
        "ServerSideSessionInterface.store": "The store that keeps the session records.",
        "ServerSideSessionInterface.permanent": (
            "Whether sessions are permanent unless ``session.permanent`` says"
            " otherwise (``SESSION_PERMANENT``)."
        ),
        "ServerSideSessionInterface.id_length": (
            "Bytes of randomness in a new session id (``SESSION_ID_LENGTH``)."
        ),
    },
    "flask.session_stores.redis_store": {
        "RedisStore.client": "The redis-py client the store talks to.",
        "RedisStore.key_prefix": (
            "Put before each session id to make its Redis key (``SESSION_KEY_PREFIX``)."
        ),
    },
    "flask.session_stores.sql_store": {
        "SQLStore.engine": "The SQLAlchemy engine the store uses.",
        "SQLStore.metadata": "The SQLAlchemy metadata holding the two tables.",
    },
    "flask.templating": {
        "DispatchingJinjaLoader.app": "The application whose loaders are searched.",
        "Environment.app": "The application the environment belongs to.",
    },
    "flask.testing": {
        "EnvironBuilder.app": "The application the environ is built for.",
        "FlaskCliRunner.app": "The application whose commands are invoked.",
    },
}

#: Classes that are API although their names start with an underscore.
PRIVATE_LOOKING_CLASSES: dict[str, list[str]] = {
    "flask.ctx": ["_AppCtxGlobals"],
}

#: Names a module re-exports from another module: module -> name -> target.
REEXPORTED: dict[str, dict[str, str]] = {
    "flask.blueprints": {
        "BlueprintSetupState": "flask.sansio.blueprints.BlueprintSetupState",
    },
}


def modules_of(distribution: str) -> list[str]:
    """The importable modules a distribution's source tree provides."""
    src = PACKAGES / distribution / "src"
    found = []
    for path in sorted(src.rglob("*.py")):
        relative = path.relative_to(src).with_suffix("")
        parts = list(relative.parts)
        if any(p.startswith(".") or p == "__pycache__" for p in parts):
            continue
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if name in SKIPPED or any(p.startswith("_") for p in parts):
            continue
        found.append(name)
    return found


def documented_by_automodule(module_name: str) -> set[str]:
    """The names ``automodule`` with ``:members:`` documents for a module:
    public classes and functions defined there with a docstring, and
    variables and attributes with a ``#:`` comment (``Class.attribute``)."""
    module = importlib.import_module(module_name)
    try:
        attr_docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
    except PycodeError:
        attr_docs = {}
    commented = {f"{scope}.{name}" if scope else name for scope, name in attr_docs}
    defined = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", None) == module_name
        and value.__doc__
    }
    return commented | defined


def _role_for(value: object) -> tuple[str, str]:
    """The Python domain directive and role that fit an object."""
    if inspect.isclass(value):
        return "class", "class"
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return "function", "func"
    return "data", "data"


def flask_package_names() -> list[tuple[str, str, object]]:
    """The names ``flask`` offers from its submodules: (name, target, value).

    Eager imports are found in the package's namespace; the lazily served
    ones come from ``flask.seams.LAZY_PACKAGE_NAMES``. The submodules served
    there (``json``, ``cli``, ...) are left out: each is documented as a
    module.
    """
    flask = importlib.import_module("flask")
    found: list[tuple[str, str, object]] = []
    for name, value in sorted(vars(flask).items()):
        if name.startswith("_") or inspect.ismodule(value):
            continue
        if type(value).__module__ == "__future__":
            continue  # ``from __future__ import annotations``
        if inspect.isclass(value) or inspect.isfunction(value):
            target = f"{value.__module__}.{value.__qualname__}"
        else:
            home = importlib.import_module("flask.globals")
            if getattr(home, name, None) is not value:
                continue  # a constant of the package itself
            target = f"flask.globals.{name}"
        found.append((name, target, value))
    lazy: dict[str, tuple[str, str | None]] = flask.seams.LAZY_PACKAGE_NAMES
    for name, (module_name, attribute) in sorted(lazy.items()):
        if attribute is None:
            continue
        value = getattr(importlib.import_module(module_name), attribute)
        found.append((name, f"{module_name}.{attribute}", value))
    return sorted(found)


def reexport_lines(module_name: str, names: list[tuple[str, str, object]]) -> list[str]:
    """One short entry per re-exported name, pointing at its documentation."""
    lines = [".. rubric:: Names re-exported here", ""]
    for name, target, value in names:
        directive, role = _role_for(value)
        lines += [
            f".. py:{directive}:: {name}",
            "   :no-index-entry:",
            "",
            f"   The same object as :py:{role}:`{target}`.",
            "",
        ]
    return lines


def supplement_lines(module_name: str) -> list[str]:
    """Entries for the public names of ``module_name`` that automodule skips."""
    lines: list[str] = []
    documented = documented_by_automodule(module_name)
    described = {
        name: text
        for name, text in DESCRIBED.get(module_name, {}).items()
        if name not in documented
    }
    if described:
        lines += [".. rubric:: Other public names", ""]
        for name, text in described.items():
            lines += [f".. py:data:: {name}", "", f"   {text}", ""]
    attributes = {
        name: text
        for name, text in INSTANCE_ATTRIBUTES.get(module_name, {}).items()
        if name not in documented
    }
    if attributes:
        lines += [".. rubric:: Instance attributes", ""]
        for name, text in attributes.items():
            lines += [f".. py:attribute:: {name}", "", f"   {text}", ""]
    for class_name in PRIVATE_LOOKING_CLASSES.get(module_name, []):
        lines += [
            f".. autoclass:: {class_name}",
            "   :members:",
            "   :special-members: __contains__, __iter__",
            "",
        ]
    reexported = REEXPORTED.get(module_name, {})
    if module_name == "flask":
        names = flask_package_names()
    else:
        names = [
            (name, target, getattr(importlib.import_module(module_name), name))
            for name, target in reexported.items()
        ]
    if names:
        lines += reexport_lines(module_name, names)
    return lines


#: How the source of :mod:`flask.typing` is rewritten for display: module
#: abbreviations dropped, forward references (strings) given their full names.
ALIAS_SPELLING = {
    "t.": "",
    "cabc.": "",
    '"Response"': "flask.wrappers.Response",
    '"Headers"': "werkzeug.datastructures.Headers",
    '"WSGIApplication"': "wsgiref.types.WSGIApplication",
    "[ ": "[",
    ", ]": "]",
}


def typing_lines(module_name: str) -> list[str]:
    """Entries for :mod:`flask.typing`: each alias as a ``py:type`` with the
    value it stands for, so that annotations elsewhere link to it by name."""
    module = importlib.import_module(module_name)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    try:
        attr_docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
    except PycodeError:
        attr_docs = {}
    lines: list[str] = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign) or not isinstance(
            node.targets[0], ast.Name
        ):
            continue
        name = node.targets[0].id
        if name.startswith("_"):
            continue
        value = " ".join((ast.get_source_segment(source, node.value) or "").split())
        for written, shown in ALIAS_SPELLING.items():
            value = value.replace(written, shown)
        text = " ".join(attr_docs.get(("", name), [])).strip()
        text = text or DESCRIBED.get(module_name, {}).get(name, "")
        lines += [
            f".. py:type:: {name}",
            f"   :canonical: {value}",
            "",
            f"   {text}",
            "",
        ]
    return lines


def module_lines(module_name: str) -> list[str]:
    """The reStructuredText that documents one module."""
    if module_name == "flask.typing":
        return [
            f".. automodule:: {module_name}",
            "   :no-members:",
            "",
            *typing_lines(module_name),
        ]
    return [f".. automodule:: {module_name}", "", *supplement_lines(module_name)]


def _parse(
    directive: SphinxDirective, lines: list[str], source: str
) -> list[nodes.Node]:
    """Parse generated reStructuredText in the directive's place."""
    container = nodes.section()
    container.document = directive.state.document
    nested_parse_with_titles(
        directive.state,
        StringList(lines, source=source),
        container,
        directive.content_offset,
    )
    return list(container.children)


class ModuleReference(SphinxDirective):
    """Document one module of the ``flask`` package."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Generate and parse the module's entries."""
        module_name = self.arguments[0]
        return _parse(self, module_lines(module_name), f"<{module_name}>")


def pyproject(distribution: str) -> dict[str, t.Any]:
    """The parsed ``pyproject.toml`` of a distribution in ``packages/``."""
    with (PACKAGES / distribution / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def public_modules() -> dict[str, str]:
    """Every public module of every distribution: module -> distribution."""
    return {
        module: folder.name
        for folder in sorted(PACKAGES.iterdir())
        if (folder / "src").is_dir()
        for module in modules_of(folder.name)
    }


def install_commands(distribution: str) -> list[str]:
    """The commands that install a distribution from a checkout: build the
    wheelhouse, then install by name under its constraints (ours come from
    the wheelhouse, the third-party requirements from the index)."""
    return [
        "$ python scripts/wheelhouse.py",
        f"$ python -m pip install -c wheelhouse/constraints.txt {distribution}",
    ]


def installed_files(distribution: str) -> list[str]:
    """The files of ``flask`` a distribution's wheel installs."""
    src = PACKAGES / distribution / "src"
    wheel = pyproject(distribution)["tool"]["hatch"]["build"]["targets"]["wheel"]
    selected = wheel.get("only-include")
    if selected is None:
        roots = [src / "flask"] if (src / "flask").is_dir() else []
    else:
        roots = [PACKAGES / distribution / entry for entry in selected]
    found = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        found += [
            p.relative_to(src).as_posix()
            for p in paths
            if p.is_file() and "__pycache__" not in p.parts
        ]
    return found


def summary_lines(distribution: str) -> list[str]:
    """The facts of one distribution, as a field list and an install block."""
    project = pyproject(distribution)["project"]
    requires = ", ".join(f"``{r}``" for r in project.get("dependencies", ()))
    extras = "; ".join(
        f"``{extra}``: " + ", ".join(f"``{r}``" for r in reqs)
        for extra, reqs in project.get("optional-dependencies", {}).items()
    )
    files = ", ".join(f"``{f}``" for f in installed_files(distribution)) or (
        "no file (it only brings the others)"
    )
    modules = ", ".join(f":mod:`{m}`" for m in modules_of(distribution)) or "none"
    lines = [
        f":Version: {project['version']}",
        f":Summary: {project['description']}",
        f":Requires: {requires or 'nothing'}",
    ]
    if extras:
        lines.append(f":Extras: {extras}")
    lines += [f":Installs: {files}", f":Modules: {modules}", ""]
    lines += [
        "From a checkout of the repository (:doc:`/installing` explains these",
        "commands, wheels and editable installs):",
        "",
        ".. code-block:: console",
        "",
        *(f"   {command}" for command in install_commands(distribution)),
        "",
    ]
    return lines


class DistributionSummary(SphinxDirective):
    """Show one distribution's version, requirements, files and install commands."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Generate and parse the summary."""
        distribution = self.arguments[0]
        return _parse(self, summary_lines(distribution), f"<{distribution} summary>")


def check_every_module_has_a_page(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about public modules that no ``module-reference`` documents."""
    documented = env.get_domain("py").data["modules"]
    for module, distribution in sorted(public_modules().items()):
        if module not in documented:
            logger.warning(
                "module %s (%s) has no page in the API reference", module, distribution
            )


def skip_alias_of_private_helper(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: t.Any
) -> bool | None:
    """Leave out the ``dict`` methods that the session classes replace with
    one private helper (``clear = pop = _refuse``) or wrap, directly or
    through another wrapper (``SecureCookieSession.get`` records reads,
    ``ServerSideSession.get`` loads first), or override without a docstring
    of their own: each would be shown with the docstring of the builtin
    method, which describes a plain ``dict``."""
    if type(obj) is not types.FunctionType:  # not isinstance: obj may be a proxy
        return None
    innermost = inspect.unwrap(obj)
    if innermost is not obj and not isinstance(innermost, types.FunctionType):
        return True  # wraps a builtin method, whose doc is Python's
    helper_name = obj.__name__
    if helper_name.startswith("_") and helper_name != name and hasattr(dict, name):
        return True  # a session class refusing a dict method
    if not obj.__doc__ and hasattr(dict, name):
        return True  # autodoc would borrow the builtin method's docstring
    return None


def setup(app: Sphinx) -> dict[str, t.Any]:
    """Register the directives and the checks."""
    app.add_directive("module-reference", ModuleReference)
    app.add_directive("distribution-summary", DistributionSummary)
    app.connect("env-check-consistency", check_every_module_has_a_page)
    app.connect("autodoc-skip-member", skip_alias_of_private_helper)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
