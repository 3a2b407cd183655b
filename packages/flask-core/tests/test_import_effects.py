"""What ``import flask`` leaves behind, compared with Flask 3.1.3.

Code written for Flask reaches things that no documented API promises but
that Flask's ``import flask`` happens to set up: submodules of ``flask`` as
attributes (``flask.cli.AppGroup`` after a bare ``import flask``), and
submodules of its dependencies as attributes of their packages
(``import werkzeug`` then ``werkzeug.routing.BaseConverter``).
``flask_import_effects.json`` beside this file records both for Flask 3.1.3.

These tests run wherever flask-core's tests run: with flask-core alone and
with every distribution. Expected here:

* every recorded submodule whose distribution is installed is an attribute
  (served lazily for add-ons and Jinja-bound modules); one whose distribution
  is missing is absent as far as ``hasattr`` and ``getattr`` with a default
  can tell;
* every recorded module of Werkzeug and MarkupSafe is loaded by ``import
  flask`` itself (``import werkzeug`` alone does not load
  ``werkzeug.routing``);
* Jinja, click, itsdangerous and blinker are deliberately not imported by
  ``import flask`` (docs/differences.md); importing one of them loads every
  recorded module of it, so code that imports the package sees what it sees
  with Flask.
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

RECORD = json.loads(
    (Path(__file__).parent / "flask_import_effects.json").read_text(encoding="utf-8")
)

#: Dependencies whose import ``import flask`` leaves to first use.
DEFERRED_PACKAGES = ("jinja2", "click", "itsdangerous", "blinker")

PROBE = """
import importlib, importlib.util, json, sys

record = json.loads(sys.argv[1])

import flask
from flask import seams

loaded_by_import = sorted(sys.modules)


def state_of(path):
    module_name = "flask." + path
    owner, _, name = module_name.rpartition(".")
    parent = sys.modules.get(owner)
    if seams.is_installed(module_name):
        if parent is None or not hasattr(parent, name):
            return "missing although installed"
        value = getattr(parent, name)
        return "present" if value is sys.modules[module_name] else repr(value)
    if parent is None:
        return "absent"
    if hasattr(parent, name) or getattr(parent, name, None) is not None:
        return "present although not installed"
    try:
        getattr(parent, name)
    except seams.MissingDistributionAttributeError as error:
        if error.distribution == seams.distribution_for(module_name):
            return "absent"
        return "names " + error.distribution
    return "no error"


attributes = {path: state_of(path) for path in record["package_attributes"]}
tops = sorted({module.split(".")[0] for module in record["dependency_modules"]})
installed_tops = [top for top in tops if importlib.util.find_spec(top) is not None]
existing = [
    module
    for module in record["dependency_modules"]
    if module.split(".")[0] in installed_tops
    and importlib.util.find_spec(module) is not None
]
for top in installed_tops:
    importlib.import_module(top)
print(json.dumps({
    "attributes": attributes,
    "loaded_by_import": loaded_by_import,
    "existing": existing,
    "loaded_after_packages": sorted(sys.modules),
}))
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, t.Any]:
    """Run :data:`PROBE` in a fresh interpreter of this environment."""
    completed = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            PROBE,
            json.dumps(RECORD),
        ],
        cwd=tmp_path_factory.mktemp("import_effects"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, t.Any] = json.loads(completed.stdout.splitlines()[-1])
    return result


def test_the_record_covers_what_code_relies_on() -> None:
    assert {"cli", "sessions", "templating", "json.tag"} <= set(
        RECORD["package_attributes"]
    )
    assert "werkzeug.routing.converters" in RECORD["dependency_modules"]


@pytest.mark.parametrize("path", RECORD["package_attributes"])
def test_flask_submodule_is_an_attribute_when_installed(
    report: dict[str, t.Any], path: str
) -> None:
    assert report["attributes"][path] in ("present", "absent")


def test_eager_dependency_modules_are_loaded_by_import_flask(
    report: dict[str, t.Any],
) -> None:
    expected = {
        module
        for module in report["existing"]
        if module.split(".")[0] not in DEFERRED_PACKAGES
    }
    assert "werkzeug.routing" in expected
    assert sorted(expected - set(report["loaded_by_import"])) == []


def test_deferred_dependencies_are_not_imported_by_import_flask(
    report: dict[str, t.Any],
) -> None:
    loaded = {module.split(".")[0] for module in report["loaded_by_import"]}
    assert sorted(loaded & set(DEFERRED_PACKAGES)) == []


def test_importing_a_deferred_dependency_loads_what_flask_would(
    report: dict[str, t.Any],
) -> None:
    missing = set(report["existing"]) - set(report["loaded_after_packages"])
    assert sorted(missing) == []
