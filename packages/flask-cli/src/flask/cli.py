"""The ``flask`` command line interface.

This module is the flask-cli distribution of modular Flask. It finds the
application to work with (from ``--app``, ``FLASK_APP`` or a ``wsgi.py`` /
``app.py`` file), loads ``.env`` and ``.flaskenv`` files, and provides the
built-in ``run``, ``shell`` and ``routes`` commands. Applications and
blueprints add their own commands to an :class:`AppGroup`, reachable as
``app.cli`` and ``blueprint.cli``.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import os
import platform
import re
import sys
import traceback
import typing as t
from functools import update_wrapper
from types import ModuleType

import click
from click.core import ParameterSource
from werkzeug.serving import is_running_from_reloader, run_simple
from werkzeug.utils import import_string

from . import installation
from .globals import _cv_app, current_app
from .helpers import get_debug_flag, get_load_dotenv

if t.TYPE_CHECKING:
    import ssl

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from werkzeug.routing import Rule

    from .app import Flask

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class NoAppException(click.UsageError):
    """The application to run a command against could not be found or built."""


# -- finding the application in a module --------------------------------------

#: Attribute names tried first when a module is searched for an app instance.
_CONVENTIONAL_APP_NAMES = ("app", "application")

#: Functions tried, without arguments, when a module holds no app instance.
_CONVENTIONAL_FACTORY_NAMES = ("create_app", "make_app")


def _flask_class() -> type[Flask]:
    from .app import Flask

    return Flask


def _called_with_wrong_args(f: t.Callable[..., Flask]) -> bool:
    """Tell whether the :exc:`TypeError` being handled came from calling ``f``
    with arguments it does not accept, rather than from inside ``f``.

    The error started inside ``f`` exactly when one of the frames of its
    traceback runs ``f``'s code.
    """
    failure = sys.exc_info()[1]
    tb = failure.__traceback__ if failure is not None else None
    target = getattr(f, "__code__", None)
    entered = any(frame.f_code is target for frame, _ in traceback.walk_tb(tb))
    return not entered


def _module_label(module: ModuleType) -> str:
    return str(getattr(module, "__name__", module))


def _only_app_instance(module: ModuleType) -> Flask | None:
    flask_class = _flask_class()
    found = [value for value in vars(module).values() if isinstance(value, flask_class)]
    if len(found) > 1:
        label = _module_label(module)
        raise NoAppException(
            f"The module '{label}' holds more than one Flask application."
            f" Choose one with '{label}:name'."
        )
    return found[0] if found else None


def _app_from_conventional_factory(module: ModuleType) -> Flask | None:
    flask_class = _flask_class()
    label = _module_label(module)
    for factory_name in _CONVENTIONAL_FACTORY_NAMES:
        factory = getattr(module, factory_name, None)
        if not inspect.isfunction(factory):
            continue
        try:
            candidate = factory()
        except TypeError as error:
            if not _called_with_wrong_args(factory):
                raise
            raise NoAppException(
                f"The module '{label}' has a factory '{factory_name}', but it"
                " needs arguments. Pass them explicitly with"
                f" '{label}:{factory_name}(args)'."
            ) from error
        if isinstance(candidate, flask_class):
            return candidate
    return None


def find_best_app(module: ModuleType) -> Flask:
    """Pick the application out of an imported module.

    In order: an app instance named ``app`` or ``application``; the only app
    instance in the module; the result of calling a ``create_app`` or
    ``make_app`` function without arguments. Raises :exc:`NoAppException`
    when none of them gives an app.
    """
    flask_class = _flask_class()
    for attribute in _CONVENTIONAL_APP_NAMES:
        candidate = getattr(module, attribute, None)
        if isinstance(candidate, flask_class):
            return candidate

    found = _only_app_instance(module)
    if found is None:
        found = _app_from_conventional_factory(module)
    if found is not None:
        return found

    label = _module_label(module)
    raise NoAppException(
        f"No Flask application or factory was found in the module '{label}'."
        f" Name the one to use with '{label}:name'."
    )


class _AppReference(t.NamedTuple):
    """``name`` or ``name(args)`` from the part after ``:`` in ``--app``."""

    name: str
    args: list[t.Any]
    kwargs: dict[str, t.Any]
    is_call: bool


def _literal_arguments(
    call: ast.Call, text: str
) -> tuple[list[t.Any], dict[str, t.Any]]:
    values: list[t.Any] = []
    named: dict[str, t.Any] = {}
    try:
        for node in call.args:
            values.append(ast.literal_eval(node))
        for keyword in call.keywords:
            if keyword.arg is None:
                raise ValueError("'**' unpacking is not a literal")
            named[keyword.arg] = ast.literal_eval(keyword.value)
    except (ValueError, TypeError, SyntaxError):
        raise NoAppException(
            f"The arguments in {text!r} must be Python literals"
            " (strings, numbers, tuples, lists, dicts, booleans, None)."
        ) from None
    return values, named


def _parse_app_reference(text: str) -> _AppReference:
    unparsable = NoAppException(
        f"{text!r} is neither an attribute name nor a call of a function."
    )
    try:
        expression = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise unparsable from None

    if isinstance(expression, ast.Name):
        return _AppReference(expression.id, [], {}, False)
    if not isinstance(expression, ast.Call):
        raise unparsable
    if not isinstance(expression.func, ast.Name):
        raise NoAppException(f"Only a plain function name can be called in {text!r}.")
    values, named = _literal_arguments(expression, text)
    return _AppReference(expression.func.id, values, named, True)


def find_app_by_string(module: ModuleType, app_name: str) -> Flask:
    """Get the app named by ``app_name`` from ``module``.

    ``app_name`` is an attribute name (``app``) or a call of a factory
    function with literal arguments (``create_app()``,
    ``create_app("dev", debug=True)``). A bare function name is called with
    no arguments.
    """
    reference = _parse_app_reference(app_name)
    label = _module_label(module)
    try:
        target = getattr(module, reference.name)
    except AttributeError as error:
        raise NoAppException(
            f"The module {label!r} has no attribute {reference.name!r}."
        ) from error

    result: object = target
    if inspect.isfunction(target):
        try:
            result = target(*reference.args, **reference.kwargs)
        except TypeError as error:
            if not _called_with_wrong_args(target):
                raise
            raise NoAppException(
                f"Calling the factory {app_name!r} from {label!r} failed:"
                " it does not accept the given arguments."
            ) from error

    if isinstance(result, _flask_class()):
        return result
    raise NoAppException(f"'{label}:{app_name}' did not give a Flask application.")


def prepare_import(path: str) -> str:
    """Turn a file or dotted path into an importable module name.

    ``.py`` and a trailing ``__init__`` are dropped, the name grows upward
    through every folder that has an ``__init__.py``, and the first folder
    outside that package is put at the front of :data:`sys.path`.
    """
    location = os.path.realpath(path)
    stem, extension = os.path.splitext(location)
    if extension == ".py":
        location = stem
    if os.path.basename(location) == "__init__":
        location = os.path.dirname(location)

    parts: list[str] = []
    folder, leaf = os.path.split(location)
    parts.insert(0, leaf)
    while os.path.exists(os.path.join(folder, "__init__.py")):
        folder, leaf = os.path.split(folder)
        parts.insert(0, leaf)

    if sys.path[0] != folder:
        sys.path.insert(0, folder)
    return ".".join(parts)


def _module_was_missing(error: ImportError, module_name: str) -> bool:
    """True when ``error`` says ``module_name`` (or a package above it) does
    not exist, False when the module was found but failed while importing."""
    if not isinstance(error, ModuleNotFoundError) or error.name is None:
        return False
    missing = error.name
    return module_name == missing or module_name.startswith(missing + ".")


@t.overload
def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: t.Literal[True] = True
) -> Flask: ...


@t.overload
def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: bool = ...
) -> Flask | None: ...


def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: bool = True
) -> Flask | None:
    """Import ``module_name`` and find the app in it.

    With ``app_name`` the app is looked up with :func:`find_app_by_string`,
    otherwise with :func:`find_best_app`. A module that does not exist gives
    ``None`` when ``raise_if_not_found`` is false; an :exc:`ImportError`
    raised while the module runs is always reported.
    """
    try:
        if not module_name or module_name.startswith("."):
            # Not an absolute module name: nothing by that name can exist.
            raise ModuleNotFoundError(module_name, name=module_name)
        # ``__import__`` rather than ``importlib.import_module``: the import
        # system then leaves its own frames out of the traceback shown below.
        __import__(module_name)
    except ImportError as error:
        if not _module_was_missing(error, module_name):
            raise NoAppException(
                f"Importing {module_name!r} raised an ImportError:\n\n"
                f"{traceback.format_exc()}"
            ) from None
        if not raise_if_not_found:
            return None
        raise NoAppException(
            f"The module {module_name!r} could not be imported."
        ) from None

    module = sys.modules[module_name]
    if app_name is None:
        return find_best_app(module)
    return find_app_by_string(module, app_name)


# -- --version ----------------------------------------------------------------


def _modular_version(name: str) -> str | None:
    """The version of modular Flask's distribution ``name``; ``None`` when it
    is not installed, or when what is installed under that name is not ours
    (the real Flask, or the index's unrelated project of the same name)."""
    for distribution in installation.installed(name):
        if installation.is_modular(distribution):
            return distribution.version
    return None


def _version_lines() -> list[str]:
    api_version = getattr(sys.modules["flask"], "FLASK_API_VERSION", None)
    lines = [f"Python {platform.python_version()}"]
    for name in installation.DISTRIBUTIONS:
        version = _modular_version(name)
        if version is None:
            continue
        if name == "flask":
            # The compatibility wheel: the Flask API version it stands for.
            lines.append(f"Flask {version}")
            continue
        if name == "flask-core" and api_version:
            version = f"{version} (Flask {api_version} API)"
        lines.append(f"{name} {version}")
    try:
        werkzeug = importlib.metadata.version("werkzeug")
    except importlib.metadata.PackageNotFoundError:
        werkzeug = "not installed"
    lines.append(f"Werkzeug {werkzeug}")
    return lines


def get_version(ctx: click.Context, param: click.Parameter, value: t.Any) -> None:
    """Callback of ``--version``: print the versions of Python, of the
    compatibility wheel named ``flask`` (only when it is installed), of each
    installed modular Flask distribution and of Werkzeug, then exit. What
    :func:`flask.installation.find_problems` finds wrong with the
    installation follows on standard error."""
    if not value or ctx.resilient_parsing:
        return
    click.echo("\n".join(_version_lines()), color=ctx.color)
    problems = installation.find_problems()
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True, color=ctx.color)
    if problems:
        click.echo(
            "Run 'python -m flask.installation' to see how to repair it.",
            err=True,
            color=ctx.color,
        )
    ctx.exit()


