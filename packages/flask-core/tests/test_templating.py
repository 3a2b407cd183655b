"""Tests for flask.templating: the environment, the dispatching loader,
rendering and streaming functions, signals, autoescaping and template
registration helpers."""

from __future__ import annotations

import logging
import pathlib
import subprocess
import sys
import typing as t

import jinja2
import pytest
from markupsafe import Markup
from werkzeug.test import Client

import flask
from flask import seams
from flask.templating import (
    DispatchingJinjaLoader,
    Environment,
    _default_template_ctx_processor,
)

if t.TYPE_CHECKING:
    from conftest import RecordingHub

FIXTURES = pathlib.Path(__file__).parent / "fixtures_templating"


@pytest.fixture
def tapp() -> flask.Flask:
    """An app whose templates are the files under ``fixtures_templating``."""
    application = flask.Flask("templating_test_app", root_path=str(FIXTURES))
    application.testing = True
    return application


@pytest.fixture
def tclient(tapp: flask.Flask) -> Client:
    return Client(tapp, tapp.response_class)


def _blueprint(name: str) -> flask.Blueprint:
    return flask.Blueprint(
        name,
        __name__,
        template_folder="templates",
        root_path=str(FIXTURES / f"bp_{name}"),
    )


# -- import cost ------------------------------------------------------------


