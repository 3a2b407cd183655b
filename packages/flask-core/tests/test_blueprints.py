"""Blueprints: registration, nesting, prefixes, subdomains, URL defaults,
names, app-wide hooks, error handler precedence and static files."""

from __future__ import annotations

import pathlib
import types
import typing as t
from datetime import timedelta

import pytest
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.test import Client

import flask
from flask.blueprints import BlueprintSetupState


def endpoint_view() -> str:
    return flask.request.endpoint or ""


# -- names ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "a.b"])
def test_invalid_names(name: str) -> None:
    with pytest.raises(ValueError, match="'name' may not"):
        flask.Blueprint(name, __name__)


def test_endpoint_and_view_names_may_not_contain_dots() -> None:
    bp = flask.Blueprint("bp", __name__)
    with pytest.raises(ValueError, match="'endpoint' may not contain a dot"):
        bp.add_url_rule("/", endpoint="a.b")

    def view() -> str:
        return ""

    view.__name__ = "a.b"
    with pytest.raises(ValueError, match="'view_func' name may not contain a dot"):
        bp.add_url_rule("/", view_func=view)
    assert bp.deferred_functions == []


def test_blueprint_attributes() -> None:
    bp = flask.Blueprint(
        "shop",
        __name__,
        url_prefix="/shop",
        subdomain="store",
        url_defaults={"lang": "en"},
        cli_group="shop-cli",
    )
    assert bp.name == "shop"
    assert bp.import_name == __name__
    assert bp.url_prefix == "/shop"
    assert bp.subdomain == "store"
    assert bp.url_values_defaults == {"lang": "en"}
    assert bp.cli_group == "shop-cli"
    assert flask.Blueprint("x", __name__).url_values_defaults == {}


