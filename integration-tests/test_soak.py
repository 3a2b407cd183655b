"""A bounded soak under gunicorn: mixed traffic for about 20 seconds.

flask-full is installed from the built wheels with gunicorn, which serves a
small app on 127.0.0.1 with one ``gthread`` worker (four threads, so that a
thread serves request after request). Client threads send a mix of requests
(pages, JSON, forms, session logins, templates reading the session, a view
that raises, bodies that must be refused, streamed responses) while another
client keeps starting streamed responses and dropping the connection after
the first chunk.

It passes when every response is the one expected for its request (0
unexpected responses), no request sees the ``g`` of another, every streamed
request's ``teardown_appcontext`` ran, and the worker's resident memory
(``VmRSS`` from ``/proc``, measured after a warm-up, half way and at the end)
grew by less than 2.5% over the second half and less than 10% in all. A leak
grows in both halves; the allocator's one-time growth (a thread's first
arena, say, about 1.7 MB once in a while) shows in one only, so the second
half is held to the tight bound. ``MODULAR_FLASK_SOAK_SECONDS`` changes the
duration.
"""

from __future__ import annotations

import collections
import http.client
import json
import os
import random
import socket
import sys
import textwrap
import threading
import time
import typing as t
from pathlib import Path

import pytest

from support import Environment, EnvironmentFactory
from test_end_to_end import free_port, serving

SOAK_SECONDS = float(os.environ.get("MODULAR_FLASK_SOAK_SECONDS", "20"))
WARM_UP_SECONDS = 4.0
CLIENT_THREADS = 3
#: The most the worker's memory may grow over the second half of the soak.
MAX_GROWTH = 0.025
#: The most it may grow from the end of the warm-up to the end of the soak.
MAX_TOTAL_GROWTH = 0.10

SOAK_APP = textwrap.dedent(
    """
    import os
    import flask

    app = flask.Flask(__name__)
    app.secret_key = "soak secret"
    app.logger.disabled = True  # the view that raises would fill the log
    torn_down = {"streams": 0}


    @app.teardown_appcontext
    def count_stream_teardown(exc):
        if flask.g.get("owner") == "stream":
            torn_down["streams"] += 1


    @app.route("/")
    def index():
        flask.g.owner = "index"
        return "hello"


    @app.route("/g")
    def show_g():
        return repr(flask.g.get("owner"))


    @app.route("/json", methods=["POST"])
    def echo_json():
        return {"echo": flask.request.get_json()}


    @app.route("/form", methods=["POST"])
    def count_form():
        return str(len(flask.request.form.getlist("f")))


    @app.route("/login/<name>")
    def login(name):
        flask.session["user"] = name
        return ""


    @app.route("/whoami")
    def whoami():
        return flask.render_template_string("{{ session.get('user') }}")


    @app.route("/raise")
    def fail():
        raise RuntimeError("raised on purpose")


    @app.route("/stream")
    def stream():
        flask.g.owner = "stream"

        @flask.stream_with_context
        def chunks():
            for number in range(200):
                yield f"{flask.g.owner} {number}\\n" + "x" * 4000

        return flask.Response(chunks())


    @app.route("/stats")
    def stats():
        return {"pid": os.getpid(), "stream_teardowns": torn_down["streams"]}
    """
)


