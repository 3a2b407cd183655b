"""The per-request part of the benchmark table, in one command of about ten
minutes::

    python benchmarks/requests_table.py            # rewrites its section of README.md
    python benchmarks/requests_table.py --quick    # a shorter, noisier look; README untouched

Like ``run.py`` (whose environments, installation and in-process timing it
reuses), it measures modular Flask against Flask 3.1.3 side by side, the two
alternating, and reports modular/Flask ratios:

* requests: every scenario of ``bench_requests.py`` in-process through the
  WSGI callable, median µs per request;
* instructions per request under ``valgrind --tool=callgrind`` (two
  processes at a time), the noise-free cross-check;
* gunicorn with two sync workers on 127.0.0.1: requests per second and p99
  latency of hello, json, template and session, loaded by ``wrk`` with a
  fixed number of connections (so the load is bounded);
* memory: the resident set of each gunicorn worker after 10,000 requests
  mixing every scenario (the larger of the two workers is reported).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import http.client
import itertools
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import typing as t

import bench_requests
import run as bench

PAIR = ("bench-flask", "bench-modular")
#: The key of the bare WSGI callable's gunicorn figures (``bare_app.py``).
BARE = "bare"

#: Per-request targets of issue 17: modular time / Flask time.
SCENARIO_TARGET = 0.45
HELLO_TARGET = 0.20
GEOMEAN_TARGET = 0.30
#: Served by gunicorn: modular requests/s at least this many times Flask's.
SERVED_TARGET = 1.6
SERVED_SCENARIOS = ("hello", "json", "template", "session")
#: Worker RSS after the mixed requests: modular at most this share of Flask's.
MEMORY_TARGET = 0.9
MIXED_REQUESTS = 10_000
WORKERS = 2

SECTION_START = "<!-- requests-table:start -->"
SECTION_END = "<!-- requests-table:end -->"


# -- instructions ----------------------------------------------------------------


def measure_instructions(requests: int) -> dict[str, dict[str, float]]:
    """Instructions per request by implementation and scenario, two
    callgrind processes at a time (see ``run.instructions``)."""
    jobs = [
        (name, scenario, count)
        for scenario in bench.SCENARIOS
        for name in PAIR
        for count in (0, requests)
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(
            zip(jobs, pool.map(lambda job: bench.instructions(*job), jobs), strict=True)
        )
    return {
        name: {
            scenario: (counts[name, scenario, requests] - counts[name, scenario, 0])
            / requests
            for scenario in bench.SCENARIOS
        }
        for name in PAIR
    }


# -- gunicorn ----------------------------------------------------------------------


class Server:
    """``bench_app:app`` under gunicorn (sync workers) on 127.0.0.1."""

    def __init__(self, name: str, workers: int, app: str = "bench_app:app") -> None:
        self.port = bench.free_port()
        self.process = subprocess.Popen(
            [
                bench.VENVS / name / "bin" / "gunicorn",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                app,
            ],
            cwd=bench.HERE,
            env=bench.bench_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        bench.wait_for_port(self.port)
        self.workers = workers

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the gunicorn master)."""
        deadline = time.monotonic() + 15
        while True:
            children = _children(self.process.pid)
            if len(children) >= self.workers or time.monotonic() > deadline:
                return children
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found.extend(int(child) for child in listing.read().split())
    return found


def rss_kib(pid: int) -> int:
    """The resident set size of ``pid`` in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def session_cookie(port: int) -> str:
    """The ``Cookie`` header value of a visit to ``/session``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/session")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.getheader("Set-Cookie", "").split(";", 1)[0]


def load(
    port: int, scenario: str, cookie: str, seconds: float, connections: int
) -> tuple[float, float]:
    """Requests/s and p99 (ms) of ``scenario`` with ``wrk`` (or the Python
    load generator of ``run.py`` without it)."""
    path = bench_requests.SCENARIOS[scenario][1]
    headers = {"Cookie": cookie} if scenario == "session" else {}
    wrk = shutil.which("wrk")
    if wrk is None:
        bench.python_load(port, path, 1.0, connections, headers)
        return bench.python_load(port, path, seconds, connections, headers)
    header_options = [
        part for name, value in headers.items() for part in ("-H", f"{name}: {value}")
    ]
    url = f"http://127.0.0.1:{port}{path}"
    bench.run([wrk, "-t1", f"-c{connections}", "-d1s", *header_options, url])
    output = bench.run(
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--latency",
            *header_options,
            url,
        ]
    )
    return bench.parse_wrk(output)


