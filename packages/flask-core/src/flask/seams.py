"""The extension points where the optional distributions plug into flask-core.

flask-core never imports an add-on module when ``flask`` is imported. Each
add-on is reached only at the moment a feature needs it:

* ``flask.json`` (flask-json) through :attr:`Flask.json_provider_class` and
  :attr:`Flask.json`, and the ``json_module`` of the request and response.
* ``flask.sessions`` (flask-sessions) through :attr:`Flask.session_interface`;
  without it, :class:`UnavailableSessionInterface` gives an empty read-only
  session.
* ``flask.signals`` (flask-signals) through :data:`signal_hub`, which that
  module fills in when it is imported. Until then no signal can have a
  receiver, so core skips sending with a single ``is None`` check.
* ``flask.testing`` (flask-testing) through ``Flask.test_client_class`` and
  ``Flask.test_cli_runner_class``.
* ``flask.cli`` (flask-cli) through the lazily created ``cli`` group of apps and
  blueprints.

Importing an add-on module that is not installed raises
:class:`MissingDistributionError`, which names the distribution to install.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
import threading
import typing as t
from types import ModuleType

if t.TYPE_CHECKING:
    from .app import Flask
    from .sansio.app import App
    from .wrappers import Request, Response

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


#: Names of the ``flask`` package that flask-core serves on first use (from
#: ``flask.__getattr__``), so that ``import flask`` loads neither Jinja nor
#: any add-on: name -> (module, attribute of it, or ``None`` for the module).
#: The submodules among them are attributes of ``flask`` after ``import
#: flask`` in Flask.
LAZY_PACKAGE_NAMES: dict[str, tuple[str, str | None]] = {
    "templating": ("flask.templating", None),
    "render_template": ("flask.templating", "render_template"),
    "render_template_string": ("flask.templating", "render_template_string"),
    "stream_template": ("flask.templating", "stream_template"),
    "stream_template_string": ("flask.templating", "stream_template_string"),
    "json": ("flask.json", None),
    "jsonify": ("flask.json", "jsonify"),
    "sessions": ("flask.sessions", None),
    "cli": ("flask.cli", None),
    "signals": ("flask.signals", None),
    **{
        name: ("flask.signals", name)
        for name in (
            "appcontext_popped",
            "appcontext_pushed",
            "appcontext_tearing_down",
            "before_render_template",
            "got_request_exception",
            "message_flashed",
            "request_finished",
            "request_started",
            "request_tearing_down",
            "template_rendered",
        )
    },
}


def distribution_for(module: str) -> str | None:
    """Return the distribution that provides ``module``, if it is an add-on."""
    return ADDON_MODULES.get(module)


def is_installed(module: str) -> bool:
    """Tell whether a module (an add-on of ``flask``, or a top-level one such
    as ``click``) can be imported, without importing it: its parent packages
    may get located, never executed."""
    if module in sys.modules:
        return True
    parent, _, _ = module.rpartition(".")
    search_path = _search_path(parent) if parent else None
    if parent and search_path is None:
        return False
    try:
        spec = importlib.machinery.PathFinder.find_spec(module, search_path)
    except (ImportError, ValueError):
        return False
    return spec is not None


def _search_path(package_name: str) -> list[str] | None:
    """The directories a package's submodules are looked for in, or ``None``
    when the package cannot be found."""
    package = sys.modules.get(package_name)
    if package is not None:
        return list(getattr(package, "__path__", []))
    grandparent, _, _ = package_name.rpartition(".")
    outer_path = _search_path(grandparent) if grandparent else None
    if grandparent and outer_path is None:
        return None
    try:
        spec = importlib.machinery.PathFinder.find_spec(package_name, outer_path)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.submodule_search_locations is None:
        return None
    return list(spec.submodule_search_locations)


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


def _being_imported(module: ModuleType) -> bool:
    """Whether ``module`` is in :data:`sys.modules` only because its import
    has started and not yet finished."""
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


class _MissingAddonFinder:
    """Last finder on ``sys.meta_path``: it turns the failed import of an add-on
    module into a :class:`MissingDistributionError` that names its distribution.

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


# -- signals ---------------------------------------------------------------


class SignalLike(t.Protocol):
    """What core needs of a signal: sending it."""

    def send(
        self, sender: t.Any, /, *, _async_wrapper: t.Any = None, **kwargs: t.Any
    ) -> t.Any: ...


class SignalHub(t.Protocol):
    """The signals core sends; ``flask.signals`` is such a hub."""

    template_rendered: SignalLike
    before_render_template: SignalLike
    request_started: SignalLike
    request_finished: SignalLike
    request_tearing_down: SignalLike
    got_request_exception: SignalLike
    appcontext_tearing_down: SignalLike
    appcontext_pushed: SignalLike
    appcontext_popped: SignalLike
    message_flashed: SignalLike


#: The signals to send, or ``None`` while ``flask.signals`` is not imported.
#: Core code reads it at every place a signal is due::
#:
#:     hub = seams.signal_hub
#:     if hub is not None:
#:         hub.request_started.send(app, _async_wrapper=app.ensure_sync)
signal_hub: SignalHub | None = None


def register_signal_hub(hub: SignalHub) -> None:
    """Called by ``flask.signals`` when it is imported."""
    global signal_hub
    signal_hub = hub


