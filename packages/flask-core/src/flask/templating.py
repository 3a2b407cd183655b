"""Jinja integration: the app's environment, the loader that searches the app
and its blueprints, and the functions that render templates.

flask-core imports this module (and with it Jinja) only once templates are
used, so plain ``import flask`` does not pay for it.
"""

from __future__ import annotations

import typing as t

from jinja2 import BaseLoader, Template, TemplateNotFound
from jinja2 import Environment as BaseEnvironment

from . import seams
from ._speedups import ENABLED as SPEEDUPS
from ._speedups import rendering
from ._speedups.rendering import NOT_TAKEN
from ._speedups.templates import TAKEN as QUICK_GETATTR
from ._speedups.templates import read_attribute
from ._template_runtime import SessionForTemplates, TemplateContext
from .globals import _cv_app, _cv_request, current_app
from .helpers import stream_with_context

if t.TYPE_CHECKING:
    from .app import Flask
    from .ctx import RequestContext
    from .sansio.app import App
    from .sansio.scaffold import Scaffold

#: What :meth:`BaseLoader.get_source` returns: source, file name, up-to-date check.
_SourceTriple = tuple[str, "str | None", "t.Callable[[], bool] | None"]


def _default_template_ctx_processor() -> dict[str, t.Any]:
    """Make ``g`` available to templates, and ``request`` and ``session``
    while a request is handled.

    The app registers it as its first context processor.
    """
    values: dict[str, t.Any] = {}
    app_context = _cv_app.get(None)
    if app_context is not None:
        values["g"] = app_context.g
    request_context = _cv_request.get(None)
    if request_context is not None:
        values["request"] = request_context.request
        values["session"] = _template_session(request_context)
    return values


def _template_session(request_context: RequestContext) -> t.Any:
    """The session as templates see it: a stand-in that becomes the session
    (opened if need be, and marked as accessed) once a template uses it.

    Offering the session to a template is not a use of it, so a page that
    never shows the session neither loads it from the cookie nor varies on
    ``Cookie``. Any template that does use it marks it, whether or not its
    class records reads itself (see
    :class:`~flask._template_runtime.SessionForTemplates`).
    """
    return SessionForTemplates(lambda: request_context.session)


class Environment(BaseEnvironment):
    """The Jinja environment of a Flask app.

    It remembers its app in :attr:`app` and, unless a ``loader`` option is
    given, loads templates through the app's
    :meth:`~flask.Flask.create_global_jinja_loader`, which looks in the app's
    and the blueprints' template folders.
    """

    #: Templates render with :class:`~flask._template_runtime.TemplateContext`.
    context_class = TemplateContext

    #: Whether :meth:`getattr` takes the quick path of
    #: :func:`~flask._speedups.templates.read_attribute`: with the speedups
    #: on, and only while what it stands in for is Jinja's own (see
    #: :meth:`__init_subclass__`).
    _quick_getattr = QUICK_GETATTR

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        """Let another environment class combined with this one keep its
        own attribute lookup and context class.

        In ``class Env(flask.templating.Environment, SandboxedEnvironment)``
        the sandbox comes after this class, and its ``getattr`` (which
        refuses unsafe attributes) and ``context_class`` must still apply:
        the quick paths are only taken where they replace Jinja's own.
        """
        super().__init_subclass__(**kwargs)
        mro = cls.__mro__
        after_flask = mro[mro.index(Environment) + 1 :]
        cls._quick_getattr = (
            QUICK_GETATTR and _defined_by(after_flask, "getattr") is BaseEnvironment
        )
        context_owner = _defined_by(after_flask, "context_class")
        if context_owner is not BaseEnvironment and "context_class" not in vars(cls):
            cls.context_class = vars(context_owner)["context_class"]

    def __init__(self, app: App, **options: t.Any) -> None:
        if "loader" not in options:
            options["loader"] = app.create_global_jinja_loader()
        super().__init__(**options)
        self.app = app

    def getattr(self, obj: t.Any, attribute: str) -> t.Any:
        """``obj.attribute`` in a template, as Jinja resolves it, with a
        quicker path for plain dicts
        (:func:`~flask._speedups.templates.read_attribute`)."""
        if self._quick_getattr:
            return read_attribute(self, obj, attribute)
        return super().getattr(obj, attribute)


def _defined_by(classes: tuple[type, ...], name: str) -> type:
    """The first of ``classes`` that defines ``name`` itself."""
    return next(klass for klass in classes if name in vars(klass))


