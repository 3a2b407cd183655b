"""Errors and log output that explain common mistakes while in debug mode.

The app raises these instead of a bare ``KeyError`` or a silent redirect
when the likely cause is known, and explains template lookups when
``EXPLAIN_TEMPLATE_LOADING`` is set.
"""

from __future__ import annotations

import typing as t

from jinja2.loaders import BaseLoader
from werkzeug.routing import RequestRedirect

from .blueprints import Blueprint
from .globals import _cv_request
from .sansio.app import App

if t.TYPE_CHECKING:
    from .sansio.scaffold import Scaffold
    from .wrappers import Request

#: What a template loader returns for a found template.
_SourceTriple = tuple[str, "str | None", "t.Callable[[], bool] | None"]


class UnexpectedUnicodeError(AssertionError, UnicodeError):
    """Raised where text or bytes showed up unexpectedly and a plain
    :exc:`UnicodeError` would not say enough about why."""


class DebugFilesKeyError(KeyError, AssertionError):
    """A key missing from ``request.files`` while the same key was sent as a
    form field: the HTML form most likely lacks the multipart encoding."""

    def __init__(self, request: Request, key: str) -> None:
        submitted_names = request.form.getlist(key)
        message = (
            f"The file {key!r} was looked up in request.files, but it is not"
            f" there. The request was sent as {request.mimetype!r}, not as"
            " 'multipart/form-data', so no file contents were transmitted."
            ' Add enctype="multipart/form-data" to the HTML form to upload'
            " files."
        )
        if submitted_names:
            listed = ", ".join(repr(name) for name in submitted_names)
            message += (
                "\n\nOnly the file names were sent by the browser, as form"
                f" data. This was submitted: {listed}"
            )
        self.msg = message

    def __str__(self) -> str:
        return self.msg


class FormDataRoutingRedirect(AssertionError):
    """Raised in debug mode instead of a routing redirect that would make
    the browser drop the form data of the request (any redirect code except
    307 and 308 for a method other than GET, HEAD or OPTIONS)."""

    def __init__(self, request: Request) -> None:
        redirect = request.routing_exception
        assert isinstance(redirect, RequestRedirect)
        target = redirect.new_url
        opening = (
            f"The request went to '{request.url}', but the router answered"
            f" with a redirect to the canonical URL '{target}'."
        )
        parts = [opening]
        if target.partition("?")[0] == f"{request.base_url}/":
            parts.append(
                " That rule is defined with a trailing slash, so Flask sends"
                " clients that leave the slash out to the URL that has it."
            )
        parts.append(
            " Browsers do not resend form data after a redirect of this kind."
            " Send the request to the canonical URL directly, or let routing"
            " redirects use the 307 or 308 status code.\n\nThis check only"
            " runs in debug mode."
        )
        super().__init__("".join(parts))


def attach_enctype_error_multidict(request: Request) -> None:
    """Make ``request.files[key]`` raise :class:`DebugFilesKeyError` rather
    than a bare :exc:`KeyError` when ``key`` was sent as a form field.

    The class of ``request.files`` is swapped for a subclass that keeps the
    original name and module, so it still looks the same in reprs.
    """
    original = type(request.files)

    def lookup_with_hint(self: t.Any, key: str) -> t.Any:
        try:
            return original.__getitem__(self, key)
        except KeyError as missing:
            if key not in request.form:
                raise
            hint = DebugFilesKeyError(request, key)
            raise hint.with_traceback(missing.__traceback__) from None

    explaining = type(
        original.__name__,
        (original,),
        {"__getitem__": lookup_with_hint, "__module__": original.__module__},
    )
    request.files.__class__ = explaining


def _loader_description(loader: BaseLoader) -> t.Iterator[str]:
    """Describe a loader by its class and its simple public attributes."""
    cls = type(loader)
    yield f"class: {cls.__module__}.{cls.__name__}"
    for name, value in sorted(vars(loader).items()):
        if name.startswith("_"):
            continue
        if isinstance(value, (list, tuple)):
            if all(isinstance(item, str) for item in value):
                yield f"{name}:"
                yield from (f"  - {item}" for item in value)
        elif isinstance(value, (str, int, float, bool)):
            yield f"{name}: {value!r}"


def _describe_source(source: object) -> str:
    if isinstance(source, App):
        return f"application {source.import_name!r}"
    if isinstance(source, Blueprint):
        return f"blueprint {source.name!r} ({source.import_name})"
    return repr(source)


def explain_template_loading_attempts(
    app: App,
    template: str,
    attempts: list[tuple[BaseLoader, Scaffold, _SourceTriple | None]],
) -> None:
    """Log, at info level on the app's logger, which loaders were asked for
    ``template`` and what each of them answered, with a hint when the
    template was found nowhere or more than once."""
    lines = [f"Locating template {template!r}:"]
    matches = 0
    for number, (loader, source, found) in enumerate(attempts, start=1):
        lines.append(f"{number:5}: trying loader of {_describe_source(source)}")
        lines.extend(f"       {detail}" for detail in _loader_description(loader))
        if found is None:
            lines.append("       -> no match")
        else:
            matches += 1
            lines.append(f"       -> found ({found[1] or '<string>'!r})")

    if matches == 0:
        lines.append("Error: the template could not be found.")
    elif matches > 1:
        lines.append(
            "Warning: more than one loader returned a match for the"
            " template; the first one is used."
        )

    request_context = _cv_request.get(None)
    blueprint = None if request_context is None else request_context.request.blueprint
    if blueprint is not None and matches != 1:
        lines.append(
            "  The template was looked up from an endpoint that belongs to"
            f" the blueprint {blueprint!r}."
        )
        lines.append("  Check that the template sits in the folder its loader reads.")
        lines.append("  See https://flask.palletsprojects.com/blueprints/#templates")

    app.logger.info("\n".join(lines))