def measure_served(
    rounds: int, seconds: float, connections: int
) -> dict[str, dict[str, tuple[float, float]]]:
    """Median requests/s and p99 by implementation and scenario, one server
    per implementation and round, the implementations alternating."""
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {scenario: [] for scenario in SERVED_SCENARIOS} for name in PAIR
    }
    for number in range(rounds):
        for name in PAIR if number % 2 == 0 else PAIR[::-1]:
            print(f"gunicorn: round {number + 1}/{rounds}, {name}", file=sys.stderr)
            server = Server(name, WORKERS)
            try:
                cookie = session_cookie(server.port)
                for scenario in SERVED_SCENARIOS:
                    samples[name][scenario].append(
                        load(server.port, scenario, cookie, seconds, connections)
                    )
            finally:
                server.stop()
        print(f"gunicorn: round {number + 1}/{rounds}, bare WSGI", file=sys.stderr)
        server = Server("bench-flask", WORKERS, "bare_app:app")
        try:
            samples.setdefault(BARE, {"hello": []})["hello"].append(
                load(server.port, "hello", "", seconds, connections)
            )
        finally:
            server.stop()
    return {
        name: {
            scenario: (
                statistics.median(rate for rate, _ in values),
                statistics.median(p99 for _, p99 in values),
            )
            for scenario, values in by_scenario.items()
        }
        for name, by_scenario in samples.items()
    }


def mixed_requests(port: int, count: int, cookie: str, connections: int) -> None:
    """``count`` requests cycling through every scenario, ``connections``
    at a time (one connection per request, as gunicorn's sync workers
    close them)."""
    body = bench_requests.FORM_BODY.encode()
    plan = list(itertools.islice(itertools.cycle(bench_requests.SCENARIOS), count))
    lock = threading.Lock()
    position = iter(plan)

    def worker() -> None:
        while True:
            with lock:
                scenario = next(position, None)
            if scenario is None:
                return
            method, path, expected = bench_requests.SCENARIOS[scenario]
            headers = {"Cookie": cookie} if scenario == "session" else {}
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if method == "POST":
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                connection.request(method, path, body=body, headers=headers)
            else:
                connection.request(method, path, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != expected:
                raise RuntimeError(f"{scenario}: status {response.status}")

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure_memory(count: int, connections: int) -> dict[str, dict[str, float]]:
    """RSS (KiB) of the gunicorn workers after ``count`` mixed requests:
    the larger worker and the mean of the workers, per implementation."""
    results: dict[str, dict[str, float]] = {}
    for name in PAIR:
        print(f"memory: {count} mixed requests, {name}", file=sys.stderr)
        server = Server(name, WORKERS)
        try:
            cookie = session_cookie(server.port)
            mixed_requests(server.port, count, cookie, connections)
            sizes = [rss_kib(pid) for pid in server.worker_pids()]
        finally:
            server.stop()
        results[name] = {"max": max(sizes), "mean": statistics.mean(sizes)}
    return results


# -- report ------------------------------------------------------------------------


def geomean(values: t.Iterable[float]) -> float:
    values = list(values)
    return math.exp(sum(math.log(value) for value in values) / len(values))


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def render(
    requests: dict[str, dict[str, tuple[float, float]]] | None,
    counted: dict[str, dict[str, float]] | None,
    served: dict[str, dict[str, tuple[float, float]]] | None,
    memory: dict[str, dict[str, float]] | None,
    versions: dict[str, str],
    settings: str,
    mixed: int = MIXED_REQUESTS,
) -> str:
    lines = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on"
        f" {os.cpu_count()} CPUs, {bench.cpu_model()}, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}.",
        f"Versions: {', '.join(f'{name} {version}' for name, version in versions.items())}.",
        f"Settings: {settings}.",
        "",
    ]
    if requests is not None or counted is not None:
        lines += [
            "### Per request (in-process WSGI): µs (medians) and instructions (callgrind)",
            "",
            "| scenario | Flask µs | modular µs | time ratio | target | | Flask instr. | modular instr. | instr. ratio |",
            "|---|---:|---:|---:|---:|---|---:|---:|---:|",
        ]
        time_ratios: list[float] = []
        count_ratios: list[float] = []
        for scenario in bench.SCENARIOS:
            target = HELLO_TARGET if scenario == "hello" else SCENARIO_TARGET
            cells = [scenario]
            if requests is not None:
                theirs = requests["bench-flask"][scenario][0]
                ours = requests["bench-modular"][scenario][0]
                time_ratios.append(ours / theirs)
                cells += [
                    f"{theirs:.1f}",
                    f"{ours:.1f}",
                    f"{ours / theirs:.2f}",
                    f"≤ {target:.2f}",
                    verdict(ours / theirs <= target),
                ]
            else:
                cells += ["", "", "", f"≤ {target:.2f}", ""]
            if counted is not None:
                theirs_count = counted["bench-flask"][scenario]
                ours_count = counted["bench-modular"][scenario]
                count_ratios.append(ours_count / theirs_count)
                cells += [
                    f"{theirs_count / 1000:.0f} k",
                    f"{ours_count / 1000:.0f} k",
                    f"{ours_count / theirs_count:.2f}",
                ]
            else:
                cells += ["", "", ""]
            lines.append(f"| {' | '.join(cells)} |")
        time_geomean = geomean(time_ratios) if time_ratios else None
        count_geomean = geomean(count_ratios) if count_ratios else None
        lines += [
            "| **geometric mean** | | | "
            + (f"**{time_geomean:.2f}**" if time_geomean else "")
            + f" | ≤ {GEOMEAN_TARGET:.2f} | "
            + (verdict(time_geomean <= GEOMEAN_TARGET) if time_geomean else "")
            + " | | | "
            + (f"**{count_geomean:.2f}**" if count_geomean else "")
            + " |",
            "",
        ]
    if served is not None:
        lines += [
            f"### gunicorn ({WORKERS} sync workers) on 127.0.0.1",
            "",
            "| scenario | Flask req/s | modular req/s | ratio | target | | Flask p99 ms | modular p99 ms | p99 no worse |",
            "|---|---:|---:|---:|---:|---|---:|---:|---|",
        ]
        for scenario in SERVED_SCENARIOS:
            flask_rate, flask_p99 = served["bench-flask"][scenario]
            our_rate, our_p99 = served["bench-modular"][scenario]
            ratio = our_rate / flask_rate
            lines.append(
                f"| {scenario} | {flask_rate:.0f} | {our_rate:.0f} | {ratio:.2f}"
                f" | ≥ {SERVED_TARGET:.1f} | {verdict(ratio >= SERVED_TARGET)}"
                f" | {flask_p99:.2f} | {our_p99:.2f} | {'yes' if our_p99 <= flask_p99 else '**no**'} |"
            )
        bare_rate = served[BARE]["hello"][0]
        flask_hello = served["bench-flask"]["hello"][0]
        lines += [
            "",
            f"Ceiling: a bare WSGI callable (`bare_app.py`) under the same gunicorn serves"
            f" {bare_rate:.0f} req/s, **{bare_rate / flask_hello:.2f}x** Flask's hello:"
            " no framework can be faster than that on this machine.",
            "",
        ]
    if memory is not None:
        flask_rss = memory["bench-flask"]["max"]
        our_rss = memory["bench-modular"]["max"]
        ratio = our_rss / flask_rss
        lines += [
            f"### Memory: gunicorn worker RSS after {mixed:,} mixed requests",
            "",
            "| | Flask 3.1.3 | modular | ratio | target | |",
            "|---|---:|---:|---:|---:|---|",
            f"| larger worker (MiB) | {flask_rss / 1024:.1f} | {our_rss / 1024:.1f} | {ratio:.2f}"
            f" | ≤ {MEMORY_TARGET:.2f} | {verdict(ratio <= MEMORY_TARGET)} |",
            f"| mean of the workers (MiB) | {memory['bench-flask']['mean'] / 1024:.1f}"
            f" | {memory['bench-modular']['mean'] / 1024:.1f}"
            f" | {memory['bench-modular']['mean'] / memory['bench-flask']['mean']:.2f} | | |",
            "",
        ]
    return "\n".join(lines)


