"""Functions used from views and application code.

Responses (:func:`make_response`, :func:`redirect`, :func:`abort`), URL
building (:func:`url_for`), message flashing, files (:func:`send_file`,
:func:`send_from_directory`), streaming inside the request context
(:func:`stream_with_context`), and a few environment and path lookups used
by the rest of flask-core.

Jinja is not imported here: template helpers reach it through the app's
environment, so importing this module stays cheap.
"""

from __future__ import annotations

import collections.abc as cabc
import contextvars
import importlib.util
import os
import sys
import typing as t
from datetime import datetime
from functools import cache, update_wrapper

import werkzeug.utils
from werkzeug.exceptions import abort as _werkzeug_abort
from werkzeug.utils import redirect as _werkzeug_redirect
from werkzeug.wrappers import Response as BaseResponse

from . import seams
from .globals import _cv_app, _cv_request, current_app, request, request_ctx, session

if t.TYPE_CHECKING:
    from .ctx import AppContext, RequestContext
    from .wrappers import Response

#: Words that switch an environment flag off when it is set.
_FALSE_WORDS = frozenset({"0", "false", "no"})

_P = t.ParamSpec("_P")

#: The session key under which flashed messages wait for the next request.
_FLASHES_KEY = "_flashes"


# -- environment -------------------------------------------------------------


def get_debug_flag() -> bool:
    """Tell whether the ``FLASK_DEBUG`` environment variable asks for debug mode.

    Unset, empty, ``0``, ``false`` and ``no`` (any case) mean off.
    """
    raw = os.environ.get("FLASK_DEBUG", "")
    return raw != "" and raw.lower() not in _FALSE_WORDS


def get_load_dotenv(default: bool = True) -> bool:
    """Tell whether the CLI should load ``.env`` and ``.flaskenv`` files.

    ``FLASK_SKIP_DOTENV`` set to something other than ``0``, ``false`` or
    ``no`` disables loading; when it is unset or empty, ``default`` is used.
    """
    raw = os.environ.get("FLASK_SKIP_DOTENV", "")
    if raw == "":
        return default
    return raw.lower() in _FALSE_WORDS


# -- streaming ---------------------------------------------------------------


def _require_request_context() -> t.Any:
    request_context = _cv_request.get(None)
    if request_context is None:
        raise RuntimeError(
            "'stream_with_context' needs an active request context, so it"
            " must be called while a request is handled, for example from a"
            " view function."
        )
    return request_context


def _close_if_possible(iterator: t.Any) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()


def _make_current(app_context: AppContext, request_context: RequestContext) -> None:
    """Set the context variables behind ``current_app`` and ``request`` (in
    the stream's own :class:`contextvars.Context`)."""
    _cv_app.set(app_context)
    _cv_request.set(request_context)


def _end_stream(
    app_context: AppContext,
    request_context: RequestContext,
    source: t.Iterator[t.Any],
    error: BaseException | None,
) -> None:
    """Close ``source`` with the request's contexts pushed, then pop them.

    The pops run the ``teardown_request`` and ``teardown_appcontext``
    functions (unless a push of the request is still active elsewhere),
    passing ``error``, whatever ended the stream early.
    """
    app_context.push()
    try:
        request_context.push()
        try:
            _close_if_possible(source)
        finally:
            request_context.pop(error)
    finally:
        app_context.pop(error)


def _run_inside_contexts(
    source: t.Iterator[t.AnyStr],
) -> t.Generator[t.AnyStr | None, None, None]:
    # The first step only records which contexts are active; the caller takes
    # it at once, while the view runs.
    request_context = _require_request_context()
    app_context = _cv_app.get()
    error: BaseException | None = None
    try:
        yield None
    except BaseException:  # closed before the first chunk
        _close_if_possible(source)
        raise
    # From here on the source runs in a context of its own, where the app and
    # request are current: every step enters it and leaves it before the
    # chunk is handed over. Nothing is left in the consumer's context between
    # chunks, so a body the server drops without closing it, or closes on
    # another thread (a garbage-collected generator), can never leave this
    # request current for the next one.
    own_context = contextvars.copy_context()
    own_context.run(_make_current, app_context, request_context)
    try:
        while True:
            try:
                chunk = own_context.run(next, source)
            except StopIteration:
                return
            yield chunk
    except BaseException as stopped:
        error = stopped
        raise
    finally:
        own_context.run(_end_stream, app_context, request_context, source, error)


@t.overload
def stream_with_context(
    generator_or_function: t.Iterator[t.AnyStr],
) -> t.Iterator[t.AnyStr]: ...


@t.overload
def stream_with_context(
    generator_or_function: t.Callable[_P, t.Iterator[t.AnyStr]],
) -> t.Callable[_P, t.Iterator[t.AnyStr]]: ...


