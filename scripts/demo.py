"""Serve the notes demo: ``python scripts/demo.py [--host H] [--port P] [--debug]``.

It needs only Python 3.10+ and pip: the first run creates ``.venvs/all``
with every modular Flask distribution installed from this checkout (plus their
third-party requirements), later runs reuse it. Then it starts the demo on
Werkzeug's development server, by default at http://127.0.0.1:5000/.
Notes are stored in ``examples/instance/notes.sqlite3``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _workspace as ws


def main(argv: list[str]) -> int:
    """Prepare the environment, then run the demo until interrupted."""
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    dists = ws.distributions()
    print("Preparing .venvs/all (only slow the first time) ...", flush=True)
    python = ws.ensure_environment(ws.all_spec(dists), dists)
    examples = ws.ROOT / "examples"
    env = ws.quiet_pip_environment()
    env["PYTHONPATH"] = str(examples)
    command = [str(python), "-m", "notes", *argv]
    print(f"Serving the notes demo: {' '.join(command)}", flush=True)
    try:
        return subprocess.call(command, cwd=examples, env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