version_option = click.Option(
    ["--version"],
    help="Print the Python, modular Flask and Werkzeug versions, then exit.",
    expose_value=False,
    callback=get_version,
    is_flag=True,
    is_eager=True,
)


# -- the state shared by one invocation ---------------------------------------

#: Where ``module:attribute`` is split in ``--app``; a colon followed by a
#: slash or backslash belongs to a Windows drive (``C:\\project\\app.py``).
_APP_ATTRIBUTE_SEPARATOR = re.compile(r":(?![\\/])")

#: Files tried, in order, in the working directory when no app is named.
_DEFAULT_APP_FILES = ("wsgi.py", "app.py")


def _split_app_import_path(value: str) -> tuple[str, str | None]:
    pieces = _APP_ATTRIBUTE_SEPARATOR.split(value, maxsplit=1)
    if len(pieces) == 1:
        return pieces[0], None
    return pieces[0], pieces[1]


class ScriptInfo:
    """What one run of the command line knows about its application.

    Click passes it around as the context object. It holds how to get the app
    (an import path, or a function that creates it), and builds the app once,
    on first request, in :meth:`load_app`. :attr:`data` is free for
    extensions to store anything they need during the run.
    """

    def __init__(
        self,
        app_import_path: str | None = None,
        create_app: t.Callable[..., Flask] | None = None,
        set_debug_flag: bool = True,
        load_dotenv_defaults: bool = True,
    ) -> None:
        #: ``module``, ``module:name``, ``module:factory(args)`` or a file path.
        self.app_import_path = app_import_path
        #: A function, called without arguments, that returns the app.
        self.create_app = create_app
        #: Storage for anything the commands of this run want to share.
        self.data: dict[t.Any, t.Any] = {}
        #: Whether :meth:`load_app` sets ``app.debug`` from ``FLASK_DEBUG``.
        self.set_debug_flag = set_debug_flag
        #: Whether the default ``.env`` / ``.flaskenv`` files are read;
        #: ``FLASK_SKIP_DOTENV`` can switch it off.
        self.load_dotenv_defaults = get_load_dotenv(load_dotenv_defaults)
        self._loaded_app: Flask | None = None

    def _discover_app(self) -> Flask | None:
        if self.create_app is not None:
            return self.create_app()
        if self.app_import_path:
            path, attribute = _split_app_import_path(self.app_import_path)
            return locate_app(prepare_import(path), attribute)
        for file_name in _DEFAULT_APP_FILES:
            found = locate_app(
                prepare_import(file_name), None, raise_if_not_found=False
            )
            if found is not None:
                return found
        return None

    def load_app(self) -> Flask:
        """Return the application, building or importing it on the first call.

        Raises :exc:`NoAppException` if no app can be found.
        """
        if self._loaded_app is not None:
            return self._loaded_app

        app = self._discover_app()
        if app is None:
            raise NoAppException(
                "No Flask application was found. Name one with the 'flask --app'"
                " option or the 'FLASK_APP' environment variable, or put a"
                " 'wsgi.py' or 'app.py' file in the current directory."
            )
        if self.set_debug_flag:
            # Assign through the property so everything tied to debug follows.
            app.debug = get_debug_flag()
        self._loaded_app = app
        return app


