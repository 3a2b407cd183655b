"""Run every check of the repository: the one test command.

    python scripts/check.py            # everything
    python scripts/check.py --list     # the checks, without running them
    python scripts/check.py -k mypy    # only the checks whose name contains "mypy"

It needs only Python 3.10+ and pip. It creates (or reuses) virtual
environments under ``.venvs/`` and runs, at most ``--jobs`` at a time:

* each distribution's tests alone, in an environment holding only that
  distribution, its declared dependencies and its test tools;
* every distribution's tests together, in one environment holding them all;
* the demo application's and the tutorial application's tests;
* every code block of the documentation (``docs/tests``);
* the integration tests, against sdists and wheels built once per run: an
  install matrix of the distributions from wheels, uninstalls, ``twine
  check``, import cost, the public surface, the demo served by gunicorn and
  waitress, each distribution's tests at the lowest versions its pins allow,
  mypy and pyright over a typed app, Flask 3.1.3's own test suite, and the
  same app on modular Flask and on the real Flask 3.1.3, compared request
  by request (see docs/testing.md);
* ``ruff check`` and ``ruff format --check``;
* ``mypy --strict`` over the whole ``flask`` package, seen through a merged
  tree of links to every distribution's files;
* the Sphinx documentation, with warnings as errors, every cross-reference
  resolved and every link between its pages checked.

It ends with a summary and a pytest-style line ``N passed, M failed`` that
counts tests (for test runs) and checks (for the others); the exit status is
non-zero if anything failed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _workspace as ws  # noqa: E402

LOGS_DIR = ws.VENVS_DIR / "_logs"
DOCS_OUT = ws.ROOT / "docs" / "_build" / "html"
#: Where this run builds the sdists and wheels the integration tests install
#: (one folder per run, so that runs side by side never share one).
WHEELHOUSE = ws.VENVS_DIR / f"_wheelhouse-{os.getpid()}"

_PYTEST_COUNT = re.compile(
    r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected)"
)


@dataclass
class Outcome:
    """What running one check produced."""

    status: str  # "pass", "fail" or "empty" (pytest collected nothing)
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    detail: str = ""
    output: str = ""
    seconds: float = 0.0


@dataclass
class Check:
    """One check: an environment to prepare, then a command to run in it."""

    name: str
    environment: str
    run: t.Callable[[Path], Outcome]
    weight: int = 1  # rough cost, to start the slowest first
    needs_distributions: bool = False  # built sdists and wheels (integration)


@dataclass
class Runner:
    """Prepares environments (each once, even when checks run in parallel)."""

    dists: dict[str, ws.Distribution]
    specs: dict[str, ws.EnvironmentSpec]
    ready: dict[str, Path] = field(default_factory=dict)
    locks: dict[str, threading.Lock] = field(default_factory=dict)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def python(self, environment: str) -> Path:
        """Return the interpreter of an environment, creating it if needed."""
        with self.guard:
            lock = self.locks.setdefault(environment, threading.Lock())
        with lock:
            if environment not in self.ready:
                LOGS_DIR.mkdir(parents=True, exist_ok=True)
                log_path = LOGS_DIR / f"env-{environment}.log"
                with log_path.open("w") as log:
                    self.ready[environment] = ws.ensure_environment(
                        self.specs[environment], self.dists, log
                    )
            return self.ready[environment]

    def distributions(self) -> Path:
        """Build every sdist and wheel once per run (in the integration
        environment) and return their folder."""
        python = self.python("integration")
        with self.guard:
            lock = self.locks.setdefault("_wheelhouse", threading.Lock())
        with lock:
            if "_wheelhouse" not in self.ready:
                with (LOGS_DIR / "build-distributions.log").open("w") as log:
                    ws.build_distributions(python, WHEELHOUSE, log)
                self.ready["_wheelhouse"] = WHEELHOUSE
            return self.ready["_wheelhouse"]


#: No single check may take longer than this (seconds); a hung test fails.
CHECK_TIMEOUT = 25 * 60


def run_command(
    command: list[str], cwd: Path = ws.ROOT, extra_env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run a command, returning its exit status and combined output."""
    env = ws.quiet_pip_environment()
    env.update(extra_env or {})
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.setdefault("COLUMNS", "100")
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            timeout=CHECK_TIMEOUT,
        )
    except subprocess.TimeoutExpired as error:
        output = error.stdout or ""
        if isinstance(output, bytes):
            output = output.decode(errors="replace")
        return 124, f"{output}\ntimed out after {CHECK_TIMEOUT}s: {' '.join(command)}"
    return result.returncode, result.stdout


