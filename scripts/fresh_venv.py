"""Fresh virtual environments for the install tests and the benchmarks, and a
lock for environments that parallel test runs share.

An environment is made without pip of its own (quick to create); the running
interpreter's pip installs into it with ``--python``. Our distributions are
installed by file or folder, never by name: their names on the public index
belong to unrelated projects.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import typing as t
import venv
from pathlib import Path


def create(path: Path) -> Path:
    """Create (or empty) a virtual environment at ``path``; return its python."""
    venv.EnvBuilder(with_pip=False, clear=True).create(path)
    return python_of(path)


def python_of(path: Path) -> Path:
    """The interpreter of the virtual environment at ``path``."""
    if os.name == "nt":
        return path / "Scripts" / "python.exe"
    return path / "bin" / "python"


def clean_environment() -> dict[str, str]:
    """This process's environment minus what would leak into a child's tools:
    ``PYTHONPATH``, the test runner's pytest options, pip's version check."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def pip(
    python: Path, *arguments: str | Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run pip (this interpreter's) against the environment of ``python``.

    With ``check``, a failure raises :exc:`subprocess.CalledProcessError`
    carrying pip's output.
    """
    command = [sys.executable, "-m", "pip", "--python", str(python)]
    return subprocess.run(
        [*command, *map(str, arguments)],
        capture_output=True,
        text=True,
        env=clean_environment(),
        check=check,
        timeout=900,
    )


@contextlib.contextmanager
def locked(path: Path) -> t.Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (POSIX; test runs are not
    parallel elsewhere): one run at a time makes an environment that runs share."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        if os.name == "posix":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
