"""A quicker split of URL-encoded form bodies (issue 17).

Werkzeug parses a URL-encoded body with :func:`urllib.parse.parse_qsl`
(``keep_blank_values=True``), which, field by field, splits on ``=``,
replaces ``+`` and calls :func:`~urllib.parse.unquote` twice. For a body
without any ``%`` there is nothing to unquote, and :func:`split_plain_body`
gives the same list of pairs with string methods alone. Bodies with a
``%`` go to ``parse_qsl``. Never with ``MODULAR_FLASK_NO_SPEEDUPS`` set when
``flask`` was imported.
"""

from __future__ import annotations

from . import ENABLED


def split_plain_body(text: str) -> list[tuple[str, str]] | None:
    """``parse_qsl(text, keep_blank_values=True)`` for a ``text`` without
    ``%``; ``None`` (nothing done) for any other text, or when the shortcut
    is off."""
    if not ENABLED or "%" in text:
        return None
    if "+" in text:
        text = text.replace("+", " ")
    pairs: list[tuple[str, str]] = []
    append = pairs.append
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            append((name, value))
    return pairs
