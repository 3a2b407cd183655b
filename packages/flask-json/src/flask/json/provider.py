"""JSON providers: the objects behind ``app.json``.

An app encodes and decodes JSON through one provider, an instance of
:attr:`Flask.json_provider_class` created on first use. Everything that
speaks JSON goes through it: :func:`flask.json.dumps` and friends inside an
app context, :func:`~flask.json.jsonify`, dict and list return values of
views, ``request.get_json()``, the ``|tojson`` template filter and the test
client's ``json=`` argument.

To change how JSON is produced, subclass :class:`DefaultJSONProvider` (or
:class:`JSONProvider` for another library) and install it with
``app.json_provider_class = MyProvider`` before the app is created, or
``app.json = MyProvider(app)`` afterwards.
"""

from __future__ import annotations

import dataclasses
import decimal
import json
import typing as t
import uuid
import weakref
from datetime import date

from werkzeug.http import http_date

from . import _speedups as quick
from ._speedups import TAKEN as QUICK

if t.TYPE_CHECKING:
    from werkzeug.sansio.response import Response

    from ..sansio.app import App


class JSONProvider:
    """The interface every JSON provider implements.

    A subclass supplies :meth:`dumps` and :meth:`loads`; the file variants and
    :meth:`response` are built on them. The app is held through a weak proxy,
    so a provider never keeps its app alive.

    :param app: The application that owns this provider.
    """

    def __init__(self, app: App) -> None:
        self._app: App = weakref.proxy(app)

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Encode ``obj`` as a JSON string.

        :param obj: The value to encode.
        :param kwargs: Options understood by the underlying library.
        """
        raise NotImplementedError

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        """Encode ``obj`` and write the text to the file ``fp``.

        :param obj: The value to encode.
        :param fp: A text file open for writing.
        :param kwargs: Passed on to :meth:`dumps`.
        """
        fp.write(self.dumps(obj, **kwargs))

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Decode a JSON document.

        :param s: The document, as text or UTF-8 bytes.
        :param kwargs: Options understood by the underlying library.
        """
        raise NotImplementedError

    def load(self, fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
        """Read a whole file and decode it with :meth:`loads`.

        :param fp: A file open for reading, text or binary.
        :param kwargs: Passed on to :meth:`loads`.
        """
        return self.loads(fp.read(), **kwargs)

    def _prepare_response_obj(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> t.Any:
        """Pick the value a response serializes: the keyword arguments as a
        dict, a lone positional argument as itself, several as a tuple, and
        ``None`` when nothing was passed."""
        if not args:
            return kwargs or None
        if kwargs:
            raise TypeError(
                "app.json.response() serializes args or kwargs, but cannot"
                " combine the two."
            )
        return args[0] if len(args) == 1 else args

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Make an ``application/json`` response from the given data.

        One positional argument is serialized as is, several as a list, and
        keyword arguments as an object; positional and keyword arguments
        cannot be combined.
        """
        payload = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(
            self.dumps(payload), mimetype="application/json"
        )


#: Converters tried in order by :func:`_default`: (types, conversion).
_SIMPLE_CONVERSIONS: tuple[
    tuple[type | tuple[type, ...], t.Callable[[t.Any], t.Any]], ...
] = (
    (date, http_date),
    ((decimal.Decimal, uuid.UUID), str),
)


def _default(o: t.Any) -> t.Any:
    """Turn a value the standard :mod:`json` module cannot encode into one it
    can: dates and datetimes become HTTP date strings, decimals and UUIDs
    strings, dataclass instances dicts, and objects with ``__html__`` the
    markup that method returns."""
    for kinds, convert in _SIMPLE_CONVERSIONS:
        if isinstance(o, kinds):
            return convert(o)
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    render_html = getattr(o, "__html__", None)
    if render_html is not None:
        return str(render_html())
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


class DefaultJSONProvider(JSONProvider):
    """The provider apps use unless told otherwise, built on the standard
    library's :mod:`json`.

    Besides JSON's own types it encodes :class:`~datetime.date` and
    :class:`~datetime.datetime` (as HTTP dates), :class:`~decimal.Decimal` and
    :class:`~uuid.UUID` (as strings), dataclass instances (as objects) and
    anything with an ``__html__`` method (as that markup). The class
    attributes below tune the output; set them on a subclass or on
    ``app.json``.
    """

    #: Called for values :mod:`json` cannot encode itself; it must return an
    #: encodable value or raise :exc:`TypeError`.
    default = staticmethod(_default)

    #: Escape every non-ASCII character as ``\\uXXXX``.
    ensure_ascii = True

    #: Write object keys in sorted order, so equal data gives equal text.
    sort_keys = True

    #: Layout of :meth:`response` bodies: ``True`` for the most compact
    #: text, ``False`` for indented text, ``None`` to indent only while the
    #: app is in debug mode.
    compact: bool | None = None

    #: Content type of :meth:`response` bodies.
    mimetype = "application/json"

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Encode ``obj`` as :func:`json.dumps` would.

        :attr:`default`, :attr:`ensure_ascii` and :attr:`sort_keys` fill in
        the options that ``kwargs`` leaves out. (With the speedups on, the
        encoders built for the options are kept between calls: see
        :mod:`flask.json._speedups`.)
        """
        default = kwargs.pop("default", self.default)
        if QUICK:
            return quick.dumps(self, obj, default, kwargs)
        options: dict[str, t.Any] = {
            "ensure_ascii": self.ensure_ascii,
            "sort_keys": self.sort_keys,
        }
        options.update(kwargs)
        return json.dumps(obj, default=default, **options)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Decode a document with :func:`json.loads`."""
        return json.loads(s, **kwargs)

    def _response_layout(self) -> dict[str, t.Any]:
        """The :meth:`dumps` options that give :meth:`response` bodies the
        layout chosen by :attr:`compact`."""
        indented = self.compact is False or (self.compact is None and self._app.debug)
        if indented:
            return {"indent": 2}
        return {"separators": (",", ":")}

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Make a JSON response from the given data.

        The body is laid out according to :attr:`compact`, ends with a
        newline, and has the :attr:`mimetype` content type. Arguments are
        interpreted as in :meth:`JSONProvider.response`.
        """
        payload = self._prepare_response_obj(args, kwargs)
        body = self.dumps(payload, **self._response_layout()) + "\n"
        return self._app.response_class(body, mimetype=self.mimetype)