def stream_with_context(
    generator_or_function: t.Iterator[t.AnyStr] | t.Callable[..., t.Iterator[t.AnyStr]],
) -> t.Iterator[t.AnyStr] | t.Callable[..., t.Iterator[t.AnyStr]]:
    """Keep the current request (and app) context available while a
    streamed response body is produced.

    A view that returns a generator has finished, and its contexts are
    gone, by the time the server iterates the body. Wrapping the iterator
    (or decorating the generator function) with this helper pushes the
    contexts again for the duration of the iteration, so ``request``,
    ``session`` and ``g`` keep working. They are popped when the stream is
    exhausted or closed early, for example after a client disconnect.
    """
    try:
        source = iter(generator_or_function)  # type: ignore[arg-type]
    except TypeError:
        function = t.cast(t.Callable[..., t.Iterator[t.AnyStr]], generator_or_function)

        def call_and_wrap(*args: t.Any, **kwargs: t.Any) -> t.Iterator[t.AnyStr]:
            return stream_with_context(function(*args, **kwargs))

        return update_wrapper(call_and_wrap, function)

    wrapped = _run_inside_contexts(source)
    # Take the first step now, while the contexts are still active.
    next(wrapped)
    return t.cast(t.Iterator[t.AnyStr], wrapped)


# -- responses ---------------------------------------------------------------


def make_response(*args: t.Any) -> Response:
    """Turn a view's return value into a response object, to add headers to
    it before returning it.

    Without arguments, an empty response of the app's ``response_class`` is
    returned. One argument is converted like any view return value; several
    are treated as a tuple such as ``(body, status, headers)``.
    """
    app = current_app
    if not args:
        return app.response_class()
    value = args[0] if len(args) == 1 else args
    return app.make_response(value)


def url_for(
    endpoint: str,
    *,
    _anchor: str | None = None,
    _method: str | None = None,
    _scheme: str | None = None,
    _external: bool | None = None,
    **values: t.Any,
) -> str:
    """Build the URL of ``endpoint`` with the current app.

    This calls :meth:`Flask.url_for <flask.Flask.url_for>`, which documents
    the arguments; it needs an app context (or a request context).
    """
    return current_app.url_for(
        endpoint,
        _anchor=_anchor,
        _method=_method,
        _scheme=_scheme,
        _external=_external,
        **values,
    )


def redirect(
    location: str, code: int = 302, Response: type[BaseResponse] | None = None
) -> BaseResponse:
    """Return a response that redirects the client to ``location``.

    Inside an app context this goes through the app's
    :meth:`~flask.Flask.redirect`, which apps may override; ``Response`` is
    then ignored. Otherwise Werkzeug's redirect is used.
    """
    app_context = _cv_app.get(None)
    if app_context is not None:
        return t.cast(BaseResponse, app_context.app.redirect(location, code=code))
    return _werkzeug_redirect(location, code=code, Response=Response)


