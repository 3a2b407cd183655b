"""Record the public surface of flask-full into ``flask-full-surface.json``.

usage: python integration-tests/surface/record_surface.py PYTHON MANIFEST

PYTHON is an interpreter with only flask-full installed from wheels (the
integration tests make one under ``.venvs/_integration/``); MANIFEST lists the
public names and class members to record (Flask 3.1.3's, from the project's
shared surface tool). Run it again after adding public API on purpose.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import typing as t
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "flask-full-surface.json"


def wanted_from(manifest: dict[str, t.Any]) -> dict[str, t.Any]:
    """The public names (not incidental imports) and every class member."""
    modules = {
        name: sorted(
            n for n, ref in module["names"].items() if ref["tier"] != "incidental"
        )
        for name, module in manifest["modules"].items()
    }
    classes = {q: sorted(c["members"]) for q, c in manifest["classes"].items()}
    return {"modules": modules, "classes": classes}


def main(python: str, manifest_path: str) -> None:
    """Probe ``python``'s flask and write the snapshot."""
    manifest = json.loads(Path(manifest_path).read_text())
    with tempfile.TemporaryDirectory() as work:
        wanted = Path(work) / "wanted.json"
        wanted.write_text(json.dumps(wanted_from(manifest)))
        result = subprocess.run(
            [
                str(Path(python).absolute()),
                "-I",
                str(HERE / "surface_probe.py"),
                str(wanted),
            ],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        )
    SNAPSHOT.write_text(
        json.dumps(json.loads(result.stdout), indent=1, sort_keys=True) + "\n"
    )
    print(f"wrote {SNAPSHOT}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
