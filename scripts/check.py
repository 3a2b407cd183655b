"""Run every check: ``python scripts/check.py [--list] [-k TEXT]`` (Python 3.10+).

It installs the pinned Hatch (scripts/_hatch.py), runs the parts (``--list``
shows them; ``-k`` selects those whose command contains TEXT) two at a time and
ends with ``N passed, M failed``, counting tests from pytest's JUnit reports."""

import argparse
import concurrent.futures
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import _hatch

#: Every part, slowest first. Each distribution's tests run twice: measuring
#: coverage against its threshold, and with the speed shortcuts off.
RUNS = ("speedups:cov", "no-speedups:test")
WAYS = ("speedups", "no-speedups")
PARTS = (
    "integration:test",
    *(f"all.{way}:test" for way in WAYS),
    "integration:lowest",
    *(f"flask-core.{run}" for run in RUNS),
    "types:check",
    "integration:upstream",
    "docs:build",
    "integration:types",
    "integration:differential",
    *(f"flask-{name}.{run}" for name in ("json", "sessions", "cli") for run in RUNS),
    *(f"flask-{name}.{run}" for name in ("testing", "signals") for run in RUNS),
    *(f"all.{way}:{script}" for script in ("examples", "snippets") for way in WAYS),
    "lint:check",
)
LOGS, WHEELHOUSE = _hatch.VENVS / "_logs", _hatch.VENVS / "_wheelhouse"


def count(report: Path, code: int) -> tuple[int, int, int]:
    """(passed, failed, skipped) from a JUnit report (an expected failure passes,
    a failed exit status fails one); by exit status for a part that wrote none."""
    if not report.exists():
        return (1, 0, 0) if code == 0 else (0, 1, 0)
    failed = skipped = 0
    cases = list(ElementTree.parse(report).iter("testcase"))
    for case in cases:
        kinds = {child.tag: child.get("type", "") for child in case}
        if "failure" in kinds or "error" in kinds:
            failed += 1
        elif "skipped" in kinds and not kinds["skipped"].startswith("pytest.xfail"):
            skipped += 1
    return len(cases) - failed - skipped, max(failed, int(code != 0)), skipped


def run(part: str, hatch: list[str]) -> tuple[int, int, int, float]:
    """``hatch run <part>``, its output into ``.venvs/_logs``; counts and seconds."""
    started, name = time.monotonic(), part.replace(":", "-")
    report = LOGS / f"{name}.xml"
    report.unlink(missing_ok=True)
    env = _hatch.environment(
        PYTEST_ADDOPTS=f"--junitxml={report}", MODULAR_FLASK_WHEELHOUSE=str(WHEELHOUSE)
    )
    with (LOGS / f"{name}.log").open("w") as log:
        code = subprocess.call([*hatch, "run", part], env=env, stdout=log, stderr=log)
    return (*count(report, code), time.monotonic() - started)


def prepare(parts: list[str]) -> list[str]:
    """Install Hatch, create or update the parts' environments one at a time (parts
    share them), build the integration parts' wheels; return the Hatch command."""
    os.chdir(_hatch.ROOT)  # where Hatch finds hatch.toml
    hatch, names = _hatch.hatch(), dict.fromkeys(part.split(":")[0] for part in parts)
    steps = [[f"{name}:python", "-c", "pass"] for name in names]
    if "integration" in names:
        steps.append(["integration:build", str(WHEELHOUSE)])
    for step in steps:
        subprocess.call([*hatch, "run", *step], env=_hatch.environment())
    LOGS.mkdir(parents=True, exist_ok=True)
    return hatch


def main(argv: list[str] | None = None) -> int:
    """Run the selected parts; the exit status is 1 if anything failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", dest="select", action="append", default=[])
    parser.add_argument("--list", action="store_true", help="list the parts and exit")
    args = parser.parse_args(argv)
    parts = [p for p in PARTS if not args.select or any(s in p for s in args.select)]
    if args.list or not parts:
        print("\n".join(f"hatch run {p}" for p in parts) or "no part matches")
        return 0 if parts else 2
    started, hatch, totals = time.monotonic(), prepare(parts), [0, 0, 0]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        jobs = {pool.submit(run, part, hatch): part for part in parts}
        for job in concurrent.futures.as_completed(jobs):
            passed, failed, skipped, seconds = job.result()
            totals = [totals[0] + passed, totals[1] + failed, totals[2] + skipped]
            counts = f"{passed} passed, {failed} failed, {skipped} skipped"
            label = "FAIL" if failed else "PASS"
            print(f"{label}  hatch run {jobs[job]:<30} {seconds:6.1f}s  {counts}")
            if failed:  # the end of its output
                log = (LOGS / f"{jobs[job].replace(':', '-')}.log").read_text()
                print("".join(log.splitlines(True)[-120:]), flush=True)
    print(f"logs: {LOGS}   time: {time.monotonic() - started:.0f}s")
    line = f"{totals[0]} passed, {totals[1]} failed"
    print(line + (f", {totals[2]} skipped" if totals[2] else ""), flush=True)
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main())
