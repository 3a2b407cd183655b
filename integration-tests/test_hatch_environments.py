"""Every Hatch environment takes our distributions from this checkout, never the index.

The names flask-core, flask-json, flask-cli, flask-testing and flask-sessions
belong to unrelated projects on the public package index, and ``flask`` to
the real Flask. hatch.toml's ``[sources]`` and workspaces are meant to install
ours from ``packages/``; this test looks at what each environment actually
holds: every installed distribution named ``flask`` or ``flask-*`` must have
been installed from a folder under ``packages/`` (PEP 610's
``direct_url.json``), and the distributions an environment is about must be
editable. Each environment is created or brought up to date first (``hatch``
must be on ``PATH``: ``python scripts/check.py`` puts its own there).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import typing as t
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from support import PACKAGES, ROOT, pyproject

sys.path.insert(0, str(ROOT / "scripts"))

import _hatch
import fresh_venv

#: Environments that cannot be created on machines that reach only package
#: registries: ``upstream-main`` takes Werkzeug and Jinja from their git
#: repositories. Its distributions of ours are those of ``all``, its template
#: (checked by ``test_upstream_main_holds_what_all_holds``).
NEEDS_SOURCE_HOSTS = {"upstream-main"}

LISTING = """
import importlib.metadata as m, json
found = {}
for d in m.distributions():
    name = d.metadata["Name"].lower().replace("_", "-")
    if name == "flask" or name.startswith("flask-"):
        found[name] = json.loads(d.read_text("direct_url.json") or "null")
print(json.dumps(found))
"""


def hatch(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the ``hatch`` found on ``PATH`` from the repository root."""
    executable = shutil.which("hatch")
    assert executable, "hatch is not on PATH (run python scripts/check.py)"
    return subprocess.run(
        [executable, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def environments() -> dict[str, dict[str, t.Any]]:
    """hatch.toml's environments (matrices expanded) that install any of ours."""
    shown = json.loads(hatch("env", "show", "--json").stdout)
    return {
        name: config
        for name, config in shown.items()
        if config.get("workspace", {}).get("members")
    }


def our_folders() -> dict[str, Path]:
    """Each of our distribution names, with the folder it is built from."""
    return {
        pyproject(folder)["project"]["name"]: folder.resolve()
        for folder in sorted(PACKAGES.iterdir())
        if (folder / "pyproject.toml").is_file()
    }


def installed(environment: str) -> dict[str, t.Any]:
    """The ``flask``/``flask-*`` distributions of an environment, each with its
    ``direct_url.json`` (``None`` when installed from an index)."""
    lock = _hatch.VENVS / "_locks" / f"environment-{environment}"
    with fresh_venv.locked(lock):  # as other test runs do
        hatch("run", f"{environment}:python", "-c", "pass")  # create or update it
    location = Path(hatch("env", "find", environment).stdout.strip())
    python = next(
        p
        for p in (location / "bin" / "python", location / "Scripts" / "python.exe")
        if p.exists()
    )
    listing = subprocess.run(
        [str(python), "-c", LISTING], capture_output=True, text=True, check=True
    )
    return dict(json.loads(listing.stdout))


def test_every_environment_installs_ours_from_this_checkout(
    environments: dict[str, dict[str, t.Any]],
) -> None:
    folders = our_folders()
    checked = [name for name in environments if name not in NEEDS_SOURCE_HOSTS]
    assert "all.speedups" in checked and "flask-json.no-speedups" in checked
    for name in checked:
        members = {
            (ROOT / m["path"]).resolve()
            for m in environments[name]["workspace"]["members"]
        }
        found = installed(name)
        assert found, f"{name}: none of our distributions is installed"
        for distribution, origin in found.items():
            assert distribution in folders, f"{name}: {distribution} is not ours"
            assert origin is not None, f"{name}: {distribution} came from an index"
            url = urlparse(origin["url"])
            assert url.scheme == "file", (name, distribution, origin)
            assert Path(unquote(url.path)).resolve() == folders[distribution], (
                name,
                distribution,
                origin,
            )
            if folders[distribution] in members:
                assert origin.get("dir_info", {}).get("editable"), (name, distribution)
        missing = members - {folders[d] for d in found}
        assert not missing, f"{name}: members not installed: {sorted(missing)}"


def test_upstream_main_holds_what_all_holds(
    environments: dict[str, dict[str, t.Any]],
) -> None:
    assert (
        environments["upstream-main"]["workspace"]
        == environments["all.speedups"]["workspace"]
    )
    # the speed shortcuts on, every package's tests as in `all`
    assert "MODULAR_FLASK_NO_SPEEDUPS" not in environments["upstream-main"].get(
        "env-vars", {}
    )
    assert (
        environments["upstream-main"]["scripts"]["test"]
        == environments["all.speedups"]["scripts"]["test"]
    )
    ours = set(our_folders())
    for requirement in environments["upstream-main"].get("extra-dependencies", ()):
        assert requirement.split("@")[0].strip().split("[")[0] not in ours, requirement
