"""Existing Flask extensions on top of modular Flask, through the compat wheel.

Extensions declare ``Requires-Dist: Flask``. In a clean environment holding
every modular Flask wheel plus the compatibility wheel (``packages/flask-compat``,
a distribution named ``flask`` with a ``+modular`` version), pip must treat
that requirement as met: installing Flask-Login and Flask-DebugToolbar from the
package index (so these tests need the network, as CI has) leaves our ``flask``
package in place, and the extensions work against it.
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
    Environment,
    Wheel,
    backend_available,
    run,
)

COMPAT = PACKAGES / "flask-compat"
CONSTRAINTS = COMPAT / "constraints.txt"
#: Flask-DebugToolbar reads ``importlib.metadata.version("flask")`` when its
#: version panel is imported.
EXTENSIONS = ("Flask-Login", "Flask-DebugToolbar")


def project_name(requirement: str) -> str:
    """The normalized project name a requirement or listing entry starts with."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def pinned_versions() -> dict[str, str]:
    """Project name -> version of every pin in the constraints file."""
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        name, equals, version = line.partition("==")
        if equals and not line.startswith("#"):
            pins[project_name(name)] = version.strip()
    return pins


def compat_version() -> str:
    """The version the compat wheel declares (and the constraints pin)."""
    return pinned_versions()["flask"]


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
def with_extensions(
    tmp_path_factory: pytest.TempPathFactory,
    wheelhouse: dict[str, Wheel],
    compat_wheel: Path,
) -> Environment:
    """Every modular Flask wheel and the compat wheel, installed by file;
    their third-party requirements and then the extensions, installed from the
    index under the compat wheel's constraints file."""
    environment = Environment(tmp_path_factory.mktemp("env") / "extensions")
    ours = [wheelhouse[name] for name in DISTRIBUTIONS]
    environment.pip("install", "--no-deps", *(w.path for w in ours), compat_wheel)
    third_party = sorted(
        {
            r
            for wheel in ours
            for r in wheel.requirements
            if project_name(r) not in DISTRIBUTIONS
        }
    )
    environment.pip("install", "-c", CONSTRAINTS, *third_party)
    environment.pip("install", "-c", CONSTRAINTS, *EXTENSIONS)
    return environment


def installed(environment: Environment) -> dict[str, str]:
    """Normalized name -> version of every distribution in the environment."""
    listing = environment.pip("list", "--format", "json").stdout
    return {project_name(p["name"]): p["version"] for p in json.loads(listing)}


def test_extensions_did_not_bring_the_real_flask(
    with_extensions: Environment,
) -> None:
    versions = installed(with_extensions)
    assert versions["flask"] == compat_version()
    assert "flask-login" in versions
    assert "flask-debugtoolbar" in versions
    with_extensions.pip("check")
    code = textwrap.dedent(
        """
        import importlib.metadata, json, pathlib
        import flask, flask.seams
        package = pathlib.Path(flask.__file__).parent
        site = package.parent
        print(json.dumps({
            "version": importlib.metadata.version("flask"),
            "records": sorted(p.name for p in site.glob("flask-*.dist-info")),
            "seams": (package / "seams.py").is_file(),
        }))
        """
    )
    found = json.loads(with_extensions.python_code(code).stdout)
    assert found == {
        "version": compat_version(),
        "records": [f"flask-{compat_version()}.dist-info"],
        "seams": True,
    }


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
    assert lines == [compat_version(), "200", "True"]


def test_flask_version_command_names_the_compat_wheel(
    with_extensions: Environment,
) -> None:
    flask_command = with_extensions.python.parent / "flask"
    output = run([flask_command, "--version"], cwd=with_extensions.path).stdout
    lines = output.splitlines()
    assert lines[1] == f"Flask {compat_version()}"
    assert any(line.startswith("flask-core 0.1.0") for line in lines)


def test_upgrading_keeps_the_compat_wheel(with_extensions: Environment) -> None:
    with_extensions.pip("install", "-c", CONSTRAINTS, "--upgrade", "flask", *EXTENSIONS)
    assert installed(with_extensions)["flask"] == compat_version()


def test_constraints_pin_every_wheel_at_its_version(
    wheelhouse: dict[str, Wheel], compat_wheel: Path
) -> None:
    expected = {name: wheelhouse[name].version for name in DISTRIBUTIONS}
    expected["flask"] = compat_wheel.name.split("-")[1]
    assert pinned_versions() == expected


def test_eager_upgrades_keep_our_distributions(with_extensions: Environment) -> None:
    # Our names belong to unrelated projects on the index; the pins keep an
    # eager upgrade from installing those over ours.
    result = with_extensions.pip(
        "install",
        "--dry-run",
        "-c",
        CONSTRAINTS,
        "--upgrade",
        "--upgrade-strategy",
        "eager",
        *EXTENSIONS,
    )
    planned = re.findall(r"Would install (.*)", result.stdout)
    names = {
        project_name(item.rpartition("-")[0])
        for line in planned
        for item in line.split()
    }
    assert not names & {"flask", *DISTRIBUTIONS}, planned


def test_a_pin_on_the_api_version_is_met_by_the_compat_wheel(
    with_extensions: Environment,
) -> None:
    # A public version matches a candidate whatever its local label.
    result = with_extensions.pip(
        "install", "--dry-run", "-c", CONSTRAINTS, "flask==3.1.3"
    )
    assert "Would install" not in result.stdout


def test_constraints_refuse_the_real_flask(with_extensions: Environment) -> None:
    # Only a real Flask could satisfy this pin; the constraints forbid it.
    result = with_extensions.pip(
        "install", "--dry-run", "-c", CONSTRAINTS, "flask==3.1.2", check=False
    )
    assert result.returncode != 0
    assert "flask" in (result.stdout + result.stderr).lower()
    assert installed(with_extensions)["flask"] == compat_version()
