"""What the repository's scripts share: its distributions and its virtual environments.

Everything here runs on a bare Python 3.10+ with only the standard library
(plus ``tomli`` on 3.10, which :func:`load_toml` installs on demand), because
``scripts/check.py`` and ``scripts/demo.py`` must work on a machine that has
nothing else.

Our distribution names (flask-core, flask-json, ...) belong to unrelated
projects on the public package index, so they are never handed to a resolver
by name: third-party requirements are installed by name, our distributions by
path with ``--no-deps``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES_DIR = ROOT / "packages"
#: Where the virtual environments live; ``MODULAR_FLASK_VENVS`` moves them.
VENVS_DIR = Path(os.environ.get("MODULAR_FLASK_VENVS", ROOT / ".venvs")).resolve()

#: The distributions, in dependency order (a package comes after what it needs).
DISTRIBUTIONS = (
    "flask-core",
    "flask-json",
    "flask-testing",
    "flask-sessions",
    "flask-cli",
    "flask-signals",
    "flask-full",
)

#: Test tools installed into every environment that runs tests.
TEST_TOOLS = ("pytest>=8",)

#: Build backend of our packages, installed so that editable installs and
#: wheel builds need no isolated build environment.
BUILD_TOOLS = ("hatchling>=1.26",)

#: Our packages an add-on's tests may use besides its declared dependencies.
TEST_LOCAL_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "flask-core": (),
    "flask-json": ("flask-testing",),
    "flask-sessions": ("flask-testing",),
    "flask-cli": ("flask-testing",),
    "flask-testing": ("flask-sessions", "flask-cli"),
    "flask-signals": ("flask-testing",),
    "flask-full": (),
}

#: Third-party packages a distribution's tests use besides pytest.
TEST_THIRD_PARTY: dict[str, tuple[str, ...]] = {
    "flask-core": ("hypothesis>=6",),
    "flask-json": ("hypothesis>=6",),
    "flask-sessions": ("hypothesis>=6",),
    "flask-signals": ("asgiref>=3.4",),
}

#: What the demo's tests (examples/tests) use besides pytest: a real WSGI
#: server, and Selenium to drive Chromium (Debian's ``chromium`` and
#: ``chromium-driver``, which ``.ci/run`` installs).
EXAMPLES_TEST_TOOLS = ("selenium>=4.15", "waitress>=3")

#: What the integration tests' runner needs: it builds the wheels and sdists
#: (``build`` with our backend, no isolation) and checks them (``twine``).
INTEGRATION_TOOLS = ("build>=1.2", "twine>=5")

#: Tool versions the lint, type and docs checks run with.
LINT_TOOLS = ("ruff==0.17.6",)
TYPE_TOOLS = ("mypy==2.4.1",)
DOCS_TOOLS = ("sphinx>=7.4", "myst-parser>=2.0", "furo>=2024.8.6")

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")


def normalize(name: str) -> str:
    """Normalize a distribution name the way packaging tools compare them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> tuple[str, tuple[str, ...]]:
    """Split a PEP 508 requirement into its normalized name and its extras."""
    match = _NAME.match(requirement)
    if match is None:
        raise ValueError(f"cannot read requirement {requirement!r}")
    extras = tuple(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
    return normalize(match.group(1)), extras


def load_toml(path: Path) -> dict[str, t.Any]:
    """Read a TOML file with ``tomllib`` (3.11+) or ``tomli``."""
    if sys.version_info >= (3, 11):
        import tomllib

        parser: t.Any = tomllib
    else:  # Python 3.10
        parser = _import_tomli()
    with path.open("rb") as f:
        return t.cast("dict[str, t.Any]", parser.load(f))


def _import_tomli() -> t.Any:
    """``tomli`` for Python 3.10, installed into ``.venvs/_bootstrap`` if needed."""
    try:
        return importlib.import_module("tomli")
    except ImportError:
        helper = VENVS_DIR / "_bootstrap"
        if not helper.exists():
            pip = [sys.executable, "-m", "pip", "install", "-q", "--target"]
            _run([*pip, str(helper), "tomli>=2"])
        sys.path.insert(0, str(helper))
        return importlib.import_module("tomli")


@dataclass
class Distribution:
    """One of the repository's distributions, read from its pyproject.toml."""

    name: str
    path: Path
    requires: list[str]
    extras: dict[str, list[str]]

    @property
    def tests(self) -> Path:
        """The folder holding this distribution's tests."""
        return self.path / "tests"

    @property
    def source_files(self) -> list[Path]:
        """Every file under this distribution's ``src/`` folder."""
        src = self.path / "src"
        if not src.is_dir():
            return []
        return sorted(
            p for p in src.rglob("*") if p.is_file() and _is_source(p.relative_to(src))
        )


def _is_source(relative: Path) -> bool:
    """Leave out caches and hidden tool folders (``.mypy_cache``, ``.ruff_cache``)."""
    return (
        "__pycache__" not in relative.parts
        and not any(part.startswith(".") for part in relative.parts)
        and relative.suffix not in (".pyc", ".pyo")
    )


def distributions() -> dict[str, Distribution]:
    """Read every distribution's metadata, keyed by its normalized name."""
    found: dict[str, Distribution] = {}
    for name in DISTRIBUTIONS:
        path = PACKAGES_DIR / name
        project = load_toml(path / "pyproject.toml")["project"]
        found[normalize(project["name"])] = Distribution(
            name=normalize(project["name"]),
            path=path,
            requires=list(project.get("dependencies", [])),
            extras={
                k: list(v) for k, v in project.get("optional-dependencies", {}).items()
            },
        )
    return found


@dataclass
class EnvironmentSpec:
    """What one virtual environment holds: our packages by path, the rest by name."""

    name: str
    local: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    editable: bool = True

    def fingerprint(self, dists: dict[str, Distribution]) -> str:
        """A hash of everything that would change what gets installed."""
        payload = {
            "python": sys.version,
            "executable": sys.executable,
            "local": self.local,
            "third_party": sorted(self.third_party),
            "editable": self.editable,
            "metadata": {
                n: hashlib.sha256(
                    (dists[n].path / "pyproject.toml").read_bytes()
                ).hexdigest()
                for n in self.local
            },
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def resolve(
    roots: t.Iterable[str],
    dists: dict[str, Distribution],
    with_extras: t.Iterable[str] = (),
) -> tuple[list[str], list[str]]:
    """Follow the dependencies of ``roots`` through our distributions.

    Returns our distributions to install by path (in dependency order) and the
    third-party requirements to install by name. ``with_extras`` names the
    distributions whose optional dependencies are wanted too.
    """
    wanted_extras = {normalize(n) for n in with_extras}
    local: set[str] = set()
    third_party: list[str] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(normalize(r), ()) for r in roots]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while pending:
        name, extras = pending.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        dist = dists[name]
        local.add(name)
        chosen = set(extras)
        if name in wanted_extras:
            chosen.update(dist.extras)
        requirements = list(dist.requires)
        for extra in sorted(chosen):
            requirements.extend(dist.extras.get(extra, []))
        for requirement in requirements:
            req_name, req_extras = requirement_name(requirement)
            if req_name in dists:
                pending.append((req_name, req_extras))
            elif requirement not in third_party:
                third_party.append(requirement)
    order = [n for n in (normalize(d) for d in DISTRIBUTIONS) if n in local]
    return order, third_party


def venv_python(venv: Path) -> Path:
    """The interpreter of a virtual environment."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def venv_bin(venv: Path, tool: str) -> Path:
    """An executable installed into a virtual environment."""
    if os.name == "nt":
        return venv / "Scripts" / f"{tool}.exe"
    return venv / "bin" / tool


def _run(command: list[str], log: t.IO[str] | None = None, attempts: int = 1) -> None:
    """Run a command, logging its output; raise if it still fails after
    ``attempts`` tries (installs get two, for flaky networks)."""
    for attempt in range(1, attempts + 1):
        result = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=quiet_pip_environment(),
        )
        if log is not None:
            log.write(f"$ {' '.join(command)}\n{result.stdout}\n")
        if result.returncode == 0:
            return
        if attempt < attempts:
            time.sleep(3)
    raise RuntimeError(
        f"command failed ({result.returncode}): {' '.join(command)}\n"
        f"{result.stdout[-4000:]}"
    )


def quiet_pip_environment() -> dict[str, str]:
    """The current environment with pip's version check switched off."""
    env = dict(os.environ)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.pop("PYTHONPATH", None)
    return env


def ensure_environment(
    spec: EnvironmentSpec,
    dists: dict[str, Distribution],
    log: t.IO[str] | None = None,
) -> Path:
    """Create or reuse ``.venvs/<name>`` holding exactly what ``spec`` asks for.

    An environment is reused while its recorded fingerprint matches; otherwise
    it is rebuilt from scratch. Returns the environment's interpreter.
    """
    venv = VENVS_DIR / spec.name
    stamp = venv / "modular-flask-env.json"
    fingerprint = spec.fingerprint(dists)
    python = venv_python(venv)
    if stamp.exists() and python.exists():
        try:
            if json.loads(stamp.read_text())["fingerprint"] == fingerprint:
                return python
        except (ValueError, KeyError):
            pass
    if venv.exists():
        shutil.rmtree(venv)
    VENVS_DIR.mkdir(exist_ok=True)
    _run([sys.executable, "-m", "venv", str(venv)], log)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    needs_backend = bool(spec.local)
    third_party = list(spec.third_party) + (list(BUILD_TOOLS) if needs_backend else [])
    if third_party:
        _run([*pip, *third_party], log, attempts=2)
    if spec.local:
        # By path, without dependencies: the index's projects of the same
        # names are unrelated to ours and must never be picked.
        command = [*pip, "--no-deps", "--no-build-isolation"]
        for name in spec.local:
            # A distribution without sources (the meta-package) has nothing
            # to edit, and hatchling would need ``editables`` for it.
            if spec.editable and dists[name].source_files:
                command += ["-e", str(dists[name].path)]
            else:
                command.append(str(dists[name].path))
        _run(command, log)
    # Every declared requirement must be met by what was installed.
    _run([str(python), "-m", "pip", "check"], log)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "spec": spec.__dict__}))
    return python


