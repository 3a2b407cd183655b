"""Tests for flask.helpers: environment flags, responses, URL building,
redirects, aborting, flashing, template attributes and import paths."""

from __future__ import annotations

import os
import sys
import types
import typing as t

import pytest
import werkzeug.exceptions
from werkzeug.test import Client
from werkzeug.wrappers import Response as WerkzeugResponse

import flask
from flask import seams
from flask.helpers import (
    _split_blueprint_path,
    get_debug_flag,
    get_load_dotenv,
    get_root_path,
)

if t.TYPE_CHECKING:
    from conftest import RecordingHub

# -- environment flags ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, False),
        ("", False),
        ("0", False),
        ("false", False),
        ("False", False),
        ("NO", False),
        ("1", True),
        ("true", True),
        ("yes", True),
        ("anything", True),
    ],
)
def test_get_debug_flag(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: bool
) -> None:
    if raw is None:
        monkeypatch.delenv("FLASK_DEBUG", raising=False)
    else:
        monkeypatch.setenv("FLASK_DEBUG", raw)
    assert get_debug_flag() is expected


@pytest.mark.parametrize(
    ("raw", "default", "expected"),
    [
        (None, True, True),
        (None, False, False),
        ("", True, True),
        ("", False, False),
        ("1", True, False),
        ("yes", True, False),
        ("0", False, True),
        ("false", False, True),
        ("No", False, True),
    ],
)
def test_get_load_dotenv(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, default: bool, expected: bool
) -> None:
    if raw is None:
        monkeypatch.delenv("FLASK_SKIP_DOTENV", raising=False)
    else:
        monkeypatch.setenv("FLASK_SKIP_DOTENV", raw)
    assert get_load_dotenv(default) is expected


