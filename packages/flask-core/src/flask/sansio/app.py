"""The application object without its WSGI side: configuration, URL map,
blueprints, template registries and error handler lookup.

:class:`flask.app.Flask` adds request handling on top of :class:`App`.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import typing as t
from datetime import timedelta
from itertools import chain

from werkzeug.exceptions import Aborter, BadRequest, BadRequestKeyError
from werkzeug.routing import BuildError, Map, Rule
from werkzeug.utils import cached_property
from werkzeug.utils import redirect as _wz_redirect

from .. import seams
from .. import typing as ft
from .._speedups.rule_builders import add_rule
from ..config import Config, ConfigAttribute
from ..ctx import _AppCtxGlobals
from ..helpers import _split_blueprint_path, get_debug_flag
from ..logging import create_logger
from .scaffold import (
    Scaffold,
    _decorator_calling,
    _endpoint_from_view_func,
    find_package,
    setupmethod,
)

if t.TYPE_CHECKING:
    from click import Group
    from werkzeug.sansio.response import Response as BaseResponse
    from werkzeug.wrappers import Response as WerkzeugResponse

    from ..json.provider import JSONProvider  # type: ignore[import-not-found, import-untyped, unused-ignore]
    from ..templating import DispatchingJinjaLoader, Environment
    from .blueprints import Blueprint

T_shell_context_processor = t.TypeVar(
    "T_shell_context_processor", bound=ft.ShellContextProcessorCallable
)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)

#: File name endings whose templates are autoescaped by default.
_AUTOESCAPED_SUFFIXES = (".html", ".htm", ".xml", ".xhtml", ".svg")


def _make_timedelta(value: timedelta | int | None) -> timedelta | None:
    """Read an integer config value as a number of seconds."""
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(seconds=value)


def _templating_environment() -> type[Environment]:
    """Flask's Jinja environment class, :class:`flask.templating.Environment`."""
    from ..templating import Environment

    return Environment


def _default_json_provider_class() -> type[JSONProvider]:
    """flask-json's :class:`~flask.json.provider.DefaultJSONProvider`."""
    provider_module = seams.require("flask.json.provider", "JSON support of the app")
    return t.cast("type[JSONProvider]", provider_module.DefaultJSONProvider)


def _default_template_ctx_processor() -> dict[str, t.Any]:
    """Give templates ``g`` and, in a request, ``request`` and ``session``.

    It stands in for :mod:`flask.templating`'s processor so that merely
    creating an app does not import Jinja.
    """
    from ..templating import _default_template_ctx_processor as inject_globals

    return inject_globals()


