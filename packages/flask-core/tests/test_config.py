"""Tests for flask.config: the Config mapping and ConfigAttribute."""

from __future__ import annotations

import json
import os
import sys
import textwrap
import types
import typing as t
from pathlib import Path

import pytest

import flask
from flask.config import Config, ConfigAttribute


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


class _AppWithSettings(flask.Flask):
    """An app exposing two more config keys as attributes."""

    greeting = ConfigAttribute[str]("GREETING")
    doubled = ConfigAttribute[int]("NUMBER", get_converter=lambda v: v * 2)


@pytest.fixture
def settings_app(tmp_path: Path) -> _AppWithSettings:
    app = _AppWithSettings("settings_app", root_path=str(tmp_path))
    app.config.update(GREETING="hello", NUMBER=21)
    return app


# -- ConfigAttribute ---------------------------------------------------------


def test_config_attribute_reads_and_writes_the_config(
    settings_app: _AppWithSettings,
) -> None:
    assert settings_app.greeting == "hello"
    settings_app.greeting = "bye"
    assert settings_app.config["GREETING"] == "bye"
    settings_app.config["GREETING"] = "again"
    assert settings_app.greeting == "again"


def test_config_attribute_converter_applies_on_read_only(
    settings_app: _AppWithSettings,
) -> None:
    assert settings_app.doubled == 42
    settings_app.doubled = 5
    assert settings_app.config["NUMBER"] == 5
    assert settings_app.doubled == 10


def test_config_attribute_on_class_returns_descriptor() -> None:
    descriptor = _AppWithSettings.__dict__["greeting"]
    assert _AppWithSettings.greeting is descriptor
    assert isinstance(descriptor, ConfigAttribute)
    assert descriptor.__name__ == "GREETING"
    assert descriptor.get_converter is None
    assert _AppWithSettings.__dict__["doubled"].get_converter(4) == 8


def test_app_attributes_follow_config(app: flask.Flask) -> None:
    app.config["TESTING"] = False
    assert app.testing is False
    app.testing = True
    assert app.config["TESTING"] is True


# -- construction and repr ---------------------------------------------------


def test_config_is_a_dict_with_root_path(tmp_path: Path) -> None:
    defaults = {"A": 1}
    config = Config(tmp_path, defaults)
    assert isinstance(config, dict)
    assert config == {"A": 1}
    assert config.root_path == tmp_path
    config["B"] = 2
    assert defaults == {"A": 1}, "the defaults dict must not be modified"
    assert Config("x") == {}


def test_app_config_uses_app_root_path(app: flask.Flask) -> None:
    assert isinstance(app.config, Config)
    assert app.config.root_path == app.root_path


def test_repr_shows_class_and_items() -> None:
    class MyConfig(Config):
        pass

    assert repr(Config(".", {"A": 1})) == "<Config {'A': 1}>"
    assert repr(MyConfig(".")) == "<MyConfig {}>"


# -- from_mapping / from_object ----------------------------------------------


def test_from_mapping_takes_upper_case_keys_and_kwargs() -> None:
    config = Config(".")
    assert config.from_mapping({"A": 1, "lower": 2, "Mixed": 3}, B=4, A=5) is True
    assert config == {"A": 5, "B": 4}
    assert config.from_mapping() is True
    assert config.from_mapping(None, C=6) is True
    assert config["C"] == 6


def test_from_mapping_goes_through_setitem() -> None:
    seen: list[str] = []

    class Recording(Config):
        def __setitem__(self, key: str, value: t.Any) -> None:
            seen.append(key)
            super().__setitem__(key, value)

    Recording(".").from_mapping({"X": 1})
    assert seen == ["X"]


def test_from_object_with_object_and_class() -> None:
    class Settings:
        SECRET = "s"
        NUMBER = 3
        lowercase = "ignored"
        _PRIVATE_lower = "ignored"

    config = Config(".")
    config.from_object(Settings)
    assert config == {"SECRET": "s", "NUMBER": 3}

    config = Config(".")
    config.from_object(Settings())
    assert config == {"SECRET": "s", "NUMBER": 3}


def test_from_object_with_import_string(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("fake_cfg_module_for_tests")
    module.OPTION = "on"  # type: ignore[attr-defined]
    module.not_this = "off"  # type: ignore[attr-defined]

    class Nested:
        DEEP = True

    module.Nested = Nested  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)

    config = Config(".")
    config.from_object("fake_cfg_module_for_tests")
    assert config["OPTION"] == "on"
    assert "not_this" not in config

    config = Config(".")
    config.from_object("fake_cfg_module_for_tests:Nested")
    assert config == {"DEEP": True}


