"""Message flashing end to end: core's ``flash`` and
``get_flashed_messages`` storing their messages in the signed-cookie
session between requests."""

from __future__ import annotations

import typing as t

import pytest
from markupsafe import Markup

import flask
from flask.templating import render_template_string

if t.TYPE_CHECKING:
    from flask.testing import FlaskClient


@pytest.fixture
def flash_app(app: flask.Flask) -> flask.Flask:
    """Views that flash a mix of categories and views that read them back."""

    @app.route("/flash")
    def flash_some() -> str:
        flask.flash("plain message")
        flask.flash("saved", "info")
        flask.flash("disk full", "error")
        flask.flash(Markup("<em>careful</em>"), "warning")
        return "flashed"

    @app.route("/messages")
    def messages() -> list[t.Any]:
        return list(flask.get_flashed_messages())

    @app.route("/with-categories")
    def with_categories() -> list[t.Any]:
        return [list(item) for item in flask.get_flashed_messages(with_categories=True)]

    @app.route("/filtered")
    def filtered() -> list[t.Any]:
        wanted = flask.request.args.getlist("c")
        return list(flask.get_flashed_messages(category_filter=wanted))

    @app.route("/filtered-with-categories")
    def filtered_with_categories() -> list[t.Any]:
        pairs = flask.get_flashed_messages(
            with_categories=True, category_filter=["info", "error"]
        )
        return [list(item) for item in pairs]

    @app.route("/twice")
    def twice() -> dict[str, t.Any]:
        first = flask.get_flashed_messages()
        second = flask.get_flashed_messages(with_categories=True)
        return {"first": first, "second": [list(item) for item in second]}

    @app.route("/template")
    def template() -> str:
        return render_template_string(
            "{% for category, text in get_flashed_messages(with_categories=true) %}"
            "[{{ category }}:{{ text }}]"
            "{% endfor %}"
        )

    @app.route("/session")
    def raw_session() -> dict[str, t.Any]:
        return {"has_flashes": "_flashes" in flask.session}

    return app


def test_messages_survive_to_the_next_request(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    response = client.get("/flash")
    assert response.data == b"flashed"
    assert response.headers["Set-Cookie"].startswith("session=")
    assert client.get("/messages").json == [
        "plain message",
        "saved",
        "disk full",
        "<em>careful</em>",
    ]


def test_messages_are_read_only_once(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    assert len(client.get("/messages").json) == 4  # type: ignore[arg-type]
    assert client.get("/messages").json == []
    assert client.get("/session").json == {"has_flashes": False}


def test_reading_removes_them_from_the_stored_cookie(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    assert client.get("/session").json == {"has_flashes": True}
    client.get("/messages")
    assert client.get("/session").json == {"has_flashes": False}


def test_with_categories(flash_app: flask.Flask, client: FlaskClient) -> None:
    client.get("/flash")
    assert client.get("/with-categories").json == [
        ["message", "plain message"],
        ["info", "saved"],
        ["error", "disk full"],
        ["warning", "<em>careful</em>"],
    ]


def test_category_filter(flash_app: flask.Flask, client: FlaskClient) -> None:
    client.get("/flash")
    assert client.get("/filtered?c=error&c=warning").json == [
        "disk full",
        "<em>careful</em>",
    ]
    # Filtering still consumes every message.
    assert client.get("/messages").json == []


def test_category_filter_with_categories(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    assert client.get("/filtered-with-categories").json == [
        ["info", "saved"],
        ["error", "disk full"],
    ]


def test_category_filter_matching_nothing(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    assert client.get("/filtered?c=debug").json == []


def test_same_messages_twice_in_one_request(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    result = client.get("/twice").json
    assert result is not None
    assert result["first"] == [
        "plain message",
        "saved",
        "disk full",
        "<em>careful</em>",
    ]
    assert result["second"][1] == ["info", "saved"]


def test_markup_keeps_its_type_through_the_cookie(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    with client.session_transaction() as session:
        stored = session["_flashes"]
    category, message = stored[-1]
    assert category == "warning"
    assert isinstance(message, Markup)


def test_flashes_render_in_templates(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    assert client.get("/template").data == (
        b"[message:plain message][info:saved][error:disk full]"
        b"[warning:<em>careful</em>]"
    )


def test_messages_accumulate_over_requests(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/flash")
    client.get("/flash")
    assert len(client.get("/messages").json) == 8  # type: ignore[arg-type]


def test_flash_and_read_in_the_same_request(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> list[t.Any]:
        flask.flash("now", "info")
        return list(flask.get_flashed_messages(with_categories=True))

    assert client.get("/").json == [["info", "now"]]
    with client.session_transaction() as session:
        assert "_flashes" not in session


def test_flashes_set_by_session_transaction(
    flash_app: flask.Flask, client: FlaskClient
) -> None:
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "prepared")]
    assert client.get("/with-categories").json == [["info", "prepared"]]


def test_flash_without_secret_key_fails() -> None:
    app = flask.Flask(__name__)
    app.testing = True

    @app.route("/")
    def index() -> str:
        flask.flash("lost")
        return ""

    with pytest.raises(RuntimeError, match="session is unavailable"):
        app.test_client().get("/")


def test_reading_flashes_without_secret_key_is_empty() -> None:
    app = flask.Flask(__name__)

    @app.route("/")
    def index() -> list[t.Any]:
        return list(flask.get_flashed_messages())

    assert app.test_client().get("/").json == []


def test_flashes_survive_a_redirect(app: flask.Flask, client: FlaskClient) -> None:
    @app.route("/save")
    def save() -> t.Any:
        flask.flash("Saved!", "success")
        return flask.redirect("/done")

    @app.route("/done")
    def done() -> str:
        pairs = t.cast(
            "list[tuple[str, str]]", flask.get_flashed_messages(with_categories=True)
        )
        return ";".join(f"{c}={m}" for c, m in pairs)

    response = client.get("/save", follow_redirects=True)
    assert response.data == b"success=Saved!"
