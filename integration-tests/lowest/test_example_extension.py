"""The example extension (``examples/extension``), built and tested as its
README says, at the lowest versions its requirements allow.

Its sdist and wheel are built here; then its own tests run twice, in clean
environments made from wheels: with flask-core alone (the one distribution
it requires), and with flask-full (which brings flask-sessions, its
``sessions`` extra). Our distributions are taken at the lower bound of every
pin (the working tree or a release tag, see ``lowest.py``), every
third-party requirement at its declared minimum.
"""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from lowest import REPORT, pinned_to_minimum, sibling_bounds, sibling_source
from support import (
    DISTRIBUTIONS,
    ROOT,
    Environment,
    Wheel,
    closure,
    dependency_group,
    requirement_name,
    run,
)

EXTENSION = ROOT / "examples" / "extension"
NAME = "flask-request-id"
#: The skip reason of the session tests each installation does not run.
SKIPPED_BECAUSE = {
    "flask-core": "needs flask-sessions",
    "flask-full": "for flask-core alone",
}


@pytest.fixture(scope="module")
def extension(tmp_path_factory: pytest.TempPathFactory) -> Wheel:
    """The extension's wheel, built from its sdist (which proves the sdist
    complete) with the runner's ``build`` and hatchling."""
    out = tmp_path_factory.mktemp("extension")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, EXTENSION])
    assert len(list(out.glob("*.tar.gz"))) == 1
    return Wheel(NAME, next(out.glob("*.whl")))


def test_it_requires_flask_core_and_flask_sessions_only_through_its_extra(
    extension: Wheel,
) -> None:
    assert [requirement_name(r) for r in extension.requirements] == ["flask-core"]
    optional = extension.optional_requirements
    assert [requirement_name(r) for r in optional] == ["flask-sessions"]
    assert "Provides-Extra: sessions" in extension.metadata
    conditional = [
        Requirement(line.partition(":")[2])
        for line in extension.metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra" in line
    ]
    assert [r.name for r in conditional] == ["flask-sessions"]
    marker = conditional[0].marker
    assert marker is not None and marker.evaluate({"extra": "sessions"})
    assert not marker.evaluate({"extra": ""})
    assert extension.files == {
        "flask_request_id/__init__.py",
        "flask_request_id/_extension.py",
        "flask_request_id/_session.py",
        "flask_request_id/py.typed",
    }


def lowest_wheels(
    base: str, extension: Wheel, wheelhouse: dict[str, Wheel], work: Path
) -> tuple[list[Wheel], list[str], list[str]]:
    """Our wheels at their lowest allowed versions for the extension on top of
    ``base`` (with flask-full, the ``sessions`` extra's pin counts too), the
    third-party pins at their minimums, and a report of where each came from."""
    own = list(extension.requirements)
    if base == "flask-full":
        own += extension.optional_requirements
    names = closure([base, *(requirement_name(r) for r in own)], wheelhouse)
    pinned = own + [r for n in names for r in wheelhouse[n].requirements]
    sources = [
        sibling_source(sibling, version, wheelhouse, work)
        for sibling, version in sorted(sibling_bounds(pinned).items())
    ]
    chosen = {n: wheelhouse[n] for n in names}
    chosen.update({s.distribution: s.wheel for s in sources})
    requirements = own + [r for w in chosen.values() for r in w.requirements]
    third_party = [r for r in requirements if requirement_name(r) not in DISTRIBUTIONS]
    report = [s.describe() for s in sources]
    return list(chosen.values()), pinned_to_minimum(third_party), report


def junit_outcomes(report: Path) -> dict[str, str]:
    """Each test case of a JUnit XML report and its outcome: ``passed``, or
    ``skipped: <reason>``, or ``failed``."""
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        skipped = case.find("skipped")
        if skipped is not None:
            outcomes[name] = f"skipped: {skipped.get('message')}"
        elif case.find("failure") is not None or case.find("error") is not None:
            outcomes[name] = "failed"
        else:
            outcomes[name] = "passed"
    return outcomes


@pytest.mark.parametrize("base", ["flask-core", "flask-full"])
def test_its_tests_pass_at_the_lowest_versions(
    base: str, extension: Wheel, wheelhouse: dict[str, Wheel], tmp_path: Path
) -> None:
    ours, pins, sources = lowest_wheels(base, extension, wheelhouse, tmp_path)
    environment = Environment.cached(
        f"lowest-extension-on-{base.removeprefix('flask-')}",
        [*ours, extension],
        third_party=[*pins, *dependency_group(EXTENSION, "test")],
    )
    REPORT.append(f"{NAME} on {base}: {'; '.join(sources)}")
    REPORT.append(f"{NAME} on {base}: third-party {', '.join(pins)}")

    listed = json.loads(environment.pip("list", "--format=json").stdout)
    versions = {requirement_name(p["name"]): p["version"] for p in listed}
    for pin in pins:
        project, _, version = pin.partition("==")
        if version:
            assert Version(versions[project]) == Version(version), pin
    assert set(versions) & set(DISTRIBUTIONS) == {w.distribution for w in ours}

    # The README's command, from the extension's folder; the package is
    # imported from the environment (its sources sit in src/, off the path).
    report = tmp_path / "junit.xml"
    result = run(
        [
            environment.python,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
        ],
        cwd=EXTENSION,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    where = environment.python_code(
        "import flask_request_id; print(flask_request_id.__file__)"
    ).stdout
    assert Path(where.strip()).is_relative_to(environment.site_packages())

    outcomes = junit_outcomes(report)
    skipped = {o for o in outcomes.values() if o.startswith("skipped")}
    assert skipped == {f"skipped: {SKIPPED_BECAUSE[base]}"}
    passed = [n for n, o in outcomes.items() if o == "passed"]
    assert len(passed) >= 20
    session_tests = [n for n in passed if "test_session_part" in n]
    assert len(session_tests) >= 2
