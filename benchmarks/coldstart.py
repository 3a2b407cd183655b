"""Cold start: whole processes of modular Flask against Flask 3.1.3.

Run from anywhere, with any Python 3.10+ (only the standard library is used)::

    python benchmarks/coldstart.py            # about 5 minutes; rewrites its README section
    python benchmarks/coldstart.py --quick    # fewer rounds, README left alone

It uses the environments of ``run.py`` (``.venvs/bench-flask`` and
``.venvs/bench-modular``, made or updated the same way; ``--no-install``
reuses them as they are) and measures two scenarios, each one whole process
from ``exec`` to exit:

``app``
    ``python coldstart_app.py``: import Flask, create an app with a template
    view and a JSON view, answer one request of each through the test client.
``routes``
    ``flask --app routes_app routes``: the ``flask`` command of each
    environment lists the rules of a 100-route app.

Times are medians over many rounds in which the two implementations
alternate. Instructions (``valgrind --tool=callgrind``, when installed) are
counted for each whole process, and for ``app`` also per stage: each stage's
count is the difference between a process that stops after it and one that
stops before it (``coldstart_app.py STAGE``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run

HERE = run.HERE
README = run.README
PAIR = ("bench-flask", "bench-modular")
#: Target ratio (modular / Flask, median whole-process time) per scenario.
TARGETS = {"app": 0.75}
#: The stages of ``coldstart_stages.py`` and what each adds.
STAGES = {
    "nothing": "start Python",
    "import": "import the app's module: `import flask` (and `flask.testing`)",
    "create": "create the app (two views)",
    "client": "`app.test_client()`",
    "template": "first request: render a template",
    "json": "second request: a JSON response",
}
RESULTS_START = "<!-- coldstart:start -->"
RESULTS_END = "<!-- coldstart:end -->"


def command(name: str, scenario: str) -> list[str]:
    """The command line of ``scenario`` in the environment ``name``:
    ``app``, ``routes`` or ``stage:STAGE`` (``coldstart_stages.py STAGE``)."""
    if scenario == "app":
        return [str(run.venv_python(name)), "coldstart_app.py"]
    if scenario.startswith("stage:"):
        stage = scenario.partition(":")[2]
        return [str(run.venv_python(name)), "coldstart_stages.py", stage]
    flask = run.VENVS / name / "bin" / "flask"
    return [str(flask), "--app", "routes_app", "routes"]


def whole_process_seconds(name: str, scenario: str) -> float:
    """Wall-clock time of one whole process of ``scenario``."""
    started = time.perf_counter()
    subprocess.run(
        command(name, scenario),
        cwd=HERE,
        env=run.bench_env(),
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def measure_times(rounds: int) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per whole process, by environment and scenario; the two
    implementations alternate within every round, their order too."""
    samples: dict[str, dict[str, list[float]]] = {
        name: {"app": [], "routes": []} for name in PAIR
    }
    for name in PAIR:  # warm-up: bytecode written, files in the page cache
        for scenario in samples[name]:
            whole_process_seconds(name, scenario)
    for number in range(rounds):
        order = PAIR if number % 2 == 0 else PAIR[::-1]
        for scenario in ("app", "routes"):
            for name in order:
                samples[name][scenario].append(
                    whole_process_seconds(name, scenario) * 1000
                )
        if (number + 1) % 10 == 0:
            print(f"cold start: round {number + 1}/{rounds}", file=sys.stderr)
    return samples


def instructions(name: str, scenario: str) -> int:
    """Instructions (callgrind's ``Ir``) of one whole process."""
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            *command(name, scenario),
        ],
        cwd=HERE,
        env=run.bench_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", completed.stderr).group(1))  # type: ignore[union-attr]


