"""Flask's request and response classes: Werkzeug's wrappers plus what the
application knows (the matched URL rule, config-driven limits, JSON through
``flask.json``)."""

from __future__ import annotations

import typing as t
from http import HTTPStatus

from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Request as RequestBase
from werkzeug.wrappers import Response as ResponseBase

from . import seams
from ._forms import FormDataParser
from ._speedups import ENABLED as SPEEDUPS
from ._speedups import InheritedUnchanged
from ._speedups.responses import CONSTRUCTION_HOOKS
from ._speedups.responses import build as build_plainly
from ._wsgi_response import check_status
from .globals import _cv_app
from .helpers import _split_blueprint_path

if t.TYPE_CHECKING:
    from werkzeug.routing import Rule

    from .app import Flask


def _active_app() -> Flask | None:
    """The application of the active app context, read straight from the
    context variable (cheaper than going through ``current_app``)."""
    ctx = _cv_app.get(None)
    return None if ctx is None else ctx.app


def _flask_json_for_requests() -> t.Any:
    """``flask.json``, imported the first time a request needs it."""
    return seams.require("flask.json", "Reading JSON request bodies")


def _flask_json_for_responses() -> t.Any:
    """``flask.json``, imported the first time a response needs it."""
    return seams.require("flask.json", "Reading JSON response bodies")


def _config_limit(
    slot: str, config_key: str, base_default: int | None, doc: str
) -> t.Any:
    """Build a read/write property for one of the request's size limits.

    Reading gives, in order of preference: a value assigned to this request,
    the app's ``config[config_key]`` when an app context is active, or
    Werkzeug's class-level default. Assigning stores the per-request value in
    the attribute named ``slot``.
    """

    def read(self: Request) -> int | None:
        own: int | None = getattr(self, slot)
        if own is not None:
            return own
        app = _active_app()
        if app is None:
            return base_default
        configured: int | None = app.config[config_key]
        return configured

    def write(self: Request, value: int | None) -> None:
        setattr(self, slot, value)

    return property(read, write, doc=doc)