def test_registering_twice_needs_a_new_name(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.add_url_rule("/", "index", endpoint_view)
    app.register_blueprint(bp, url_prefix="/one")
    with pytest.raises(ValueError, match="already registered for this blueprint"):
        app.register_blueprint(bp, url_prefix="/two")
    app.register_blueprint(bp, url_prefix="/two", name="second")
    assert app.blueprints == {"bp": bp, "second": bp}
    assert client.get("/one/").data == b"bp.index"
    assert client.get("/two/").data == b"second.index"


def test_same_name_for_different_blueprint(app: flask.Flask) -> None:
    app.register_blueprint(flask.Blueprint("bp", __name__))
    with pytest.raises(
        ValueError,
        match="'bp' is already registered for a different blueprint. Use 'name='",
    ):
        app.register_blueprint(flask.Blueprint("bp", __name__))


def test_nested_name_clash_reports_dotted_name(app: flask.Flask) -> None:
    parent = flask.Blueprint("parent", __name__)
    parent.register_blueprint(flask.Blueprint("child", __name__))
    parent.register_blueprint(flask.Blueprint("child", __name__))
    with pytest.raises(ValueError, match="blueprint 'parent.child'"):
        app.register_blueprint(parent)


def test_blueprint_cannot_nest_itself() -> None:
    bp = flask.Blueprint("bp", __name__)
    with pytest.raises(ValueError, match="itself"):
        bp.register_blueprint(bp)


def test_setup_after_registration_is_refused(app: flask.Flask) -> None:
    bp = flask.Blueprint("late", __name__)
    app.register_blueprint(bp)
    with pytest.raises(AssertionError, match="blueprint 'late'"):
        bp.add_url_rule("/", "index", endpoint_view)
    with pytest.raises(AssertionError, match="setup method 'before_app_request'"):
        bp.before_app_request(lambda: None)


# -- prefixes, subdomains, defaults -----------------------------------------------


def test_url_prefix_joining(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp/")
    bp.add_url_rule("/page", "page", endpoint_view)
    bp.add_url_rule("", "root", endpoint_view)
    app.register_blueprint(bp)
    app.register_blueprint(bp, url_prefix="/override", name="other")
    assert client.get("/bp/page").data == b"bp.page"
    assert client.get("/bp/").data == b"bp.root"
    assert client.get("/override/page").data == b"other.page"
    assert client.get("/override").data == b"other.root"


def test_nested_blueprints(app: flask.Flask, client: Client) -> None:
    parent = flask.Blueprint("parent", __name__, url_prefix="/parent")
    child = flask.Blueprint("child", __name__, url_prefix="/child")
    grandchild = flask.Blueprint("grandchild", __name__)
    no_prefix = flask.Blueprint("flat", __name__)
    for bp in (parent, child, grandchild, no_prefix):
        bp.add_url_rule("/", "index", endpoint_view)
    child.register_blueprint(grandchild, url_prefix="/grand/")
    parent.register_blueprint(child)
    parent.register_blueprint(no_prefix)
    app.register_blueprint(parent)
    assert client.get("/parent/").data == b"parent.index"
    assert client.get("/parent/child/").data == b"parent.child.index"
    assert client.get("/parent/child/grand/").data == b"parent.child.grandchild.index"
    assert client.get("/parent/").data == b"parent.index"
    assert "parent.flat.index" in app.view_functions
    assert set(app.blueprints) == {
        "parent",
        "parent.child",
        "parent.child.grandchild",
        "parent.flat",
    }
    with app.test_request_context():
        assert flask.url_for("parent.child.grandchild.index") == "/parent/child/grand/"


def test_nested_registration_options_override(app: flask.Flask, client: Client) -> None:
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__, url_prefix="/ignored")
    child.add_url_rule("/", "index", endpoint_view)
    parent.register_blueprint(child, url_prefix="/kid", name="kid")
    app.register_blueprint(parent, url_prefix="/p")
    assert client.get("/p/kid/").data == b"parent.kid.index"
    assert client.get("/p/ignored/").status_code == 404


def test_nested_blueprint_registered_on_two_parents(
    app: flask.Flask, client: Client
) -> None:
    shared = flask.Blueprint("shared", __name__)
    shared.add_url_rule("/s", "index", endpoint_view)
    first = flask.Blueprint("first", __name__, url_prefix="/first")
    second = flask.Blueprint("second", __name__, url_prefix="/second")
    first.register_blueprint(shared)
    second.register_blueprint(shared)
    app.register_blueprint(first)
    app.register_blueprint(second)
    assert client.get("/first/s").data == b"first.shared.index"
    assert client.get("/second/s").data == b"second.shared.index"


def test_subdomains(tmp_path: pathlib.Path) -> None:
    app = flask.Flask(
        "flask_core_probe", root_path=str(tmp_path), subdomain_matching=True
    )
    app.config["SERVER_NAME"] = "example.test"
    parent = flask.Blueprint("parent", __name__, subdomain="api")
    child = flask.Blueprint("child", __name__, subdomain="v1")
    inherits = flask.Blueprint("inherits", __name__, url_prefix="/same")
    own = flask.Blueprint("own", __name__, subdomain="www")
    for bp in (parent, child, inherits, own):
        bp.add_url_rule("/", "index", endpoint_view)
    parent.register_blueprint(child)
    parent.register_blueprint(inherits)
    app.register_blueprint(parent)
    app.register_blueprint(own)
    app.register_blueprint(own, subdomain="admin", name="admin")
    client = Client(app, app.response_class)
    assert client.get("/", "http://api.example.test/").data == b"parent.index"
    assert client.get("/", "http://v1.api.example.test/").data == b"parent.child.index"
    assert (
        client.get("/same/", "http://api.example.test/").data
        == b"parent.inherits.index"
    )
    assert client.get("/", "http://www.example.test/").data == b"own.index"
    assert client.get("/", "http://admin.example.test/").data == b"admin.index"


def test_url_defaults(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__, url_defaults={"lang": "en", "page": 1})

    @bp.route("/list")
    def listing(lang: str, page: int) -> str:
        return f"{lang}:{page}"

    @bp.route("/item", defaults={"page": 9})
    def item(lang: str, page: int) -> str:
        return f"{lang}:{page}"

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="fr", url_prefix="/fr", url_defaults={"lang": "fr"})
    assert client.get("/list").data == b"en:1"
    assert client.get("/item").data == b"en:9"
    assert client.get("/fr/list").data == b"fr:1"
    assert bp.url_values_defaults == {"lang": "en", "page": 1}


