"""The reading list's pages."""

from __future__ import annotations

from shelf.db import connection
from shelf_helpers import Readers

import flask
from flask.testing import FlaskClient


def test_the_list_needs_a_reader(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login?next=/"


def test_adding_a_book_puts_it_on_the_to_read_shelf(
    client: FlaskClient, readers: Readers
) -> None:
    readers.log_in()
    response = client.post(
        "/books",
        data={"title": "Dune", "author": "Frank Herbert"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Added “Dune”." in page
    assert "To read (1)" in page
    assert "by Frank Herbert" in page
    # The message is shown once.
    assert "Added" not in client.get("/").get_data(as_text=True)


def test_a_book_needs_a_title(client: FlaskClient, readers: Readers) -> None:
    readers.log_in()
    page = client.post("/books", data={"title": " "}, follow_redirects=True)
    assert "A book needs a title." in page.get_data(as_text=True)


def test_moving_and_removing(client: FlaskClient, readers: Readers) -> None:
    readers.log_in()
    client.post("/books", data={"title": "Dune"})
    client.post("/books/1/status", data={"status": "reading"})
    assert "Reading (1)" in client.get("/").get_data(as_text=True)
    assert client.post("/books/1/status", data={"status": "lost"}).status_code == 400
    page = client.post("/books/1/remove", follow_redirects=True).get_data(as_text=True)
    assert "Removed “Dune”." in page
    assert "Reading (0)" in page


def test_readers_only_see_their_own_books(
    app: flask.Flask, client: FlaskClient, readers: Readers
) -> None:
    readers.log_in("ada")
    client.post("/books", data={"title": "Dune"})
    client.post("/accounts/logout")
    readers.log_in("grace")
    assert "Dune" not in client.get("/").get_data(as_text=True)
    assert client.post("/books/1/remove").status_code == 404
    with app.app_context():
        assert connection().execute("SELECT COUNT(*) FROM book").fetchone()[0] == 1


def test_static_files_are_served(client: FlaskClient) -> None:
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"
