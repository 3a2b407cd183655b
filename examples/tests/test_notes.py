"""The notes demo, driven through its pages, its JSON API and its command."""

from __future__ import annotations

import os
import sqlite3
import typing as t

import flask
import flask.testing


def test_empty_index_says_so(client: flask.testing.FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "No notes yet." in response.get_data(as_text=True)


def test_create_from_form_redirects_and_flashes(
    client: flask.testing.FlaskClient,
) -> None:
    response = client.post("/notes", data={"title": "Groceries", "body": "eggs"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/notes/1")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved “Groceries”." in page
    assert "eggs" in page
    # A flashed message is shown once.
    again = client.get("/notes/1").get_data(as_text=True)
    assert "Saved" not in again


def test_create_without_title_is_refused(client: flask.testing.FlaskClient) -> None:
    response = client.post("/notes", data={"title": "  ", "body": "text"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A note needs a title." in page
    assert "No notes yet." in page


def test_index_lists_newest_first(
    client: flask.testing.FlaskClient, add_note: t.Callable[..., int]
) -> None:
    add_note("first")
    add_note("second")
    page = client.get("/").get_data(as_text=True)
    assert page.index("second") < page.index("first")


def test_update_changes_the_note(
    client: flask.testing.FlaskClient, add_note: t.Callable[..., int]
) -> None:
    note_id = add_note("draft", "old")
    response = client.post(
        f"/notes/{note_id}",
        data={"title": "final", "body": "new"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Note updated." in page
    assert client.get(f"/api/notes/{note_id}").get_json()["body"] == "new"


def test_delete_removes_the_note(
    client: flask.testing.FlaskClient, add_note: t.Callable[..., int]
) -> None:
    note_id = add_note("temporary")
    response = client.post(f"/notes/{note_id}/delete", follow_redirects=True)
    assert "Deleted “temporary”." in response.get_data(as_text=True)
    assert client.get(f"/notes/{note_id}").status_code == 404


def test_missing_page_uses_the_html_handler(client: flask.testing.FlaskClient) -> None:
    response = client.get("/notes/999")
    assert response.status_code == 404
    assert "There is nothing here." in response.get_data(as_text=True)


def test_api_lists_notes_as_json(
    client: flask.testing.FlaskClient, add_note: t.Callable[..., int]
) -> None:
    add_note("a", "one")
    response = client.get("/api/notes")
    assert response.is_json
    notes = response.get_json()["notes"]
    assert [(n["title"], n["body"]) for n in notes] == [("a", "one")]


def test_api_rejects_a_body_without_title(client: flask.testing.FlaskClient) -> None:
    response = client.post("/api/notes", json={"body": "no title"})
    assert response.status_code == 400
    assert "title" in response.get_json()["error"]


def test_api_missing_note_answers_in_json(client: flask.testing.FlaskClient) -> None:
    response = client.get("/api/notes/42")
    assert response.status_code == 404
    assert response.get_json() == {"error": "no such note"}


def test_static_stylesheet_is_served(client: flask.testing.FlaskClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "font-family" in response.get_data(as_text=True)
    response.close()


def test_database_lives_where_configured(
    app: flask.Flask, add_note: t.Callable[..., int]
) -> None:
    add_note("stored")
    path = app.config["DATABASE"]
    assert os.path.exists(path)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT title FROM note").fetchall() == [("stored",)]


def test_default_database_is_in_the_instance_folder(tmp_path: t.Any) -> None:
    from notes import create_app

    app = create_app({"TESTING": True})
    assert app.config["DATABASE"].startswith(app.instance_path)
    assert os.path.isdir(app.instance_path)


def test_init_db_command_empties_the_database(
    app: flask.Flask, add_note: t.Callable[..., int]
) -> None:
    add_note("old")
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Initialized" in result.output
    with app.app_context():
        from notes import db

        assert db.all_notes(10) == []