def test_relative_url_for(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")

    @bp.route("/a")
    def a() -> str:
        return flask.url_for(".b")

    @bp.route("/b")
    def b() -> str:
        return ""

    app.register_blueprint(bp)
    assert client.get("/bp/a").data == b"/bp/b"


# -- deferred functions and setup state -------------------------------------------


def test_setup_state(app: flask.Flask) -> None:
    states: list[BlueprintSetupState] = []
    bp = flask.Blueprint(
        "bp", __name__, url_prefix="/own", subdomain="sub", url_defaults={"a": 1}
    )
    bp.record(states.append)
    app.register_blueprint(bp, url_prefix="/given", url_defaults={"b": 2}, extra=True)
    app.register_blueprint(bp, name="again")
    first, second = states
    assert first.app is app
    assert first.blueprint is bp
    assert first.first_registration is True
    assert first.url_prefix == "/given"
    assert first.subdomain == "sub"
    assert first.url_defaults == {"a": 1, "b": 2}
    assert first.options["extra"] is True
    assert first.name == "bp"
    assert first.name_prefix == ""
    assert second.first_registration is False
    assert second.url_prefix == "/own"
    assert second.name == "again"


def test_record_once(app: flask.Flask) -> None:
    calls: list[str] = []
    bp = flask.Blueprint("bp", __name__)

    def once(state: BlueprintSetupState) -> None:
        calls.append(state.name)

    bp.record_once(once)
    assert bp.deferred_functions[0].__name__ == "once"
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again")
    assert calls == ["bp"]
    other_app = flask.Flask("other", root_path=app.root_path)
    other_app.register_blueprint(bp, name="third")
    assert calls == ["bp", "third"]


def test_custom_setup_state(app: flask.Flask) -> None:
    class State(BlueprintSetupState):
        pass

    class CustomBlueprint(flask.Blueprint):
        def make_setup_state(
            self,
            app: t.Any,
            options: dict[str, t.Any],
            first_registration: bool = False,
        ) -> BlueprintSetupState:
            return State(self, app, options, first_registration)

    seen: list[BlueprintSetupState] = []
    bp = CustomBlueprint("bp", __name__)
    bp.record(seen.append)
    app.register_blueprint(bp)
    assert isinstance(seen[0], State)


def test_setup_state_add_url_rule(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.record(lambda state: state.add_url_rule("/extra", view_func=endpoint_view))
    app.register_blueprint(bp, url_prefix="/x")
    assert client.get("/x/extra").data == b"bp.endpoint_view"


# -- scoped hooks ------------------------------------------------------------------


def test_blueprint_hooks_only_for_its_requests(
    app: flask.Flask, client: Client
) -> None:
    log: list[str] = []
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")

    @bp.before_request
    def before() -> None:
        log.append("before")

    @bp.after_request
    def after(response: flask.Response) -> flask.Response:
        log.append("after")
        return response

    @bp.teardown_request
    def teardown(exc: BaseException | None) -> None:
        log.append("teardown")

    @bp.url_value_preprocessor
    def pull(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        log.append(f"pull {endpoint}")

    bp.add_url_rule("/", "index", endpoint_view)
    app.add_url_rule("/", "app_index", endpoint_view)
    app.register_blueprint(bp)

    client.get("/")
    assert log == []
    client.get("/bp/")
    assert log == ["pull bp.index", "before", "after", "teardown"]
    assert app.before_request_funcs["bp"] == [before]
    assert app.after_request_funcs["bp"] == [after]
    assert app.teardown_request_funcs["bp"] == [teardown]
    assert app.url_value_preprocessors["bp"] == [pull]


def test_nested_hooks_run_outer_first(app: flask.Flask, client: Client) -> None:
    order: list[str] = []
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)

    def recorder(name: str) -> t.Callable[[], None]:
        def record() -> None:
            order.append(name)

        return record

    app.before_request(recorder("app"))
    parent.before_request(recorder("parent"))
    child.before_request(recorder("child"))
    child.add_url_rule("/", "index", endpoint_view)
    parent.register_blueprint(child, url_prefix="/c")
    app.register_blueprint(parent, url_prefix="/p")
    assert client.get("/p/c/").data == b"parent.child.index"
    assert order == ["app", "parent", "child"]
    assert {None, "parent", "parent.child"} <= set(app.before_request_funcs)


def test_blueprint_registries_scoped_under_registration_name(
    app: flask.Flask,
) -> None:
    bp = flask.Blueprint("bp", __name__)

    def hook() -> None:
        return None

    bp.before_request(hook)
    bp.before_request_funcs["inner"].append(hook)
    app.register_blueprint(bp, name="renamed")
    assert app.before_request_funcs["renamed"] == [hook]
    assert app.before_request_funcs["renamed.inner"] == [hook]
    assert "bp" not in app.before_request_funcs


def test_blueprint_endpoint_decorator(app: flask.Flask, client: Client) -> None:
    app.add_url_rule("/raw", endpoint="raw")
    bp = flask.Blueprint("bp", __name__)

    @bp.endpoint("raw")
    def raw() -> str:
        return "raw view"

    app.register_blueprint(bp, url_prefix="/bp")
    assert client.get("/raw").data == b"raw view"


def test_blueprint_url_defaults_and_context_processor(app: flask.Flask) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang", "de")

    @bp.context_processor
    def extra() -> dict[str, t.Any]:
        return {"extra": "bp only"}

    @bp.route("/<lang>/page")
    def page(lang: str) -> str:
        return lang

    app.register_blueprint(bp)
    assert app.template_context_processors["bp"] == [extra]
    with app.test_request_context():
        assert flask.url_for("bp.page") == "/de/page"


# -- app-wide hooks -----------------------------------------------------------------


def test_app_request_hooks(app: flask.Flask, client: Client) -> None:
    log: list[str] = []
    bp = flask.Blueprint("bp", __name__)

    @bp.before_app_request
    def before() -> None:
        log.append("before")

    @bp.after_app_request
    def after(response: flask.Response) -> flask.Response:
        log.append("after")
        return response

    @bp.teardown_app_request
    def teardown(exc: BaseException | None) -> None:
        log.append("teardown")

    @bp.app_url_value_preprocessor
    def pull(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        log.append("pull")

    app.add_url_rule("/", "index", endpoint_view)
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again")  # app-wide hooks are added once
    assert client.get("/").data == b"index"
    assert log == ["pull", "before", "after", "teardown"]
    assert app.before_request_funcs[None] == [before]


def test_app_url_defaults(app: flask.Flask) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.app_url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang", "nl")

    app.add_url_rule("/<lang>/", "home", endpoint_view)
    app.register_blueprint(bp)
    with app.test_request_context():
        assert flask.url_for("home") == "/nl/"


def test_app_context_processor(app: flask.Flask) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.app_context_processor
    def everywhere() -> dict[str, t.Any]:
        return {"everywhere": True}

    app.register_blueprint(bp)
    assert app.template_context_processors[None][-1] is everywhere
    with app.test_request_context():
        context: dict[str, t.Any] = {}
        app.update_template_context(context)
        assert context["everywhere"] is True


def test_app_template_registries(app: flask.Flask) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.app_template_filter()
    def shout(s: str) -> str:
        return s.upper()

    @bp.app_template_filter("rev")
    def reverse(s: str) -> str:
        return s[::-1]

    @bp.app_template_test()
    def empty(s: str) -> bool:
        return not s

    @bp.app_template_test("full")
    def non_empty(s: str) -> bool:
        return bool(s)

    @bp.app_template_global()
    def site() -> str:
        return "site"

    @bp.app_template_global("version")
    def get_version() -> str:
        return "1"

    bp.add_app_template_filter(str.title)
    bp.add_app_template_filter(str.strip, "trim")
    bp.add_app_template_test(str.isdigit, name="digits")
    bp.add_app_template_global(max, name="biggest")
    app.register_blueprint(bp)
    env = app.jinja_env
    assert env.filters["shout"] is shout
    assert env.filters["rev"] is reverse
    assert env.filters["title"] is str.title
    assert env.filters["trim"] is str.strip
    assert env.tests["empty"] is empty
    assert env.tests["full"] is non_empty
    assert env.tests["digits"] is str.isdigit
    assert env.globals["site"] is site
    assert env.globals["version"] is get_version
    assert env.globals["biggest"] is max
    template = env.from_string(
        "{{ 'ab'|shout|rev }} {{ '' is empty }} {{ 'x' is full }} {{ site() }}"
    )
    assert template.render() == "BA True True site"


# -- error handlers ----------------------------------------------------------------


def test_blueprint_error_handler_before_app(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")

    @app.errorhandler(Forbidden)
    def app_forbidden(e: Exception) -> tuple[str, int]:
        return "app", 403

    @bp.errorhandler(403)
    def bp_forbidden(e: Exception) -> tuple[str, int]:
        return "bp", 403

    @bp.route("/")
    def bp_index() -> str:
        flask.abort(403)

    @app.route("/")
    def app_index() -> str:
        flask.abort(403)

    app.register_blueprint(bp)
    assert client.get("/bp/").data == b"bp"
    assert client.get("/").data == b"app"
    assert app.error_handler_spec["bp"][403] == {Forbidden: bp_forbidden}


def test_nested_error_handler_precedence(app: flask.Flask, client: Client) -> None:
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)
    plain = flask.Blueprint("plain", __name__)

    @parent.errorhandler(ValueError)
    def parent_handler(e: Exception) -> str:
        return "parent"

    @child.errorhandler(ValueError)
    def child_handler(e: Exception) -> str:
        return "child"

    def fail() -> str:
        raise ValueError()

    child.add_url_rule("/c", "fail", fail)
    plain.add_url_rule("/p", "fail", fail)
    parent.register_blueprint(child)
    parent.register_blueprint(plain)
    app.register_blueprint(parent)
    assert client.get("/c").data == b"child"
    assert client.get("/p").data == b"parent"


def test_blueprint_404_handler_not_used_for_unmatched_urls(
    app: flask.Flask, client: Client
) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.errorhandler(404)(lambda e: ("bp missing", 404))
    app.errorhandler(404)(lambda e: ("app missing", 404))
    app.register_blueprint(bp)
    assert client.get("/bp/nothing").data == b"app missing"


def test_app_errorhandler(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.app_errorhandler(404)
    def missing(e: Exception) -> tuple[str, int]:
        return "from blueprint", 404

    app.register_blueprint(bp)
    assert app.error_handler_spec[None][404] == {NotFound: missing}
    assert client.get("/nope").data == b"from blueprint"


def test_error_handler_copy_is_independent(app: flask.Flask) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.errorhandler(KeyError)(lambda e: "")
    app.register_blueprint(bp)
    app.error_handler_spec["bp"][None][IndexError] = lambda e: ""
    assert IndexError not in bp.error_handler_spec[None][None]


# -- CLI group ------------------------------------------------------------------------


def test_registration_without_cli_use_does_not_need_flask_cli(
    app: flask.Flask, fake_cli: list[str]
) -> None:
    app.register_blueprint(flask.Blueprint("bp", __name__))
    assert fake_cli == []
    assert app._cli is None


@pytest.mark.parametrize(
    ("cli_group", "options", "expected_group"),
    [
        ("<default>", {}, "bp"),
        ("tools", {}, "tools"),
        ("<default>", {"cli_group": "given"}, "given"),
    ],
)
def test_cli_commands_grouped(
    app: flask.Flask,
    fake_cli: list[str],
    cli_group: str,
    options: dict[str, t.Any],
    expected_group: str,
) -> None:
    kwargs: dict[str, t.Any] = (
        {} if cli_group == "<default>" else {"cli_group": cli_group}
    )
    bp = flask.Blueprint("bp", __name__, **kwargs)
    command = types.SimpleNamespace(name="hello")
    commands: t.Any = bp.cli.commands
    commands["hello"] = command
    app.register_blueprint(bp, **options)
    assert app.cli.commands == {expected_group: bp.cli}
    assert bp.cli.name == expected_group


def test_cli_commands_merged_into_app(app: flask.Flask, fake_cli: list[str]) -> None:
    bp = flask.Blueprint("bp", __name__, cli_group=None)
    command = types.SimpleNamespace(name="hello")
    commands: t.Any = bp.cli.commands
    commands["hello"] = command
    app.register_blueprint(bp)
    assert app.cli.commands == {"hello": command}


def test_empty_cli_group_not_added(app: flask.Flask, fake_cli: list[str]) -> None:
    bp = flask.Blueprint("bp", __name__)
    assert bp.cli.commands == {}
    app.register_blueprint(bp)
    assert app._cli is None


# -- static files and resources --------------------------------------------------


@pytest.fixture
def bp_folder(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "bp"
    (folder / "static").mkdir(parents=True)
    (folder / "static" / "style.css").write_text("body {}")
    (folder / "data.txt").write_text("héllo", encoding="utf-8")
    return folder


def test_blueprint_static_files(
    app: flask.Flask, client: Client, bp_folder: pathlib.Path
) -> None:
    bp = flask.Blueprint(
        "bp",
        __name__,
        root_path=str(bp_folder),
        static_folder="static",
        url_prefix="/bp",
    )
    app.register_blueprint(bp)
    response = client.get("/bp/static/style.css")
    assert response.data == b"body {}"
    assert response.headers["Cache-Control"] == "no-cache"
    response.close()
    with app.test_request_context():
        assert (
            flask.url_for("bp.static", filename="style.css") == "/bp/static/style.css"
        )


def test_blueprint_static_url_path(
    app: flask.Flask, client: Client, bp_folder: pathlib.Path
) -> None:
    bp = flask.Blueprint(
        "bp",
        __name__,
        root_path=str(bp_folder),
        static_folder="static",
        static_url_path="/assets",
    )
    app.register_blueprint(bp, url_prefix="/x")
    response = client.get("/x/assets/style.css")
    assert response.data == b"body {}"
    response.close()


def test_send_file_max_age(
    app: flask.Flask, client: Client, bp_folder: pathlib.Path
) -> None:
    bp = flask.Blueprint(
        "bp", __name__, root_path=str(bp_folder), static_folder="static"
    )
    app.register_blueprint(bp, url_prefix="/bp")
    with app.app_context():
        assert bp.get_send_file_max_age("style.css") is None
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = timedelta(minutes=2)
        assert bp.get_send_file_max_age("style.css") == 120
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 30
        assert bp.get_send_file_max_age("style.css") == 30
    response = client.get("/bp/static/style.css")
    assert "max-age=30" in response.headers["Cache-Control"]
    response.close()


def test_send_static_file_without_folder(app: flask.Flask) -> None:
    bp = flask.Blueprint("bp", __name__)
    with app.test_request_context(), pytest.raises(RuntimeError, match="static_folder"):
        bp.send_static_file("x.css")


def test_open_resource(bp_folder: pathlib.Path) -> None:
    bp = flask.Blueprint("bp", __name__, root_path=str(bp_folder))
    with t.cast(t.IO[bytes], bp.open_resource("data.txt")) as binary:
        assert binary.read() == "héllo".encode()
    with t.cast(t.IO[str], bp.open_resource("data.txt", "r")) as text:
        assert text.read() == "héllo"
    latin_file = bp.open_resource("data.txt", "rt", encoding="latin-1")
    with latin_file as latin:
        assert latin.read() == "héllo".encode().decode("latin-1")
    for mode in ("w", "rb+", "a"):
        with pytest.raises(ValueError, match="only be opened for reading"):
            bp.open_resource("data.txt", mode)
