"""A bare WSGI callable answering every URL with a fixed body: the ceiling
that gunicorn itself sets on requests per second (``requests_table.py``
serves it beside the two implementations)."""

from __future__ import annotations

import typing as t

_BODY = b"Hello, World!"
_HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(_BODY))),
]


def app(
    environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
) -> list[bytes]:
    """Answer ``200 OK`` with :data:`_BODY`."""
    start_response("200 OK", list(_HEADERS))
    return [_BODY]