pass_script_info = click.make_pass_decorator(ScriptInfo, ensure=True)
pass_script_info.__doc__ = (
    "Decorate a command callback so that it receives the :class:`ScriptInfo`"
    " of the run as its first argument."
)


def _ensure_app_context(ctx: click.Context, app: Flask | None = None) -> None:
    """Make an app context active until ``ctx`` is torn down.

    Without ``app``, any active app context will do, and the run's app is
    loaded only when none is active. With ``app``, a context is pushed unless
    that very app is already the active one.
    """
    active = _cv_app.get(None)
    if app is None:
        if active is not None:
            return
        app = ctx.ensure_object(ScriptInfo).load_app()
    elif active is not None and active.app is app:
        return
    ctx.with_resource(app.app_context())


def with_appcontext(f: F) -> F:
    """Run the decorated command callback inside an application context.

    The run's app is loaded (see :meth:`ScriptInfo.load_app`) if no app
    context is active yet. Commands registered through :class:`AppGroup`,
    ``app.cli`` or ``blueprint.cli`` get this automatically.
    """

    def call_in_app_context(*args: t.Any, **kwargs: t.Any) -> t.Any:
        ctx = click.get_current_context()
        _ensure_app_context(ctx)
        return ctx.invoke(f, *args, **kwargs)

    return t.cast(F, update_wrapper(call_in_app_context, f))


