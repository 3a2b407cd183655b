"""Request IDs for modular Flask.

Each request gets an ID: a new random one, or, when the app trusts incoming
IDs (``REQUEST_ID_TRUST_INCOMING``), the well-formed one a proxy in front of
it sent in ``X-Request-ID``. The ID is available as :func:`request_id` (and ``g.request_id``,
and ``request_id()`` in templates), added to the app's log records, logged
once per request and sent back in the response's ``X-Request-ID`` header.

When flask-sessions is installed, the extension also remembers the first
request ID of each session (:func:`first_request_id`), which ties the later
requests of one visitor to where their visit began.

::

    from flask import Flask
    from flask_request_id import RequestID

    app = Flask(__name__)
    RequestID(app)  # or: request_ids = RequestID(); request_ids.init_app(app)
"""

from __future__ import annotations

from ._extension import (
    EXTENSION_KEY,
    RequestID,
    RequestIDFilter,
    Settings,
    first_request_id,
    request_id,
)

__all__ = [
    "EXTENSION_KEY",
    "RequestID",
    "RequestIDFilter",
    "Settings",
    "first_request_id",
    "request_id",
]
