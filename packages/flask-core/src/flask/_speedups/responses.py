"""Building plain responses, and sending them to the WSGI server, with less
of Werkzeug's general machinery.

Building: for the response almost every view produces (a ``str`` or
``bytes`` body, a content type, no status and no headers given), Werkzeug's
constructor works out the content type from the mimetype again, sets every
header through checks that cannot fail for these values, and stores the
body through ``set_data``. :func:`build` leaves the very same state behind
directly, and otherwise hands Werkzeug's constructor the content type it
remembers per mimetype.

Sending: calling a response object (``response(environ, start_response)``)
makes Werkzeug copy the header list into a new ``Headers`` object (checking
every value again), look for ``Location``, ``Content-Location`` and
``Content-Length``, work out the body length, wrap the body in a generator
and a :class:`~werkzeug.wsgi.ClosingIterator`, and copy the headers once
more into a list. For a body that is a list of ``bytes`` (or a streamed
body), an ordinary status and headers of plain strings, most of that does
nothing: :func:`send_response` sends the very same status line, header list
and chunks directly. What reaches the server is checked either way (see
:mod:`flask._wsgi_response`).

Both are taken only for classes that do these things as Werkzeug's (or
Flask's) own classes do, with a verified Werkzeug release (see
:class:`~flask._speedups.InheritedUnchanged`).
"""

from __future__ import annotations

import functools
import typing as t

from werkzeug.datastructures import Headers
from werkzeug.utils import get_content_type
from werkzeug.wrappers import Response as BaseResponse

from .._wsgi_response import (
    check_header_name,
    check_header_value,
    check_status,
    valid_header_names,
)
from .._wsgi_response import send_response as send_checked
from . import InheritedUnchanged

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

# -- building --------------------------------------------------------------

#: The body types :func:`build` stores itself: what Werkzeug keeps as a
#: one-item list of ``bytes``.
_BUFFERED_BODY_TYPES = (str, bytes)

#: The instance attributes Werkzeug's response constructor sets.
_RESPONSE_STATE = (
    "headers",
    "_status",
    "_status_code",
    "direct_passthrough",
    "_on_close",
    "response",
)

#: Everything Werkzeug's constructor reads or calls on the instance besides
#: the attributes it sets (which a class must not define either). A response
#: class that changes any of them is built the ordinary way.
CONSTRUCTION_HOOKS = (
    "set_data",
    "status",
    "_clean_status",
    "default_status",
    "automatically_set_content_length",
    *_RESPONSE_STATE,
)


@functools.lru_cache(maxsize=32)
def _content_type_for(mimetype: str | None) -> str | None:
    """The ``Content-Type`` header Werkzeug derives from ``mimetype`` (UTF-8
    for text types), remembered for the few mimetypes an app uses."""
    return None if mimetype is None else get_content_type(mimetype, "utf-8")


def fill_response_state(
    response: BaseResponse,
    header_items: list[tuple[str, str]],
    status: str,
    status_code: int,
    body: t.Any,
) -> None:
    """Give ``response`` (not yet initialised) the state Werkzeug's
    constructor leaves for ``body`` (a list of ``bytes`` or an iterator) with
    exactly these headers and this status, without checking them again: for
    callers whose header values, status line and code are already in
    Werkzeug's checked form."""
    headers = Headers()
    vars(headers)["_list"] = header_items
    state = vars(response)
    state["headers"] = headers
    state["_status"] = status
    state["_status_code"] = status_code
    state["direct_passthrough"] = False
    state["_on_close"] = []
    state["response"] = body


def build(
    response: BaseResponse,
    body: t.Any,
    status: t.Any,
    headers: t.Any,
    mimetype: str | None,
    content_type: str | None,
    direct_passthrough: bool,
) -> None:
    """Initialise ``response``, whose class is built as Flask's ``Response``
    is (nothing behind it in its method resolution order but Werkzeug's
    class), exactly as Werkzeug's constructor does with these arguments."""
    if content_type is None:
        # Werkzeug would work out the content type from the mimetype on every
        # response (and, without a mimetype, first look for a Content-Type
        # header, failing through a raised KeyError when there are none).
        if mimetype is not None:
            content_type = _content_type_for(mimetype)
        elif not headers:
            content_type = _content_type_for(response.default_mimetype)
    if (
        headers is None
        and status is None
        and content_type is not None
        and not direct_passthrough
        and type(body) in _BUFFERED_BODY_TYPES
        # (Werkzeug refuses such a content type: let it raise its error.)
        and "\n" not in content_type
        and "\r" not in content_type
    ):
        data = body.encode() if type(body) is str else body
        headers = Headers()
        vars(headers)["_list"] = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
        ]
        state = vars(response)
        state["headers"] = headers
        state["_status"] = "200 OK"  # the default status, as Werkzeug writes it
        state["_status_code"] = 200
        state["direct_passthrough"] = False
        state["_on_close"] = []
        state["response"] = [data]
        return
    BaseResponse.__init__(
        response, body, status, headers, mimetype, content_type, direct_passthrough
    )


# -- sending -----------------------------------------------------------------

#: The methods and properties whose Werkzeug versions :func:`send_response`
#: stands in for. A response class that overrides any of them is called as
#: usual.
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

#: Whether a response class goes to the server as Werkzeug's sends it.
_sends_plainly = InheritedUnchanged(BaseResponse, _WSGI_METHODS, "werkzeug")

#: Header names (lower case) whose values Werkzeug rewrites before sending.
_REWRITTEN_HEADERS = frozenset({"location", "content-location"})


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
    unknown), or ``None`` when Werkzeug would change a value on the way.

    Raises :exc:`~flask._wsgi_response.UnsafeResponseError` for a header
    that would break the framing of the response."""
    if type(headers) is not Headers:
        return None
    sent = list(headers)
    has_length = False
    for key, value in sent:
        if type(value) is not str:
            return None
        if type(key) is not str or key not in valid_header_names:
            check_header_name(key)
        if not value.isprintable():
            check_header_value(key, value)
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
    """:func:`flask._wsgi_response.send_response` (the reference, which is
    called for anything but a plain response with an ordinary status): the
    same status, headers and body chunks, and the same refusals."""
    plan = _direct_plan(response, environ)
    if plan is None:
        return send_checked(response, environ, start_response)
    headers, body = plan
    status = response.status
    if not status.isprintable():
        check_status(status)
    start_response(status, headers)
    return ResponseBody(body, response.close)


def _direct_plan(
    response: t.Any, environ: WSGIEnvironment
) -> tuple[list[tuple[str, str]], t.Iterator[bytes]] | None:
    """The header list and body chunks to send for ``response`` directly, or
    ``None`` when Werkzeug's own ``__call__`` must send it."""
    if (
        not _sends_plainly.accepts(type(response))
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
