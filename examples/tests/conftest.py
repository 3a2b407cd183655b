"""Fixtures for the notes demo's tests: an app on a temporary database."""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import pytest

# The demo is not installed; make ``import notes`` find it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask
import flask.testing
from notes import create_app


@pytest.fixture
def app(tmp_path: Path) -> flask.Flask:
    """The notes app, testing mode, storing notes under ``tmp_path``."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "tests",
            "DATABASE": str(tmp_path / "notes.sqlite3"),
        }
    )


@pytest.fixture
def client(app: flask.Flask) -> flask.testing.FlaskClient:
    """A test client for the notes app."""
    return app.test_client()


@pytest.fixture
def add_note(client: flask.testing.FlaskClient) -> t.Callable[..., int]:
    """Add a note through the JSON API and return its id."""

    def add(title: str, body: str = "") -> int:
        response = client.post("/api/notes", json={"title": title, "body": body})
        assert response.status_code == 201, response.get_data(as_text=True)
        return int(response.get_json()["id"])

    return add
