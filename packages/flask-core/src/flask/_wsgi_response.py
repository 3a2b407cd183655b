"""Sending a plain response to the WSGI server without Werkzeug's
general machinery.

Calling a response object (``response(environ, start_response)``) makes
Werkzeug copy the header list into a new ``Headers`` object (checking every
value again), look for ``Location``, ``Content-Location`` and
``Content-Length``, work out the body length, wrap the body in a generator
and a :class:`~werkzeug.wsgi.ClosingIterator`, and copy the headers once
more into a list. For the response almost every view produces (a body that
is a list of ``bytes``, an ordinary status, headers of plain strings) most of
that does nothing. :func:`send_response` recognises that case (and streamed
bodies, whose headers need the same checks only) and sends the very same
status line, header list and chunks directly; anything else goes through the
response's own ``__call__``.
"""

from __future__ import annotations

import typing as t

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response as BaseResponse

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

#: The methods and properties whose Werkzeug versions the shortcut stands in
#: for. A response class that overrides any of them is called as usual.
_WSGI_METHODS = (
    "__call__",
    "get_wsgi_response",
    "get_wsgi_headers",
    "get_app_iter",
    "iter_encoded",
    "is_sequence",
    "status",
    "status_code",
)

#: Header names (lower case) whose values Werkzeug rewrites before sending.
_REWRITTEN_HEADERS = frozenset({"location", "content-location"})

#: The most response classes whose check is remembered.
MAX_CLASSES = 64

_checked_classes: dict[type, bool] = {}


def _sends_plainly(response_class: type) -> bool:
    """Whether instances of ``response_class`` go to the server exactly as
    Werkzeug's :class:`~werkzeug.wrappers.Response` sends them."""
    plain = _checked_classes.get(response_class)
    if plain is None:
        plain = issubclass(response_class, BaseResponse) and all(
            getattr(response_class, name) is getattr(BaseResponse, name)
            for name in _WSGI_METHODS
        )
        if len(_checked_classes) < MAX_CLASSES:
            _checked_classes[response_class] = plain
    return plain


class ResponseBody:
    """The body iterator handed to the server: yields the response's chunks
    and, when the server closes it, stops them and closes the response
    (which runs its ``call_on_close`` functions), as Werkzeug's
    ``ClosingIterator`` does."""

    __slots__ = ("_chunks", "_close")

    def __init__(self, chunks: t.Iterator[bytes], close: t.Callable[[], t.Any]) -> None:
        self._chunks = chunks
        self._close = close

    def __iter__(self) -> ResponseBody:
        return self

    def __next__(self) -> bytes:
        return next(self._chunks)

    def close(self) -> None:
        """Stop the chunks, then close the response this body belongs to."""
        stop = getattr(self._chunks, "close", None)
        if stop is not None:
            stop()
        self._close()


def _encoded_chunks(chunks: t.Iterable[t.Any]) -> t.Iterator[bytes]:
    """The chunks of a streamed body, text ones encoded as UTF-8 when they
    are reached (the body is not touched before the server asks for it)."""
    for chunk in chunks:
        yield chunk.encode() if isinstance(chunk, str) else chunk


def _buffered_length(chunks: list[t.Any]) -> int | None:
    """The total length of a body held as a list of ``bytes``; ``None`` when
    some chunk is of another type (Werkzeug encodes or measures it in its
    own way)."""
    length = 0
    for chunk in chunks:
        if type(chunk) is not bytes:
            return None
        length += len(chunk)
    return length


def _plain_header_list(
    headers: Headers, body_length: int | None
) -> list[tuple[str, str]] | None:
    """The header list Werkzeug would send for ``headers`` with an ordinary
    status and a body of ``body_length`` bytes (``None``: streamed, length
    unknown), or ``None`` when Werkzeug would change a value (or reject
    one) on the way."""
    if type(headers) is not Headers:
        return None
    sent = list(headers)
    has_length = False
    for key, value in sent:
        if type(value) is not str or "\n" in value or "\r" in value:
            return None
        lowered = key.lower()
        if lowered in _REWRITTEN_HEADERS:
            return None
        if lowered == "content-length":
            has_length = True
    if body_length is not None and not has_length:
        sent.append(("Content-Length", str(body_length)))
    return sent


def send_response(
    response: t.Any, environ: WSGIEnvironment, start_response: StartResponse
) -> t.Iterable[bytes]:
    """Start the WSGI response for ``response`` and return its body: the
    same status, headers and body chunks as ``response(environ,
    start_response)``, which is what is called for anything but a plain
    response with an ordinary status."""
    plan = _direct_plan(response, environ)
    if plan is None:
        return response(environ, start_response)  # type: ignore[no-any-return]
    headers, body = plan
    start_response(response.status, headers)
    return ResponseBody(body, response.close)


def _direct_plan(
    response: t.Any, environ: WSGIEnvironment
) -> tuple[list[tuple[str, str]], t.Iterator[bytes]] | None:
    """The header list and body chunks to send for ``response`` directly, or
    ``None`` when Werkzeug's own ``__call__`` must send it."""
    if (
        not _sends_plainly(type(response))
        or not vars(response).keys().isdisjoint(_WSGI_METHODS)
        or response.direct_passthrough
    ):
        return None
    status_code = response.status_code
    if status_code < 200 or status_code in (204, 304):
        return None
    chunks = response.response
    body_length: int | None = None
    if type(chunks) is list:
        if response.automatically_set_content_length:
            body_length = _buffered_length(chunks)
        if body_length is None:
            return None
    elif isinstance(chunks, (list, tuple)):
        # Another sequence, measured by Werkzeug in its own way.
        return None
    headers = _plain_header_list(response.headers, body_length)
    if headers is None:
        return None
    if environ["REQUEST_METHOD"] == "HEAD":
        return headers, iter(())
    if body_length is not None:
        return headers, iter(chunks)
    return headers, _encoded_chunks(chunks)