def write_readme(results: str) -> None:
    text = bench.README.read_text()
    start, end = text.index(SECTION_START), text.index(SECTION_END)
    bench.README.write_text(
        f"{text[: start + len(SECTION_START)]}\n{results}\n{text[end:]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="shorter; README untouched"
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["requests", "callgrind", "gunicorn", "memory"],
    )
    parser.add_argument(
        "--no-install", action="store_true", help="reuse the environments as they are"
    )
    options = parser.parse_args()
    quick = options.quick
    rounds, batches, per_batch = (2, 3, 1000) if quick else (6, 5, 2000)
    served_rounds, seconds, connections = (1, 2.0, 4) if quick else (3, 4.0, 4)
    mixed = 2000 if quick else MIXED_REQUESTS
    load_at_start = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    if options.no_install:
        versions = {
            **bench.installed_versions("bench-flask", bench.SHARED_REQUIREMENTS),
            "flask": bench.FLASK_VERSION,
        }
    else:
        versions = bench.prepare_environments(with_gunicorn=True)
    versions["gunicorn"] = bench.installed_versions("bench-flask", ["gunicorn"])[
        "gunicorn"
    ]

    requests = (
        None
        if "requests" in options.skip
        else bench.measure_requests(PAIR, rounds, batches, per_batch)
    )
    counted = (
        None
        if "callgrind" in options.skip or shutil.which("valgrind") is None
        else measure_instructions(100 if quick else 1000)
    )
    served = (
        None
        if "gunicorn" in options.skip
        else measure_served(served_rounds, seconds, connections)
    )
    memory = None if "memory" in options.skip else measure_memory(mixed, connections)
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    settings = (
        f"{rounds} alternating rounds x {batches} batches x {per_batch} requests per scenario;"
        f" callgrind {100 if quick else 1000} requests per scenario after a warm-up;"
        f" gunicorn {served_rounds} rounds x {seconds:g} s per scenario, {connections} connections,"
        f" {'wrk' if shutil.which('wrk') else 'Python load generator'};"
        f" memory after {mixed} mixed requests, {connections} at a time;"
        f" load average {load_at_start} at the start, {load_average} at the end"
    )
    results = render(requests, counted, served, memory, versions, settings, mixed)
    print(results)
    if not quick and not options.skip:
        write_readme(results)


if __name__ == "__main__":
    main()
