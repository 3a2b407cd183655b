"""flask-core without flask-signals: in a fresh interpreter that sees only
flask-core's sources and the libraries core needs (not blinker, not the
add-ons), signal names raise a clear error and requests work normally."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import flask

CORE_SRC = Path(flask.seams.__file__).resolve().parent.parent

#: What flask-core imports, directly or through werkzeug and jinja2.
CORE_LIBRARIES = ("werkzeug", "jinja2", "markupsafe")

SCRIPT = textwrap.dedent(
    """
    import json, sys
    report = {}

    import flask
    from flask import seams
    report["flask_file"] = flask.__file__
    report["hub_before"] = repr(seams.signal_hub)

    try:
        from flask import request_started
    except seams.MissingDistributionError as error:
        report["error_type"] = type(error).__name__
        report["error_message"] = str(error)
        report["error_distribution"] = error.distribution
        report["is_module_not_found"] = isinstance(error, ModuleNotFoundError)
    else:
        report["error_type"] = None

    try:
        import flask.signals
    except seams.MissingDistributionError as error:
        report["module_error_distribution"] = error.distribution
    else:
        report["module_error_distribution"] = None

    try:
        flask.message_flashed
    except seams.MissingDistributionAttributeError as error:
        report["attribute_error_distribution"] = error.distribution
    report["hasattr_signal"] = hasattr(flask, "message_flashed")
    report["hasattr_module"] = hasattr(flask, "signals")

    from werkzeug.test import Client

    app = flask.Flask("no_signals")
    events = []

    @app.before_request
    def before():
        events.append("before")

    @app.teardown_request
    def teardown(exc):
        events.append("teardown")

    @app.teardown_appcontext
    def teardown_app(exc):
        events.append("teardown_app")

    @app.route("/")
    def index():
        events.append("view")
        return "works without signals"

    @app.route("/fail")
    def fail():
        raise ValueError("boom")

    client = Client(app)
    response = client.get("/")
    report["status"] = response.status_code
    report["body"] = response.get_data(as_text=True)
    report["events"] = list(events)
    report["error_status"] = client.get("/fail").status_code
    with app.app_context():
        from flask.templating import render_template_string
        report["template"] = render_template_string("{{ 6 * 7 }}")
    report["blinker_imported"] = "blinker" in sys.modules
    report["signals_imported"] = "flask.signals" in sys.modules
    report["hub_after"] = repr(seams.signal_hub)
    print(json.dumps(report))
    """
)


def library_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, name
    return Path(spec.origin).resolve().parent


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Run :data:`SCRIPT` in an isolated interpreter and return its report."""
    libraries = tmp_path_factory.mktemp("core_libraries")
    for name in CORE_LIBRARIES:
        (libraries / name).symlink_to(library_dir(name), target_is_directory=True)
    # -I ignores PYTHON* variables and the user site; -S skips site-packages,
    # which holds blinker and the editable installs of every add-on.
    bootstrap = (
        "import sys; "
        f"sys.path[:0] = [{str(CORE_SRC)!r}, {str(libraries)!r}]; "
        f"exec(compile({SCRIPT!r}, '<no-signals>', 'exec'))"
    )
    completed = subprocess.run(
        [sys.executable, "-I", "-S", "-c", bootstrap],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ.get("PATH", "")},
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def test_subprocess_uses_core_without_addons(report: dict[str, object]) -> None:
    assert str(report["flask_file"]).startswith(str(CORE_SRC))
    assert report["hub_before"] == "None"


def test_signal_name_raises_missing_distribution(report: dict[str, object]) -> None:
    assert report["error_type"] == "MissingDistributionError"
    assert report["error_distribution"] == "flask-signals"
    assert "flask-signals" in str(report["error_message"])
    assert report["is_module_not_found"] is True


def test_signals_module_import_raises_missing_distribution(
    report: dict[str, object],
) -> None:
    assert report["module_error_distribution"] == "flask-signals"
    assert report["attribute_error_distribution"] == "flask-signals"


def test_signal_names_are_absent_to_hasattr(report: dict[str, object]) -> None:
    assert report["hasattr_signal"] is False
    assert report["hasattr_module"] is False


def test_requests_work_without_signals(report: dict[str, object]) -> None:
    assert report["status"] == 200
    assert report["body"] == "works without signals"
    assert report["error_status"] == 500
    assert report["template"] == "42"
    assert report["events"] == ["before", "view", "teardown", "teardown_app"]


def test_blinker_is_never_imported(report: dict[str, object]) -> None:
    assert report["blinker_imported"] is False
    assert report["signals_imported"] is False
    assert report["hub_after"] == "None"
