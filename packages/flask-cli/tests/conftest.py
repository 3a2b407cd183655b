"""Fixtures for flask-cli's tests.

Every test gets back the environment variables, ``sys.path``, working
directory and imported example-app modules it started with: the CLI sets
``FLASK_RUN_FROM_CLI`` / ``FLASK_DEBUG``, loads env files and imports
``wsgi`` / ``app`` modules by bare name, and none of that may leak into the
next test.
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import click.testing
import pytest

from flask import Flask
from flask.globals import _cv_app

#: The example applications the tests load.
APPS_DIR = Path(__file__).parent / "apps"


def _is_example_module(module: object, roots: tuple[str, ...]) -> bool:
    location = getattr(module, "__file__", None)
    return location is not None and os.path.realpath(location).startswith(roots)


@pytest.fixture(autouse=True)
def _isolate_process_state(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> t.Iterator[None]:
    saved_environ = dict(os.environ)
    saved_path = list(sys.path)
    saved_modules = set(sys.modules)
    for name in ("FLASK_APP", "FLASK_DEBUG", "FLASK_RUN_FROM_CLI", "FLASK_SKIP_DOTENV"):
        monkeypatch.delenv(name, raising=False)
    # The CLI resolves relative paths against the working directory; start
    # from an empty one so no stray wsgi.py / .env is picked up.
    monkeypatch.chdir(tmp_path)
    yield
    leaked_app_context = _cv_app.get(None)
    os.environ.clear()
    os.environ.update(saved_environ)
    sys.path[:] = saved_path
    roots = (os.path.realpath(APPS_DIR), os.path.realpath(tmp_path))
    for name in set(sys.modules) - saved_modules:
        if _is_example_module(sys.modules[name], roots):
            del sys.modules[name]
    # A command must pop every app context it pushed.
    assert leaked_app_context is None, "an app context was left pushed"


@pytest.fixture
def apps_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example apps folder, importable as the first ``sys.path`` entry."""
    monkeypatch.syspath_prepend(str(APPS_DIR))
    return APPS_DIR


@pytest.fixture
def runner() -> click.testing.CliRunner:
    """Click's runner; stdout and stderr are captured separately."""
    return click.testing.CliRunner()


@pytest.fixture
def app() -> Flask:
    """A plain app with one extra route."""
    application = Flask("flask_cli_test_app")

    @application.route("/ping")
    def ping() -> str:
        return "pong"

    return application
