"""A faster JSON provider built on `orjson <https://github.com/ijl/orjson>`_.

Install it with the ``orjson`` extra (``pip install "flask-json[orjson]"``)
and opt in with one line::

    from flask.json.orjson import OrjsonProvider

    app.json = OrjsonProvider(app)
    # or, for every app created afterwards:
    Flask.json_provider_class = OrjsonProvider

:class:`OrjsonProvider` is a drop-in replacement for
:class:`~flask.json.provider.DefaultJSONProvider`: for every value the
default provider accepts it produces exactly the same text, honouring
``sort_keys``, ``ensure_ascii``, ``compact`` and the same ``default``
conversions (HTTP dates, decimals, UUIDs, dataclasses, ``__html__``).

orjson writes UTF-8 bytes with fixed layouts, so the provider adapts its
output: it escapes non-ASCII text when ``ensure_ascii`` is set, adds the
standard library's ``", "``/``": "`` separators when no compact layout was
asked for, and rewrites the few float spellings that differ from Python's
``repr`` (``1e-05`` rather than ``0.00001``). Whenever orjson cannot give the
identical result (integers beyond 64 bits, NaN and infinities, non-string
keys, options it has no equivalent for such as ``indent=4`` or ``cls=``), the
call is handed to the standard library, so results and errors never differ.

Two kinds of values that the default provider rejects are accepted: plain
:class:`~enum.Enum` members (encoded as their value) and
:class:`orjson.Fragment`. Types that orjson encodes itself (UUIDs, enums,
subclasses of ``str``, ``int``, ``dict`` and ``list``) do not go through a
custom :attr:`default`.
"""

from __future__ import annotations

import enum
import math
import re
import typing as t
import uuid
from dataclasses import dataclass

try:
    import orjson as _orjson
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "flask.json.orjson needs the 'orjson' package; install the extra"
        " 'flask-json[orjson]' or 'pip install orjson'."
    ) from error

from .provider import DefaultJSONProvider

#: Options orjson needs to match :mod:`json`: dates and dataclasses are left
#: to :attr:`~DefaultJSONProvider.default` instead of orjson's own encoding.
_BASE_OPTION = _orjson.OPT_PASSTHROUGH_DATETIME | _orjson.OPT_PASSTHROUGH_DATACLASS

#: ``json.dumps`` keyword arguments this provider can reproduce with orjson.
_SUPPORTED_OPTIONS = frozenset(
    {
        "default",
        "ensure_ascii",
        "sort_keys",
        "indent",
        "separators",
        "allow_nan",
        "check_circular",
        "skipkeys",
    }
)

_COMPACT = (",", ":")
_SPACED = (", ", ": ")
_INDENTED = (",", ": ")

#: A JSON string token in orjson's output (escapes included).
_STRING_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")')
#: A number token with a fraction or an exponent.
_FLOAT_TOKEN = re.compile(r"-?\d+(?:\.\d+)?[eE][-+]?\d+|-?\d+\.\d+")
#: The two orjson float spellings that differ from ``repr``: a one-digit
#: negative exponent (``1.5e-7``) and small numbers written out in full
#: (``0.00001``). A hit inside a string only costs a closer look.
_SHORT_NEGATIVE_EXPONENT = re.compile(r"e-\d(?!\d)")
_SMALL_FIXED_POINT = re.compile(r"0\.0000")
#: Maps every digit to ``0``, to find long digit runs with a substring search.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
#: orjson reads integers beyond 64 bits as floats; a run this long may be one.
_LONG_DIGIT_RUN = b"0" * 19
#: Types whose values never hide a float.
_FLOAT_FREE = frozenset({str, int, bool, type(None)})


@dataclass(frozen=True)
class _EncodePlan:
    """How one :meth:`OrjsonProvider.dumps` call maps onto orjson."""

    option: int
    default: t.Callable[[t.Any], t.Any]
    ensure_ascii: bool
    spaced: bool


