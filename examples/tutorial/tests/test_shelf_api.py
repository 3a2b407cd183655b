"""The JSON API."""

from __future__ import annotations

from shelf_helpers import Readers

from flask.testing import FlaskClient


def test_the_api_needs_a_reader(client: FlaskClient) -> None:
    response = client.get("/api/books")
    assert response.status_code == 401
    assert response.get_json() == {"error": "Log in first."}


def test_create_list_and_update(client: FlaskClient, readers: Readers) -> None:
    readers.log_in()
    created = client.post("/api/books", json={"title": "Emma", "author": "Austen"})
    assert created.status_code == 201
    assert created.headers["Location"] == "/api/books/1"
    book = created.get_json()
    assert (book["id"], book["title"], book["status"]) == (1, "Emma", "to-read")

    changed = client.patch("/api/books/1", json={"status": "finished"})
    assert changed.get_json()["status"] == "finished"
    assert client.get("/api/books/1").get_json()["author"] == "Austen"

    client.post("/api/books", json={"title": "Persuasion"})
    titles = [b["title"] for b in client.get("/api/books").get_json()]
    assert titles == ["Emma", "Persuasion"]
    finished = client.get("/api/books?status=finished").get_json()
    assert [b["title"] for b in finished] == ["Emma"]


def test_errors_are_json(client: FlaskClient, readers: Readers) -> None:
    readers.log_in()
    missing_title = client.post("/api/books", json={"author": "nobody"})
    assert missing_title.status_code == 400
    assert "title" in missing_title.get_json()["error"]
    assert client.get("/api/books/99").status_code == 404
    assert "error" in client.get("/api/books/99").get_json()
    client.post("/api/books", json={"title": "Emma"})
    bad_status = client.patch("/api/books/1", json={"status": "lost"})
    assert bad_status.status_code == 400
    assert "to-read" in bad_status.get_json()["error"]