def pytest_check(
    targets: list[str], *extra: str, extra_env: dict[str, str] | None = None
) -> t.Callable[[Path], Outcome]:
    """A check that runs pytest over ``targets`` and counts its results."""

    def run(python: Path) -> Outcome:
        existing = [p for p in targets if (ws.ROOT / p).exists()]
        if not existing:
            return Outcome("empty", detail="no test folder")
        code, output = run_command(
            [
                str(python),
                "-m",
                "pytest",
                "-q",
                "-rfEs",
                "-p",
                "no:cacheprovider",
                *extra,
                *existing,
            ],
            extra_env=extra_env,
        )
        return pytest_outcome(code, output)

    return run


def pytest_outcome(code: int, output: str) -> Outcome:
    """Read pytest's closing line into an :class:`Outcome`."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for line in reversed(output.strip().splitlines()):
        found = _PYTEST_COUNT.findall(line)
        if found and (" in " in line or line.startswith("=")):
            for number, word in found:
                if word in ("passed", "xfailed"):
                    counts["passed"] += int(number)
                elif word in ("failed", "error", "errors", "xpassed"):
                    counts["failed"] += int(number)
                elif word == "skipped":
                    counts["skipped"] += int(number)
            break
    if code == 5:
        return Outcome("empty", detail="no tests collected", output=output)
    detail = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    if code == 0:
        return Outcome("pass", detail=detail or "ok", output=output, **counts)
    if counts["failed"] == 0:
        counts["failed"] = 1  # pytest stopped before counting (usage or import error)
    return Outcome("fail", detail=detail or f"exit {code}", output=output, **counts)


def command_check(
    tool: str, *arguments: str, cwd: Path = ws.ROOT
) -> t.Callable[[Path], Outcome]:
    """A check that passes when a tool of the environment exits with 0."""

    def run(python: Path) -> Outcome:
        executable = ws.venv_bin(python.parent.parent, tool)
        code, output = run_command([str(executable), *arguments], cwd=cwd)
        return simple_outcome(code, output)

    return run


def simple_outcome(code: int, output: str) -> Outcome:
    """One passed or one failed check, from an exit status."""
    last = output.strip().splitlines()[-1] if output.strip() else ""
    if code == 0:
        return Outcome("pass", passed=1, detail=last[:70], output=output)
    return Outcome("fail", failed=1, detail=last[:70] or f"exit {code}", output=output)


def mypy_check(python: Path) -> Outcome:
    """``mypy --strict`` over the merged ``flask`` package (scripts/typecheck.py)."""
    code, output = run_command([str(python), str(ws.ROOT / "scripts" / "typecheck.py")])
    return simple_outcome(code, output)


def docs_check(python: Path) -> Outcome:
    """Build the Sphinx documentation from scratch with warnings as errors
    and every cross-reference resolved (``-n``); docs/_ext/internal_links.py
    then checks every link between the built pages."""
    for folder in (DOCS_OUT, ws.VENVS_DIR / "_doctrees"):
        if folder.exists():
            shutil.rmtree(folder)
    code, output = run_command(
        [
            str(python),
            "-m",
            "sphinx",
            "-W",
            "-n",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(ws.VENVS_DIR / "_doctrees"),
            "docs",
            str(DOCS_OUT),
        ]
    )
    outcome = simple_outcome(code, output)
    if code == 0:
        outcome.detail = f"built into {DOCS_OUT.relative_to(ws.ROOT)}"
    return outcome


def environment_specs(
    dists: dict[str, ws.Distribution],
) -> dict[str, ws.EnvironmentSpec]:
    """Every environment the checks use."""
    specs = {
        f"pkg-{name}": ws.package_test_spec(name, dists)
        for name in dists
        if dists[name].source_files
    }
    specs["all"] = ws.all_spec(dists)
    specs["lint"] = ws.EnvironmentSpec("lint", third_party=list(ws.LINT_TOOLS))
    specs["integration"] = ws.EnvironmentSpec(
        "integration",
        third_party=[*ws.TEST_TOOLS, *ws.BUILD_TOOLS, *ws.INTEGRATION_TOOLS],
    )
    specs["types"] = ws.EnvironmentSpec(
        "types",
        third_party=[*ws.runtime_requirements(dists), *ws.TYPE_TOOLS, *ws.TEST_TOOLS],
    )
    everything = ws.all_spec(dists)
    specs["docs"] = ws.EnvironmentSpec(
        "docs",
        local=everything.local,
        third_party=[*ws.runtime_requirements(dists), *ws.DOCS_TOOLS],
    )
    return specs


#: The integration tests, split so that the parts run in parallel: folder
#: (under integration-tests/) or ``None`` for the top-level files, and weight.
INTEGRATION_PARTS = {
    "integration tests": (None, 9),
    "integration: lowest versions": ("lowest", 7),
    "integration: Flask 3.1.3 suite": ("conformance", 7),
    "integration: types (mypy, pyright)": ("typed_app", 3),
    "integration: differential (Flask 3.1.3)": ("differential", 3),
}


def integration_checks() -> list[Check]:
    """One check per part of ``integration-tests/``, sharing one wheelhouse."""
    folders = [f for f, _ in INTEGRATION_PARTS.values() if f]
    checks = []
    for name, (folder, weight) in INTEGRATION_PARTS.items():
        if folder:
            targets, extra = [f"integration-tests/{folder}"], []
        else:
            targets = ["integration-tests"]
            extra = [f"--ignore=integration-tests/{f}" for f in folders]
        run = pytest_check(
            targets, *extra, extra_env={"MODULAR_FLASK_WHEELHOUSE": str(WHEELHOUSE)}
        )
        checks.append(Check(name, "integration", run, weight, needs_distributions=True))
    return checks


def all_checks(dists: dict[str, ws.Distribution]) -> list[Check]:
    """The checks, slowest first."""
    checks: list[Check] = []
    checks += integration_checks()
    test_dirs = [
        d.tests.relative_to(ws.ROOT).as_posix()
        for d in dists.values()
        if d.tests.is_dir()
    ]
    checks.append(
        Check(
            "tests: all packages together",
            "all",
            pytest_check(test_dirs, "--import-mode=importlib"),
            8,
        )
    )
    for name, dist in dists.items():
        if not dist.source_files:
            continue
        checks.append(
            Check(
                f"tests: {name} alone",
                f"pkg-{name}",
                pytest_check([dist.tests.relative_to(ws.ROOT).as_posix()]),
                5 if name == "flask-core" else 2,
            )
        )
    examples = ["examples/tests", "examples/tutorial/tests"]
    checks.append(Check("tests: examples", "all", pytest_check(examples), 2))
    checks.append(Check("tests: docs snippets", "all", pytest_check(["docs/tests"]), 1))
    checks.append(Check("mypy --strict flask", "types", mypy_check, 6))
    checks.append(Check("docs (sphinx -W)", "docs", docs_check, 4))
    checks.append(Check("ruff check", "lint", command_check("ruff", "check", "."), 1))
    checks.append(
        Check(
            "ruff format --check",
            "lint",
            command_check("ruff", "format", "--check", "."),
            1,
        )
    )
    return sorted(checks, key=lambda c: -c.weight)


def run_one(check: Check, runner: Runner) -> Outcome:
    """Prepare the check's environment, then run it; never raises."""
    started = time.monotonic()
    try:
        python = runner.python(check.environment)
        if check.needs_distributions:
            runner.distributions()
        outcome = check.run(python)
    except Exception as error:  # reported as a failed check
        outcome = Outcome(
            "fail", failed=1, detail=type(error).__name__, output=str(error)
        )
    outcome.seconds = time.monotonic() - started
    log = LOGS_DIR / (re.sub(r"[^A-Za-z0-9]+", "-", check.name).strip("-") + ".log")
    LOGS_DIR.mkdir(parents=True, exist_ok=True)
    log.write_text(outcome.output)
    return outcome


