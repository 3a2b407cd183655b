"""The documented install commands, run as a user runs them, against the index.

Each kind of user gets one command after the wheelhouse is built (see
docs/installing.md): everything, a chosen subset, an extension on top. Each
runs here in a fresh virtual environment with its own pip, from a folder
holding the ``wheelhouse/`` that ``scripts/wheelhouse.py`` built, with the
public package index reachable (these tests need the network, as CI has).
After each, every installed distribution of our names must be ours: the
files and version of the wheel we built, and modular Flask's entry-point
group. The same command strings must appear in the README and the docs.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import textwrap
import typing as t
import venv
from pathlib import Path

import pytest

from support import DISTRIBUTIONS, ROOT, Wheel, requirement_name, run

#: Built once per checkout; the tests give it ``--dir``.
BUILD = "python scripts/wheelhouse.py"
#: One command per kind of user, run from the checkout's root.
EVERYTHING = "python -m pip install -c wheelhouse/constraints.txt flask-full"
SUBSET = "python -m pip install -c wheelhouse/constraints.txt flask-core flask-json"
EXTENSION = "python -m pip install -c wheelhouse/constraints.txt flask Flask-Login"
#: An optional library of ours (an extra), named rather than asked for as
#: ``flask-json[orjson]``: pip before 26 does not apply a constraint pinned
#: to a URL to a requirement with extras.
WITH_LIBRARY = "python -m pip install -c wheelhouse/constraints.txt flask-json orjson"
#: Optional: the constraints for every later pip command of an environment.
KEEP_CONSTRAINTS = 'python -m pip config --site set global.constraint "$PWD/wheelhouse/constraints.txt"'
COMMANDS = (BUILD, EVERYTHING, SUBSET, EXTENSION, WITH_LIBRARY, KEEP_CONSTRAINTS)

#: Our names: the compatibility wheel's and every distribution's.
OURS = ("flask", *DISTRIBUTIONS)
#: What a new virtual environment holds before anything is installed.
BARE = {"pip", "setuptools"}
THIRD_PARTY = {"werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "blinker"}

#: Run in an environment: each distribution of our names, as recorded there.
PROBE = textwrap.dedent(
    f"""
    import importlib.metadata, json
    found = {{}}
    for name in {OURS!r}:
        for d in importlib.metadata.distributions(name=name):
            found.setdefault(name, []).append({{
                "version": d.version,
                "files": [str(f) for f in d.files or []],
                "entry_points": d.read_text("entry_points.txt") or "",
            }})
    print(json.dumps(found))
    """
)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the ``wheelhouse/`` built by the documented command,
    where the install commands run."""
    folder = tmp_path_factory.mktemp("checkout")
    script = ROOT / shlex.split(BUILD)[1]
    run([sys.executable, script, "--dir", folder / "wheelhouse"], timeout=900)
    return folder


@pytest.fixture(scope="module")
def built(checkout: Path) -> dict[str, Wheel]:
    """The wheels in the wheelhouse, by distribution name."""
    wheels = {}
    for path in (checkout / "wheelhouse").glob("*.whl"):
        name = requirement_name(path.name.split("-")[0])
        wheels[name] = Wheel(name, path)
    assert set(wheels) == set(OURS)
    return wheels


