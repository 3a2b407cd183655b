"""``scripts/demo.py`` as people run it: started, then stopped with a signal.

The script serves the demo from ``.venvs/all``, which it creates on first use.
Here it gets a throw-away ``MODULAR_FLASK_VENVS`` folder whose ``all``
environment is a bare virtual environment that sees this test environment's
packages, stamped as up to date, so that the real script runs unchanged
without installing anything.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import urllib.request
import venv
from pathlib import Path

import pytest
from servers import (
    EXAMPLES,
    descendants,
    free_port,
    kill_all,
    running,
    wait_until_closed,
)

ROOT = EXAMPLES.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@pytest.fixture
def venvs(tmp_path: Path) -> Path:
    """A ``.venvs`` stand-in whose ``all`` environment the script will reuse."""
    folder = tmp_path / "venvs"
    environment = folder / "all"
    venv.EnvBuilder(with_pip=False).create(environment)
    site_packages = next(environment.glob("lib/python*/site-packages"))
    ours = sysconfig.get_path("purelib")
    (site_packages / "test-environment.pth").write_text(
        f"import site; site.addsitedir({ours!r})\n"
    )
    stamp = environment / "modular-flask-env.json"
    stamp.write_text(json.dumps({"fingerprint": script_fingerprint()}))
    return folder


def script_fingerprint() -> str:
    """The fingerprint the script will compute for ``.venvs/all``, asked of an
    interpreter started exactly as the script will be (it covers the
    interpreter's path as that process sees it)."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import _workspace as ws;"
        " d = ws.distributions(); print(ws.all_spec(d).fingerprint(d))"
    )
    scripts = str(ROOT / "scripts")
    result = subprocess.run(
        [sys.executable, "-c", code, scripts],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def reused(venvs: Path) -> bool:
    """Whether the script kept the prepared environment (a rebuild drops the
    ``.pth`` file that points at this test environment)."""
    return any((venvs / "all").glob("lib/python*/site-packages/test-environment.pth"))


def start_demo(
    venvs: Path, tmp_path: Path, *arguments: str
) -> tuple[list[str], dict[str, str], int]:
    """The command, environment and port that run ``scripts/demo.py``."""
    port = free_port()
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["MODULAR_FLASK_VENVS"] = str(venvs)
    env["NOTES_DATABASE"] = str(tmp_path / "notes.sqlite3")
    command = [sys.executable, str(ROOT / "scripts" / "demo.py")]
    return [*command, "--port", str(port), *arguments], env, port


def page(port: int) -> str:
    """The demo's index page."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
        return str(answer.read().decode())


@pytest.mark.parametrize(
    ("stop_with", "arguments"),
    [
        (signal.SIGTERM, ()),
        (signal.SIGTERM, ("--debug",)),
        (signal.SIGHUP, ("--debug",)),
        (signal.SIGINT, ()),
    ],
    ids=["TERM", "TERM --debug", "HUP --debug", "INT"],
)
def test_a_signal_to_the_script_stops_the_server(
    venvs: Path,
    tmp_path: Path,
    stop_with: signal.Signals,
    arguments: tuple[str, ...],
) -> None:
    command, env, port = start_demo(venvs, tmp_path, *arguments)
    log = tmp_path / "demo.log"
    with running(command, port, env, log) as script:
        servers = descendants(script.pid)
        try:
            assert "No notes yet." in page(port)
            script.send_signal(stop_with)
            try:
                code = script.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pytest.fail(f"demo.py did not end after {stop_with.name}")
            # The server, and with --debug the reloader's server process too,
            # ended with the script: nothing listens on the port any more.
            assert wait_until_closed(port), log.read_text(errors="replace")
        finally:
            kill_all(servers)  # whatever a failure left running
    assert code == 0, log.read_text(errors="replace")
    assert reused(venvs)


def test_the_script_reports_the_server_s_own_failure(
    venvs: Path, tmp_path: Path
) -> None:
    command, env, _ = start_demo(venvs, tmp_path, "--port", "not-a-number")
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "invalid int value" in result.stderr
    assert reused(venvs)