# -- from_pyfile -------------------------------------------------------------


def test_from_pyfile_relative_to_root_path(tmp_path: Path) -> None:
    _write(
        tmp_path / "settings.py",
        """
        VALUE = 1 + 1
        helper = "not copied"
        WHERE = __file__
        """,
    )
    config = Config(tmp_path)
    assert config.from_pyfile("settings.py") is True
    assert config["VALUE"] == 2
    assert "helper" not in config
    assert config["WHERE"] == os.path.join(tmp_path, "settings.py")


def test_from_pyfile_absolute_path_and_pathlike(tmp_path: Path) -> None:
    path = _write(tmp_path / "abs.py", "ABS = 'yes'\n")
    config = Config("/somewhere/else")
    assert config.from_pyfile(path) is True
    assert config["ABS"] == "yes"


@pytest.mark.parametrize(
    "name",
    ["missing.py", "a_directory", "a_file.py/child.py"],
    ids=["ENOENT", "EISDIR", "ENOTDIR"],
)
def test_from_pyfile_silent_when_absent(tmp_path: Path, name: str) -> None:
    (tmp_path / "a_directory").mkdir()
    (tmp_path / "a_file.py").write_text("X = 1\n")
    config = Config(tmp_path)
    assert config.from_pyfile(name, silent=True) is False
    assert config == {}


def test_from_pyfile_missing_error_names_config_file(tmp_path: Path) -> None:
    config = Config(tmp_path)
    with pytest.raises(OSError) as info:
        config.from_pyfile("missing.cfg")
    message = str(info.value)
    assert message.startswith(
        "[Errno 2] Unable to load configuration file (No such file or directory):"
    )
    assert message.endswith("missing.cfg'")
    assert isinstance(info.value, FileNotFoundError)


def test_from_pyfile_directory_error_not_silenced_without_flag(
    tmp_path: Path,
) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OSError, match="Unable to load configuration file"):
        Config(tmp_path).from_pyfile("d")


def test_from_pyfile_silent_does_not_hide_code_errors(tmp_path: Path) -> None:
    _write(tmp_path / "broken.py", "X = 1 / 0\n")
    with pytest.raises(ZeroDivisionError):
        Config(tmp_path).from_pyfile("broken.py", silent=True)


# -- from_envvar -------------------------------------------------------------


def test_from_envvar_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CFG_FOR_TESTS", raising=False)
    config = Config(".")
    with pytest.raises(RuntimeError) as info:
        config.from_envvar("CFG_FOR_TESTS")
    assert "'CFG_FOR_TESTS' is not set" in str(info.value)
    assert config.from_envvar("CFG_FOR_TESTS", silent=True) is False


def test_from_envvar_empty_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFG_FOR_TESTS", "")
    with pytest.raises(RuntimeError):
        Config(".").from_envvar("CFG_FOR_TESTS")


def test_from_envvar_loads_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "env_cfg.py", "FROM_ENV = 'ok'\n")
    monkeypatch.setenv("CFG_FOR_TESTS", str(path))
    config = Config(".")
    assert config.from_envvar("CFG_FOR_TESTS") is True
    assert config["FROM_ENV"] == "ok"


def test_from_envvar_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CFG_FOR_TESTS", "nope.cfg")
    config = Config(tmp_path)
    with pytest.raises(OSError) as info:
        config.from_envvar("CFG_FOR_TESTS")
    assert "Unable to load configuration file (No such file" in str(info.value)
    assert str(info.value).endswith("nope.cfg'")
    assert config.from_envvar("CFG_FOR_TESTS", silent=True) is False


# -- from_prefixed_env -------------------------------------------------------


def test_from_prefixed_env_decodes_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        os,
        "environ",
        {
            "FLASK_STRING": "text",
            "FLASK_NUMBER": "42",
            "FLASK_FLOAT": "1.5",
            "FLASK_BOOL": "true",
            "FLASK_LIST": "[1, 2]",
            "FLASK_NULL": "null",
            "FLASK_BAD_JSON": "{nope",
            "OTHER_THING": "1",
            "FLASKNOUNDERSCORE": "1",
        },
    )
    config = Config(".")
    assert config.from_prefixed_env() is True
    assert config == {
        "STRING": "text",
        "NUMBER": 42,
        "FLOAT": 1.5,
        "BOOL": True,
        "LIST": [1, 2],
        "NULL": None,
        "BAD_JSON": "{nope",
    }