class DispatchingJinjaLoader(BaseLoader):
    """Find templates in the app's template folder first, then in each
    registered blueprint's, in registration order.

    When ``EXPLAIN_TEMPLATE_LOADING`` is on, every loader is asked and the
    attempts are logged by
    :func:`~flask.debughelpers.explain_template_loading_attempts`.
    """

    def __init__(self, app: App) -> None:
        self.app = app

    def get_source(
        self, environment: BaseEnvironment, template: str
    ) -> tuple[str, str | None, t.Callable[[], bool] | None]:
        """Return the source of the first match among the app's and the
        blueprints' loaders, or raise :exc:`~jinja2.TemplateNotFound`."""
        if self.app.config["EXPLAIN_TEMPLATE_LOADING"]:
            return self._get_source_explained(environment, template)
        return self._get_source_fast(environment, template)

    def _get_source_fast(
        self, environment: BaseEnvironment, template: str
    ) -> _SourceTriple:
        for _owner, loader in self._iter_loaders(template):
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                pass
        raise TemplateNotFound(template)

    def _get_source_explained(
        self, environment: BaseEnvironment, template: str
    ) -> _SourceTriple:
        from .debughelpers import explain_template_loading_attempts

        attempts: list[tuple[BaseLoader, Scaffold, _SourceTriple | None]] = []
        for owner, loader in self._iter_loaders(template):
            try:
                answer: _SourceTriple | None = loader.get_source(environment, template)
            except TemplateNotFound:
                answer = None
            attempts.append((loader, owner, answer))

        explain_template_loading_attempts(self.app, template, attempts)
        for _loader, _owner, answer in attempts:
            if answer is not None:
                return answer
        raise TemplateNotFound(template)

    def _iter_loaders(self, template: str) -> t.Iterator[tuple[Scaffold, BaseLoader]]:
        """Yield ``(app or blueprint, loader)`` for each one that has a
        template folder, in lookup order."""
        owners: list[Scaffold] = [self.app, *self.app.iter_blueprints()]
        for owner in owners:
            loader = owner.jinja_loader
            if loader is not None:
                yield owner, loader

    def list_templates(self) -> list[str]:
        """Return the names of all templates the app and its blueprints
        provide, each once."""
        names: set[str] = set()
        for _owner, loader in self._iter_loaders(""):
            names.update(loader.list_templates())
        return list(names)


# -- rendering ---------------------------------------------------------------


def _send_signal(
    name: str, app: Flask, template: Template, context: dict[str, t.Any]
) -> None:
    hub = seams.signal_hub
    if hub is None:
        return
    signal = getattr(hub, name)
    signal.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)


def _prepare(app: Flask, template: Template, context: dict[str, t.Any]) -> None:
    app.update_template_context(context)
    _send_signal("before_render_template", app, template, context)


def _render(app: Flask, template: Template, context: dict[str, t.Any]) -> str:
    _prepare(app, template, context)
    # The same as template.render(context), quicker (flask._speedups.rendering).
    output: str = rendering.render(template, context) if SPEEDUPS else NOT_TAKEN
    if output is NOT_TAKEN:
        output = template.render(context)
    _send_signal("template_rendered", app, template, context)
    return output


def _stream(
    app: Flask, template: Template, context: dict[str, t.Any]
) -> t.Iterator[str]:
    _prepare(app, template, context)

    def chunks() -> t.Iterator[str]:
        yield from template.generate(context)
        _send_signal("template_rendered", app, template, context)

    body = chunks()
    if _cv_request.get(None) is not None:
        offered = context.get("session")
        if type(offered) is SessionForTemplates:
            # The template runs once the headers are sent, too late for what
            # it reads to add ``Vary: Cookie``: it counts as a use right now.
            offered._get_current_object()
        body = stream_with_context(body)
    return body


def _active_app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined, no-any-return]


def render_template(
    template_name_or_list: str | Template | list[str | Template],
    **context: t.Any,
) -> str:
    """Render a template from the app's template folders with ``context``.

    With a list, the first template that exists is used. Context processors
    add their values first, so ``request``, ``g`` and the like are available.
    """
    app = _active_app()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source: str, **context: t.Any) -> str:
    """Render the template ``source`` given as a string, with ``context``.

    Autoescaping is on, as for ``.html`` files.
    """
    app = _active_app()
    template = app.jinja_env.from_string(source)
    return _render(app, template, context)


def stream_template(
    template_name_or_list: str | Template | list[str | Template],
    **context: t.Any,
) -> t.Iterator[str]:
    """Like :func:`render_template`, but return an iterator of pieces of the
    output, to send as a streaming response.

    During a request, the request context stays available until the
    iterator is exhausted (see :func:`~flask.stream_with_context`).
    """
    app = _active_app()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _stream(app, template, context)


def stream_template_string(source: str, **context: t.Any) -> t.Iterator[str]:
    """Like :func:`render_template_string`, but return an iterator of pieces
    of the output, to send as a streaming response."""
    app = _active_app()
    template = app.jinja_env.from_string(source)
    return _stream(app, template, context)