class AppGroup(click.Group):
    """A :class:`click.Group` whose commands run inside an app context.

    :meth:`command` wraps callbacks with :func:`with_appcontext` unless
    ``with_appcontext=False`` is passed, and :meth:`group` makes nested
    groups of this class too.
    """

    @t.overload
    def command(self, __func: t.Callable[..., t.Any]) -> click.Command: ...

    @t.overload
    def command(
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Callable[[t.Callable[..., t.Any]], click.Command]: ...

    def command(
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Callable[[t.Callable[..., t.Any]], click.Command] | click.Command:
        """Register a command like :meth:`click.Group.command`, running it in
        an app context unless ``with_appcontext=False`` is given."""
        wants_app_context = kwargs.pop("with_appcontext", True)
        decorated: t.Callable[..., t.Any] | None = None
        if len(args) == 1 and callable(args[0]) and not kwargs:
            decorated, args = args[0], ()
        register: t.Callable[[t.Callable[..., t.Any]], click.Command]
        register = super().command(*args, **kwargs)

        def add(callback: t.Callable[..., t.Any]) -> click.Command:
            if wants_app_context:
                callback = with_appcontext(callback)
            return register(callback)

        if decorated is not None:
            return add(decorated)
        return add

    @t.overload
    def group(self, __func: t.Callable[..., t.Any]) -> click.Group: ...

    @t.overload
    def group(
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Callable[[t.Callable[..., t.Any]], click.Group]: ...

    def group(
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Callable[[t.Callable[..., t.Any]], click.Group] | click.Group:
        """Register a subgroup like :meth:`click.Group.group`; it is an
        :class:`AppGroup` unless ``cls`` says otherwise."""
        kwargs.setdefault("cls", AppGroup)
        if len(args) == 1 and callable(args[0]) and len(kwargs) == 1:
            # Used bare, as ``@cli.group``: click refuses extra keywords then.
            return super().group(**kwargs)(args[0])
        return super().group(*args, **kwargs)  # type: ignore[no-any-return]


# -- options of the flask group -----------------------------------------------


def _set_app(ctx: click.Context, param: click.Option, value: str | None) -> str | None:
    if value is not None:
        ctx.ensure_object(ScriptInfo).app_import_path = value
    return value


_app_option = click.Option(
    ["-A", "--app"],
    metavar="IMPORT",
    help=(
        "The app to load: a module or file path, optionally followed by"
        " ':name' or ':factory(args)'. Without a name, the module's 'app' or"
        " 'application', its only app, or what 'create_app()' or 'make_app()'"
        " returns is used. Without this option, FLASK_APP is used, then"
        " 'wsgi.py' or 'app.py' in the current directory. Examples:"
        " 'hello', 'hello.web:app', 'project:create_app(\"dev\")'."
    ),
    is_eager=True,
    expose_value=False,
    callback=_set_app,
)

#: Sources that mean "the user did not choose": leave FLASK_DEBUG as it is.
_UNCHOSEN_SOURCES = (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def _set_debug(ctx: click.Context, param: click.Option, value: bool) -> bool | None:
    source = ctx.get_parameter_source(param.name) if param.name else None
    if source is None or source in _UNCHOSEN_SOURCES:
        return None
    # Published as an environment variable so that app factories see it too.
    os.environ["FLASK_DEBUG"] = "1" if value else "0"
    return value


_debug_option = click.Option(
    ["--debug/--no-debug"],
    help="Turn debug mode on or off (sets FLASK_DEBUG).",
    expose_value=False,
    callback=_set_debug,
)


def _dotenv_installed() -> bool:
    try:
        import dotenv  # noqa: F401
    except ImportError:
        return False
    return True


def _env_file_callback(
    ctx: click.Context, param: click.Option, value: str | None
) -> str | None:
    if value is not None and not _dotenv_installed():
        raise click.BadParameter(
            "Loading an env file needs python-dotenv; install it first.",
            ctx=ctx,
            param=param,
        )
    # find_object, not ensure_object: a custom context object must survive.
    info = ctx.find_object(ScriptInfo)
    load_defaults = info.load_dotenv_defaults if info else get_load_dotenv()
    if value is not None or load_defaults:
        load_dotenv(value, load_defaults=load_defaults)
    return value


# Eager, so the variables it loads are visible to every option after it.
_env_file_option = click.Option(
    ["-e", "--env-file"],
    type=click.Path(exists=True, dir_okay=False),
    help=(
        "Read environment variables from this file (needs python-dotenv)."
        " Its values rank below variables already set and above the"
        " default .env and .flaskenv files."
    ),
    is_eager=True,
    expose_value=False,
    callback=_env_file_callback,
)


def _report_load_failure(text: str) -> None:
    click.secho(f"{text}\n", err=True, fg="red")


class FlaskGroup(AppGroup):
    """The group behind the ``flask`` command; use it for custom scripts too.

    It adds the ``--env-file``, ``--app`` and ``--debug`` options, the
    ``run``, ``shell`` and ``routes`` commands, the commands registered
    under the ``flask.commands`` entry point group, and the commands of the
    loaded app's ``cli`` group.

    :param add_default_commands: add ``run``, ``shell`` and ``routes``.
    :param create_app: called without arguments to build the app, instead of
        finding it from ``--app``.
    :param add_version_option: add ``--version``.
    :param load_dotenv: read the default ``.env`` and ``.flaskenv`` files.
    :param set_debug_flag: set the app's debug flag from ``FLASK_DEBUG``.
    """

    def __init__(
        self,
        add_default_commands: bool = True,
        create_app: t.Callable[..., Flask] | None = None,
        add_version_option: bool = True,
        load_dotenv: bool = True,
        set_debug_flag: bool = True,
        **extra: t.Any,
    ) -> None:
        # The options do their work in callbacks rather than in the group's
        # own callback, so a user-written group callback keeps them working.
        # --env-file goes first: its variables may feed --app and --debug.
        options: list[click.Parameter] = [*(extra.pop("params", None) or ())]
        options += [_env_file_option, _app_option, _debug_option]
        if add_version_option:
            options.append(version_option)

        settings = dict(extra.pop("context_settings", None) or {})
        settings.setdefault("auto_envvar_prefix", "FLASK")

        super().__init__(params=options, context_settings=settings, **extra)

        self.create_app = create_app
        self.load_dotenv = load_dotenv
        self.set_debug_flag = set_debug_flag
        self._loaded_plugin_commands = False

        if add_default_commands:
            for builtin in (run_command, shell_command, routes_command):
                self.add_command(builtin)

    def _load_plugin_commands(self) -> None:
        if self._loaded_plugin_commands:
            return
        for entry_point in importlib.metadata.entry_points(group="flask.commands"):
            self.add_command(entry_point.load(), entry_point.name)
        self._loaded_plugin_commands = True

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """Find a built-in or plugin command, else one of the app's commands.

        The app is loaded only for the latter; if that fails, the reason is
        printed and ``None`` returned. An app context for the loaded app is
        pushed, so parameter callbacks can use ``current_app`` too.
        """
        self._load_plugin_commands()
        own = super().get_command(ctx, name)
        if own is not None:
            return own

        try:
            app = ctx.ensure_object(ScriptInfo).load_app()
        except NoAppException as error:
            _report_load_failure(f"Error: {error.format_message()}")
            return None
        _ensure_app_context(ctx, app)
        return app.cli.get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Names of built-in, plugin and app commands, sorted.

        If the app cannot be loaded, the reason (or, for an unexpected error,
        the traceback) is printed and the other commands are still listed.
        """
        self._load_plugin_commands()
        names = set(super().list_commands(ctx))
        try:
            app = ctx.ensure_object(ScriptInfo).load_app()
            names.update(app.cli.list_commands(ctx))
        except NoAppException as error:
            _report_load_failure(f"Error: {error.format_message()}")
        except Exception:
            _report_load_failure(traceback.format_exc())
        return sorted(names)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: t.Any,
    ) -> click.Context:
        """Create the context with a :class:`ScriptInfo` as its object,
        unless an object was supplied."""
        # Tells app.run() it is under the flask command and must not start
        # a second server when the app module is imported.
        os.environ["FLASK_RUN_FROM_CLI"] = "true"
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(
                create_app=self.create_app,
                set_debug_flag=self.set_debug_flag,
                load_dotenv_defaults=self.load_dotenv,
            )
        return super().make_context(info_name, args, parent=parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse the arguments; when only help will be shown, apply
        ``--env-file`` and ``--app`` from the environment first so that the
        app's commands are listed."""
        help_only = (not args and self.no_args_is_help) or (
            len(args) == 1 and args[0] in self.get_help_option_names(ctx)
        )
        if help_only:
            for early in (_env_file_option, _app_option):
                early.handle_parse_result(ctx, {}, [])
        try:
            return super().parse_args(ctx, args)
        except BaseException:
            # Help, --version and usage errors end the run here, before the
            # context is ever entered: release what listing the app's
            # commands pushed (its app context) instead of leaking it.
            ctx.close()
            raise


# -- .env files ---------------------------------------------------------------


def _path_is_ancestor(path: str, other: str) -> bool:
    """Tell whether the folder ``path`` contains ``other``, by comparing the
    strings (no file system access)."""
    remainder = other[len(path) :].lstrip(os.sep)
    return os.path.join(path, remainder) == other


#: Default env files, lowest precedence first.
_DEFAULT_ENV_FILES = (".flaskenv", ".env")


def load_dotenv(
    path: str | os.PathLike[str] | None = None, load_defaults: bool = True
) -> bool:
    """Put the variables of env files into :data:`os.environ`.

    Values already in the environment always win. Then ``path`` wins over
    ``.env``, which wins over ``.flaskenv``; the two default files are
    searched for from the working directory upward and skipped when
    ``load_defaults`` is false. Returns whether any variable was read.
    Without python-dotenv nothing is loaded, and a hint is printed if there
    are files that would have been.
    """
    try:
        import dotenv
    except ImportError:
        if path or any(os.path.isfile(name) for name in _DEFAULT_ENV_FILES):
            click.secho(
                " * Tip: .env or .flaskenv files are present. Install"
                " python-dotenv to load them.",
                fg="yellow",
                err=True,
            )
        return False

    files: list[str | os.PathLike[str]] = []
    if load_defaults:
        files += [
            found
            for found in (
                dotenv.find_dotenv(name, usecwd=True) for name in _DEFAULT_ENV_FILES
            )
            if found
        ]
    if path is not None and os.path.isfile(path):
        files.append(path)

    merged: dict[str, str | None] = {}
    for file in files:
        merged.update(dotenv.dotenv_values(file, encoding="utf-8"))

    for key, value in merged.items():
        if value is not None:
            os.environ.setdefault(key, value)
    return bool(merged)


# -- run ----------------------------------------------------------------------


def show_server_banner(debug: bool, app_import_path: str | None) -> None:
    """Print which app is served and whether debug mode is on; the
    reloader's child process prints nothing."""
    lines = []
    if app_import_path is not None:
        lines.append(f" * Serving Flask app '{app_import_path}'")
    if debug is not None:
        lines.append(" * Debug mode: " + ("on" if debug else "off"))
    if lines and not is_running_from_reloader():
        click.echo("\n".join(lines))


class CertParamType(click.ParamType):  # type: ignore[type-arg, unused-ignore]
    """The ``--cert`` value: an existing certificate file, ``adhoc`` (a
    throwaway certificate, needs ``cryptography``), or the import name of an
    :class:`ssl.SSLContext`."""

    name = "path"

    def __init__(self) -> None:
        self.path_type = click.Path(exists=True, dir_okay=False, resolve_path=True)

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        """Return the certificate path, ``"adhoc"`` or the SSL context."""
        try:
            import ssl
        except ImportError:
            raise click.BadParameter(
                'Python was built without SSL support, so "--cert" cannot be used.',
                ctx,
                param,
            ) from None

        try:
            return self.path_type(value, param, ctx)
        except click.BadParameter:
            name = click.STRING(value, param, ctx).lower()
            if name == "adhoc":
                return self._adhoc(param, ctx)
            imported = import_string(name, silent=True)
            if isinstance(imported, ssl.SSLContext):
                return imported
            raise

    @staticmethod
    def _adhoc(param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            import cryptography  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
        except ImportError:
            raise click.BadParameter(
                "An ad-hoc certificate is generated with the cryptography"
                " library, which is not installed.",
                ctx,
                param,
            ) from None
        return "adhoc"


def _is_ssl_context(value: object) -> bool:
    ssl_module = sys.modules.get("ssl")
    return ssl_module is not None and isinstance(value, ssl_module.SSLContext)


def _validate_key(ctx: click.Context, param: click.Parameter, value: t.Any) -> t.Any:
    """Check ``--key`` against ``--cert`` (already parsed, it is eager) and
    store the ``(cert, key)`` pair as the ``cert`` parameter."""
    cert = ctx.params.get("cert")
    is_adhoc = cert == "adhoc"
    is_context = _is_ssl_context(cert)

    if value is None:
        if cert and not (is_adhoc or is_context):
            raise click.BadParameter('Required when "--cert" is a file.', ctx, param)
        return value

    if is_adhoc:
        raise click.BadParameter(
            'Not used when "--cert" is "adhoc": the key is generated too.', ctx, param
        )
    if is_context:
        raise click.BadParameter(
            'Not used when "--cert" is an SSLContext: it holds the key.', ctx, param
        )
    if not cert:
        raise click.BadParameter('Needs "--cert" as well.', ctx, param)
    ctx.params["cert"] = (cert, value)
    return value


class SeparatedPathType(click.Path):  # type: ignore[type-arg, unused-ignore]
    """A list of paths in one value, separated like ``PATH`` entries
    (:data:`os.pathsep`); each one is checked as a :class:`click.Path`."""

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        """Split the value and check every path in it."""
        check_one = super().convert
        return [check_one(item, param, ctx) for item in self.split_envvar_value(value)]


def _serve_load_error(error: Exception) -> WSGIApplication:
    """An app standing in for one that failed to load under the reloader:
    each request raises the error, so the debugger can show it."""

    def failing_app(
        environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        raise error from None

    return failing_app


@click.command("run", short_help="Start the development server.")
@click.option("--host", "-h", default="127.0.0.1", help="Interface to listen on.")
@click.option("--port", "-p", default=5000, help="Port to listen on.")
@click.option(
    "--cert",
    type=CertParamType(),
    is_eager=True,
    help="Serve HTTPS with this certificate file ('adhoc' or an SSLContext import also work).",
)
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, resolve_path=True),
    callback=_validate_key,
    expose_value=False,
    help="Private key file that goes with '--cert'.",
)
@click.option(
    "--reload/--no-reload",
    default=None,
    help="Restart on code changes (default: on in debug mode).",
)
@click.option(
    "--debugger/--no-debugger",
    default=None,
    help="Show the interactive debugger on errors (default: on in debug mode).",
)
@click.option(
    "--with-threads/--without-threads",
    default=True,
    help="Handle each request in its own thread.",
)
@click.option(
    "--extra-files",
    default=None,
    type=SeparatedPathType(),
    help=(
        "More files whose changes restart the server, separated by"
        f" {os.path.pathsep!r}."
    ),
)
@click.option(
    "--exclude-patterns",
    default=None,
    type=SeparatedPathType(),
    help=(
        "fnmatch patterns of files whose changes do not restart the server,"
        f" separated by {os.path.pathsep!r}."
    ),
)
@pass_script_info
def run_command(
    info: ScriptInfo,
    host: str,
    port: int,
    reload: bool | None,
    debugger: bool | None,
    with_threads: bool,
    cert: ssl.SSLContext | tuple[str, str | None] | t.Literal["adhoc"] | None,
    extra_files: list[str] | None,
    exclude_patterns: list[str] | None,
) -> None:
    """Serve the app with Werkzeug's development server.

    Meant for working on the app only: use a production WSGI server to
    deploy it. '--debug' turns on the reloader and the debugger.
    """
    app: WSGIApplication
    try:
        app = info.load_app()
    except Exception as error:
        if not is_running_from_reloader():
            raise error from None
        # In the reloader's child, keep serving so a fixed file can be
        # picked up; the error is shown now and raised on each request.
        traceback.print_exc()
        app = _serve_load_error(error)

    debug = get_debug_flag()
    show_server_banner(debug, info.app_import_path)
    run_simple(
        host,
        port,
        app,
        use_reloader=debug if reload is None else reload,
        use_debugger=debug if debugger is None else debugger,
        threaded=with_threads,
        ssl_context=cert,
        extra_files=extra_files,
        exclude_patterns=exclude_patterns,
    )


run_command.params.insert(0, _debug_option)


# -- shell --------------------------------------------------------------------


def _run_startup_file(namespace: dict[str, t.Any]) -> None:
    """Execute ``PYTHONSTARTUP`` into the shell's namespace, as the plain
    interactive interpreter does."""
    startup = os.environ.get("PYTHONSTARTUP")
    if not startup or not os.path.isfile(startup):
        return
    with open(startup) as file:
        source = file.read()
    exec(compile(source, startup, "exec"), namespace)


def _call_interactive_hook(namespace: dict[str, t.Any]) -> None:
    """Run ``sys.__interactivehook__`` (readline set-up) if the site module
    installed one, completing names from the shell's namespace."""
    hook = getattr(sys, "__interactivehook__", None)
    if hook is None:
        return
    try:
        import readline
        from rlcompleter import Completer
    except ImportError:
        pass
    else:
        readline.set_completer(Completer(namespace).complete)
    hook()


@click.command("shell", short_help="Open a Python shell in the app context.")
@with_appcontext
def shell_command() -> None:
    """Start an interactive Python shell with an app context active.

    The names from the app's shell context processors are predefined, and
    PYTHONSTARTUP is run first if it is set.
    """
    import code

    app = current_app
    banner = "\n".join(
        (
            f"Python {sys.version} on {sys.platform}",
            f"App: {app.import_name}",
            f"Instance: {app.instance_path}",
        )
    )
    namespace: dict[str, t.Any] = {}
    _run_startup_file(namespace)
    namespace.update(app.make_shell_context())
    _call_interactive_hook(namespace)
    code.interact(banner=banner, local=namespace)


# -- routes -------------------------------------------------------------------

_ROUTE_SORT_ORDERS = ("endpoint", "methods", "domain", "rule", "match")


def _route_table(
    rules: list[Rule], sort: str, hidden_methods: set[str], host_matching: bool
) -> list[list[str]]:
    """Header, separator and one row per rule, in the requested order."""
    columns: list[tuple[str, str, t.Callable[[Rule], str]]] = [
        ("endpoint", "Endpoint", lambda r: r.endpoint),
        (
            "methods",
            "Methods",
            lambda r: ", ".join(sorted(set(r.methods or ()) - hidden_methods)),
        ),
    ]
    domain_attribute = "host" if host_matching else "subdomain"
    if any(getattr(rule, domain_attribute) for rule in rules):
        columns.append(
            (
                "domain",
                domain_attribute.capitalize(),
                lambda r: getattr(r, domain_attribute) or "",
            )
        )
    columns.append(("rule", "Rule", lambda r: r.rule))

    rows = [[cell(rule) for _, _, cell in columns] for rule in rules]
    keys = [key for key, _, _ in columns]
    if sort in keys:
        position = keys.index(sort)
        rows.sort(key=lambda row: row[position])

    headers = [title for _, title, _ in columns]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(columns))]
    return [headers, ["-" * width for width in widths], *rows]


@click.command("routes", short_help="List the app's routes.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(_ROUTE_SORT_ORDERS),
    default="endpoint",
    help="Order of the rows; 'match' is the order in which requests are matched.",
)
@click.option("--all-methods", is_flag=True, help="Also list HEAD and OPTIONS.")
@with_appcontext
def routes_command(sort: str, all_methods: bool) -> None:
    """List every URL rule of the app with its endpoint and methods."""
    url_map = current_app.url_map
    rules = list(url_map.iter_rules())
    if not rules:
        click.echo("No routes were registered.")
        return

    hidden = set() if all_methods else {"HEAD", "OPTIONS"}
    table = _route_table(rules, sort, hidden, url_map.host_matching)
    widths = [len(cell) for cell in table[1]]
    for row in table:
        click.echo(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )


# -- the flask command ----------------------------------------------------------

cli = FlaskGroup(
    name="flask",
    help=(
        "Command line tools for Flask applications.\n\n"
        "Name the application with the '--app' option or the 'FLASK_APP'"
        " environment variable; otherwise a 'wsgi.py' or 'app.py' file in the"
        " current directory is used."
    ),
)


def main() -> None:
    """Entry point of the ``flask`` script and of ``python -m flask``."""
    cli.main()
