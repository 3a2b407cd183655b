"""flask-json's speed shortcuts, taken while flask-core's switch is on
(:data:`flask._speedups.ENABLED`).

* :meth:`DefaultJSONProvider.dumps <flask.json.provider.DefaultJSONProvider.dumps>`
  calls :func:`json.dumps` (the reference), which builds a new encoder
  whenever it is given options, though an encoder keeps nothing between
  calls. :func:`dumps` keeps the encoders it builds, per provider.
* :meth:`TaggedJSONSerializer.tag <flask.json.tag.TaggedJSONSerializer.tag>`
  asks every tag whether it claims a value (the reference). A value of one
  of the :data:`PLAIN_TYPES` is claimed by none of the built-in tags, so
  while a serializer holds only those (see :func:`plain_safe_order`) it is
  returned as it is.
"""

from __future__ import annotations

import json
import typing as t
from types import MethodType

from .._speedups import ENABLED

if t.TYPE_CHECKING:
    from .provider import DefaultJSONProvider
    from .tag import JSONTag

#: Whether flask-json takes its shortcuts.
TAKEN = ENABLED

# -- kept encoders ---------------------------------------------------------------

#: The :func:`json.dumps` options besides ``default`` that :func:`dumps` may
#: keep an encoder for; any other, such as ``cls``, makes it call
#: :func:`json.dumps` every time.
_REUSABLE_OPTIONS = frozenset(
    {
        "skipkeys",
        "ensure_ascii",
        "check_circular",
        "allow_nan",
        "sort_keys",
        "indent",
        "separators",
    }
)

#: Encoders a provider keeps before it starts over with none.
_ENCODER_CACHE_LIMIT = 64


def _default_identity(default: t.Any) -> t.Hashable:
    """Identify a ``default`` hook by the objects behind it: a bound method
    by its function and its instance (reading ``self.default`` makes a new
    method object each time), anything else by itself."""
    if type(default) is MethodType:
        return id(default.__func__), id(default.__self__)
    return id(default)


def _new_reusable_encoder(
    default: t.Any, options: dict[str, t.Any]
) -> json.JSONEncoder | None:
    """Build the encoder :func:`json.dumps` would build for these options,
    or return ``None`` if it should not be kept for later calls: for an
    option the plain encoder does not take, or separators that are not a
    tuple (the encoder unpacks them once, so they must not change)."""
    if not _REUSABLE_OPTIONS.issuperset(options):
        return None
    separators = options.get("separators")
    if separators is not None and type(separators) is not tuple:
        return None
    return json.JSONEncoder(default=default, **options)


def dumps(
    provider: DefaultJSONProvider,
    obj: t.Any,
    default: t.Any,
    kwargs: dict[str, t.Any],
) -> str:
    """``json.dumps(obj, default=default, ensure_ascii=...,
    sort_keys=..., **kwargs)`` with the provider's settings, through an
    encoder the provider keeps.

    Encoders are looked up by the ``id()`` of every option value, and each
    entry holds on to those values so that no id can be reused while the
    entry exists: a hit means the very same objects, and changing an
    attribute simply leads to another entry.
    """
    ensure_ascii = provider.ensure_ascii
    sort_keys = provider.sort_keys
    key: tuple[t.Hashable, ...] = (
        _default_identity(default),
        id(ensure_ascii),
        id(sort_keys),
    )
    if kwargs:
        key = (*key, *kwargs, *map(id, kwargs.values()))
    encoders = provider.__dict__.get("_json_encoders")
    if encoders is None:
        encoders = provider.__dict__["_json_encoders"] = {}
    entry = encoders.get(key)
    if entry is not None:
        encoder: json.JSONEncoder = entry[0]
        return encoder.encode(obj)
    options = {"ensure_ascii": ensure_ascii, "sort_keys": sort_keys, **kwargs}
    new_encoder = _new_reusable_encoder(default, options)
    if new_encoder is None:
        return json.dumps(obj, default=default, **options)
    if len(encoders) >= _ENCODER_CACHE_LIMIT:
        encoders.clear()
    encoders[key] = (new_encoder, default, ensure_ascii, sort_keys, kwargs)
    return new_encoder.encode(obj)


# -- plain values past the tags ----------------------------------------------------

#: Types whose exact instances are JSON values already; none of the
#: built-in tags claims them.
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def plain_safe_order(
    order: list[JSONTag], blind_checks: tuple[t.Callable[..., bool], ...]
) -> list[JSONTag] | None:
    """A copy of ``order`` if every tag in it ignores plain values, that is,
    its ``check`` is one of ``blind_checks`` (the built-in ``check``
    methods, none of which accepts a plain value) bound to the tag itself;
    else ``None``. A tag class that overrides ``check``, or an instance
    given its own, counts as claiming such values."""
    for tag in order:
        bound = tag.check
        if type(bound) is not MethodType or bound.__self__ is not tag:
            return None
        if not any(bound.__func__ is known for known in blind_checks):
            return None
    return list(order)