def _rss_kib(pid: int) -> int:
    """The resident set size of a process, in KiB, from ``/proc``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


class Traffic:
    """Mixed requests, each with the responses it may get."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.counts: collections.Counter[str] = collections.Counter()
        self.unexpected: list[str] = []
        self.lock = threading.Lock()
        #: HTTP requests sent (a session check sends two).
        self.sent = 0

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        with self.lock:
            self.sent += 1
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response.status, dict(response.headers.items()), data
        finally:
            connection.close()

    def _note(self, kind: str, ok: bool, detail: str) -> None:
        with self.lock:
            self.counts[kind] += 1
            if not ok:
                self.unexpected.append(f"{kind}: {detail}")

    def one(self, rng: random.Random) -> None:
        """Send one request of a random kind and check its response."""
        kind = rng.choice(KINDS)
        if kind == "page":
            status, _, data = self._request("GET", "/")
            self._note(
                kind, (status, data) == (200, b"hello"), f"{status} {data[:80]!r}"
            )
        elif kind == "g":
            status, _, data = self._request("GET", "/g")
            self._note(
                kind, (status, data) == (200, b"None"), f"{status} {data[:80]!r}"
            )
        elif kind == "json":
            value = {"n": rng.randrange(10**6), "list": list(range(rng.randrange(20)))}
            status, _, data = self._request(
                "POST",
                "/json",
                json.dumps(value).encode(),
                {"Content-Type": "application/json"},
            )
            ok = status == 200 and json.loads(data) == {"echo": value}
            self._note(kind, ok, f"{status} {data[:80]!r}")
        elif kind == "deep json":
            body = ("[" * 50_000 + "]" * 50_000).encode()
            status, _, data = self._request(
                "POST", "/json", body, {"Content-Type": "application/json"}
            )
            self._note(kind, status == 400, f"{status} {data[:80]!r}")
        elif kind == "form":
            count = rng.randrange(1, 50)
            body = "&".join(["f=1"] * count).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            status, _, data = self._request("POST", "/form", body, headers)
            self._note(kind, (status, data) == (200, str(count).encode()), f"{status}")
        elif kind == "form too large":
            body = b"f=" + b"x" * 600_000
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            status, _, _ = self._request("POST", "/form", body, headers)
            self._note(kind, status == 413, f"{status}")
        elif kind == "session":
            name = f"user{rng.randrange(10**6)}"
            status, headers, _ = self._request("GET", f"/login/{name}")
            cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
            status2, headers2, data = self._request(
                "GET", "/whoami", headers={"Cookie": cookie}
            )
            ok = (
                status == 200
                and (status2, data) == (200, name.encode())
                and "Cookie" in headers2.get("Vary", "")
            )
            self._note(
                kind, ok, f"{status} {status2} {data[:80]!r} {headers2.get('Vary')}"
            )
        elif kind == "raise":
            status, _, _ = self._request("GET", "/raise")
            self._note(kind, status == 500, f"{status}")
        elif kind == "missing":
            status, _, _ = self._request("GET", f"/no/such/{rng.randrange(1000)}")
            self._note(kind, status == 404, f"{status}")
        elif kind == "stream":
            status, _, data = self._request("GET", "/stream")
            ok = status == 200 and data.count(b"stream ") == 200
            self._note(kind, ok, f"{status} {len(data)}")

    def drop_stream(self) -> None:
        """Start a streamed response and drop the connection after the first
        chunk, without reading the rest."""
        with self.lock:
            self.sent += 1
        with socket.create_connection(("127.0.0.1", self.port), timeout=20) as sock:
            sock.sendall(b"GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            first = sock.recv(4096)
            # Reset rather than close politely: the server's next write fails.
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
        self._note(
            "dropped stream", first.startswith(b"HTTP/1.1 200"), repr(first[:40])
        )

    def run(self, seconds: float, seed: int) -> None:
        """Send traffic from several threads for ``seconds``."""
        deadline = time.monotonic() + seconds

        def client(number: int) -> None:
            rng = random.Random(seed + number)
            while time.monotonic() < deadline:
                try:
                    self.one(rng)
                except OSError as error:
                    self._note("connection", False, repr(error))

        def dropper() -> None:
            while time.monotonic() < deadline:
                try:
                    self.drop_stream()
                except OSError as error:
                    self._note("dropped stream", False, repr(error))
                time.sleep(0.05)

        threads = [
            threading.Thread(target=client, args=(n,)) for n in range(CLIENT_THREADS)
        ]
        threads.append(threading.Thread(target=dropper))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
            assert not thread.is_alive()

    def stats(self) -> dict[str, t.Any]:
        status, _, data = self._request("GET", "/stats")
        assert status == 200
        return t.cast("dict[str, t.Any]", json.loads(data))


#: Request kinds, weighted by repetition.
KINDS = [
    *["page"] * 6,
    *["g"] * 4,
    *["json"] * 4,
    "deep json",
    *["form"] * 3,
    "form too large",
    *["session"] * 3,
    *["raise"] * 2,
    *["missing"] * 2,
    *["stream"] * 2,
]


@pytest.fixture(scope="module")
def servers(make_environment: EnvironmentFactory) -> Environment:
    """flask-full from wheels plus gunicorn (the same environment as the
    end-to-end tests)."""
    return make_environment(
        ["flask-full"], third_party=["gunicorn", "waitress"], label="servers"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_gunicorn_soak(servers: Environment, tmp_path: Path) -> None:
    (tmp_path / "soak_app.py").write_text(SOAK_APP)
    port = free_port()
    command = [
        str(servers.python.parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        "1",
        "--threads",
        "4",
        "--chdir",
        str(tmp_path),
        "soak_app:app",
    ]
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    with serving(command, port, env, tmp_path):
        traffic = Traffic(port)
        traffic.run(WARM_UP_SECONDS, seed=1)
        worker = traffic.stats()["pid"]
        before = _rss_kib(worker)
        warm_up_requests = traffic.sent
        traffic.run(SOAK_SECONDS / 2, seed=100)
        middle = _rss_kib(worker)
        traffic.run(SOAK_SECONDS / 2, seed=200)
        after = _rss_kib(worker)
        final = traffic.stats()
    total = traffic.sent
    growth = (after - before) / before
    second_half_growth = (after - middle) / middle
    print(
        f"\nsoak: {total} HTTP requests ({total - warm_up_requests} measured over"
        f" {SOAK_SECONDS:.0f} s), checks by kind {dict(traffic.counts)}; worker RSS"
        f" {before} KiB -> {middle} KiB -> {after} KiB ({growth:+.2%}, second half"
        f" {second_half_growth:+.2%}); streams torn down:"
        f" {final['stream_teardowns']}"
    )
    assert final["pid"] == worker, "the worker was replaced during the soak"
    assert traffic.unexpected == [], traffic.unexpected[:20]
    assert traffic.counts["raise"] > 0 and traffic.counts["dropped stream"] > 0
    # Each streamed request tears its app context down twice: when the view
    # returns and when the stream ends (or is dropped).
    streams = traffic.counts["stream"] + traffic.counts["dropped stream"]
    assert final["stream_teardowns"] >= 2 * streams - 4 * 4
    assert second_half_growth < MAX_GROWTH, (
        f"worker RSS grew {second_half_growth:.1%} over the second half"
    )
    assert growth < MAX_TOTAL_GROWTH, f"worker RSS grew {growth:.1%}"
