"""Tests of the WSGI ``Flask`` class: configuration defaults, static and
resource files, templates, URL adapters, the development server entry point,
test helper seams and the WSGI entry points."""

from __future__ import annotations

import typing as t
from datetime import timedelta

import pytest
from werkzeug.datastructures import ImmutableDict
from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.test import Client

import flask
from flask import _addons, seams
from flask.debughelpers import FormDataRoutingRedirect
from flask.environ_builder import EnvironBuilder

EXPECTED_DEFAULTS: dict[str, t.Any] = {
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


# -- configuration and classes ------------------------------------------------


def test_default_config_is_immutable_and_complete() -> None:
    assert isinstance(flask.Flask.default_config, ImmutableDict)
    assert dict(flask.Flask.default_config) == EXPECTED_DEFAULTS
    with pytest.raises(TypeError):
        flask.Flask.default_config["DEBUG"] = True


def test_new_app_config_starts_from_defaults(tmp_path: t.Any) -> None:
    app = flask.Flask("fresh", root_path=str(tmp_path))
    for key, value in EXPECTED_DEFAULTS.items():
        if key != "DEBUG":
            assert app.config[key] == value
    assert app.config["DEBUG"] is False


def test_request_and_response_classes() -> None:
    assert flask.Flask.request_class is flask.Request
    assert flask.Flask.response_class is flask.Response


def test_request_class_override_is_used(app: flask.Flask, client: Client) -> None:
    class TaggedRequest(flask.Request):
        tag = "custom"

    app.request_class = TaggedRequest

    @app.route("/")
    def index() -> str:
        assert isinstance(flask.request, TaggedRequest)
        tag: str = getattr(flask.request, "tag")  # noqa: B009
        return tag

    assert client.get("/").data == b"custom"


def test_session_interface_override_on_subclass() -> None:
    marker = seams.UnavailableSessionInterface()

    class CustomFlask(flask.Flask):
        session_interface = marker

    assert CustomFlask("custom").session_interface is marker


def test_session_interface_is_resolved_lazily() -> None:
    # Reading it on the class resolves the default once and keeps it.
    first = flask.Flask.session_interface
    assert first is flask.Flask.session_interface
    assert hasattr(first, "open_session")
    assert hasattr(first, "save_session")


# -- static files and resources -------------------------------------------------


def test_static_route_is_registered(tmp_path: t.Any) -> None:
    app = flask.Flask("static_app", root_path=str(tmp_path))
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules["static"] == "/static/<path:filename>"


def test_static_route_follows_static_url_path(tmp_path: t.Any) -> None:
    app = flask.Flask("static_app", root_path=str(tmp_path), static_url_path="/assets")
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules["static"] == "/assets/<path:filename>"


def test_no_static_route_without_static_folder(tmp_path: t.Any) -> None:
    app = flask.Flask("static_app", root_path=str(tmp_path), static_folder=None)
    assert "static" not in {rule.endpoint for rule in app.url_map.iter_rules()}


def test_static_host_must_match_host_matching(tmp_path: t.Any) -> None:
    root = str(tmp_path)
    with pytest.raises(AssertionError):
        flask.Flask("bad", root_path=root, static_host="example.com")
    with pytest.raises(AssertionError):
        flask.Flask("bad", root_path=root, host_matching=True)
    # Both together are fine, and so is host matching without a static route.
    app = flask.Flask(
        "good", root_path=root, host_matching=True, static_host="static.example"
    )
    static_rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "static")
    assert static_rule.host == "static.example"
    flask.Flask("good", root_path=root, host_matching=True, static_folder=None)


def test_static_file_is_served(tmp_path: t.Any) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("body {}")
    app = flask.Flask("static_app", root_path=str(tmp_path))
    response = Client(app, app.response_class).get("/static/style.css")
    assert response.status_code == 200
    assert response.data == b"body {}"
    assert response.mimetype == "text/css"
    response.close()


def test_static_route_does_not_keep_app_alive(tmp_path: t.Any) -> None:
    import gc
    import weakref

    app = flask.Flask("static_app", root_path=str(tmp_path))
    app_ref = weakref.ref(app)
    del app
    gc.collect()
    assert app_ref() is None


def test_send_static_file_without_folder(tmp_path: t.Any) -> None:
    app = flask.Flask("nostatic", root_path=str(tmp_path), static_folder=None)
    with app.test_request_context(), pytest.raises(RuntimeError):
        app.send_static_file("x.txt")