class Request(RequestBase):
    """The request object Flask creates for every incoming request and exposes
    as :data:`flask.request`.

    Besides Werkzeug's API it records the result of URL matching
    (:attr:`url_rule`, :attr:`view_args` or :attr:`routing_exception`) and
    takes its body size limits from the application's config. A subclass can
    be installed with :attr:`Flask.request_class`.
    """

    #: The module used to parse JSON bodies: :mod:`flask.json`, which defers
    #: to the app's JSON provider. Imported on first use.
    json_module: t.Any = seams.lazy_class_attribute(_flask_json_for_requests)

    #: The URL rule that matched this request, or ``None`` before matching
    #: or when nothing matched.
    url_rule: Rule | None = None

    #: The values captured from the URL by the matched rule.
    view_args: dict[str, t.Any] | None = None

    #: The error URL matching raised (a 404 or 405, or a redirect), which
    #: Flask raises again when it dispatches the request.
    routing_exception: HTTPException | None = None

    #: Parses form bodies: Werkzeug's parser, with URL-encoded bodies held to
    #: :attr:`max_form_memory_size` and :attr:`max_form_parts` too (see
    #: :mod:`flask._forms`).
    form_data_parser_class = FormDataParser

    _max_content_length: int | None = None
    _max_form_memory_size: int | None = None
    _max_form_parts: int | None = None

    max_content_length = _config_limit(
        "_max_content_length",
        "MAX_CONTENT_LENGTH",
        RequestBase.max_content_length,
        "The most bytes of body this request reads before answering 413."
        " Defaults to the app's MAX_CONTENT_LENGTH; assignable per request.",
    )

    max_form_memory_size = _config_limit(
        "_max_form_memory_size",
        "MAX_FORM_MEMORY_SIZE",
        RequestBase.max_form_memory_size,
        "The largest non-file field of a multipart form, and the largest"
        " URL-encoded form body, before answering 413. Defaults to the app's"
        " MAX_FORM_MEMORY_SIZE; assignable per request.",
    )

    max_form_parts = _config_limit(
        "_max_form_parts",
        "MAX_FORM_PARTS",
        RequestBase.max_form_parts,
        "The most fields a multipart or URL-encoded form may have before"
        " answering 413. Defaults to the app's MAX_FORM_PARTS; assignable per"
        " request.",
    )

    @property
    def endpoint(self) -> str | None:
        """The endpoint name of the matched rule, if any."""
        rule = self.url_rule
        return None if rule is None else rule.endpoint

    @property
    def blueprint(self) -> str | None:
        """The dotted name of the blueprint that owns the matched endpoint.

        It is taken from the endpoint, so it may name a blueprint registered
        under a different name than the blueprint object's own ``name``.
        """
        endpoint = self.endpoint
        if endpoint is None:
            return None
        owner, dot, _ = endpoint.rpartition(".")
        return owner if dot else None

    @property
    def blueprints(self) -> list[str]:
        """The blueprint of this request followed by each of its parents,
        innermost first; empty when the endpoint has no blueprint."""
        name = self.blueprint
        if name is None:
            return []
        return _split_blueprint_path(name)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        app = _active_app()
        if (
            app is not None
            and app.debug
            and self.mimetype != "multipart/form-data"
            and not self.files
        ):
            # Explain, in debug mode, why ``request.files`` is empty.
            from .debughelpers import attach_enctype_error_multidict

            attach_enctype_error_multidict(self)

    @t.overload
    def get_json(
        self, force: bool = ..., silent: t.Literal[False] = ..., cache: bool = ...
    ) -> t.Any: ...

    @t.overload
    def get_json(
        self, force: bool = ..., silent: bool = ..., cache: bool = ...
    ) -> t.Any | None: ...

    def get_json(
        self, force: bool = False, silent: bool = False, cache: bool = True
    ) -> t.Any | None:
        """Parse the body as JSON, as Werkzeug's ``get_json`` does, with one
        more case of a body that cannot be parsed: one nested so deeply that
        the parser runs out of recursion (``[[[[...]]]]`` a few thousand
        levels deep). It is treated like any other malformed body, by
        :meth:`on_json_loading_failed` (a 400 error), instead of escaping
        as a :exc:`RecursionError` (a 500 error).
        """
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            return self.on_json_loading_failed(ValueError(_TOO_DEEP))

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Turn a failure to parse the JSON body into a 400 error.

        In debug mode the error keeps the parser's message; otherwise it is a
        plain :exc:`~werkzeug.exceptions.BadRequest` that reveals nothing
        about the body.
        """
        try:
            return super().on_json_loading_failed(e)
        except BadRequest as detailed:
            app = _active_app()
            if app is not None and app.debug:
                raise
            raise BadRequest() from detailed


#: Why a body nested too deeply to parse is refused.
_TOO_DEEP = "The JSON document is nested too deeply to be parsed."


class Response(ResponseBase):
    """The response class Flask uses for what views return.

    It differs from Werkzeug's in defaulting to ``text/html``, leaving
    relative ``Location`` headers as they are, reading JSON through
    :mod:`flask.json`, and taking the cookie size limit from the app's
    ``MAX_COOKIE_SIZE``. A subclass can be installed with
    :attr:`Flask.response_class`.
    """

    default_mimetype: str | None = "text/html"

    #: The module used to parse JSON bodies: :mod:`flask.json`. Imported on
    #: first use.
    json_module: t.Any = seams.lazy_class_attribute(_flask_json_for_responses)

    autocorrect_location_header = False

    def __init__(
        self,
        response: t.Iterable[bytes] | bytes | t.Iterable[str] | str | None = None,
        status: int | str | HTTPStatus | None = None,
        headers: t.Mapping[str, str | t.Iterable[str]]
        | t.Iterable[tuple[str, str]]
        | None = None,
        mimetype: str | None = None,
        content_type: str | None = None,
        direct_passthrough: bool = False,
    ) -> None:
        if SPEEDUPS and _builds_plainly.accepts(type(self)):
            build_plainly(
                self,
                response,
                status,
                headers,
                mimetype,
                content_type,
                direct_passthrough,
            )
            return
        super().__init__(
            response, status, headers, mimetype, content_type, direct_passthrough
        )

    def _clean_status(self, value: str | int | HTTPStatus) -> tuple[str, int]:
        """Werkzeug's reading of a status (``404``, ``"404 NOT FOUND"``,
        ``HTTPStatus.NOT_FOUND``), refusing with a
        :exc:`~flask._wsgi_response.UnsafeResponseError` (a :exc:`ValueError`)
        a status line that holds a line break or another control character,
        which would let the response carry headers the application never set.
        """
        status, code = super()._clean_status(value)
        if not status.isprintable():
            check_status(status)
        return status, code

    @property
    def max_cookie_size(self) -> int:  # type: ignore[override]
        """The size above which setting a cookie warns: the app's
        ``MAX_COOKIE_SIZE`` inside an app context, Werkzeug's default
        otherwise."""
        app = _active_app()
        if app is None:
            return super().max_cookie_size
        limit: int = app.config["MAX_COOKIE_SIZE"]
        return limit


#: Whether a response class is built exactly as :class:`Response` (it
#: changes nothing Werkzeug's constructor uses), so that the construction
#: shortcut of :func:`flask._speedups.responses.build` applies.
_builds_plainly = InheritedUnchanged(Response, CONSTRUCTION_HOOKS, "werkzeug")
