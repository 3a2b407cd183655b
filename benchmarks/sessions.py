"""Benchmark sessions: signed cookies, modular Flask's Redis sessions, and
Flask 3.1.3 with Flask-Session 0.8 on the same Redis, side by side.

Run from anywhere with any Python 3.10+ (only the standard library is used);
it needs ``redis-server`` (and uses ``wrk`` when installed)::

    python benchmarks/sessions.py            # rewrites the sessions section of README.md
    python benchmarks/sessions.py --quick    # shorter; README left alone

It keeps two virtual environments under ``.venvs/``:

``bench-flask-session``
    Flask 3.1.3 and Flask-Session 0.8 from the package index, with redis-py
    and gunicorn: the only place they are installed.
``bench-sessions-modular``
    every distribution of this checkout (from its path, ``--no-deps``), with
    Flask's dependencies, redis-py and gunicorn at the versions found in
    ``bench-flask-session``.

A ``redis-server`` is started on 127.0.0.1 and a free port. Then:

* round trips: ``session_round_trips.py`` serves ``session_app`` through
  the test client in each environment and counts, with ``MONITOR``, the
  commands sent to Redis per request for a request that never uses the
  session, one that reads it, one that stores an equal value and one that
  changes it, with ``SESSION_REFRESH_EACH_REQUEST`` on (the default) and off;
* throughput: ``session_app:app`` under gunicorn (one sync worker), loaded
  with ``wrk`` (or a small Python load generator) carrying a session
  cookie, for a request that changes the session and one that reads it;
  requests per second and p99 latency, medians over alternating rounds.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import typing as t
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "packages" / "flask-sessions" / "tests"))

import run as bench  # noqa: E402

from redis_server import RedisServer  # noqa: E402

FLASK_ENV = "bench-flask-session"
MODULAR_ENV = "bench-sessions-modular"
FLASK_SESSION = "flask-session>=0.8,<0.9"
SHARED = ("werkzeug", "jinja2", "markupsafe", "itsdangerous", "blinker", "click")
TOOLS = ("redis", "gunicorn")

#: The implementations served, as (label, environment, BENCH_SESSIONS).
IMPLEMENTATIONS = (
    ("Flask 3.1.3, cookie", FLASK_ENV, "cookie"),
    ("modular, cookie", MODULAR_ENV, "cookie"),
    ("Flask-Session 0.8, Redis", FLASK_ENV, "redis"),
    ("modular, Redis", MODULAR_ENV, "redis"),
)
#: The requests served, by label.
PATHS = {"changes the session": "/counter", "reads the session": "/read"}

RESULTS_START = "<!-- sessions:start -->"
RESULTS_END = "<!-- sessions:end -->"


def prepare() -> dict[str, str]:
    """Make or update both environments; return the versions in use."""
    if bench.ensure_venv(FLASK_ENV):
        bench.pip(FLASK_ENV, f"flask=={bench.FLASK_VERSION}", FLASK_SESSION, *TOOLS)
    versions = bench.installed_versions(
        FLASK_ENV, [*SHARED, *TOOLS, "flask-session", "msgspec"]
    )
    pins = [f"{name}=={versions[name]}" for name in (*SHARED, *TOOLS)]
    if bench.ensure_venv(MODULAR_ENV):
        bench.pip(MODULAR_ENV, "hatchling", *pins)
    local = ["--no-deps", "--no-build-isolation", "--force-reinstall"]
    packages = [str(HERE.parent / "packages" / d) for d in bench.OUR_DISTRIBUTIONS]
    bench.pip(MODULAR_ENV, *local, *packages)
    return {**versions, "flask": bench.FLASK_VERSION}


def environment(kind: str, redis_url: str) -> dict[str, str]:
    env = bench.bench_env()
    env.update(BENCH_SESSIONS=kind, BENCH_REDIS_URL=redis_url)
    return env


def round_trips(name: str, redis: RedisServer, refresh: bool) -> dict[str, t.Any]:
    """Commands per request by scenario, in one environment."""
    command = [bench.venv_python(name), "session_round_trips.py", str(redis.port)]
    if not refresh:
        command.append("no-refresh")
    output = bench.run(command, cwd=HERE, env=environment("redis", redis.url))
    return json.loads(output)  # type: ignore[no-any-return]


def session_cookie(port: int) -> str:
    """Sign in once and return the session cookie's value."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/login")
        response = connection.getresponse()
        response.read()
        header = response.headers["Set-Cookie"]
    finally:
        connection.close()
    return str(header.split(";", 1)[0].split("=", 1)[1])


