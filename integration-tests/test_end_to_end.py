"""The notes demo served by real WSGI servers, exercised over HTTP.

flask-full is installed from wheels with gunicorn and waitress; each server
runs as a child process on 127.0.0.1 and a free port, gets a short
conversation (page, form post with flash and redirect, JSON, 404s), and is
stopped. Every wait is bounded and the server is killed if it will not stop.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import textwrap
import time
import typing as t
import urllib.parse
from pathlib import Path

import pytest

from support import ROOT, Environment, EnvironmentFactory

EXAMPLES = ROOT / "examples"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

WAITRESS_LAUNCHER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from notes import create_app
    from waitress import serve
    serve(create_app(), host="127.0.0.1", port=int(sys.argv[2]), threads=2)
    """
)


@pytest.fixture(scope="module")
def servers(make_environment: EnvironmentFactory) -> Environment:
    """flask-full from wheels plus two production WSGI servers."""
    return make_environment(
        ["flask-full"], third_party=["gunicorn", "waitress"], label="servers"
    )


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(
    command: list[str], port: int, env: dict[str, str], cwd: Path
) -> t.Iterator[int]:
    """Start a server, wait until it accepts connections, stop it afterwards."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited early:\n{process.communicate()[0]}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if time.monotonic() > deadline:
                pytest.fail(f"server did not listen within {START_TIMEOUT}s")
            time.sleep(0.2)
        yield port
    finally:
        stop(process)


def stop(process: subprocess.Popen[str]) -> None:
    """Terminate a server, killing it if it will not stop in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
    if process.stdout is not None:
        process.stdout.close()
    assert process.returncode is not None


class Browser:
    """A tiny HTTP client that keeps cookies and does not follow redirects."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> tuple[int, dict[str, str], str]:
        """Send one request; return status, headers and the decoded body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, dict(response.headers.items()), text
        finally:
            connection.close()


def converse(port: int) -> None:
    """The conversation every server must carry through."""
    browser = Browser(port)
    status, _, page = browser.request("GET", "/")
    assert status == 200 and "<form" in page

    form = urllib.parse.urlencode({"title": "Served for real", "body": "over HTTP"})
    status, headers, _ = browser.request(
        "POST", "/notes", form.encode(), "application/x-www-form-urlencoded"
    )
    assert status == 302
    location = urllib.parse.urlsplit(headers["Location"]).path
    assert location.startswith("/notes/")
    assert "session" in browser.cookies

    status, _, shown = browser.request("GET", location)
    assert status == 200
    assert "Saved “Served for real”." in shown  # the flashed message
    status, _, again = browser.request("GET", location)
    assert "Saved “" not in again  # a flash is shown once

    status, headers, listing = browser.request("GET", "/api/notes")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert [n["title"] for n in json.loads(listing)["notes"]] == ["Served for real"]

    created = json.dumps({"title": "By JSON"}).encode()
    status, _, body = browser.request("POST", "/api/notes", created, "application/json")
    assert status == 201 and json.loads(body)["title"] == "By JSON"

    status, _, _ = browser.request("GET", "/no/such/page")
    assert status == 404
    status, _, body = browser.request("GET", "/api/notes/999999")
    assert status == 404 and json.loads(body) == {"error": "no such note"}


def server_environment(tmp_path: Path) -> dict[str, str]:
    """The servers' environment: a throw-away database, nothing inherited
    that could change which ``flask`` is imported."""
    env = dict(os.environ, NOTES_DATABASE=str(tmp_path / "notes.sqlite3"))
    env.pop("PYTHONPATH", None)
    return env


def test_gunicorn_serves_the_demo(servers: Environment, tmp_path: Path) -> None:
    port = free_port()
    command = [
        str(servers.python.parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--chdir",
        str(EXAMPLES),
        "notes:create_app()",
    ]
    with serving(command, port, server_environment(tmp_path), tmp_path):
        converse(port)


def test_waitress_serves_the_demo(servers: Environment, tmp_path: Path) -> None:
    port = free_port()
    launcher = tmp_path / "serve_with_waitress.py"
    launcher.write_text(WAITRESS_LAUNCHER)
    command = [str(servers.python), str(launcher), str(EXAMPLES), str(port)]
    with serving(command, port, server_environment(tmp_path), tmp_path):
        converse(port)
