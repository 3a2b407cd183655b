"""ScriptInfo: how one run of the CLI finds and keeps its app."""

from __future__ import annotations

from pathlib import Path

import pytest

from flask import Flask
from flask.cli import NoAppException, ScriptInfo, _split_app_import_path


def test_defaults() -> None:
    info = ScriptInfo()
    assert info.app_import_path is None
    assert info.create_app is None
    assert info.data == {}
    assert info.set_debug_flag is True
    assert info.load_dotenv_defaults is True


def test_data_is_per_instance() -> None:
    first, second = ScriptInfo(), ScriptInfo()
    first.data["key"] = "value"
    assert second.data == {}


@pytest.mark.parametrize(
    ("skip", "default", "expected"),
    [
        (None, True, True),
        (None, False, False),
        ("1", True, False),
        ("0", True, True),
        ("false", False, True),
    ],
)
def test_skip_dotenv_variable(
    monkeypatch: pytest.MonkeyPatch, skip: str | None, default: bool, expected: bool
) -> None:
    if skip is not None:
        monkeypatch.setenv("FLASK_SKIP_DOTENV", skip)
    assert ScriptInfo(load_dotenv_defaults=default).load_dotenv_defaults is expected


def test_load_app_from_module_and_name(apps_dir: Path) -> None:
    info = ScriptInfo(app_import_path="cli_demo_pkg.app:testapp")
    app = info.load_app()
    assert app.name == "testapp"
    # Loaded once: the same object on every call.
    assert info.load_app() is app


def test_load_app_from_file_path(apps_dir: Path) -> None:
    info = ScriptInfo(app_import_path=str(apps_dir / "cli_demo_pkg" / "app.py"))
    assert info.load_app().name == "testapp"


def test_load_app_from_file_path_with_factory_call(apps_dir: Path) -> None:
    path = apps_dir / "cli_demo_pkg" / "factory.py"
    info = ScriptInfo(app_import_path=f"{path}:create_app2('x', 'y')")
    assert info.load_app().name == "app2_x_y"


def test_create_app_wins_over_import_path() -> None:
    calls: list[int] = []

    def create_app() -> Flask:
        calls.append(1)
        return Flask("created")

    info = ScriptInfo(app_import_path="does.not.matter", create_app=create_app)
    assert info.load_app().name == "created"
    info.load_app()
    assert calls == [1]


def test_wsgi_py_in_working_directory(
    apps_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # That folder has an app.py too: wsgi.py is tried first.
    monkeypatch.chdir(apps_dir / "cli_demo_wsgi")
    assert ScriptInfo().load_app().name == "from_wsgi"


def test_app_py_in_working_directory(
    apps_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(apps_dir / "cli_demo_appfile")
    assert ScriptInfo().load_app().name == "from_app_py"


def test_nothing_to_load(apps_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(apps_dir / "cli_demo_empty")
    with pytest.raises(NoAppException) as info:
        ScriptInfo().load_app()
    message = info.value.format_message()
    for hint in ("--app", "FLASK_APP", "wsgi.py", "app.py"):
        assert hint in message


def test_factory_returning_none_is_not_an_app() -> None:
    with pytest.raises(NoAppException):
        ScriptInfo(create_app=lambda: None).load_app()  # type: ignore[arg-type, return-value]


def debug_app() -> Flask:
    app = Flask("debugging")
    app.debug = True
    return app


def test_debug_flag_taken_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ScriptInfo(create_app=debug_app).load_app().debug is False
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert ScriptInfo(create_app=lambda: Flask("plain")).load_app().debug is True


def test_debug_flag_left_alone() -> None:
    info = ScriptInfo(create_app=debug_app, set_debug_flag=False)
    assert info.load_app().debug is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("module", ("module", None)),
        ("module:app", ("module", "app")),
        ("module:create_app('a:b')", ("module", "create_app('a:b')")),
        ("pkg/file.py:app", ("pkg/file.py", "app")),
        ("C:\\project\\app.py", ("C:\\project\\app.py", None)),
        ("C:\\project\\app.py:make()", ("C:\\project\\app.py", "make()")),
        ("C:/project/app.py:app", ("C:/project/app.py", "app")),
    ],
)
def test_split_app_import_path(value: str, expected: tuple[str, str | None]) -> None:
    assert _split_app_import_path(value) == expected