class OrjsonProvider(DefaultJSONProvider):
    """A :class:`~flask.json.provider.DefaultJSONProvider` that encodes and
    decodes with orjson, with output identical to the default provider's.

    The class attributes (:attr:`default`, :attr:`ensure_ascii`,
    :attr:`sort_keys`, :attr:`compact`, :attr:`mimetype`) mean the same as
    on the default provider.
    """

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Encode ``obj`` as :meth:`DefaultJSONProvider.dumps` would, using
        orjson whenever it can produce the same text."""
        plan = self._encode_plan(kwargs)
        if plan is not None:
            text = _encode(obj, plan)
            if text is not None:
                return text
        return super().dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Decode a document as :func:`json.loads` would, using orjson unless
        ``kwargs`` asks for :mod:`json` features or the document contains
        something orjson reads differently."""
        if not kwargs and _orjson_reads_like_json(s):
            try:
                return _orjson.loads(s)
            except _orjson.JSONDecodeError:
                pass  # let the standard library decide, and word the error
        return super().loads(s, **kwargs)

    def _encode_plan(self, kwargs: dict[str, t.Any]) -> _EncodePlan | None:
        """Translate ``json.dumps`` options into orjson ones, or return
        ``None`` when orjson has no equivalent layout."""
        if not _SUPPORTED_OPTIONS.issuperset(kwargs) or kwargs.get("skipkeys"):
            return None
        indent = kwargs.get("indent")
        separators = kwargs.get("separators")
        if separators is not None:
            separators = tuple(separators)
        option = _BASE_OPTION
        spaced = False
        if indent is None:
            if separators in (None, _SPACED):
                spaced = True
            elif separators != _COMPACT:
                return None
        elif indent == "  " or (type(indent) is int and indent == 2):
            if separators not in (None, _INDENTED):
                return None
            option |= _orjson.OPT_INDENT_2
        else:
            return None
        if kwargs.get("sort_keys", self.sort_keys):
            option |= _orjson.OPT_SORT_KEYS
        return _EncodePlan(
            option=option,
            default=kwargs.get("default", self.default),
            ensure_ascii=bool(kwargs.get("ensure_ascii", self.ensure_ascii)),
            spaced=spaced,
        )


def _encode(obj: t.Any, plan: _EncodePlan) -> str | None:
    """Encode with orjson and adapt the text, or return ``None`` if only the
    standard library can give the expected result."""
    try:
        raw = _orjson.dumps(obj, default=plan.default, option=plan.option)
    except _orjson.JSONEncodeError:
        return None
    # orjson writes NaN and infinities as null, where json writes NaN or
    # Infinity (or raises); only look for them when a null was written.
    if b"null" in raw and not _only_finite_floats(obj, plan.default):
        return None
    text = raw.decode()
    if plan.spaced or _SUSPECT_FLOAT.search(text):
        text = _respell_outside_strings(text, plan.spaced)
    if plan.ensure_ascii and (not text.isascii() or "\x7f" in text):
        text = _NOT_ASCII_SAFE.sub(_ascii_escape, text)
    return text


def _respell_outside_strings(text: str, spaced: bool) -> str:
    """Write floats as ``repr`` does and, if ``spaced``, put a space after
    each ``,`` and ``:``, leaving string tokens untouched."""
    pieces = _STRING_TOKEN.split(text)
    # split() with one group alternates: outside, string, outside, ...
    for position in range(0, len(pieces), 2):
        piece = _FLOAT_TOKEN.sub(_python_float_spelling, pieces[position])
        if spaced:
            piece = piece.replace(",", ", ").replace(":", ": ")
        pieces[position] = piece
    return "".join(pieces)


def _python_float_spelling(match: re.Match[str]) -> str:
    # orjson's shortest round-trip digits parse back to the same double.
    return repr(float(match.group()))


def _ascii_escape(match: re.Match[str]) -> str:
    """``\\uXXXX`` escape of one character, as a UTF-16 surrogate pair when
    it lies beyond the Basic Multilingual Plane."""
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    high, low = 0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF)
    return f"\\u{high:04x}\\u{low:04x}"


def _only_finite_floats(obj: t.Any, default: t.Callable[[t.Any], t.Any]) -> bool:
    """Whether no NaN or infinity hides anywhere in ``obj``, including in
    what ``default`` turns unknown objects into. ``False`` when unsure."""
    pending = [obj]
    while pending:
        value = pending.pop()
        if value is None or isinstance(value, (str, bool, int, uuid.UUID)):
            continue
        if isinstance(value, float):
            if not math.isfinite(value):
                return False
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, enum.Enum):
            pending.append(value.value)
        else:
            try:
                pending.append(default(value))
            except Exception:
                return False
    return True


def _orjson_reads_like_json(s: object) -> bool:
    """Whether orjson decodes ``s`` to what :func:`json.loads` returns: it must
    be a type ``json`` accepts and hold no long digit runs."""
    if isinstance(s, str):
        return _LONG_DIGITS_TEXT.search(s) is None
    if isinstance(s, (bytes, bytearray)):
        return _LONG_DIGITS_BYTES.search(s) is None
    return False
