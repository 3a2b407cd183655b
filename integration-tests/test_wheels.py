"""The built wheels split the ``flask`` package without overlapping."""

from __future__ import annotations

import itertools
import tarfile
import zipfile
from pathlib import Path

from support import DISTRIBUTIONS, PACKAGES, ROOT, Wheel

ADDONS = [d for d in DISTRIBUTIONS if d not in ("flask-core", "flask-full")]


def test_every_distribution_has_a_wheel(wheelhouse: dict[str, Wheel]) -> None:
    assert sorted(wheelhouse) == sorted(DISTRIBUTIONS)


def test_no_two_wheels_install_the_same_path(wheelhouse: dict[str, Wheel]) -> None:
    clashes = {
        (a.distribution, b.distribution): sorted(a.files & b.files)
        for a, b in itertools.combinations(wheelhouse.values(), 2)
        if a.files & b.files
    }
    assert clashes == {}


def test_core_owns_the_package_init_and_typing_marker(
    wheelhouse: dict[str, Wheel],
) -> None:
    core = wheelhouse["flask-core"].files
    assert "flask/__init__.py" in core
    assert "flask/py.typed" in core
    assert "flask/seams.py" in core


def test_addons_ship_neither_init_nor_typing_marker(
    wheelhouse: dict[str, Wheel],
) -> None:
    for addon in ADDONS:
        files = wheelhouse[addon].files
        assert files, f"{addon}'s wheel is empty"
        assert "flask/__init__.py" not in files, addon
        assert "flask/py.typed" not in files, addon
        assert all(f.startswith("flask/") for f in files), (addon, files)


def test_meta_package_installs_no_module(wheelhouse: dict[str, Wheel]) -> None:
    assert wheelhouse["flask-full"].files == set()


def test_meta_package_requires_every_distribution(
    wheelhouse: dict[str, Wheel],
) -> None:
    required = {
        r.split(">")[0].split("<")[0].split("=")[0].strip()
        for r in wheelhouse["flask-full"].requirements
    }
    assert required == set(DISTRIBUTIONS) - {"flask-full"}


def _shipped_sources(distribution: str) -> set[str]:
    src = PACKAGES / distribution / "src"
    found = set()
    for path in src.rglob("*"):
        relative = path.relative_to(src)
        hidden = any(p.startswith(".") or p == "__pycache__" for p in relative.parts)
        if path.is_file() and not hidden:
            found.add(relative.as_posix())
    return found


def test_every_source_file_reaches_its_wheel(wheelhouse: dict[str, Wheel]) -> None:
    for distribution in DISTRIBUTIONS:
        expected = _shipped_sources(distribution)
        if distribution != "flask-core":
            # An add-on's tree may keep development-only package markers.
            expected -= {"flask/__init__.py", "flask/py.typed"}
        expected = {f for f in expected if not f.endswith((".pyc", ".pyo"))}
        assert expected <= wheelhouse[distribution].files, distribution


def test_wheels_carry_their_own_readme(wheelhouse: dict[str, Wheel]) -> None:
    for distribution, wheel in wheelhouse.items():
        readme = (PACKAGES / distribution / "README.md").read_text()
        first_line = readme.strip().splitlines()[0]
        assert first_line in wheel.metadata, distribution


def test_wheel_file_names_match_distributions(wheelhouse: dict[str, Wheel]) -> None:
    for distribution, wheel in wheelhouse.items():
        assert Path(wheel.path).name.startswith(distribution.replace("-", "_") + "-")
        assert wheel.path.name.endswith("-py3-none-any.whl")


def test_every_wheel_and_sdist_ships_the_license(
    wheelhouse: dict[str, Wheel], sdists: dict[str, Path]
) -> None:
    license_text = (ROOT / "LICENSE.txt").read_bytes()
    for distribution, wheel in wheelhouse.items():
        with zipfile.ZipFile(wheel.path) as archive:
            shipped = [
                n for n in archive.namelist() if n.endswith("/licenses/LICENSE.txt")
            ]
            assert len(shipped) == 1, distribution
            assert archive.read(shipped[0]) == license_text, distribution
        assert "License-File: LICENSE.txt" in wheel.metadata, distribution
    for distribution, sdist in sdists.items():
        with tarfile.open(sdist) as archive:
            names = [n for n in archive.getnames() if n.endswith("/LICENSE.txt")]
            assert len(names) == 1, distribution
            member = archive.extractfile(names[0])
            assert member is not None and member.read() == license_text, distribution
