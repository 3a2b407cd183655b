"""Which distribution provides each add-on module of ``flask``, and the one
way core and the add-ons reach an add-on: :func:`require` it (or fail with
:class:`MissingDistributionError`, which names the distribution to
install), or take it if present with :func:`optional`.

The public names are those of :mod:`flask.seams`.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from types import ModuleType

#: Which distribution provides each optional module of the ``flask`` package.
ADDON_MODULES: dict[str, str] = {
    "flask.json": "flask-json",
    "flask.json.provider": "flask-json",
    "flask.json.tag": "flask-json",
    "flask.json.orjson": "flask-json",
    "flask.sessions": "flask-sessions",
    "flask.session_stores": "flask-sessions",
    "flask.session_stores.base": "flask-sessions",
    "flask.session_stores.interface": "flask-sessions",
    "flask.session_stores.memory_store": "flask-sessions",
    "flask.session_stores.redis_store": "flask-sessions",
    "flask.session_stores.sql_store": "flask-sessions",
    "flask.session_stores.config": "flask-sessions",
    "flask.session_stores.commands": "flask-sessions",
    "flask.signals": "flask-signals",
    "flask.cli": "flask-cli",
    "flask.__main__": "flask-cli",
    "flask.testing": "flask-testing",
}

#: How modular Flask is installed, as every hint about installing says it: by
#: name under the constraints file of the wheelhouse that
#: ``scripts/wheelhouse.py`` builds, which pins each of our names to its wheel.
INSTALL_COMMAND = "python -m pip install -c wheelhouse/constraints.txt"


class MissingDistributionError(ModuleNotFoundError):
    """A feature was used whose modular Flask distribution is not installed.

    It subclasses :exc:`ModuleNotFoundError`, so code that already guards an
    optional import with ``except ImportError`` keeps working.
    """

    def __init__(self, distribution: str, feature: str | None = None) -> None:
        what = feature or "This feature of Flask"
        message = (
            f"{what} is provided by the '{distribution}' distribution of modular"
            " Flask, which is not installed. Install it from modular Flask's"
            f" wheelhouse: '{INSTALL_COMMAND} {distribution}' (or flask-full for"
            " every distribution), run where 'python scripts/wheelhouse.py' built"
            " it. Never install it by name from the package index alone: the"
            " name there belongs to an unrelated project."
        )
        super().__init__(message)
        self.distribution = distribution
        self.feature = feature


class MissingDistributionAttributeError(AttributeError):
    """A name of the ``flask`` package was read (``flask.jsonify``,
    ``flask.sessions``) whose modular Flask distribution is not installed.

    Its message and ``distribution`` attribute are those of the
    :class:`MissingDistributionError` it is raised from (its ``__cause__``).
    Being an :exc:`AttributeError` (Python cannot make one exception both an
    ``ImportError`` and an ``AttributeError``), it makes ``hasattr(flask,
    name)`` false and ``getattr(flask, name, default)`` return the default,
    as for any absent attribute. ``from flask import name`` raises the
    :class:`MissingDistributionError` itself.
    """

    def __init__(self, error: MissingDistributionError, name: str) -> None:
        super().__init__(str(error), name=name)
        self.distribution = error.distribution
        self.feature = error.feature


def distribution_for(module: str) -> str | None:
    """Return the distribution that provides ``module``, if it is an add-on."""
    return ADDON_MODULES.get(module)


def is_installed(module: str) -> bool:
    """Tell whether a module (an add-on of ``flask``, or a top-level one such
    as ``click``) can be imported, without importing it: its parent packages
    may get located, never executed."""
    return module in sys.modules or _located(module) is not None


def _search_path(package_name: str) -> list[str] | None:
    """The directories a package's submodules are looked for in, or ``None``
    when the package cannot be found."""
    package = sys.modules.get(package_name)
    if package is not None:
        return list(getattr(package, "__path__", []))
    spec = _located(package_name)
    if spec is None or spec.submodule_search_locations is None:
        return None
    return list(spec.submodule_search_locations)


def _located(name: str) -> importlib.machinery.ModuleSpec | None:
    """What the path finder finds for the module ``name``, without importing
    it or its parent packages; ``None`` when it is nowhere."""
    parent, _, _ = name.rpartition(".")
    search_path = _search_path(parent) if parent else None
    if parent and search_path is None:
        return None
    try:
        return importlib.machinery.PathFinder.find_spec(name, search_path)
    except (ImportError, ValueError):
        return None


def require(module: str, feature: str | None = None) -> ModuleType:
    """Import an add-on module, or raise :class:`MissingDistributionError`.

    A module another thread is still importing is waited for (by the import
    system), never returned half initialised.
    """
    loaded = sys.modules.get(module)
    if loaded is not None and not _being_imported(loaded):
        return loaded
    distribution = ADDON_MODULES.get(module)
    if distribution is not None and not is_installed(module):
        raise MissingDistributionError(distribution, feature)
    return importlib.import_module(module)


def optional(module: str) -> ModuleType | None:
    """Import an add-on module if its distribution is installed, else return
    ``None``: for features that work without it."""
    return require(module) if is_installed(module) else None


def _being_imported(module: ModuleType) -> bool:
    """Whether ``module`` is in :data:`sys.modules` only because its import
    has started and not yet finished."""
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))
