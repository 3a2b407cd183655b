"""JSON for Flask apps (the flask-json distribution).

The functions here mirror the standard :mod:`json` module but are app aware:
while an application context is active they delegate to that app's provider,
``current_app.json`` (see :mod:`flask.json.provider`), so app settings such as
``app.json.sort_keys`` apply. Without an app they use :mod:`json` directly,
still able to encode dates, decimals, UUIDs, dataclasses and markup.

This module is also the ``json_module`` of Flask's request and response
classes, which is how ``request.get_json()`` reaches the app's provider.
"""

from __future__ import annotations

import json as _json
import typing as t

from ..globals import _cv_app, current_app
from .provider import _default

if t.TYPE_CHECKING:
    from ..wrappers import Response
    from .provider import JSONProvider


def _app_provider() -> JSONProvider | None:
    """The active app's provider, or ``None`` outside an app context."""
    ctx = _cv_app.get(None)
    if ctx is None:
        return None
    provider: JSONProvider = ctx.app.json
    return provider


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Encode ``obj`` as a JSON string.

    Inside an app context this is ``current_app.json.dumps(obj, **kwargs)``;
    otherwise :func:`json.dumps` with Flask's extra types supported.

    :param obj: The value to encode.
    :param kwargs: Options for the provider or for :func:`json.dumps`.
    """
    provider = _app_provider()
    if provider is not None:
        return provider.dumps(obj, **kwargs)
    kwargs.setdefault("default", _default)
    return _json.dumps(obj, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Encode ``obj`` as JSON and write it to the text file ``fp``.

    Uses ``current_app.json.dump`` inside an app context, :func:`json.dump`
    with Flask's extra types otherwise.
    """
    provider = _app_provider()
    if provider is not None:
        provider.dump(obj, fp, **kwargs)
        return
    kwargs.setdefault("default", _default)
    _json.dump(obj, fp, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Decode a JSON document given as text or bytes.

    Uses ``current_app.json.loads`` inside an app context, :func:`json.loads`
    otherwise.
    """
    provider = _app_provider()
    if provider is not None:
        return provider.loads(s, **kwargs)
    return _json.loads(s, **kwargs)


def load(fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
    """Read and decode the JSON document in the file ``fp``.

    Uses ``current_app.json.load`` inside an app context, :func:`json.load`
    otherwise.
    """
    provider = _app_provider()
    if provider is not None:
        return provider.load(fp, **kwargs)
    return _json.load(fp, **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """Return an ``application/json`` response holding the given data.

    Pass either one value (any JSON-encodable value, including a list or a
    scalar), several values (sent as a list), or keyword arguments (sent as
    an object), but not positional and keyword arguments together. Without
    arguments the body is ``null``. This calls
    ``current_app.json.response()``, so it needs an active app context; a
    view may also simply return a dict or list.
    """
    # The provider builds it with ``app.response_class``, a Flask response.
    return t.cast("Response", current_app.json.response(*args, **kwargs))


# As in Flask, where flask.sessions imports it during ``import flask``,
# ``flask.json.tag`` is an attribute of this module once it is loaded. It is
# imported last because it uses ``dumps`` and ``loads`` from here.
from . import tag as tag  # noqa: E402