@pytest.mark.parametrize(
    ("configured", "expected"),
    [(None, None), (120, 120), (timedelta(hours=1), 3600)],
)
def test_get_send_file_max_age(
    app: flask.Flask, configured: t.Any, expected: int | None
) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = configured
    with app.app_context():
        assert app.get_send_file_max_age("a.txt") == expected


def test_send_file_max_age_reaches_static_response(tmp_path: t.Any) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.txt").write_text("a")
    app = flask.Flask("static_app", root_path=str(tmp_path))
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
    response = Client(app, app.response_class).get("/static/a.txt")
    assert response.cache_control.max_age == 60
    response.close()


def test_open_resource_modes(tmp_path: t.Any) -> None:
    (tmp_path / "data.txt").write_text("héllo", encoding="utf-8")
    app = flask.Flask("res", root_path=str(tmp_path))
    with app.open_resource("data.txt") as binary:
        raw: t.Any = binary.read()
        assert raw == "héllo".encode()
    with app.open_resource("data.txt", "r", encoding="utf-8") as text:
        assert text.read() == "héllo"
    with app.open_resource("data.txt", "rt", encoding="latin-1") as text:
        assert text.read() == "héllo".encode().decode("latin-1")
    for mode in ("w", "a", "r+", "wb"):
        with pytest.raises(ValueError):
            app.open_resource("data.txt", mode)


def test_open_instance_resource_reads_and_writes(tmp_path: t.Any) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    app = flask.Flask("res", root_path=str(tmp_path), instance_path=str(instance))
    with app.open_instance_resource("notes.txt", "w") as out:
        out.write("ünïcode")
    assert (instance / "notes.txt").read_text(encoding="utf-8") == "ünïcode"
    with app.open_instance_resource("notes.txt") as binary:
        raw: t.Any = binary.read()
        assert raw == "ünïcode".encode()
    with app.open_instance_resource("notes.txt", "r") as text:
        assert text.read() == "ünïcode"


# -- templates ----------------------------------------------------------------


def test_jinja_environment_globals(app: flask.Flask) -> None:
    env = app.jinja_env
    assert env.globals["url_for"] == app.url_for
    assert env.globals["config"] is app.config
    assert env.globals["get_flashed_messages"] is flask.get_flashed_messages
    for name in ("request", "session", "g"):
        assert name in env.globals


def test_jinja_environment_renders_context_globals(app: flask.Flask) -> None:
    with app.test_request_context("/page?x=1"):
        flask.g.user = "ann"
        template = app.jinja_env.from_string(
            "{{ request.path }} {{ request.args.x }} {{ g.user }} {{ config.TESTING }}"
        )
        assert template.render() == "/page 1 ann True"


@pytest.mark.parametrize(
    ("debug", "setting", "expected"),
    [
        (False, None, False),
        (True, None, True),
        (True, False, False),
        (False, True, True),
    ],
)
def test_jinja_auto_reload(
    tmp_path: t.Any, debug: bool, setting: bool | None, expected: bool
) -> None:
    app = flask.Flask("tpl", root_path=str(tmp_path))
    app.debug = debug
    app.config["TEMPLATES_AUTO_RELOAD"] = setting
    assert app.create_jinja_environment().auto_reload is expected


def test_jinja_options_win(app: flask.Flask) -> None:
    app.jinja_options = {"autoescape": False, "auto_reload": True}
    env = app.create_jinja_environment()
    assert env.autoescape is False
    assert env.auto_reload is True


def test_jinja_autoescape_follows_select_jinja_autoescape(app: flask.Flask) -> None:
    env = app.create_jinja_environment()
    assert callable(env.autoescape)
    assert env.autoescape("page.html") is True
    assert env.autoescape("notes.txt") is False


def test_tojson_uses_app_json_provider(app: flask.Flask) -> None:
    class StubProvider:
        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            return f'"stub:{obj}"'

    app.json = t.cast(t.Any, StubProvider())
    with app.app_context():
        rendered = app.jinja_env.from_string("{{ 5|tojson }}").render()
    assert rendered == '"stub:5"'


