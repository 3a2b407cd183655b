"""Finding the application: find_best_app, find_app_by_string,
prepare_import and locate_app."""

from __future__ import annotations

import importlib
import sys
import types
import typing as t
from pathlib import Path

import click
import pytest

from flask import Flask
from flask.cli import (
    NoAppException,
    _called_with_wrong_args,
    find_app_by_string,
    find_best_app,
    locate_app,
    prepare_import,
)


def make_module(**attributes: t.Any) -> types.ModuleType:
    module = types.ModuleType("example_module")
    vars(module).update(attributes)
    return module


def test_no_app_exception_is_a_usage_error() -> None:
    error = NoAppException("nothing here")
    assert isinstance(error, click.UsageError)
    assert error.exit_code == 2
    assert error.format_message() == "nothing here"


# -- find_best_app -------------------------------------------------------------


@pytest.mark.parametrize("attribute", ["app", "application", "my_custom_name"])
def test_find_best_app_takes_an_instance(attribute: str) -> None:
    instance = Flask("instance")
    assert find_best_app(make_module(**{attribute: instance})) is instance


def test_conventional_names_win_over_other_instances() -> None:
    chosen = Flask("chosen")
    module = make_module(other=Flask("other"), application=chosen)
    assert find_best_app(module) is chosen
    module = make_module(application=Flask("second"), app=chosen)
    assert find_best_app(module) is chosen


def test_non_app_under_conventional_name_is_skipped() -> None:
    instance = Flask("real")
    assert find_best_app(make_module(app="not an app", real=instance)) is instance


@pytest.mark.parametrize("factory_name", ["create_app", "make_app"])
def test_find_best_app_calls_factories(factory_name: str) -> None:
    app = find_best_app(make_module(**{factory_name: lambda: Flask("built")}))
    assert app.name == "built"


def test_factory_accepting_only_keywords_is_called() -> None:
    def create_app(**options: t.Any) -> Flask:
        return Flask("keywords", **options)

    assert find_best_app(make_module(create_app=create_app)).name == "keywords"


def test_create_app_is_tried_before_make_app() -> None:
    module = make_module(
        make_app=lambda: Flask("made"), create_app=lambda: Flask("created")
    )
    assert find_best_app(module).name == "created"


def test_factory_returning_something_else_falls_through() -> None:
    module = make_module(create_app=lambda: None, make_app=lambda: Flask("made"))
    assert find_best_app(module).name == "made"


def test_instance_wins_over_factory() -> None:
    instance = Flask("instance")
    module = make_module(thing=instance, create_app=lambda: Flask("factory"))
    assert find_best_app(module) is instance


def test_class_can_stand_in_for_a_module() -> None:
    class Module:
        @staticmethod
        def create_app() -> Flask:
            return Flask("from_class")

    assert find_best_app(Module).name == "from_class"  # type: ignore[arg-type]


def test_non_function_factory_is_ignored() -> None:
    class NotAFunction:
        def __call__(self) -> Flask:
            return Flask("callable_object")

    with pytest.raises(NoAppException):
        find_best_app(make_module(create_app=NotAFunction()))


def test_empty_module_names_the_module() -> None:
    with pytest.raises(NoAppException) as info:
        find_best_app(make_module(value=1))
    assert "example_module" in info.value.format_message()
    assert "example_module:name" in info.value.format_message()


def test_two_instances_are_ambiguous() -> None:
    module = make_module(one=Flask("one"), two=Flask("two"))
    with pytest.raises(NoAppException) as info:
        find_best_app(module)
    assert "more than one" in info.value.format_message()


def test_factory_needing_arguments_is_reported() -> None:
    def create_app(config: str) -> Flask:
        return Flask(config)

    with pytest.raises(NoAppException) as info:
        find_best_app(make_module(create_app=create_app))
    message = info.value.format_message()
    assert "create_app" in message
    assert "example_module:create_app(args)" in message
    assert isinstance(info.value.__cause__, TypeError)


def test_type_error_inside_factory_propagates() -> None:
    def create_app() -> Flask:
        raise TypeError("bug inside the factory")

    with pytest.raises(TypeError, match="bug inside the factory"):
        find_best_app(make_module(create_app=create_app))


# -- _called_with_wrong_args ------------------------------------------------------


