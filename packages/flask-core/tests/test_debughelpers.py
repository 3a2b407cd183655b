"""Tests for flask.debughelpers: the explanatory errors raised in debug mode
and the template loading explanation."""

from __future__ import annotations

import logging
import typing as t

import jinja2
import pytest
from werkzeug.routing import RequestRedirect
from werkzeug.test import Client, EnvironBuilder

import flask
from flask.debughelpers import (
    DebugFilesKeyError,
    FormDataRoutingRedirect,
    UnexpectedUnicodeError,
    attach_enctype_error_multidict,
    explain_template_loading_attempts,
)


def _request(**builder_args: t.Any) -> flask.Request:
    builder = EnvironBuilder(**builder_args)
    try:
        return flask.Request(builder.get_environ())
    finally:
        builder.close()


# -- UnexpectedUnicodeError ---------------------------------------------------


def test_unexpected_unicode_error_bases() -> None:
    error = UnexpectedUnicodeError("odd bytes")
    assert isinstance(error, AssertionError)
    assert isinstance(error, UnicodeError)
    assert str(error) == "odd bytes"


# -- DebugFilesKeyError -------------------------------------------------------


def test_debug_files_key_error_message() -> None:
    request = _request(method="POST", data={"upload": "photo.png"})
    error = DebugFilesKeyError(request, "upload")
    assert isinstance(error, KeyError)
    assert isinstance(error, AssertionError)
    text = str(error)
    assert "'upload'" in text
    assert "'application/x-www-form-urlencoded'" in text
    assert "multipart/form-data" in text
    assert 'enctype="multipart/form-data"' in text
    assert "no file contents were transmitted" in text
    assert "This was submitted: 'photo.png'" in text


def test_debug_files_key_error_lists_every_submitted_name() -> None:
    request = _request(method="POST", data={"f": ["a.txt", "b.txt"]})
    text = str(DebugFilesKeyError(request, "f"))
    assert "This was submitted: 'a.txt', 'b.txt'" in text


def test_debug_files_key_error_without_form_value() -> None:
    request = _request(method="POST", data={"other": "x"})
    text = str(DebugFilesKeyError(request, "f"))
    assert "no file contents were transmitted" in text
    assert "submitted" not in text


def test_attach_enctype_error_multidict() -> None:
    request = _request(method="POST", data={"upload": "photo.png"})
    original_class = type(request.files)
    attach_enctype_error_multidict(request)
    files = request.files
    assert type(files) is not original_class
    assert isinstance(files, original_class)
    assert type(files).__name__ == original_class.__name__
    assert type(files).__module__ == original_class.__module__
    with pytest.raises(DebugFilesKeyError) as info:
        files["upload"]
    assert "photo.png" in str(info.value)
    # A key that is not a form field either stays a plain KeyError.
    with pytest.raises(KeyError) as plain:
        files["absent"]
    assert not isinstance(plain.value, DebugFilesKeyError)
    # .get() is unaffected.
    assert files.get("upload") is None


def test_attach_keeps_existing_files_working() -> None:
    import io

    request = _request(
        method="POST",
        data={"doc": (io.BytesIO(b"content"), "doc.txt"), "name": "x"},
    )
    attach_enctype_error_multidict(request)
    assert request.files["doc"].read() == b"content"
    request.close()  # closes the uploaded file's temporary storage


def test_files_key_error_in_debug_mode(app: flask.Flask, client: Client) -> None:
    app.debug = True

    @app.route("/upload", methods=["POST"])
    def upload() -> str:
        return flask.request.files["upload"].filename or ""

    with pytest.raises(DebugFilesKeyError) as info:
        client.post("/upload", data={"upload": "photo.png"})
    assert "This was submitted: 'photo.png'" in str(info.value)


def test_files_key_error_without_debug_is_bad_request(
    app: flask.Flask, client: Client
) -> None:
    app.testing = False

    @app.route("/upload", methods=["POST"])
    def upload() -> str:
        return flask.request.files["upload"].filename or ""

    response = client.post("/upload", data={"upload": "photo.png"})
    assert response.status_code == 400


# -- FormDataRoutingRedirect --------------------------------------------------


def _redirected_request(url: str, new_url: str) -> flask.Request:
    request = _request(path=url, method="POST")
    request.routing_exception = RequestRedirect(new_url)
    return request


def test_form_data_routing_redirect_trailing_slash() -> None:
    request = _redirected_request("/user", "http://localhost/user/")
    error = FormDataRoutingRedirect(request)
    assert isinstance(error, AssertionError)
    text = str(error)
    assert "'http://localhost/user'" in text
    assert "canonical URL 'http://localhost/user/'" in text
    assert "trailing slash" in text
    assert "307" in text and "308" in text
    assert "debug mode" in text


def test_form_data_routing_redirect_trailing_slash_with_query() -> None:
    request = _redirected_request("/user", "http://localhost/user/?a=1")
    assert "trailing slash" in str(FormDataRoutingRedirect(request))


def test_form_data_routing_redirect_other_target() -> None:
    request = _redirected_request("/old", "http://localhost/new")
    text = str(FormDataRoutingRedirect(request))
    assert "canonical URL 'http://localhost/new'" in text
    assert "trailing slash" not in text


