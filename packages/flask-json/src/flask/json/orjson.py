"""A faster JSON provider built on `orjson <https://github.com/ijl/orjson>`_.

It needs the ``orjson`` package (``python -m pip install orjson``;
flask-json's ``orjson`` extra adds it). Opt in with one line::

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
custom :attr:`~flask.json.provider.DefaultJSONProvider.default`.
"""

from __future__ import annotations

import enum
import re
import typing as t
import uuid
from dataclasses import dataclass

try:
    import orjson as _orjson
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "flask.json.orjson needs the 'orjson' package (what flask-json's"
        " 'orjson' extra adds): 'python -m pip install orjson'."
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
        ``kwargs`` asks for :mod:`json` features or the document may be read
        differently by orjson."""
        document = None if kwargs else _as_orjson_input(s)
        if document is not None:
            try:
                return _orjson.loads(document)
            except _orjson.JSONDecodeError:
                pass  # let the standard library decide, and word the error
        return super().loads(s, **kwargs)

    def _encode_plan(self, kwargs: dict[str, t.Any]) -> _EncodePlan | None:
        """Translate ``json.dumps`` options into orjson ones, or return
        ``None`` when orjson has no equivalent layout.

        orjson writes only the compact layout and the two-space indented
        one. The standard library's default ``", "`` separators are left to
        it: adding the spaces afterwards costs more than orjson saves.
        """
        if not _SUPPORTED_OPTIONS.issuperset(kwargs) or kwargs.get("skipkeys"):
            return None
        indent = kwargs.get("indent")
        separators = kwargs.get("separators")
        if separators is not None:
            separators = tuple(separators)
        option = _BASE_OPTION
        if indent is None:
            if separators != _COMPACT:
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
    if plan.ensure_ascii and (not text.isascii() or "\x7f" in text):
        # The standard library's C escaper beats any escaping done here.
        return None
    if _SHORT_NEGATIVE_EXPONENT.search(text) or _SMALL_FIXED_POINT.search(text):
        text = _respell_floats(text)
    return text


def _respell_floats(text: str) -> str:
    """Write every float outside string tokens as ``repr`` does."""
    pieces = _STRING_TOKEN.split(text)
    # split() with one group alternates: outside, string, outside, ...
    pieces[::2] = [_FLOAT_TOKEN.sub(_python_float_spelling, p) for p in pieces[::2]]
    return "".join(pieces)


def _python_float_spelling(match: re.Match[str]) -> str:
    # orjson's shortest round-trip digits parse back to the same double.
    return repr(float(match.group()))


def _only_finite_floats(obj: t.Any, default: t.Callable[[t.Any], t.Any]) -> bool:
    """Whether no NaN or infinity hides anywhere in ``obj``, including in
    what ``default`` turns unknown objects into. ``False`` when unsure."""
    pending = [obj]
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind in _FLOAT_FREE:
            continue
        if kind is float:
            # Subtracting gives 0.0 for finite values, NaN otherwise.
            if value - value != 0.0:
                return False
        elif kind is dict:
            pending.extend(value.values())
        elif kind is list or kind is tuple:
            pending.extend(value)
        else:
            inner = _unwrap_uncommon(value, default)
            if inner is _UNSURE:
                return False
            pending.extend(inner)
    return True


_UNSURE: list[t.Any] = []


def _unwrap_uncommon(value: t.Any, default: t.Callable[[t.Any], t.Any]) -> list[t.Any]:
    """The values orjson encodes in place of a value of an uncommon type
    (subclasses, enums, UUIDs, objects handed to ``default``), or
    :data:`_UNSURE` when that cannot be told."""
    if isinstance(value, float):
        return [float(value)]
    if isinstance(value, (str, int, uuid.UUID)):
        return []
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, enum.Enum):
        return [value.value]
    try:
        return [default(value)]
    except Exception:
        return _UNSURE


def _as_orjson_input(s: object) -> bytes | None:
    """``s`` as UTF-8 bytes for orjson, or ``None`` when :func:`json.loads`
    must decide: not a type it accepts, not UTF-8, or a digit run long
    enough to be an integer orjson would read as a float."""
    if isinstance(s, str):
        try:
            data = s.encode()
        except UnicodeEncodeError:
            return None
    elif isinstance(s, (bytes, bytearray)):
        data = bytes(s)
    else:
        return None
    if _LONG_DIGIT_RUN in data.translate(_DIGITS_TO_ZERO):
        return None
    return data
