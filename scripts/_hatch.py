"""The pinned Hatch (with uv, which installs its environments, kept in
``.venvs/<environment>``), installed into ``.venvs/_hatch`` on first use."""

import os
import subprocess
import sys
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
        subprocess.run([sys.executable, "-m", "venv", "--clear", HOME], check=True)
        # packaging 26.1+ resolves dependency groups for scripts/hatch_workspace.py
        pip = [BIN / "python", "-m", "pip", "install", "-qq", f"hatch=={VERSION}"]
        subprocess.run([*pip, "packaging>=26.1"], check=True, env=environment())
        (HOME / "config.toml").write_text('[dirs.env]\nvirtual = ".venvs"\n')
        stamp.touch()
    return [str(BIN / "hatch")]


def environment(**extra: str) -> dict[str, str]:
    """The process environment for Hatch: its configuration and data under
    ``.venvs/_hatch``, its folder first on ``PATH`` (tests call ``hatch``)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["HATCH_CONFIG"] = str(HOME / "config.toml")
    env["HATCH_DATA_DIR"] = str(HOME / "data")
    return env | extra
