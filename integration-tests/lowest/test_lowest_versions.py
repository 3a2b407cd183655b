"""Each distribution's tests, run with the lowest versions its pins allow.

Our own distributions are taken at the lower bound of each pin (the working
tree, or the release tag of that version); every third-party requirement is
installed at its declared minimum (``name==<lower bound>``). If a minimum does
not work, raise the pin in that distribution's ``pyproject.toml``.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.version import Version

from lowest import (
    REPORT,
    SiblingSource,
    pinned_to_minimum,
    sibling_bounds,
    sibling_source,
)
from support import (
    DISTRIBUTIONS,
    PACKAGES,
    ROOT,
    Environment,
    Wheel,
    closure,
    requirement_name,
    requirements_for_tests,
    run,
)

TESTED = [d for d in DISTRIBUTIONS if d != "flask-full"]


#: Floors for test runs only, above a declared minimum that the distribution
#: itself supports but its *tests* do not; each says why, and is reported.
TEST_ONLY_FLOORS: dict[str, dict[str, tuple[str, str]]] = {
    "flask-cli": {
        "click": (
            "8.2.0",
            "its tests read CliRunner results' stderr separately, which click"
            " 8.1 only offers with CliRunner(mix_stderr=False)",
        ),
    },
}


#: Tests that check a behaviour added by a later release of a dependency
#: than the declared minimum (the distribution delegates it, as Flask does),
#: left out of the lowest-versions run only, and reported.
#: (None today: flask-core's Werkzeug minimum, 3.1.9, sends ``Accept-Ranges``
#: on full file responses, which 3.1.0 to 3.1.6 did not.)
NEWER_DEPENDENCY_TESTS: dict[str, dict[str, str]] = {}


@dataclass
class Installation:
    """What one lowest-versions environment holds, and where it came from."""

    sources: list[SiblingSource]
    wheels: list[Wheel]  # from release tags
    editable: list[Path]  # working-tree distributions
    pins: list[str]  # third-party requirements at their minimums
    notes: list[str]


def lowest_installation(
    name: str, wheelhouse: dict[str, Wheel], work: Path
) -> Installation:
    """The lowest siblings, the package and its test helpers (the working
    tree is installed editable, as for the package's usual test run, since
    some tests look at the source layout), and the third-party requirements
    pinned to their minimums."""
    pinned = [
        r for d in closure([name], wheelhouse) for r in wheelhouse[d].requirements
    ]
    sources = [
        sibling_source(sibling, version, wheelhouse, work)
        for sibling, version in sorted(sibling_bounds(pinned).items())
    ]
    chosen = {s.distribution: s.wheel for s in sources}
    helpers = closure([name, *requirements_for_tests(name)[0]], wheelhouse)
    for other in helpers:
        chosen.setdefault(other, wheelhouse[other])
    from_tree = {s.distribution for s in sources if s.origin == "working tree"}
    from_tree |= {d for d in helpers if d not in {s.distribution for s in sources}}
    requirements = [r for w in chosen.values() for r in w.requirements]
    requirements += wheelhouse[name].optional_requirements
    third_party = [r for r in requirements if requirement_name(r) not in DISTRIBUTIONS]
    pins, notes = [], []
    floors = TEST_ONLY_FLOORS.get(name, {})
    for pin in pinned_to_minimum(third_party):
        project = requirement_name(pin)
        if project in floors:
            floor, why = floors[project]
            notes.append(f"{name}: tests run with {project}=={floor}, not {pin}: {why}")
            pin = f"{project}=={floor}"
        pins.append(pin)
    return Installation(
        sources=sources,
        wheels=[w for d, w in chosen.items() if d not in from_tree],
        editable=[PACKAGES / d for d in DISTRIBUTIONS if d in from_tree],
        pins=pins,
        notes=notes,
    )


def installed_versions(environment: Environment) -> dict[str, str]:
    """Every installed project's normalized name and version."""
    listed = environment.pip("list", "--format=json").stdout
    return {requirement_name(p["name"]): p["version"] for p in json.loads(listed)}


@pytest.mark.parametrize("name", TESTED)
def test_own_tests_pass_with_lowest_versions(
    name: str,
    wheelhouse: dict[str, Wheel],
    tmp_path: Path,
) -> None:
    plan = lowest_installation(name, wheelhouse, tmp_path)
    tools = requirements_for_tests(name)[1]
    environment = Environment.cached(
        f"lowest-{name.removeprefix('flask-')}",
        plan.wheels,
        third_party=[*plan.pins, *tools],
        editable=plan.editable,
    )
    siblings = "; ".join(s.describe() for s in plan.sources) or "no sibling pins"
    REPORT.append(f"{name}: {siblings}")
    REPORT.append(f"{name}: third-party {', '.join(plan.pins)}")
    REPORT.extend(plan.notes)

    versions = installed_versions(environment)
    for pin in plan.pins:
        project, _, version = pin.partition("==")
        if version:
            assert Version(versions[project]) == Version(version), pin

    tests = PACKAGES / name / "tests"
    deselect = []
    for test, why in NEWER_DEPENDENCY_TESTS.get(name, {}).items():
        path, _, function = test.partition("::")
        source = (PACKAGES / name / path).read_text()
        assert f"def {function}(" in source, f"{test} no longer exists"
        deselect.append(f"--deselect=packages/{name}/{test}")  # from ROOT
        REPORT.append(f"{name}: not run at the minimums: {test} ({why})")
    result = run(
        [
            environment.python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *deselect,
            tests,
        ],
        cwd=ROOT,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def test_minimum_pins_take_the_highest_lower_bound() -> None:
    assert pinned_to_minimum(
        ["werkzeug>=3.1.0", "Werkzeug>=3.0", "click>=8.1.3,<9", "python-dotenv"]
    ) == ["click==8.1.3", "python-dotenv", "werkzeug==3.1.0"]


def test_current_lower_bounds_resolve_to_the_working_tree(
    wheelhouse: dict[str, Wheel], tmp_path: Path
) -> None:
    source = sibling_source("flask-core", Version("0.1.0"), wheelhouse, tmp_path)
    assert source.origin == "working tree"
    assert source.wheel == wheelhouse["flask-core"]


def _git(repository: Path, *arguments: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-C",
            str(repository),
            *arguments,
        ],
        check=True,
        capture_output=True,
    )


def test_an_older_lower_bound_is_built_from_its_release_tag(
    wheelhouse: dict[str, Wheel], tmp_path: Path
) -> None:
    repository = tmp_path / "repo"
    package = repository / "packages" / "flask-testing"
    package.mkdir(parents=True)
    (package / "README.md").write_text("# flask-testing\n")
    (package / "pyproject.toml").write_text(
        (PACKAGES / "flask-testing" / "pyproject.toml")
        .read_text()
        .replace('version = "0.1.0"', 'version = "0.0.9"')
    )
    (package / "src" / "flask").mkdir(parents=True)
    (package / "src" / "flask" / "testing.py").write_text('"""an old release"""\n')
    _git(repository, "init", "-q")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "old release")
    _git(repository, "tag", "flask-testing-v0.0.9")

    source = sibling_source(
        "flask-testing", Version("0.0.9"), wheelhouse, tmp_path / "work", repository
    )
    assert source.origin == "tag flask-testing-v0.0.9"
    assert source.wheel.version == "0.0.9"
    assert source.wheel.files == {"flask/testing.py"}

    with pytest.raises(LookupError, match="flask-testing-v0.0.8"):
        sibling_source(
            "flask-testing", Version("0.0.8"), wheelhouse, tmp_path, repository
        )
