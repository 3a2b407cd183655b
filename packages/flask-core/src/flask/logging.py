"""The application logger and the handler Flask gives it by default."""

from __future__ import annotations

import logging
import sys
import typing as t

from werkzeug.local import LocalProxy

from .globals import _cv_request

if t.TYPE_CHECKING:
    from .sansio.app import App


def _current_error_stream() -> t.TextIO:
    ctx = _cv_request.get(None)
    if ctx is None:
        return sys.stderr
    stream: t.TextIO = ctx.request.environ["wsgi.errors"]
    return stream


#: The stream log records are written to: the WSGI server's error stream
#: (``environ["wsgi.errors"]``) while a request is being handled, standard
#: error otherwise. It is a proxy, so one handler follows whichever applies.
wsgi_errors_stream: t.TextIO = LocalProxy(_current_error_stream)  # type: ignore[assignment]


def has_level_handler(logger: logging.Logger) -> bool:
    """Tell whether some handler would emit a record at the logger's
    effective level, looking at the logger and, while propagation allows, at
    its ancestors."""
    threshold = logger.getEffectiveLevel()
    node: logging.Logger | None = logger
    while node is not None:
        if any(handler.level <= threshold for handler in node.handlers):
            return True
        if not node.propagate:
            return False
        node = node.parent
    return False


#: The handler :func:`create_logger` adds when nothing else would show the
#: app's records. It writes to :data:`wsgi_errors_stream`; remove it from
#: ``app.logger`` to take over the output completely.
default_handler = logging.StreamHandler(wsgi_errors_stream)
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
)


def create_logger(app: App) -> logging.Logger:
    """Return the logger named after ``app.name``, set up for the app.

    In debug mode a logger without its own level is lowered to ``DEBUG``.
    :data:`default_handler` is attached only when no handler on the logger
    or its ancestors would emit records at the effective level, so logging
    configured beforehand is left in charge.
    """
    logger = logging.getLogger(app.name)
    if app.debug and logger.level == logging.NOTSET:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
