"""Serve the notes demo: ``python scripts/demo.py [--host H] [--port P] [--debug]``.

It needs only Python 3.10+: like ``scripts/check.py`` it installs the pinned
Hatch into ``.venvs/_hatch`` on first use, then runs ``hatch run demo:serve``,
whose environment (every distribution of this checkout, editable) Hatch
creates the first time. The demo runs on Werkzeug's development server, by
default at http://127.0.0.1:5000/; notes are stored in
``examples/instance/notes.sqlite3``.
"""

from __future__ import annotations

import subprocess
import sys

import _hatch


def main(argv: list[str]) -> int:
    """Run the demo until interrupted."""
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    command = [*_hatch.hatch(), "run", "demo:serve", *argv]
    print(f"Serving the notes demo: hatch run demo:serve {' '.join(argv)}", flush=True)
    try:
        return subprocess.call(command, cwd=_hatch.ROOT, env=_hatch.environment())
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