# -- sessions --------------------------------------------------------------


class UnavailableSession(dict[str, t.Any]):
    """The session when flask-sessions is not installed: empty, readable, and
    raising :class:`MissingDistributionError` on any change."""

    new = False
    modified = False
    accessed = False

    @property
    def permanent(self) -> bool:
        """Always ``False``: nothing is stored."""
        return False

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self._refuse()

    def _refuse(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise MissingDistributionError("flask-sessions", "Storing data in the session")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = update = setdefault = _refuse


class UnavailableSessionInterface:
    """Session interface used when flask-sessions is not installed."""

    null_session_class = UnavailableSession
    pickle_based = False

    def make_null_session(self, app: App) -> UnavailableSession:
        """Return an empty session that refuses writes."""
        return UnavailableSession()

    def is_null_session(self, obj: object) -> bool:
        """Every session of this interface is a null session."""
        return isinstance(obj, UnavailableSession)

    def open_session(self, app: App, request: Request) -> UnavailableSession:
        """Return an empty session that refuses writes."""
        return UnavailableSession()

    def save_session(self, app: App, session: t.Any, response: Response) -> None:
        """Nothing is ever stored."""

    def should_set_cookie(self, app: App, session: t.Any) -> bool:
        """No cookie is ever set."""
        return False


#: Session interface classes whose ``open_session`` depends only on the request
#: and the app's config and changes nothing. A request context opens the session
#: of an app using exactly one of these classes on first use rather than when
#: it is pushed (a request that never uses the session then costs nothing).
#: ``flask.sessions`` adds its ``SecureCookieSessionInterface`` when imported.
lazily_opened_session_interfaces: set[type] = {UnavailableSessionInterface}


def default_session_interface() -> t.Any:
    """The session interface an app uses unless it sets its own or its
    configuration selects another (see :func:`configured_session_interface`)."""
    if is_installed("flask.sessions"):
        from . import sessions  # type: ignore[attr-defined, unused-ignore]

        return sessions.SecureCookieSessionInterface()
    return UnavailableSessionInterface()


def configured_session_interface(app: Flask) -> t.Any | None:
    """The session interface ``app``'s configuration selects, or ``None`` for
    the default. flask-sessions decides (server-side sessions are chosen with
    ``SESSION_TYPE``); core knows nothing of the keys it reads."""
    if not is_installed("flask.sessions"):
        return None
    from . import sessions  # type: ignore[attr-defined, unused-ignore]

    return sessions.session_interface_for(app)


class app_session_interface:
    """The ``session_interface`` attribute of :class:`~flask.Flask` for as long
    as nobody assigns one (on the class, a subclass or an app).

    Read on the class, it is :func:`default_session_interface`, resolved once
    and shared. Read on an app, it is what
    :func:`configured_session_interface` returns for the app's configuration,
    or that shared default; the result is kept on the app, so the
    configuration is consulted once, at the first read (normally when the
    first request or test client session needs it).
    """

    def __init__(self) -> None:
        self._shared: t.Any = None
        self._name = "session_interface"
        # Two threads serving an app's first requests must end up with the
        # same interface (a store of sessions in memory, say), so choosing
        # it happens once, under this lock.
        self._choosing = threading.RLock()

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, app: Flask | None, owner: type | None = None) -> t.Any:
        with self._choosing:
            shared = self._shared
            if shared is None:
                shared = self._shared = default_session_interface()
            if app is None:
                return shared
            already = vars(app).get(self._name)
            if already is not None:
                return already
            chosen = configured_session_interface(app)
            interface = shared if chosen is None else chosen
            vars(app)[self._name] = interface
            return interface


# -- lazily resolved class attributes --------------------------------------

_T = t.TypeVar("_T")


class lazy_class_attribute(t.Generic[_T]):
    """A class attribute whose value is computed on first
    read and then stored on the class it was declared on.

    Subclasses and instances may override it with a plain assignment, as with
    any class attribute; until someone reads it, nothing is imported.
    """

    def __init__(self, factory: t.Callable[[], _T]) -> None:
        self._factory = factory
        self._name = ""
        self.__doc__ = factory.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._owner = owner
        self._name = name

    @t.overload
    def __get__(self, obj: None, objtype: type | None = None) -> _T: ...

    @t.overload
    def __get__(self, obj: object, objtype: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, objtype: type | None = None) -> _T:
        value = self._factory()
        setattr(self._owner, self._name, value)
        return value


# -- telling modular Flask's distributions apart ----------------------------

#: The entry-point group that every distribution of modular Flask declares in
#: its ``entry_points.txt``, under its own name. The real Flask and the
#: unrelated projects that share our names on the package index never declare
#: it; the compatibility wheel, a distribution named ``flask`` that carries
#: Flask's own version number, is told apart from the real Flask by it.
MARKER_GROUP = "modular_flask"

#: How modular Flask is installed, as every hint about installing says it: by
#: name under the constraints file of the wheelhouse that
#: ``scripts/wheelhouse.py`` builds, which pins each of our names to its wheel.
INSTALL_COMMAND = "python -m pip install -c wheelhouse/constraints.txt"


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


# -- mixed installs --------------------------------------------------------


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
