"""Flask 3.1.3's own test suite, run against flask-full installed from wheels.

It fails when fewer tests pass than the count recorded in
``conformance-baseline.json``; raise that count when more pass. Run just this
part with ``hatch run integration:upstream``.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
import upstream

from support import Environment, EnvironmentFactory

BASELINE = Path(__file__).resolve().parent.parent / "conformance-baseline.json"


@pytest.fixture(scope="module")
def suite_environment(make_environment: EnvironmentFactory) -> Environment:
    """flask-full from wheels, plus what the suite imports (never real Flask)."""
    return make_environment(
        ["flask-full"], third_party=upstream.SUITE_REQUIREMENTS, label="upstream-suite"
    )


@pytest.fixture(scope="module")
def baseline() -> dict[str, object]:
    """The recorded count and the tests known not to pass."""
    return dict(json.loads(BASELINE.read_text()))


def test_the_suite_imports_our_flask(suite_environment: Environment) -> None:
    code = (
        "import importlib.metadata as m, json, flask;"
        " owners = [d.metadata['Name'] for d in m.distributions()"
        " if any(str(f) == 'flask/__init__.py' for f in d.files or ())];"
        " names = {d.metadata['Name'].lower() for d in m.distributions()};"
        " print(json.dumps([owners, 'flask' in names]))"
    )
    owners, real_flask_installed = json.loads(
        suite_environment.python_code(code).stdout
    )
    assert owners == ["flask-core"]
    assert not real_flask_installed


def test_at_least_the_recorded_number_of_upstream_tests_pass(
    suite_environment: Environment, baseline: dict[str, object], tmp_path: Path
) -> None:
    assert baseline["flask_version"] == upstream.FLASK_VERSION
    folder = upstream.extract_tests(upstream.fetch_sdist(), tmp_path / "suite")
    result = upstream.run_suite(suite_environment, folder)
    counts = result.counts
    total = sum(counts.values())
    print(f"upstream Flask {upstream.FLASK_VERSION} tests: {counts['passed']}/{total}")
    assert total >= int(str(baseline["total"])), result.output[-3000:]
    # The suite skips a test or two on some Pythons (tomllib is 3.11+): a
    # skip by the suite itself is not a failure of ours.
    passing = counts["passed"] + counts["skipped"]
    known = set(t.cast("list[str]", baseline["known_failures"]))
    newly_failing = sorted(set(result.not_passing) - known)
    assert passing >= int(str(baseline["passed"])), (
        f"{passing} passed or skipped, fewer than the recorded"
        f" {baseline['passed']}; newly failing: {newly_failing}\n"
        f"{result.output[-3000:]}"
    )
    assert newly_failing == [], result.output[-3000:]
