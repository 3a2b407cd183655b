"""The deployment step: Shelf builds into a wheel that carries its templates
and static files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_code_templates_and_static_files(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(PROJECT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("shelf-1.0.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "shelf/__init__.py",
        "shelf/api.py",
        "shelf/templates/books/index.html",
        "shelf/static/style.css",
    } <= names
    metadata = zipfile.ZipFile(wheel).read("shelf-1.0.0.dist-info/METADATA").decode()
    assert "Requires-Dist: flask-core<0.2,>=0.1" in metadata