def abort(code: int | BaseResponse, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Stop handling the request by raising the HTTP error for ``code``.

    Inside an app context the app's :attr:`~flask.Flask.aborter` raises it,
    so apps can map their own codes; otherwise Werkzeug's ``abort`` does.
    """
    app_context = _cv_app.get(None)
    if app_context is not None:
        app_context.app.aborter(code, *args, **kwargs)
    _werkzeug_abort(code, *args, **kwargs)


def get_template_attribute(template_name: str, attribute: str) -> t.Any:
    """Load a template and return one of its exported names, typically a macro,
    so that Python code can call it::

        greet = get_template_attribute("_macros.html", "greet")
        greet("World")
    """
    template = current_app.jinja_env.get_template(template_name)
    return getattr(template.module, attribute)


# -- message flashing --------------------------------------------------------


def flash(message: str, category: str = "message") -> None:
    """Store a message in the session to show it on a later request.

    The template (or view) reads it back with :func:`get_flashed_messages`.
    ``category`` is free text; ``"error"``, ``"info"`` and ``"warning"`` are
    common choices.

    Without flask-sessions the session cannot store anything, so this raises
    :class:`~flask.seams.MissingDistributionError`.
    """
    pending = session.get(_FLASHES_KEY, [])
    pending.append((category, message))
    # Assign the list again so that the session notices the change.
    session[_FLASHES_KEY] = pending
    hub = seams.signal_hub
    if hub is not None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        hub.message_flashed.send(
            app, _async_wrapper=app.ensure_sync, message=message, category=category
        )


def _take_flashes_from_session() -> list[tuple[str, str]]:
    cached: list[tuple[str, str]] | None = request_ctx.flashes
    if cached is None:
        cached = session.pop(_FLASHES_KEY) if _FLASHES_KEY in session else []
        request_ctx.flashes = cached
    return cached


def get_flashed_messages(
    with_categories: bool = False, category_filter: t.Iterable[str] = ()
) -> list[str] | list[tuple[str, str]]:
    """Return the messages flashed so far and remove them from the session.

    Calling it again during the same request returns the same messages.
    With ``with_categories`` each item is a ``(category, message)`` pair;
    ``category_filter`` keeps only the messages of the given categories.
    """
    messages = _take_flashes_from_session()
    if category_filter:
        # ``in`` on the filter as given, as in Flask: a string keeps the
        # categories that are substrings of it. An iterable that is no
        # container (a generator) is read once first, so that every message
        # is tested against all of it (docs/differences.md).
        wanted = (
            category_filter
            if isinstance(category_filter, cabc.Container)
            else tuple(category_filter)
        )
        messages = [item for item in messages if item[0] in wanted]
    if with_categories:
        return messages
    # The message is the second item, whatever else a stored entry holds.
    return [item[1] for item in messages]


# -- files -------------------------------------------------------------------


def _app_send_file_options(options: dict[str, t.Any]) -> dict[str, t.Any]:
    """Add what the current app and request decide to Werkzeug's arguments."""
    app = current_app
    if options.get("max_age") is None:
        options["max_age"] = app.get_send_file_max_age
    options["environ"] = request.environ
    options["use_x_sendfile"] = app.config["USE_X_SENDFILE"]
    options["response_class"] = app.response_class
    options["_root_path"] = app.root_path
    return options


def send_file(
    path_or_file: os.PathLike[t.AnyStr] | str | t.IO[bytes],
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | float | None = None,
    max_age: None | (int | t.Callable[[str | None], int | None]) = None,
) -> Response:
    """Respond with the contents of a file, from a path or a binary file object.

    Relative paths are resolved against the app's root path. Never pass a
    path that comes from the user: use :func:`send_from_directory` for that.

    :param path_or_file: the file to send.
    :param mimetype: the content type; guessed from the file name if omitted.
    :param as_attachment: ask the browser to save the file rather than show it.
    :param download_name: the file name the browser sees.
    :param conditional: answer conditional and range requests (304, 206).
    :param etag: compute an ETag (``True``), use the given one, or none.
    :param last_modified: the ``Last-Modified`` time; from the file if omitted.
    :param max_age: seconds to cache, or a function of the file name; the
        default comes from :meth:`~flask.Flask.get_send_file_max_age`.

    The app's ``USE_X_SENDFILE`` setting and ``response_class`` apply.
    """
    options = _app_send_file_options(
        {
            "path_or_file": path_or_file,
            "mimetype": mimetype,
            "as_attachment": as_attachment,
            "download_name": download_name,
            "conditional": conditional,
            "etag": etag,
            "last_modified": last_modified,
            "max_age": max_age,
        }
    )
    return werkzeug.utils.send_file(**options)  # type: ignore[return-value]


def send_from_directory(
    directory: os.PathLike[str] | str,
    path: os.PathLike[str] | str,
    **kwargs: t.Any,
) -> Response:
    """Send the file at ``path`` inside ``directory``, where ``path`` may come
    from the client.

    The path is joined safely: anything that would leave ``directory`` (or
    that does not name an existing file) results in a 404 Not Found.
    ``kwargs`` are the optional arguments of :func:`send_file`.
    """
    options = _app_send_file_options(kwargs)
    return werkzeug.utils.send_from_directory(  # type: ignore[return-value]
        directory, path, **options
    )


# -- import paths ------------------------------------------------------------


def _directory_of(file_path: str) -> str:
    return os.path.dirname(os.path.abspath(file_path))


def _file_from_loader(import_name: str, loader: t.Any) -> str:
    get_filename = getattr(loader, "get_filename", None)
    if get_filename is not None:
        return t.cast(str, get_filename(import_name))
    # A loader that cannot say where the module lives: import the module
    # and ask it instead.
    module = importlib.import_module(import_name)
    module_file = getattr(module, "__file__", None)
    if module_file is None:
        raise RuntimeError(
            f"Cannot determine a root path for the module {import_name!r}:"
            " it has no file location, which happens for namespace packages"
            " and for modules loaded by import hooks that do not report"
            " files. Pass the root path explicitly."
        )
    return t.cast(str, module_file)


def get_root_path(import_name: str) -> str:
    """Return the folder containing the module or package ``import_name``.

    An already imported module is asked for its ``__file__``; otherwise the
    import system is searched without importing, if possible. The current
    working directory is returned when the module cannot be located (for
    example ``__main__`` in an interactive session).
    """
    module = sys.modules.get(import_name)
    module_file = getattr(module, "__file__", None) if module is not None else None
    if module_file is not None:
        return _directory_of(module_file)

    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.loader is None:
        return os.getcwd()
    return _directory_of(_file_from_loader(import_name, spec.loader))


@cache
def _split_blueprint_path(name: str) -> list[str]:
    """Return a dotted blueprint name followed by each of its parents, from
    the most to the least nested: ``"a.b.c"`` gives ``["a.b.c", "a.b", "a"]``.
    """
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]