def test_update_template_context_order(app: flask.Flask) -> None:
    calls: list[str] = []
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)

    @app.context_processor
    def app_values() -> dict[str, t.Any]:
        calls.append("app")
        return {"who": "app", "app_only": 1}

    @parent.context_processor
    def parent_values() -> dict[str, t.Any]:
        calls.append("parent")
        return {"who": "parent"}

    @child.context_processor
    def child_values() -> dict[str, t.Any]:
        calls.append("child")
        return {"who": "child"}

    @child.route("/")
    def index() -> str:
        return ""

    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent, url_prefix="/parent")

    with app.test_request_context("/parent/child/"):
        assert flask.request.blueprints == ["parent.child", "parent"]
        context: dict[str, t.Any] = {"explicit": True}
        app.update_template_context(context)
        assert calls == ["app", "parent", "child"]
        assert context["who"] == "child"
        assert context["app_only"] == 1

        calls.clear()
        context = {"who": "caller"}
        app.update_template_context(context)
        assert context["who"] == "caller"


def test_update_template_context_outside_request(app: flask.Flask) -> None:
    @app.context_processor
    def values() -> dict[str, t.Any]:
        return {"answer": 42}

    with app.app_context():
        context: dict[str, t.Any] = {}
        app.update_template_context(context)
    assert context["answer"] == 42


def test_make_shell_context(app: flask.Flask) -> None:
    @app.shell_context_processor
    def extra() -> dict[str, t.Any]:
        return {"answer": 42, "app": "overridden"}

    with app.app_context():
        namespace = app.make_shell_context()
    assert namespace["answer"] == 42
    assert namespace["g"] is flask.g
    assert namespace["app"] == "overridden"


def test_make_shell_context_defaults(app: flask.Flask) -> None:
    with app.app_context():
        namespace = app.make_shell_context()
    assert namespace == {"app": app, "g": flask.g}


# -- the development server -----------------------------------------------------


@pytest.fixture
def run_simple_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[t.Any, ...]]:
    import werkzeug.serving

    calls: list[tuple[t.Any, ...]] = []

    def fake_run_simple(host: str, port: int, app: t.Any, **options: t.Any) -> None:
        calls.append((host, port, app, options))

    monkeypatch.setattr(werkzeug.serving, "run_simple", fake_run_simple)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return calls


def test_run_defaults(app: flask.Flask, run_simple_calls: list[t.Any]) -> None:
    app.run(load_dotenv=False)
    host, port, served, options = run_simple_calls[0]
    assert (host, port, served) == ("127.0.0.1", 5000, app)
    assert options == {"use_reloader": False, "use_debugger": False, "threaded": True}


def test_run_uses_server_name(app: flask.Flask, run_simple_calls: list[t.Any]) -> None:
    app.config["SERVER_NAME"] = "example.test:8080"
    app.run(load_dotenv=False)
    assert run_simple_calls[0][:2] == ("example.test", 8080)

    app.run(host="0.0.0.0", port=0, load_dotenv=False)
    assert run_simple_calls[1][:2] == ("0.0.0.0", 0)

    app.config["SERVER_NAME"] = "only-host.test"
    app.run(port="9000", load_dotenv=False)  # type: ignore[arg-type]
    assert run_simple_calls[2][:2] == ("only-host.test", 9000)


def test_run_debug_enables_reloader(
    app: flask.Flask, run_simple_calls: list[t.Any]
) -> None:
    app.run(debug=True, load_dotenv=False, threaded=False)
    options = run_simple_calls[0][3]
    assert app.debug is True
    assert options == {"use_reloader": True, "use_debugger": True, "threaded": False}


