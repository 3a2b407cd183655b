"""Responses for HTTP errors that no handler took care of.

When an :class:`~werkzeug.exceptions.HTTPException` becomes the response,
Flask converts it with ``response_class.force_type(error, environ)``: the
error runs as a WSGI application and what it sends is read back into a new
response object. :func:`error_response` gives the same result with less
work:

* the error's own response is asked for its headers and body iterator
  directly, without a WSGI round trip;
* for the stock error classes (``NotFound``, ``BadRequest``, ... whose page
  depends only on class, code and description) the page is built once and
  remembered, so a stream of 404s does not render the same HTML again and
  again.

A remembered page is only ever served for the very same input: the same
class and code, and a description of the same type (``str`` or
:class:`~markupsafe.Markup`, which are escaped differently, or none) with
the same text. Descriptions of other types are rendered every time, since
values that compare equal may still print differently (``1`` and ``1.0``).
Descriptions can carry client input, so long ones are not remembered and
the number of pages is bounded.
"""

from __future__ import annotations

import typing as t

from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from . import InheritedUnchanged
from .responses import fill_response_state

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from ..wrappers import Response

#: Whether an error class renders its page with Werkzeug's own methods (and
#: ``name`` property), so that its page depends only on its class, code and
#: description.
_renders_plainly = InheritedUnchanged(
    HTTPException,
    ("__call__", "get_response", "get_body", "get_headers", "get_description", "name"),
    "werkzeug",
)

#: Whether an error class answers as a WSGI application as Werkzeug's does.
_called_plainly = InheritedUnchanged(HTTPException, ("__call__",), "werkzeug")

#: Whether a response class answers as a WSGI application as Werkzeug's does.
_answers_plainly = InheritedUnchanged(
    BaseResponse, ("__call__", "get_wsgi_response"), "werkzeug"
)

#: The most pages remembered. Descriptions can be made per request (for
#: example ``abort(404, f"no user {name}")``), so the cache is bounded: when
#: it is full, the oldest page makes room for the new one.
MAX_PAGES = 128

#: The longest description (in characters) whose page is remembered.
MAX_REMEMBERED_DESCRIPTION = 1024

#: The description types whose pages may be shared: for each, equal values
#: are the same text and render the same page.
_SHAREABLE_DESCRIPTIONS = (str, Markup, type(None))


class _Page:
    """A rendered error page: status line and code, header items and body."""

    __slots__ = ("status", "code", "headers", "body")

    def __init__(
        self, status: str, code: int, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        self.status = status
        self.code = code
        self.headers = headers
        self.body = body


_pages: dict[tuple[t.Any, ...], _Page] = {}


def _remembered_page(error: HTTPException, environ: WSGIEnvironment) -> _Page | None:
    """The page of a stock error, rendered on first use; ``None`` when the
    error's page cannot be reused."""
    code = error.code
    if (
        error.response is not None
        or code is None
        or not 400 <= code < 600
        or not _renders_plainly.accepts(type(error))
    ):
        return None
    key = _page_key(error, code)
    page = None if key is None else _pages.get(key)
    if page is None:
        rendered = error.get_response(dict(environ))
        page = _Page(
            rendered.status,
            rendered.status_code,
            rendered.get_wsgi_headers(environ).to_wsgi_list(),
            rendered.get_data(),
        )
        if key is not None:
            _remember(key, page)
    return page


def _page_key(error: HTTPException, code: int) -> tuple[t.Any, ...] | None:
    """What identifies the page of ``error``: class, code, and the exact type
    and text of its description; ``None`` when the page must not be shared
    (a description of another type, or a long one)."""
    description = error.description
    kind = type(description)
    if kind not in _SHAREABLE_DESCRIPTIONS:
        return None
    if description is not None and len(description) > MAX_REMEMBERED_DESCRIPTION:
        return None
    return (type(error), code, kind, description)


def _remember(key: tuple[t.Any, ...], page: _Page) -> None:
    """Store a page, dropping the oldest one when the cache is full."""
    if len(_pages) >= MAX_PAGES:
        oldest = next(iter(_pages), None)
        if oldest is not None:
            _pages.pop(oldest, None)
    _pages[key] = page


def error_response(
    error: HTTPException, environ: WSGIEnvironment, response_class: type[Response]
) -> Response | None:
    """Return what ``response_class.force_type(error, environ)`` returns,
    built directly; ``None`` when the error or its response changes how it
    is called, and the caller must take the general route.

    Like the WSGI round trip, the result streams its body (empty for
    ``HEAD`` requests) and carries the headers that would have been sent.
    """
    page = _remembered_page(error, environ)
    if page is not None:
        chunks = iter(() if environ["REQUEST_METHOD"] == "HEAD" else (page.body,))
        response = BaseResponse.__new__(BaseResponse)
        # The page's headers and status were checked by Werkzeug when it was
        # rendered: they are handed over as they are, without a second check.
        fill_response_state(
            response, list(page.headers), page.status, page.code, chunks
        )
        response.__class__ = response_class
        return response  # type: ignore[return-value]

    if not _called_plainly.accepts(type(error)):
        return None
    # The error sees its own copy of the environ, as it would through
    # force_type, so whatever it changes does not leak into the request.
    error_environ = dict(environ)
    inner = error.get_response(error_environ)
    if not _answers_plainly.accepts(type(inner)):
        return None
    headers = inner.get_wsgi_headers(error_environ)
    body = inner.get_app_iter(error_environ)
    converted = BaseResponse(body, inner.status, headers)
    converted.__class__ = response_class
    return converted  # type: ignore[return-value]
