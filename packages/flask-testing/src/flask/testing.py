"""Test helpers for Flask applications (the flask-testing distribution).

* :class:`FlaskClient` sends requests to an app without a server, keeps the
  request context around inside ``with client:`` and edits the session
  between requests with :meth:`FlaskClient.session_transaction`.
* :class:`EnvironBuilder` builds WSGI environs whose URLs follow the app's
  ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``.
* :class:`FlaskCliRunner` invokes the app's CLI commands in isolation. It is
  built on Click, which this distribution does not require: the class is
  created the first time it is looked up, and the lookup fails with
  :class:`~flask.seams.MissingDistributionError` when flask-cli is missing.
"""

from __future__ import annotations

import importlib
import typing as t
from contextlib import ExitStack, contextmanager
from copy import copy
from functools import cache
from types import TracebackType

import werkzeug.test
from werkzeug.test import Client
from werkzeug.wrappers import Request as BaseRequest

from . import seams
from ._testing_speedups import installed_version
from .environ_builder import EnvironBuilder as _AppEnvironBuilder

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from click.testing import CliRunner as CliRunner
    from click.testing import Result as Result
    from werkzeug.test import TestResponse

    from .app import Flask
    from .cli import ScriptInfo as ScriptInfo  # type: ignore[attr-defined, unused-ignore]
    from .ctx import RequestContext
    from .sessions import (  # type: ignore[attr-defined, unused-ignore]
        SessionMixin as SessionMixin,
    )

    class FlaskCliRunner(CliRunner):
        """Runs the CLI commands of :attr:`app` (see the runtime class)."""

        app: Flask

        def __init__(self, app: Flask, **kwargs: t.Any) -> None: ...

        def invoke(  # type: ignore[override]
            self, cli: t.Any = None, args: t.Any = None, **kwargs: t.Any
        ) -> Result: ...


_T = t.TypeVar("_T")

#: Environ key through which the app hands over the contexts it would
#: otherwise pop at the end of a request.
_PRESERVE_KEY = "werkzeug.debug.preserve_context"


class EnvironBuilder(_AppEnvironBuilder):
    """A Werkzeug :class:`~werkzeug.test.EnvironBuilder` bound to an app.

    Relative paths are completed into full URLs using the app's
    ``SERVER_NAME`` (``localhost`` when unset), ``APPLICATION_ROOT`` and
    ``PREFERRED_URL_SCHEME``; ``subdomain`` and ``url_scheme`` adjust that
    URL, or ``base_url`` replaces it. JSON bodies (``json=``) are encoded
    with the app's JSON provider.
    """

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Encode a ``json=`` request body with ``app.json``."""
        encoded: str = self.app.json.dumps(obj, **kwargs)
        return encoded


@cache
def _werkzeug_version() -> str:
    # importlib.metadata.version("werkzeug"), most often without importing
    # importlib.metadata (see flask._testing_speedups).
    return installed_version("werkzeug")


class FlaskClient(Client):
    """The client returned by :meth:`Flask.test_client`.

    Requests accept the same arguments as :class:`EnvironBuilder` (or a
    ready builder, environ dict or request). Used as a context manager, the
    client keeps the last request's contexts active until the next request
    or the end of the ``with`` block, so ``flask.request``, ``flask.g`` and
    ``flask.session`` can be inspected after a call::

        with app.test_client() as client:
            client.get("/profile")
            assert flask.session["user"] == "alice"
    """

    application: Flask

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        #: Whether requests hand their contexts back to the client instead of
        #: popping them; ``True`` inside a ``with client:`` block.
        self.preserve_context = False
        self._new_contexts: list[t.ContextManager[t.Any]] = []
        self._context_stack = ExitStack()
        #: Environ values added to every request unless the request sets them.
        self.environ_base = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": f"Werkzeug/{_werkzeug_version()}",
        }

    # -- session editing --------------------------------------------------

    @contextmanager
    def session_transaction(
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Iterator[SessionMixin]:
        """Open the session the next request would see, let the ``with`` block
        change it, then store it back into the client's cookies.

        Arguments are passed to :meth:`Flask.test_request_context`, so the
        session can be opened for a particular host or path.
        """
        if self._cookies is None:
            raise TypeError(
                "Cookies are disabled. Create a client with 'use_cookies=True'."
            )
        app = self.application
        ctx = app.test_request_context(*args, **kwargs)
        request = ctx.request
        self._add_cookies_to_wsgi(request.environ)

        session = self._with_session_interface(
            ctx, lambda interface: interface.open_session(app, request)
        )
        if session is None:
            raise RuntimeError("Session backend did not open a session.")
        yield session

        if app.session_interface.is_null_session(session):
            return
        carrier = app.response_class()
        self._with_session_interface(
            ctx, lambda interface: interface.save_session(app, session, carrier)
        )
        set_cookie_headers = carrier.headers.getlist("Set-Cookie")
        host = request.host.partition(":")[0]
        self._update_cookies_from_response(host, request.path, set_cookie_headers)

    def _with_session_interface(
        self, ctx: RequestContext, action: t.Callable[[t.Any], _T]
    ) -> _T:
        """Call ``action`` with the app's session interface while ``ctx`` is
        pushed, as the session is opened and saved during a real request."""
        with ctx:
            return action(self.application.session_interface)

    # -- requests ---------------------------------------------------------

    def _copy_environ(self, other: t.Mapping[str, t.Any]) -> WSGIEnvironment:
        """Merge the client's :attr:`environ_base` under ``other``; while
        contexts are preserved, ask the app to hand them to the client."""
        merged: WSGIEnvironment = dict(self.environ_base)
        merged.update(other)
        if self.preserve_context:
            merged[_PRESERVE_KEY] = self._new_contexts.append
        return merged

    def _request_from_builder_args(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> BaseRequest:
        """Build the request described by :class:`EnvironBuilder` arguments."""
        kwargs["environ_base"] = self._copy_environ(kwargs.get("environ_base", {}))
        builder = EnvironBuilder(self.application, *args, **kwargs)
        try:
            return builder.get_request()
        finally:
            builder.close()

    def _request_from_single_arg(self, arg: t.Any) -> BaseRequest | None:
        """Turn a builder, environ dict or request into the request to send,
        or return ``None`` when ``arg`` is none of these."""
        if isinstance(arg, werkzeug.test.EnvironBuilder):
            builder = copy(arg)
            builder.environ_base = self._copy_environ(builder.environ_base or {})
            return builder.get_request()
        if isinstance(arg, dict):
            from_environ = EnvironBuilder.from_environ(
                arg, app=self.application, environ_base=self._copy_environ({})
            )
            return from_environ.get_request()
        if isinstance(arg, BaseRequest):
            request = copy(arg)
            request.environ = self._copy_environ(request.environ)
            return request
        return None

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Send a request to the app and return its response.

        Besides :class:`EnvironBuilder` arguments, the only positional argument
        may be a Werkzeug ``EnvironBuilder``, a WSGI environ dict or a request.
        Contexts kept from the previous request are popped first.
        """
        request = self._request_from_single_arg(args[0]) if args else None
        if request is None:
            request = self._request_from_builder_args(args, kwargs)

        self._context_stack.close()

        response = super().open(
            request, buffered=buffered, follow_redirects=follow_redirects
        )
        if seams.is_installed("flask.json"):
            # Decode ``response.json`` with the app's provider, as Flask does;
            # without flask-json the response class's own seam explains.
            response.json_module = self.application.json  # type: ignore[assignment]
        self._keep_new_contexts()
        return response

    def _keep_new_contexts(self) -> None:
        """Push again, in the order the app handed them over (app context,
        then request context; after redirects, the last request's on top),
        the contexts kept from the request just made."""
        handed_over, self._new_contexts[:] = list(self._new_contexts), []
        for context in handed_over:
            self._context_stack.enter_context(context)

    # -- ``with client:`` -------------------------------------------------

    def __enter__(self) -> FlaskClient:
        if self.preserve_context:
            raise RuntimeError("Cannot nest client invocations")
        self.preserve_context = True
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.preserve_context = False
        self._context_stack.close()


