"""Parsing form bodies within the app's form limits.

Werkzeug applies ``max_form_memory_size`` and ``max_form_parts`` (Flask's
``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS``) to ``multipart/form-data``
bodies only: a URL-encoded body is read into memory whole and split into as
many fields as it holds. Unless ``MAX_CONTENT_LENGTH`` is set, a client can
then make one request cost the server many times its size in memory.

:class:`FormDataParser` holds URL-encoded bodies to the same two limits: the
body may be at most ``max_form_memory_size`` bytes (every one of its fields
is kept in memory) and hold at most ``max_form_parts`` fields. It reads the
body in chunks and stops, with a 413 error, as soon as a limit is passed, so
that what a request costs stays bounded.

Multipart bodies are parsed by Werkzeug, with one addition: when parsing
stops half way (a limit passed, a malformed body), the files already
received are closed at once. Werkzeug drops them without closing them, and
each holds a temporary file until the garbage collector finds it.
"""

from __future__ import annotations

import typing as t
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401 (registers the "werkzeug.url_quote" error handler)
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser as BaseFormDataParser

from ._speedups import ENABLED as SPEEDUPS
from ._speedups import forms as form_speedups

if t.TYPE_CHECKING:
    from werkzeug.formparser import t_parse_result

#: The MIME type of URL-encoded form bodies.
URLENCODED = "application/x-www-form-urlencoded"

#: The MIME type of multipart form bodies.
MULTIPART = "multipart/form-data"

#: How many bytes of a URL-encoded body are read at a time.
READ_SIZE = 64 * 1024


def read_at_most(stream: t.IO[bytes], limit: int | None) -> bytes:
    """Read ``stream`` to its end, raising
    :exc:`~werkzeug.exceptions.RequestEntityTooLarge` as soon as more than
    ``limit`` bytes (``None``: no limit) have come."""
    if limit is None:
        return stream.read()
    received = bytearray()
    while True:
        chunk = stream.read(min(READ_SIZE, limit + 1 - len(received)))
        if not chunk:
            return bytes(received)
        received += chunk
        if len(received) > limit:
            raise RequestEntityTooLarge()


class FormDataParser(BaseFormDataParser):
    """Werkzeug's form parser, with URL-encoded bodies held to
    ``max_form_memory_size`` (their whole size) and ``max_form_parts``
    (their number of fields) as well: past either, a 413 error."""

    def parse(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> t_parse_result:
        """Parse a form body; see Werkzeug's ``FormDataParser.parse``."""
        if mimetype == MULTIPART:
            return self._parse_multipart_closing_leftovers(
                stream, mimetype, content_length, options
            )
        if mimetype != URLENCODED:
            return super().parse(stream, mimetype, content_length, options)
        try:
            return self._parse_bounded_urlencoded(stream, content_length)
        except ValueError:  # not UTF-8
            if not self.silent:
                raise
        return stream, self.cls(), self.cls()

    def _parse_multipart_closing_leftovers(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None,
    ) -> t_parse_result:
        """Werkzeug's multipart parsing; the file streams it opened but does
        not return (it stopped on an error) are closed."""
        opened: list[t.IO[bytes]] = []
        make_stream = self.stream_factory

        def make_tracked_stream(*args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
            file_stream = make_stream(*args, **kwargs)
            opened.append(file_stream)
            return file_stream

        self.stream_factory = make_tracked_stream
        parsed = None
        try:
            parsed = super().parse(stream, mimetype, content_length, options)
            return parsed
        finally:
            self.stream_factory = make_stream
            returned = () if parsed is None else parsed[2].items(multi=True)
            kept = {id(upload.stream) for _name, upload in returned}
            for file_stream in opened:
                if id(file_stream) not in kept:
                    file_stream.close()

    def _parse_bounded_urlencoded(
        self, stream: t.IO[bytes], content_length: int | None
    ) -> t_parse_result:
        limit = self.max_form_memory_size
        if limit is not None and content_length is not None and content_length > limit:
            raise RequestEntityTooLarge()
        body = read_at_most(stream, limit)
        most_parts = self.max_form_parts
        if most_parts is not None and body and body.count(b"&") >= most_parts:
            raise RequestEntityTooLarge()
        text = body.decode()
        # The same pairs as parse_qsl for a body without "%" (see
        # flask._speedups.forms).
        items = form_speedups.split_plain_body(text) if SPEEDUPS else None
        if items is None:
            items = parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")
        return stream, self.cls(items), self.cls()
