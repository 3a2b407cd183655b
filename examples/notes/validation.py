"""What makes a note acceptable, checked the same way for the form and the API."""

from __future__ import annotations

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000

#: Control characters a body may contain; a title may contain none.
_BODY_WHITESPACE = frozenset("\t\n\r")


class InvalidNote(ValueError):
    """A submitted note was refused; the message is written for its author."""


def clean_note(title: object, body: object) -> tuple[str, str]:
    """Return the title and body with surrounding space removed.

    Both must be text (a JSON number, list, object or ``NaN`` is refused, not
    turned into a string), the title one line of 1 to 200 characters and the
    body at most 10,000. Line breaks are stored as ``\n`` (browsers send a
    textarea's as ``\r\n`` but count them as one character against its
    ``maxlength``). Raises :exc:`InvalidNote` saying what is wrong.
    """
    if not isinstance(title, str):
        raise InvalidNote("The title must be text.")
    if not isinstance(body, str):
        raise InvalidNote("The body must be text.")
    title, body = title.strip(), body.replace("\r\n", "\n").strip()
    if not title:
        raise InvalidNote("A note needs a title.")
    if len(title) > TITLE_MAX_LENGTH:
        raise InvalidNote(f"Titles are at most {TITLE_MAX_LENGTH} characters long.")
    if len(body) > BODY_MAX_LENGTH:
        raise InvalidNote(f"Bodies are at most {BODY_MAX_LENGTH:,} characters long.")
    if any(_is_control(c) for c in title):
        raise InvalidNote("A title is one line of text, without control characters.")
    if any(_is_control(c) and c not in _BODY_WHITESPACE for c in body):
        raise InvalidNote("The body may not contain control characters.")
    if not (_is_unicode(title) and _is_unicode(body)):
        raise InvalidNote("The note is not valid Unicode text.")
    return title, body


def _is_control(char: str) -> bool:
    """C0 and C1 control characters and DEL."""
    return char < " " or "\x7f" <= char <= "\x9f"


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be stored as UTF-8 (JSON's ``"\\ud800"`` decodes to
    a lone surrogate, which cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