def test_form_data_routing_redirect_needs_redirect() -> None:
    request = _request(path="/x", method="POST")
    with pytest.raises(AssertionError):
        FormDataRoutingRedirect(request)


@pytest.fixture
def slash_app(app: flask.Flask) -> flask.Flask:
    app.debug = True

    @app.route("/user/", methods=["GET", "POST"])
    def user() -> str:
        return flask.request.form.get("status", "none")

    return app


def test_default_308_redirect_keeps_form_data(
    slash_app: flask.Flask, client: Client
) -> None:
    response = client.post("/user", data={"status": "kept"}, follow_redirects=True)
    assert response.get_data() == b"kept"


@pytest.mark.parametrize("code", [301, 302, 303])
def test_form_losing_redirect_raises_in_debug(
    slash_app: flask.Flask, client: Client, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    monkeypatch.setattr(RequestRedirect, "code", code)
    with pytest.raises(FormDataRoutingRedirect) as info:
        client.post("/user", data={"status": "lost"})
    assert "canonical URL 'http://localhost/user/'" in str(info.value)


def test_form_losing_redirect_allowed_for_get(
    slash_app: flask.Flask, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RequestRedirect, "code", 301)
    response = client.get("/user")
    assert response.status_code == 301


def test_form_losing_redirect_not_raised_without_debug(
    slash_app: flask.Flask, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    slash_app.debug = False
    monkeypatch.setattr(RequestRedirect, "code", 301)
    response = client.post("/user", data={"status": "x"})
    assert response.status_code == 301


# -- explain_template_loading_attempts ----------------------------------------


def _explanation(
    app: flask.Flask,
    caplog: pytest.LogCaptureFixture,
    template: str,
    attempts: list[t.Any],
) -> str:
    with caplog.at_level(logging.INFO, logger=app.name):
        explain_template_loading_attempts(app, template, attempts)
    (record,) = [r for r in caplog.records if r.name == app.name]
    assert record.levelno == logging.INFO
    return record.getMessage()


def test_explain_lists_each_attempt(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    blueprint = flask.Blueprint("shop", "shop.views")
    app_loader = jinja2.FileSystemLoader(["/somewhere/templates", "/else"])
    bp_loader = jinja2.DictLoader({"page.html": "x"})
    text = _explanation(
        app,
        caplog,
        "page.html",
        [
            (app_loader, app, None),
            (bp_loader, blueprint, ("x", None, None)),
        ],
    )
    lines = text.splitlines()
    assert lines[0] == "Locating template 'page.html':"
    assert f"    1: trying loader of application '{app.name}'" in lines
    assert "    2: trying loader of blueprint 'shop' (shop.views)" in lines
    assert "       class: jinja2.loaders.FileSystemLoader" in lines
    assert "       searchpath:" in lines
    assert "         - /somewhere/templates" in lines
    assert "         - /else" in lines
    assert "       encoding: 'utf-8'" in lines
    assert "       followlinks: False" in lines
    assert "       class: jinja2.loaders.DictLoader" in lines
    # A dict attribute is not listed.
    assert not any(line.strip().startswith("mapping") for line in lines)
    assert "       -> no match" in lines
    assert "       -> found ('<string>')" in lines
    assert "Error" not in text
    assert "Warning" not in text


def test_explain_found_file_name(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    loader = jinja2.DictLoader({})
    text = _explanation(
        app, caplog, "a.html", [(loader, app, ("src", "/t/a.html", None))]
    )
    assert "-> found ('/t/a.html')" in text


def test_explain_not_found(app: flask.Flask, caplog: pytest.LogCaptureFixture) -> None:
    loader = jinja2.DictLoader({})
    text = _explanation(app, caplog, "gone.html", [(loader, app, None)])
    assert "Error: the template could not be found." in text
    assert "blueprint" not in text


def test_explain_several_matches(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    loader = jinja2.DictLoader({})
    found = ("src", "/a", None)
    text = _explanation(
        app, caplog, "x.html", [(loader, app, found), (loader, app, found)]
    )
    assert "Warning:" in text
    assert "Error" not in text


def test_explain_blueprint_hint_during_blueprint_request(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    blueprint = flask.Blueprint("shop", __name__)

    @blueprint.route("/item")
    def item() -> str:
        return ""

    app.register_blueprint(blueprint)
    loader = jinja2.DictLoader({})
    with app.test_request_context("/item"):
        assert flask.request.blueprint == "shop"
        text = _explanation(app, caplog, "x.html", [(loader, app, None)])
    assert "looked up from an endpoint that belongs to the blueprint 'shop'" in text
    assert "See https://flask.palletsprojects.com/blueprints/#templates" in text


def test_explain_no_hint_when_found_once_in_blueprint_request(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    blueprint = flask.Blueprint("shop", __name__)

    @blueprint.route("/item")
    def item() -> str:
        return ""

    app.register_blueprint(blueprint)
    loader = jinja2.DictLoader({})
    with app.test_request_context("/item"):
        text = _explanation(app, caplog, "x.html", [(loader, app, ("s", "/x", None))])
    assert "belongs to the blueprint" not in text


def test_explain_unknown_source_uses_repr(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    class Other:
        def __repr__(self) -> str:
            return "<other source>"

    loader = jinja2.DictLoader({})
    text = _explanation(app, caplog, "x.html", [(loader, Other(), None)])
    assert "1: trying loader of <other source>" in text
