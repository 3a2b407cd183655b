"""What the demo refuses, and how: bounded input, JSON errors for the API.

Each test stands for one way a request used to end in a 500, or in a note
the form would have refused.
"""

from __future__ import annotations

import logging
import typing as t

import pytest

import flask
import flask.testing
from notes import validation

TOO_BIG_ID = "99999999999999999999999"  # beyond SQLite's 64-bit INTEGER


@pytest.mark.parametrize("path", [f"/api/notes/{TOO_BIG_ID}", f"/notes/{TOO_BIG_ID}"])
def test_an_id_beyond_sqlite_integers_is_not_found(
    client: flask.testing.FlaskClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404


def test_update_and_delete_of_a_huge_id_are_not_found(
    client: flask.testing.FlaskClient,
) -> None:
    form = {"title": "t", "body": ""}
    assert client.post(f"/notes/{TOO_BIG_ID}", data=form).status_code == 404
    assert client.post(f"/notes/{TOO_BIG_ID}/delete").status_code == 404
    assert client.delete(f"/api/notes/{TOO_BIG_ID}").status_code == 404


def test_the_largest_sqlite_id_is_a_valid_lookup(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.get("/api/notes/9223372036854775807")
    assert response.status_code == 404
    assert response.get_json() == {"error": "no such note"}


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_deeply_nested_json_is_a_json_400(
    client: flask.testing.FlaskClient, depth: int
) -> None:
    body = "[" * depth + "]" * depth
    response = client.post("/api/notes", data=body, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)


# -- the API refuses what the form refuses ---------------------------------

FORM_AND_API_REFUSE = {
    "no title": ({"title": "  ", "body": "x"}, "A note needs a title."),
    "title too long": (
        {"title": "x" * 201},
        "Titles are at most 200 characters long.",
    ),
    "body too long": (
        {"title": "t", "body": "x" * 10_001},
        "Bodies are at most 10,000 characters long.",
    ),
    "title on two lines": (
        {"title": "one\ntwo"},
        "A title is one line of text, without control characters.",
    ),
    "NUL in the body": (
        {"title": "t", "body": "a\x00b"},
        "The body may not contain control characters.",
    ),
}


@pytest.mark.parametrize("name", FORM_AND_API_REFUSE)
def test_form_and_api_refuse_the_same_notes(
    client: flask.testing.FlaskClient, name: str
) -> None:
    fields, message = FORM_AND_API_REFUSE[name]
    page = client.post("/notes", data=fields)
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)
    api = client.post("/api/notes", json=fields)
    assert api.status_code == 400
    assert api.get_json() == {"error": message}
    assert client.get("/api/notes").get_json() == {"notes": []}


def test_limits_are_the_validation_module_s(client: flask.testing.FlaskClient) -> None:
    longest = {"title": "t" * validation.TITLE_MAX_LENGTH}
    longest["body"] = "b" * validation.BODY_MAX_LENGTH
    assert client.post("/api/notes", json=longest).status_code == 201
    page = client.get("/").get_data(as_text=True)
    assert f'maxlength="{validation.TITLE_MAX_LENGTH}"' in page
    assert f'maxlength="{validation.BODY_MAX_LENGTH}"' in page


API_ONLY_REFUSALS = {
    "a list as title": ('{"title": ["a", "b"]}', "The title must be text."),
    "an object as title": ('{"title": {"a": 1}}', "The title must be text."),
    "NaN as title": ('{"title": NaN}', "The title must be text."),
    "Infinity as body": ('{"title": "t", "body": Infinity}', "The body must be text."),
    "a number as title": ('{"title": 12}', "The title must be text."),
    "null as title": ('{"title": null}', "The title must be text."),
    "no title at all": ('{"body": "b"}', "The title must be text."),
    "a lone surrogate": ('{"title": "\\ud800"}', "The note is not valid Unicode text."),
    "another field": (
        '{"title": "t", "pinned": NaN}',
        "unexpected fields: pinned",
    ),
    "a list": ('[{"title": "t"}]', "send a JSON object with a non-empty 'title'"),
}


@pytest.mark.parametrize("name", API_ONLY_REFUSALS)
def test_api_refuses_values_that_are_not_text(
    client: flask.testing.FlaskClient, name: str
) -> None:
    body, message = API_ONLY_REFUSALS[name]
    response = client.post("/api/notes", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert client.get("/api/notes").get_json() == {"notes": []}


def test_api_stores_titles_and_bodies_stripped(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.post(
        "/api/notes", json={"title": "  Plan  ", "body": "\tline 1\nline 2\n"}
    )
    assert response.status_code == 201
    note = response.get_json()
    assert (note["title"], note["body"]) == ("Plan", "line 1\nline 2")


def test_form_line_breaks_count_once_as_the_browser_counts_them(
    client: flask.testing.FlaskClient,
) -> None:
    # A textarea at its maxlength: browsers count each line break once but
    # send it as CR LF.
    lines = ["x" * 99] * 100
    body = "\r\n".join(lines)
    assert len(body.replace("\r\n", "\n")) == validation.BODY_MAX_LENGTH - 1
    response = client.post("/notes", data={"title": "long", "body": body})
    assert response.status_code == 302
    assert client.get("/api/notes/1").get_json()["body"] == "\n".join(lines)


def test_api_answers_415_in_json_for_a_body_that_is_not_json(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.post("/api/notes", data={"title": "form-encoded"})
    assert response.status_code == 415
    assert isinstance(response.get_json()["error"], str)


def test_api_answers_400_in_json_for_malformed_json(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.post(
        "/api/notes", data='{"title": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)


# -- request size ----------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def test_a_50_mb_api_body_is_refused_with_a_json_413(
    client: flask.testing.FlaskClient,
) -> None:
    body = b'{"title": "big", "body": "' + b"x" * FIFTY_MB + b'"}'
    response = client.post("/api/notes", data=body, content_type="application/json")
    assert response.status_code == 413
    assert isinstance(response.get_json()["error"], str)
    assert client.get("/api/notes").get_json() == {"notes": []}


def test_a_50_mb_form_is_refused_with_an_html_413(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.post("/notes", data={"title": "big", "body": "x" * FIFTY_MB})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "413" in response.get_data(as_text=True)


def test_the_limit_is_set_and_leaves_room_for_the_longest_note(
    app: flask.Flask, client: flask.testing.FlaskClient
) -> None:
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert isinstance(limit, int) and limit < FIFTY_MB
    # The longest note, written entirely as 12-byte JSON escapes, still fits.
    emoji = "\U0001f600"
    note = {
        "title": emoji * validation.TITLE_MAX_LENGTH,
        "body": emoji * validation.BODY_MAX_LENGTH,
    }
    response = client.post(
        "/api/notes", data=flask.json.dumps(note), content_type="application/json"
    )
    assert response.status_code == 201


# -- errors under /api are JSON, elsewhere HTML ----------------------------


@pytest.mark.parametrize("path", ["/api/nothing/here", "/api", "/api/notes/abc"])
def test_api_404s_are_json(client: flask.testing.FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert isinstance(response.get_json()["error"], str)


def test_api_405_is_json_and_names_the_allowed_methods(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.put("/api/notes")
    assert response.status_code == 405
    assert response.is_json
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_unexpected_api_errors_are_json_500s(app: flask.Flask) -> None:
    app.testing = False  # let the error handler answer instead of raising

    def broken() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/api/broken", view_func=broken)
    response = app.test_client().get("/api/broken")
    assert response.status_code == 500
    assert response.is_json
    assert "a bug" not in response.get_data(as_text=True)


def test_page_errors_are_html(client: flask.testing.FlaskClient) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    assert "There is nothing here." in missing.get_data(as_text=True)
    wrong_method = client.put("/")
    assert wrong_method.status_code == 405 and wrong_method.mimetype == "text/html"
    assert "GET" in wrong_method.headers["Allow"]
    assert "Method Not Allowed" in wrong_method.get_data(as_text=True)


def test_a_path_that_only_starts_like_the_api_gets_html(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.get("/apiary")
    assert response.status_code == 404 and response.mimetype == "text/html"


# -- the JSON API's delete, used by the page's script ----------------------


def test_api_delete_removes_a_note(
    client: flask.testing.FlaskClient, add_note: t.Callable[..., int]
) -> None:
    note_id = add_note("to go")
    response = client.delete(f"/api/notes/{note_id}")
    assert response.status_code == 204 and response.get_data() == b""
    assert client.get(f"/api/notes/{note_id}").status_code == 404
    again = client.delete(f"/api/notes/{note_id}")
    assert again.status_code == 404
    assert again.get_json() == {"error": "no such note"}


def test_index_has_a_delete_form_per_note_that_the_script_can_use(
    client: flask.testing.FlaskClient, add_note: t.Callable[..., int]
) -> None:
    note_id = add_note("listed")
    page = client.get("/").get_data(as_text=True)
    assert f'action="/notes/{note_id}/delete"' in page
    assert f'data-api-url="/api/notes/{note_id}"' in page
    assert 'src="/static/notes.js"' in page
    script = client.get("/static/notes.js")
    assert script.status_code == 200
    assert "DELETE" in script.get_data(as_text=True)
    script.close()


# -- the signal receiver the docstring promises ------------------------------


def test_flashed_messages_are_logged_by_a_signal_receiver(
    client: flask.testing.FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    from flask import signals

    assert signals.message_flashed.receivers, "no receiver is connected"
    caplog.set_level(logging.INFO, logger="notes")
    client.post("/notes", data={"title": "Logged"})
    client.post("/notes", data={"title": ""})
    logged = [r.getMessage() for r in caplog.records if r.name == "notes"]
    assert logged == [
        "flashed success: Saved “Logged”.",
        "flashed error: A note needs a title.",
    ]


def test_the_receiver_listens_to_its_own_app_only(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    other = flask.Flask("other")
    other.secret_key = "other"
    caplog.set_level(logging.INFO)
    with other.test_request_context():
        flask.flash("not the demo's")
    assert not [r for r in caplog.records if "not the demo's" in r.getMessage()]
