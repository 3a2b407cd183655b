"""The finder at the end of ``sys.meta_path`` that explains a failed import
of an add-on module by naming its distribution."""

from __future__ import annotations

import importlib.machinery
import sys
import typing as t
from types import ModuleType

from ._addons import ADDON_MODULES, MissingDistributionError, is_installed
from ._lazy_names import LAZY_PACKAGE_NAMES


class _MissingAddonFinder:
    """Last finder on ``sys.meta_path``: it turns the failed import of an add-on
    module into a :class:`~flask.seams.MissingDistributionError` that names
    its distribution.

    ``from flask import jsonify`` without flask-json also ends here: when
    ``flask`` has no such attribute, the import system tries the submodule
    ``flask.jsonify``, and the error then names flask-json rather than
    saying that the name cannot be imported.

    It is consulted only after every regular finder has failed to find the
    module, so it never hides an installed add-on. (A meta path finder only
    needs ``find_spec``; not deriving from ``importlib.abc.MetaPathFinder``
    keeps ``importlib.abc`` and what it imports out of ``import flask``.)
    """

    def invalidate_caches(self) -> None:
        """Nothing is cached here."""

    def find_spec(
        self,
        fullname: str,
        path: t.Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        distribution = ADDON_MODULES.get(fullname)
        if distribution is not None:
            raise MissingDistributionError(distribution, f"The module '{fullname}'")
        package, _, name = fullname.rpartition(".")
        served = LAZY_PACKAGE_NAMES.get(name) if package == "flask" else None
        if served is not None:
            module = served[0]
            distribution = ADDON_MODULES.get(module)
            if distribution is not None and not is_installed(module):
                raise MissingDistributionError(distribution, f"'{fullname}'")
        return None


_finder = _MissingAddonFinder()


def install_missing_addon_finder() -> None:
    """Put the finder that explains missing add-ons at the end of the import
    system's finders. Calling it again does nothing."""
    if not any(isinstance(f, _MissingAddonFinder) for f in sys.meta_path):
        sys.meta_path.append(_finder)
