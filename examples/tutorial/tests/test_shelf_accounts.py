"""Signing up, logging in and out, and the pages that need a reader."""

from __future__ import annotations

import pytest
from shelf.db import connection
from shelf_helpers import Readers

import flask
from flask.testing import FlaskClient


def test_sign_up_stores_a_hashed_password(
    app: flask.Flask, client: FlaskClient
) -> None:
    response = client.post(
        "/accounts/signup", data={"name": "ada", "password": "correct horse"}
    )
    assert response.headers["Location"] == "/accounts/login"
    with app.app_context():
        row = connection().execute("SELECT * FROM reader WHERE name = 'ada'").fetchone()
    assert row["password_hash"] != "correct horse"
    assert "Welcome!" in client.get("/accounts/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("", "correct horse", "Please choose a name."),
        ("ada", "short", "Passwords need at least 8 characters."),
    ],
)
def test_sign_up_problems_are_flashed(
    client: FlaskClient, name: str, password: str, message: str
) -> None:
    response = client.post(
        "/accounts/signup", data={"name": name, "password": password}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_names_are_unique(client: FlaskClient, readers: Readers) -> None:
    readers.sign_up("ada")
    response = client.post(
        "/accounts/signup", data={"name": "ada", "password": "another one"}
    )
    assert "The name &#39;ada&#39; is taken." in response.get_data(as_text=True)


def test_login_remembers_the_reader_in_the_session(
    client: FlaskClient, readers: Readers
) -> None:
    readers.sign_up()
    with client:
        response = client.post(
            "/accounts/login", data={"name": "ada", "password": "correct horse"}
        )
        assert response.headers["Location"] == "/"
        assert flask.session["reader_id"] == 1
    assert "ada" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused(client: FlaskClient, readers: Readers) -> None:
    readers.sign_up()
    response = client.post("/accounts/login", data={"name": "ada", "password": "nope"})
    assert "Unknown name or wrong password." in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "reader_id" not in session


def test_logout_forgets_the_reader(client: FlaskClient, readers: Readers) -> None:
    readers.log_in()
    client.post("/accounts/logout")
    with client.session_transaction() as session:
        assert "reader_id" not in session
    assert client.get("/").headers["Location"] == "/accounts/login?next=/"


def test_login_goes_back_to_the_page_asked_for(
    client: FlaskClient, readers: Readers
) -> None:
    readers.sign_up()
    response = client.post(
        "/accounts/login?next=/api/books",
        data={"name": "ada", "password": "correct horse"},
    )
    assert response.headers["Location"] == "/api/books"


def test_login_never_sends_readers_to_another_site(
    client: FlaskClient, readers: Readers
) -> None:
    readers.sign_up()
    response = client.post(
        "/accounts/login?next=//evil.example/",
        data={"name": "ada", "password": "correct horse"},
    )
    assert response.headers["Location"] == "/"


def test_a_session_made_by_the_test_logs_in(
    client: FlaskClient, readers: Readers
) -> None:
    readers.sign_up()
    with client.session_transaction() as session:
        session["reader_id"] = 1
    assert "ada’s shelf" in client.get("/").get_data(as_text=True)