def report_failure(check: Check, outcome: Outcome, max_lines: int = 150) -> None:
    """Print the end of a failed check's output."""
    lines = outcome.output.rstrip().splitlines()
    shown = lines[-max_lines:]
    print(
        f"\n----- {check.name}: output"
        + (
            f" (last {max_lines} of {len(lines)} lines)"
            if len(lines) > max_lines
            else ""
        )
        + " -----"
    )
    print("\n".join(shown))
    print(f"----- end of {check.name} -----\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the selected checks and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-k",
        dest="select",
        action="append",
        default=[],
        help="run only checks whose name contains this text",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=max(2, os.cpu_count() or 2),
        help="how many checks run at once",
    )
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="delete .venvs/ first and rebuild every environment",
    )
    args = parser.parse_args(argv)

    if args.fresh and ws.VENVS_DIR.exists():
        shutil.rmtree(ws.VENVS_DIR)

    dists = ws.distributions()
    checks = all_checks(dists)
    if args.select:
        checks = [c for c in checks if any(s in c.name for s in args.select)]
    if args.list:
        for check in checks:
            print(f"{check.name}  [.venvs/{check.environment}]")
        return 0
    if not checks:
        print("no check matches", file=sys.stderr)
        return 2

    runner = Runner(dists, environment_specs(dists))
    started = time.monotonic()
    print(
        f"Running {len(checks)} checks with {sys.executable}"
        f" (Python {sys.version.split()[0]}), {args.jobs} at a time",
        flush=True,
    )
    results: dict[str, Outcome] = {}
    try:
        run_all(checks, runner, args.jobs, results)
    finally:
        shutil.rmtree(WHEELHOUSE, ignore_errors=True)
    return summarize(checks, results, started)


