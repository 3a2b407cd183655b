"""Serving files a client names: ``send_from_directory`` joins the name with
Werkzeug's ``safe_join`` and serves nothing outside the folder, including
the Windows cases of CVE-2024-49766 (UNC paths) and CVE-2025-66221,
CVE-2026-21860, CVE-2026-27199 and GHSA-g6x2-hccm-hh4m (device names such
as ``CON`` or ``NUL``, which hang when read), which flask-core's Werkzeug
pin excludes."""

from __future__ import annotations

import os
import pathlib
import typing as t

import pytest
from werkzeug.test import Client

import flask

SECRET = b"outside the folder"

TRAVERSALS = [
    "../secret.txt",
    "..%2fsecret.txt",
    "%2e%2e/secret.txt",
    "sub/../../secret.txt",
    "/etc/passwd",
    "//server/share/secret.txt",
    "\\\\server\\share\\secret.txt",
    "..\\secret.txt",
    "C:\\secret.txt",
]

DEVICE_NAMES = [
    "CON",
    "nul",
    "AUX.txt",
    "com1.tar.gz",
    "LPT1 ",
    "PRN .log",
    "sub/NUL",
    "sub/con.txt",
    "CONIN$",
    "CON:",
    "sub/nul:.txt",
]


@pytest.fixture
def file_app(app: flask.Flask, tmp_path: pathlib.Path) -> flask.Flask:
    (tmp_path / "secret.txt").write_bytes(SECRET)
    public = tmp_path / "public"
    (public / "sub").mkdir(parents=True)
    (public / "file.txt").write_bytes(b"public")
    # Files of the device names exist here, so that only the name is refused.
    for name in DEVICE_NAMES:
        (public / name).write_bytes(b"a device on Windows")

    @app.route("/files/<path:name>")
    def files(name: str) -> t.Any:
        return flask.send_from_directory(public, name)

    return app


def _get(app: flask.Flask, path: str) -> tuple[int, bytes]:
    response = Client(app).get(path)
    try:
        return response.status_code, response.get_data()
    finally:
        response.close()


@pytest.mark.parametrize("name", TRAVERSALS)
def test_nothing_outside_the_folder_is_served(file_app: flask.Flask, name: str) -> None:
    status, body = _get(file_app, f"/files/{name}")
    # 308: doubled slashes are merged by a redirect on the same host.
    assert status in (308, 404)
    assert SECRET not in body


@pytest.mark.parametrize("name", DEVICE_NAMES)
def test_windows_device_names_are_refused(
    file_app: flask.Flask, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Werkzeug refuses device names on Windows only; it is asked as if there.
    assert _get(file_app, f"/files/{name}")[0] == 200
    monkeypatch.setattr(os, "name", "nt")
    status, _ = _get(file_app, f"/files/{name}")
    monkeypatch.undo()
    assert status == 404


def test_the_folder_itself_is_served(file_app: flask.Flask) -> None:
    assert _get(file_app, "/files/file.txt") == (200, b"public")
