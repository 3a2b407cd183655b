"""Lossless JSON for session data: a serializer that tags non-JSON types.

JSON only knows objects, arrays, strings, numbers, booleans and null. To send
tuples, bytes, markup, UUIDs and datetimes through it (as the cookie session
does) :class:`TaggedJSONSerializer` replaces each such value by a one-key
object, ``{" t": [...]}`` for a tuple, and restores the original type on
loading. Keys begin with a space so ordinary data is unlikely to collide;
a one-key dict whose key happens to be a tag is itself wrapped (``" di"``).

Support for another type is one :class:`JSONTag` subclass away::

    from decimal import Decimal

    class TagDecimal(JSONTag):
        __slots__ = ()
        key = " dec"

        def check(self, value):
            return isinstance(value, Decimal)

        def to_json(self, value):
            return str(value)

        def to_python(self, value):
            return Decimal(value)

    app.session_interface.serializer.register(TagDecimal, index=0)
"""

from __future__ import annotations

import typing as t
from base64 import b64decode, b64encode
from datetime import datetime
from uuid import UUID

from markupsafe import Markup
from werkzeug.http import http_date, parse_date

from ..json import dumps, loads
from ._speedups import PLAIN_TYPES, plain_safe_order
from ._speedups import TAKEN as QUICK

#: No whitespace: tagged data usually ends up in a size-limited cookie.
_COMPACT_SEPARATORS = (",", ":")


class JSONTag:
    """One kind of value the :class:`TaggedJSONSerializer` can carry.

    :attr:`check` recognises the values, :meth:`to_json` turns one into JSON
    data and :meth:`to_python` reverses that. A tag with an empty :attr:`key`
    only transforms its value in place (used for plain dicts and lists) and
    is never looked up when loading.
    """

    __slots__ = ("serializer",)

    #: Marker stored as the single key of a tagged value; empty for tags that
    #: leave no marker.
    key: str = ""

    def __init__(self, serializer: TaggedJSONSerializer) -> None:
        #: The serializer this tag is registered with.
        self.serializer = serializer

    def check(self, value: t.Any) -> bool:
        """Whether this tag handles ``value``."""
        raise NotImplementedError

    def to_json(self, value: t.Any) -> t.Any:
        """Represent ``value`` with JSON types (the marker is added by
        :meth:`tag`)."""
        raise NotImplementedError

    def to_python(self, value: t.Any) -> t.Any:
        """Rebuild the Python value from what :meth:`to_json` produced."""
        raise NotImplementedError

    def tag(self, value: t.Any) -> dict[str, t.Any]:
        """Return ``value`` in its JSON form, wrapped as ``{key: data}``."""
        return {self.key: self.to_json(value)}


class TagDict(JSONTag):
    """Protects a one-key dict whose key is some tag's marker.

    Such a dict would be mistaken for a tagged value on loading, so its key
    is stored with ``"__"`` appended, inside a ``" di"`` wrapper.
    """

    __slots__ = ()
    key = " di"

    def check(self, value: t.Any) -> bool:
        if not isinstance(value, dict) or len(value) != 1:
            return False
        (only_key,) = value
        return only_key in self.serializer.tags

    def to_json(self, value: t.Any) -> t.Any:
        ((inner_key, inner_value),) = value.items()
        return {inner_key + "__": self.serializer.tag(inner_value)}

    def to_python(self, value: t.Any) -> t.Any:
        ((stored_key, inner_value),) = value.items()
        return {stored_key[:-2]: inner_value}


class PassDict(JSONTag):
    """Walks into any other dict, tagging its values."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict)

    def to_json(self, value: t.Any) -> t.Any:
        # Keys must already be strings: JSON objects cannot have others.
        tag_value = self.serializer.tag
        return {name: tag_value(item) for name, item in value.items()}

    tag = to_json


class TagTuple(JSONTag):
    """A tuple, stored as an array under ``" t"``."""

    __slots__ = ()
    key = " t"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, tuple)

    def to_json(self, value: t.Any) -> t.Any:
        return list(map(self.serializer.tag, value))

    def to_python(self, value: t.Any) -> t.Any:
        return tuple(value)


class PassList(JSONTag):
    """Walks into a list, tagging its items."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, list)

    def to_json(self, value: t.Any) -> t.Any:
        return list(map(self.serializer.tag, value))

    tag = to_json


class TagBytes(JSONTag):
    """Bytes, stored as base64 text under ``" b"``."""

    __slots__ = ()
    key = " b"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, bytes)

    def to_json(self, value: t.Any) -> t.Any:
        return str(b64encode(value), "ascii")

    def to_python(self, value: t.Any) -> t.Any:
        return b64decode(value)


class TagMarkup(JSONTag):
    """Anything with an ``__html__`` method, stored as that HTML under
    ``" m"`` and loaded back as :class:`~markupsafe.Markup`."""

    __slots__ = ()
    key = " m"

    def check(self, value: t.Any) -> bool:
        render = getattr(value, "__html__", None)
        return callable(render)

    def to_json(self, value: t.Any) -> t.Any:
        html = value.__html__()
        return str(html)

    def to_python(self, value: t.Any) -> t.Any:
        return Markup(value)