def test_import_flask_does_not_load_jinja_or_templating() -> None:
    code = (
        "import sys, flask\n"
        "assert 'flask.templating' not in sys.modules, 'templating'\n"
        "assert 'jinja2' not in sys.modules, 'jinja2'\n"
        "flask.render_template\n"
        "assert 'flask.templating' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# -- rendering --------------------------------------------------------------


def test_render_template(tapp: flask.Flask) -> None:
    with tapp.app_context():
        assert flask.render_template("hello.html", name="World") == "Hello World!"
        assert flask.render_template("nested/inner.html", value=1) == "nested 1"


def test_render_template_in_view(tapp: flask.Flask, tclient: Client) -> None:
    @tapp.route("/<name>")
    def index(name: str) -> str:
        return flask.render_template("hello.html", name=name)

    assert tclient.get("/Ada").get_data(as_text=True) == "Hello Ada!"


def test_render_template_picks_first_existing_of_list(tapp: flask.Flask) -> None:
    with tapp.app_context():
        out = flask.render_template(
            ["missing.html", "hello.html", "shared.html"], name="x"
        )
    assert out == "Hello x!"


def test_render_template_accepts_template_object(tapp: flask.Flask) -> None:
    with tapp.app_context():
        template = tapp.jinja_env.from_string("{{ a }}+{{ b }}")
        assert flask.render_template(template, a=1, b=2) == "1+2"
        assert flask.render_template(["missing.html", template], a=3, b=4) == "3+4"


def test_render_template_missing_raises(tapp: flask.Flask) -> None:
    with tapp.app_context():
        with pytest.raises(jinja2.TemplateNotFound):
            flask.render_template("missing.html")
        with pytest.raises(jinja2.TemplatesNotFound):
            flask.render_template(["missing.html", "also_missing.html"])


def test_render_template_string(app: flask.Flask, app_ctx: t.Any) -> None:
    assert flask.render_template_string("{{ 1 + 2 }}|{{ name }}", name="n") == "3|n"


def test_render_template_string_autoescapes(app: flask.Flask, app_ctx: t.Any) -> None:
    out = flask.render_template_string(
        "{{ text }}|{{ safe }}", text="<b>", safe=Markup("<i>")
    )
    assert out == "&lt;b&gt;|<i>"


def test_render_needs_app_context() -> None:
    with pytest.raises(RuntimeError, match="application context"):
        flask.render_template_string("x")


@pytest.mark.parametrize(
    ("extension", "escaped"),
    [
        ("html", True),
        ("htm", True),
        ("xml", True),
        ("xhtml", True),
        ("svg", True),
        ("txt", False),
    ],
)
def test_autoescape_by_extension(
    tapp: flask.Flask, extension: str, escaped: bool
) -> None:
    with tapp.app_context():
        out = flask.render_template(f"escaping.{extension}", text="<&>")
    assert out == ("&lt;&amp;&gt;" if escaped else "<&>")


def test_autoescape_block_can_switch_off(app: flask.Flask, app_ctx: t.Any) -> None:
    out = flask.render_template_string(
        "{% autoescape false %}{{ a }}{% endautoescape %}|{{ a }}", a="<x>"
    )
    assert out == "<x>|&lt;x&gt;"


def test_select_jinja_autoescape(app: flask.Flask) -> None:
    assert app.select_jinja_autoescape(None) is True
    assert app.select_jinja_autoescape("page.html") is True
    assert app.select_jinja_autoescape("image.svg") is True
    assert app.select_jinja_autoescape("notes.txt") is False


# -- context ----------------------------------------------------------------


def test_default_context_processor_outside_contexts() -> None:
    assert _default_template_ctx_processor() == {}


def test_default_context_processor_app_context_only(
    app: flask.Flask, app_ctx: t.Any
) -> None:
    values = _default_template_ctx_processor()
    assert set(values) == {"g"}
    assert values["g"] is flask.g._get_current_object()


def test_default_context_processor_request_context(
    app: flask.Flask, req_ctx: t.Any
) -> None:
    opened_before = req_ctx._request_session.opened
    values = _default_template_ctx_processor()
    assert set(values) == {"g", "request", "session"}
    assert values["request"] is req_ctx.request
    # Not opened for the template: a stand-in opens it on first use.
    assert req_ctx._request_session.opened is opened_before
    assert isinstance(values["session"], type(req_ctx.session))
    assert values["session"]._get_current_object() is req_ctx.session


def test_a_template_naming_the_session_gets_the_session_itself(
    app: flask.Flask, req_ctx: t.Any
) -> None:
    opened = req_ctx._request_session.get()
    seen: list[t.Any] = []
    app.jinja_env.globals["keep"] = seen.append
    flask.render_template_string("{{ keep(session) }}")
    assert seen == [opened]
    assert seen[0] is opened


def test_default_context_processor_is_registered_first(
    app: flask.Flask, req_ctx: t.Any
) -> None:
    first = app.template_context_processors[None][0]
    values = first()
    assert values == _default_template_ctx_processor()
    assert isinstance(values, dict)
    assert set(values) == {"g", "request", "session"}


def test_template_sees_request_g_session_config(
    tapp: flask.Flask, tclient: Client
) -> None:
    @tapp.route("/context/path")
    def view() -> str:
        flask.g.marker = "mark"
        return flask.render_template("context.html")

    assert (
        tclient.get("/context/path").get_data(as_text=True)
        == "/context/path|mark|0|True"
    )


def test_template_globals_url_for_and_config(app: flask.Flask) -> None:
    @app.route("/target")
    def target() -> str:
        return ""

    with app.test_request_context():
        out = flask.render_template_string(
            "{{ url_for('target') }}|{{ config['TESTING'] }}"
        )
    assert out == "/target|True"


def test_context_processor_values_and_explicit_context_wins(app: flask.Flask) -> None:
    @app.context_processor
    def extra() -> dict[str, t.Any]:
        return {"who": "processor", "other": "from processor"}

    with app.test_request_context():
        assert (
            flask.render_template_string("{{ who }}|{{ other }}")
            == "processor|from processor"
        )
        assert flask.render_template_string("{{ who }}", who="caller") == "caller"


def test_blueprint_context_processor_only_for_its_requests(
    app: flask.Flask, client: Client
) -> None:
    blueprint = flask.Blueprint("bp", __name__)

    @blueprint.context_processor
    def bp_values() -> dict[str, t.Any]:
        return {"scope": "blueprint"}

    @blueprint.route("/in")
    def inside() -> str:
        return flask.render_template_string("[{{ scope }}]")

    @app.route("/out")
    def outside() -> str:
        return flask.render_template_string("[{{ scope }}]")

    app.register_blueprint(blueprint)
    assert client.get("/in").get_data(as_text=True) == "[blueprint]"
    assert client.get("/out").get_data(as_text=True) == "[]"


# -- environment ------------------------------------------------------------


def test_jinja_env_is_flask_environment(tapp: flask.Flask) -> None:
    env = tapp.jinja_env
    assert isinstance(env, Environment)
    assert isinstance(env, jinja2.Environment)
    assert env.app is tapp
    assert isinstance(env.loader, DispatchingJinjaLoader)
    assert env.loader.app is tapp
    assert tapp.jinja_env is env


def test_environment_uses_global_loader_unless_given(tapp: flask.Flask) -> None:
    env = Environment(tapp)
    assert isinstance(env.loader, DispatchingJinjaLoader)
    own = jinja2.DictLoader({"x.html": "mine"})
    env = Environment(tapp, loader=own)
    assert env.loader is own
    assert env.get_template("x.html").render() == "mine"


def test_environment_accepts_jinja_options(tapp: flask.Flask) -> None:
    env = Environment(tapp, trim_blocks=True, autoescape=False)
    assert env.trim_blocks is True
    assert env.autoescape is False


def test_jinja_options_applied(tapp: flask.Flask) -> None:
    tapp.jinja_options = {"trim_blocks": True, "line_statement_prefix": "%%"}
    env = tapp.jinja_env
    assert env.trim_blocks is True
    assert env.line_statement_prefix == "%%"


def test_jinja_options_on_subclass() -> None:
    class CustomFlask(flask.Flask):
        jinja_options = {"variable_start_string": "[[", "variable_end_string": "]]"}

    app = CustomFlask(__name__)
    with app.app_context():
        assert flask.render_template_string("[[ x ]] {{ x }}", x=1) == "1 {{ x }}"


def test_jinja_environment_class_attribute() -> None:
    class MyEnvironment(Environment):
        pass

    class CustomFlask(flask.Flask):
        jinja_environment = MyEnvironment

    assert isinstance(CustomFlask(__name__).jinja_env, MyEnvironment)


def test_templates_auto_reload_follows_debug() -> None:
    app = flask.Flask(__name__)
    assert app.config["TEMPLATES_AUTO_RELOAD"] is None
    assert app.jinja_env.auto_reload is False

    app = flask.Flask(__name__)
    app.debug = True
    assert app.jinja_env.auto_reload is True

    app = flask.Flask(__name__)
    env = app.jinja_env
    app.debug = True
    assert env.auto_reload is True
    app.debug = False
    assert env.auto_reload is False


def test_templates_auto_reload_explicit_setting_wins() -> None:
    app = flask.Flask(__name__)
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    assert app.jinja_env.auto_reload is True
    app.debug = False
    assert app.jinja_env.auto_reload is True

    app = flask.Flask(__name__)
    app.config["TEMPLATES_AUTO_RELOAD"] = False
    app.debug = True
    assert app.jinja_env.auto_reload is False


def test_template_reloaded_after_change_with_auto_reload(
    app: flask.Flask, tmp_path: pathlib.Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "page.html"
    page.write_text("one")
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    with app.app_context():
        assert flask.render_template("page.html") == "one"
        page.write_text("two")
        import os

        stat = page.stat()
        os.utime(page, (stat.st_atime, stat.st_mtime + 5))
        assert flask.render_template("page.html") == "two"


# -- dispatching loader ------------------------------------------------------


def test_loader_searches_app_then_blueprints_in_order(tapp: flask.Flask) -> None:
    tapp.register_blueprint(_blueprint("beta"))
    tapp.register_blueprint(_blueprint("alpha"))
    with tapp.app_context():
        assert flask.render_template("shared.html") == "app shared"
        # Not in the app: the first registered blueprint wins.
        assert flask.render_template("both.html") == "beta both"
        assert flask.render_template("alpha_only.html") == "alpha only"
        assert flask.render_template("beta_only.html") == "beta only"


def test_loader_order_follows_registration(tapp: flask.Flask) -> None:
    tapp.register_blueprint(_blueprint("alpha"))
    tapp.register_blueprint(_blueprint("beta"))
    with tapp.app_context():
        assert flask.render_template("both.html") == "alpha both"


def test_loader_without_app_template_folder() -> None:
    app = flask.Flask(__name__, template_folder=None, root_path=str(FIXTURES))
    app.register_blueprint(_blueprint("alpha"))
    assert app.jinja_loader is None
    with app.app_context():
        assert flask.render_template("shared.html") == "alpha shared"
        with pytest.raises(jinja2.TemplateNotFound):
            flask.render_template("hello.html")


def test_loader_get_source_directly(tapp: flask.Flask) -> None:
    loader = DispatchingJinjaLoader(tapp)
    source, filename, uptodate = loader.get_source(tapp.jinja_env, "hello.html")
    assert source == "Hello {{ name }}!"
    assert filename is not None and filename.endswith("hello.html")
    assert uptodate is not None and uptodate() is True
    with pytest.raises(jinja2.TemplateNotFound):
        loader.get_source(tapp.jinja_env, "nope.html")


def test_list_templates(tapp: flask.Flask) -> None:
    tapp.register_blueprint(_blueprint("alpha"))
    tapp.register_blueprint(_blueprint("beta"))
    names = tapp.jinja_env.list_templates()
    assert sorted(names) == sorted(set(names))
    for expected in [
        "hello.html",
        "nested/inner.html",
        "shared.html",
        "both.html",
        "alpha_only.html",
        "beta_only.html",
    ]:
        assert expected in names
    assert names.count("shared.html") == 1


def test_list_templates_of_loader_returns_list(tapp: flask.Flask) -> None:
    result = DispatchingJinjaLoader(tapp).list_templates()
    assert isinstance(result, list)
    assert "macros.html" in result


# -- explain template loading -----------------------------------------------


def _explanations(caplog: pytest.LogCaptureFixture, app: flask.Flask) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == app.name]


def test_explain_template_loading_found_once(
    tapp: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    tapp.config["EXPLAIN_TEMPLATE_LOADING"] = True
    tapp.register_blueprint(_blueprint("alpha"))
    with caplog.at_level(logging.INFO, logger=tapp.name), tapp.app_context():
        assert flask.render_template("hello.html", name="x") == "Hello x!"
    (text,) = _explanations(caplog, tapp)
    assert "Locating template 'hello.html'" in text
    assert "1: trying loader of application 'templating_test_app'" in text
    assert f"2: trying loader of blueprint 'alpha' ({__name__})" in text
    assert "class: jinja2.loaders.FileSystemLoader" in text
    assert "-> found (" in text
    assert "-> no match" in text
    assert "Error" not in text
    assert "Warning" not in text


def test_explain_template_loading_several_matches(
    tapp: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    tapp.config["EXPLAIN_TEMPLATE_LOADING"] = True
    tapp.register_blueprint(_blueprint("alpha"))
    tapp.register_blueprint(_blueprint("beta"))
    with caplog.at_level(logging.INFO, logger=tapp.name), tapp.app_context():
        # The first match is still the one used.
        assert flask.render_template("shared.html") == "app shared"
    (text,) = _explanations(caplog, tapp)
    assert text.count("-> found") == 3
    assert "Warning:" in text
    assert "more than one loader" in text


def test_explain_template_loading_not_found_in_blueprint_request(
    tapp: flask.Flask, tclient: Client, caplog: pytest.LogCaptureFixture
) -> None:
    tapp.config["EXPLAIN_TEMPLATE_LOADING"] = True
    blueprint = _blueprint("alpha")

    @blueprint.route("/page")
    def page() -> str:
        return flask.render_template("nowhere.html")

    tapp.register_blueprint(blueprint)
    with (
        caplog.at_level(logging.INFO, logger=tapp.name),
        pytest.raises(jinja2.TemplateNotFound),
    ):
        tclient.get("/page")
    (text,) = _explanations(caplog, tapp)
    assert "Error: the template could not be found" in text
    assert "looked up from an endpoint that belongs to the blueprint 'alpha'" in text
    assert "See https://flask.palletsprojects.com/blueprints/#templates" in text


def test_explain_template_loading_off_logs_nothing(
    tapp: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=tapp.name), tapp.app_context():
        flask.render_template("hello.html", name="x")
    assert _explanations(caplog, tapp) == []


# -- signals ----------------------------------------------------------------


def test_render_sends_signals_in_order(
    tapp: flask.Flask, signal_hub: RecordingHub
) -> None:
    with tapp.app_context():
        flask.render_template("hello.html", name="sig")
    events = signal_hub.events("before_render_template", "template_rendered")
    assert [e[0] for e in events] == ["before_render_template", "template_rendered"]
    for _name, sender, kwargs in events:
        assert sender is tapp
        assert set(kwargs) == {"template", "context"}
        assert kwargs["template"].name == "hello.html"
        assert kwargs["context"]["name"] == "sig"
        # The context includes what the context processors added.
        assert "g" in kwargs["context"]


def test_render_string_sends_signals(
    app: flask.Flask, app_ctx: t.Any, signal_hub: RecordingHub
) -> None:
    flask.render_template_string("{{ v }}", v=1)
    events = signal_hub.events("before_render_template", "template_rendered")
    assert [e[0] for e in events] == ["before_render_template", "template_rendered"]
    assert events[0][2]["template"] is events[1][2]["template"]
    assert events[0][2]["context"] is events[1][2]["context"]


def test_before_render_template_can_change_context(
    app: flask.Flask, app_ctx: t.Any, signal_hub: RecordingHub
) -> None:
    class Changer:
        def send(
            self, sender: t.Any, /, *, _async_wrapper: t.Any = None, **kwargs: t.Any
        ) -> list[t.Any]:
            kwargs["context"]["value"] = "changed"
            return []

    signal_hub.before_render_template = Changer()  # type: ignore[assignment]
    assert flask.render_template_string("{{ value }}", value="original") == "changed"


def test_stream_sends_rendered_after_consumption(
    app: flask.Flask, app_ctx: t.Any, signal_hub: RecordingHub
) -> None:
    chunks = flask.stream_template_string("{{ a }}", a=1)
    assert [
        e[0] for e in signal_hub.events("before_render_template", "template_rendered")
    ] == ["before_render_template"]
    assert "".join(chunks) == "1"
    assert [
        e[0] for e in signal_hub.events("before_render_template", "template_rendered")
    ] == [
        "before_render_template",
        "template_rendered",
    ]


def test_signals_not_needed(
    app: flask.Flask, app_ctx: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seams, "signal_hub", None)
    assert flask.render_template_string("ok") == "ok"
    assert "".join(flask.stream_template_string("ok")) == "ok"


# -- streaming templates ----------------------------------------------------


def test_stream_template_outside_request(tapp: flask.Flask) -> None:
    with tapp.app_context():
        chunks = flask.stream_template("items.html", items=[1, 2, 3])
        assert not isinstance(chunks, str)
        assert "".join(chunks) == "<1><2><3>"
        escaped = flask.stream_template("items.html", items=["<b>"])
        assert "".join(escaped) == "<&lt;b&gt;>"


def test_stream_template_is_lazy(tapp: flask.Flask) -> None:
    produced: list[int] = []

    def items() -> t.Iterator[int]:
        for number in range(3):
            produced.append(number)
            yield number

    with tapp.app_context():
        chunks = flask.stream_template("items.html", items=items())
        assert produced == []
        assert "".join(chunks) == "<0><1><2>"
        assert produced == [0, 1, 2]


def test_stream_template_keeps_request_context(
    tapp: flask.Flask, tclient: Client
) -> None:
    @tapp.route("/stream")
    def stream() -> t.Any:
        flask.g.marker = "g-value"
        return flask.Response(flask.stream_template("context.html"))

    response = tclient.get("/stream")
    assert response.get_data(as_text=True) == "/stream|g-value|0|True"


def test_stream_template_string_in_request(app: flask.Flask, client: Client) -> None:
    @app.route("/s")
    def stream() -> t.Any:
        return flask.Response(
            flask.stream_template_string("{{ request.args['q'] }}-{{ n }}", n=5)
        )

    assert client.get("/s?q=query").get_data(as_text=True) == "query-5"


# -- filters, tests and globals ---------------------------------------------


def test_template_filter_decorator(app: flask.Flask, app_ctx: t.Any) -> None:
    @app.template_filter()
    def reverse(value: str) -> str:
        return value[::-1]

    @app.template_filter("twice")
    def double(value: str) -> str:
        return value * 2

    assert app.jinja_env.filters["reverse"] is reverse
    assert (
        flask.render_template_string("{{ 'abc'|reverse }}|{{ 'x'|twice }}") == "cba|xx"
    )


def test_add_template_filter(app: flask.Flask, app_ctx: t.Any) -> None:
    app.add_template_filter(len, "size")
    assert flask.render_template_string("{{ 'four'|size }}") == "4"


def test_template_test_decorator(app: flask.Flask, app_ctx: t.Any) -> None:
    @app.template_test()
    def boolean(value: t.Any) -> bool:
        return isinstance(value, bool)

    @app.template_test("even_number")
    def is_even(value: int) -> bool:
        return value % 2 == 0

    app.add_template_test(lambda v: v == 7, "seven")
    out = flask.render_template_string(
        "{{ true is boolean }}|{{ 1 is boolean }}|{{ 4 is even_number }}|{{ 7 is seven }}"
    )
    assert out == "True|False|True|True"


def test_template_global_decorator(app: flask.Flask, app_ctx: t.Any) -> None:
    @app.template_global()
    def add(a: int, b: int) -> int:
        return a + b

    @app.template_global("answer")
    def forty_two() -> int:
        return 42

    app.add_template_global(lambda: "lam", "lam")
    assert app.jinja_env.globals["add"] is add
    assert (
        flask.render_template_string("{{ add(1, 2) }}|{{ answer() }}|{{ lam() }}")
        == "3|42|lam"
    )


def test_blueprint_app_template_helpers(app: flask.Flask, app_ctx: t.Any) -> None:
    blueprint = flask.Blueprint("helpers_bp", __name__)

    @blueprint.app_template_filter()
    def bracket(value: str) -> str:
        return f"[{value}]"

    @blueprint.app_template_test()
    def empty(value: t.Any) -> bool:
        return not value

    @blueprint.app_template_global()
    def pi() -> float:
        return 3.14

    app.register_blueprint(blueprint)
    assert (
        flask.render_template_string("{{ 'x'|bracket }}|{{ '' is empty }}|{{ pi() }}")
        == "[x]|True|3.14"
    )


def test_jinja_env_filters_added_after_creation(
    app: flask.Flask, app_ctx: t.Any
) -> None:
    env = app.jinja_env
    app.add_template_filter(str.title, "title_case")
    assert env.filters["title_case"] is str.title


# -- template attribute -----------------------------------------------------


def test_get_template_attribute_macro(tapp: flask.Flask) -> None:
    with tapp.app_context():
        shout = flask.get_template_attribute("macros.html", "shout")
        assert shout("hey") == "HEY!"


# -- tojson -----------------------------------------------------------------


def _flask_json_installed() -> bool:
    return seams.is_installed("flask.json")


@pytest.mark.skipif(not _flask_json_installed(), reason="needs flask-json (flask.json)")
def test_tojson_filter_uses_app_json(app: flask.Flask, app_ctx: t.Any) -> None:
    out = flask.render_template_string(
        "{{ data|tojson }}", data={"b": "</script>", "a": 1}
    )
    assert out == '{"a": 1, "b": "\\u003c/script\\u003e"}'
    assert isinstance(flask.render_template_string("{{ 1|tojson }}"), str)


@pytest.mark.skipif(not _flask_json_installed(), reason="needs flask-json (flask.json)")
def test_tojson_filter_follows_custom_provider(
    app: flask.Flask, app_ctx: t.Any
) -> None:
    calls: list[t.Any] = []
    original = app.json.dumps

    def dumps(obj: t.Any, **kwargs: t.Any) -> str:
        calls.append(obj)
        return t.cast(str, original(obj, **kwargs))

    app.json.dumps = dumps
    flask.render_template_string("{{ [1, 2]|tojson }}")
    assert calls == [[1, 2]]


def test_tojson_without_flask_json_names_the_distribution() -> None:
    # Run in a fresh interpreter where flask-json counts as not installed,
    # so that no provider resolved by other tests is reused.
    code = (
        "import sys\n"
        "from flask import _addons, seams\n"
        "real = _addons.is_installed\n"
        "def is_installed(name):\n"
        "    return name.split('.')[:2] != ['flask', 'json'] and real(name)\n"
        "_addons.is_installed = seams.is_installed = is_installed\n"
        "import flask\n"
        "app = flask.Flask('no_json_app')\n"
        "with app.app_context():\n"
        "    print(flask.render_template_string('{{ x }}', x='plain'))\n"
        "    try:\n"
        "        flask.render_template_string('{{ 1|tojson }}')\n"
        "    except seams.MissingDistributionError as error:\n"
        "        print('missing:', error.distribution)\n"
        "assert 'flask.json' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["plain", "missing: flask-json"]
