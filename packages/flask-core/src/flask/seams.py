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

This module is the one public face of those extension points: each job
lives in a private module of flask-core (which distribution provides what
and reaching it, the finder that explains a missing add-on, the names
resolved on first use, the app's session interface and the stand-in used
without flask-sessions, the request's lazily opened session, telling
modular Flask's installations from the real Flask's), and the names are
offered, documented and shown in tracebacks here. Only the signal hub lives
here itself: :data:`signal_hub` is the slot that flask-signals (and tests)
set and that core reads at every signal.
"""

from __future__ import annotations

import typing as t

from . import _addons, _lazy_names, _mixed_install, _request_session
from ._addon_finder import _MissingAddonFinder as _MissingAddonFinder
from ._addon_finder import install_missing_addon_finder
from ._addons import (
    MissingDistributionAttributeError,
    MissingDistributionError,
    distribution_for,
    is_installed,
    optional,
    require,
)
from ._lazy_names import lazy_class_attribute
from ._mixed_install import (
    MixedInstallError,
    declares_marker,
    find_foreign_flask,
    is_modular_record,
    refuse_mixed_install,
)
from ._session_interfaces import (
    UnavailableSession,
    UnavailableSessionInterface,
    app_session_interface,
    configured_session_interface,
    default_session_interface,
)

__all__ = [
    "ADDON_MODULES",
    "INSTALL_COMMAND",
    "LAZY_PACKAGE_NAMES",
    "MARKER_GROUP",
    "MissingDistributionAttributeError",
    "MissingDistributionError",
    "MixedInstallError",
    "SignalHub",
    "SignalLike",
    "UnavailableSession",
    "UnavailableSessionInterface",
    "app_session_interface",
    "configured_session_interface",
    "declares_marker",
    "default_session_interface",
    "distribution_for",
    "find_foreign_flask",
    "install_missing_addon_finder",
    "is_installed",
    "is_modular_record",
    "lazily_opened_session_interfaces",
    "lazy_class_attribute",
    "optional",
    "refuse_mixed_install",
    "register_signal_hub",
    "require",
    "signal_hub",
]

# -- add-ons -------------------------------------------------------------------

#: Which distribution provides each optional module of the ``flask`` package.
ADDON_MODULES = _addons.ADDON_MODULES

#: Names of the ``flask`` package that flask-core serves on first use (from
#: ``flask.__getattr__``), so that ``import flask`` loads neither Jinja nor
#: any add-on: name -> (module, attribute of it, or ``None`` for the module).
#: The submodules among them are attributes of ``flask`` after ``import
#: flask`` in Flask.
LAZY_PACKAGE_NAMES = _lazy_names.LAZY_PACKAGE_NAMES

#: How modular Flask is installed, as every hint about installing says it: by
#: name under the constraints file of the wheelhouse that
#: ``scripts/wheelhouse.py`` builds, which pins each of our names to its wheel.
INSTALL_COMMAND = _addons.INSTALL_COMMAND

# -- sessions --------------------------------------------------------------------

#: Session interface classes whose ``open_session`` depends only on the
#: request and the app's config and changes nothing. A request context opens
#: the session of an app using exactly one of these classes (and not
#: replacing any of its methods or settings on the instance) on first use
#: rather than when it is pushed, so that a request that never uses the
#: session costs nothing. An interface class declares itself by adding
#: itself here, as :class:`UnavailableSessionInterface` and
#: ``flask.sessions.SecureCookieSessionInterface`` do; a subclass is opened
#: at push unless it adds itself too.
lazily_opened_session_interfaces = _request_session.lazily_opened_session_interfaces

# -- telling modular Flask's distributions apart ----------------------------------

#: The entry-point group that every distribution of modular Flask declares in
#: its ``entry_points.txt``, under its own name. The real Flask and the
#: unrelated projects that share our names on the package index never declare
#: it; the compatibility wheel, a distribution named ``flask`` that carries
#: Flask's own version number, is told apart from the real Flask by it.
MARKER_GROUP = _mixed_install.MARKER_GROUP

# -- the signal hub ---------------------------------------------------------


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


# The classes and functions offered here are documented, pickled and shown in
# tracebacks under the name their users import them by.
for _offered in (
    MissingDistributionAttributeError,
    MissingDistributionError,
    MixedInstallError,
    UnavailableSession,
    UnavailableSessionInterface,
    app_session_interface,
    configured_session_interface,
    declares_marker,
    default_session_interface,
    distribution_for,
    find_foreign_flask,
    install_missing_addon_finder,
    is_installed,
    is_modular_record,
    lazy_class_attribute,
    optional,
    refuse_mixed_install,
    require,
):
    _offered.__module__ = __name__
del _offered
