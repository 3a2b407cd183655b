"""Server-side sessions shared by several servers, exercised over HTTP.

Two gunicorn servers (two workers each) on 127.0.0.1 keep their sessions in
one store: a real ``redis-server``, then a SQLite file. One user's requests
go to both servers in turn and, at the same time, several at once: the
session follows the user from server to server and no request's change is
lost. Then ``flask sessions clean`` sweeps the expired sessions of the SQL
store from the command line.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import sqlite3
import sys
import textwrap
import typing as t
from pathlib import Path

import pytest

from support import ROOT, Environment, EnvironmentFactory, run
from test_end_to_end import free_port, serving

sys.path.insert(0, str(ROOT / "packages" / "flask-sessions" / "tests"))

from redis_server import RedisServer

#: Requests sent in the concurrent phase, and how many are in flight at once.
REQUESTS = 24
IN_FLIGHT = 4

APP = textwrap.dedent(
    """
    import os
    import flask

    app = flask.Flask(__name__)
    app.config.update(
        SECRET_KEY="shared by every server",
        SESSION_TYPE=os.environ["SESSION_TYPE"],
        SESSION_REDIS_URL=os.environ.get("SESSION_REDIS_URL"),
        SESSION_SQLALCHEMY_URL=os.environ.get("SESSION_SQLALCHEMY_URL"),
    )
    SERVER = os.environ["SERVER_LABEL"]

    @app.post("/add/<key>")
    def add(key):
        flask.session[key] = SERVER
        return {"server": SERVER}

    @app.get("/session")
    def show():
        return {"server": SERVER, "session": dict(flask.session)}
    """
)


@pytest.fixture(scope="module")
def sessions_environment(make_environment: EnvironmentFactory) -> Environment:
    """flask-full from wheels with every extra (redis, SQLAlchemy), and gunicorn."""
    return make_environment(
        ["flask-full"], third_party=["gunicorn"], with_extras=True, label="shared"
    )


class User:
    """One browser: its session cookie goes with every request, to any server."""

    def __init__(self) -> None:
        self.cookie: str | None = None

    def send(self, port: int, method: str, path: str) -> dict[str, t.Any]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"session={self.cookie}"} if self.cookie else {}
        try:
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            body = response.read().decode()
            assert response.status == 200, (port, path, response.status, body)
            set_cookie = response.headers.get("Set-Cookie")
            if set_cookie and self.cookie is None:
                self.cookie = set_cookie.split(";", 1)[0].split("=", 1)[1]
            return t.cast("dict[str, t.Any]", json.loads(body))
        finally:
            connection.close()


@contextlib.contextmanager
def two_servers(
    environment: Environment, folder: Path, settings: dict[str, str]
) -> t.Iterator[list[int]]:
    """Serve the app with ``settings`` from two gunicorn servers; yield their
    ports, stop them afterwards."""
    (folder / "shared_sessions_app.py").write_text(APP)
    with contextlib.ExitStack() as stack:
        ports = []
        for label in ("a", "b"):
            port = free_port()
            command = [
                str(environment.python.parent / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--chdir",
                str(folder),
                "shared_sessions_app:app",
            ]
            env = server_environment(SERVER_LABEL=label, **settings)
            stack.enter_context(serving(command, port, env, folder))
            ports.append(port)
        yield ports


def server_environment(**settings: str) -> dict[str, str]:
    """The app's environment: ``settings``, and nothing inherited that could
    change which ``flask`` is imported."""
    env = dict(os.environ, **settings)
    env.pop("PYTHONPATH", None)
    return env


def follow_one_user(ports: list[int]) -> None:
    """The conversation: start on one server, read on the other, then many
    changes sent to both in turn, several in flight at once."""
    first, second = ports
    user = User()
    assert user.send(first, "POST", "/add/start") == {"server": "a"}
    assert user.cookie is not None
    seen = user.send(second, "GET", "/session")
    assert seen == {"server": "b", "session": {"start": "a"}}

    expected = {"start": "a"}
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        for number in range(REQUESTS):
            port = ports[number % 2]
            expected[f"k{number}"] = "ab"[number % 2]
            jobs.append(pool.submit(user.send, port, "POST", f"/add/k{number}"))
        for job in jobs:
            job.result(timeout=60)

    for port in ports:
        assert user.send(port, "GET", "/session")["session"] == expected


def test_two_gunicorn_servers_share_sessions_in_redis(
    sessions_environment: Environment, tmp_path: Path
) -> None:
    store = RedisServer(tmp_path / "redis")
    store.start()
    try:
        settings = {"SESSION_TYPE": "redis", "SESSION_REDIS_URL": store.url}
        with two_servers(sessions_environment, tmp_path, settings) as ports:
            follow_one_user(ports)
        assert store.command("DBSIZE") == 1
    finally:
        store.stop()


def test_two_gunicorn_servers_share_sessions_in_sql(
    sessions_environment: Environment, tmp_path: Path
) -> None:
    database = tmp_path / "sessions.sqlite3"
    settings = {
        "SESSION_TYPE": "sqlalchemy",
        "SESSION_SQLALCHEMY_URL": f"sqlite:///{database}",
    }
    with two_servers(sessions_environment, tmp_path, settings) as ports:
        follow_one_user(ports)
        User().send(ports[1], "POST", "/add/other-user")

    with sqlite3.connect(database) as raw:
        assert raw.execute("select count(*) from flask_sessions").fetchone() == (2,)
        raw.execute(
            "update flask_sessions set expires = '2000-01-01 00:00:00'"
            " where id = (select min(id) from flask_sessions)"
        )
    env = server_environment(SERVER_LABEL="cli", **settings)
    flask_command = sessions_environment.python.parent / "flask"
    command = [flask_command, "--app", "shared_sessions_app", "sessions", "clean"]
    result = run(command, cwd=tmp_path, env=env)
    assert result.stdout.strip() == "Removed 1 expired session."
    with sqlite3.connect(database) as raw:
        assert raw.execute("select count(*) from flask_sessions").fetchone() == (1,)
    again = run(command, cwd=tmp_path, env=env)
    assert again.stdout.strip() == "Removed 0 expired sessions."