class TagUUID(JSONTag):
    """A :class:`~uuid.UUID`, stored as its 32 hex digits under ``" u"``."""

    __slots__ = ()
    key = " u"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, UUID)

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex

    def to_python(self, value: t.Any) -> t.Any:
        return UUID(hex=value)


class TagDateTime(JSONTag):
    """A :class:`~datetime.datetime`, stored as an HTTP date under ``" d"``
    (second precision, loaded back in UTC)."""

    __slots__ = ()
    key = " d"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, datetime)

    def to_json(self, value: t.Any) -> t.Any:
        return http_date(value)

    def to_python(self, value: t.Any) -> t.Any:
        return parse_date(value)


#: The ``check`` methods known to reject every value of a plain type (see
#: :data:`flask.json._speedups.PLAIN_TYPES`).
_PLAIN_BLIND_CHECKS = tuple(
    tag_class.check
    for tag_class in (
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    )
)


class TaggedJSONSerializer:
    """Serializes values to compact JSON, tagging the types JSON lacks, and
    loads them back with those types restored.

    Tags are checked in :attr:`order`; the first whose ``check`` accepts a
    value encodes it. Loading looks tags up by key in :attr:`tags`.
    """

    __slots__ = ("tags", "order", "_plain_safe_order")

    #: :attr:`order` as :meth:`register` last left it, if no tag in it claims
    #: a value of a plain type; else ``None``. While :attr:`order` still
    #: equals it (and the speedups are on), :meth:`tag` returns such values
    #: without asking the tags; an order changed any other way loses the
    #: shortcut (see :mod:`flask.json._speedups`).
    _plain_safe_order: list[JSONTag] | None

    #: Tag classes registered on every new serializer, in this order.
    default_tags = [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]

    def __init__(self) -> None:
        #: Registered tags with a key, by key.
        self.tags: dict[str, JSONTag] = {}
        #: All registered tags, in the order they are tried.
        self.order: list[JSONTag] = []
        for tag_class in self.default_tags:
            self.register(tag_class)

    def register(
        self,
        tag_class: type[JSONTag],
        force: bool = False,
        index: int | None = None,
    ) -> None:
        """Add a tag type to this serializer.

        :param tag_class: The :class:`JSONTag` subclass; it is instantiated
            with this serializer.
        :param force: Replace a tag already registered under the same key
            instead of raising :exc:`KeyError`.
        :param index: Where to insert the tag in :attr:`order`; the end by
            default. Put tags for subclasses of handled types (a dict
            subclass, say) before the tag of the base type.
        """
        tag = tag_class(self)
        marker = tag.key
        if marker and marker in self.tags and not force:
            raise KeyError(f"Tag '{marker}' is already registered.")
        if marker:
            self.tags[marker] = tag
        self.order.insert(len(self.order) if index is None else index, tag)
        self._note_plain_safety()

    def tag(self, value: t.Any) -> t.Any:
        """Return ``value`` with every value JSON cannot carry tagged."""
        if QUICK and type(value) in PLAIN_TYPES:
            try:
                if self._plain_safe_order == self.order:
                    return value
            except AttributeError:  # a subclass that never registered a tag
                pass
        handler = next((tag for tag in self.order if tag.check(value)), None)
        return value if handler is None else handler.tag(value)

    def _note_plain_safety(self) -> None:
        """Record :attr:`order` as :attr:`_plain_safe_order` if every tag in
        it ignores plain values, and forget any earlier record if not (no
        record at all with the speedups off)."""
        self._plain_safe_order = (
            plain_safe_order(self.order, _PLAIN_BLIND_CHECKS) if QUICK else None
        )

    def untag(self, value: dict[str, t.Any]) -> t.Any:
        """Restore a tagged value; any other dict is returned unchanged."""
        if len(value) != 1:
            return value
        (marker,) = value
        tag = self.tags.get(marker)
        return value if tag is None else tag.to_python(value[marker])

    def _untag_scan(self, value: t.Any) -> t.Any:
        """Untag a decoded document bottom-up, so inner values are restored
        before the object that contains them."""
        if isinstance(value, list):
            return [self._untag_scan(item) for item in value]
        if isinstance(value, dict):
            restored = {name: self._untag_scan(item) for name, item in value.items()}
            return self.untag(restored)
        return value

    def dumps(self, value: t.Any) -> str:
        """Tag ``value`` and encode it as compact JSON."""
        tagged = self.tag(value)
        return dumps(tagged, separators=_COMPACT_SEPARATORS)

    def loads(self, value: str) -> t.Any:
        """Decode JSON produced by :meth:`dumps`, restoring tagged types."""
        decoded = loads(value)
        return self._untag_scan(decoded)
