"""Existing Flask extensions on top of modular Flask, through the compat wheel.

Extensions declare ``Requires-Dist: Flask``. In a clean environment, installing
the compatibility wheel (``packages/flask-compat``: a distribution named
``flask``, version ``3.1.3``, marked as modular Flask's) with Flask-Login and
Flask-DebugToolbar under the wheelhouse's constraints (every one of our names
pinned to its wheel, as ``scripts/wheelhouse.py`` writes them) must bring
modular Flask and the extensions from the package index (so these tests need
the network, as CI has), never the real Flask, and the extensions must work
against it.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

from support import (
    DISTRIBUTIONS,
    PACKAGES,
    ROOT,
    Environment,
    Wheel,
    backend_available,
    run,
)

sys.path.insert(0, str(ROOT / "scripts"))

import wheelhouse as wheelhouse_script

COMPAT = PACKAGES / "flask-compat"
#: Flask-DebugToolbar reads ``importlib.metadata.version("flask")`` when its
#: version panel is imported.
EXTENSIONS = ("Flask-Login", "Flask-DebugToolbar")
#: The Flask release whose API the compatibility wheel stands for.
COMPAT_VERSION = "3.1.3"


def project_name(requirement: str) -> str:
    """The normalized project name a requirement or listing entry starts with."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