def test_get_load_dotenv_defaults_to_true(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_SKIP_DOTENV", raising=False)
    assert get_load_dotenv() is True


# -- make_response ----------------------------------------------------------


def test_make_response_without_arguments(app: flask.Flask, req_ctx: t.Any) -> None:
    response = flask.make_response()
    assert isinstance(response, app.response_class)
    assert response.status_code == 200
    assert response.get_data() == b""


def test_make_response_with_one_value(app: flask.Flask, req_ctx: t.Any) -> None:
    response = flask.make_response("hello")
    assert response.get_data() == b"hello"
    assert response.mimetype == "text/html"


def test_make_response_with_several_values_is_a_tuple(
    app: flask.Flask, req_ctx: t.Any
) -> None:
    response = flask.make_response("missing", 404, {"X-Reason": "test"})
    assert response.status_code == 404
    assert response.headers["X-Reason"] == "test"
    assert response.get_data() == b"missing"


def test_make_response_with_a_tuple_argument(app: flask.Flask, req_ctx: t.Any) -> None:
    response = flask.make_response(("created", 201))
    assert response.status_code == 201


def test_make_response_in_view_can_add_headers(
    app: flask.Flask, client: Client
) -> None:
    @app.route("/")
    def index() -> t.Any:
        response = flask.make_response("body")
        response.headers["X-Extra"] = "yes"
        return response

    response = client.get("/")
    assert response.headers["X-Extra"] == "yes"
    assert response.get_data() == b"body"


def test_make_response_uses_app_make_response(app: flask.Flask, req_ctx: t.Any) -> None:
    seen: list[t.Any] = []
    original = app.make_response

    def recording(rv: t.Any) -> t.Any:
        seen.append(rv)
        return original(rv)

    app.make_response = recording  # type: ignore[method-assign]
    flask.make_response("a", 202)
    assert seen == [("a", 202)]


# -- url_for ----------------------------------------------------------------


def test_url_for_delegates_to_app(app: flask.Flask, req_ctx: t.Any) -> None:
    calls: list[tuple[str, dict[str, t.Any]]] = []

    def fake_url_for(endpoint: str, **kwargs: t.Any) -> str:
        calls.append((endpoint, kwargs))
        return "/built"

    app.url_for = fake_url_for  # type: ignore[method-assign]
    assert flask.url_for("page", _anchor="top", _external=True, id=3) == "/built"
    assert calls == [
        (
            "page",
            {
                "_anchor": "top",
                "_method": None,
                "_scheme": None,
                "_external": True,
                "id": 3,
            },
        )
    ]


def test_url_for_builds_urls(app: flask.Flask) -> None:
    @app.route("/item/<int:item_id>")
    def item(item_id: int) -> str:
        return str(item_id)

    with app.test_request_context():
        assert flask.url_for("item", item_id=5) == "/item/5"
        assert flask.url_for("item", item_id=5, q="x") == "/item/5?q=x"
        assert flask.url_for("item", item_id=5, _anchor="a b") == "/item/5#a%20b"
        assert (
            flask.url_for("item", item_id=5, _external=True)
            == "http://localhost/item/5"
        )


def test_url_for_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        flask.url_for("endpoint", "anchor")  # type: ignore[call-arg]


def test_url_for_needs_an_app() -> None:
    with pytest.raises(RuntimeError, match="application context"):
        flask.url_for("index")


# -- redirect ---------------------------------------------------------------


def test_redirect_without_app_uses_werkzeug() -> None:
    response = flask.redirect("/target")
    assert isinstance(response, WerkzeugResponse)
    assert response.status_code == 302
    assert response.headers["Location"] == "/target"


def test_redirect_without_app_honours_response_class() -> None:
    class Custom(WerkzeugResponse):
        pass

    response = flask.redirect("/t", code=301, Response=Custom)
    assert type(response) is Custom
    assert response.status_code == 301


def test_redirect_with_app_calls_app_redirect(app: flask.Flask, app_ctx: t.Any) -> None:
    calls: list[tuple[str, int]] = []

    def custom_redirect(location: str, code: int = 302) -> WerkzeugResponse:
        calls.append((location, code))
        return WerkzeugResponse("custom", status=code)

    app.redirect = custom_redirect  # type: ignore[method-assign]
    response = flask.redirect("/elsewhere", 307)
    assert calls == [("/elsewhere", 307)]
    assert response.get_data() == b"custom"


def test_redirect_with_app_returns_app_response_class(
    app: flask.Flask, app_ctx: t.Any
) -> None:
    response = flask.redirect("/x")
    assert isinstance(response, app.response_class)
    assert response.status_code == 302


# -- abort ------------------------------------------------------------------


def test_abort_without_app_raises_http_exception() -> None:
    with pytest.raises(werkzeug.exceptions.NotFound):
        flask.abort(404)


def test_abort_with_response_raises_it() -> None:
    response = WerkzeugResponse("teapot", status=418)
    with pytest.raises(werkzeug.exceptions.HTTPException) as info:
        flask.abort(response)
    assert info.value.get_response() is response


def test_abort_passes_description() -> None:
    with pytest.raises(werkzeug.exceptions.Forbidden) as info:
        flask.abort(403, "nope")
    assert info.value.description == "nope"


def test_abort_with_app_uses_aborter(app: flask.Flask, app_ctx: t.Any) -> None:
    class Custom(werkzeug.exceptions.HTTPException):
        code = 499
        description = "custom"

    app.aborter.mapping[499] = Custom
    with pytest.raises(Custom):
        flask.abort(499)


def test_abort_custom_code_unknown_without_app() -> None:
    with pytest.raises(LookupError):
        flask.abort(499)


def test_abort_in_view(app: flask.Flask, client: Client) -> None:
    @app.route("/")
    def index() -> t.Any:
        flask.abort(410)

    assert client.get("/").status_code == 410


# -- flashing ---------------------------------------------------------------


class _MemorySession(dict[str, t.Any]):
    """A session kept in memory by the interface below."""

    new = False
    modified = False
    accessed = False
    permanent = False

    def __setitem__(self, key: str, value: t.Any) -> None:
        super().__setitem__(key, value)
        self.modified = True

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.modified = True

    def pop(self, key: str, *default: t.Any) -> t.Any:
        self.modified = True
        return super().pop(key, *default)


class _MemorySessionInterface:
    """One shared session stored in a dict, so that tests of flashing run with
    flask-core alone (no flask-sessions, no cookies)."""

    null_session_class = _MemorySession
    pickle_based = False

    def __init__(self) -> None:
        self.stored: dict[str, t.Any] = {}

    def make_null_session(self, app: t.Any) -> _MemorySession:
        return _MemorySession()

    def is_null_session(self, obj: object) -> bool:
        return False

    def open_session(self, app: t.Any, request: t.Any) -> _MemorySession:
        return _MemorySession(self.stored)

    def save_session(self, app: t.Any, session: t.Any, response: t.Any) -> None:
        self.stored = dict(session)

    def should_set_cookie(self, app: t.Any, session: t.Any) -> bool:
        return False


@pytest.fixture
def memory_sessions(app: flask.Flask) -> _MemorySessionInterface:
    interface = _MemorySessionInterface()
    app.session_interface = interface
    return interface


def test_flash_stores_in_session_and_next_request_reads(
    app: flask.Flask, client: Client, memory_sessions: _MemorySessionInterface
) -> None:
    @app.route("/add")
    def add() -> str:
        flask.flash("first")
        flask.flash("careful", "warning")
        return ""

    @app.route("/read")
    def read() -> str:
        return "|".join(t.cast("list[str]", flask.get_flashed_messages()))

    client.get("/add")
    assert memory_sessions.stored["_flashes"] == [
        ("message", "first"),
        ("warning", "careful"),
    ]
    assert client.get("/read").get_data(as_text=True) == "first|careful"
    # Reading removed them from the stored session.
    assert "_flashes" not in memory_sessions.stored
    assert client.get("/read").get_data(as_text=True) == ""


def test_get_flashed_messages_removes_from_session_and_caches(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    memory_sessions.stored["_flashes"] = [("message", "hi")]
    with app.test_request_context():
        assert flask.get_flashed_messages() == ["hi"]
        assert "_flashes" not in flask.session
        # The same request sees the same messages again.
        assert flask.get_flashed_messages() == ["hi"]
        assert flask.globals.request_ctx.flashes == [("message", "hi")]


def test_get_flashed_messages_categories_and_filter(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    memory_sessions.stored["_flashes"] = [
        ("message", "plain"),
        ("error", "broken"),
        ("warning", "careful"),
        ("error", "again"),
    ]
    with app.test_request_context():
        assert flask.get_flashed_messages(with_categories=True) == [
            ("message", "plain"),
            ("error", "broken"),
            ("warning", "careful"),
            ("error", "again"),
        ]
        assert flask.get_flashed_messages(category_filter=["error"]) == [
            "broken",
            "again",
        ]
        assert flask.get_flashed_messages(
            with_categories=True, category_filter=("warning", "message")
        ) == [("message", "plain"), ("warning", "careful")]
        # A generator as the filter works too.
        assert flask.get_flashed_messages(category_filter=(c for c in ["warning"])) == [
            "careful"
        ]


def test_string_category_filter_tests_membership_in_the_string(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    memory_sessions.stored["_flashes"] = [
        ("message", "plain"),
        ("mess", "part of the word"),
        ("error", "broken"),
    ]
    with app.test_request_context():
        assert flask.get_flashed_messages(category_filter="message") == [
            "plain",
            "part of the word",
        ]
        assert flask.get_flashed_messages(category_filter="error") == ["broken"]


@pytest.mark.parametrize(
    ("stored", "texts", "first_pair"),
    [
        ([["error", "msg", "extra"]], ["msg"], ["error", "msg", "extra"]),
        (
            [("info", "one", 2, 3), ("message", "two")],
            ["one", "two"],
            ("info", "one", 2, 3),
        ),
        (["ab"], ["b"], "ab"),
    ],
)
def test_stored_flashes_that_are_not_pairs_give_their_second_item(
    app: flask.Flask,
    memory_sessions: _MemorySessionInterface,
    stored: list[t.Any],
    texts: list[str],
    first_pair: t.Any,
) -> None:
    memory_sessions.stored["_flashes"] = stored
    with app.test_request_context():
        assert flask.get_flashed_messages() == texts
        assert flask.get_flashed_messages(with_categories=True)[0] == first_pair


def test_flash_appends_to_existing_messages(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    memory_sessions.stored["_flashes"] = [("message", "old")]
    with app.test_request_context():
        flask.flash("new", "info")
        assert flask.session["_flashes"] == [("message", "old"), ("info", "new")]


def test_flash_markup_survives(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    from markupsafe import Markup

    with app.test_request_context():
        flask.flash(Markup("<b>bold</b>"))
        messages = flask.get_flashed_messages()
    assert messages == [Markup("<b>bold</b>")]


def test_flashed_messages_empty_without_anything(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    with app.test_request_context():
        assert flask.get_flashed_messages() == []
        assert flask.get_flashed_messages(with_categories=True) == []


def test_flash_sends_message_flashed(
    app: flask.Flask,
    memory_sessions: _MemorySessionInterface,
    signal_hub: RecordingHub,
) -> None:
    with app.test_request_context():
        flask.flash("saved", "info")
    assert signal_hub.events("message_flashed") == [
        ("message_flashed", app, {"message": "saved", "category": "info"})
    ]


def test_flash_without_session_support_raises(app: flask.Flask) -> None:
    app.session_interface = seams.UnavailableSessionInterface()
    with (
        app.test_request_context(),
        pytest.raises(seams.MissingDistributionError) as info,
    ):
        flask.flash("lost")
    assert info.value.distribution == "flask-sessions"
    assert "flask-sessions" in str(info.value)


def test_get_flashed_messages_without_session_support_is_empty(
    app: flask.Flask,
) -> None:
    app.session_interface = seams.UnavailableSessionInterface()
    with app.test_request_context():
        assert flask.get_flashed_messages() == []
        assert flask.get_flashed_messages(with_categories=True) == []


def test_get_flashed_messages_in_template(
    app: flask.Flask, memory_sessions: _MemorySessionInterface
) -> None:
    memory_sessions.stored["_flashes"] = [("error", "bad"), ("message", "ok")]
    with app.test_request_context():
        out = flask.render_template_string(
            "{% for c, m in get_flashed_messages(with_categories=true) %}"
            "[{{ c }}:{{ m }}]{% endfor %}"
        )
    assert out == "[error:bad][message:ok]"


# -- get_template_attribute -------------------------------------------------


def test_get_template_attribute_returns_macro(
    app: flask.Flask, tmp_path: t.Any
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "macros.html").write_text(
        "{% macro greet(name) %}Hello {{ name }}!{% endmacro %}{% set answer = 42 %}"
    )
    with app.app_context():
        greet = flask.get_template_attribute("macros.html", "greet")
        assert greet("<World>") == "Hello &lt;World&gt;!"
        assert flask.get_template_attribute("macros.html", "answer") == 42
        with pytest.raises(AttributeError):
            flask.get_template_attribute("macros.html", "missing")


# -- get_root_path ----------------------------------------------------------


def test_get_root_path_of_imported_module() -> None:
    assert get_root_path("flask.helpers") == os.path.dirname(
        os.path.abspath(flask.helpers.__file__)
    )
    assert get_root_path(__name__) == os.path.dirname(os.path.abspath(__file__))


def test_get_root_path_of_unimported_module(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "rootpath_pkg_for_test"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "rootpath_pkg_for_test" not in sys.modules
    assert get_root_path("rootpath_pkg_for_test") == str(package)
    assert "rootpath_pkg_for_test" not in sys.modules


def test_get_root_path_unknown_module_is_cwd(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert get_root_path("no_such_module_anywhere_xyz") == os.getcwd()


def test_get_root_path_module_without_file_is_cwd(
    tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    module = types.ModuleType("fileless_module_for_test")
    monkeypatch.setitem(sys.modules, "fileless_module_for_test", module)
    assert get_root_path("fileless_module_for_test") == os.getcwd()


def test_get_root_path_loader_without_filename(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.abc
    import importlib.machinery

    class NoFileLoader(importlib.abc.Loader):
        def create_module(self, spec: t.Any) -> None:
            return None

        def exec_module(self, module: types.ModuleType) -> None:
            pass

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: t.Any, target: t.Any = None) -> t.Any:
            if name == "hooked_module_for_test":
                return importlib.machinery.ModuleSpec(name, NoFileLoader())
            return None

    monkeypatch.setattr(sys, "meta_path", [Finder(), *sys.meta_path])
    monkeypatch.delitem(sys.modules, "hooked_module_for_test", raising=False)
    with pytest.raises(RuntimeError, match="root path"):
        get_root_path("hooked_module_for_test")
    sys.modules.pop("hooked_module_for_test", None)


# -- _split_blueprint_path --------------------------------------------------


def test_split_blueprint_path() -> None:
    assert _split_blueprint_path("a") == ["a"]
    assert _split_blueprint_path("a.b") == ["a.b", "a"]
    assert _split_blueprint_path("a.b.c") == ["a.b.c", "a.b", "a"]


def test_split_blueprint_path_is_cached() -> None:
    first = _split_blueprint_path("cached.name")
    assert _split_blueprint_path("cached.name") is first
    assert _split_blueprint_path.cache_info().hits >= 1
