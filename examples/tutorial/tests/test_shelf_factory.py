"""The application factory and its configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from shelf import create_app


def test_overrides_win_over_defaults(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "x.db")})
    assert app.testing
    assert app.config["DATABASE"] == str(tmp_path / "x.db")


def test_defaults_put_the_database_in_the_instance_folder() -> None:
    app = create_app()
    assert not app.testing
    assert app.config["DATABASE"].startswith(app.instance_path)


def test_environment_variables_configure_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "env.db"))
    app = create_app()
    assert app.secret_key == "from-the-environment"
    assert app.config["DATABASE"] == str(tmp_path / "env.db")


def test_ping(tmp_path: Path) -> None:
    app = create_app({"DATABASE": str(tmp_path / "p.db")})
    assert app.test_client().get("/ping").get_data(as_text=True) == "pong"
