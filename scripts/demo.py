"""Serve the notes demo: ``python scripts/demo.py [--host H] [--port P] [--debug]``.

It needs only Python 3.10+: like ``scripts/check.py`` it installs the pinned
Hatch into ``.venvs/_hatch`` on first use, then runs ``hatch run demo:serve``,
whose environment (every distribution of this checkout, editable) Hatch
creates the first time. The demo runs on Werkzeug's development server, by
default at http://127.0.0.1:5000/; notes are stored in
``examples/instance/notes.sqlite3``.

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

import _hatch


def main(argv: list[str]) -> int:
    """Serve the demo until it is stopped."""
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    command = [*_hatch.hatch(), "run", "demo:serve", *argv]
    print(f"Serving the notes demo: hatch run demo:serve {' '.join(argv)}", flush=True)
    return serve(command, _hatch.environment())


#: The signals that stop the demo: passed on to the server (POSIX).
STOP_SIGNALS = (
    signal.SIGINT,
    signal.SIGTERM,
    getattr(signal, "SIGHUP", signal.SIGTERM),
)


def serve(command: list[str], env: dict[str, str]) -> int:
    """Run the server until it exits; it never outlives this script.

    On POSIX Hatch and the server it starts get a session (and process group)
    of their own, so that every stop signal (Ctrl-C in the terminal, ``kill
    -TERM`` or ``-HUP`` on this process) reaches them exactly once: this
    script receives it and passes it on to the whole group (with ``--debug``,
    the reloader and the server it runs too), then waits for them to end. On
    Windows, Ctrl-C reaches every process.
    """
    if os.name != "posix":
        try:
            return subprocess.call(command, cwd=_hatch.ROOT, env=env)
        except KeyboardInterrupt:
            return 0
    server = subprocess.Popen(command, cwd=_hatch.ROOT, env=env, start_new_session=True)

    def forward(signum: int, frame: types.FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):  # the group is gone
            os.killpg(server.pid, signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, forward)
    code = server.wait()
    # Ended by a stop signal: -N for a process that the signal N ended, and
    # 256 - N from Hatch, whose exit status is its command's (-N) modulo 256.
    stopped = {-s for s in STOP_SIGNALS} | {256 - s for s in STOP_SIGNALS}
    return 0 if code in stopped else code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
