"""flask-testing's speed shortcut: the installed version of a project (for
the test client's ``User-Agent``) read without :mod:`importlib.metadata`.

A :class:`~flask.testing.FlaskClient` announces itself as
``Werkzeug/<version>``, the version :func:`importlib.metadata.version`
reports (the reference). Importing :mod:`importlib.metadata` (with
``zipfile``, ``csv``, ``pathlib`` and ``email``) costs a test suite's first
client several times what its first request costs. :func:`installed_version`
finds the same installation record the same way, in the layouts where that
takes a directory listing per entry of :data:`sys.path` and one small file:

* no finder on :data:`sys.meta_path` but Python's path finder can report
  distributions;
* the entries of :data:`sys.path` up to the one holding the project's record
  are directories (or do not exist), none of them an ``.egg``;
* that entry holds exactly one record of the project, a ``.dist-info``
  folder whose ``METADATA`` starts with plain header lines, one of them a
  plain ``Version``.

Anything else, a missing project included, is left to
:func:`importlib.metadata.version`, as is everything when
``MODULAR_FLASK_NO_SPEEDUPS`` is set (see :data:`ENABLED`).
"""

from __future__ import annotations

import os
import re
import sys
import typing as t
from importlib.machinery import PathFinder

from flask._speedups import ENABLED

#: A header line of an installation record: a name, a colon, a value.
_HEADER = re.compile(r"[\x21-\x39\x3b-\x7e]+:")

#: A version as installers write it; anything else is left to the reference.
_PLAIN_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.!+_-]*")


def installed_version(project: str) -> str:
    """``importlib.metadata.version(project)``, found without importing
    :mod:`importlib.metadata` where that gives the same answer."""
    found = read_version(project) if ENABLED else None
    if found is None:
        import importlib.metadata

        return importlib.metadata.version(project)
    return found


def read_version(project: str) -> str | None:
    """The version of ``project`` from its installation record, or ``None``
    when the layout is not one this module reads (see above)."""
    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            return None
    wanted = _normalized(project)
    # (Entries that are no strings are left to the reference.)
    for entry in t.cast("list[object]", sys.path):
        if not isinstance(entry, str):
            return None
        records = _records_in(entry, wanted)
        if records is None:
            return None
        if records:
            if len(records) != 1 or not records[0].lower().endswith(".dist-info"):
                return None
            return _version_in(os.path.join(entry or ".", records[0], "METADATA"))
    return None


def _normalized(name: str) -> str:
    """A project name as installation records are matched to it."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _records_in(entry: str, wanted: str) -> list[str] | None:
    """The names of the installation records of the project ``wanted`` in
    the directory ``entry`` (in listing order), or ``None`` for an entry
    this module does not read."""
    if os.path.basename(entry).lower().endswith(".egg"):
        return None
    try:
        children = os.listdir(entry or ".")
    except OSError:
        # A missing entry holds nothing; anything else (a zip file, an
        # unreadable folder) is left to the reference.
        return None if os.path.exists(entry or ".") else []
    records = []
    for child in children:
        lowered = child.lower()
        if lowered.endswith((".dist-info", ".egg-info")):
            name = lowered.rpartition(".")[0].partition("-")[0]
            if _normalized(name) == wanted:
                records.append(child)
    return records


def _version_in(metadata_path: str) -> str | None:
    """The ``Version`` header of a ``METADATA`` file, or ``None`` unless its
    headers are plain lines and the version is written plainly."""
    try:
        with open(metadata_path, encoding="utf-8") as metadata:
            text = metadata.read()
    except (OSError, UnicodeDecodeError):
        return None
    # (Read as text, the lines end in "\n" whatever they ended in.)
    lines = text.partition("\n\n")[0].split("\n")
    for number, line in enumerate(lines):
        if line[:1] in (" ", "\t"):
            if number == 0:
                return None
            continue
        if not _HEADER.match(line):
            return None
        name, _, value = line.partition(":")
        if name.lower() == "version":
            folded = number + 1 < len(lines) and lines[number + 1][:1] in (" ", "\t")
            value = value.lstrip(" \t")
            if folded or not _PLAIN_VERSION.fullmatch(value):
                return None
            return value
    return None