def test_from_prefixed_env_custom_prefix_and_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "environ", {"APP_A": "1", "APP_B": "x", "FLASK_C": "3"})

    def loads(text: str) -> t.Any:
        if not text.isdigit():
            raise TypeError("only digits")
        return int(text) * 100

    config = Config(".")
    config.from_prefixed_env("APP", loads=loads)
    assert config == {"A": 100, "B": "x"}


def test_from_prefixed_env_nested(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        os,
        "environ",
        {
            "FLASK_DB__HOST": "db",
            "FLASK_DB__PORT": "5432",
            "FLASK_EXISTING__NEW": "1",
            "FLASK_EXISTING__KEEP": '"replaced"',
            "FLASK_A__B__C": "true",
        },
    )
    config = Config(".", {"EXISTING": {"KEEP": "old", "OTHER": 2}})
    config.from_prefixed_env()
    assert config["DB"] == {"HOST": "db", "PORT": 5432}
    assert config["EXISTING"] == {"KEEP": "replaced", "OTHER": 2, "NEW": 1}
    assert config["A"] == {"B": {"C": True}}


def test_from_prefixed_env_applies_in_sorted_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Unsorted on purpose: the flat "X" must land before "X__INNER" updates it.
    monkeypatch.setattr(
        os, "environ", {"FLASK_X__INNER": "2", "FLASK_X": '{"OUTER": 1}'}
    )
    config = Config(".")
    config.from_prefixed_env()
    assert config["X"] == {"OUTER": 1, "INNER": 2}


def test_from_prefixed_env_default_loads_is_json() -> None:
    import inspect

    parameter = inspect.signature(Config.from_prefixed_env).parameters["loads"]
    assert parameter.default is json.loads
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY


# -- from_file ---------------------------------------------------------------


def test_from_file_json(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text('{"KEY": "v", "low": 1}', encoding="utf-8")
    config = Config(tmp_path)
    assert config.from_file("c.json", load=json.load) is True
    assert config == {"KEY": "v"}


def test_from_file_binary_mode(tmp_path: Path) -> None:
    (tmp_path / "c.bin").write_bytes(b"DATA")
    received: list[t.Any] = []

    def load(handle: t.IO[t.Any]) -> t.Mapping[str, t.Any]:
        received.append(handle.read())
        return {"DONE": True}

    config = Config(tmp_path)
    assert config.from_file("c.bin", load=load, text=False) is True
    assert received == [b"DATA"]
    assert config["DONE"] is True

    received.clear()
    config.from_file("c.bin", load=load)
    assert received == ["DATA"]


def test_from_file_toml(tmp_path: Path) -> None:
    tomllib = pytest.importorskip("tomllib")
    (tmp_path / "c.toml").write_text('NAME = "toml"\n', encoding="utf-8")
    config = Config(tmp_path)
    config.from_file("c.toml", load=tomllib.load, text=False)
    assert config["NAME"] == "toml"


def test_from_file_missing(tmp_path: Path) -> None:
    config = Config(tmp_path)
    with pytest.raises(OSError) as info:
        config.from_file("missing.json", load=json.load)
    message = str(info.value)
    assert message.startswith(
        "[Errno 2] Unable to load configuration file (No such file or directory):"
    )
    assert message.endswith("missing.json'")
    assert config.from_file("missing.json", load=json.load, silent=True) is False


def test_from_file_load_errors_propagate(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        Config(tmp_path).from_file("bad.json", load=json.load, silent=True)


# -- get_namespace -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lowercase", "trim", "expected"),
    [
        (True, True, {"host": "h", "port": 25}),
        (False, True, {"HOST": "h", "PORT": 25}),
        (True, False, {"mail_host": "h", "mail_port": 25}),
        (False, False, {"MAIL_HOST": "h", "MAIL_PORT": 25}),
    ],
)
def test_get_namespace(lowercase: bool, trim: bool, expected: dict[str, t.Any]) -> None:
    config = Config(".", {"MAIL_HOST": "h", "MAIL_PORT": 25, "MAILBOX": 1, "X": 2})
    result = config.get_namespace("MAIL_", lowercase=lowercase, trim_namespace=trim)
    assert result == expected
