"""Start and stop real server processes for the demo's tests.

Every wait is bounded: a server that does not listen in time fails the test,
one that will not stop is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import typing as t
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


def free_port() -> int:
    """A port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def accepts_connections(port: int) -> bool:
    """Whether something listens on ``127.0.0.1:port``."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def wait_until_listening(
    process: subprocess.Popen[bytes], port: int, log: Path
) -> None:
    """Wait until ``port`` accepts connections; fail if ``process`` exits first
    (showing its output, which goes to ``log``)."""
    deadline = time.monotonic() + START_TIMEOUT
    while not accepts_connections(port):
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            pytest.fail(f"the server exited with {process.returncode}:\n{output}")
        if time.monotonic() > deadline:
            pytest.fail(f"nothing listened on port {port} within {START_TIMEOUT}s")
        time.sleep(0.2)


def wait_until_closed(port: int) -> bool:
    """Wait (bounded) until nothing listens on ``port``; tell whether it closed."""
    deadline = time.monotonic() + STOP_TIMEOUT
    while accepts_connections(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid`` and by those, read from ``/proc``
    (Linux; elsewhere an empty list)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (name) state ppid ...": the name may hold spaces.
            fields = stat.read_text().rpartition(")")[2].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def kill_all(pids: t.Iterable[int]) -> None:
    """Kill whichever of ``pids`` still run (a test's leftovers)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a process, killing it if it does not end in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def running(
    command: list[str], port: int, env: dict[str, str], log: Path
) -> t.Iterator[subprocess.Popen[bytes]]:
    """Run a server process listening on ``port`` for the ``with`` block,
    its output written to ``log``."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=EXAMPLES, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_listening(process, port, log)
        yield process
    finally:
        stop(process)
