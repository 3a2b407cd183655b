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

Either way, what reaches the server is checked first (:func:`check_framing`):
Werkzeug refuses line breaks in header values, but not in header names or
in the status line, where they would let the response carry headers (or a
whole second response) that the application never meant to send.
"""

from __future__ import annotations

import re
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

#: A header name: an HTTP token (RFC 9110, section 5.6.2).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

#: What a status line or a header value must not contain: the ASCII control
#: characters (tab excepted), among them CR, LF and NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

#: Header names already found valid; bounded, since names can be made of
#: client input.
_valid_names: set[str] = set()
MAX_VALID_NAMES = 256


class UnsafeResponseError(ValueError):
    """A response's status line or one of its header names or values would
    break the framing of the HTTP response (a line break, another control
    character, or a header name that is not an HTTP token)."""


def _check_name(name: object) -> None:
    """Raise :exc:`UnsafeResponseError` unless ``name`` is a valid header name."""
    if type(name) is str and name in _valid_names:
        return
    if not isinstance(name, str) or _TOKEN.fullmatch(name) is None:
        raise UnsafeResponseError(
            f"The response header name {name!r} is not valid: a header name is"
            " made of letters, digits and !#$%&'*+-.^_`|~ only. Line breaks or"
            " other characters in it would let the response carry headers the"
            " application did not mean to send."
        )
    if len(_valid_names) >= MAX_VALID_NAMES:
        _valid_names.clear()
    _valid_names.add(name)


def _has_control_character(text: str) -> bool:
    """Whether ``text`` holds an ASCII control character other than tab."""
    # isprintable() settles the usual text at C speed; what it rejects (tab,
    # non-ASCII spaces, ...) is looked at closely.
    return not text.isprintable() and _CONTROL.search(text) is not None


def check_status(status: str) -> None:
    """Raise :exc:`UnsafeResponseError` for a status line that holds a line
    break or another control character."""
    if _has_control_character(status):
        raise UnsafeResponseError(
            f"The response status {status!r} contains a line break or another"
            " control character, which would end the status line early and"
            " let the rest be read as headers."
        )


def _check_value(name: str, value: str) -> None:
    """Raise :exc:`UnsafeResponseError` for a header value that holds a line
    break or another control character."""
    if _has_control_character(value):
        raise UnsafeResponseError(
            f"The value of the response header {name!r} contains a line break"
            " or another control character."
        )


def check_framing(status: str, headers: t.Iterable[tuple[t.Any, t.Any]]) -> None:
    """Raise :exc:`UnsafeResponseError` when the status line or a header of
    a response about to be sent would break the framing of the response."""
    check_status(status)
    for name, value in headers:
        _check_name(name)
        if isinstance(value, str):
            _check_value(name, value)


def _checked_start_response(start_response: StartResponse) -> StartResponse:
    """``start_response``, refusing a status line or headers that would break
    the framing of the response before the server sees them."""

    def start(status: str, headers: t.Any, *exc_info: t.Any) -> t.Any:
        check_framing(status, headers)
        return start_response(status, headers, *exc_info)

    return start


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
    unknown), or ``None`` when Werkzeug would change a value on the way.

    Raises :exc:`UnsafeResponseError` for a header that would break the
    framing of the response."""
    if type(headers) is not Headers:
        return None
    sent = list(headers)
    has_length = False
    for key, value in sent:
        if type(value) is not str:
            return None
        if type(key) is not str or key not in _valid_names:
            _check_name(key)
        if _has_control_character(value):
            _check_value(key, value)
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
    response with an ordinary status.

    Raises :exc:`UnsafeResponseError`, before anything reaches the server,
    when the status line or a header would break the framing of the
    response (see :func:`check_framing`).
    """
    plan = _direct_plan(response, environ)
    if plan is None:
        checked = _checked_start_response(start_response)
        return response(environ, checked)  # type: ignore[no-any-return]
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
