"""What flask-core resolves on first use instead of at import, so that
``import flask`` loads neither Jinja nor any add-on: names of the ``flask``
package (served by ``flask.__getattr__``) and class attributes.

The public names are those of :mod:`flask.seams`.
"""

from __future__ import annotations

import typing as t

#: Names of the ``flask`` package that flask-core serves on first use (from
#: ``flask.__getattr__``), so that ``import flask`` loads neither Jinja nor
#: any add-on: name -> (module, attribute of it, or ``None`` for the module).
#: The submodules among them are attributes of ``flask`` after ``import
#: flask`` in Flask.
LAZY_PACKAGE_NAMES: dict[str, tuple[str, str | None]] = {
    "templating": ("flask.templating", None),
    "render_template": ("flask.templating", "render_template"),
    "render_template_string": ("flask.templating", "render_template_string"),
    "stream_template": ("flask.templating", "stream_template"),
    "stream_template_string": ("flask.templating", "stream_template_string"),
    "json": ("flask.json", None),
    "jsonify": ("flask.json", "jsonify"),
    "sessions": ("flask.sessions", None),
    "cli": ("flask.cli", None),
    "signals": ("flask.signals", None),
    **{
        name: ("flask.signals", name)
        for name in (
            "appcontext_popped",
            "appcontext_pushed",
            "appcontext_tearing_down",
            "before_render_template",
            "got_request_exception",
            "message_flashed",
            "request_finished",
            "request_started",
            "request_tearing_down",
            "template_rendered",
        )
    },
}

_T = t.TypeVar("_T")


class lazy_class_attribute(t.Generic[_T]):
    """A class attribute whose value is computed on first
    read and then stored on the class it was declared on.

    Subclasses and instances may override it with a plain assignment, as with
    any class attribute; until someone reads it, nothing is imported.
    """

    def __init__(self, factory: t.Callable[[], _T]) -> None:
        self._factory = factory
        self._name = ""
        self.__doc__ = factory.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._owner = owner
        self._name = name

    @t.overload
    def __get__(self, obj: None, objtype: type | None = None) -> _T: ...

    @t.overload
    def __get__(self, obj: object, objtype: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, objtype: type | None = None) -> _T:
        value = self._factory()
        setattr(self._owner, self._name, value)
        return value