def test_called_with_wrong_args_tells_call_site_from_body() -> None:
    def takes_one(value: t.Any) -> t.Any:
        return value + 1  # TypeError inside for a string

    try:
        takes_one()  # type: ignore[call-arg]
    except TypeError:
        assert _called_with_wrong_args(takes_one)
    else:  # pragma: no cover - the call above always fails
        pytest.fail("expected a TypeError")

    try:
        takes_one("text")
    except TypeError:
        assert not _called_with_wrong_args(takes_one)
    else:  # pragma: no cover
        pytest.fail("expected a TypeError")


# -- find_app_by_string ------------------------------------------------------------


@pytest.fixture
def factory_module(apps_dir: Path) -> types.ModuleType:
    return importlib.import_module("cli_demo_pkg.factory")


@pytest.mark.parametrize(
    ("text", "expected_name"),
    [
        ("create_app", "app"),
        ("create_app()", "app"),
        (" create_app () ", "app"),
        ('create_app2("foo", "bar")', "app2_foo_bar"),
        ('create_app2("foo", "bar", )', "app2_foo_bar"),
        ("create_app2('a', bar='b')", "app2_a_b"),
        ("create_named(suffix='_x')", "default_x"),
        ("create_named(name='n', suffix=\"!\")", "n!"),
    ],
)
def test_find_app_by_string_calls(
    factory_module: types.ModuleType, text: str, expected_name: str
) -> None:
    assert find_app_by_string(factory_module, text).name == expected_name


def test_find_app_by_string_attribute(apps_dir: Path) -> None:
    module = importlib.import_module("cli_demo_pkg.app")
    assert find_app_by_string(module, "testapp") is module.testapp


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("create_app(", "neither an attribute name nor a call"),
        ("1 + 2", "neither an attribute name nor a call"),
        ("app.factory()", "plain function name"),
        ("create_app2(foo, 'bar')", "must be Python literals"),
        ("create_app2(*['a', 'b'])", "must be Python literals"),
        ("create_named(**{'name': 'x'})", "must be Python literals"),
        ("create_app2(1 + 1, 2)", "must be Python literals"),
    ],
)
def test_find_app_by_string_rejects_syntax(
    factory_module: types.ModuleType, text: str, fragment: str
) -> None:
    with pytest.raises(NoAppException) as info:
        find_app_by_string(factory_module, text)
    assert fragment in info.value.format_message()
    assert text in info.value.format_message()


def test_find_app_by_string_missing_attribute(factory_module: types.ModuleType) -> None:
    with pytest.raises(NoAppException) as info:
        find_app_by_string(factory_module, "nothing_here")
    message = info.value.format_message()
    assert "'nothing_here'" in message
    assert "'cli_demo_pkg.factory'" in message


def test_find_app_by_string_wrong_arguments(factory_module: types.ModuleType) -> None:
    with pytest.raises(NoAppException) as info:
        find_app_by_string(factory_module, 'create_app2("only_one")')
    assert "does not accept the given arguments" in info.value.format_message()


def test_find_app_by_string_factory_bug_propagates(
    factory_module: types.ModuleType,
) -> None:
    with pytest.raises(TypeError, match="factory itself is broken"):
        find_app_by_string(factory_module, "broken_factory")


@pytest.mark.parametrize("text", ["no_app", "no_app()", "not_callable"])
def test_find_app_by_string_needs_a_flask_result(
    factory_module: types.ModuleType, text: str
) -> None:
    with pytest.raises(NoAppException) as info:
        find_app_by_string(factory_module, text)
    assert f"cli_demo_pkg.factory:{text}" in info.value.format_message()


# -- prepare_import ----------------------------------------------------------------


@pytest.fixture
def restore_sys_path() -> t.Iterator[None]:
    saved = list(sys.path)
    yield
    sys.path[:] = saved


@pytest.mark.usefixtures("restore_sys_path")
@pytest.mark.parametrize(
    ("value", "relative_folder", "module_name"),
    [
        ("plain", "", "plain"),
        ("plain.py", "", "plain"),
        ("sub/plain", "sub", "plain"),
        ("plain/__init__.py", "", "plain"),
        ("plain/__init__", "", "plain"),
        ("dotted.name.here", "", "dotted.name.here"),
    ],
)
def test_prepare_import_relative(
    tmp_path: Path, value: str, relative_folder: str, module_name: str
) -> None:
    assert prepare_import(value) == module_name
    assert sys.path[0] == str((tmp_path / relative_folder).resolve())


