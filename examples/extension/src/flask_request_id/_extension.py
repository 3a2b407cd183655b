"""The extension: settings, the per-request ID, the hooks that echo and log it."""

from __future__ import annotations

import logging
import re
import typing as t
import uuid
from dataclasses import dataclass

import flask
from flask import seams

if t.TYPE_CHECKING:
    from werkzeug.wrappers import Response

#: Where :meth:`RequestID.init_app` keeps an app's :class:`Settings`.
EXTENSION_KEY = "request_id"

#: The configuration keys the extension reads, and their defaults.
DEFAULTS: dict[str, t.Any] = {
    # The header read from requests and written to responses.
    "REQUEST_ID_HEADER": "X-Request-ID",
    # Reuse a well-formed incoming ID. Off by default: turn it on only behind
    # a proxy you run that sets (or cleans) the header.
    "REQUEST_ID_TRUST_INCOMING": False,
    # Remember each session's first request ID: None (the default) when
    # flask-sessions is installed, True to require it, False never.
    "REQUEST_ID_SESSION": None,
    # Log one INFO line per request on the "flask_request_id" logger.
    "REQUEST_ID_LOG": True,
}

#: An incoming ID is used only if it is 1 to 200 visible ASCII characters:
#: nothing that could split a log line or a header.
_WELL_FORMED = re.compile(r"[!-~]{1,200}")

logger = logging.getLogger("flask_request_id")


@dataclass(frozen=True)
class Settings:
    """One app's configuration of the extension, read by ``init_app``."""

    header: str
    trust_incoming: bool
    session: bool
    log: bool


class RequestID:
    """The extension object: ``RequestID(app)``, or ``RequestID()`` and then
    :meth:`init_app` for each app (the application factory pattern).

    Set the ``REQUEST_ID_*`` configuration before ``init_app`` runs.
    """

    def __init__(self, app: flask.Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: flask.Flask) -> None:
        """Read the app's ``REQUEST_ID_*`` settings and register the hooks.

        Raises :exc:`flask.seams.MissingDistributionError` if
        ``REQUEST_ID_SESSION`` is true but flask-sessions is not installed.
        """
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        settings = Settings(
            header=str(app.config["REQUEST_ID_HEADER"]),
            trust_incoming=bool(app.config["REQUEST_ID_TRUST_INCOMING"]),
            session=_wants_session(app.config["REQUEST_ID_SESSION"]),
            log=bool(app.config["REQUEST_ID_LOG"]),
        )
        app.extensions[EXTENSION_KEY] = settings
        app.before_request(_assign)
        app.after_request(_finish)
        app.add_template_global(request_id, "request_id")
        app.logger.addFilter(RequestIDFilter())


def _wants_session(setting: bool | None) -> bool:
    """Decide whether to use the session, detecting flask-sessions with the
    documented :func:`flask.seams.is_installed` (which imports nothing)."""
    if setting is False:
        return False
    installed = seams.is_installed("flask.sessions")
    if setting is None:
        return installed
    if not installed:
        raise seams.MissingDistributionError(
            "flask-sessions", "REQUEST_ID_SESSION (remembering request IDs)"
        )
    return True


def _settings() -> Settings:
    """The current app's settings."""
    settings = flask.current_app.extensions.get(EXTENSION_KEY)
    if settings is None:
        raise RuntimeError("RequestID.init_app() has not been called for this app")
    return t.cast(Settings, settings)


def request_id() -> str:
    """The current request's ID (the same on every call during a request).

    Raises :exc:`RuntimeError` outside a request.
    """
    if not flask.has_request_context():
        raise RuntimeError("request_id() needs an active request")
    found = flask.g.get("request_id")
    if found is None:
        found = flask.g.request_id = _choose(_settings())
    return t.cast(str, found)


def _choose(settings: Settings) -> str:
    """The trusted, well-formed incoming ID, or a new random one."""
    incoming = flask.request.headers.get(settings.header)
    if settings.trust_incoming and incoming and _WELL_FORMED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def first_request_id() -> str | None:
    """The ID of the first request of the current session, or ``None`` when
    the session part is off (or the session cannot store anything)."""
    if not _settings().session:
        return None
    from . import _session

    return _session.first_request_id()


def _assign() -> None:
    """Before each request: choose the ID, so that ``g.request_id`` is set."""
    request_id()


def _finish(response: Response) -> Response:
    """After each request: echo the ID, remember it in the session, log it."""
    settings = _settings()
    current = request_id()
    response.headers[settings.header] = current
    if settings.session:
        from . import _session

        _session.remember(current)
    if settings.log:
        request = flask.request
        logger.info(
            "%s %s %s request_id=%s",
            request.method,
            request.path,
            response.status_code,
            current,
        )
    return response


class RequestIDFilter(logging.Filter):
    """Give every log record a ``request_id`` attribute (``"-"`` outside a
    request), for formats such as ``"%(request_id)s %(message)s"``.

    ``init_app`` adds one to ``app.logger``; add one to a handler to cover
    other loggers too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Set ``record.request_id``; never drops a record."""
        inside = flask.has_request_context() and EXTENSION_KEY in (
            flask.current_app.extensions
        )
        record.request_id = request_id() if inside else "-"
        return True
