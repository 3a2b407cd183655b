"""flask-full: the meta-package that brings every distribution of modular Flask.

Its wheel installs no module; what it promises is in its metadata (a
requirement on each distribution that admits the version in this repository)
and in the result: with everything installed, all of Flask's surface works
together.
"""

from __future__ import annotations

import re
import sys
import typing as t
from pathlib import Path

import pytest

import flask

PACKAGES = Path(__file__).resolve().parents[2]
SIBLINGS = (
    "flask-core",
    "flask-json",
    "flask-sessions",
    "flask-cli",
    "flask-testing",
    "flask-signals",
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest brings tomli on 3.10
    import tomli as tomllib


def project(name: str) -> dict[str, t.Any]:
    """The ``[project]`` table of one distribution's pyproject.toml."""
    with (PACKAGES / name / "pyproject.toml").open("rb") as f:
        return dict(tomllib.load(f)["project"])


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.1.0"`` as ``(0, 1, 0)``."""
    return tuple(int(part) for part in text.split("."))


def bounds(requirement: str) -> tuple[str, str, str]:
    """Name, lower and upper bound of ``name>=low,<high``."""
    match = re.fullmatch(r"([a-z-]+)(?:\[[a-z]+\])?>=([\d.]+),<([\d.]+)", requirement)
    assert match is not None, requirement
    return match.group(1), match.group(2), match.group(3)


def test_requires_every_distribution_at_a_version_it_admits() -> None:
    required = {}
    for requirement in project("flask-full")["dependencies"]:
        name, low, high = bounds(requirement)
        required[name] = (version_tuple(low), version_tuple(high))
    assert sorted(required) == sorted(SIBLINGS)
    for name, (low, high) in required.items():
        current = version_tuple(project(name)["version"])
        assert low <= current < high, name


def test_extras_forward_to_the_distribution_that_has_them() -> None:
    extras = project("flask-full")["optional-dependencies"]
    assert [bounds(r)[0] for r in extras["async"]] == ["flask-core"]
    assert extras["async"][0].startswith("flask-core[async]")
    assert extras["dotenv"][0].startswith("flask-cli[dotenv]")
    assert "async" in project("flask-core")["optional-dependencies"]
    assert "dotenv" in project("flask-cli")["optional-dependencies"]


def test_version_moves_with_the_distributions() -> None:
    full = version_tuple(project("flask-full")["version"])
    for name in SIBLINGS:
        assert version_tuple(project(name)["version"])[:2] == full[:2], name


@pytest.mark.parametrize(
    "module",
    ["flask.json", "flask.json.tag", "flask.sessions", "flask.cli", "flask.testing"]
    + ["flask.signals"],
)
def test_every_addon_module_imports(module: str) -> None:
    __import__(module)
    assert module in sys.modules


def test_package_names_come_from_the_addons() -> None:
    import flask.json
    import flask.signals

    assert flask.jsonify is flask.json.jsonify
    assert flask.request_started is flask.signals.request_started
    assert flask.json.provider.DefaultJSONProvider.__module__ == "flask.json.provider"


def test_all_features_together() -> None:
    app = flask.Flask("full")
    app.secret_key = "full"
    started: list[str] = []

    @app.post("/visit")
    def visit() -> dict[str, int]:
        flask.session["count"] = flask.session.get("count", 0) + 1
        return {"count": flask.session["count"]}

    @app.cli.command("hello")
    def hello() -> None:
        print("hello from the command line")

    def on_started(sender: flask.Flask, **extra: object) -> None:
        started.append(sender.name)

    with flask.request_started.connected_to(on_started, app):
        client = app.test_client()
        assert client.post("/visit").get_json() == {"count": 1}
        assert client.post("/visit").get_json() == {"count": 2}
    assert started == ["full", "full"]
    result = app.test_cli_runner().invoke(args=["hello"])
    assert result.output == "hello from the command line\n"
