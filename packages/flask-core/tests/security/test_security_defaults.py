"""Defaults that keep a fresh app safe: no debugger unless asked for (the
debugger's own advisory, CVE-2024-34069, is Werkzeug's and fixed in every
Werkzeug flask-core accepts), session cookies unreadable from scripts, and
form limits on."""

from __future__ import annotations

import typing as t

import pytest

import flask


def test_run_starts_no_debugger_or_reloader_by_default(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import werkzeug.serving

    seen: dict[str, t.Any] = {}

    def fake_run_simple(
        host: str, port: int, application: t.Any, **options: t.Any
    ) -> None:
        seen.update(options, host=host)

    monkeypatch.setattr(werkzeug.serving, "run_simple", fake_run_simple)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    fresh = flask.Flask("defaults")
    fresh.run(load_dotenv=False)
    assert seen["use_debugger"] is False
    assert seen["use_reloader"] is False
    assert seen["host"] == "127.0.0.1"
    assert fresh.debug is False


def test_safe_configuration_defaults() -> None:
    config = flask.Flask("defaults").config
    assert config["DEBUG"] is False
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["MAX_FORM_MEMORY_SIZE"] == 500_000
    assert config["MAX_FORM_PARTS"] == 1_000
    assert config["TRAP_HTTP_EXCEPTIONS"] is False