def test_run_reads_flask_debug(
    app: flask.Flask,
    run_simple_calls: list[t.Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: t.Any,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLASK_SKIP_DOTENV", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app.run()
    assert app.debug is True
    # An explicit argument wins over the environment.
    app.run(debug=False)
    assert app.debug is False


def test_run_ignores_flask_debug_without_dotenv(
    app: flask.Flask, run_simple_calls: list[t.Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app.run(load_dotenv=False)
    assert app.debug is False


def test_run_is_ignored_under_flask_cli(
    app: flask.Flask,
    run_simple_calls: list[t.Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app.run()
    assert run_simple_calls == []
    assert "app.run()" in capsys.readouterr().out


def test_run_resets_first_request_flag(
    app: flask.Flask, run_simple_calls: list[t.Any]
) -> None:
    app._got_first_request = True
    app.run(load_dotenv=False)
    assert app._got_first_request is False


# -- test helpers -----------------------------------------------------------------


def test_test_client_uses_configured_class(app: flask.Flask) -> None:
    class RecordingClient:
        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            self.args = args
            self.kwargs = kwargs

    app.test_client_class = RecordingClient
    client = app.test_client(use_cookies=False, extra=1)
    assert isinstance(client, RecordingClient)
    assert client.args == (app, app.response_class)
    assert client.kwargs == {"use_cookies": False, "extra": 1}


def test_test_cli_runner_uses_configured_class(app: flask.Flask) -> None:
    class RecordingRunner:
        def __init__(self, app: flask.Flask, **kwargs: t.Any) -> None:
            self.app = app
            self.kwargs = kwargs

    app.test_cli_runner_class = RecordingRunner
    runner = app.test_cli_runner(mix_stderr=False)
    assert isinstance(runner, RecordingRunner)
    assert runner.app is app
    assert runner.kwargs == {"mix_stderr": False}


def test_test_client_without_flask_testing(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_addons, "is_installed", lambda module: False)
    monkeypatch.delitem(__import__("sys").modules, "flask.testing", raising=False)
    with pytest.raises(seams.MissingDistributionError) as info:
        app.test_client()
    assert info.value.distribution == "flask-testing"
    with pytest.raises(seams.MissingDistributionError):
        app.test_cli_runner()


# -- URL adapters and routing errors ----------------------------------------------


def test_url_adapter_outside_request_needs_server_name(app: flask.Flask) -> None:
    assert app.create_url_adapter(None) is None
    app.config.update(
        SERVER_NAME="example.test",
        APPLICATION_ROOT="/root",
        PREFERRED_URL_SCHEME="https",
    )
    adapter = app.create_url_adapter(None)
    assert adapter is not None
    assert adapter.server_name == "example.test"
    assert adapter.script_name == "/root/"
    assert adapter.url_scheme == "https"


def test_url_adapter_for_request(app: flask.Flask) -> None:
    @app.route("/hello")
    def hello() -> str:
        return ""

    with app.test_request_context("/hello"):
        adapter = app.create_url_adapter(flask.request)
        assert adapter is not None
        assert adapter.match() == ("hello", {})


def test_trusted_hosts_rejects_other_hosts(app: flask.Flask, client: Client) -> None:
    app.config["TRUSTED_HOSTS"] = ["good.test"]

    @app.route("/")
    def index() -> str:
        return "ok"

    assert client.get("/", headers={"Host": "good.test"}).data == b"ok"
    assert client.get("/", headers={"Host": "evil.test"}).status_code == 400


def test_trusted_hosts_sets_request_attribute(app: flask.Flask) -> None:
    app.config["TRUSTED_HOSTS"] = ["localhost", ".example.test"]
    app.add_url_rule("/", "index", lambda: "")
    with app.test_request_context():
        assert flask.request.trusted_hosts == ["localhost", ".example.test"]
        assert flask.request.routing_exception is None
    with app.test_request_context(base_url="http://sub.example.test"):
        assert flask.request.routing_exception is None
    with app.test_request_context(base_url="http://other.test") as ctx:
        assert ctx.request.routing_exception is not None
        assert ctx.request.routing_exception.code == 400


def test_server_name_without_subdomain_matching(app: flask.Flask) -> None:
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/")
    def index() -> str:
        return "index"

    client = Client(app, app.response_class)
    # Without subdomain matching any host reaches the default subdomain.
    assert client.get("/", "http://example.test/").data == b"index"
    assert client.get("/", "http://api.example.test/").data == b"index"


def test_subdomain_matching(tmp_path: t.Any) -> None:
    app = flask.Flask("subs", root_path=str(tmp_path), subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/", subdomain="api")
    def api() -> str:
        return "api"

    @app.route("/")
    def index() -> str:
        return "index"

    client = Client(app, app.response_class)
    assert client.get("/", "http://api.example.test/").data == b"api"
    assert client.get("/", "http://example.test/").data == b"index"


def test_host_matching(tmp_path: t.Any) -> None:
    app = flask.Flask(
        "hosts", root_path=str(tmp_path), host_matching=True, static_folder=None
    )
    app.config["SERVER_NAME"] = "ignored.test"

    @app.route("/", host="one.test")
    def one() -> str:
        return "one"

    @app.route("/", host="two.test")
    def two() -> str:
        return "two"

    client = Client(app, app.response_class)
    assert client.get("/", "http://one.test/").data == b"one"
    assert client.get("/", "http://two.test/").data == b"two"


def test_raise_routing_exception_plain(app: flask.Flask) -> None:
    with app.test_request_context("/missing"):
        assert isinstance(flask.request.routing_exception, NotFound)
        with pytest.raises(NotFound):
            app.raise_routing_exception(flask.request)


def _redirecting_app(app: flask.Flask) -> None:
    @app.route("/form/", methods=["GET", "POST"])
    def form() -> str:
        return "form"


def test_debug_form_redirect_is_explained(app: flask.Flask) -> None:
    _redirecting_app(app)
    app.debug = True
    with app.test_request_context("/form", method="POST"):
        exc = flask.request.routing_exception
        assert isinstance(exc, RequestRedirect)
        assert exc.code == 308
        # A 308 keeps the body, so it is raised as is.
        with pytest.raises(RequestRedirect):
            app.raise_routing_exception(flask.request)
        exc.code = 301
        with pytest.raises(FormDataRoutingRedirect):
            app.raise_routing_exception(flask.request)


def test_form_redirect_not_explained_without_debug_or_for_get(
    app: flask.Flask,
) -> None:
    _redirecting_app(app)
    with app.test_request_context("/form", method="POST"):
        flask.request.routing_exception.code = 301  # type: ignore[union-attr]
        with pytest.raises(RequestRedirect):
            app.raise_routing_exception(flask.request)
    app.debug = True
    with app.test_request_context("/form", method="GET"):
        flask.request.routing_exception.code = 301  # type: ignore[union-attr]
        with pytest.raises(RequestRedirect):
            app.raise_routing_exception(flask.request)


def test_redirect_response(app: flask.Flask, client: Client) -> None:
    _redirecting_app(app)
    response = client.get("/form")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/form/")


# -- WSGI ----------------------------------------------------------------------


def test_wsgi_app_can_be_wrapped(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return "inner"

    seen: list[str] = []
    inner = app.wsgi_app

    def middleware(environ: t.Any, start_response: t.Any) -> t.Any:
        seen.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    app.wsgi_app = middleware  # type: ignore[method-assign]
    assert client.get("/").data == b"inner"
    assert seen == ["/"]


def test_call_delegates_to_wsgi_app(app: flask.Flask) -> None:
    calls: list[t.Any] = []

    def fake_wsgi_app(environ: t.Any, start_response: t.Any) -> list[bytes]:
        calls.append(environ)
        return [b"x"]

    app.wsgi_app = fake_wsgi_app  # type: ignore[method-assign]
    assert app({"k": 1}, lambda *a: None) == [b"x"]  # type: ignore[arg-type, arg-type]
    assert calls == [{"k": 1}]


def test_wsgi_app_pops_contexts(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        assert flask.has_request_context()
        return "ok"

    client.get("/")
    assert not flask.has_request_context()
    assert not flask.has_app_context()


def test_preserve_context_hook(app: flask.Flask) -> None:
    kept: list[t.Any] = []

    @app.route("/")
    def index() -> str:
        return "ok"

    environ = EnvironBuilder(app).get_environ()
    environ["werkzeug.debug.preserve_context"] = kept.append
    body = b"".join(app(environ, lambda *args: None))  # type: ignore[arg-type]
    assert body == b"ok"
    assert isinstance(kept[0], flask.ctx.AppContext)
    assert isinstance(kept[1], flask.ctx.RequestContext)


def test_first_request_flag(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return ""

    assert app._got_first_request is False
    client.get("/")
    assert app._got_first_request is True


def test_automatic_options(app: flask.Flask, client: Client) -> None:
    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        return "index"

    response = client.open("/", method="OPTIONS")
    assert response.status_code == 200
    assert response.data == b""
    assert sorted(response.allow) == ["GET", "HEAD", "OPTIONS", "POST"]


def test_make_default_options_response(app: flask.Flask) -> None:
    @app.route("/thing", methods=["PUT"])
    def thing() -> str:
        return ""

    with app.test_request_context("/thing"):
        response = app.make_default_options_response()
    assert isinstance(response, app.response_class)
    assert sorted(response.allow) == ["OPTIONS", "PUT"]
