"""Build modular Flask's wheelhouse: ``python scripts/wheelhouse.py [--dir DIR]``.

It builds the wheel of every distribution in ``packages/`` (the compatibility
wheel named ``flask`` included) into ``wheelhouse/`` and writes
``wheelhouse/constraints.txt``, which pins each of our names to its wheel by
absolute ``file:`` URL::

    flask-core @ file:///.../wheelhouse/flask_core-0.1.0-py3-none-any.whl

Installing by name under that file is the one safe way to install modular
Flask: for a name pinned to a URL, pip (and uv) consider only that file and
never the package index, where flask-core, flask-json, flask-sessions,
flask-cli and flask-testing belong to unrelated projects and ``flask`` to the
real Flask; third-party requirements still come from the index::

    python -m pip install -c wheelhouse/constraints.txt flask-full

Pins to URLs cannot be relative (pip 23 refuses them), so the file is written
here rather than kept in the repository; build the wheelhouse again after
moving it. It needs only Python 3.10+ and pip (pip fetches the build backend).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import fresh_venv

ROOT = Path(__file__).resolve().parent.parent
#: Every distribution's folder: ours, and the compatibility wheel's.
SOURCES = sorted(p.parent for p in (ROOT / "packages").glob("*/pyproject.toml"))

HEADER = """\
# Written by scripts/wheelhouse.py: every name of modular Flask pinned to its
# wheel in this folder. Install by name with this file as a constraint, e.g.
#   python -m pip install -c {path} flask-full
# and keep it for every later pip command in the environment (PIP_CONSTRAINT).
# The public package index is never asked for these names: there, flask-core,
# flask-json, flask-sessions, flask-cli and flask-testing are unrelated
# projects and "flask" is the real Flask.
"""


def wheel_project(path: Path) -> str:
    """The normalized project name a wheel's file name starts with."""
    return re.sub(r"[-_.]+", "-", path.name.split("-")[0]).lower()


def build(folder: Path, build_isolation: bool = True) -> list[Path]:
    """Build every distribution's wheel into ``folder``, replacing the wheels
    of the same projects that an earlier run left there; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir"]
        command.append(scratch)
        if not build_isolation:
            command.append("--no-build-isolation")
        command += [str(source) for source in SOURCES]
        subprocess.run(command, check=True, env=fresh_venv.clean_environment())
        built = sorted(Path(scratch).glob("*.whl"))
        names = {wheel_project(w) for w in built}
        for stale in folder.glob("*.whl"):
            if wheel_project(stale) in names:
                stale.unlink()
        for wheel in built:
            shutil.move(wheel, folder / wheel.name)
    return sorted(folder / w.name for w in built)


def write_constraints(folder: Path, wheels: list[Path]) -> Path:
    """Write ``constraints.txt`` pinning each wheel's project to its file."""
    path = folder / "constraints.txt"
    lines = [HEADER.format(path=path)]
    lines += [f"{wheel_project(w)} @ {w.resolve().as_uri()}\n" for w in wheels]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Build the wheelhouse and say how to install from it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=ROOT / "wheelhouse",
        help="where to put the wheels and constraints.txt (default: wheelhouse/)",
    )
    parser.add_argument(
        "--no-build-isolation",
        dest="build_isolation",
        action="store_false",
        help="build with the hatchling already installed here",
    )
    args = parser.parse_args(argv)
    folder = args.dir.resolve()
    wheels = build(folder, args.build_isolation)
    constraints = write_constraints(folder, wheels)
    print(f"Built {len(wheels)} wheels into {folder}; install from them with")
    print(f"    python -m pip install -c {constraints} flask-full")
    print("naming the distributions you want (see docs/installing.md), and keep")
    print("the constraints for every later pip command of that environment with")
    print(f'    python -m pip config --site set global.constraint "{constraints}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
