"""What applications and blueprints have in common: their location on disk,
their routes and the request, error, template and URL hooks they collect.

Every registry is a plain mapping keyed by ``None`` (the object itself) or by
a blueprint's dotted name, so an application can merge a blueprint's hooks
into its own and extensions can read or edit them at any time.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import typing as t
from collections import defaultdict
from functools import update_wrapper

from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.utils import cached_property

from .. import seams
from .. import typing as ft
from ..helpers import get_root_path

if t.TYPE_CHECKING:
    import pathlib

    from click import Group
    from jinja2 import BaseLoader

#: Marks "no value given" where ``None`` is itself a meaningful value.
_sentinel = object()

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T_after_request = t.TypeVar("T_after_request", bound=ft.AfterRequestCallable[t.Any])
T_before_request = t.TypeVar("T_before_request", bound=ft.BeforeRequestCallable)
T_error_handler = t.TypeVar("T_error_handler", bound=ft.ErrorHandlerCallable)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_context_processor = t.TypeVar(
    "T_template_context_processor", bound=ft.TemplateContextProcessorCallable
)
T_url_defaults = t.TypeVar("T_url_defaults", bound=ft.URLDefaultCallable)
T_url_value_preprocessor = t.TypeVar(
    "T_url_value_preprocessor", bound=ft.URLValuePreprocessorCallable
)
T_route = t.TypeVar("T_route", bound=ft.RouteCallable)

#: Handlers for one scope: status code (or ``None``) -> exception class -> handler.
_HandlersByCode = dict[int | None, dict[type[Exception], ft.ErrorHandlerCallable]]


_Registered = t.TypeVar("_Registered", bound=t.Callable[..., t.Any])


def _decorator_calling(
    register: t.Callable[[t.Any, str | None], None], name: str | None
) -> t.Callable[[_Registered], _Registered]:
    """A decorator that passes the function and ``name`` to ``register`` and
    returns the function unchanged."""

    def decorate(f: _Registered) -> _Registered:
        register(f, name)
        return f

    return decorate


def setupmethod(f: F) -> F:
    """Guard a registration method so it refuses to run once its owner is in
    use (an app that served a request, a blueprint that was registered)."""
    method_name = f.__name__

    def guarded(self: Scaffold, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._check_setup_finished(method_name)
        return f(self, *args, **kwargs)

    return t.cast(F, update_wrapper(guarded, f))


def _new_error_handler_spec() -> defaultdict[ft.AppOrBlueprintKey, _HandlersByCode]:
    return defaultdict(lambda: defaultdict(dict))


class Scaffold:
    """Base of :class:`~flask.sansio.app.App` and
    :class:`~flask.sansio.blueprints.Blueprint`.

    It knows where its package lives (``root_path``), where its static files
    and templates are, and collects views and hooks. It never serves anything
    itself; subclasses decide how the collected pieces are used.

    :param import_name: the name of the module or package that defines it,
        used to locate ``root_path``.
    :param static_folder: folder of static files, relative to ``root_path``.
    :param static_url_path: URL prefix for the static files; defaults to the
        static folder's name.
    :param template_folder: folder of templates, relative to ``root_path``.
    :param root_path: the folder that relative paths start from; found from
        ``import_name`` when not given.
    """

    #: The name used in endpoints and in the registries' keys.
    name: str
    _static_folder: str | None = None
    _static_url_path: str | None = None

    def __init__(
        self,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        root_path: str | None = None,
    ) -> None:
        #: The module or package name this object was created for.
        self.import_name = import_name
        self.static_folder = static_folder
        self.static_url_path = static_url_path
        #: Template folder relative to ``root_path``; ``None`` means no loader.
        self.template_folder = template_folder
        if root_path is None:
            root_path = get_root_path(self.import_name)
        #: Absolute folder that other relative paths are resolved against.
        self.root_path = root_path
        # The click group is made on first use of ``cli``: flask-cli is optional.
        self._cli: Group | None = None

        #: endpoint -> view function.
        self.view_functions: dict[str, ft.RouteCallable] = {}
        #: scope -> status code or ``None`` -> exception class -> handler.
        self.error_handler_spec: dict[ft.AppOrBlueprintKey, _HandlersByCode] = (
            _new_error_handler_spec()
        )
        #: scope -> functions run before the view.
        self.before_request_funcs: dict[
            ft.AppOrBlueprintKey, list[ft.BeforeRequestCallable]
        ] = defaultdict(list)
        #: scope -> functions run on the response, last registered first.
        self.after_request_funcs: dict[
            ft.AppOrBlueprintKey, list[ft.AfterRequestCallable[t.Any]]
        ] = defaultdict(list)
        #: scope -> functions run when the request context is popped.
        self.teardown_request_funcs: dict[
            ft.AppOrBlueprintKey, list[ft.TeardownCallable]
        ] = defaultdict(list)
        #: scope -> functions adding variables to every template's context.
        self.template_context_processors: dict[
            ft.AppOrBlueprintKey, list[ft.TemplateContextProcessorCallable]
        ] = defaultdict(list)
        #: scope -> functions that may change the matched URL values.
        self.url_value_preprocessors: dict[
            ft.AppOrBlueprintKey, list[ft.URLValuePreprocessorCallable]
        ] = defaultdict(list)
        #: scope -> functions that may fill in values when building URLs.
        self.url_default_functions: dict[
            ft.AppOrBlueprintKey, list[ft.URLDefaultCallable]
        ] = defaultdict(list)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def _check_setup_finished(self, f_name: str) -> None:
        raise NotImplementedError

    # -- command line ---------------------------------------------------------

    @property
    def cli(self) -> Group:
        """The click group of this object's commands (an ``AppGroup`` from
        ``flask.cli``), created the first time it is used."""
        group = self._cli
        if group is None:
            group = self._cli = self._make_cli_group()
        return group

    @cli.setter
    def cli(self, value: Group) -> None:
        self._cli = value

    def _make_cli_group(self) -> Group:
        cli_module = seams.require("flask.cli", "The 'cli' command group")
        return t.cast("Group", cli_module.AppGroup())

    # -- files ------------------------------------------------------------------

    @property
    def static_folder(self) -> str | None:
        """Absolute path of the static folder, or ``None`` if there is none."""
        folder = self._static_folder
        if folder is None:
            return None
        return os.path.join(self.root_path, folder)

    @static_folder.setter
    def static_folder(self, value: str | os.PathLike[str] | None) -> None:
        self._static_folder = None if value is None else os.fspath(value).rstrip("\\/")

    @property
    def has_static_folder(self) -> bool:
        """Whether a static folder is configured."""
        return self.static_folder is not None

    @property
    def static_url_path(self) -> str | None:
        """URL prefix of the static route; by default ``/`` plus the static
        folder's last path segment."""
        explicit = self._static_url_path
        if explicit is not None:
            return explicit
        folder = self.static_folder
        if folder is None:
            return None
        return f"/{os.path.basename(folder)}".rstrip("/")

    @static_url_path.setter
    def static_url_path(self, value: str | None) -> None:
        self._static_url_path = None if value is None else value.rstrip("/")

    @cached_property
    def jinja_loader(self) -> BaseLoader | None:
        """A file system loader for ``template_folder``, or ``None``."""
        if self.template_folder is None:
            return None
        from jinja2 import FileSystemLoader

        return FileSystemLoader(os.path.join(self.root_path, self.template_folder))

    # -- routes -----------------------------------------------------------------

    def _method_route(
        self, method: str, rule: str, options: dict[str, t.Any]
    ) -> t.Callable[[T_route], T_route]:
        if "methods" in options:
            raise TypeError(
                "Use the 'route' decorator to use the 'methods' argument;"
                f" '{method.lower()}' always registers {method} only."
            )
        return self.route(rule, methods=[method], **options)

    @setupmethod
    def get(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["GET"]``."""
        return self._method_route(method="GET", rule=rule, options=options)

    @setupmethod
    def post(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["POST"]``."""
        return self._method_route(method="POST", rule=rule, options=options)

    @setupmethod
    def put(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["PUT"]``."""
        return self._method_route(method="PUT", rule=rule, options=options)

    @setupmethod
    def delete(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["DELETE"]``."""
        return self._method_route(method="DELETE", rule=rule, options=options)

    @setupmethod
    def patch(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["PATCH"]``."""
        return self._method_route(method="PATCH", rule=rule, options=options)

    @setupmethod
    def route(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Decorator form of :meth:`add_url_rule`: the decorated function
        becomes the view for ``rule``. ``endpoint`` and the other options are
        passed on unchanged."""

        def register_view(view: T_route) -> T_route:
            self.add_url_rule(rule, options.pop("endpoint", None), view, **options)
            return view

        return register_view

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: ft.RouteCallable | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Connect a URL rule to an endpoint and, optionally, its view.

        :param rule: the URL rule, in Werkzeug's routing syntax.
        :param endpoint: the endpoint name; the view function's name if omitted.
        :param view_func: the function called for matching requests.
        :param provide_automatic_options: answer ``OPTIONS`` automatically.
        :param options: passed to the rule class (``methods``, ``defaults``,
            ``subdomain``, ``host``, ``strict_slashes``, ``redirect_to``...).
        """
        raise NotImplementedError

    @setupmethod
    def endpoint(self, endpoint: str) -> t.Callable[[F], F]:
        """Use the decorated function as the view of ``endpoint``, for rules
        that were added without a view."""

        def register_endpoint(view: F) -> F:
            self.view_functions[endpoint] = view
            return view

        return register_endpoint

    # -- request hooks ----------------------------------------------------------

    @setupmethod
    def before_request(self, f: T_before_request) -> T_before_request:
        """Call ``f`` before the view; if it returns a value, that value is
        the response and the view is skipped."""
        self.before_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def after_request(self, f: T_after_request) -> T_after_request:
        """Call ``f`` with the response object; it returns the response to use."""
        self.after_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def teardown_request(self, f: T_teardown) -> T_teardown:
        """Call ``f`` when the request context ends, with the unhandled
        exception or ``None``; its return value is ignored."""
        self.teardown_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def context_processor(
        self, f: T_template_context_processor
    ) -> T_template_context_processor:
        """Merge the dict ``f`` returns into each rendered template's context."""
        self.template_context_processors.setdefault(None, []).append(f)
        return f

    @setupmethod
    def url_value_preprocessor(
        self, f: T_url_value_preprocessor
    ) -> T_url_value_preprocessor:
        """Call ``f(endpoint, values)`` after matching, before the before
        request functions, so it can take values out of the URL values."""
        self.url_value_preprocessors.setdefault(None, []).append(f)
        return f

    @setupmethod
    def url_defaults(self, f: T_url_defaults) -> T_url_defaults:
        """Call ``f(endpoint, values)`` when building a URL so it can add
        missing values in place."""
        self.url_default_functions.setdefault(None, []).append(f)
        return f

    # -- error handlers -----------------------------------------------------

    @setupmethod
    def errorhandler(
        self, code_or_exception: type[Exception] | int
    ) -> t.Callable[[T_error_handler], T_error_handler]:
        """Decorator that registers an error handler for an HTTP status code
        or an exception class (see :meth:`register_error_handler`)."""

        def register_handler(handler: T_error_handler) -> T_error_handler:
            self.register_error_handler(code_or_exception, handler)
            return handler

        return register_handler

    @setupmethod
    def register_error_handler(
        self,
        code_or_exception: type[Exception] | int,
        f: ft.ErrorHandlerCallable,
    ) -> None:
        """Call ``f`` with the exception when a matching error is raised.

        A status code stands for Werkzeug's exception class for that code.
        """
        exc_class, code = self._get_exc_class_and_code(code_or_exception)
        self.error_handler_spec[None][code][exc_class] = f

    @staticmethod
    def _get_exc_class_and_code(
        exc_class_or_code: type[Exception] | int,
    ) -> tuple[type[Exception], int | None]:
        """Normalise a handler key to ``(exception class, status code or None)``."""
        if isinstance(exc_class_or_code, int):
            exc_class: t.Any = default_exceptions.get(exc_class_or_code)
            if exc_class is None:
                raise ValueError(
                    f"'{exc_class_or_code}' is not a recognized HTTP error code."
                    " Use a subclass of HTTPException with that code instead."
                )
        else:
            exc_class = exc_class_or_code

        if isinstance(exc_class, Exception):
            raise TypeError(
                f"{exc_class!r} is an instance, not a class. Error handlers are"
                " registered for exception classes or HTTP status codes."
            )
        if not (isinstance(exc_class, type) and issubclass(exc_class, Exception)):
            class_name = getattr(exc_class, "__name__", repr(exc_class))
            raise ValueError(
                f"'{class_name}' is not a subclass of Exception. Error handlers"
                " are registered for exception classes or HTTP status codes."
            )
        if issubclass(exc_class, HTTPException):
            return exc_class, exc_class.code
        return exc_class, None


def _endpoint_from_view_func(view_func: ft.RouteCallable | None) -> str:
    """The default endpoint of a view: the function's name."""
    assert view_func is not None, "expected view func if endpoint is not provided."
    return view_func.__name__


def _path_is_relative_to(path: pathlib.PurePath, base: str) -> bool:
    """``path.is_relative_to(base)``, available on every supported Python."""
    try:
        path.relative_to(base)
    except ValueError:
        return False
    return True


def _namespace_portion(import_name: str, portions: list[str]) -> str:
    """Choose, among a namespace package's folders, the one that contains
    ``import_name``."""
    spec = importlib.util.find_spec(import_name)
    if spec is not None and spec.submodule_search_locations:
        import pathlib  # (only when an app is created: not part of ``import flask``)

        own_folder = pathlib.Path(os.path.commonpath(spec.submodule_search_locations))
        for portion in portions:
            if _path_is_relative_to(own_folder, portion):
                return portion
    return portions[0]


def _find_package_path(import_name: str) -> str:
    """The folder that contains the top-level module or package of
    ``import_name``; the working directory if it cannot be found."""
    top_level = import_name.partition(".")[0]
    try:
        top_spec = importlib.util.find_spec(top_level)
    except (ImportError, ValueError):
        top_spec = None
    if top_spec is None:
        return os.getcwd()

    portions = top_spec.submodule_search_locations
    origin = top_spec.origin
    if not portions:
        # A single-file module lives directly in the folder we want.
        return os.path.dirname(origin or "")
    if origin is not None and origin != "namespace":
        # A regular package: strip "<package>/__init__.py".
        return os.path.dirname(os.path.dirname(origin))
    return os.path.dirname(_namespace_portion(import_name, list(portions)))


def find_package(import_name: str) -> tuple[str | None, str]:
    """Locate where ``import_name`` is installed.

    Returns ``(prefix, package_folder)``: ``prefix`` is the installation
    prefix (a virtualenv or ``sys.prefix``, found from a ``site-packages``
    folder) or ``None`` when the package is not installed, e.g. a project
    folder; ``package_folder`` contains the top-level module or package.
    """
    import pathlib  # (only when an app is created: not part of ``import flask``)

    package_path = _find_package_path(import_name)
    interpreter_prefix = os.path.abspath(sys.prefix)
    if _path_is_relative_to(pathlib.PurePath(package_path), interpreter_prefix):
        return interpreter_prefix, package_path

    return _install_prefix(package_path), package_path


def _install_prefix(package_path: str) -> str | None:
    """The prefix above a ``site-packages`` folder, or ``None`` when
    ``package_path`` is not one."""
    import pathlib

    segments = [part.lower() for part in pathlib.PurePath(package_path).parts]
    if not segments or segments[-1] != "site-packages":
        return None
    # Strip "site-packages", then "lib" (Windows: <prefix>/Lib/site-packages)
    # or "lib/pythonX.Y" (POSIX); a site-packages elsewhere keeps its parent.
    levels_up = 1
    if segments[-2:-1] == ["lib"]:
        levels_up = 2
    elif segments[-3:-2] == ["lib"]:
        levels_up = 3
    prefix = package_path
    for _ in range(levels_up):
        prefix = os.path.dirname(prefix)
    return prefix
