"""Modular Flask: a WSGI web framework, split into independently installed
distributions that share the ``flask`` import package.

flask-core provides this package. Names that live in an add-on distribution
(``json``, ``jsonify``, ``sessions``, ``cli``, ``signals`` and the signals
themselves) or need Jinja (``templating`` and the render functions) are loaded
on first use. If an add-on is missing, reading its name raises
:class:`~flask.seams.MissingDistributionAttributeError` (so ``hasattr`` is
false) and importing it :class:`~flask.seams.MissingDistributionError`, both
naming what to install.
"""

from __future__ import annotations

import sys
import typing as t
from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from . import seams as seams

seams.refuse_mixed_install(__path__[0])
seams.install_missing_addon_finder()

from .app import Flask as Flask
from .blueprints import Blueprint as Blueprint
from .config import Config as Config
from .ctx import after_this_request as after_this_request
from .ctx import copy_current_request_context as copy_current_request_context
from .ctx import has_app_context as has_app_context
from .ctx import has_request_context as has_request_context
from .globals import current_app as current_app
from .globals import g as g
from .globals import request as request
from .globals import session as session
from .helpers import abort as abort
from .helpers import flash as flash
from .helpers import get_flashed_messages as get_flashed_messages
from .helpers import get_template_attribute as get_template_attribute
from .helpers import make_response as make_response
from .helpers import redirect as redirect
from .helpers import send_file as send_file
from .helpers import send_from_directory as send_from_directory
from .helpers import stream_with_context as stream_with_context
from .helpers import url_for as url_for
from .wrappers import Request as Request
from .wrappers import Response as Response

if t.TYPE_CHECKING:
    from . import cli as cli
    from . import json as json
    from . import sessions as sessions
    from . import signals as signals
    from . import templating as templating
    from .json import jsonify as jsonify
    from .signals import appcontext_popped as appcontext_popped
    from .signals import appcontext_pushed as appcontext_pushed
    from .signals import appcontext_tearing_down as appcontext_tearing_down
    from .signals import before_render_template as before_render_template
    from .signals import got_request_exception as got_request_exception
    from .signals import message_flashed as message_flashed
    from .signals import request_finished as request_finished
    from .signals import request_started as request_started
    from .signals import request_tearing_down as request_tearing_down
    from .signals import template_rendered as template_rendered
    from .templating import render_template as render_template
    from .templating import render_template_string as render_template_string
    from .templating import stream_template as stream_template
    from .templating import stream_template_string as stream_template_string

#: The version of Flask's API that modular Flask implements.
FLASK_API_VERSION = "3.1.3"


def __getattr__(name: str) -> t.Any:
    target = seams.LAZY_PACKAGE_NAMES.get(name)
    if target is not None:
        module_name, attribute = target
        try:
            module = seams.require(module_name, f"'flask.{name}'")
        except seams.MissingDistributionError as error:
            raise seams.MissingDistributionAttributeError(error, name) from error
        value = module if attribute is None else getattr(module, attribute)
        setattr(sys.modules[__name__], name, value)
        return value
    if name == "__version__":
        import warnings

        warnings.warn(
            "The '__version__' attribute is deprecated and will be removed in"
            " Flask 3.2. Use feature detection or"
            " 'importlib.metadata.version(\"flask\")' instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return FLASK_API_VERSION
    if name == "__all__":
        return _star_import_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The submodules that ``import flask`` imports (and so makes attributes of
#: the package), besides those in ``seams.LAZY_PACKAGE_NAMES``.
_IMPORTED_SUBMODULES = (
    "app",
    "blueprints",
    "config",
    "ctx",
    "globals",
    "helpers",
    "logging",
    "sansio",
    "typing",
    "wrappers",
)


def _star_import_names() -> list[str]:
    """What ``from flask import *`` binds: the API names imported above, the
    submodules Flask's ``import flask`` leaves as attributes, and the lazily
    served names whose module can be imported."""
    namespace = vars(sys.modules[__name__])
    defined = {
        name
        for name, value in namespace.items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith("flask.")
    }
    defined.update(("current_app", "g", "request", "session"))
    defined.update(_IMPORTED_SUBMODULES)
    available = {
        name
        for name, (module_name, _) in seams.LAZY_PACKAGE_NAMES.items()
        if seams.is_installed(module_name)
    }
    return sorted(defined | available)