@pytest.mark.usefixtures("restore_sys_path")
@pytest.mark.parametrize(
    ("parts", "module_name"),
    [
        (("cli_demo_pkg", "inner1", "__init__"), "cli_demo_pkg.inner1"),
        (("cli_demo_pkg", "inner1", "__init__.py"), "cli_demo_pkg.inner1"),
        (("cli_demo_pkg", "inner1", "inner2"), "cli_demo_pkg.inner1.inner2"),
        (("cli_demo_pkg", "inner1", "inner2.py"), "cli_demo_pkg.inner1.inner2"),
        (("cli_demo_pkg", "app.py"), "cli_demo_pkg.app"),
        (("cli_demo_pkg.app",), "cli_demo_pkg.app"),
        (("cli_demo_pkg", "message.txt"), "cli_demo_pkg.message.txt"),
    ],
)
def test_prepare_import_walks_out_of_packages(
    parts: tuple[str, ...], module_name: str
) -> None:
    apps = Path(__file__).parent / "apps"
    assert str(apps.resolve()) not in sys.path
    assert prepare_import(str(apps.joinpath(*parts))) == module_name
    assert sys.path[0] == str(apps.resolve())


@pytest.mark.usefixtures("restore_sys_path")
def test_prepare_import_does_not_duplicate_first_entry(tmp_path: Path) -> None:
    prepare_import("first")
    length = len(sys.path)
    prepare_import("second.py")
    assert len(sys.path) == length


# -- locate_app --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module_name", "app_name", "expected"),
    [
        ("cli_demo_pkg.app", None, "testapp"),
        ("cli_demo_pkg.app", "testapp", "testapp"),
        ("cli_demo_pkg.factory", None, "app"),
        ("cli_demo_pkg.factory", "create_app", "app"),
        ("cli_demo_pkg.factory", 'create_app2("x", "y")', "app2_x_y"),
    ],
)
def test_locate_app(
    apps_dir: Path, module_name: str, app_name: str | None, expected: str
) -> None:
    app = locate_app(module_name, app_name)
    assert app is not None
    assert app.name == expected


@pytest.mark.parametrize(
    ("module_name", "app_name"),
    [
        ("cli_demo_not_a_module", None),
        ("cli_demo_pkg/app", None),
        ("cli_demo_pkg.not_there", None),
        ("cli_demo_pkg.message.txt", None),
        ("cli_demo_pkg.app", "notanapp"),
        ("cli_demo_pkg.factory", 'create_app2("foo")'),
        ("cli_demo_pkg.factory", "no_app"),
        ("cli_demo_pkg.two_apps", None),
        ("cli_demo_pkg.needs_args", None),
    ],
)
def test_locate_app_raises(
    apps_dir: Path, module_name: str, app_name: str | None
) -> None:
    with pytest.raises(NoAppException):
        locate_app(module_name, app_name)


def test_locate_missing_module_message(apps_dir: Path) -> None:
    with pytest.raises(NoAppException) as info:
        locate_app("cli_demo_not_a_module", None)
    assert (
        "'cli_demo_not_a_module' could not be imported" in info.value.format_message()
    )


def test_locate_missing_module_can_return_none(apps_dir: Path) -> None:
    assert locate_app("cli_demo_not_a_module", None, raise_if_not_found=False) is None
    assert locate_app("cli_demo_pkg.nope", None, raise_if_not_found=False) is None


@pytest.mark.parametrize(
    ("module_name", "shown"),
    [
        ("cli_demo_pkg.raising_import", "raised on purpose while importing"),
        ("cli_demo_pkg.missing_dependency", "cli_demo_dependency_that_does_not_exist"),
    ],
)
@pytest.mark.parametrize("raise_if_not_found", [True, False])
def test_import_error_inside_module_is_always_reported(
    apps_dir: Path, module_name: str, shown: str, raise_if_not_found: bool
) -> None:
    with pytest.raises(NoAppException) as info:
        locate_app(module_name, None, raise_if_not_found=raise_if_not_found)
    message = info.value.format_message()
    assert f"Importing '{module_name}' raised an ImportError" in message
    # The traceback is part of the message, so the real cause is visible.
    assert "Traceback (most recent call last)" in message
    assert shown in message
    # Only the frames that matter: none of the import system's own.
    assert "importlib" not in message


@pytest.mark.parametrize("module_name", [".hidden", ""])
def test_locate_app_with_relative_or_empty_name(module_name: str) -> None:
    with pytest.raises(NoAppException, match="could not be imported"):
        locate_app(module_name, None)
    assert locate_app(module_name, None, raise_if_not_found=False) is None
