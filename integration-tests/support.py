"""Helpers shared by the integration tests: wheels, clean environments, commands.

Environments are made from the *built* wheels: ours installed by file with
``--no-deps`` (our names belong to unrelated projects on the public index),
third-party requirements by name, under a constraint that refuses the real
Flask. :meth:`Environment.cached` keeps an environment under
``.venvs/_integration/`` keyed by the hashes of the wheels it holds, so a
second run with unchanged sources reuses it instead of installing again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import typing as t
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.dependency_groups import resolve_dependency_groups

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import fresh_venv
from build_distributions import DISTRIBUTIONS as DISTRIBUTIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest brings tomli on 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
#: Where cached environments live (``MODULAR_FLASK_VENVS`` moves ``.venvs``).
CACHE_ROOT = (
    Path(os.environ.get("MODULAR_FLASK_VENVS", ROOT / ".venvs")).resolve()
    / "_integration"
)
#: pip constraints that make any attempt to install the real Flask fail.
NO_FLASK = "# the real Flask must never be installed next to ours\nflask<0\n"


@dataclass(frozen=True)
class Wheel:
    """A built wheel and the files it installs (its ``.dist-info`` left out)."""

    distribution: str
    path: Path

    @property
    def files(self) -> set[str]:
        """Installed paths, relative to ``site-packages``."""
        with zipfile.ZipFile(self.path) as archive:
            return {
                name
                for name in archive.namelist()
                if ".dist-info/" not in name and not name.endswith("/")
            }

    @property
    def requirements(self) -> list[str]:
        """The wheel's unconditional ``Requires-Dist`` entries."""
        found = []
        for line in self.metadata.splitlines():
            if line.startswith("Requires-Dist:"):
                requirement = line.partition(":")[2].strip()
                if "extra ==" not in requirement:
                    found.append(requirement)
        return found

    @property
    def optional_requirements(self) -> list[str]:
        """The requirements of the wheel's extras, without their markers."""
        found = []
        for line in self.metadata.splitlines():
            if line.startswith("Requires-Dist:") and "extra ==" in line:
                found.append(line.partition(":")[2].split(";")[0].strip())
        return found

    @property
    def metadata(self) -> str:
        """The wheel's ``METADATA`` file."""
        with zipfile.ZipFile(self.path) as archive:
            name = next(
                n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
            )
            return archive.read(name).decode()

    @property
    def version(self) -> str:
        """The version in the wheel's file name."""
        return self.path.name.split("-")[1]

    @property
    def sha256(self) -> str:
        """The hash of the wheel file (hatchling builds reproducibly)."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def run(
    command: t.Sequence[str | Path], **kwargs: t.Any
) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output if it fails."""
    check = kwargs.pop("check", True)
    env = kwargs.pop("env", None) or fresh_venv.clean_environment()
    result = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        env=env,
        timeout=kwargs.pop("timeout", 600),
        **kwargs,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"{' '.join(str(c) for c in command)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout[-6000:]}\nstderr:\n{result.stderr[-6000:]}"
        )
    return result


