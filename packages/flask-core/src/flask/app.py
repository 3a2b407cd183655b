"""The WSGI application class.

:class:`flask.sansio.app.App` holds everything about an application that does
not touch the outside world: registries, routing rules, configuration. The
:class:`Flask` class defined here adds what does: serving requests through
WSGI, contexts, static and resource files, templates, the development server
and the test helpers.
"""

from __future__ import annotations

import collections.abc as cabc
import inspect
import os
import sys
import typing as t
import weakref
from contextlib import closing
from datetime import timedelta
from types import TracebackType
from urllib.parse import quote as _url_quote

from werkzeug.datastructures import Headers, ImmutableDict
from werkzeug.exceptions import BadRequestKeyError, HTTPException, InternalServerError
from werkzeug.routing import BuildError, RequestRedirect, RoutingException
from werkzeug.wrappers import Response as BaseResponse
from werkzeug.wsgi import get_host

from . import _wsgi_response, seams
from . import typing as ft
from ._speedups import ENABLED as SPEEDUPS
from ._speedups import dispatch as quick_dispatch
from ._speedups import responses as quick_responses
from ._speedups.error_pages import error_response
from ._wsgi_response import UnsafeResponseError
from .ctx import AppContext, RequestContext, _exception_or_current, _sentinel
from .globals import _cv_app, _cv_request, current_app, g, request, session
from .helpers import (
    get_debug_flag,
    get_flashed_messages,
    get_load_dotenv,
    send_from_directory,
)
from .sansio.app import App
from .wrappers import Request, Response

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from werkzeug.routing import MapAdapter

    from ._speedups.adapters import AdapterCache
    from .templating import Environment
    from .testing import (  # type: ignore[attr-defined, import-untyped, unused-ignore]
        FlaskClient,
        FlaskCliRunner,
    )

T_shell_context_processor = t.TypeVar(
    "T_shell_context_processor", bound=ft.ShellContextProcessorCallable
)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)

#: Characters left as they are when a URL fragment (``_anchor``) is quoted.
_ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"

#: The hook scopes of a request whose endpoint belongs to no blueprint: the
#: app's own registries only.
_APP_SCOPE_ONLY: tuple[str | None, ...] = (None,)

#: How a response reaches the WSGI server: through its own ``__call__`` with
#: what it sends checked (the reference), or, with the speedups on, plain
#: responses directly (see :mod:`flask._speedups.responses`).
_send_response = (
    quick_responses.send_response if SPEEDUPS else _wsgi_response.send_response
)


#: What a view may return, in words, for the errors of :meth:`Flask.make_response`.
_VALID_RETURNS = (
    "a string, bytes, dict, list, iterator, tuple with status or headers,"
    " Response instance or WSGI callable"
)


def _split_response_tuple(
    rv: tuple[t.Any, ...],
) -> tuple[t.Any, t.Any, t.Any]:
    """Unpack a view's ``(body, status, headers)``, ``(body, status)`` or
    ``(body, headers)`` return value into body, status and headers."""
    if len(rv) == 3:
        return rv[0], rv[1], rv[2]
    if len(rv) == 2:
        body, extra = rv
        if isinstance(extra, (Headers, dict, tuple, list)):
            return body, None, extra
        return body, extra, None
    raise TypeError(
        f"The view function returned a tuple of {len(rv)} items. A response"
        " tuple must have the form (body, status, headers), (body, status) or"
        " (body, headers)."
    )


