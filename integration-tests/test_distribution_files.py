"""The files we would publish: valid metadata, and an import that needs nothing
from the working tree."""

from __future__ import annotations

import json
import sys
import tarfile
import textwrap
from pathlib import Path

from support import DISTRIBUTIONS, ROOT, Environment, Wheel, run


def test_twine_accepts_every_wheel_and_sdist(
    wheelhouse: dict[str, Wheel], sdists: dict[str, Path]
) -> None:
    files = [w.path for w in wheelhouse.values()] + list(sdists.values())
    assert len(files) == 2 * len(DISTRIBUTIONS)
    result = run([sys.executable, "-m", "twine", "check", "--strict", *files])
    assert result.stdout.count("PASSED") == len(files), result.stdout


def test_sdists_carry_the_sources_the_wheels_install(
    wheelhouse: dict[str, Wheel], sdists: dict[str, Path]
) -> None:
    for name, archive in sdists.items():
        with tarfile.open(archive) as tar:
            members = {m.split("/", 1)[1] for m in tar.getnames() if "/" in m}
        assert {"pyproject.toml", "README.md", "PKG-INFO"} <= members, name
        for installed in wheelhouse[name].files:
            assert f"src/{installed}" in members, (name, installed)


def test_isolated_import_comes_from_site_packages(
    everything: Environment, tmp_path: Path
) -> None:
    code = textwrap.dedent(
        """
        import json, sys, sysconfig
        import flask, flask.json, flask.sessions, flask.cli, flask.testing
        import flask.signals
        app = flask.Flask("smoke")
        app.secret_key = "smoke"

        @app.route("/")
        def index():
            flask.session["n"] = 1
            return {"ok": True}

        response = app.test_client().get("/")
        modules = [flask, flask.json, flask.sessions, flask.cli, flask.testing,
                   flask.signals]
        print(json.dumps({
            "site": sysconfig.get_path("purelib"),
            "files": [m.__file__ for m in modules],
            "path": list(flask.__path__),
            "status": response.status_code,
            "body": response.get_json(),
            "isolated": sys.flags.isolated,
        }))
        """
    )
    result = run([everything.python, "-I", "-c", code], cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["isolated"] == 1
    assert report["status"] == 200 and report["body"] == {"ok": True}
    site = Path(report["site"])
    for file in report["files"]:
        assert Path(file).is_relative_to(site), file
        assert not Path(file).is_relative_to(ROOT / "packages"), file
    assert [Path(p) for p in report["path"]] == [site / "flask"]
