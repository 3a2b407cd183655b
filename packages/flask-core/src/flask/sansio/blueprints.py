"""Blueprints: groups of routes and hooks recorded now and applied to an
application later, once per registration.

A blueprint stores its own hooks in the same registries as an application.
When registered, it copies them into the application under its dotted name
and replays the deferred functions (routes, app-wide hooks) against a
:class:`BlueprintSetupState` that carries the registration's options.
"""

from __future__ import annotations

import os
import typing as t
from collections import defaultdict
from functools import update_wrapper

from .. import typing as ft
from .scaffold import (
    Scaffold,
    _decorator_calling,
    _endpoint_from_view_func,
    _sentinel,
    setupmethod,
)

if t.TYPE_CHECKING:
    from .app import App

DeferredSetupFunction = t.Callable[["BlueprintSetupState"], None]
T_after_request = t.TypeVar("T_after_request", bound=ft.AfterRequestCallable[t.Any])
T_before_request = t.TypeVar("T_before_request", bound=ft.BeforeRequestCallable)
T_error_handler = t.TypeVar("T_error_handler", bound=ft.ErrorHandlerCallable)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_context_processor = t.TypeVar(
    "T_template_context_processor", bound=ft.TemplateContextProcessorCallable
)
T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)
T_url_defaults = t.TypeVar("T_url_defaults", bound=ft.URLDefaultCallable)
T_url_value_preprocessor = t.TypeVar(
    "T_url_value_preprocessor", bound=ft.URLValuePreprocessorCallable
)


def _join_url_prefixes(outer: str | None, inner: str | None) -> str | None:
    """Combine a parent's and a child's URL prefix with exactly one slash."""
    if outer is None:
        return inner
    if inner is None:
        return outer
    return f"{outer.rstrip('/')}/{inner.lstrip('/')}"


def _join_subdomains(outer: str | None, inner: str | None) -> str | None:
    """A child's subdomain sits to the left of its parent's."""
    if outer is None:
        return inner
    if inner is None:
        return outer
    return f"{inner}.{outer}"


class BlueprintSetupState:
    """What a blueprint knows during one registration on an application:
    the app, the options passed to ``register_blueprint`` and the effective
    name, URL prefix, subdomain and URL defaults. Deferred functions receive
    it as their only argument."""

    def __init__(
        self,
        blueprint: Blueprint,
        app: App,
        options: t.Any,
        first_registration: bool,
    ) -> None:
        #: The application the blueprint is registered on.
        self.app = app
        #: The blueprint being registered.
        self.blueprint = blueprint
        #: The keyword arguments given to ``register_blueprint``.
        self.options = options
        #: ``True`` the first time this blueprint is registered on ``app``.
        self.first_registration = first_registration

        subdomain = options.get("subdomain")
        #: Subdomain of this registration's routes.
        self.subdomain = blueprint.subdomain if subdomain is None else subdomain

        url_prefix = options.get("url_prefix")
        #: URL prefix of this registration's routes.
        self.url_prefix = blueprint.url_prefix if url_prefix is None else url_prefix

        #: Name under which the blueprint is registered (``name=`` option).
        self.name = options.get("name", blueprint.name)
        #: Dotted name of the parent blueprint, empty at the top level.
        self.name_prefix = options.get("name_prefix", "")

        #: Default URL values for every route of this registration.
        self.url_defaults = {
            **blueprint.url_values_defaults,
            **dict(options.get("url_defaults", ())),
        }

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: ft.RouteCallable | None = None,
        **options: t.Any,
    ) -> None:
        """Add a blueprint route to the app, with the registration's prefix,
        subdomain, defaults and dotted endpoint name applied."""
        if self.url_prefix is not None:
            rule = (
                f"{self.url_prefix.rstrip('/')}/{rule.lstrip('/')}"
                if rule
                else self.url_prefix
            )
        options.setdefault("subdomain", self.subdomain)
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)
        defaults = self.url_defaults
        if "defaults" in options:
            defaults = {**defaults, **options.pop("defaults")}
        full_endpoint = f"{self.name_prefix}.{self.name}.{endpoint}".lstrip(".")
        self.app.add_url_rule(
            rule, full_endpoint, view_func, defaults=defaults, **options
        )


