"""Count the commands a session implementation sends Redis per request.

Run by ``sessions.py`` with each environment's interpreter::

    BENCH_SESSIONS=redis BENCH_REDIS_URL=redis://127.0.0.1:PORT/0 \\
        python session_round_trips.py PORT [REFRESH]

It serves ``session_app`` through the test client and watches the server
with ``MONITOR``: commands sent by clients count, commands a Lua script runs
inside Redis do not. Prints JSON: scenario -> commands per request, and the
command names seen.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "packages" / "flask-sessions" / "tests"))

from session_app import app  # noqa: E402

from redis_server import monitor  # noqa: E402

REQUESTS = 20
SCENARIOS = {
    "untouched": "/untouched",
    "read-only": "/read",
    "unchanged": "/same",
    "changed": "/counter",
}


def main() -> None:
    port = int(sys.argv[1])
    app.config["SESSION_REFRESH_EACH_REQUEST"] = sys.argv[2:] != ["no-refresh"]
    client = app.test_client()
    client.get("/login")
    for path in SCENARIOS.values():  # warm-up: scripts loaded, pools filled
        client.get(path)
    report = {}
    for scenario, path in SCENARIOS.items():
        with monitor(port) as log:
            for _ in range(REQUESTS):
                assert client.get(path).status_code == 200
        names = collections.Counter(log.round_trips)
        report[scenario] = {
            "per_request": len(log.round_trips) / REQUESTS,
            "commands": {name: count / REQUESTS for name, count in names.items()},
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