class Load(t.NamedTuple):
    """What one load run measured."""

    rate: float  # requests per second
    p99: float  # ms
    worker_cpu: float | None  # CPU µs per request in the gunicorn worker
    redis_cpu: float | None  # CPU µs per request in redis-server


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user + system) a process has used, from ``/proc``
    (``None`` where there is no ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_of(parent: int) -> int:
    """The pid of a child of ``parent`` (gunicorn's single worker)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                return int(entry.name)
    return parent


def cookie_load(
    port: int,
    path: str,
    cookie: str,
    seconds: float,
    connections: int,
    watched: tuple[int, int],
) -> Load:
    """Load GET ``path`` with the session cookie; ``watched`` are the pids of
    the gunicorn worker and of redis-server, whose CPU time is measured."""
    wrk = shutil.which("wrk")
    url = f"http://127.0.0.1:{port}{path}"
    header = ["-H", f"Cookie: session={cookie}"]
    cookie_header = {"Cookie": f"session={cookie}"}
    if wrk is not None:
        bench.run([wrk, "-t1", f"-c{connections}", "-d1s", *header, url])  # warm-up
    else:
        bench.python_load(port, path, 1.0, connections, cookie_header)
    before = [cpu_seconds(pid) for pid in watched]
    if wrk is not None:
        arguments = [f"-c{connections}", f"-d{seconds:g}s", "--latency", *header, url]
        rate, p99 = bench.parse_wrk(bench.run([wrk, "-t1", *arguments]))
    else:
        rate, p99 = bench.python_load(port, path, seconds, connections, cookie_header)
    after = [cpu_seconds(pid) for pid in watched]
    requests = rate * seconds
    per_request = [
        None if b is None or a is None else (a - b) / requests * 1e6
        for b, a in zip(before, after, strict=True)
    ]
    return Load(rate, p99, *per_request)


def serve_and_load(
    name: str, kind: str, redis: RedisServer, seconds: float, connections: int
) -> dict[str, Load]:
    """Serve ``session_app`` from ``name`` with gunicorn and load each path."""
    port = bench.free_port()
    server = subprocess.Popen(
        [
            bench.VENVS / name / "bin" / "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "session_app:app",
        ],
        cwd=HERE,
        env=environment(kind, redis.url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        bench.wait_for_port(port)
        cookie = session_cookie(port)
        assert redis.process is not None
        watched = (child_of(server.pid), redis.process.pid)
        return {
            label: cookie_load(port, path, cookie, seconds, connections, watched)
            for label, path in PATHS.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=15)


def measure_served(
    redis: RedisServer, rounds: int, seconds: float, connections: int
) -> dict[str, dict[str, Load]]:
    """Medians of every figure by implementation and path."""
    samples: dict[str, dict[str, list[Load]]] = {
        label: {path: [] for path in PATHS} for label, _, _ in IMPLEMENTATIONS
    }
    for number in range(rounds):
        order = IMPLEMENTATIONS if number % 2 == 0 else IMPLEMENTATIONS[::-1]
        for label, name, kind in order:
            print(f"gunicorn: round {number + 1}/{rounds}, {label}", file=sys.stderr)
            measured = serve_and_load(name, kind, redis, seconds, connections)
            for path, result in measured.items():
                samples[label][path].append(result)
    return {
        label: {path: _median_load(values) for path, values in by_path.items()}
        for label, by_path in samples.items()
    }


def _median_load(loads: list[Load]) -> Load:
    def median(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return statistics.median(known) if known else None

    return Load(
        statistics.median(load.rate for load in loads),
        statistics.median(load.p99 for load in loads),
        median([load.worker_cpu for load in loads]),
        median([load.redis_cpu for load in loads]),
    )


def instructions(
    name: str, kind: str, redis: RedisServer, path: str, count: int
) -> int:
    """Instructions (callgrind's ``Ir``) of a process making ``count``
    requests of ``path`` after signing in and warming up."""
    output_file = bench.VENVS / f"callgrind.sessions.{os.getpid()}.out"
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={output_file}",
            str(bench.venv_python(name)),
            "session_requests.py",
            path,
            str(count),
        ],
        cwd=HERE,
        env=environment(kind, redis.url),
        capture_output=True,
        text=True,
        check=True,
    )
    output_file.unlink(missing_ok=True)
    found = re.search(r"Collected : (\d+)", completed.stderr)
    assert found is not None, completed.stderr[-2000:]
    return int(found.group(1))


def measure_instructions(redis: RedisServer, count: int) -> dict[str, dict[str, float]]:
    """Instructions per request in the app's process, by implementation and
    path: deterministic, unlike times on a shared machine."""
    counted: dict[str, dict[str, float]] = {}
    for label, name, kind in IMPLEMENTATIONS:
        counted[label] = {}
        for text, path in PATHS.items():
            print(f"callgrind: {label}, {path}", file=sys.stderr)
            base = instructions(name, kind, redis, path, 0)
            loaded = instructions(name, kind, redis, path, count)
            counted[label][text] = (loaded - base) / count
    return counted


def render(
    trips: dict[str, dict[bool, dict[str, t.Any]]],
    counted: dict[str, dict[str, float]] | None,
    served: dict[str, dict[str, Load]],
    versions: dict[str, str],
    settings: str,
) -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    redis_version = subprocess.run(
        ["redis-server", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[2]
    lines = [
        f"Measured {now:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs,"
        f" {bench.cpu_model()}, Python {platform.python_version()},"
        f" Redis server {redis_version.removeprefix('v=')}.",
        "Versions: "
        + ", ".join(f"{name} {version}" for name, version in sorted(versions.items()))
        + ".",
        f"Settings: {settings}.",
        "",
        "### Round trips to Redis per request",
        "",
        "Commands each request sends to Redis (a Lua script counts as one;"
        " what it runs inside Redis does not), averaged over 20 requests of a"
        " signed-in session (four keys).",
        "",
        "| request | Flask-Session 0.8 | modular | Flask-Session, no refresh |"
        " modular, no refresh |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "untouched": "never uses the session",
        "read-only": "reads it",
        "unchanged": "stores an equal value",
        "changed": "changes a value",
    }
    for scenario, text in labels.items():
        cells = []
        for refresh in (True, False):
            for name in (FLASK_ENV, MODULAR_ENV):
                found = trips[name][refresh][scenario]
                commands = " + ".join(
                    command if count == 1 else f"{count:g} {command}"
                    for command, count in found["commands"].items()
                )
                cells.append(f"{found['per_request']:g} ({commands or '-'})")
        lines.append(f"| {text} | {' | '.join(cells)} |")
    lines += [
        "",
        '("no refresh": `SESSION_REFRESH_EACH_REQUEST = False`; both default'
        " to permanent sessions refreshed on every request.)",
        "",
    ]
    if counted is not None:
        lines += [
            "### Instructions per request",
            "",
            "In the app's process, counted by callgrind through the test client"
            " (no gunicorn; waiting for Redis costs no instructions), 200"
            " requests after a warm-up. Deterministic, unlike the times below.",
            "",
            "| implementation | " + " | ".join(PATHS) + " |",
            "|---|" + "---:|" * len(PATHS),
        ]
        for label, _, _ in IMPLEMENTATIONS:
            cells = [f"{counted[label][path] / 1000:.0f} k" for path in PATHS]
            lines.append(f"| {label} | {' | '.join(cells)} |")
        lines.append("")
    lines += [
        "### Served by gunicorn",
        "",
        "One sync worker, the same `session_app.py`; medians over the rounds"
        " of requests per second, p99 latency (ms), and CPU time per request"
        " (µs) used by the gunicorn worker and by redis-server. On a shared"
        " machine the CPU times are steadier than requests per second and"
        " latency, which also depend on what else runs.",
        "",
    ]
    for path in PATHS:
        lines += [
            f"A request that {path}:",
            "",
            "| implementation | req/s | p99 ms | worker CPU µs/req | Redis CPU µs/req |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, _, kind in IMPLEMENTATIONS:
            load = served[label][path]
            redis_cpu = _micro(load.redis_cpu) if kind == "redis" else "-"
            lines.append(
                f"| {label} | {load.rate:.0f} | {load.p99:.2f}"
                f" | {_micro(load.worker_cpu)} | {redis_cpu} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def _micro(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def write_readme(results: str) -> None:
    text = bench.README.read_text()
    start, end = text.index(RESULTS_START), text.index(RESULTS_END)
    bench.README.write_text(
        f"{text[: start + len(RESULTS_START)]}\n{results}\n{text[end:]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds; do not touch README.md"
    )
    parser.add_argument(
        "--no-install", action="store_true", help="reuse the environments as they are"
    )
    options = parser.parse_args()
    rounds, seconds, connections = (1, 3.0, 4) if options.quick else (3, 5.0, 4)
    load_at_start = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    if options.no_install:
        versions = {
            **bench.installed_versions(
                FLASK_ENV, [*SHARED, *TOOLS, "flask-session", "msgspec"]
            ),
            "flask": bench.FLASK_VERSION,
        }
    else:
        versions = prepare()

    redis = RedisServer(bench.VENVS / "_bench-redis")
    redis.start()
    try:
        trips = {
            name: {
                refresh: round_trips(name, redis, refresh) for refresh in (True, False)
            }
            for name in (FLASK_ENV, MODULAR_ENV)
        }
        counted = (
            measure_instructions(redis, 50 if options.quick else 200)
            if shutil.which("valgrind")
            else None
        )
        served = measure_served(redis, rounds, seconds, connections)
    finally:
        redis.stop()
    load = "wrk" if shutil.which("wrk") else "Python load generator"
    load_at_end = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    settings = (
        f"gunicorn {rounds} alternating rounds x {seconds:g} s per request,"
        f" {connections} connections, {load}; load average {load_at_start} at"
        f" the start, {load_at_end} at the end"
    )
    results = render(trips, counted, served, versions, settings)
    print(results)
    if not options.quick:
        write_readme(results)


if __name__ == "__main__":
    main()
