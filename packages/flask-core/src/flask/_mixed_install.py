"""Telling modular Flask's installations apart from the real Flask's: the
mark every distribution of modular Flask carries, and the check at ``import
flask`` that no real Flask shares the ``flask`` package with it.

The public names are those of :mod:`flask.seams`.
"""

from __future__ import annotations

import os

from ._addons import INSTALL_COMMAND

#: The entry-point group that every distribution of modular Flask declares in
#: its ``entry_points.txt``, under its own name. The real Flask and the
#: unrelated projects that share our names on the package index never declare
#: it; the compatibility wheel, a distribution named ``flask`` that carries
#: Flask's own version number, is told apart from the real Flask by it.
MARKER_GROUP = "modular_flask"


def declares_marker(entry_points: str | None) -> bool:
    """Tell whether the text of a distribution's ``entry_points.txt``
    declares :data:`MARKER_GROUP`, the mark of modular Flask."""
    header = f"[{MARKER_GROUP}]"
    return any(line.strip() == header for line in (entry_points or "").splitlines())


def is_modular_record(record: str) -> bool:
    """Tell whether an installation record folder (``*.dist-info`` or
    ``*.egg-info``) belongs to a distribution of modular Flask."""
    try:
        path = os.path.join(record, "entry_points.txt")
        with open(path, encoding="utf-8") as entry_points:
            return declares_marker(entry_points.read())
    except (OSError, UnicodeDecodeError):
        return False


class MixedInstallError(ImportError):
    """The real Flask distribution is installed in the same environment as
    modular Flask: both write files under ``flask/``, so neither can be trusted.
    """

    def __init__(self, record: str, version: str) -> None:
        super().__init__(
            f"The real Flask distribution (flask {version}, recorded in"
            f" {record!r}) is installed in the same environment as modular"
            " Flask. Both write files into the 'flask' package and overwrite"
            " each other's. Repair the environment from modular Flask's"
            " checkout: run 'python -m pip uninstall flask', then"
            f" '{INSTALL_COMMAND} --force-reinstall --no-deps' followed by the"
            " modular Flask distributions you use (flask-full for all of them,"
            " and 'flask' for its compatibility wheel if you use Flask"
            " extensions); see 'Troubleshooting' in docs/installing.md."
        )
        self.record = record
        self.version = version


def _recorded_version(record: str) -> str | None:
    """The ``Version`` header of a ``.dist-info``/``.egg-info`` folder."""
    for filename in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(record, filename), encoding="utf-8") as headers:
                for line in headers:
                    if not line.strip():
                        break
                    key, _, value = line.partition(":")
                    if key.strip().lower() == "version":
                        return value.strip()
        except (OSError, UnicodeDecodeError):
            continue
    return None


def find_foreign_flask(package_dir: str) -> tuple[str, str] | None:
    """Look beside the ``flask`` package folder for the installation record of
    a distribution named ``flask`` that is not modular Flask's compatibility
    wheel (it lacks :data:`MARKER_GROUP`).

    Returns the record's path and version, or ``None``. It costs one listing
    of the folder holding ``package_dir``; only entries named
    ``flask-*.dist-info`` or ``flask-*.egg-info`` are opened.
    """
    site_dir = os.path.dirname(os.path.abspath(package_dir))
    try:
        listing = os.scandir(site_dir)
    except OSError:
        return None
    with listing:
        for entry in listing:
            stem, _, kind = entry.name.lower().rpartition(".")
            if kind not in ("dist-info", "egg-info") or not stem.startswith("flask-"):
                continue
            if not is_modular_record(entry.path):
                named_version = stem[len("flask-") :].split("-")[0]
                return entry.path, _recorded_version(entry.path) or named_version
    return None


def refuse_mixed_install(package_dir: str) -> None:
    """Raise :class:`MixedInstallError` when the real Flask distribution is
    installed beside the ``flask`` package in ``package_dir``."""
    found = find_foreign_flask(package_dir)
    if found is not None:
        raise MixedInstallError(*found)
