"""Serve the notes demo: ``python scripts/demo.py [--host H] [--port P] [--debug]``.

It needs only Python 3.10+ and pip: the first run creates ``.venvs/all``
with every modular Flask distribution installed from this checkout (plus their
third-party requirements), later runs reuse it. Then it starts the demo on
Werkzeug's development server, by default at http://127.0.0.1:5000/.
Notes are stored in ``examples/instance/notes.sqlite3``.

The server runs as a child process; stopping this script (Ctrl-C, or
``kill -TERM``/``-HUP``/``-INT`` on its process) stops the server too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import types
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
    return serve(command, examples, env)


#: The signals that stop the demo: passed on to the server (POSIX).
STOP_SIGNALS = (
    signal.SIGINT,
    signal.SIGTERM,
    getattr(signal, "SIGHUP", signal.SIGTERM),
)


def serve(command: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Run the server until it exits; it never outlives this script.

    On POSIX the server gets a session (and process group) of its own, so
    that every stop signal (Ctrl-C in the terminal, ``kill -TERM`` or ``-HUP``
    on this process) reaches it exactly once: this script receives it and
    passes it on to the whole group (with ``--debug``, the reloader and the
    server it runs), then waits for the server to end. On Windows, Ctrl-C
    reaches both processes.
    """
    if os.name != "posix":
        try:
            return subprocess.call(command, cwd=cwd, env=env)
        except KeyboardInterrupt:
            return 0
    server = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)

    def forward(signum: int, frame: types.FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):  # the group is gone
            os.killpg(server.pid, signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, forward)
    code = server.wait()
    return 0 if -code in STOP_SIGNALS else code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