def package_test_spec(name: str, dists: dict[str, Distribution]) -> EnvironmentSpec:
    """The environment that runs one distribution's tests alone."""
    roots = [name, *TEST_LOCAL_DEPENDENCIES.get(name, ())]
    local, third_party = resolve(roots, dists, with_extras=[name])
    extra = TEST_THIRD_PARTY.get(name, ())
    return EnvironmentSpec(
        name=f"pkg-{name}", local=local, third_party=[*third_party, *TEST_TOOLS, *extra]
    )


def all_spec(dists: dict[str, Distribution]) -> EnvironmentSpec:
    """The environment with every distribution and every optional dependency
    (it also runs the demo's tests)."""
    local, third_party = resolve(dists, dists, with_extras=dists)
    extra = sorted({r for reqs in TEST_THIRD_PARTY.values() for r in reqs})
    extra += EXAMPLES_TEST_TOOLS
    return EnvironmentSpec(
        name="all", local=local, third_party=[*third_party, *TEST_TOOLS, *extra]
    )


def runtime_requirements(dists: dict[str, Distribution]) -> list[str]:
    """Every third-party requirement of every distribution, extras included."""
    return resolve(dists, dists, with_extras=dists)[1]


def build_distributions(
    python: Path | str, folder: Path, log: t.IO[str] | None = None
) -> None:
    """Build every distribution's sdist, and its wheel from that sdist, into
    ``folder`` (emptied first), with ``python``'s ``build`` and hatchling.

    Building the wheel from the sdist proves the sdist is complete. Hatchling
    builds reproducibly, so unchanged sources give byte-identical wheels, which
    lets the integration tests reuse environments keyed by wheel hashes.
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in DISTRIBUTIONS:
        command = [str(python), "-m", "build", "--no-isolation", "--outdir"]
        _run([*command, str(folder), str(PACKAGES_DIR / name)], log)
