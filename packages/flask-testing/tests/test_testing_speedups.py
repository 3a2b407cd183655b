"""flask._testing_speedups reports the version importlib.metadata reports,
reading the installation record itself in the layouts it knows and leaving
every other layout to importlib.metadata."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import typing as t
import warnings
import zipfile
from pathlib import Path

import pytest

from flask import _testing_speedups
from flask._testing_speedups import installed_version, read_version

PROJECT = "my-probe.project"

METADATA = (
    "Metadata-Version: 2.4\nName: my-probe.project\nVersion: 1.2.3\n\nBody text\n"
)


def record(where: Path, folder: str, files: dict[str, str] | None = None) -> Path:
    """An installation record ``where/folder`` holding ``files``."""
    path = where / folder
    path.mkdir(parents=True)
    for name, text in (files if files is not None else {"METADATA": METADATA}).items():
        (path / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


@pytest.fixture
def path_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Three empty folders, first on ``sys.path``."""
    entries = [tmp_path / name for name in ("one", "two", "three")]
    for entry in entries:
        entry.mkdir()
    monkeypatch.setattr(sys, "path", [str(entry) for entry in entries] + sys.path)
    monkeypatch.setattr(_testing_speedups, "ENABLED", True)
    return entries


def outcome(version: t.Callable[[str], str]) -> t.Any:
    """What ``version(PROJECT)`` gives: the version or the error, and the
    warnings it raised."""
    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        try:
            result: t.Any = version(PROJECT)
        except Exception as error:
            result = type(error)
    return result, [type(warning.message) for warning in raised]


def reference() -> t.Any:
    return outcome(importlib.metadata.version)


def ours() -> t.Any:
    return outcome(installed_version)


#: A layout: the records in each entry of ``path_entries`` (entry number,
#: folder name, files; ``None`` for a METADATA of version 1.2.3).
Layout = list[tuple[int, str, dict[str, str] | None]]

READ_LAYOUTS: dict[str, Layout] = {
    "one record": [(0, "my_probe_project-1.2.3.dist-info", None)],
    "name spelled otherwise": [(0, "My_Probe.Project-1.2.3.dist-info", None)],
    "record in a later entry": [(2, "my_probe_project-1.2.3.dist-info", None)],
    "other projects first": [
        (0, "other-1.0.dist-info", None),
        (1, "my_probe_projects-1.0.dist-info", None),
        (2, "my_probe_project-1.2.3.dist-info", None),
    ],
    "folded header before the version": [
        (
            1,
            "my_probe_project-9.dist-info",
            {"METADATA": "Name: x\nSummary: a\n  long one\nVersion:9.0rc1\n"},
        )
    ],
    "no body": [(0, "my_probe_project-2.dist-info", {"METADATA": "Version: 2.0\n"})],
    "carriage returns": [
        (0, "my_probe_project-7.dist-info", {"METADATA": "Name: x\r\nVersion: 7.0\r\n"})
    ],
}

REFERENCE_LAYOUTS: dict[str, Layout] = {
    "no record": [],
    "two records in one entry": [
        (0, "my_probe_project-1.0.dist-info", None),
        (0, "my_probe_project-2.0.dist-info", None),
    ],
    "egg-info record": [
        (0, "my_probe_project-3.0.egg-info", {"PKG-INFO": "Version: 3.0\n"})
    ],
    "no METADATA": [(0, "my_probe_project-4.dist-info", {"PKG-INFO": "Version: 4\n"})],
    "folded version": [
        (0, "my_probe_project-5.dist-info", {"METADATA": "Version: 5\n .0\n"})
    ],
    "odd version": [
        (0, "my_probe_project-6.dist-info", {"METADATA": "Version: 6.0 \n"})
    ],
    "a line that is no header": [
        (
            0,
            "my_probe_project-8.dist-info",
            {"METADATA": "Name: x\nnonsense\nVersion: 8\n"},
        )
    ],
    "version header spelled with a space": [
        (
            0,
            "my_probe_project-10.dist-info",
            {"METADATA": "Version : 10\nVersion: 11\n"},
        )
    ],
    "version in the body": [
        (0, "my_probe_project-12.dist-info", {"METADATA": "Name: x\n\nVersion: 12\n"})
    ],
    "undecodable": [
        (0, "my_probe_project-13.dist-info", {"METADATA": "Version: 1\n\udcff"})
    ],
}