class UserEnvironment:
    """A fresh virtual environment with its own pip, used from ``checkout``
    as the documentation says."""

    def __init__(self, path: Path, checkout: Path) -> None:
        venv.EnvBuilder(with_pip=True, clear=True).create(path)
        self.python = path / "bin" / "python"
        self.checkout = checkout

    def command(
        self, command: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run a documented ``python ...`` command with this environment's
        interpreter, from the checkout."""
        words = shlex.split(command.replace("$PWD", str(self.checkout)))
        assert words[0] == "python", command
        return run([self.python, *words[1:]], cwd=self.checkout, check=check)

    def installed(self) -> dict[str, str]:
        """Normalized name -> version of everything ``pip list`` shows,
        but for what a new environment already holds (pip, setuptools)."""
        listing = self.command("python -m pip list --format json").stdout
        found = {requirement_name(p["name"]): p["version"] for p in json.loads(listing)}
        return {name: v for name, v in found.items() if name not in BARE}

    def ours(self) -> dict[str, list[dict[str, t.Any]]]:
        """What the probe finds under each of our names."""
        output = run([self.python, "-c", PROBE], cwd=self.checkout).stdout
        found: dict[str, list[dict[str, t.Any]]] = json.loads(output)
        return found


def assert_all_ours(
    environment: UserEnvironment, built: dict[str, Wheel], expected: set[str]
) -> None:
    """Exactly ``expected`` of our names are installed, each once, each with
    the version, files and marker of the wheel we built, and
    ``python -m flask.installation`` finds nothing wrong."""
    found = environment.ours()
    assert set(found) == expected
    for name, records in found.items():
        (record,) = records
        wheel = built[name]
        assert record["version"] == wheel.version, name
        files = {
            f
            for f in record["files"]
            if ".dist-info/" not in f and "__pycache__" not in f and ".." not in f
        }
        assert files == wheel.files, name
        assert "[modular_flask]" in record["entry_points"], name
    check = environment.command("python -m flask.installation")
    assert check.stdout.startswith("Modular Flask is installed and unchanged")


def test_the_documentation_gives_these_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    installing = (ROOT / "docs" / "installing.md").read_text()
    for command in COMMANDS:
        assert f"$ {command}" in installing, command
    for command in (BUILD, EVERYTHING, SUBSET, EXTENSION):
        assert f"$ {command}" in readme, command


def test_everything(tmp_path: Path, checkout: Path, built: dict[str, Wheel]) -> None:
    environment = UserEnvironment(tmp_path / "everything", checkout)
    environment.command(EVERYTHING)
    ours = set(OURS) - {"flask"}
    assert set(environment.installed()) == ours | THIRD_PARTY
    assert_all_ours(environment, built, ours)
    environment.command("python -m pip check")
    version = environment.command("python -m flask --version").stdout
    assert "flask-full 0.1.0" in version.splitlines()


def test_a_chosen_subset(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel]
) -> None:
    environment = UserEnvironment(tmp_path / "subset", checkout)
    environment.command(SUBSET)
    ours = {"flask-core", "flask-json"}
    third_party = {"werkzeug", "jinja2", "markupsafe"}
    assert set(environment.installed()) == ours | third_party
    assert_all_ours(environment, built, ours)
    code = "import flask; print(flask.json.dumps({'ok': True}), 'click' in __import__('sys').modules)"
    output = run([environment.python, "-c", code], cwd=checkout).stdout
    assert output.split() == ['{"ok":', "true}", "False"]


def test_an_optional_library_by_name(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel]
) -> None:
    environment = UserEnvironment(tmp_path / "library", checkout)
    environment.command(WITH_LIBRARY)
    assert set(environment.installed()) == {
        "flask-core",
        "flask-json",
        "orjson",
        "werkzeug",
        "jinja2",
        "markupsafe",
    }
    assert_all_ours(environment, built, {"flask-core", "flask-json"})


def test_an_extra_never_takes_the_index_project(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel]
) -> None:
    """Asked for with an extra, an old pip may fail to resolve our name (it
    does not apply the URL constraint then) and a new one installs ours; no
    pip may install the index's project of the same name."""
    environment = UserEnvironment(tmp_path / "extra", checkout)
    attempt = environment.command(
        'python -m pip install -c wheelhouse/constraints.txt "flask-json[orjson]"',
        check=False,
    )
    found = environment.ours()
    if attempt.returncode != 0:
        assert found == {}
    else:
        assert_all_ours(environment, built, {"flask-core", "flask-json"})


LOGIN_APP = textwrap.dedent(
    """
    import flask
    from flask_login import LoginManager, UserMixin, current_user, login_user

    app = flask.Flask("login_demo")
    app.secret_key = "integration"
    manager = LoginManager(app)

    class User(UserMixin):
        def __init__(self, name):
            self.id = name

    manager.user_loader(User)

    @app.post("/login/<name>")
    def login(name):
        login_user(User(name))
        return "welcome"

    @app.get("/me")
    def me():
        return current_user.get_id() or "nobody"

    client = app.test_client()
    print(client.get("/me").text, client.post("/login/ada").text, client.get("/me").text)
    """
)


def assert_login_works(environment: UserEnvironment) -> None:
    """Flask-Login logs a user in on the installed Flask."""
    output = run([environment.python, "-c", LOGIN_APP], cwd=environment.checkout)
    assert output.stdout.split() == ["nobody", "welcome", "ada"]


def test_an_extension_on_top(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel]
) -> None:
    environment = UserEnvironment(tmp_path / "extension", checkout)
    environment.command(EVERYTHING)
    environment.command(EXTENSION)
    assert set(environment.installed()) == {*OURS, *THIRD_PARTY, "flask-login"}
    assert_all_ours(environment, built, set(OURS))
    environment.command("python -m pip check")
    assert_login_works(environment)


