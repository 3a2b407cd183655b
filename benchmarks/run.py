"""Benchmark modular Flask against real Flask 3.1.3, side by side.

Run from anywhere, with any Python 3.10+ (only the standard library is used)::

    python benchmarks/run.py            # full run, rewrites benchmarks/README.md
    python benchmarks/run.py --quick    # fewer rounds, README left alone

It keeps three virtual environments under ``.venvs/`` (git-ignored), each
made once (``scripts/fresh_venv.py``) and then reused:

``bench-flask``
    real Flask 3.1.3 from the package index, plus gunicorn. This is the only
    place real Flask is ever installed.
``bench-modular``
    every distribution of this checkout (installed from its path with
    ``--no-deps``, never by name: our names belong to unrelated projects on
    the index), plus werkzeug, jinja2, markupsafe, itsdangerous, blinker,
    click and gunicorn pinned to the versions found in ``bench-flask``.
``bench-core``
    flask-core alone, with werkzeug, jinja2 and markupsafe (import costs of a
    minimal installation).

Our distributions are reinstalled (not editable) at the start of each run so
the numbers are those of the current source tree.

Then, alternating the implementations in every round, it measures:

* requests: each scenario of ``bench_requests.py`` (the same ``bench_app.py``
  on both), in-process through the WSGI callable; median µs per request over
  every batch of every round, and modular/Flask ratios;
* instructions per request under ``valgrind --tool=callgrind`` (when
  valgrind is installed): deterministic, a cross-check of the time ratios on
  a machine shared with other work;
* start-up: ``import flask`` in fresh interpreters (median), modules loaded,
  RSS and tracemalloc after import and after a first request
  (``bench_startup.py``);
* end to end: ``bench_app:app`` under gunicorn (one sync worker) on
  127.0.0.1, loaded by ``wrk`` when it is installed (Debian package ``wrk``),
  else by a small bounded Python load generator; requests/s and p99 latency.

It also runs the benchmark checks (``checks.py``: the signal seam's cost,
Jinja imported lazily) in ``bench-core``, and exits with status 1 if one
fails. Finally it prints the tables and, unless ``--quick``, writes them into the
results section of ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import fresh_venv

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENVS = ROOT / ".venvs"
README = HERE / "README.md"

FLASK_VERSION = "3.1.3"
#: Flask's runtime requirements, pinned in our environment to Flask's versions.
SHARED_REQUIREMENTS = (
    "werkzeug",
    "jinja2",
    "markupsafe",
    "itsdangerous",
    "blinker",
    "click",
)
CORE_REQUIREMENTS = ("werkzeug", "jinja2", "markupsafe")
OUR_DISTRIBUTIONS = (
    "flask-core",
    "flask-json",
    "flask-testing",
    "flask-sessions",
    "flask-cli",
    "flask-signals",
    "flask-full",
)

SCENARIOS = (
    "hello",
    "json",
    "param",
    "template",
    "session",
    "hooks",
    "notfound",
    "form",
)
#: Target ratio (modular / Flask, time per request) of each scenario.
TARGETS = {
    "hello": 0.40,
    "json": 0.40,
    "param": 0.40,
    "hooks": 0.40,
    "notfound": 0.40,
    "template": 0.60,
    "session": 0.60,
    "form": 0.60,
}
GEOMEAN_TARGET = 0.45
IMPORT_TARGETS = {"bench-core": 0.50, "bench-modular": 0.80}
#: URLs served under gunicorn.
SERVED_PATHS = {"hello": "/", "json": "/json", "template": "/template"}

RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"


# -- environments --------------------------------------------------------------


def venv_python(name: str) -> Path:
    return fresh_venv.python_of(VENVS / name)


def run(command: list[str | os.PathLike[str]], **kwargs: t.Any) -> str:
    """Run ``command``, failing loudly, and return its standard output."""
    completed = subprocess.run(
        [str(part) for part in command],
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )
    return completed.stdout


def pip(name: str, *arguments: str) -> None:
    print(f"  [{name}] pip install {' '.join(arguments)}", file=sys.stderr)
    fresh_venv.pip(venv_python(name), "install", "-q", *arguments)


def ensure_venv(name: str) -> bool:
    """Create ``.venvs/<name>`` if needed; return whether it is new."""
    if venv_python(name).exists():
        return False
    print(f"creating .venvs/{name}", file=sys.stderr)
    fresh_venv.create(VENVS / name)
    return True


def installed_versions(name: str, distributions: t.Iterable[str]) -> dict[str, str]:
    script = (
        "import importlib.metadata as m, json, sys;"
        "print(json.dumps({d: m.version(d) for d in sys.argv[1:]}))"
    )
    return json.loads(run([venv_python(name), "-c", script, *distributions]))  # type: ignore[no-any-return]


def prepare_environments(with_gunicorn: bool) -> dict[str, str]:
    """Make or update the three environments; return the shared versions."""
    if ensure_venv("bench-flask"):
        pip("bench-flask", f"flask=={FLASK_VERSION}", "gunicorn")
    versions = installed_versions("bench-flask", SHARED_REQUIREMENTS)
    pins = [f"{name}=={version}" for name, version in versions.items()]

    if ensure_venv("bench-modular"):
        gunicorn_pin = installed_versions("bench-flask", ["gunicorn"])["gunicorn"]
        pip("bench-modular", "hatchling", f"gunicorn=={gunicorn_pin}", *pins)
    if ensure_venv("bench-core"):
        pip(
            "bench-core",
            "hatchling",
            *(pin for pin in pins if pin.split("==")[0] in CORE_REQUIREMENTS),
        )
    # Always reinstall our distributions, so the current tree is measured.
    local = ["--no-deps", "--no-build-isolation", "--force-reinstall"]
    pip(
        "bench-modular",
        *local,
        *(str(ROOT / "packages" / d) for d in OUR_DISTRIBUTIONS),
    )
    pip("bench-core", *local, str(ROOT / "packages" / "flask-core"))
    return {**versions, "flask": FLASK_VERSION}


# -- measurements --------------------------------------------------------------


def bench_env() -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("PYTHON")
    }
    env["PYTHONHASHSEED"] = "0"
    return env


def request_round(name: str, batches: int, per_batch: int) -> dict[str, list[float]]:
    output = run(
        [
            venv_python(name),
            "bench_requests.py",
            "--batches",
            str(batches),
            "--per-batch",
            str(per_batch),
        ],
        cwd=HERE,
        env=bench_env(),
    )
    return json.loads(output)  # type: ignore[no-any-return]


def measure_requests(
    implementations: tuple[str, str], rounds: int, batches: int, per_batch: int
) -> dict[str, dict[str, tuple[float, float]]]:
    """Median and best (lowest) µs per request by implementation and
    scenario, over every batch of every round."""
    samples: dict[str, dict[str, list[float]]] = {
        name: {scenario: [] for scenario in SCENARIOS} for name in implementations
    }
    for number in range(rounds):
        order = implementations if number % 2 == 0 else implementations[::-1]
        for name in order:
            print(f"requests: round {number + 1}/{rounds}, {name}", file=sys.stderr)
            for scenario, values in request_round(name, batches, per_batch).items():
                samples[name][scenario].extend(values)
    return {
        name: {
            scenario: (statistics.median(values), min(values))
            for scenario, values in by_scenario.items()
        }
        for name, by_scenario in samples.items()
    }


def callgrind_count(name: str, *script: str) -> int:
    """Instructions executed (callgrind's ``Ir``) by one run of a benchmark
    script (with its arguments) in the environment ``name``."""
    output_file = VENVS / f"callgrind.{name}.{'.'.join(script)}.out"
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={output_file}",
            str(venv_python(name)),
            *script,
        ],
        cwd=HERE,
        env=bench_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    output_file.unlink(missing_ok=True)
    return int(re.search(r"Collected : (\d+)", completed.stderr).group(1))  # type: ignore[union-attr]


def instructions(name: str, scenario: str, requests: int) -> int:
    """Instructions executed by a process that makes ``requests`` requests
    of ``scenario`` after a fixed warm-up."""
    return callgrind_count(
        name,
        "bench_requests.py",
        "--scenario",
        scenario,
        "--just-run",
        str(requests),
    )


def measure_instructions(
    implementations: tuple[str, str], requests: int
) -> dict[str, dict[str, float]]:
    """Instructions per request by implementation and scenario: the
    difference between a run with ``requests`` requests and one without,
    divided by ``requests``. Deterministic, unlike times on a shared machine."""
    counts: dict[str, dict[str, float]] = {name: {} for name in implementations}
    for scenario in SCENARIOS:
        for name in implementations:
            print(f"callgrind: {scenario}, {name}", file=sys.stderr)
            base = instructions(name, scenario, 0)
            loaded = instructions(name, scenario, requests)
            counts[name][scenario] = (loaded - base) / requests
    return counts


def startup_sample(name: str, mode: str) -> dict[str, float]:
    output = run(
        [venv_python(name), "bench_startup.py", mode], cwd=HERE, env=bench_env()
    )
    return json.loads(output)  # type: ignore[no-any-return]


def measure_startup(
    names: tuple[str, ...], repetitions: int
) -> dict[str, dict[str, float]]:
    """Median import time and memory figures per environment."""
    timed = {
        "import_ms": "import-time",
        "werkzeug_ms": "werkzeug-import-time",
        "routing_ms": "routing-import-time",
        "with_dependencies_ms": "import-with-dependencies-time",
    }
    times: dict[str, dict[str, list[float]]] = {
        name: {key: [] for key in timed} for name in names
    }
    for number in range(repetitions):
        order = names if number % 2 == 0 else names[::-1]
        for name in order:
            for key, mode in timed.items():
                times[name][key].append(startup_sample(name, mode)["import_s"])
    results: dict[str, dict[str, float]] = {}
    for name in names:
        memory = [startup_sample(name, "memory") for _ in range(3)]
        results[name] = {
            **{
                key: statistics.median(samples) * 1000
                for key, samples in times[name].items()
            },
            **{
                key: statistics.median(sample[key] for sample in memory)
                for key in memory[0]
            },
        }
    return results


def startup_instructions(name: str, mode: str) -> float:
    """Instructions that ``bench_startup.py mode`` executes beyond its
    ``baseline`` mode: a deterministic import cost."""
    return float(
        callgrind_count(name, "bench_startup.py", mode)
        - callgrind_count(name, "bench_startup.py", "baseline")
    )


def measure_startup_instructions(
    names: tuple[str, ...],
) -> dict[str, dict[str, float]]:
    """Instructions of ``import flask`` alone and followed by the imports of
    the installed dependencies, per environment."""
    results: dict[str, dict[str, float]] = {}
    for name in names:
        print(f"callgrind: start-up, {name}", file=sys.stderr)
        results[name] = {
            "import_instructions": startup_instructions(name, "import-time"),
            "with_dependencies_instructions": startup_instructions(
                name, "import-with-dependencies-time"
            ),
        }
    return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on port {port}")


def parse_wrk(output: str) -> tuple[float, float]:
    """Requests/s and p99 latency (ms) from ``wrk --latency`` output."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, float(value) * scale


def python_load(
    url_port: int,
    path: str,
    seconds: float,
    connections: int,
    headers: dict[str, str] | None = None,
) -> tuple[float, float]:
    """A bounded load generator for machines without ``wrk``: threads issuing
    GETs (with ``headers``) back to back for ``seconds``; returns requests/s
    and p99 (ms)."""
    import http.client
    import threading

    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        own: list[float] = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", url_port, timeout=10)
            connection.request("GET", path, headers=headers or {})
            connection.getresponse().read()
            connection.close()
            own.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / seconds, p99


def serve_and_load(
    name: str, path: str, seconds: float, connections: int
) -> tuple[float, float]:
    port = free_port()
    gunicorn = VENVS / name / "bin" / "gunicorn"
    server = subprocess.Popen(
        [
            gunicorn,
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench_app:app",
        ],
        cwd=HERE,
        env=bench_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        wrk = shutil.which("wrk")
        url = f"http://127.0.0.1:{port}{path}"
        if wrk is not None:
            run([wrk, "-t1", f"-c{connections}", "-d1s", url])  # warm-up
            output = run(
                [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", url]
            )
            return parse_wrk(output)
        python_load(port, path, 1.0, connections)
        return python_load(port, path, seconds, connections)
    finally:
        server.terminate()
        server.wait(timeout=15)


def measure_served(
    implementations: tuple[str, str], rounds: int, seconds: float, connections: int
) -> dict[str, dict[str, tuple[float, float]]]:
    """Median requests/s and p99 (ms) by implementation and served path."""
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {label: [] for label in SERVED_PATHS} for name in implementations
    }
    for number in range(rounds):
        order = implementations if number % 2 == 0 else implementations[::-1]
        for label, path in SERVED_PATHS.items():
            for name in order:
                print(
                    f"gunicorn: round {number + 1}/{rounds}, {label}, {name}",
                    file=sys.stderr,
                )
                samples[name][label].append(
                    serve_and_load(name, path, seconds, connections)
                )
    return {
        name: {
            label: (
                statistics.median(rate for rate, _ in values),
                statistics.median(p99 for _, p99 in values),
            )
            for label, values in by_label.items()
        }
        for name, by_label in samples.items()
    }


# -- report --------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "**not met**"


def render(
    requests: dict[str, dict[str, tuple[float, float]]] | None,
    counted: dict[str, dict[str, float]] | None,
    startup: dict[str, dict[str, float]] | None,
    served: dict[str, dict[str, tuple[float, float]]] | None,
    versions: dict[str, str],
    settings: str,
) -> str:
    python_version = run(
        [
            venv_python("bench-flask"),
            "-c",
            "import platform; print(platform.python_version())",
        ]
    ).strip()
    lines = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on"
        f" {os.cpu_count()} CPUs (`nproc`: {len(os.sched_getaffinity(0))}), {cpu_model()},"
        f" Python {python_version}, {platform.system()} {platform.release()}.",
        f"Versions: {', '.join(f'{name} {version}' for name, version in versions.items())}.",
        f"Settings: {settings}.",
        "",
    ]
    if requests is not None:
        flask_times, modular_times = requests["bench-flask"], requests["bench-modular"]
        lines += [
            "### Requests (in-process WSGI, µs per request)",
            "",
            "Median over all batches (the target is judged on it) and, for"
            " comparison, the best batch of each implementation.",
            "",
            "| scenario | Flask 3.1.3 | modular Flask | ratio | target | | best: Flask | best: modular | ratio of bests |",
            "|---|---:|---:|---:|---:|---|---:|---:|---:|",
        ]
        ratios, best_ratios = [], []
        for scenario in SCENARIOS:
            (flask_median, flask_best) = flask_times[scenario]
            (our_median, our_best) = modular_times[scenario]
            ratio = our_median / flask_median
            ratios.append(ratio)
            best_ratios.append(our_best / flask_best)
            lines.append(
                f"| {scenario} | {flask_median:.1f} | {our_median:.1f}"
                f" | {ratio:.2f} | ≤ {TARGETS[scenario]:.2f} | {verdict(ratio, TARGETS[scenario])}"
                f" | {flask_best:.1f} | {our_best:.1f} | {our_best / flask_best:.2f} |"
            )
        geomean = math.exp(sum(math.log(ratio) for ratio in ratios) / len(ratios))
        best_geomean = math.exp(
            sum(math.log(r) for r in best_ratios) / len(best_ratios)
        )
        lines += [
            f"| **geometric mean** | | | **{geomean:.2f}** | ≤ {GEOMEAN_TARGET:.2f}"
            f" | {verdict(geomean, GEOMEAN_TARGET)} | | | {best_geomean:.2f} |",
            "",
        ]
    if counted is not None:
        lines += [
            "### Instructions per request (callgrind, deterministic)",
            "",
            "Times on a shared machine wander; instruction counts do not. They"
            " ignore caches and branch prediction, so they are a cross-check of"
            " the time ratios, not the target itself.",
            "",
            "| scenario | Flask 3.1.3 | modular Flask | ratio |",
            "|---|---:|---:|---:|",
        ]
        count_ratios = []
        for scenario in SCENARIOS:
            theirs = counted["bench-flask"][scenario]
            ours = counted["bench-modular"][scenario]
            count_ratios.append(ours / theirs)
            lines.append(
                f"| {scenario} | {theirs / 1000:.0f} k | {ours / 1000:.0f} k | {ours / theirs:.2f} |"
            )
        count_geomean = math.exp(
            sum(math.log(r) for r in count_ratios) / len(count_ratios)
        )
        lines += [f"| **geometric mean** | | | **{count_geomean:.2f}** |", ""]
    if startup is not None:
        flask_import = startup["bench-flask"]["import_ms"]
        lines += [
            "### Start-up (fresh interpreters, medians)",
            "",
            "| | Flask 3.1.3 | modular: flask-core only | modular: flask-full |",
            "|---|---:|---:|---:|",
        ]
        rows = [
            ("`import flask` (ms)", "import_ms", "{:.1f}"),
            ("`import werkzeug` alone (ms)", "werkzeug_ms", "{:.1f}"),
            (
                "`import werkzeug.routing` after `import werkzeug` (ms)",
                "routing_ms",
                "{:.1f}",
            ),
            (
                "`import flask`, then each installed dependency (ms)",
                "with_dependencies_ms",
                "{:.1f}",
            ),
            ("instructions of `import flask` (M)", "import_instructions", "{:.1f}"),
            (
                "instructions of `import flask`, then each installed dependency (M)",
                "with_dependencies_instructions",
                "{:.1f}",
            ),
            ("modules loaded by `import flask`", "modules_import", "{:.0f}"),
            ("modules loaded after app + first request", "modules_request", "{:.0f}"),
            ("RSS after import (MiB)", "rss_import_kib", "{:.1f}"),
            ("RSS after first request (MiB)", "rss_request_kib", "{:.1f}"),
            ("tracemalloc after import (KiB)", "traced_import_kib", "{:.0f}"),
            ("tracemalloc after first request (KiB)", "traced_request_kib", "{:.0f}"),
        ]
        rows = [row for row in rows if row[1] in startup["bench-flask"]]
        for label, key, template in rows:
            if key.startswith("rss"):
                scale = 1 / 1024
            elif key.endswith("_instructions"):
                scale = 1e-6
            else:
                scale = 1
            cells = [
                template.format(startup[name][key] * scale)
                for name in ("bench-flask", "bench-core", "bench-modular")
            ]
            lines.append(f"| {label} | {' | '.join(cells)} |")
        lines.append("")
        for name, label in (
            ("bench-core", "flask-core only"),
            ("bench-modular", "flask-full"),
        ):
            ratio = startup[name]["import_ms"] / flask_import
            target = IMPORT_TARGETS[name]
            lines.append(
                f"- import ratio, {label}: **{ratio:.2f}** (target ≤ {target:.2f}, {verdict(ratio, target)})"
            )
        floor = startup["bench-core"]["werkzeug_ms"] / flask_import
        lines += [
            f"- floor: `import werkzeug` alone is already **{floor:.2f}** of Flask's"
            " `import flask` (any Werkzeug import runs its package `__init__`, which"
            " loads its development server and test client).",
            "",
        ]
    if served is not None:
        lines += [
            "### End to end: gunicorn (1 sync worker) on 127.0.0.1",
            "",
            "| URL | Flask 3.1.3 req/s | modular req/s | ratio | Flask p99 (ms) | modular p99 (ms) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for label, path in SERVED_PATHS.items():
            flask_rate, flask_p99 = served["bench-flask"][label]
            our_rate, our_p99 = served["bench-modular"][label]
            lines.append(
                f"| `{path}` ({label}) | {flask_rate:.0f} | {our_rate:.0f} | {our_rate / flask_rate:.2f}"
                f" | {flask_p99:.2f} | {our_p99:.2f} |"
            )
        lines.append("")
    return "\n".join(lines)


def write_readme(results: str) -> None:
    text = README.read_text()
    start, end = text.index(RESULTS_START), text.index(RESULTS_END)
    README.write_text(f"{text[: start + len(RESULTS_START)]}\n{results}\n{text[end:]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds; do not touch README.md"
    )
    parser.add_argument(
        "--rounds", type=int, help="request rounds per implementation (default 6)"
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["requests", "callgrind", "startup", "gunicorn"],
    )
    parser.add_argument(
        "--no-install", action="store_true", help="reuse the environments as they are"
    )
    options = parser.parse_args()

    load_at_start = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    rounds = options.rounds or (2 if options.quick else 8)
    batches, per_batch = (3, 1000) if options.quick else (5, 2000)
    import_repetitions = 10 if options.quick else 40
    served_rounds, served_seconds, connections = (
        (1, 3.0, 4) if options.quick else (3, 5.0, 4)
    )
    if options.no_install:
        versions = {
            **installed_versions("bench-flask", SHARED_REQUIREMENTS),
            "flask": FLASK_VERSION,
        }
    else:
        versions = prepare_environments(with_gunicorn="gunicorn" not in options.skip)
    pair = ("bench-flask", "bench-modular")

    requests = (
        None
        if "requests" in options.skip
        else measure_requests(pair, rounds, batches, per_batch)
    )
    counted = (
        None
        if "callgrind" in options.skip or shutil.which("valgrind") is None
        else measure_instructions(pair, 200)
    )
    startup = (
        None
        if "startup" in options.skip
        else measure_startup(
            ("bench-flask", "bench-core", "bench-modular"), import_repetitions
        )
    )
    if (
        startup is not None
        and shutil.which("valgrind")
        and "callgrind" not in options.skip
    ):
        for name, counts in measure_startup_instructions(tuple(startup)).items():
            startup[name].update(counts)
    served = (
        None
        if "gunicorn" in options.skip
        else measure_served(pair, served_rounds, served_seconds, connections)
    )
    checks = subprocess.run(
        [venv_python("bench-core"), HERE / "checks.py"], env=bench_env(), check=False
    )
    load = "wrk" if shutil.which("wrk") else "Python load generator"
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    settings = (
        f"{rounds} alternating rounds x {batches} batches x {per_batch} requests per scenario;"
        f" {import_repetitions} imports per environment; gunicorn {served_rounds} rounds x"
        f" {served_seconds:g} s, {connections} connections, {load};"
        f" load average {load_at_start} at the start, {load_average} at the end"
    )
    results = render(requests, counted, startup, served, versions, settings)
    print(results)
    if not options.quick and not options.skip:
        write_readme(results)
    if checks.returncode != 0:
        sys.exit("a benchmark check failed (benchmarks/checks.py)")


if __name__ == "__main__":
    main()