# -- the CLI runner, created on first use ------------------------------------


def _make_cli_runner_class() -> type[t.Any]:
    """Create :class:`FlaskCliRunner`; only now are Click and ``flask.cli``
    imported."""
    if not seams.is_installed("flask.cli"):
        raise seams.MissingDistributionError(
            "flask-cli", "'flask.testing.FlaskCliRunner'"
        )
    from click.testing import CliRunner as _ClickRunner

    from .cli import ScriptInfo  # type: ignore[attr-defined, unused-ignore]

    class FlaskCliRunner(_ClickRunner):
        """A Click :class:`~click.testing.CliRunner` for one app's commands,
        returned by :meth:`Flask.test_cli_runner`.

        :param app: The application whose commands are run.
        :param kwargs: Passed on to Click's runner.
        """

        def __init__(self, app: Flask, **kwargs: t.Any) -> None:
            self.app = app
            super().__init__(**kwargs)

        def invoke(  # type: ignore[override]
            self, cli: t.Any = None, args: t.Any = None, **kwargs: t.Any
        ) -> Result:
            """Run a command in an isolated environment and capture its output.

            ``cli`` defaults to ``app.cli``. Unless ``obj`` is given, the
            command receives a :class:`~flask.cli.ScriptInfo` that loads
            :attr:`app` itself. Other arguments go to Click's ``invoke``.
            """
            command = self.app.cli if cli is None else cli
            if "obj" not in kwargs:
                kwargs["obj"] = ScriptInfo(create_app=lambda: self.app)
            result: Result = super().invoke(command, args, **kwargs)
            return result

    FlaskCliRunner.__module__ = __name__
    FlaskCliRunner.__qualname__ = "FlaskCliRunner"
    return FlaskCliRunner


#: Names this module offers without importing their modules up front, as
#: Flask's own ``flask.testing`` has them in its namespace:
#: name -> (module, attribute, the distribution that brings the module).
_LAZY_IMPORTS: dict[str, tuple[str, str, str]] = {
    "CliRunner": ("click.testing", "CliRunner", "flask-cli"),
    "Result": ("click.testing", "Result", "flask-cli"),
    "ScriptInfo": ("flask.cli", "ScriptInfo", "flask-cli"),
    "SessionMixin": ("flask.sessions", "SessionMixin", "flask-sessions"),
}


def _lazy_import(name: str) -> t.Any:
    module_name, attribute, distribution = _LAZY_IMPORTS[name]
    addon = "flask.cli" if distribution == "flask-cli" else module_name
    if not seams.is_installed(addon):
        raise seams.MissingDistributionError(distribution, f"'flask.testing.{name}'")
    return getattr(importlib.import_module(module_name), attribute)


def __getattr__(name: str) -> t.Any:
    if name == "FlaskCliRunner":
        value = _make_cli_runner_class()
    elif name in _LAZY_IMPORTS:
        value = _lazy_import(name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), "FlaskCliRunner", *_LAZY_IMPORTS})