def test_an_extension_without_the_compat_wheel_brings_it(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel]
) -> None:
    # Only a subset installed, then an extension that requires Flask, with
    # the constraints but without naming the compatibility wheel: the pin
    # on "flask" brings ours (and flask-full, which it requires) rather than
    # the real Flask.
    environment = UserEnvironment(tmp_path / "no-compat", checkout)
    environment.command(SUBSET)
    environment.command(
        "python -m pip install -c wheelhouse/constraints.txt Flask-Login"
    )
    assert_all_ours(environment, built, set(OURS))
    assert_login_works(environment)


def test_kept_constraints_guard_every_later_command(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel]
) -> None:
    environment = UserEnvironment(tmp_path / "kept", checkout)
    environment.command(KEEP_CONSTRAINTS)
    # From now on, plain commands by name are safe in this environment.
    environment.command("python -m pip install flask-core flask-json")
    environment.command("python -m pip install Flask-Login")
    assert_all_ours(environment, built, set(OURS))
    refused = environment.command("python -m pip install Flask==3.1.2", check=False)
    assert refused.returncode != 0
    assert "ResolutionImpossible" in refused.stderr
    assert_all_ours(environment, built, set(OURS))


@pytest.mark.parametrize(
    ("accident", "real"),
    [
        ("python -m pip install Flask==3.1.2", "3.1.2"),
        # The same version as the compatibility wheel: only the mark differs.
        ("python -m pip install --force-reinstall --no-deps Flask==3.1.3", "3.1.3"),
    ],
)
def test_the_real_flask_installed_over_modular_flask_is_reported(
    tmp_path: Path, checkout: Path, built: dict[str, Wheel], accident: str, real: str
) -> None:
    environment = UserEnvironment(tmp_path / "overwritten", checkout)
    environment.command(EVERYTHING)
    environment.command(EXTENSION)
    # Without the constraints pip replaces the compatibility wheel with the
    # real Flask, whose files land over ours; pip check sees nothing wrong.
    environment.command(accident)
    assert environment.installed()["flask"] == real
    environment.command("python -m pip check")

    # The flask command is now the real Flask's: no line of ours.
    flask_command = environment.python.parent / "flask"
    version = run([flask_command, "--version"], cwd=checkout).stdout.splitlines()
    assert version[1:] == [
        f"Flask {real}",
        f"Werkzeug {environment.installed()['werkzeug']}",
    ]

    # flask.installation, which the real Flask does not ship, still runs.
    report = environment.command("python -m flask.installation", check=False)
    assert report.returncode == 1
    lines = report.stdout.splitlines()
    assert lines[0] == "Modular Flask is not installed as it should be:"
    assert lines[1].startswith(f"- The real Flask {real} is installed")
    assert any(
        line.startswith("- flask-core 0.1.0: files it installed were overwritten")
        and "flask/__init__.py" in line
        for line in lines
    )

    # Its repair commands, run as printed, bring modular Flask back.
    start = lines.index("To repair it, run from modular Flask's checkout:") + 1
    repairs = [line.strip() for line in lines[start:] if line.startswith("    ")]
    assert repairs[0] == "python -m pip uninstall flask"
    for repair in repairs:
        environment.command(repair.replace("uninstall", "uninstall -y"))
    assert_all_ours(environment, built, set(OURS))
    version = run([flask_command, "--version"], cwd=checkout).stdout.splitlines()
    assert version[1] == "Flask 3.1.3"
    assert version[2] == "flask-core 0.1.0 (Flask 3.1.3 API)"
