"""Fixtures for the integration tests: built distributions and clean environments.

The sdists and wheels are built once per run: ``scripts/check.py`` builds
them (``build_distributions.py``) into ``.venvs/_wheelhouse`` and names that
folder in ``MODULAR_FLASK_WHEELHOUSE``; without it, the session builds its own. The
environments are cached across runs, keyed by the hashes of the wheels they
hold (see :meth:`support.Environment.cached`).
"""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

import pytest

import build_distributions
from support import (
    DISTRIBUTIONS,
    Environment,
    EnvironmentFactory,
    Wheel,
    closure,
)


@pytest.fixture(scope="session")
def distribution_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding every distribution's sdist and wheel."""
    prebuilt = os.environ.get("MODULAR_FLASK_WHEELHOUSE")
    if prebuilt:
        return Path(prebuilt)
    folder = tmp_path_factory.mktemp("wheels")
    build_distributions.build(folder)
    return folder


@pytest.fixture(scope="session")
def wheelhouse(distribution_folder: Path) -> dict[str, Wheel]:
    """Every distribution's wheel, keyed by distribution name."""
    wheels: dict[str, Wheel] = {}
    for path in sorted(distribution_folder.glob("*.whl")):
        distribution = path.name.split("-")[0].replace("_", "-")
        wheels[distribution] = Wheel(distribution, path)
    missing = set(DISTRIBUTIONS) - set(wheels)
    assert not missing, f"no wheel for {sorted(missing)} in {distribution_folder}"
    return wheels


@pytest.fixture(scope="session")
def sdists(distribution_folder: Path) -> dict[str, Path]:
    """Every distribution's source archive, keyed by distribution name."""
    found = {
        path.name.rsplit("-", 1)[0].replace("_", "-"): path
        for path in sorted(distribution_folder.glob("*.tar.gz"))
    }
    missing = set(DISTRIBUTIONS) - set(found)
    assert not missing, f"no sdist for {sorted(missing)} in {distribution_folder}"
    return found


@pytest.fixture(scope="session")
def make_environment(wheelhouse: dict[str, Wheel]) -> EnvironmentFactory:
    """Build (or reuse) a cached environment holding some distributions."""

    def make(
        roots: t.Iterable[str],
        third_party: t.Sequence[str] = (),
        with_extras: bool = False,
        label: str | None = None,
    ) -> Environment:
        names = closure(roots, wheelhouse)
        short = "+".join(n.removeprefix("flask-") for n in names)
        return Environment.cached(
            label or short,
            [wheelhouse[n] for n in names],
            third_party=third_party,
            with_extras=with_extras,
        )

    return make


@pytest.fixture(scope="session")
def core_only(make_environment: EnvironmentFactory) -> Environment:
    """An environment with flask-core's wheel and its requirements only."""
    return make_environment(["flask-core"])


@pytest.fixture(scope="session")
def everything(make_environment: EnvironmentFactory) -> Environment:
    """An environment with every wheel and every third-party package they
    require, their extras' included."""
    return make_environment(DISTRIBUTIONS, with_extras=True, label="everything")


@pytest.fixture(scope="session")
def full(make_environment: EnvironmentFactory) -> Environment:
    """flask-full's wheel and what it requires, nothing else."""
    return make_environment(["flask-full"])
