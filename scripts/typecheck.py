"""``mypy --strict`` over the whole ``flask`` package: ``python scripts/typecheck.py``.

Run it with an interpreter that has mypy and flask's third-party requirements
installed (``.venvs/types``, or Hatch's ``types`` environment), but not our
distributions: mypy cannot follow one package whose files sit in several
source folders, so this script links every ``packages/*/src/flask/**`` file
into one merged tree and checks that instead. Messages name the real files.
Extra arguments go to mypy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _workspace as ws

VIEW = ws.VENVS_DIR / "_mypy-view"
CACHE = ws.VENVS_DIR / "_mypy-cache"


def build_view(dists: dict[str, ws.Distribution], view: Path = VIEW) -> dict[str, Path]:
    """Link every distribution's ``src/`` files into ``view``.

    Returns each linked path (relative to ``view``) mapped to its real file.
    Raises :exc:`RuntimeError` if two distributions provide the same path.
    """
    if view.exists():
        shutil.rmtree(view)
    mapping: dict[str, Path] = {}
    for dist in dists.values():
        src = dist.path / "src"
        for source in dist.source_files:
            key = source.relative_to(src).as_posix()
            if key in mapping:
                raise RuntimeError(
                    f"{key} is provided twice: {mapping[key]} and {source}"
                )
            mapping[key] = source
            target = view / key
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(source, target)
    return mapping


def point_at_sources(output: str, mapping: dict[str, Path]) -> str:
    """Rewrite ``flask/x.py:12: ...`` lines to name the real files."""

    def real(match: re.Match[str]) -> str:
        source = mapping.get(match.group(1))
        if source is None:
            return match.group(0)
        try:
            return source.relative_to(ws.ROOT).as_posix() + ":"
        except ValueError:
            return str(source) + ":"

    return re.sub(r"^(flask/[^:\s]+):", real, output, flags=re.MULTILINE)


def main(argv: list[str]) -> int:
    """Build the merged tree, run mypy on it and print its report."""
    try:
        mapping = build_view(ws.distributions())
    except RuntimeError as error:
        print(f"error: {error}")
        return 1
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file",
        str(ws.ROOT / "pyproject.toml"),
        "--cache-dir",
        str(CACHE),
        *argv,
        "-p",
        "flask",
    ]
    result = subprocess.run(
        command,
        cwd=VIEW,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ws.quiet_pip_environment(),
    )
    print(point_at_sources(result.stdout, mapping), end="")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
