"""Fixtures for Shelf's tests: a fresh app and database for every test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Shelf is not installed while the repository's tests run; make it importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shelf import create_app
from shelf.db import create_tables
from shelf_helpers import Readers

import flask
from flask.testing import FlaskClient, FlaskCliRunner


@pytest.fixture
def app(tmp_path: Path) -> flask.Flask:
    """A Shelf app on an empty database in a temporary folder."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "DATABASE": str(tmp_path / "t.db")}
    )
    with app.app_context():
        create_tables()
    return app


@pytest.fixture
def client(app: flask.Flask) -> FlaskClient:
    """A browser-like client that keeps cookies between requests."""
    return app.test_client()


@pytest.fixture
def runner(app: flask.Flask) -> FlaskCliRunner:
    """Invokes the app's ``flask`` commands in-process."""
    return app.test_cli_runner()


@pytest.fixture
def readers(client: FlaskClient) -> Readers:
    """Sign-up and login helpers bound to the test client."""
    return Readers(client)
