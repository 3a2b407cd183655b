"""Fixtures for the integration tests: built wheels and clean environments.

The wheels are built once per test session (or taken from the folder named by
``MODULAR_FLASK_WHEELHOUSE``), and each clean environment is created once and
shared by the tests that need it. Our wheels are installed by file with
``--no-deps``; their third-party requirements are installed by name.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from support import (
    DISTRIBUTIONS,
    PACKAGES,
    Environment,
    Wheel,
    backend_available,
    run,
)


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Wheel]:
    """Every distribution's wheel, keyed by distribution name."""
    prebuilt = os.environ.get("MODULAR_FLASK_WHEELHOUSE")
    if prebuilt:
        folder = Path(prebuilt)
    else:
        folder = tmp_path_factory.mktemp("wheels")
        command: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps"]
        if backend_available():
            command.append("--no-build-isolation")
        command += ["--wheel-dir", folder, *(PACKAGES / d for d in DISTRIBUTIONS)]
        run(command)
    wheels: dict[str, Wheel] = {}
    for path in sorted(folder.glob("*.whl")):
        distribution = path.name.split("-")[0].replace("_", "-")
        wheels[distribution] = Wheel(distribution, path)
    missing = set(DISTRIBUTIONS) - set(wheels)
    assert not missing, f"no wheel for {sorted(missing)} in {folder}"
    return wheels


@pytest.fixture(scope="session")
def core_only(
    tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, Wheel]
) -> Environment:
    """An environment with flask-core's wheel and its requirements only."""
    environment = Environment(tmp_path_factory.mktemp("env") / "core-only")
    environment.install_wheels([wheelhouse["flask-core"]])
    return environment


@pytest.fixture(scope="session")
def everything(
    tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, Wheel]
) -> Environment:
    """An environment with every wheel and every third-party package they
    require, their extras' included."""
    environment = Environment(tmp_path_factory.mktemp("env") / "everything")
    environment.install_wheels(list(wheelhouse.values()), with_extras=True)
    return environment