def measure_instructions() -> dict[str, dict[str, int]]:
    """Instructions by environment, for ``app``, ``routes`` and each stage of
    ``app`` (``stage:STAGE``: the process that stops after that stage)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in PAIR}
    for name in PAIR:
        print(f"callgrind: cold start, {name}", file=sys.stderr)
        for scenario in ("app", "routes", *(f"stage:{stage}" for stage in STAGES)):
            counts[name][scenario] = instructions(name, scenario)
    return counts


def modules_loaded(name: str, scenario: str) -> int:
    """How many modules a whole process of ``scenario`` imports
    (``python -X importtime`` lines)."""
    completed = subprocess.run(
        command(name, scenario),
        cwd=HERE,
        env={**run.bench_env(), "PYTHONPROFILEIMPORTTIME": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    return (
        sum(line.startswith("import time:") for line in completed.stderr.splitlines())
        - 1
    )


def render(
    times: dict[str, dict[str, list[float]]],
    counts: dict[str, dict[str, int]] | None,
    modules: dict[str, dict[str, int]],
    settings: str,
) -> str:
    """The Markdown tables of the results."""
    python_version = platform.python_version()
    lines = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on"
        f" {os.cpu_count()} CPUs (`nproc`: {len(os.sched_getaffinity(0))}), {run.cpu_model()},"
        f" Python {python_version}, {platform.system()} {platform.release()}.",
        f"Settings: {settings}.",
        "",
        "| scenario | Flask 3.1.3 (ms) | modular (ms) | ratio | target | |"
        " Flask (M instr.) | modular (M instr.) | ratio | modules: Flask | modules: modular |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for scenario, label in (
        ("app", "import, create, template + JSON via test client"),
        ("routes", "`flask routes`, 100 routes"),
    ):
        theirs = statistics.median(times["bench-flask"][scenario])
        ours = statistics.median(times["bench-modular"][scenario])
        ratio = ours / theirs
        target = TARGETS.get(scenario)
        judged = f"≤ {target:.2f} | {run.verdict(ratio, target)}" if target else "– | –"
        if counts is not None:
            flask_count = counts["bench-flask"][scenario]
            our_count = counts["bench-modular"][scenario]
            counted = (
                f"{flask_count / 1e6:.1f} | {our_count / 1e6:.1f}"
                f" | {our_count / flask_count:.2f}"
            )
        else:
            counted = "– | – | –"
        lines.append(
            f"| {label} | {theirs:.1f} | {ours:.1f} | **{ratio:.2f}** | {judged}"
            f" | {counted} | {modules['bench-flask'][scenario]}"
            f" | {modules['bench-modular'][scenario]} |"
        )
    lines.append("")
    if counts is not None:
        lines += [
            "Instructions of each stage of the app scenario (M; the difference"
            " between a process that stops after the stage and one that stops"
            " before it, `python coldstart_stages.py STAGE`):",
            "",
            "| stage | Flask 3.1.3 | modular | difference |",
            "|---|---:|---:|---:|",
        ]
        previous: dict[str, int] = dict.fromkeys(PAIR, 0)
        for stage, label in STAGES.items():
            flask_part = (
                counts["bench-flask"][f"stage:{stage}"] - previous["bench-flask"]
            )
            our_part = (
                counts["bench-modular"][f"stage:{stage}"] - previous["bench-modular"]
            )
            lines.append(
                f"| {label} | {flask_part / 1e6:.1f} | {our_part / 1e6:.1f}"
                f" | {(our_part - flask_part) / 1e6:+.1f} |"
            )
            previous = {name: counts[name][f"stage:{stage}"] for name in PAIR}
        lines.append("")
    return "\n".join(lines)


def write_readme(results: str) -> None:
    """Replace the cold-start results section of ``benchmarks/README.md``."""
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
    parser.add_argument("--rounds", type=int, help="timed rounds (default 60)")
    parser.add_argument(
        "--no-install", action="store_true", help="reuse the environments as they are"
    )
    parser.add_argument(
        "--skip-callgrind", action="store_true", help="no instruction counts"
    )
    options = parser.parse_args()
    rounds = options.rounds or (10 if options.quick else 60)
    if not options.no_install:
        run.prepare_environments(with_gunicorn=False)
    load_at_start = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    times = measure_times(rounds)
    modules = {
        name: {
            scenario: modules_loaded(name, scenario) for scenario in ("app", "routes")
        }
        for name in PAIR
    }
    counts = (
        None
        if options.skip_callgrind or shutil.which("valgrind") is None
        else measure_instructions()
    )
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    settings = (
        f"{rounds} alternating rounds per scenario, medians of whole-process wall-clock"
        f" times; load average {load_at_start} at the start, {load_average} at the end"
    )
    results = render(times, counts, modules, settings)
    print(results)
    if not options.quick:
        write_readme(results)


if __name__ == "__main__":
    main()