class Blueprint(Scaffold):
    """A reusable set of views, static files, templates and hooks that an
    application registers, possibly several times under different names and
    prefixes.

    :param name: the blueprint's name, prefixed to its endpoints; no dots.
    :param import_name: the module or package defining it (usually
        ``__name__``), used to find ``root_path``.
    :param static_folder: folder of static files served under the
        blueprint's URL prefix.
    :param static_url_path: URL path of the static files.
    :param template_folder: folder added to the app's template search path,
        after the app's own templates.
    :param url_prefix: path prefix of every route.
    :param subdomain: subdomain of every route.
    :param url_defaults: default URL values of every route.
    :param root_path: the blueprint's folder, when it cannot be found from
        ``import_name``.
    :param cli_group: name of the command group for the blueprint's
        commands; ``None`` adds them to the app's group directly. By default
        the group is named after the blueprint.
    """

    _got_registered_once = False

    def __init__(
        self,
        name: str,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        url_prefix: str | None = None,
        subdomain: str | None = None,
        url_defaults: dict[str, t.Any] | None = None,
        root_path: str | None = None,
        cli_group: str | None = _sentinel,  # type: ignore[assignment]
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        if not name:
            raise ValueError("'name' may not be empty.")
        if "." in name:
            raise ValueError(
                "'name' may not contain a dot '.' character; dots separate"
                " nested blueprint names in endpoints."
            )
        #: Name of the blueprint, the first part of its endpoints.
        self.name = name
        #: Path prefix of the blueprint's routes.
        self.url_prefix = url_prefix
        #: Subdomain of the blueprint's routes.
        self.subdomain = subdomain
        #: Functions replayed with a :class:`BlueprintSetupState` at each
        #: registration.
        self.deferred_functions: list[DeferredSetupFunction] = []
        #: Default URL values of the blueprint's routes.
        self.url_values_defaults: dict[str, t.Any] = (
            {} if url_defaults is None else url_defaults
        )
        #: How the blueprint's commands are grouped under the app's CLI.
        self.cli_group = cli_group
        self._blueprints: list[tuple[Blueprint, dict[str, t.Any]]] = []

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_registered_once:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called on the"
                f" blueprint '{self.name}'. It has already been registered at"
                " least once, and the change would not reach the existing"
                " registrations.\nDo all the setup (imports, decorators,"
                " nested blueprints) before registering the blueprint."
            )

    # -- deferred setup ---------------------------------------------------------

    @setupmethod
    def record(self, func: DeferredSetupFunction) -> None:
        """Call ``func`` with the :class:`BlueprintSetupState` every time the
        blueprint is registered on an application."""
        self.deferred_functions.append(func)

    @setupmethod
    def record_once(self, func: DeferredSetupFunction) -> None:
        """Like :meth:`record`, but only for the first registration on each
        application."""

        def on_first_registration(state: BlueprintSetupState) -> None:
            if not state.first_registration:
                return
            func(state)

        self.record(update_wrapper(on_first_registration, func))

    def make_setup_state(
        self, app: App, options: dict[str, t.Any], first_registration: bool = False
    ) -> BlueprintSetupState:
        """Create the state object passed to the deferred functions."""
        return BlueprintSetupState(
            blueprint=self,
            app=app,
            options=options,
            first_registration=first_registration,
        )

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Nest ``blueprint`` in this one: it is registered whenever this
        blueprint is, with URL prefix, subdomain and name joined to this
        blueprint's. ``options`` are as for
        :meth:`flask.Flask.register_blueprint`."""
        if blueprint is self:
            raise ValueError(f"Cannot register a blueprint on itself ({self.name!r}).")
        self._blueprints.append((blueprint, options))

    # -- registration on an app ---------------------------------------------

    def register(self, app: App, options: dict[str, t.Any]) -> None:
        """Apply the blueprint to ``app``; called by
        :meth:`~flask.Flask.register_blueprint`.

        Copies the blueprint's hooks and handlers into the app under the
        dotted name, replays the deferred functions, attaches the CLI
        commands and registers the nested blueprints.
        """
        own_name = options.get("name", self.name)
        name = f"{options.get('name_prefix', '')}.{own_name}".lstrip(".")

        registered_there = app.blueprints.get(name)
        if registered_there is not None:
            which = "this" if registered_there is self else "a different"
            dotted = f" '{name}'" if own_name != name else ""
            raise ValueError(
                f"The name '{own_name}' is already registered for {which}"
                f" blueprint{dotted}. Use 'name=' to provide a unique name."
            )

        first_registration = all(bp is not self for bp in app.blueprints.values())
        app.blueprints[name] = self
        self._got_registered_once = True
        state = self.make_setup_state(app, options, first_registration)

        if self.has_static_folder:
            state.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                view_func=self.send_static_file,  # type: ignore[attr-defined]
                endpoint="static",
            )

        # Each registration uses a new name (checked above), so its scope in
        # the app's registries is always empty and gets the hooks copied in.
        self._merge_blueprint_funcs(app, name)

        for deferred in self.deferred_functions:
            deferred(state)

        self._register_cli_commands(app, name, options)

        for child, child_options in self._blueprints:
            child.register(app, self._child_options(state, name, child, child_options))

    def _register_cli_commands(
        self, app: App, name: str, options: dict[str, t.Any]
    ) -> None:
        if self._cli is None or not self._cli.commands:
            return
        group_name = options.get("cli_group", self.cli_group)
        if group_name is None:
            app.cli.commands.update(self._cli.commands)
            return
        self._cli.name = name if group_name is _sentinel else group_name
        app.cli.add_command(self._cli)

    @staticmethod
    def _child_options(
        state: BlueprintSetupState,
        name: str,
        child: Blueprint,
        child_options: dict[str, t.Any],
    ) -> dict[str, t.Any]:
        """Options for registering a nested blueprint below this registration."""
        merged = dict(child_options)

        subdomain = child_options.get("subdomain")
        if subdomain is None:
            subdomain = child.subdomain
        subdomain = _join_subdomains(state.subdomain, subdomain)
        if subdomain is not None:
            merged["subdomain"] = subdomain

        url_prefix = child_options.get("url_prefix")
        if url_prefix is None:
            url_prefix = child.url_prefix
        url_prefix = _join_url_prefixes(state.url_prefix, url_prefix)
        if url_prefix is not None:
            merged["url_prefix"] = url_prefix

        merged["name_prefix"] = name
        return merged

    def _merge_blueprint_funcs(self, app: App, name: str) -> None:
        """Copy this blueprint's registries into ``app``'s, with every scope
        key moved below ``name`` (``None`` becomes ``name`` itself)."""

        def scoped(key: str | None) -> str:
            return name if key is None else f"{name}.{key}"

        for key, by_code in self.error_handler_spec.items():
            app.error_handler_spec[scoped(key)] = defaultdict(
                dict, {code: dict(by_class) for code, by_class in by_code.items()}
            )

        app.view_functions.update(self.view_functions)

        hook_registries: tuple[tuple[t.Any, t.Any], ...] = (
            (self.before_request_funcs, app.before_request_funcs),
            (self.after_request_funcs, app.after_request_funcs),
            (self.teardown_request_funcs, app.teardown_request_funcs),
            (self.url_default_functions, app.url_default_functions),
            (self.url_value_preprocessors, app.url_value_preprocessors),
            (self.template_context_processors, app.template_context_processors),
        )
        for own, target in hook_registries:
            for key, functions in own.items():
                target.setdefault(scoped(key), []).extend(functions)

    # -- routes -----------------------------------------------------------------

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: ft.RouteCallable | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Record a route, added to the app (with the blueprint's prefix and
        endpoint name) at each registration. See
        :meth:`flask.Flask.add_url_rule`."""
        if endpoint and "." in endpoint:
            raise ValueError("'endpoint' may not contain a dot '.' character.")
        view_name = getattr(view_func, "__name__", None) if view_func else None
        if view_name is not None and "." in view_name:
            raise ValueError("'view_func' name may not contain a dot '.' character.")

        def add_to_app(state: BlueprintSetupState) -> None:
            state.add_url_rule(
                rule,
                endpoint,
                view_func,
                provide_automatic_options=provide_automatic_options,
                **options,
            )

        self.record(add_to_app)

    # -- application-wide template registries ----------------------------------

    def _record_jinja_entry(
        self, namespace: str, f: t.Callable[..., t.Any], name: str | None
    ) -> None:
        """On first registration, store ``f`` in the app's Jinja
        ``filters``, ``tests`` or ``globals``."""
        entry_name = name if name else f.__name__

        def store(state: BlueprintSetupState) -> None:
            getattr(state.app.jinja_env, namespace)[entry_name] = f

        self.record_once(store)

    @setupmethod
    def app_template_filter(
        self, name: str | None = None
    ) -> t.Callable[[T_template_filter], T_template_filter]:
        """Decorator form of :meth:`add_app_template_filter`."""

        return _decorator_calling(self.add_app_template_filter, name)

    @setupmethod
    def add_app_template_filter(
        self, f: ft.TemplateFilterCallable, name: str | None = None
    ) -> None:
        """Register a Jinja filter for every template of the app."""
        self._record_jinja_entry("filters", f, name)

    @setupmethod
    def app_template_test(
        self, name: str | None = None
    ) -> t.Callable[[T_template_test], T_template_test]:
        """Decorator form of :meth:`add_app_template_test`."""

        return _decorator_calling(self.add_app_template_test, name)

    @setupmethod
    def add_app_template_test(
        self, f: ft.TemplateTestCallable, name: str | None = None
    ) -> None:
        """Register a Jinja test for every template of the app."""
        self._record_jinja_entry("tests", f, name)

    @setupmethod
    def app_template_global(
        self, name: str | None = None
    ) -> t.Callable[[T_template_global], T_template_global]:
        """Decorator form of :meth:`add_app_template_global`."""

        return _decorator_calling(self.add_app_template_global, name)

    @setupmethod
    def add_app_template_global(
        self, f: ft.TemplateGlobalCallable, name: str | None = None
    ) -> None:
        """Register a Jinja global for every template of the app."""
        self._record_jinja_entry("globals", f, name)

    # -- application-wide hooks -------------------------------------------------

    def _record_app_hook(self, registry_name: str, f: t.Any) -> None:
        """On first registration, append ``f`` to the app's registry
        ``registry_name`` under the ``None`` (every request) scope."""

        def register(state: BlueprintSetupState) -> None:
            registry = getattr(state.app, registry_name)
            registry.setdefault(None, []).append(f)

        self.record_once(register)

    @setupmethod
    def before_app_request(self, f: T_before_request) -> T_before_request:
        """Like :meth:`before_request`, for every request of the app."""
        self._record_app_hook("before_request_funcs", f)
        return f

    @setupmethod
    def after_app_request(self, f: T_after_request) -> T_after_request:
        """Like :meth:`after_request`, for every request of the app."""
        self._record_app_hook("after_request_funcs", f)
        return f

    @setupmethod
    def teardown_app_request(self, f: T_teardown) -> T_teardown:
        """Like :meth:`teardown_request`, for every request of the app."""
        self._record_app_hook("teardown_request_funcs", f)
        return f

    @setupmethod
    def app_context_processor(
        self, f: T_template_context_processor
    ) -> T_template_context_processor:
        """Like :meth:`context_processor`, for every template of the app."""
        self._record_app_hook("template_context_processors", f)
        return f

    @setupmethod
    def app_url_value_preprocessor(
        self, f: T_url_value_preprocessor
    ) -> T_url_value_preprocessor:
        """Like :meth:`url_value_preprocessor`, for every request of the app."""
        self._record_app_hook("url_value_preprocessors", f)
        return f

    @setupmethod
    def app_url_defaults(self, f: T_url_defaults) -> T_url_defaults:
        """Like :meth:`url_defaults`, for every URL built by the app."""
        self._record_app_hook("url_default_functions", f)
        return f

    @setupmethod
    def app_errorhandler(
        self, code: type[Exception] | int
    ) -> t.Callable[[T_error_handler], T_error_handler]:
        """Like :meth:`errorhandler`, for errors anywhere in the app."""

        def decorator(f: T_error_handler) -> T_error_handler:
            def register(state: BlueprintSetupState) -> None:
                state.app.errorhandler(code)(f)

            self.record_once(register)
            return f

        return decorator
