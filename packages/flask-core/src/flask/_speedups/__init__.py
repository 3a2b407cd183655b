"""Speed shortcuts, the switch that turns them all off, and the two checks
every shortcut relies on.

A shortcut stands in for a general path of Werkzeug, Jinja, itsdangerous,
the standard library or Flask itself (its *reference*, which stays beside it
in the code that calls it) and gives exactly the reference's result for the
cases it accepts; anything else goes the reference way. flask-core's
shortcuts live in this package, one module per area:

* :mod:`~flask._speedups.adapters`: URL map bindings reused per host, static
  URL matches remembered;
* :mod:`~flask._speedups.matcher`: the walk through Werkzeug's URL state
  machine;
* :mod:`~flask._speedups.responses`: building plain responses and sending
  them to the WSGI server;
* :mod:`~flask._speedups.error_pages`: HTTP errors turned into responses;
* :mod:`~flask._speedups.templates`: attribute reads and calls of compiled
  templates;
* :mod:`~flask._speedups.dispatch`: hook scopes by endpoint, plain functions
  in ``ensure_sync``;
* :mod:`~flask._speedups.rendering`: rendering a template with its globals
  merged at once, escaping ``str`` and ``int`` directly;
* :mod:`~flask._speedups.forms`: URL-encoded bodies without escapes split
  with string methods;
* :mod:`~flask._speedups.rule_builders`: URL builders of new rules compiled
  on first use.

The add-ons keep theirs in their own files and follow the same switch:
``flask/json/_speedups.py`` (flask-json) and ``flask/_session_speedups.py``
(flask-sessions).

The switch is the environment variable ``MODULAR_FLASK_NO_SPEEDUPS``, read
once, when ``flask`` is imported: set to anything but an empty string or
``0``, it makes :data:`ENABLED` false, and every request then takes the
reference paths. The test suites run both ways, which is how each shortcut
is checked against its reference.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import typing as t

#: The environment variable that turns every shortcut off.
SWITCH = "MODULAR_FLASK_NO_SPEEDUPS"

#: Whether the shortcuts are taken: ``True`` unless :data:`SWITCH` was set
#: (to anything but ``""`` or ``"0"``) when ``flask`` was imported.
ENABLED: bool = os.environ.get(SWITCH, "") in ("", "0")

#: The releases whose internals the shortcuts were written and tested
#: against: project -> ``major.minor``. A shortcut that reaches into one of
#: these projects is only taken with such a release installed.
VERIFIED_RELEASES: dict[str, str] = {
    "werkzeug": "3.1",
    "jinja2": "3.1",
    "markupsafe": "3.0",
    "itsdangerous": "2.2",
}


@functools.cache
def verified(project: str) -> bool:
    """Whether the installed ``project`` (an imported top-level package) is
    one of the :data:`VERIFIED_RELEASES`. Worked out once per project."""
    release = VERIFIED_RELEASES.get(project)
    version = _installed_version(project)
    return (
        release is not None
        and version is not None
        and re.match(rf"{re.escape(release)}(\.|$)", version) is not None
    )


def _installed_version(project: str) -> str | None:
    """The version in ``project``'s installation record, the
    ``<project>-<version>.dist-info`` folder beside its package, read from
    the folder's name (:mod:`importlib.metadata` costs more to import than
    a whole first request)."""
    module = sys.modules.get(project) or __import__(project)
    package_file: str | None = getattr(module, "__file__", None)
    if package_file is None:
        return None
    site_dir = os.path.dirname(os.path.dirname(os.path.abspath(package_file)))
    try:
        names = os.listdir(site_dir)
    except OSError:
        return None
    prefix = f"{project.lower()}-"
    for name in names:
        lowered = name.lower()
        if lowered.startswith(prefix) and lowered.endswith(".dist-info"):
            return lowered[len(prefix) : -len(".dist-info")]
    return None


#: The most verdicts of :class:`InheritedUnchanged` checks remembered, all
#: checks together (one verdict per check and class); the least recently used
#: is forgotten first.
MAX_REMEMBERED_VERDICTS = 256

_ABSENT = object()


class InheritedUnchanged:
    """A check telling whether a class inherits some attributes (methods,
    properties, class attributes) of a reference class unchanged, so that a
    shortcut standing in for what those attributes do may be taken for its
    instances.

    A class is accepted when it is the reference or a subclass of it that
    resolves each name to the very object the reference resolves it to (or
    lacks it, as the reference does), and that puts no class of its own
    behind the reference in its method resolution order. With ``project``,
    a class is only accepted while that project is one of the
    :data:`VERIFIED_RELEASES`.

    Verdicts are remembered in one cache shared by every check, bounded by
    :data:`MAX_REMEMBERED_VERDICTS`; classes are not expected to change once
    their instances are in use (:func:`forget_verdicts` starts afresh).
    """

    __slots__ = ("reference", "names", "project")

    def __init__(
        self, reference: type, names: t.Iterable[str], project: str | None = None
    ) -> None:
        self.reference = reference
        self.names = tuple(names)
        self.project = project

    def __repr__(self) -> str:
        return f"InheritedUnchanged({self.reference.__qualname__}, {self.names!r})"

    def accepts(self, cls: type) -> bool:
        """The verdict for ``cls``."""
        return _verdict(self, cls)

    def judge(self, cls: type) -> bool:
        """The verdict for ``cls``, worked out afresh."""
        reference = self.reference
        mro = cls.__mro__
        if reference not in mro or mro[mro.index(reference) :] != reference.__mro__:
            return False
        if self.project is not None and not verified(self.project):
            return False
        return all(
            getattr(cls, name, _ABSENT) is getattr(reference, name, _ABSENT)
            for name in self.names
        )


@functools.lru_cache(maxsize=MAX_REMEMBERED_VERDICTS)
def _verdict(check: InheritedUnchanged, cls: type) -> bool:
    """The remembered verdicts of every check."""
    return check.judge(cls)


def forget_verdicts() -> None:
    """Forget every remembered verdict and installed version (for classes or
    installations changed after use)."""
    _verdict.cache_clear()
    verified.cache_clear()
