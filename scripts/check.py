"""Run every check of the repository: ``python scripts/check.py`` (Python 3.10+ only).

    python scripts/check.py               # everything
    python scripts/check.py --list        # the parts, without running them
    python scripts/check.py -k flask-json # the parts whose name contains a text

It installs the pinned Hatch into ``.venvs/_hatch`` (scripts/_hatch.py), lets
it create the environments of hatch.toml, builds the sdists and wheels once for
the integration tests, runs the parts below (``hatch run <part>``, the commands
CI runs) two at a time, and ends with ``N passed, M failed``: tests counted
from pytest's JUnit reports, one check for each part that is not pytest.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import _hatch

#: Every part, slowest first. Each distribution's tests run twice: ``.speedups``
#: measuring coverage against the package's threshold, ``.no-speedups`` with
#: the speed shortcuts off.
ADDONS = ("json", "sessions", "cli", "testing", "signals")
RUNS = ("speedups:cov", "no-speedups:test")
WAYS = ("speedups", "no-speedups")
PARTS = (
    "integration:test",
    *(f"all.{way}:test" for way in WAYS),
    "integration:lowest",
    "flask-core.speedups:cov",
    "flask-core.no-speedups:test",
    "types:check",
    "integration:upstream",
    "docs:build",
    "integration:types",
    "integration:differential",
    *(f"flask-{addon}.{run}" for addon in ADDONS for run in RUNS),
    *(f"all.{way}:{script}" for script in ("examples", "snippets") for way in WAYS),
    "lint:check",
)
LOGS = _hatch.VENVS / "_logs"


def count(report: Path, code: int) -> tuple[int, int, int]:
    """(passed, failed, skipped) from a JUnit report, or one check by exit code."""
    if not report.exists():
        return (1, 0, 0) if code == 0 else (0, 1, 0)
    passed = failed = skipped = 0
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        outcomes = {child.tag: child.get("type", "") for child in case}
        if "failure" in outcomes or "error" in outcomes:
            failed += 1
        elif outcomes.get("skipped", "").startswith("pytest.xfail"):
            passed += 1  # an expected failure that failed as expected
        elif "skipped" in outcomes:
            skipped += 1
        else:
            passed += 1
    if code != 0 and failed == 0:
        failed = 1  # pytest stopped before any test failed (collection, usage)
    return passed, failed, skipped


def run(part: str, hatch: list[str], wheelhouse: Path) -> tuple[int, int, int, float]:
    """``hatch run <part>``, its output into ``.venvs/_logs``; returns counts."""
    started = time.monotonic()
    name = part.replace(":", "-")
    report = LOGS / f"{name}.xml"
    report.unlink(missing_ok=True)
    env = _hatch.environment(
        PYTEST_ADDOPTS=f"--junitxml={report}",
        MODULAR_FLASK_WHEELHOUSE=str(wheelhouse),
    )
    with (LOGS / f"{name}.log").open("w") as log:
        command = [*hatch, "run", part]
        code = subprocess.call(
            command, cwd=_hatch.ROOT, env=env, stdout=log, stderr=log
        )
    return (*count(report, code), time.monotonic() - started)


def prepare(parts: list[str], hatch: list[str], wheelhouse: Path) -> set[str]:
    """Create or update the parts' environments (one after the other: several
    parts share one), and build the wheels if an integration part is selected;
    return the environments that could not be made ready."""
    env, broken = _hatch.environment(), set()
    for name in dict.fromkeys(p.split(":")[0] for p in parts):
        print(f"environment {name}", flush=True)
        command = [*hatch, "run", f"{name}:python", "-c", "pass"]
        if subprocess.call(command, cwd=_hatch.ROOT, env=env) != 0:
            broken.add(name)
    if any(p.startswith("integration:") for p in parts) and "integration" not in broken:
        command = [*hatch, "run", "integration:build", str(wheelhouse)]
        if subprocess.call(command, cwd=_hatch.ROOT, env=env) != 0:
            broken.add("integration")
    return broken


def main(argv: list[str] | None = None) -> int:
    """Run the selected parts; the exit status is 1 if anything failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", dest="select", action="append", default=[])
    parser.add_argument("-j", "--jobs", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--list", action="store_true", help="list the parts and exit")
    args = parser.parse_args(argv)
    parts = [p for p in PARTS if not args.select or any(s in p for s in args.select)]
    if args.list or not parts:
        print("\n".join(f"hatch run {p}" for p in parts) or "no part matches")
        return 0 if parts else 2
    started = time.monotonic()
    hatch = _hatch.hatch()
    LOGS.mkdir(parents=True, exist_ok=True)
    wheelhouse = _hatch.VENVS / f"_wheelhouse-{os.getpid()}"
    totals = [0, 0, 0]
    try:
        broken = prepare(parts, hatch, wheelhouse)
        for part in [p for p in parts if p.split(":")[0] in broken]:
            print(f"FAIL  hatch run {part}: its environment could not be prepared")
            totals[1] += 1
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            ready = [p for p in parts if p.split(":")[0] not in broken]
            jobs = {pool.submit(run, p, hatch, wheelhouse): p for p in ready}
            for job in concurrent.futures.as_completed(jobs):
                passed, failed, skipped, seconds = job.result()
                totals = [totals[0] + passed, totals[1] + failed, totals[2] + skipped]
                label = "FAIL" if failed else "PASS"
                detail = f"{passed} passed, {failed} failed, {skipped} skipped"
                print(f"{label}  hatch run {jobs[job]:<30} {seconds:6.1f}s  {detail}")
                if failed:
                    log = LOGS / f"{jobs[job].replace(':', '-')}.log"
                    print("".join(log.read_text().splitlines(True)[-120:]), flush=True)
    finally:
        shutil.rmtree(wheelhouse, ignore_errors=True)
    print(f"logs: {LOGS}   time: {time.monotonic() - started:.0f}s")
    line = f"{totals[0]} passed, {totals[1]} failed"
    print(line + (f", {totals[2]} skipped" if totals[2] else ""), flush=True)
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main())
