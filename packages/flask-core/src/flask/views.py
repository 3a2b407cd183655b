"""Class-based views: write a view as a class, register the function that
:meth:`View.as_view` makes from it."""

from __future__ import annotations

import typing as t

from . import typing as ft
from .globals import current_app, request

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: Lower-case HTTP method names that :class:`MethodView` dispatches to
#: methods of the same name.
http_method_funcs = frozenset(
    ["get", "post", "head", "options", "delete", "put", "trace", "patch"]
)


class View:
    """Base class for a view written as a class.

    Subclasses implement :meth:`dispatch_request`, which receives the URL's
    variables as keyword arguments, and are turned into a routable function
    with :meth:`as_view`::

        class Greeting(View):
            def __init__(self, word):
                self.word = word

            def dispatch_request(self, name):
                return f"{self.word}, {name}"

        app.add_url_rule("/hi/<name>", view_func=Greeting.as_view("hi", "Hi"))

    The class attributes below configure the generated function. Routing
    options such as ``methods`` are read from that function when it is
    registered, so set them on the class rather than on the function.
    """

    #: HTTP methods the view answers; ``None`` leaves the choice to
    #: ``add_url_rule`` (``GET`` by default).
    methods: t.ClassVar[t.Collection[str] | None] = None

    #: Whether Flask answers ``OPTIONS`` by itself; ``None`` uses the app's
    #: ``PROVIDE_AUTOMATIC_OPTIONS`` setting.
    provide_automatic_options: t.ClassVar[bool | None] = None

    #: Decorators wrapped around the generated view function, the first one
    #: innermost. Use this for decorators, since wrapping the class itself has
    #: no effect on the function that gets registered.
    decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = []

    #: Whether a new instance is made for each request. Set it to ``False`` to
    #: make one instance when :meth:`as_view` runs and share it across
    #: requests; keep per-request data off ``self`` in that case (use
    #: :data:`~flask.g`).
    init_every_request: t.ClassVar[bool] = True

    def dispatch_request(self) -> ft.ResponseReturnValue:
        """Handle the request; URL variables arrive as keyword arguments.
        Subclasses must implement it."""
        raise NotImplementedError()

    @classmethod
    def as_view(
        cls, name: str, *class_args: t.Any, **class_kwargs: t.Any
    ) -> ft.RouteCallable:
        """Make a view function that instantiates this class with
        ``class_args`` and ``class_kwargs`` and calls :meth:`dispatch_request`.

        ``name`` becomes the function's ``__name__`` and hence the default
        endpoint. The function carries ``view_class`` (this class) and the
        class's ``methods`` and ``provide_automatic_options``. Coroutine
        ``dispatch_request`` methods are run through ``app.ensure_sync``.
        """
        if cls.init_every_request:
            # ``view`` is rebound below to the finished (decorated) function;
            # the lambda reads ``view_class`` from that one at call time.
            view = _per_request_view(
                lambda: view.view_class,  # type: ignore[attr-defined]
                class_args,
                class_kwargs,
            )
        else:
            view = _shared_instance_view(cls(*class_args, **class_kwargs))

        if cls.decorators:
            # Decorators built on functools.wraps copy these into their
            # wrappers, so set them before wrapping as well as after.
            _label(view, cls, name)
            for decorator in cls.decorators:
                view = decorator(view)

        view.view_class = cls  # type: ignore[attr-defined]
        _label(view, cls, name)
        view.__doc__ = cls.__doc__
        view.methods = cls.methods  # type: ignore[attr-defined]
        view.provide_automatic_options = cls.provide_automatic_options  # type: ignore[attr-defined]
        return view


def _per_request_view(
    view_class: t.Callable[[], type[View]],
    class_args: tuple[t.Any, ...],
    class_kwargs: dict[str, t.Any],
) -> t.Callable[..., ft.ResponseReturnValue]:
    """A view function that builds a fresh instance for every call.

    ``view_class`` is asked for the class on each call, so replacing the
    ``view_class`` attribute of the registered function takes effect.
    """

    def view(**kwargs: t.Any) -> ft.ResponseReturnValue:
        instance = view_class()(*class_args, **class_kwargs)
        handler = current_app.ensure_sync(instance.dispatch_request)
        return handler(**kwargs)  # type: ignore[no-any-return]

    return view


def _shared_instance_view(
    instance: View,
) -> t.Callable[..., ft.ResponseReturnValue]:
    """A view function that serves every call with the same instance."""

    def view(**kwargs: t.Any) -> ft.ResponseReturnValue:
        handler = current_app.ensure_sync(instance.dispatch_request)
        return handler(**kwargs)  # type: ignore[no-any-return]

    return view


def _label(view: t.Callable[..., t.Any], cls: type[View], name: str) -> None:
    view.__name__ = name
    view.__module__ = cls.__module__


class MethodView(View):
    """A view that routes each HTTP method to the method of the same name,
    lower-cased: ``GET`` calls ``get``, ``POST`` calls ``post``, and
    so on.

    :attr:`methods` is filled in from the handlers a subclass defines (and
    those of its bases) unless the subclass sets it itself. ``HEAD`` falls
    back to ``get`` when there is no ``head``. Handlers may be
    coroutine functions.

    .. code-block:: python

        class Items(MethodView):
            def get(self):
                return list_items()

            def post(self):
                return add_item(request.form)

        app.add_url_rule("/items", view_func=Items.as_view("items"))
    """

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "methods" in cls.__dict__:
            return
        found: set[str] = set()
        for base in cls.__bases__:
            inherited = getattr(base, "methods", None)
            if inherited:
                found.update(inherited)
        found.update(
            method.upper() for method in http_method_funcs if hasattr(cls, method)
        )
        if found:
            cls.methods = found

    def dispatch_request(self, **kwargs: t.Any) -> ft.ResponseReturnValue:
        """Call the handler for the request's method with the URL values."""
        method = request.method
        handler = getattr(self, method.lower(), None)
        if handler is None and method == "HEAD":
            handler = getattr(self, "get", None)
        assert handler is not None, f"Unimplemented method {method!r}"
        return current_app.ensure_sync(handler)(**kwargs)  # type: ignore[no-any-return]