@pytest.fixture(scope="module")
def compat_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compatibility wheel, built from ``packages/flask-compat``."""
    folder = tmp_path_factory.mktemp("compat-wheel")
    command: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps"]
    if backend_available():
        command.append("--no-build-isolation")
    run([*command, "--wheel-dir", folder, COMPAT])
    (wheel,) = folder.glob("flask-*.whl")
    return wheel


@pytest.fixture(scope="module")
def constraints(
    tmp_path_factory: pytest.TempPathFactory,
    wheelhouse: dict[str, Wheel],
    compat_wheel: Path,
) -> Path:
    """The wheelhouse's constraints file for this run's wheels."""
    wheels = [wheelhouse[name].path for name in DISTRIBUTIONS] + [compat_wheel]
    folder = tmp_path_factory.mktemp("constraints")
    return wheelhouse_script.write_constraints(folder, wheels)


@pytest.fixture(scope="module")
def with_extensions(
    tmp_path_factory: pytest.TempPathFactory, constraints: Path
) -> Environment:
    """The compatibility wheel and the extensions, installed by name under
    the constraints into a clean environment, in one command."""
    environment = Environment(tmp_path_factory.mktemp("env") / "extensions")
    environment.pip("install", "-c", constraints, "flask", *EXTENSIONS)
    return environment


def installed(environment: Environment) -> dict[str, str]:
    """Normalized name -> version of every distribution in the environment."""
    listing = environment.pip("list", "--format", "json").stdout
    return {project_name(p["name"]): p["version"] for p in json.loads(listing)}


def assert_modular_flask_is_whole(environment: Environment) -> None:
    """Every distribution of our names is ours and unchanged."""
    result = environment.python_code(
        "import runpy; runpy.run_module('flask.installation', run_name='__main__')"
    )
    assert result.stdout.startswith("Modular Flask is installed and unchanged"), result


def planned(environment: Environment, *arguments: str | Path) -> dict[str, str]:
    """What ``pip install --dry-run`` would install: name -> where from."""
    result = environment.pip(
        "install", "--dry-run", "--quiet", "--report", "-", *arguments
    )
    report = json.loads(result.stdout)
    return {
        project_name(item["metadata"]["name"]): item["download_info"]["url"]
        for item in report["install"]
    }


def test_extensions_did_not_bring_the_real_flask(
    with_extensions: Environment,
) -> None:
    versions = installed(with_extensions)
    assert versions["flask"] == COMPAT_VERSION
    assert {*DISTRIBUTIONS, "flask-login", "flask-debugtoolbar"} <= set(versions)
    with_extensions.pip("check")
    code = textwrap.dedent(
        """
        import importlib.metadata, json, pathlib
        import flask, flask.seams
        package = pathlib.Path(flask.__file__).parent
        site = package.parent
        version = importlib.metadata.version("flask")
        print(json.dumps({
            "version": version,
            "as_numbers": list(map(int, version.split("."))),
            "records": sorted(p.name for p in site.glob("flask-*.dist-info")),
            "seams": (package / "seams.py").is_file(),
        }))
        """
    )
    found = json.loads(with_extensions.python_code(code).stdout)
    assert found == {
        "version": COMPAT_VERSION,
        "as_numbers": [3, 1, 3],
        "records": [f"flask-{COMPAT_VERSION}.dist-info"],
        "seams": True,
    }
    assert_modular_flask_is_whole(with_extensions)


def test_flask_login_works(with_extensions: Environment) -> None:
    code = textwrap.dedent(
        """
        import flask
        from flask_login import (
            LoginManager, UserMixin, current_user, login_required, login_user,
            logout_user,
        )

        app = flask.Flask("login_demo")
        app.secret_key = "integration"
        manager = LoginManager(app)
        known = {"ada", "grace"}

        class User(UserMixin):
            def __init__(self, name):
                self.id = name

        @manager.user_loader
        def load_user(user_id):
            return User(user_id) if user_id in known else None

        @app.post("/login/<name>")
        def login(name):
            login_user(User(name))
            return "welcome"

        @app.get("/me")
        @login_required
        def me():
            return f"you are {current_user.get_id()}"

        @app.post("/logout")
        def logout():
            logout_user()
            return "bye"

        client = app.test_client()
        print(client.get("/me").status_code)
        print(client.post("/login/ada").text)
        print(client.get("/me").text)
        print(client.post("/logout").text)
        print(client.get("/me").status_code)
        """
    )
    lines = with_extensions.python_code(code).stdout.splitlines()
    assert lines == ["401", "welcome", "you are ada", "bye", "401"]


def test_debug_toolbar_sees_the_flask_api_version(
    with_extensions: Environment,
) -> None:
    code = textwrap.dedent(
        """
        import flask
        from flask_debugtoolbar import DebugToolbarExtension
        from flask_debugtoolbar.panels import versions

        app = flask.Flask("toolbar_demo")
        app.debug = True
        app.secret_key = "integration"
        DebugToolbarExtension(app)

        @app.get("/")
        def page():
            return "<html><body><p>hello</p></body></html>"

        response = app.test_client().get("/")
        print(versions.flask_version)
        print(response.status_code)
        print(f"Flask {versions.flask_version}" in response.text)
        """
    )
    lines = with_extensions.python_code(code).stdout.splitlines()
    assert lines == [COMPAT_VERSION, "200", "True"]


def test_flask_version_command_names_the_compat_wheel(
    with_extensions: Environment,
) -> None:
    flask_command = with_extensions.python.parent / "flask"
    result = run([flask_command, "--version"], cwd=with_extensions.path)
    lines = result.stdout.splitlines()
    assert lines[1] == f"Flask {COMPAT_VERSION}"
    assert lines[2] == f"flask-core 0.1.0 (Flask {COMPAT_VERSION} API)"
    assert result.stderr == ""


def pins(constraints: Path) -> dict[str, str]:
    """Name -> URL of every pin in a constraints file."""
    found = {}
    for line in constraints.read_text().splitlines():
        if line and not line.startswith("#"):
            name, at, url = line.partition(" @ ")
            assert at, line
            found[name] = url
    return found


def test_constraints_pin_every_name_to_its_wheel(
    constraints: Path, wheelhouse: dict[str, Wheel], compat_wheel: Path
) -> None:
    expected = {name: wheelhouse[name].path for name in DISTRIBUTIONS}
    expected["flask"] = compat_wheel
    assert pins(constraints) == {
        name: path.resolve().as_uri() for name, path in expected.items()
    }


def test_upgrading_keeps_the_compat_wheel(
    with_extensions: Environment, constraints: Path
) -> None:
    with_extensions.pip("install", "-c", constraints, "--upgrade", "flask", *EXTENSIONS)
    assert installed(with_extensions)["flask"] == COMPAT_VERSION
    assert_modular_flask_is_whole(with_extensions)


@pytest.mark.parametrize(
    "options",
    [("--upgrade", "--upgrade-strategy", "eager"), ("--force-reinstall",)],
)
def test_upgrades_and_reinstalls_take_only_our_wheels(
    with_extensions: Environment, constraints: Path, options: tuple[str, ...]
) -> None:
    # Our names belong to unrelated projects on the index, and "flask" to
    # the real Flask; under the constraints only our wheels can be chosen.
    plan = planned(with_extensions, "-c", constraints, *options, *EXTENSIONS)
    pinned = set(pins(constraints).values())
    for name, url in plan.items():
        if name in {"flask", *DISTRIBUTIONS}:
            assert url in pinned, (name, url)
    if "--force-reinstall" in options:
        assert {"flask", *DISTRIBUTIONS} <= set(plan)


def test_a_pin_on_the_api_version_is_met_by_the_compat_wheel(
    with_extensions: Environment, constraints: Path
) -> None:
    assert planned(with_extensions, "-c", constraints, "flask==3.1.3") == {}


def test_constraints_refuse_the_real_flask(
    with_extensions: Environment, constraints: Path
) -> None:
    # Only a real Flask could satisfy this pin; the constraints forbid it.
    result = with_extensions.pip(
        "install", "--dry-run", "-c", constraints, "flask==3.1.2", check=False
    )
    assert result.returncode != 0
    assert "ResolutionImpossible" in result.stderr
    assert installed(with_extensions)["flask"] == COMPAT_VERSION
