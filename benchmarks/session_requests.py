"""Sign in to ``session_app``, warm up, then make N requests of one path
through the test client: the workload ``sessions.py`` counts instructions
of under callgrind (``python session_requests.py PATH N``)."""

from __future__ import annotations

import sys

from session_app import app

WARM_UP = 50


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    client = app.test_client()
    client.get("/login")
    for _ in range(WARM_UP + count):
        assert client.get(path).status_code == 200


if __name__ == "__main__":
    main()
