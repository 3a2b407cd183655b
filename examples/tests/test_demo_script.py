"""``scripts/demo.py`` as people run it: started, then stopped with a signal.

The script runs ``hatch run demo:serve`` with the Hatch that
``scripts/check.py`` installs into ``.venvs/_hatch`` (installed here first if
missing). The ``demo`` environment is brought up to date once, before the
tests, so that the script itself never has to install anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
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

sys.path.insert(0, str(EXAMPLES.parent / "scripts"))

import _hatch
import fresh_venv

ROOT = EXAMPLES.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

#: What Hatch prints when it creates or updates an environment.
INSTALLING = ("Creating environment", "Syncing dependencies")


@pytest.fixture(scope="module")
def demo_environment() -> None:
    """The ``demo`` environment, up to date; one test run at a time makes it
    (the speedups and no-speedups runs, and the integration test of every
    environment, may start together)."""
    with fresh_venv.locked(_hatch.VENVS / "_locks" / "environment-demo"):
        command = [*_hatch.hatch(), "run", "demo:python", "-c", "pass"]
        subprocess.run(
            command,
            cwd=ROOT,
            env=_hatch.environment(),
            capture_output=True,
            check=True,
            timeout=900,
        )


def installed_nothing(log: Path) -> bool:
    """Whether the script's output shows that Hatch installed nothing."""
    output = log.read_text(errors="replace")
    return not any(message in output for message in INSTALLING)


def start_demo(
    tmp_path: Path, *arguments: str
) -> tuple[list[str], dict[str, str], int]:
    """The command, environment and port that run ``scripts/demo.py``."""
    port = free_port()
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
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
@pytest.mark.usefixtures("demo_environment")
def test_a_signal_to_the_script_stops_the_server(
    tmp_path: Path,
    stop_with: signal.Signals,
    arguments: tuple[str, ...],
) -> None:
    command, env, port = start_demo(tmp_path, *arguments)
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
    assert installed_nothing(log)


@pytest.mark.usefixtures("demo_environment")
def test_the_script_reports_the_server_s_own_failure(tmp_path: Path) -> None:
    command, env, _ = start_demo(tmp_path, "--port", "not-a-number")
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "invalid int value" in result.stderr
    assert not any(message in result.stderr for message in INSTALLING)