def run_all(
    checks: list[Check], runner: Runner, jobs: int, results: dict[str, Outcome]
) -> None:
    """Run the checks, ``jobs`` at a time, printing each outcome as it ends."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_one, check, runner): check for check in checks}
        for future in concurrent.futures.as_completed(futures):
            check = futures[future]
            outcome = future.result()
            results[check.name] = outcome
            label = {"pass": "PASS", "fail": "FAIL", "empty": "NONE"}[outcome.status]
            print(
                f"{label}  {check.name:<34} {outcome.seconds:6.1f}s  {outcome.detail}",
                flush=True,
            )
            if outcome.status == "fail":
                report_failure(check, outcome)


def summarize(checks: list[Check], results: dict[str, Outcome], started: float) -> int:
    """Print the summary and the closing line; return the exit status."""
    passed = sum(o.passed for o in results.values())
    failed = sum(o.failed for o in results.values())
    skipped = sum(o.skipped for o in results.values())
    elapsed = time.monotonic() - started
    print("\n=== summary ===")
    for check in checks:
        outcome = results[check.name]
        print(f"  {outcome.status.upper():5} {check.name:<34} {outcome.detail}")
    empty = [c.name for c in checks if results[c.name].status == "empty"]
    if empty:
        print(f"  (collected no tests: {', '.join(empty)})")
    print(f"  logs: {LOGS_DIR}/   time: {elapsed:.0f}s")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line, flush=True)
    return 1 if failed or any(o.status == "fail" for o in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
