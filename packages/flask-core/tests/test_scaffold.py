"""The registration machinery shared by apps and blueprints (``flask.sansio``)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
import types
import typing as t
from datetime import timedelta

import pytest
from werkzeug.exceptions import (
    BadRequest,
    BadRequestKeyError,
    Forbidden,
    HTTPException,
    NotFound,
)
from werkzeug.routing import BuildError
from werkzeug.test import Client

import flask
from flask import seams
from flask.sansio import scaffold as scaffold_module
from flask.sansio.app import App
from flask.sansio.blueprints import Blueprint as SansioBlueprint
from flask.sansio.scaffold import (
    Scaffold,
    _endpoint_from_view_func,
    _find_package_path,
    _path_is_relative_to,
    find_package,
    setupmethod,
)


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


# -- layering -----------------------------------------------------------------


def test_class_layering() -> None:
    assert issubclass(flask.Flask, App)
    assert issubclass(App, Scaffold)
    assert issubclass(flask.Blueprint, SansioBlueprint)
    assert flask.blueprints.BlueprintSetupState.__module__ == "flask.sansio.blueprints"


def test_creating_app_and_blueprint_imports_no_jinja_cli_or_json() -> None:
    out = run_python(
        """
        import sys
        import flask
        app = flask.Flask("probe")
        bp = flask.Blueprint("bp", "probe", template_folder="templates")
        app.register_blueprint(bp)
        app.debug = True
        loaded = [m for m in ("jinja2", "click", "flask.cli", "flask.json")
                  if m in sys.modules]
        print(",".join(loaded) or "none")
        """
    )
    assert out == "none"


def test_scaffold_abstract_methods() -> None:
    base = Scaffold("flask_core_probe", root_path="/somewhere")
    with pytest.raises(NotImplementedError):
        base.add_url_rule("/")
    with pytest.raises(NotImplementedError):
        base._check_setup_finished("route")


def test_repr(app: flask.Flask) -> None:
    assert repr(app) == "<Flask 'flask_core_test_app'>"
    assert repr(flask.Blueprint("shop", __name__)) == "<Blueprint 'shop'>"


# -- setupmethod ------------------------------------------------------------------


def test_setupmethod_keeps_metadata_and_checks_first() -> None:
    calls: list[str] = []

    class Probe:
        def _check_setup_finished(self, f_name: str) -> None:
            calls.append(f"check {f_name}")

        @setupmethod
        def configure(self, value: int) -> int:
            """Configure it."""
            calls.append("run")
            return value * 2

    assert Probe.configure.__name__ == "configure"
    assert Probe.configure.__doc__ == "Configure it."
    assert Probe().configure(21) == 42
    assert calls == ["check configure", "run"]


def test_app_setup_refused_after_first_request(
    app: flask.Flask, client: Client
) -> None:
    app.add_url_rule("/", "index", lambda: "index")
    assert client.get("/").data == b"index"
    with pytest.raises(AssertionError, match="setup method 'add_url_rule'"):
        app.add_url_rule("/late", "late", lambda: "late")
    with pytest.raises(AssertionError, match="setup method 'before_request'"):
        app.before_request(lambda: None)
    # Registries stay editable directly, e.g. by extensions in a request.
    app.before_request_funcs[None].append(lambda: None)


# -- files --------------------------------------------------------------------


def test_static_folder_defaults(tmp_path: pathlib.Path) -> None:
    app = flask.Flask("flask_core_probe", root_path=str(tmp_path))
    assert app.static_folder == os.path.join(str(tmp_path), "static")
    assert app.has_static_folder
    assert app.static_url_path == "/static"


def test_static_folder_and_url_path_normalised(tmp_path: pathlib.Path) -> None:
    app = flask.Flask(
        "flask_core_probe",
        root_path=str(tmp_path),
        static_folder=pathlib.Path("assets/public/"),
    )
    assert app.static_folder == os.path.join(str(tmp_path), "assets", "public")
    assert app.static_url_path == "/public"
    app.static_url_path = "/files/"
    assert app.static_url_path == "/files"
    app.static_folder = None
    assert not app.has_static_folder


def test_no_static_folder_means_no_static_url(tmp_path: pathlib.Path) -> None:
    app = flask.Flask("flask_core_probe", root_path=str(tmp_path), static_folder=None)
    assert app.static_folder is None
    assert app.static_url_path is None
    assert "static" not in app.view_functions


def test_empty_static_url_path(tmp_path: pathlib.Path) -> None:
    app = flask.Flask("flask_core_probe", root_path=str(tmp_path), static_url_path="")
    assert app.static_url_path == ""
    assert [r.rule for r in app.url_map.iter_rules()] == ["/<path:filename>"]


def test_jinja_loader(tmp_path: pathlib.Path) -> None:
    bp = flask.Blueprint("bp", __name__, root_path=str(tmp_path))
    assert bp.jinja_loader is None
    with_templates = flask.Blueprint(
        "tpl", __name__, root_path=str(tmp_path), template_folder="tpl"
    )
    loader = with_templates.jinja_loader
    assert loader is not None
    assert loader.searchpath == [os.path.join(str(tmp_path), "tpl")]  # type: ignore[attr-defined]
    assert with_templates.jinja_loader is loader


def test_root_path_from_import_name() -> None:
    app = flask.Flask(__name__)
    assert app.root_path == os.path.dirname(os.path.abspath(__file__))


# -- route registration -------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "delete", "patch"])
def test_method_shortcuts(app: flask.Flask, method: str) -> None:
    register = t.cast(t.Callable[[t.Any], t.Any], getattr(app, method)("/thing"))

    @register
    def thing() -> str:
        return method

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "thing")
    assert rule.methods is not None
    assert method.upper() in rule.methods
    assert rule.methods - {"OPTIONS", "HEAD"} == {method.upper()}


def test_method_shortcut_rejects_methods(app: flask.Flask) -> None:
    with pytest.raises(TypeError, match="route"):
        app.post("/", methods=["GET"])


def test_route_passes_endpoint_and_options(app: flask.Flask) -> None:
    @app.route("/a", endpoint="alpha", defaults={"page": 1})
    def view(page: int) -> str:
        return str(page)

    assert app.view_functions["alpha"] is view
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "alpha")
    assert rule.defaults == {"page": 1}


def test_endpoint_decorator(app: flask.Flask, client: Client) -> None:
    app.add_url_rule("/named", endpoint="named")

    @app.endpoint("named")
    def named() -> str:
        return "by endpoint"

    assert app.view_functions["named"] is named
    assert client.get("/named").data == b"by endpoint"


def test_endpoint_from_view_func() -> None:
    def my_view() -> str:
        return ""

    assert _endpoint_from_view_func(my_view) == "my_view"
    with pytest.raises(AssertionError):
        _endpoint_from_view_func(None)


# -- hook registries ------------------------------------------------------------


def test_hook_decorators_fill_registries(app: flask.Flask) -> None:
    def typed_hook(*args: t.Any) -> None:
        return None

    hook: t.Any = typed_hook

    assert app.before_request(hook) is hook
    assert app.after_request(hook) is hook
    assert app.teardown_request(hook) is hook
    assert app.context_processor(hook) is hook
    assert app.url_value_preprocessor(hook) is hook
    assert app.url_defaults(hook) is hook
    assert app.before_request_funcs[None] == [hook]
    assert app.after_request_funcs[None] == [hook]
    assert app.teardown_request_funcs[None] == [hook]
    assert app.url_value_preprocessors[None] == [hook]
    assert app.url_default_functions[None] == [hook]
    assert app.template_context_processors[None][-1] is hook


def test_registries_are_missing_key_tolerant(app: flask.Flask) -> None:
    assert app.before_request_funcs["unknown"] == []
    assert app.error_handler_spec["unknown"][404] == {}


def test_app_template_context_starts_with_default(app: flask.Flask) -> None:
    processors = app.template_context_processors[None]
    assert len(processors) == 1
    with app.test_request_context():
        flask.g.marker = 1
        context = t.cast(dict[str, t.Any], processors[0]())
        assert context["g"].marker == 1
        assert context["request"].path == "/"
        assert "session" in context


def test_blueprint_has_no_default_context_processor() -> None:
    assert flask.Blueprint("bp", __name__).template_context_processors[None] == []


# -- error handlers ---------------------------------------------------------------


def test_errorhandler_for_code_and_class(app: flask.Flask) -> None:
    class Custom(Exception):
        pass

    def handler(e: Exception) -> str:
        return "handled"

    assert app.errorhandler(404)(handler) is handler
    app.register_error_handler(Custom, handler)
    app.register_error_handler(Forbidden, handler)
    assert app.error_handler_spec[None][404] == {NotFound: handler}
    assert app.error_handler_spec[None][None] == {Custom: handler}
    assert app.error_handler_spec[None][403] == {Forbidden: handler}


def test_errorhandler_key_validation(app: flask.Flask) -> None:
    with pytest.raises(ValueError, match="Use a subclass of HTTPException"):
        app.register_error_handler(999, lambda e: "")
    with pytest.raises(TypeError, match="is an instance, not a class"):
        app.register_error_handler(KeyError(), lambda e: "")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'list' is not a subclass of Exception"):
        app.register_error_handler(list, lambda e: "")  # type: ignore[arg-type]


def test_get_exc_class_and_code() -> None:
    get = Scaffold._get_exc_class_and_code
    assert get(400) == (BadRequest, 400)
    assert get(BadRequestKeyError) == (BadRequestKeyError, 400)
    assert get(KeyError) == (KeyError, None)

    class Teapot(HTTPException):
        code = 418

    assert get(Teapot) == (Teapot, 418)


# -- command line group -------------------------------------------------------


def test_cli_group_created_on_first_use(app: flask.Flask, fake_cli: list[str]) -> None:
    assert app._cli is None
    group: t.Any = app.cli
    assert group.name == "flask_core_test_app"
    assert type(group).__name__ == "FakeGroup"
    assert app.cli is group
    assert fake_cli == ["flask.cli"]


def test_cli_group_assignable(app: flask.Flask) -> None:
    replacement = types.SimpleNamespace(name="replacement")
    app.cli = replacement  # type: ignore[assignment]
    assert app.cli is replacement  # type: ignore[comparison-overlap]


def test_blueprint_cli_group_named_after_blueprint(fake_cli: list[str]) -> None:
    bp = flask.Blueprint("tools", __name__)
    assert bp.cli.name == "tools"


def test_cli_needs_flask_cli(app: flask.Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str | None]] = []

    def missing(module: str, feature: str | None = None) -> t.Any:
        seen.append((module, feature))
        raise seams.MissingDistributionError("flask-cli", feature)

    monkeypatch.setattr(seams, "require", missing)
    with pytest.raises(seams.MissingDistributionError, match="flask-cli"):
        app.cli  # noqa: B018
    assert seen[0][0] == "flask.cli"
    assert app._cli is None


# -- finding packages ---------------------------------------------------------


def test_path_is_relative_to() -> None:
    assert _path_is_relative_to(pathlib.PurePath("/a/b/c"), "/a/b")
    assert not _path_is_relative_to(pathlib.PurePath("/a/bc"), "/a/b")


@pytest.fixture
def on_sys_path(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> t.Callable[[str], pathlib.Path]:
    def add(relative: str) -> pathlib.Path:
        folder = tmp_path / relative
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.syspath_prepend(str(folder))
        return folder

    return add


def test_find_plain_module_in_project(
    on_sys_path: t.Callable[[str], pathlib.Path],
) -> None:
    project = on_sys_path("project")
    (project / "flask_core_probe_mod.py").write_text("")
    assert find_package("flask_core_probe_mod") == (None, str(project))


def test_find_package_in_project(
    on_sys_path: t.Callable[[str], pathlib.Path],
) -> None:
    project = on_sys_path("project2")
    (project / "flask_core_probe_pkg" / "sub").mkdir(parents=True)
    (project / "flask_core_probe_pkg" / "__init__.py").write_text("")
    (project / "flask_core_probe_pkg" / "sub" / "__init__.py").write_text("")
    assert find_package("flask_core_probe_pkg.sub") == (None, str(project))


@pytest.mark.parametrize(
    ("site", "prefix"),
    [
        ("env/lib/python3.11/site-packages", "env"),
        ("winenv/Lib/site-packages", "winenv"),
        ("odd/site-packages", "odd"),
    ],
)
def test_find_installed_package(
    on_sys_path: t.Callable[[str], pathlib.Path],
    tmp_path: pathlib.Path,
    site: str,
    prefix: str,
) -> None:
    site_packages = on_sys_path(site)
    name = "flask_core_probe_" + prefix
    (site_packages / name).mkdir()
    (site_packages / name / "__init__.py").write_text("")
    assert find_package(name) == (str(tmp_path / prefix), str(site_packages))


def test_find_package_under_interpreter_prefix() -> None:
    prefix, folder = find_package("werkzeug")
    assert prefix == os.path.abspath(sys.prefix)
    assert os.path.isdir(os.path.join(folder, "werkzeug"))


def test_find_namespace_package_portion(
    on_sys_path: t.Callable[[str], pathlib.Path],
) -> None:
    first = on_sys_path("portion_a")
    second = on_sys_path("portion_b")
    for portion, sub in ((first, "one"), (second, "two")):
        package = portion / "flask_core_probe_ns" / sub
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
    assert _find_package_path("flask_core_probe_ns.two") == str(second)
    assert _find_package_path("flask_core_probe_ns.one") == str(first)


def test_find_unknown_module_uses_cwd() -> None:
    assert _find_package_path("flask_core_no_such_module") == os.getcwd()


def test_unknown_module_import_name_is_accepted(
    on_sys_path: t.Callable[[str], pathlib.Path],
) -> None:
    project = on_sys_path("proj_instance")
    (project / "flask_core_probe_app.py").write_text("")
    app = flask.Flask("flask_core_probe_app", root_path=str(project))
    assert app.instance_path == str(project / "instance")
    assert scaffold_module.find_package("flask_core_probe_app")[0] is None


# -- App ------------------------------------------------------------------------


def test_instance_path_must_be_absolute(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="must be absolute"):
        flask.Flask("flask_core_probe", instance_path="relative/instance")
    app = flask.Flask("flask_core_probe", instance_path=str(tmp_path))
    assert app.instance_path == str(tmp_path)


def test_installed_app_instance_path(
    on_sys_path: t.Callable[[str], pathlib.Path], tmp_path: pathlib.Path
) -> None:
    site = on_sys_path("venv/lib/python3.11/site-packages")
    (site / "flask_core_probe_installed.py").write_text("")
    app = flask.Flask("flask_core_probe_installed")
    expected = tmp_path / "venv" / "var" / "flask_core_probe_installed-instance"
    assert app.instance_path == str(expected)


def test_instance_relative_config(tmp_path: pathlib.Path) -> None:
    app = flask.Flask(
        "flask_core_probe",
        root_path=str(tmp_path / "root"),
        instance_path=str(tmp_path / "inst"),
        instance_relative_config=True,
    )
    assert app.config.root_path == str(tmp_path / "inst")
    assert app.make_config().root_path == str(tmp_path / "root")


def test_make_config_takes_debug_from_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = flask.Flask("flask_core_probe", root_path=str(tmp_path))
    assert app.debug is True
    assert app.config["TESTING"] is False


def test_name_of_main_module(monkeypatch: pytest.MonkeyPatch) -> None:
    main = types.ModuleType("__main__")
    main.__file__ = "/srv/site/manage.py"
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert flask.Flask("__main__", root_path="/srv/site").name == "manage"
    del main.__file__
    assert flask.Flask("__main__", root_path="/srv/site").name == "__main__"


def test_config_attributes(app: flask.Flask) -> None:
    app.secret_key = "s3cret"
    assert app.config["SECRET_KEY"] == "s3cret"
    app.testing = False
    assert app.config["TESTING"] is False
    app.config["PERMANENT_SESSION_LIFETIME"] = 60
    assert app.permanent_session_lifetime == timedelta(seconds=60)
    app.permanent_session_lifetime = timedelta(hours=1)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=1)


def test_class_attributes() -> None:
    from werkzeug.exceptions import Aborter
    from werkzeug.routing import Map, Rule

    assert App.aborter_class is Aborter
    assert App.url_map_class is Map
    assert App.url_rule_class is Rule
    assert App.test_client_class is None
    assert App.test_cli_runner_class is None
    assert App.jinja_options == {}
    assert App.config_class is flask.Config
    assert App.app_ctx_globals_class is flask.ctx._AppCtxGlobals
    assert isinstance(flask.Flask("x", root_path="/").aborter, Aborter)


def test_jinja_environment_is_flask_environment() -> None:
    from flask.templating import Environment

    assert flask.Flask.jinja_environment is Environment


def test_json_provider_created_on_first_use() -> None:
    made: list[t.Any] = []

    class Provider:
        def __init__(self, owner: t.Any) -> None:
            made.append(owner)

    class ProviderApp(flask.Flask):
        json_provider_class = Provider  # type: ignore[assignment]

    app = ProviderApp(__name__)
    assert made == []
    assert isinstance(app.json, Provider)
    assert app.json is app.json
    assert made == [app]
    replacement = Provider(None)
    app.json = replacement
    assert app.json is replacement


def test_debug_updates_existing_jinja_env(app: flask.Flask) -> None:
    app.debug = True
    env = app.jinja_env

    def auto_reload() -> bool:
        return env.auto_reload

    app.debug = False
    assert auto_reload() is False
    app.debug = True
    assert auto_reload() is True
    app.config["TEMPLATES_AUTO_RELOAD"] = False
    app.debug = False
    app.debug = True
    assert auto_reload() is True  # an explicit setting is left alone
    assert app.config["DEBUG"] is True


def test_select_jinja_autoescape(app: flask.Flask) -> None:
    assert app.select_jinja_autoescape(None)
    for name in ("a.html", "a.htm", "a.xml", "a.xhtml", "a.svg"):
        assert app.select_jinja_autoescape(name)
    assert not app.select_jinja_autoescape("a.txt")


def test_create_global_jinja_loader(app: flask.Flask) -> None:
    from flask.templating import DispatchingJinjaLoader

    assert isinstance(app.create_global_jinja_loader(), DispatchingJinjaLoader)


def test_template_registries(app: flask.Flask) -> None:
    @app.template_filter()
    def shout(s: str) -> str:
        return s.upper()

    @app.template_filter("whisper")
    def lower(s: str) -> str:
        return s.lower()

    @app.template_test()
    def short(s: str) -> bool:
        return len(s) < 3

    @app.template_test("long")
    def is_long(s: str) -> bool:
        return len(s) > 3

    @app.template_global()
    def answer() -> int:
        return 42

    @app.template_global("question")
    def ask() -> str:
        return "?"

    app.add_template_filter(str.strip, "trim")
    app.add_template_test(str.isdigit, "digits")
    app.add_template_global(len)
    env = app.jinja_env
    assert env.filters["shout"] is shout
    assert env.filters["whisper"] is lower
    assert env.filters["trim"] is str.strip
    assert env.tests["short"] is short
    assert env.tests["long"] is is_long
    assert env.tests["digits"] is str.isdigit
    assert env.globals["answer"] is answer
    assert env.globals["question"] is ask
    assert env.globals["len"] is len
    rendered = env.from_string(
        "{{ 'a'|shout }}{{ 'B'|whisper }}{{ ' x '|trim }}"
        "{{ 'ab' is short }}{{ 'abcd' is long }}{{ '12' is digits }}"
        "{{ answer() }}{{ question() }}"
    ).render()
    assert rendered == "AbxTrueTrueTrue42?"


def test_teardown_appcontext_and_shell_processors(app: flask.Flask) -> None:
    seen: list[t.Any] = []

    @app.teardown_appcontext
    def teardown(exc: BaseException | None) -> None:
        seen.append(exc)

    @app.shell_context_processor
    def shell() -> dict[str, t.Any]:
        return {"x": 1}

    assert app.teardown_appcontext_funcs == [teardown]
    assert app.shell_context_processors == [shell]
    with app.app_context():
        pass
    assert seen == [None]


def test_iter_blueprints_in_registration_order(app: flask.Flask) -> None:
    first = flask.Blueprint("first", __name__)
    second = flask.Blueprint("second", __name__)
    app.register_blueprint(second)
    app.register_blueprint(first)
    assert list(app.iter_blueprints()) == [second, first]
    assert app.blueprints == {"second": second, "first": first}


def test_extensions_and_misc_attributes(tmp_path: pathlib.Path) -> None:
    app = flask.Flask(
        "flask_core_probe",
        root_path=str(tmp_path),
        subdomain_matching=True,
        static_folder=None,
    )
    assert app.extensions == {}
    assert app.subdomain_matching is True
    assert app.url_build_error_handlers == []
    assert app._got_first_request is False
    assert app.url_map.host_matching is False


# -- error handling helpers ---------------------------------------------------------


def test_find_error_handler_precedence(app: flask.Flask) -> None:
    def by_code(e: Exception) -> str:
        return "code"

    def by_class(e: Exception) -> str:
        return "class"

    def child_handler(e: Exception) -> str:
        return "child"

    def http_base(e: Exception) -> str:
        return "http"

    app.register_error_handler(HTTPException, http_base)
    app.register_error_handler(NotFound, by_class)
    assert app._find_error_handler(NotFound(), []) is by_class
    assert app._find_error_handler(Forbidden(), []) is http_base
    app.error_handler_spec["parent.child"][None][HTTPException] = child_handler
    # A code-specific handler beats any class-only one.
    app.error_handler_spec[None][404][NotFound] = by_code
    assert app._find_error_handler(NotFound(), ["parent.child", "parent"]) is by_code
    # Among class-only handlers, the innermost blueprint wins.
    assert (
        app._find_error_handler(Forbidden(), ["parent.child", "parent"])
        is child_handler
    )
    assert app._find_error_handler(KeyError(), []) is None


def test_find_error_handler_follows_mro(app: flask.Flask) -> None:
    class Base(Exception):
        pass

    class Child(Base):
        pass

    def base_handler(e: Exception) -> str:
        return "base"

    app.register_error_handler(Base, base_handler)
    assert app._find_error_handler(Child(), []) is base_handler


def test_trap_http_exception(app: flask.Flask) -> None:
    assert not app.trap_http_exception(NotFound())
    assert not app.trap_http_exception(BadRequestKeyError("k"))
    app.debug = True
    assert app.trap_http_exception(BadRequestKeyError("k"))
    assert not app.trap_http_exception(BadRequest())
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    assert not app.trap_http_exception(BadRequestKeyError("k"))
    app.config["TRAP_BAD_REQUEST_ERRORS"] = True
    assert app.trap_http_exception(BadRequest())
    assert not app.trap_http_exception(NotFound())
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    assert app.trap_http_exception(NotFound())


def test_should_ignore_error(app: flask.Flask) -> None:
    assert app.should_ignore_error(ValueError()) is False


def test_redirect_uses_response_class(app: flask.Flask) -> None:
    response = app.redirect("/elsewhere", 307)
    assert isinstance(response, app.response_class)
    assert response.status_code == 307
    assert response.location == "/elsewhere"
    assert app.redirect("/x").status_code == 302


# -- URL building helpers ----------------------------------------------------------


def test_inject_url_defaults_order(app: flask.Flask) -> None:
    order: list[str] = []

    def recorder(scope: str) -> t.Callable[[str, dict[str, t.Any]], None]:
        def fill(endpoint: str, values: dict[str, t.Any]) -> None:
            order.append(scope)
            values.setdefault("by", scope)

        return fill

    app.url_default_functions[None].append(recorder("app"))
    app.url_default_functions["outer"].append(recorder("outer"))
    app.url_default_functions["outer.inner"].append(recorder("inner"))
    app.url_default_functions["other"].append(recorder("other"))
    values: dict[str, t.Any] = {}
    app.inject_url_defaults("outer.inner.view", values)
    assert order == ["app", "outer", "inner"]
    assert values == {"by": "app"}
    order.clear()
    app.inject_url_defaults("plain", {})
    assert order == ["app"]


def test_inject_url_defaults_does_not_grow_registry(app: flask.Flask) -> None:
    app.inject_url_defaults("bp.view", {})
    assert "bp" not in app.url_default_functions


def test_handle_url_build_error(app: flask.Flask) -> None:
    original = BuildError("missing", {}, None)
    replaced = BuildError("replaced", {}, None)
    calls: list[BuildError] = []

    def raises(error: BuildError, endpoint: str, values: dict[str, t.Any]) -> str:
        calls.append(error)
        raise replaced

    def declines(error: BuildError, endpoint: str, values: dict[str, t.Any]) -> None:
        calls.append(error)
        return None

    app.url_build_error_handlers.extend([raises, declines])  # type: ignore[list-item]
    with pytest.raises(BuildError) as info:
        app.handle_url_build_error(original, "missing", {})
    assert info.value is replaced
    assert calls == [original, replaced]

    app.url_build_error_handlers.append(lambda error, endpoint, values: "/found")
    assert app.handle_url_build_error(original, "missing", {}) == "/found"


def test_handle_url_build_error_reraises_active_error(app: flask.Flask) -> None:
    try:
        raise BuildError("active", {}, None)
    except BuildError as active:
        with pytest.raises(BuildError) as info:
            app.handle_url_build_error(active, "active", {})
        assert info.value is active


def test_namespace_module_uses_first_portion(
    on_sys_path: t.Callable[[str], pathlib.Path],
) -> None:
    later = on_sys_path("ns_later")
    earlier = on_sys_path("ns_earlier")  # prepended last, so searched first
    (later / "flask_core_probe_ns2").mkdir()
    (earlier / "flask_core_probe_ns2").mkdir()
    (later / "flask_core_probe_ns2" / "plain.py").write_text("")
    # A plain module has no folder of its own: the first portion is used.
    assert _find_package_path("flask_core_probe_ns2.plain") == str(earlier)


def test_sansio_app_leaves_jinja_environment_to_subclass(
    tmp_path: pathlib.Path,
) -> None:
    class BareApp(App):
        default_config = dict(flask.Flask.default_config)

    bare = BareApp("flask_core_probe", root_path=str(tmp_path))
    with pytest.raises(NotImplementedError):
        bare.jinja_env  # noqa: B018
    assert "static" not in bare.view_functions  # the static route is I/O


def test_logger_named_after_app(app: flask.Flask) -> None:
    assert app.logger.name == "flask_core_test_app"
    assert app.logger is app.logger


def test_unset_session_lifetime_stays_none(app: flask.Flask) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = None
    assert app.permanent_session_lifetime is None
