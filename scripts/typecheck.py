"""``mypy --strict`` over the whole ``flask`` package: ``python scripts/typecheck.py``.

Run it with an interpreter that has mypy and flask's third-party requirements
installed: ``hatch run types:check``. mypy cannot follow one package whose
files sit in several source folders (editable installs give one path entry per
distribution), so this script links every ``packages/*/src/flask/**`` file
into one merged tree and checks that instead, from inside it. Messages name
the real files. Extra arguments go to mypy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEW = ROOT / ".venvs" / "_mypy-view"
CACHE = ROOT / ".venvs" / "_mypy-cache"


def source_files(src: Path) -> list[Path]:
    """Every file under a ``src/`` folder, caches and hidden folders left out."""
    return sorted(
        path
        for path in src.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not any(part.startswith(".") for part in path.relative_to(src).parts)
        and path.suffix not in (".pyc", ".pyo")
    )


def build_view(sources: list[Path], view: Path = VIEW) -> dict[str, Path]:
    """Link the files of every ``src/`` folder in ``sources`` into ``view``.

    Returns each linked path (relative to ``view``) mapped to its real file.
    Raises :exc:`RuntimeError` if two distributions provide the same path.
    """
    if view.exists():
        shutil.rmtree(view)
    mapping: dict[str, Path] = {}
    for src in sources:
        for source in source_files(src):
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
            return source.relative_to(ROOT).as_posix() + ":"
        except ValueError:
            return str(source) + ":"

    return re.sub(r"^(flask/[^:\s]+):", real, output, flags=re.MULTILINE)


def main(argv: list[str]) -> int:
    """Build the merged tree, run mypy on it and print its report."""
    try:
        mapping = build_view(sorted(ROOT.glob("packages/*/src")))
    except RuntimeError as error:
        print(f"error: {error}")
        return 1
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file",
        str(ROOT / "pyproject.toml"),
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
    )
    print(point_at_sources(result.stdout, mapping), end="")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