class App(Scaffold):
    """The I/O-free part of a Flask application.

    :param import_name: name of the application's module or package.
    :param static_url_path: URL prefix of the static route.
    :param static_folder: folder of static files, relative to ``root_path``.
    :param static_host: host of the static route, required with
        ``host_matching``.
    :param host_matching: match rules on the ``host`` option.
    :param subdomain_matching: take ``SERVER_NAME`` into account for
        subdomain matching.
    :param template_folder: folder of templates, relative to ``root_path``.
    :param instance_path: absolute path of the instance folder; found
        automatically when omitted.
    :param instance_relative_config: load relative config file names from
        the instance folder instead of ``root_path``.
    :param root_path: folder of the application; found from ``import_name``
        when omitted.
    """

    #: Class of :attr:`aborter`, which :func:`flask.abort` calls.
    aborter_class = Aborter

    #: Class of :attr:`jinja_env`; Flask's templating environment by default.
    jinja_environment = seams.lazy_class_attribute(_templating_environment)

    #: Class of :data:`flask.g`.
    app_ctx_globals_class = _AppCtxGlobals

    #: Class of :attr:`config`.
    config_class = Config

    #: ``TESTING`` config value: let exceptions reach the test client.
    testing: ConfigAttribute[bool] = ConfigAttribute("TESTING")

    #: ``SECRET_KEY`` config value, which signs sessions and other data.
    secret_key: ConfigAttribute[str | bytes | None] = ConfigAttribute("SECRET_KEY")

    #: ``PERMANENT_SESSION_LIFETIME`` config value; integers mean seconds.
    permanent_session_lifetime: ConfigAttribute[timedelta] = ConfigAttribute(
        "PERMANENT_SESSION_LIFETIME",
        get_converter=t.cast("t.Callable[[t.Any], timedelta]", _make_timedelta),
    )

    #: Class instantiated (with the app) to make :attr:`json`.
    json_provider_class = seams.lazy_class_attribute(_default_json_provider_class)

    #: Keyword arguments for :attr:`jinja_environment`.
    jinja_options: dict[str, t.Any] = {}

    #: Class of the rules that :meth:`add_url_rule` creates.
    url_rule_class: type[Rule] = Rule

    #: Class of :attr:`url_map`.
    url_map_class: type[Map] = Map

    #: Class of :meth:`Flask.test_client <flask.app.Flask.test_client>`;
    #: ``None`` selects flask-testing's client.
    test_client_class: type[t.Any] | None = None

    #: Class of :meth:`Flask.test_cli_runner <flask.app.Flask.test_cli_runner>`;
    #: ``None`` selects flask-testing's runner.
    test_cli_runner_class: type[t.Any] | None = None

    #: Defaults of :attr:`config`, provided by the WSGI application class.
    default_config: dict[str, t.Any]

    #: Response class used by :meth:`redirect`, provided by the WSGI class.
    response_class: type[WerkzeugResponse]

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = "static",
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        self.template_context_processors[None] = [_default_template_ctx_processor]

        if instance_path is None:
            instance_path = self.auto_find_instance_path()
        elif not os.path.isabs(instance_path):
            raise ValueError(
                "The instance path must be absolute when it is given; got the"
                f" relative path {instance_path!r}."
            )
        #: Folder for files that belong to this deployment, not to the code.
        self.instance_path = instance_path

        #: The configuration, a :attr:`config_class` mapping.
        self.config = self.make_config(instance_relative_config)

        #: Callable that raises HTTP exceptions by code, used by :func:`abort`.
        self.aborter = self.make_aborter()

        #: Called in turn by :meth:`handle_url_build_error` with
        #: ``(error, endpoint, values)``; the first non-None result is the URL.
        self.url_build_error_handlers: list[
            t.Callable[[Exception, str, dict[str, t.Any]], str]
        ] = []

        #: Functions called when the application context is torn down.
        self.teardown_appcontext_funcs: list[ft.TeardownCallable] = []

        #: Functions whose returned dicts populate ``flask shell``.
        self.shell_context_processors: list[ft.ShellContextProcessorCallable] = []

        #: Registered blueprints by (dotted) name.
        self.blueprints: dict[str, Blueprint] = {}

        #: Free storage for extensions, conventionally keyed by their name.
        self.extensions: dict[str, t.Any] = {}

        #: The URL map that routes requests to endpoints.
        self.url_map = self.url_map_class(host_matching=host_matching)

        #: Whether subdomains are matched relative to ``SERVER_NAME``.
        self.subdomain_matching = subdomain_matching

        #: Host of the static route (needed when ``host_matching`` is on).
        self.static_host = static_host

        self._got_first_request = False

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_first_request:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called on the"
                " application. It has already handled its first request, so"
                " the change would apply to some requests and not to others.\n"
                "Do all the setup (imports, decorators, registrations) before"
                " the application starts serving."
            )

    def _make_cli_group(self) -> Group:
        group = super()._make_cli_group()
        group.name = self.name
        return group

    # -- identity ---------------------------------------------------------------

    @cached_property
    def name(self) -> str:
        """The application's name: its import name, or the script's file
        name (without extension) when it was started as ``__main__``."""
        if self.import_name != "__main__":
            return self.import_name
        script: str | None = getattr(sys.modules["__main__"], "__file__", None)
        if script is None:
            return "__main__"
        return os.path.splitext(os.path.basename(script))[0]

    @cached_property
    def logger(self) -> logging.Logger:
        """The ``logging`` logger named after :attr:`name`."""
        return create_logger(self)

    if t.TYPE_CHECKING:
        #: To type checkers, a plain instance attribute, as in Flask, so that
        #: assigning another provider type-checks everywhere.
        json: JSONProvider
    else:
        # functools' cached_property, unlike Werkzeug's, stores the provider
        # where later reads find it without calling the descriptor again:
        # the provider is read on every request.
        @functools.cached_property
        def json(self) -> JSONProvider:
            """The JSON provider, made from :attr:`json_provider_class` on
            first use. Assign another provider instance to replace it."""
            return self.json_provider_class(self)

    # -- templates --------------------------------------------------------------

    @cached_property
    def jinja_env(self) -> Environment:
        """The Jinja environment, created on first use by
        :meth:`create_jinja_environment`."""
        return self.create_jinja_environment()

    def create_jinja_environment(self) -> Environment:
        """Build :attr:`jinja_env`; implemented by the WSGI application."""
        raise NotImplementedError()

    def create_global_jinja_loader(self) -> DispatchingJinjaLoader:
        """The loader that searches the app's and every blueprint's templates."""
        from ..templating import DispatchingJinjaLoader

        return DispatchingJinjaLoader(self)

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        """Whether autoescaping is on for a template: always for string
        templates, and for HTML, XML and SVG files."""
        if filename is None:
            return True
        return filename.endswith(_AUTOESCAPED_SUFFIXES)

    # -- configuration ----------------------------------------------------------

    def make_config(self, instance_relative: bool = False) -> Config:
        """Build :attr:`config` from :attr:`default_config`, with ``DEBUG``
        taken from the ``FLASK_DEBUG`` environment variable."""
        initial = {**self.default_config, "DEBUG": get_debug_flag()}
        if instance_relative:
            return self.config_class(self.instance_path, initial)
        return self.config_class(self.root_path, initial)

    def make_aborter(self) -> Aborter:
        """Build :attr:`aborter` from :attr:`aborter_class`."""
        return self.aborter_class()

    def auto_find_instance_path(self) -> str:
        """The default instance folder: ``instance`` next to the package in
        development, ``<prefix>/var/<name>-instance`` once installed."""
        prefix, package_folder = find_package(self.import_name)
        if prefix is not None:
            return os.path.join(prefix, "var", f"{self.name}-instance")
        return os.path.join(package_folder, "instance")

    @property
    def debug(self) -> bool:
        """The ``DEBUG`` config value.

        Changing it also changes template auto-reloading, unless
        ``TEMPLATES_AUTO_RELOAD`` is set explicitly.
        """
        debug_flag: bool = self.config["DEBUG"]
        return debug_flag

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value
        environment_exists = "jinja_env" in self.__dict__
        if environment_exists and self.config["TEMPLATES_AUTO_RELOAD"] is None:
            self.jinja_env.auto_reload = value

    # -- blueprints ----------------------------------------------------------

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Register ``blueprint``'s routes and hooks on this app.

        ``options`` override the blueprint's own settings for this
        registration: ``url_prefix``, ``subdomain``, ``url_defaults``,
        ``name``, ``cli_group``, and anything else is kept in the
        :class:`~flask.blueprints.BlueprintSetupState`.
        """
        blueprint.register(self, options)

    def iter_blueprints(self) -> t.ValuesView[Blueprint]:
        """The registered blueprints, in registration order."""
        return self.blueprints.values()

    # -- routes ---------------------------------------------------------------

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: ft.RouteCallable | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)
        options["endpoint"] = endpoint

        methods = self._requested_methods(view_func, options.pop("methods", None))
        extra_methods = set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(
                view_func, "provide_automatic_options", None
            )
        if provide_automatic_options is None:
            provide_automatic_options = "OPTIONS" not in methods and bool(
                self.config["PROVIDE_AUTOMATIC_OPTIONS"]
            )
            if provide_automatic_options:
                extra_methods.add("OPTIONS")

        url_rule = self.url_rule_class(rule, methods=methods | extra_methods, **options)
        url_rule.provide_automatic_options = provide_automatic_options  # type: ignore[attr-defined]
        # (url_map.add, with the URL builders compiled on first use)
        add_rule(self.url_map, url_rule)

        if view_func is not None:
            self._bind_view(endpoint, view_func)

    @staticmethod
    def _requested_methods(
        view_func: ft.RouteCallable | None, methods: t.Any
    ) -> set[str]:
        """Upper-cased methods from the options, else the view's ``methods``
        attribute, else ``GET``."""
        if methods is None:
            methods = getattr(view_func, "methods", None) or ("GET",)
        if isinstance(methods, str):
            raise TypeError(
                "Allowed methods must be a list of strings, for example:"
                ' @app.route(..., methods=["POST"])'
            )
        return {str(method).upper() for method in methods}

    def _bind_view(self, endpoint: str, view_func: ft.RouteCallable) -> None:
        bound = self.view_functions.get(endpoint)
        if bound is not None and bound != view_func:
            raise AssertionError(
                "View function mapping is overwriting an existing endpoint"
                f" function: {endpoint}"
            )
        self.view_functions[endpoint] = view_func

    # -- template registries --------------------------------------------------

    def _add_to_jinja_namespace(
        self, namespace: str, f: t.Callable[..., t.Any], name: str | None
    ) -> None:
        """Store ``f`` in the Jinja environment's ``filters``, ``tests`` or
        ``globals`` under ``name`` (the function's name by default)."""
        entries = getattr(self.jinja_env, namespace)
        entries[name if name else f.__name__] = f

    @setupmethod
    def template_filter(
        self, name: str | None = None
    ) -> t.Callable[[T_template_filter], T_template_filter]:
        """Decorator registering a Jinja filter (named ``name`` or after the
        function)."""
        return _decorator_calling(self.add_template_filter, name)

    @setupmethod
    def add_template_filter(
        self, f: ft.TemplateFilterCallable, name: str | None = None
    ) -> None:
        """Make ``f`` available as a Jinja filter."""
        self._add_to_jinja_namespace("filters", f, name)

    @setupmethod
    def template_test(
        self, name: str | None = None
    ) -> t.Callable[[T_template_test], T_template_test]:
        """Decorator registering a Jinja test (named ``name`` or after the
        function)."""
        return _decorator_calling(self.add_template_test, name)

    @setupmethod
    def add_template_test(
        self, f: ft.TemplateTestCallable, name: str | None = None
    ) -> None:
        """Make ``f`` available as a Jinja test."""
        self._add_to_jinja_namespace("tests", f, name)

    @setupmethod
    def template_global(
        self, name: str | None = None
    ) -> t.Callable[[T_template_global], T_template_global]:
        """Decorator registering a Jinja global (named ``name`` or after the
        function)."""
        return _decorator_calling(self.add_template_global, name)

    @setupmethod
    def add_template_global(
        self, f: ft.TemplateGlobalCallable, name: str | None = None
    ) -> None:
        """Make ``f`` available as a global in every template."""
        self._add_to_jinja_namespace("globals", f, name)

    # -- other hooks ----------------------------------------------------------

    @setupmethod
    def teardown_appcontext(self, f: T_teardown) -> T_teardown:
        """Call ``f`` with the unhandled exception (or ``None``) whenever an
        application context ends; its return value is ignored."""
        self.teardown_appcontext_funcs.append(f)
        return f

    @setupmethod
    def shell_context_processor(
        self, f: T_shell_context_processor
    ) -> T_shell_context_processor:
        """Add the dict ``f`` returns to the ``flask shell`` namespace."""
        self.shell_context_processors.append(f)
        return f

    # -- errors ---------------------------------------------------------------

    def _find_error_handler(
        self, e: Exception, blueprints: list[str]
    ) -> ft.ErrorHandlerCallable | None:
        """The handler for ``e``: handlers for its status code win over
        class-only handlers, then the innermost blueprint wins over its
        parents and the app, then the closest class in the MRO wins."""
        exc_class, code = self._get_exc_class_and_code(type(e))
        scopes: tuple[str | None, ...] = (*blueprints, None)
        codes: tuple[int | None, ...] = (None,) if code is None else (code, None)
        for status in codes:
            for scope in scopes:
                by_class = self.error_handler_spec[scope][status]
                if not by_class:
                    continue
                for candidate in exc_class.__mro__:
                    handler = by_class.get(candidate)
                    if handler is not None:
                        return handler
        return None

    def trap_http_exception(self, e: Exception) -> bool:
        """Whether an HTTP exception should propagate like any other error
        instead of becoming an error response (``TRAP_HTTP_EXCEPTIONS``,
        ``TRAP_BAD_REQUEST_ERRORS``, and missing form keys in debug mode)."""
        if self.config["TRAP_HTTP_EXCEPTIONS"]:
            return True
        trap_bad_request = self.config["TRAP_BAD_REQUEST_ERRORS"]
        if trap_bad_request is None:
            return self.debug and isinstance(e, BadRequestKeyError)
        if trap_bad_request:
            return isinstance(e, BadRequest)
        return False

    def should_ignore_error(self, error: BaseException | None) -> bool:
        """Whether teardown functions should see ``error`` as ``None``.
        Never, unless overridden."""
        return False

    def redirect(self, location: str, code: int = 302) -> BaseResponse:
        """A redirect response to ``location``, of :attr:`response_class`."""
        return _wz_redirect(location, code=code, Response=self.response_class)

    # -- URL building ----------------------------------------------------------

    def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
        """Let the URL default functions of the app, then of each blueprint
        of ``endpoint`` from outermost to innermost, fill ``values``."""
        scopes: t.Iterable[str | None] = (None,)
        # A membership test first, as in Flask: an endpoint that is not a
        # string (a list, say) then fails with Flask's TypeError when the URL
        # is built, not with an AttributeError here.
        if "." in endpoint:
            blueprint_path = endpoint.rpartition(".")[0]
            scopes = chain(scopes, reversed(_split_blueprint_path(blueprint_path)))
        registry = self.url_default_functions
        for scope in scopes:
            # ``get`` rather than indexing: a defaultdict must not grow here.
            for fill_defaults in registry.get(scope, ()):
                fill_defaults(endpoint, values)

    def handle_url_build_error(
        self, error: BuildError, endpoint: str, values: dict[str, t.Any]
    ) -> str:
        """Ask :attr:`url_build_error_handlers` for a URL after ``url_for``
        failed; re-raise the error if none provides one."""
        for handler in self.url_build_error_handlers:
            try:
                url = handler(error, endpoint, values)
            except BuildError as handler_error:
                # A handler may raise a more precise error; report that one.
                error = handler_error
                continue
            if url is not None:
                return url
        if error is not sys.exc_info()[1]:
            raise error
        raise
