"""What a response hands the WSGI server is checked before the server sees
it.

Werkzeug refuses line breaks in header values, but not in header names or
in the status line, where they would let the response carry headers (or a
whole second response) that the application never meant to send.
:func:`send_response` is ``response(environ, start_response)`` with the
status line and every header checked by :func:`check_framing` first. This
check is not a shortcut: it is made whether or not the speedups are on
(plain responses sent by :func:`flask._speedups.responses.send_response`
get the same checks).
"""

from __future__ import annotations

import re
import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

#: A header name: an HTTP token (RFC 9110, section 5.6.2).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

#: What a status line or a header value must not contain: the ASCII control
#: characters (tab excepted), among them CR, LF and NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

#: Header names already found valid, which need no second look; bounded,
#: since names can be made of client input.
valid_header_names: set[str] = set()
MAX_VALID_NAMES = 256


class UnsafeResponseError(ValueError):
    """A response's status line or one of its header names or values would
    break the framing of the HTTP response (a line break, another control
    character, or a header name that is not an HTTP token)."""


def check_header_name(name: object) -> None:
    """Raise :exc:`UnsafeResponseError` unless ``name`` is a valid header
    name (and remember it in :data:`valid_header_names`)."""
    if not isinstance(name, str) or _TOKEN.fullmatch(name) is None:
        raise UnsafeResponseError(
            f"The response header name {name!r} is not valid: a header name is"
            " made of letters, digits and !#$%&'*+-.^_`|~ only. Line breaks or"
            " other characters in it would let the response carry headers the"
            " application did not mean to send."
        )
    if len(valid_header_names) >= MAX_VALID_NAMES:
        valid_header_names.clear()
    valid_header_names.add(name)


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


def check_header_value(name: str, value: str) -> None:
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
        if type(name) is not str or name not in valid_header_names:
            check_header_name(name)
        if isinstance(value, str):
            check_header_value(name, value)


def _checked_start_response(start_response: StartResponse) -> StartResponse:
    """``start_response``, refusing a status line or headers that would break
    the framing of the response before the server sees them."""

    def start(status: str, headers: t.Any, *exc_info: t.Any) -> t.Any:
        check_framing(status, headers)
        return start_response(status, headers, *exc_info)

    return start


def send_response(
    response: t.Any, environ: WSGIEnvironment, start_response: StartResponse
) -> t.Iterable[bytes]:
    """Start the WSGI response for ``response`` and return its body, as
    ``response(environ, start_response)`` does.

    Raises :exc:`UnsafeResponseError`, before anything reaches the server,
    when the status line or a header would break the framing of the
    response (see :func:`check_framing`).
    """
    return response(environ, _checked_start_response(start_response))  # type: ignore[no-any-return]