class Flask(App):
    """A WSGI application: the central object of a Flask project.

    Create it in the main module or package ``__init__`` of the project,
    passing the import name so that resources, templates and static files
    are looked up next to it::

        from flask import Flask
        app = Flask(__name__)

    :param import_name: the name of the application's module or package.
    :param static_url_path: URL prefix of static files; defaults to the name
        of ``static_folder``.
    :param static_folder: folder of static files served at
        ``static_url_path``, relative to ``root_path``; ``None`` disables the
        static route.
    :param static_host: host of the static route, required with
        ``host_matching``.
    :param host_matching: match rules against the host as well
        (``url_map.host_matching``).
    :param subdomain_matching: take the subdomain relative to
        ``SERVER_NAME`` into account when matching.
    :param template_folder: folder of templates, relative to ``root_path``.
    :param instance_path: the instance folder; found automatically if not
        given.
    :param instance_relative_config: load relative config file names from the
        instance folder rather than the root path.
    :param root_path: the folder the application lives in; found from
        ``import_name`` if not given.
    """

    #: The configuration every new app starts with.
    default_config = ImmutableDict(
        {
            "DEBUG": None,
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": None,
            "SECRET_KEY": None,
            "SECRET_KEY_FALLBACKS": None,
            "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
            "USE_X_SENDFILE": False,
            "TRUSTED_HOSTS": None,
            "SERVER_NAME": None,
            "APPLICATION_ROOT": "/",
            "SESSION_COOKIE_NAME": "session",
            "SESSION_COOKIE_DOMAIN": None,
            "SESSION_COOKIE_PATH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_PARTITIONED": False,
            "SESSION_COOKIE_SAMESITE": None,
            "SESSION_REFRESH_EACH_REQUEST": True,
            "MAX_CONTENT_LENGTH": None,
            "MAX_FORM_MEMORY_SIZE": 500_000,
            "MAX_FORM_PARTS": 1_000,
            "SEND_FILE_MAX_AGE_DEFAULT": None,
            "TRAP_BAD_REQUEST_ERRORS": None,
            "TRAP_HTTP_EXCEPTIONS": False,
            "EXPLAIN_TEMPLATE_LOADING": False,
            "PREFERRED_URL_SCHEME": "http",
            "TEMPLATES_AUTO_RELOAD": None,
            "MAX_COOKIE_SIZE": 4093,
            "PROVIDE_AUTOMATIC_OPTIONS": True,
        }
    )

    #: The class of ``request``.
    request_class: type[Request] = Request

    #: The class of responses built by :meth:`make_response`.
    response_class: type[Response] = Response

    #: Opens and saves sessions. Resolved on first use: the interface the
    #: app's configuration selects through flask-sessions (``SESSION_TYPE``),
    #: else its secure cookie interface, or an interface whose sessions are
    #: empty and read-only when that distribution is not installed.
    session_interface: t.Any = seams.app_session_interface()

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
            static_url_path=static_url_path,
            static_folder=static_folder,
            static_host=static_host,
            host_matching=host_matching,
            subdomain_matching=subdomain_matching,
            template_folder=template_folder,
            instance_path=instance_path,
            instance_relative_config=instance_relative_config,
            root_path=root_path,
        )
        if self.has_static_folder:
            self._add_static_route(static_host, host_matching)

    def _add_static_route(self, static_host: str | None, host_matching: bool) -> None:
        # With host matching every rule needs a host, and without it a host
        # would be meaningless: both or neither.
        assert bool(static_host) == host_matching, (
            "'static_host' must be given exactly when 'host_matching' is enabled."
        )
        # The route keeps only a weak reference, so the app can be collected.
        app_ref = weakref.ref(self)

        def serve_static(**kwargs: t.Any) -> Response:
            app = app_ref()
            assert app is not None
            return app.send_static_file(**kwargs)

        self.add_url_rule(
            f"{self.static_url_path}/<path:filename>",
            endpoint="static",
            host=static_host,
            view_func=serve_static,
        )

    # -- files ---------------------------------------------------------------

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """The ``max_age`` for :func:`send_file` when serving ``filename``.

        Reads ``SEND_FILE_MAX_AGE_DEFAULT``; ``None`` (the default) lets the
        browser revalidate with conditional requests. Override to vary it
        per file.
        """
        configured = current_app.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if isinstance(configured, timedelta):
            return int(configured.total_seconds())
        return configured  # type: ignore[no-any-return]

    def send_static_file(self, filename: str) -> Response:
        """Serve ``filename`` from :attr:`static_folder` (the ``static``
        endpoint's view)."""
        if not self.has_static_folder:
            raise RuntimeError(
                "Static files cannot be served: no 'static_folder' is set."
            )
        return send_from_directory(
            t.cast(str, self.static_folder),
            filename,
            max_age=self.get_send_file_max_age(filename),
        )

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = None
    ) -> t.IO[t.AnyStr]:
        """Open ``resource`` (a path relative to :attr:`root_path`) for
        reading.

        :param mode: ``"rb"`` (the default), ``"r"`` or ``"rt"``.
        :param encoding: the text encoding in a text mode.
        """
        if mode not in {"r", "rt", "rb"}:
            raise ValueError(f"Resources are read-only; mode {mode!r} is not allowed.")
        return _open_file(os.path.join(self.root_path, resource), mode, encoding)

    def open_instance_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.AnyStr]:
        """Open ``resource`` (a path relative to :attr:`instance_path`).

        Unlike :meth:`open_resource`, files may also be opened for writing.
        ``encoding`` applies to text modes only.
        """
        return _open_file(os.path.join(self.instance_path, resource), mode, encoding)

    # -- templates -------------------------------------------------------------

    def create_jinja_environment(self) -> Environment:
        """Build the app's Jinja environment from :attr:`jinja_options`.

        Autoescaping follows :meth:`select_jinja_autoescape`; templates are
        reloaded when ``TEMPLATES_AUTO_RELOAD`` (default: debug mode) is on.
        Templates see ``url_for``, ``get_flashed_messages``, ``config``,
        ``request``, ``session`` and ``g``; ``|tojson`` uses the app's JSON
        provider.
        """
        from . import templating  # noqa: F401  (Jinja is loaded on demand)

        options = dict(self.jinja_options)
        options.setdefault("autoescape", self.select_jinja_autoescape)
        if "auto_reload" not in options:
            reload_setting = self.config["TEMPLATES_AUTO_RELOAD"]
            options["auto_reload"] = (
                self.debug if reload_setting is None else reload_setting
            )

        env = self.jinja_environment(self, **options)
        env.globals.update(
            url_for=self.url_for,
            get_flashed_messages=get_flashed_messages,
            config=self.config,
            request=request,
            session=session,
            g=g,
        )
        env.policies["json.dumps_function"] = self._template_json_dumps()
        return env  # type: ignore[no-any-return, unused-ignore]

    def _template_json_dumps(self) -> t.Callable[..., str]:
        """The function behind ``|tojson``.

        With flask-json present it is the provider's ``dumps``. Without it the
        provider is looked up only when the filter is used, which then
        reports the missing distribution.
        """
        if seams.is_installed("flask.json"):
            return self.json.dumps

        def dumps_with_app_provider(obj: t.Any, **kwargs: t.Any) -> str:
            return self.json.dumps(obj, **kwargs)

        return dumps_with_app_provider

    def update_template_context(self, context: dict[str, t.Any]) -> None:
        """Add the values of the context processors to ``context``.

        The app's processors run first, then those of the current request's
        blueprints from outermost to innermost. Values already in
        ``context`` (those passed to the render call) always win.
        """
        explicit = context.copy()
        for scope in self._request_scopes(blueprints_first=False):
            for processor in self.template_context_processors.get(scope, ()):
                context.update(self.ensure_sync(processor)())
        context.update(explicit)

    def _request_scopes(self, blueprints_first: bool) -> tuple[str | None, ...]:
        """Registry keys for the current request: ``None`` for the app plus
        its blueprints' names, in hook order.

        ``blueprints_first`` lists the innermost blueprint first and the app
        last (after and teardown hooks); otherwise the app comes first and
        the blueprints follow, outermost first (before and context hooks).
        """
        ctx = _cv_request.get(None)
        if ctx is None:
            return _APP_SCOPE_ONLY
        request = ctx.request
        if SPEEDUPS:
            scopes = quick_dispatch.request_scopes(request, blueprints_first)
            if scopes is not None:
                return scopes
        if request.blueprint is None:
            return _APP_SCOPE_ONLY
        names = request.blueprints
        if blueprints_first:
            return (*names, None)
        return (None, *reversed(names))

    def make_shell_context(self) -> dict[str, t.Any]:
        """The names available in ``flask shell``: ``app``, ``g`` and those
        of the shell context processors."""
        namespace: dict[str, t.Any] = {"app": self, "g": g}
        for processor in self.shell_context_processors:
            namespace.update(processor())
        return namespace

    # -- development server and test helpers -----------------------------------

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: t.Any,
    ) -> None:
        """Serve the app with Werkzeug's development server.

        Not for production; and the ``flask run`` command is the preferred
        way in development. Host and port default to those of
        ``SERVER_NAME``, else ``127.0.0.1`` and ``5000``. Debug mode turns
        on the reloader and debugger unless ``options`` say otherwise.

        :param host: the interface to listen on; ``"0.0.0.0"`` for all.
        :param port: the port to listen on.
        :param debug: force debug mode on or off.
        :param load_dotenv: load ``.env`` and ``.flaskenv`` files (needs
            flask-cli) and take ``FLASK_DEBUG`` from the environment.
        :param options: passed on to :func:`werkzeug.serving.run_simple`.
        """
        if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
            _warn_run_ignored()
            return

        cli_module = seams.optional("flask.cli")
        if get_load_dotenv(load_dotenv):
            if cli_module is not None:
                cli_module.load_dotenv()
            if "FLASK_DEBUG" in os.environ:
                self.debug = get_debug_flag()

        if debug is not None:
            self.debug = bool(debug)

        host, port = self._server_address(host, port)
        options.setdefault("use_reloader", self.debug)
        options.setdefault("use_debugger", self.debug)
        options.setdefault("threaded", True)

        if cli_module is not None:
            cli_module.show_server_banner(self.debug, self.name)
        else:
            _print_server_banner(self.debug, self.name)

        from werkzeug.serving import run_simple

        try:
            run_simple(host, port, self, **options)
        finally:
            # Allow setup methods again if the server is restarted in-process.
            self._got_first_request = False

    def _server_address(self, host: str | None, port: int | None) -> tuple[str, int]:
        """Fill in :meth:`run`'s missing host and port from ``SERVER_NAME``."""
        server_name = self.config.get("SERVER_NAME") or ""
        name_host, _, name_port = server_name.partition(":")
        if not host:
            host = name_host or "127.0.0.1"
        if port or port == 0:
            return host, int(port)
        return host, int(name_port) if name_port else 5000

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> FlaskClient:
        """Return a test client for the app (needs flask-testing unless
        :attr:`test_client_class` is set).

        :param use_cookies: keep cookies between requests.
        :param kwargs: passed to the client class.
        """
        client_class = self.test_client_class
        if client_class is None:
            testing = seams.require("flask.testing", "'app.test_client()'")
            client_class = testing.FlaskClient
        return client_class(  # type: ignore[no-any-return, unused-ignore]
            self, self.response_class, use_cookies=use_cookies, **kwargs
        )

    def test_cli_runner(self, **kwargs: t.Any) -> FlaskCliRunner:
        """Return a runner for the app's CLI commands (needs flask-testing
        unless :attr:`test_cli_runner_class` is set)."""
        runner_class = self.test_cli_runner_class
        if runner_class is None:
            testing = seams.require("flask.testing", "'app.test_cli_runner()'")
            runner_class = testing.FlaskCliRunner
        return runner_class(self, **kwargs)  # type: ignore[no-any-return, unused-ignore]

    # -- URLs ----------------------------------------------------------------

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Bind :attr:`url_map` for matching and building URLs.

        For a request, the adapter is bound to its environ, after checking
        its host against ``TRUSTED_HOSTS``. Without a request it is bound to
        ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``,
        or ``None`` is returned when ``SERVER_NAME`` is not set.
        """
        config = self.config
        if request is None:
            if config["SERVER_NAME"] is None:
                return None
            return self.url_map.bind(
                config["SERVER_NAME"],
                script_name=config["APPLICATION_ROOT"],
                url_scheme=config["PREFERRED_URL_SCHEME"],
            )

        trusted = config["TRUSTED_HOSTS"]
        if trusted is not None:
            request.trusted_hosts = trusted

        url_map = self.url_map
        server_name: str | None = config["SERVER_NAME"]
        subdomain: str | None = None
        if url_map.host_matching:
            # The real Host header must reach the matcher untouched.
            server_name = None
        elif not self.subdomain_matching:
            # Pin the subdomain so that any host matches the default one.
            subdomain = url_map.default_subdomain or ""

        environ = request.environ
        if SPEEDUPS and request.trusted_hosts is None:
            cache = self._url_adapter_cache
            if cache.can_reuse(url_map, subdomain):
                # The validated host and the binding, remembered per Host
                # header (see flask._speedups.adapters).
                host, adapter = cache.bind(environ, url_map, server_name, subdomain)
                request.host = host  # type: ignore[misc, unused-ignore]
                return adapter
        # Raises SecurityError (400) for a host outside the trusted list.
        request.host = get_host(environ, request.trusted_hosts)  # type: ignore[misc, unused-ignore]
        return url_map.bind_to_environ(
            environ, server_name=server_name, subdomain=subdomain
        )

    @property
    def _url_adapter_cache(self) -> AdapterCache:
        """The app's remembered URL map bindings and static matches (see
        :mod:`flask._speedups.adapters`)."""
        cache: AdapterCache | None = self.__dict__.get("_adapter_cache")
        if cache is None:
            from ._speedups.adapters import AdapterCache

            cache = self.__dict__["_adapter_cache"] = AdapterCache()
        return cache

    def raise_routing_exception(self, request: Request) -> t.NoReturn:
        """Raise the error that URL matching stored on ``request``.

        In debug mode, a redirect that would make the browser drop a form
        body (a 301/302 for anything but GET, HEAD or OPTIONS) becomes a
        :class:`~flask.debughelpers.FormDataRoutingRedirect` that explains
        the problem.
        """
        error = request.routing_exception
        assert error is not None
        drops_body = (
            self.debug
            and isinstance(error, RequestRedirect)
            and error.code not in {307, 308}
            and request.method not in {"GET", "HEAD", "OPTIONS"}
        )
        if not drops_body:
            raise error

        from .debughelpers import FormDataRoutingRedirect

        raise FormDataRoutingRedirect(request)

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: t.Any,
    ) -> str:
        """Build the URL of ``endpoint`` with ``values`` for its rule's
        variables; see :func:`flask.url_for`.

        Inside a request the URL is relative and a leading ``.`` refers to
        the current blueprint; otherwise it is absolute and needs
        ``SERVER_NAME``. Unknown ``values`` become the query string.

        :param _anchor: a fragment to append after ``#``.
        :param _method: the method the rule must accept.
        :param _scheme: the scheme; requires an external URL.
        :param _external: build an absolute URL.
        """
        req_ctx = _cv_request.get(None)
        adapter: MapAdapter | None
        if req_ctx is not None:
            adapter = req_ctx.url_adapter
            if endpoint[:1] == ".":
                current_blueprint = req_ctx.request.blueprint
                endpoint = (
                    endpoint[1:]
                    if current_blueprint is None
                    else current_blueprint + endpoint
                )
            if _external is None:
                _external = _scheme is not None
        else:
            app_ctx = _cv_app.get(None)
            adapter = (
                app_ctx.url_adapter
                if app_ctx is not None
                else self.create_url_adapter(None)
            )
            if adapter is None:
                raise RuntimeError(
                    "URLs cannot be built outside a request unless 'SERVER_NAME'"
                    " is configured (with 'APPLICATION_ROOT' and"
                    " 'PREFERRED_URL_SCHEME' if the defaults do not fit)."
                )
            if _external is None:
                _external = True

        if _scheme is not None and not _external:
            raise ValueError("'_scheme' can only be used when '_external' is True.")

        self.inject_url_defaults(endpoint, values)
        assert adapter is not None
        try:
            url = adapter.build(
                endpoint,
                values,
                method=_method,
                url_scheme=_scheme,
                force_external=_external,
            )
        except BuildError as error:
            values.update(
                _anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external
            )
            return self.handle_url_build_error(error, endpoint, values)

        if _anchor is None:
            return url
        return f"{url}#{_url_quote(_anchor, safe=_ANCHOR_SAFE)}"

    # -- responses -------------------------------------------------------------

    def make_response(self, rv: ft.ResponseReturnValue) -> Response:
        """Turn a view's return value into a :attr:`response_class` instance.

        Accepted: ``str``/``bytes``/``bytearray`` (the body), ``dict`` and
        ``list`` (JSON through :attr:`json`), an iterator or generator of
        ``str``/``bytes`` (a streamed body), a response object, a WSGI
        callable, or a tuple ``(body, status, headers)``, ``(body, status)``
        or ``(body, headers)`` whose body is any of those. A status may be an
        int or a string; headers a dict, list of pairs or ``Headers``.
        """
        if SPEEDUPS:
            common = quick_dispatch.common_response(self, rv)
            if common is not None:
                return common
        status: t.Any = None
        headers: t.Any = None
        if isinstance(rv, tuple):
            rv, status, headers = _split_response_tuple(rv)

        if rv is None:
            raise TypeError(
                f"The view function for {request.endpoint!r} returned None"
                " (perhaps it has no return statement); it must return a"
                " response."
            )

        response = self._coerce_to_response(rv, status, headers)
        if isinstance(rv, (str, bytes, bytearray, cabc.Iterator)):
            # Status and headers went into the constructor already.
            return response

        if status is not None:
            if isinstance(status, (str, bytes, bytearray)):
                response.status = status  # type: ignore[assignment]
            else:
                response.status_code = status
        if headers:
            response.headers.update(headers)
        return response

    def _coerce_to_response(self, rv: t.Any, status: t.Any, headers: t.Any) -> Response:
        """Convert a response body of any accepted kind to a response."""
        response_class = self.response_class
        if isinstance(rv, response_class):
            return rv
        if isinstance(rv, (str, bytes, bytearray, cabc.Iterator)):
            return response_class(rv, status=status, headers=headers)  # type: ignore[arg-type]
        if isinstance(rv, (dict, list)):
            return t.cast(Response, self.json.response(rv))
        if isinstance(rv, BaseResponse) or callable(rv):
            environ = request.environ
            if SPEEDUPS and isinstance(rv, HTTPException):
                # What force_type gives, built directly (see
                # flask._speedups.error_pages).
                converted = error_response(rv, environ, response_class)
                if converted is not None:
                    return converted
            try:
                return response_class.force_type(rv, environ)  # type: ignore[return-value]
            except TypeError as error:
                raise TypeError(
                    f"{error}\nThe view function did not return a valid response:"
                    f" {_VALID_RETURNS} is expected, but it was a"
                    f" {type(rv).__name__}."
                ).with_traceback(sys.exc_info()[2]) from None
        raise TypeError(
            f"The view function did not return a valid response: {_VALID_RETURNS}"
            f" is expected, but it was a {type(rv).__name__}."
        )

    def make_default_options_response(self) -> Response:
        """The response to an automatic ``OPTIONS`` request: empty, with an
        ``Allow`` header listing the URL's methods."""
        adapter = _cv_request.get().url_adapter
        assert adapter is not None
        response = self.response_class()
        response.allow.update(adapter.allowed_methods())
        return response

    # -- request handling ----------------------------------------------------

    def preprocess_request(self) -> ft.ResponseReturnValue | None:
        """Run the URL value preprocessors, then the ``before_request``
        functions (app first, then blueprints, outermost first).

        The first ``before_request`` function to return a value other than
        ``None`` stops the chain; that value becomes the response and the
        view is not called.
        """
        if not self.url_value_preprocessors and not self.before_request_funcs:
            return None  # fast path: nothing is registered at all
        req = _cv_request.get().request
        scopes = self._request_scopes(blueprints_first=False)

        for scope in scopes:
            for preprocessor in self.url_value_preprocessors.get(scope, ()):
                preprocessor(req.endpoint, req.view_args)

        for scope in scopes:
            for before in self.before_request_funcs.get(scope, ()):
                early = self.ensure_sync(before)()
                if early is not None:
                    return early  # type: ignore[no-any-return]
        return None

    def dispatch_request(self) -> ft.ResponseReturnValue:
        """Call the view function matched for the request and return its
        value (not yet a response).

        A routing error is raised, and an ``OPTIONS`` request for a rule with
        automatic options gets the default options response instead.
        """
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if req.method == "OPTIONS" and getattr(
            rule, "provide_automatic_options", False
        ):
            return self.make_default_options_response()
        assert rule is not None
        view = self.view_functions[rule.endpoint]
        return self.ensure_sync(view)(**(req.view_args or {}))  # type: ignore[no-any-return]

    def full_dispatch_request(self) -> Response:
        """Handle the request from the ``request_started`` signal to the
        finalized response: preprocessing, view, error handling and
        post-processing."""
        self._got_first_request = True
        try:
            hub = seams.signal_hub
            if hub is not None:
                hub.request_started.send(self, _async_wrapper=self.ensure_sync)
            early = self.preprocess_request()
            outcome = self.dispatch_request() if early is None else early
        except Exception as error:
            outcome = self.handle_user_exception(error)
        return self.finalize_request(outcome)

    def finalize_request(
        self,
        rv: ft.ResponseReturnValue | HTTPException,
        from_error_handler: bool = False,
    ) -> Response:
        """Make a response of ``rv``, run :meth:`process_response` on it and
        send ``request_finished``.

        ``from_error_handler`` is true while producing the response for an
        unhandled error: a failure here is then logged instead of raised, so
        that the error response still goes out.
        """
        unprocessed = self.make_response(rv)
        try:
            processed = self.process_response(unprocessed)
            hub = seams.signal_hub
            if hub is not None:
                hub.request_finished.send(
                    self, _async_wrapper=self.ensure_sync, response=processed
                )
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception(
                "Processing the response of an error handler failed as well."
            )
            return unprocessed
        return processed

    def process_response(self, response: Response) -> Response:
        """Pass ``response`` through the ``after_this_request`` functions,
        then the ``after_request`` functions (innermost blueprint first, app
        last, each registry in reverse order), and save the session.

        Each function must return a response object, possibly a new one.
        """
        ctx = _cv_request.get()
        for once in ctx._after_request_functions:
            response = self.ensure_sync(once)(response)
        after_request_funcs = self.after_request_funcs
        if after_request_funcs:  # (the scopes need not be worked out otherwise)
            for scope in self._request_scopes(blueprints_first=True):
                for after in reversed(after_request_funcs.get(scope, ())):
                    response = self.ensure_sync(after)(response)

        current_session = ctx._request_session.to_save()
        if current_session is None:
            return response
        interface = self.session_interface
        if not interface.is_null_session(current_session):
            interface.save_session(self, current_session, response)
        return response

    def do_teardown_request(
        self,
        exc: BaseException | None = _sentinel,  # type: ignore[assignment]
    ) -> None:
        """Run the ``teardown_request`` functions (innermost blueprint first,
        app last, each registry in reverse order) and send
        ``request_tearing_down``.

        :param exc: the unhandled error, if any; defaults to the exception
            being handled.
        """
        exc = _exception_or_current(exc)
        teardown_request_funcs = self.teardown_request_funcs
        if teardown_request_funcs:  # (the scopes need not be worked out otherwise)
            for scope in self._request_scopes(blueprints_first=True):
                for teardown in reversed(teardown_request_funcs.get(scope, ())):
                    self.ensure_sync(teardown)(exc)
        hub = seams.signal_hub
        if hub is not None:
            hub.request_tearing_down.send(
                self, _async_wrapper=self.ensure_sync, exc=exc
            )

    def do_teardown_appcontext(
        self,
        exc: BaseException | None = _sentinel,  # type: ignore[assignment]
    ) -> None:
        """Run the ``teardown_appcontext`` functions in reverse order and
        send ``appcontext_tearing_down``.

        :param exc: the unhandled error, if any; defaults to the exception
            being handled.
        """
        exc = _exception_or_current(exc)
        for teardown in reversed(self.teardown_appcontext_funcs):
            self.ensure_sync(teardown)(exc)
        hub = seams.signal_hub
        if hub is not None:
            hub.appcontext_tearing_down.send(
                self, _async_wrapper=self.ensure_sync, exc=exc
            )

    # -- errors --------------------------------------------------------------

    def handle_http_exception(
        self, e: HTTPException
    ) -> HTTPException | ft.ResponseReturnValue:
        """Give an HTTP error to its registered handler.

        Without a handler the exception itself is returned, and serves as
        the response. Code-less exceptions and routing exceptions (such as
        redirects) are always returned unchanged.
        """
        if e.code is None or isinstance(e, RoutingException):
            return e
        handler = self._find_error_handler(e, _cv_request.get().request.blueprints)
        if handler is None:
            return e
        return self.ensure_sync(handler)(e)  # type: ignore[no-any-return]

    def handle_user_exception(
        self, e: Exception
    ) -> HTTPException | ft.ResponseReturnValue:
        """Handle an exception raised while dispatching the request.

        HTTP errors go to :meth:`handle_http_exception` unless
        :meth:`trap_http_exception` says to treat them as plain errors.
        Other errors go to the matching registered handler; without one,
        the exception is re-raised for :meth:`handle_exception`.
        """
        if isinstance(e, BadRequestKeyError) and (
            self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]
        ):
            e.show_exception = True

        if isinstance(e, HTTPException) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)

        handler = self._find_error_handler(e, _cv_request.get().request.blueprints)
        if handler is None:
            raise
        return self.ensure_sync(handler)(e)  # type: ignore[no-any-return]

    def handle_exception(self, e: Exception) -> Response:
        """Turn an unhandled exception into a 500 response.

        ``got_request_exception`` is sent first. When exceptions propagate
        (``PROPAGATE_EXCEPTIONS``, by default in testing or debug mode) the
        exception is re-raised. Otherwise it is logged, and an
        :exc:`~werkzeug.exceptions.InternalServerError` wrapping it goes to
        the 500 handler, if one is registered, or becomes the response.
        """
        exc_info = sys.exc_info()
        hub = seams.signal_hub
        if hub is not None:
            hub.got_request_exception.send(
                self, _async_wrapper=self.ensure_sync, exception=e
            )

        setting = self.config["PROPAGATE_EXCEPTIONS"]
        if (self.testing or self.debug) if setting is None else setting:
            if exc_info[1] is not e:
                raise e
            raise

        self.log_exception(exc_info)
        server_error: InternalServerError | ft.ResponseReturnValue
        server_error = InternalServerError(original_exception=e)
        handler = self._find_error_handler(
            server_error, _cv_request.get().request.blueprints
        )
        if handler is not None:
            server_error = self.ensure_sync(handler)(server_error)
        return self.finalize_request(server_error, from_error_handler=True)

    def log_exception(
        self,
        exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None],
    ) -> None:
        """Log an unhandled exception on :attr:`logger` at error level."""
        req = _cv_request.get().request
        self.logger.error(f"Exception on {req.path} [{req.method}]", exc_info=exc_info)

    # -- sync and async --------------------------------------------------------

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        """Return ``func`` callable from synchronous code: coroutine
        functions are wrapped with :meth:`async_to_sync`, others returned
        as they are."""
        if (
            SPEEDUPS and quick_dispatch.is_plain_function(func)
        ) or not inspect.iscoroutinefunction(func):
            return func
        return self.async_to_sync(func)

    def async_to_sync(
        self, func: t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]
    ) -> t.Callable[..., t.Any]:
        """Wrap a coroutine function to run synchronously, with asgiref
        (installed by the ``async`` extra of flask-core)."""
        try:
            from asgiref.sync import async_to_sync as asgiref_async_to_sync
        except ImportError:
            raise RuntimeError(
                "Async views and handlers need the 'asgiref' package (what"
                " flask-core's 'async' extra adds): 'python -m pip install"
                " asgiref'."
            ) from None
        return asgiref_async_to_sync(func)

    # -- contexts and WSGI -----------------------------------------------------

    def app_context(self) -> AppContext:
        """Return a new application context for this app, to use in a
        ``with`` block (or push and pop by hand)."""
        return AppContext(self)

    def request_context(self, environ: WSGIEnvironment) -> RequestContext:
        """Return a new request context for the WSGI ``environ``."""
        return RequestContext(self, environ)

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """Return a request context for a request made up from the arguments.

        They are those of :class:`flask.environ_builder.EnvironBuilder`
        (Werkzeug's :class:`~werkzeug.test.EnvironBuilder` plus the app's
        defaults): ``path``, ``base_url``, ``subdomain``, ``url_scheme``,
        ``method``, ``data``, ``json``, ``headers``, ...
        """
        from .environ_builder import EnvironBuilder

        builder = EnvironBuilder(self, *args, **kwargs)
        with closing(builder):
            return self.request_context(builder.get_environ())

    def wsgi_app(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> cabc.Iterable[bytes]:
        """The WSGI application proper; :meth:`__call__` delegates here so
        that middleware can wrap it (``app.wsgi_app = Middleware(app.wsgi_app)``).

        Pushes a request context, dispatches, turns an unhandled error into
        a response, and pops the context whatever happens.
        """
        ctx = self.request_context(environ)
        unhandled: BaseException | None = None
        try:
            try:
                ctx.push()
                response = self.full_dispatch_request()
            except Exception as error:
                unhandled = error
                response = self.handle_exception(error)
            except BaseException as fatal:
                unhandled = fatal
                raise
            # ``response(environ, start_response)``, with what reaches the
            # server checked (see flask._wsgi_response).
            try:
                return _send_response(response, environ, start_response)
            except UnsafeResponseError as unsafe:
                # Refused before the server saw anything: an error like any
                # other, answered with the app's 500 response.
                unhandled = unsafe
                response = self.handle_exception(unsafe)
                return _send_response(response, environ, start_response)
        finally:
            keep = environ.get("werkzeug.debug.preserve_context")
            if keep is not None:
                keep(_cv_app.get())
                keep(_cv_request.get())
            if unhandled is not None and self.should_ignore_error(unhandled):
                unhandled = None
            ctx.pop(unhandled)

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> cabc.Iterable[bytes]:
        """The WSGI entry point: calls :meth:`wsgi_app`."""
        return self.wsgi_app(environ, start_response)


def _open_file(path: str, mode: str, encoding: str | None) -> t.IO[t.Any]:
    """Open ``path``; ``encoding`` is ignored for binary modes."""
    if "b" in mode:
        return open(path, mode)
    return open(path, mode, encoding=encoding)


def _warn_run_ignored() -> None:
    """Explain that ``app.run()`` does nothing under ``flask run``."""
    from werkzeug.serving import is_running_from_reloader

    if is_running_from_reloader():
        return
    message = (
        " * 'app.run()' was called while the 'flask' command is running; the call"
        " is ignored so that it does not block the command.\n"
        "   Put 'app.run()' under an 'if __name__ == \"__main__\":' guard."
    )
    _echo(message, err=False, color="red")


def _print_server_banner(debug: bool | None, app_name: str) -> None:
    """Print the development server's start-up lines (flask-cli absent)."""
    from werkzeug.serving import is_running_from_reloader

    if is_running_from_reloader():
        return
    _echo(f" * Serving Flask app '{app_name}'")
    if debug is not None:
        _echo(f" * Debug mode: {'on' if debug else 'off'}")


def _echo(message: str, err: bool = False, color: str | None = None) -> None:
    """Print through click when it is installed (colours, Windows
    consoles), else to stdout or stderr."""
    if seams.is_installed("click"):
        import click

        click.secho(message, fg=color, err=err)
        return
    print(message, file=sys.stderr if err else sys.stdout)