def lay_out(entries: list[Path], layout: Layout) -> None:
    for number, folder, files in layout:
        record(entries[number], folder, files)


@pytest.mark.parametrize("layout", sorted(READ_LAYOUTS))
def test_records_it_reads_give_importlib_metadatas_version(
    layout: str, path_entries: list[Path]
) -> None:
    lay_out(path_entries, READ_LAYOUTS[layout])
    assert read_version(PROJECT) is not None
    assert ours() == reference()


@pytest.mark.parametrize("layout", sorted(REFERENCE_LAYOUTS))
def test_other_layouts_are_left_to_importlib_metadata(
    layout: str, path_entries: list[Path]
) -> None:
    lay_out(path_entries, REFERENCE_LAYOUTS[layout])
    assert read_version(PROJECT) is None
    assert ours() == reference()


def test_an_earlier_zip_file_is_left_to_importlib_metadata(
    path_entries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("my_probe_project-0.1.dist-info/METADATA", "Version: 0.1\n")
    record(path_entries[0], "my_probe_project-1.2.3.dist-info")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert read_version(PROJECT) is None
    assert ours() == reference() == ("0.1", [])


def test_eggs_and_missing_entries(
    path_entries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(path_entries[0], "my_probe_project-1.2.3.dist-info")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), *sys.path])
    assert ours() == reference() == ("1.2.3", [])
    assert read_version(PROJECT) == "1.2.3"
    monkeypatch.setattr(sys, "path", [str(tmp_path / "x.egg"), *sys.path])
    assert read_version(PROJECT) is None


def test_the_current_folder_entry(
    path_entries: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    record(path_entries[1], "my_probe_project-1.2.3.dist-info")
    monkeypatch.chdir(path_entries[1])
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    assert read_version(PROJECT) == "1.2.3"
    assert ours() == reference()


class DistributionFinder:
    """A meta path finder that can report distributions of its own."""

    @staticmethod
    def find_spec(*args: t.Any) -> None:
        return None

    @staticmethod
    def find_distributions(*args: t.Any, **kwargs: t.Any) -> list[t.Any]:
        return []


def test_other_distribution_finders_are_left_to_importlib_metadata(
    path_entries: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    record(path_entries[0], "my_probe_project-1.2.3.dist-info")
    monkeypatch.setattr(sys, "meta_path", [DistributionFinder, *sys.meta_path])
    assert read_version(PROJECT) is None
    assert ours() == reference()


def test_the_switch_leaves_everything_to_importlib_metadata(
    path_entries: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    record(path_entries[0], "my_probe_project-1.2.3.dist-info")
    calls: list[str] = []
    monkeypatch.setattr(importlib.metadata, "version", lambda name: calls.append(name))
    monkeypatch.setattr(_testing_speedups, "ENABLED", False)
    installed_version(PROJECT)
    assert calls == [PROJECT]


def test_werkzeugs_version_is_read_as_installed() -> None:
    assert installed_version("werkzeug") == importlib.metadata.version("werkzeug")


def test_a_client_needs_no_importlib_metadata() -> None:
    script = (
        "import sys, flask, flask.testing\n"
        "client = flask.Flask('probe').test_client()\n"
        "print(client.environ_base['HTTP_USER_AGENT'])\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown[0] == f"Werkzeug/{importlib.metadata.version('werkzeug')}"
    if _testing_speedups.ENABLED:
        assert shown[1] == "False"
