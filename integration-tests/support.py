"""Helpers shared by the integration tests: wheels, clean environments, commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import typing as t
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
DISTRIBUTIONS = (
    "flask-core",
    "flask-json",
    "flask-sessions",
    "flask-cli",
    "flask-testing",
    "flask-signals",
    "flask-full",
)


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


def run(
    command: t.Sequence[str | Path], **kwargs: t.Any
) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output if it fails."""
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        env=env,
        timeout=kwargs.pop("timeout", 600),
        **kwargs,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(str(c) for c in command)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def backend_available() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True


class Environment:
    """A clean virtual environment made for one kind of install."""

    def __init__(self, path: Path) -> None:
        self.path = path
        venv.EnvBuilder(with_pip=False, clear=True).create(path)
        bindir = "Scripts" if os.name == "nt" else "bin"
        exe = "python.exe" if os.name == "nt" else "python"
        self.python = path / bindir / exe

    def pip(self, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
        """Run the test interpreter's pip against this environment."""
        return run([sys.executable, "-m", "pip", "--python", self.python, *arguments])

    def install_wheels(
        self, wheels: t.Sequence[Wheel], with_extras: bool = False
    ) -> None:
        """Install our wheels by file without their dependencies, then their
        third-party requirements by name (with ``with_extras``, those of their
        extras too), then check that nothing is missing."""
        self.pip("install", "--no-deps", *(w.path for w in wheels))
        wanted = [r for w in wheels for r in w.requirements]
        if with_extras:
            wanted += [r for w in wheels for r in w.optional_requirements]
        third_party = sorted({r for r in wanted if _name(r) not in DISTRIBUTIONS})
        if third_party:
            self.pip("install", *third_party)
        self.pip("check")

    def python_code(
        self, code: str, **kwargs: t.Any
    ) -> subprocess.CompletedProcess[str]:
        """Run Python code in this environment, from a neutral folder."""
        kwargs.setdefault("cwd", self.path)
        return run([self.python, "-c", code], **kwargs)
