"""Fetch Flask 3.1.3's own test suite at test time and run it against ours.

The suite is never stored in this repository: its sdist is downloaded into a
cache outside the working tree (``MODULAR_FLASK_CACHE``, default
``~/.cache/modular-flask``), and only its ``tests/`` folder is extracted, into
a temporary folder, for each run. Flask's ``src/`` is never extracted, so the
``flask`` the tests import can only be the one installed from our wheels.
"""

from __future__ import annotations

import os
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from support import Environment, run

FLASK_VERSION = "3.1.3"
#: What the upstream tests import besides ``flask``; pytest stays below 9.1,
#: whose removal of a private helper the suite's CLI tests still import.
SUITE_REQUIREMENTS = ("pytest>=8,<9.1", "asgiref>=3.4", "greenlet", "python-dotenv")
#: The pytest settings the suite expects: warnings are errors.
PYTEST_INI = "[pytest]\ntestpaths = tests\nfilterwarnings =\n    error\n"


def cache_dir() -> Path:
    """Where downloaded sdists are kept between runs (outside the repo)."""
    default = Path.home() / ".cache" / "modular-flask"
    return Path(os.environ.get("MODULAR_FLASK_CACHE", default))


def fetch_sdist(version: str = FLASK_VERSION) -> Path:
    """Download Flask's sdist once (only the archive, no dependencies)."""
    folder = cache_dir() / f"flask-{version}"
    archive = folder / f"flask-{version}.tar.gz"
    if not archive.exists():
        folder.mkdir(parents=True, exist_ok=True)
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                folder,
                f"flask=={version}",
            ]
        )
    assert archive.exists(), f"pip download left no {archive.name} in {folder}"
    return archive


def extract_tests(archive: Path, destination: Path) -> Path:
    """Unpack only the sdist's ``tests/`` folder and write the pytest settings."""
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        members = [m for m in tar.getmembers() if m.name.startswith(f"{top}/tests/")]
        for member in members:
            member.name = member.name.removeprefix(f"{top}/")
        if hasattr(tarfile, "data_filter"):  # refuse links and paths outside
            tar.extractall(destination, members=members, filter="data")
        else:  # pragma: no cover - Pythons without extraction filters
            tar.extractall(destination, members=members)
    (destination / "pytest.ini").write_text(PYTEST_INI)
    return destination


@dataclass
class SuiteResult:
    """The outcome of every test of the upstream suite."""

    outcomes: dict[str, str] = field(default_factory=dict)
    output: str = ""

    @property
    def counts(self) -> Counter[str]:
        """How many tests passed, failed, errored and were skipped."""
        return Counter(self.outcomes.values())

    @property
    def not_passing(self) -> list[str]:
        """The tests that failed or errored, sorted."""
        return sorted(n for n, o in self.outcomes.items() if o in ("failed", "error"))


def run_suite(environment: Environment, folder: Path) -> SuiteResult:
    """Run the extracted suite with the environment's interpreter."""
    report = folder / "junit.xml"
    result = run(
        [
            environment.python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            "tests",
        ],
        cwd=folder,
        check=False,
        timeout=900,
    )
    if not report.exists():
        raise AssertionError(f"pytest wrote no report:\n{result.stdout[-4000:]}")
    return SuiteResult(read_junit(report), result.stdout)


def read_junit(report: Path) -> dict[str, str]:
    """Each test's outcome (passed, failed, error or skipped) from a JUnit file."""
    outcomes: dict[str, str] = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                break
        # A test that failed and then errored in teardown counts once, as failed.
        if outcomes.get(name) not in ("failed", "error"):
            outcomes[name] = outcome
    return outcomes
