"""Hatch for the repository's two commands, installed on first use; only Python needed.

``.venvs/_hatch`` holds the pinned Hatch (with uv, which its environments
install with). Its environments are kept in ``.venvs/<environment>``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import typing as t
from pathlib import Path

VERSION = "1.18.2"
ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venvs"
HOME = VENVS / "_hatch"
BIN = HOME / ("Scripts" if os.name == "nt" else "bin")


def hatch() -> list[str]:
    """The command that runs the pinned Hatch, installing it first if needed."""
    stamp = HOME / f"hatch-{VERSION}"
    if not stamp.exists():
        print(f"Installing Hatch {VERSION} into {HOME} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(HOME)], check=True)
        python = BIN / ("python.exe" if os.name == "nt" else "python")
        install = [str(python), "-m", "pip", "install", "-qq", f"hatch=={VERSION}"]
        install.append("packaging>=26.1")  # dependency groups, for hatch_workspace.py
        subprocess.run(install, check=True, env=environment())
        (HOME / "config.toml").write_text('[dirs.env]\nvirtual = ".venvs"\n')
        stamp.touch()
    return [str(BIN / "hatch")]


def environment(**extra: str) -> dict[str, str]:
    """The process environment for Hatch: its configuration and data under
    ``.venvs/_hatch``, its folder first on ``PATH`` (so that tests can call
    ``hatch``), plus ``extra``."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.update(
        HATCH_CONFIG=str(HOME / "config.toml"),
        HATCH_DATA_DIR=str(HOME / "data"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        **extra,
    )
    return env


@contextlib.contextmanager
def lock(name: str) -> t.Iterator[None]:
    """Hold the lock ``name`` (on POSIX): for example, one test run at a time
    creates or updates an environment that several runs use."""
    (VENVS / "_locks").mkdir(parents=True, exist_ok=True)
    with (VENVS / "_locks" / name).open("w") as held:
        if os.name == "posix":
            import fcntl

            fcntl.flock(held, fcntl.LOCK_EX)
        yield
