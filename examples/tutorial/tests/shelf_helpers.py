"""Helpers for Shelf's tests."""

from __future__ import annotations

from flask.testing import FlaskClient


class Readers:
    """Signs readers up and logs them in through the real pages."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def sign_up(self, name: str = "ada", password: str = "correct horse") -> None:
        """Create an account."""
        self.client.post("/accounts/signup", data={"name": name, "password": password})

    def log_in(self, name: str = "ada", password: str = "correct horse") -> None:
        """Create an account if needed, then log in with it."""
        self.sign_up(name, password)
        response = self.client.post(
            "/accounts/login", data={"name": name, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
