"""Build every distribution's sdist, and its wheel from that sdist, into a folder.

    python integration-tests/build_distributions.py FOLDER

``scripts/check.py`` runs it once per run (``hatch run integration:build``)
and names the folder in ``MODULAR_FLASK_WHEELHOUSE`` for the integration tests;
without that variable, their session builds its own. Building the wheel from
the sdist proves the sdist complete; hatchling builds reproducibly, so
unchanged sources give byte-identical wheels (and reusable cached environments).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PACKAGES = Path(__file__).resolve().parent.parent / "packages"
#: Every distribution that is built; flask-compat (the local ``flask``
#: wheel) is built by the tests that use it.
DISTRIBUTIONS = (
    "flask-core",
    "flask-json",
    "flask-sessions",
    "flask-cli",
    "flask-testing",
    "flask-signals",
    "flask-full",
)


def build(folder: Path) -> None:
    """Empty ``folder``, then build every sdist and wheel into it, with this
    interpreter's ``build`` and hatchling (no isolated build environments)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in DISTRIBUTIONS:
        command = [sys.executable, "-m", "build", "--no-isolation", "--outdir"]
        result = subprocess.run(
            [*command, str(folder), str(PACKAGES / name)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"building {name} failed:\n{result.stdout}{result.stderr}"
            )


if __name__ == "__main__":
    build(Path(sys.argv[1]).resolve())