def requirement_name(requirement: str) -> str:
    """The normalized project name at the start of a PEP 508 requirement."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def pyproject(path: Path) -> dict[str, t.Any]:
    """The parsed ``pyproject.toml`` in ``path``."""
    with (path / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def dependency_group(path: Path, group: str) -> list[str]:
    """A PEP 735 dependency group of the ``pyproject.toml`` in ``path``."""
    groups = pyproject(path).get("dependency-groups", {})
    return list(resolve_dependency_groups(groups, group))


def requirements_for_tests(distribution: str) -> tuple[list[str], list[str]]:
    """A distribution's ``test`` dependency group, split into our
    distributions and third-party requirements."""
    group = dependency_group(PACKAGES / distribution, "test")
    ours = [requirement_name(r) for r in group if requirement_name(r) in DISTRIBUTIONS]
    return ours, [r for r in group if requirement_name(r) not in DISTRIBUTIONS]


#: The build backend of our distributions (editable installs and builds run
#: without build isolation), as the integration group pins it.
BUILD_TOOLS = tuple(
    r
    for r in dependency_group(ROOT, "integration")
    if requirement_name(r) == "hatchling"
)


def backend_available() -> bool:
    """Whether our build backend is importable here (then builds need no
    isolated environment)."""
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True


def closure(roots: t.Iterable[str], wheels: dict[str, Wheel]) -> list[str]:
    """``roots`` and every one of our distributions they require, in the
    order of :data:`DISTRIBUTIONS`."""
    wanted: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in wanted:
            continue
        wanted.add(name)
        pending += [
            requirement_name(r)
            for r in wheels[name].requirements
            if requirement_name(r) in DISTRIBUTIONS
        ]
    return [d for d in DISTRIBUTIONS if d in wanted]


def third_party_requirements(
    wheels: t.Iterable[Wheel], with_extras: bool = False
) -> list[str]:
    """The requirements of ``wheels`` that are not our distributions."""
    wanted: list[str] = []
    for wheel in wheels:
        wanted += wheel.requirements
        if with_extras:
            wanted += wheel.optional_requirements
    return sorted({r for r in wanted if requirement_name(r) not in DISTRIBUTIONS})


class Environment:
    """A clean virtual environment made for one kind of install.

    It has no pip of its own: the runner's pip installs into it with
    ``--python``, which keeps creation fast.
    """

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        self.python = fresh_venv.create(path) if create else fresh_venv.python_of(path)

    @classmethod
    def cached(
        cls,
        label: str,
        wheels: t.Sequence[Wheel],
        third_party: t.Sequence[str] = (),
        with_extras: bool = False,
        editable: t.Sequence[Path] = (),
    ) -> Environment:
        """An environment holding ``wheels`` and the ``editable`` source
        trees (plus their third-party requirements and ``third_party``),
        reused across runs while the wheel hashes, the editable trees'
        ``pyproject.toml`` files and the requirements are unchanged."""
        key = json.dumps(
            {
                "python": sys.version,
                "wheels": sorted(w.sha256 for w in wheels),
                "editable": {
                    str(p): hashlib.sha256(
                        (p / "pyproject.toml").read_bytes()
                    ).hexdigest()
                    for p in editable
                },
                "third_party": sorted(third_party),
                "extras": with_extras,
            },
            sort_keys=True,
        )
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        path = CACHE_ROOT / f"{label}-{digest}"
        stamp = path / "integration-env.json"
        CACHE_ROOT.mkdir(parents=True, exist_ok=True)
        with fresh_venv.locked(CACHE_ROOT / f"{label}.lock"):
            if stamp.exists():
                return cls(path, create=False)
            for stale in CACHE_ROOT.glob(f"{label}-*"):
                if stale.is_dir() and re.fullmatch(r"[0-9a-f]{12}", stale.name[-12:]):
                    shutil.rmtree(stale, ignore_errors=True)
            environment = cls(path)
            if editable:
                environment.install_editable(editable, third_party)
            environment.install_wheels(wheels, with_extras, third_party)
            stamp.write_text(key)
            return environment

    @classmethod
    def cached_real_flask(cls, version: str, pins: t.Sequence[str]) -> Environment:
        """An environment holding the real Flask ``version`` and nothing of
        ours, with its dependencies pinned by ``pins``, for comparing
        behaviour side by side. Reused across runs while both are unchanged.
        It is the only kind of environment the real Flask is installed in."""
        key = json.dumps(
            {"python": sys.version, "flask": version, "pins": sorted(pins)}
        )
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        path = CACHE_ROOT / f"real-flask-{digest}"
        stamp = path / "integration-env.json"
        CACHE_ROOT.mkdir(parents=True, exist_ok=True)
        with fresh_venv.locked(CACHE_ROOT / "real-flask.lock"):
            if stamp.exists():
                return cls(path, create=False)
            for stale in CACHE_ROOT.glob("real-flask-*"):
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
            environment = cls(path)
            environment.pip("install", f"flask=={version}", *pins)
            stamp.write_text(key)
            return environment

    def pip(
        self, *arguments: str | Path, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run the test interpreter's pip against this environment; with
        ``check``, a failure fails the test with pip's output."""
        try:
            return fresh_venv.pip(self.python, *arguments, check=check)
        except subprocess.CalledProcessError as error:
            pytest.fail(
                f"pip {' '.join(map(str, arguments))} exited {error.returncode}\n"
                f"stdout:\n{error.stdout[-6000:]}\nstderr:\n{error.stderr[-6000:]}"
            )

    def install_wheels(
        self,
        wheels: t.Sequence[Wheel],
        with_extras: bool = False,
        third_party: t.Sequence[str] = (),
    ) -> None:
        """Install our wheels by file without their dependencies, then their
        third-party requirements by name (with ``with_extras``, those of their
        extras too) and ``third_party``, then check that nothing is missing."""
        if wheels:
            self.pip("install", "--no-deps", *(w.path for w in wheels))
        wanted = sorted({*third_party_requirements(wheels, with_extras), *third_party})
        if wanted:
            self.install_third_party(*wanted)
        self.pip("check")

    def install_editable(
        self, sources: t.Sequence[Path], third_party: t.Sequence[str] = ()
    ) -> None:
        """Install source trees in development mode, by path and without
        dependencies; hatchling (and ``third_party``, so that pins hold) go in
        first, since the build runs without isolation."""
        self.install_third_party(*BUILD_TOOLS, *third_party)
        editable = [a for path in sources for a in ("-e", str(path))]
        self.pip("install", "--no-deps", "--no-build-isolation", *editable)

    def install_third_party(self, *requirements: str) -> None:
        """Install third-party requirements by name, never the real Flask."""
        constraints = self.path / "no-flask-constraints.txt"
        constraints.write_text(NO_FLASK)
        self.pip("install", "-c", constraints, *requirements)

    def python_code(
        self, code: str, **kwargs: t.Any
    ) -> subprocess.CompletedProcess[str]:
        """Run Python code in this environment, from a neutral folder."""
        kwargs.setdefault("cwd", self.path)
        return run([self.python, "-c", code], **kwargs)

    def site_packages(self) -> Path:
        """The environment's ``site-packages`` folder."""
        found = self.python_code(
            "import sysconfig; print(sysconfig.get_path('purelib'))"
        )
        return Path(found.stdout.strip())


#: Builds (or reuses) an environment from some of our distributions and their
#: dependencies: ``make(roots, third_party=(), with_extras=False, label=None)``.
EnvironmentFactory = t.Callable[..., Environment]
