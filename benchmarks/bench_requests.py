"""Time each scenario's requests in-process, with whichever ``flask`` the
running interpreter has. ``run.py`` starts this in each benchmark virtual
environment and reads the JSON it prints.

Every scenario builds its WSGI environ once; each request then gets a shallow
copy of it (and a fresh body stream for POSTs), calls ``app(environ,
start_response)`` and consumes the body, exactly as a WSGI server would.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import typing as t
from urllib.parse import urlencode

FORM_BODY = urlencode({f"field{number}": f"value {number}" for number in range(10)})

#: scenario -> (method, path, expected status)
SCENARIOS: dict[str, tuple[str, str, int]] = {
    "hello": ("GET", "/", 200),
    "json": ("GET", "/json", 200),
    "param": ("GET", "/users/42/posts/hello-world", 200),
    "template": ("GET", "/template", 200),
    "session": ("GET", "/session", 200),
    "hooks": ("GET", "/hooked/", 200),
    "notfound": ("GET", "/missing/page", 404),
    "form": ("POST", "/form", 200),
}


def base_environ(method: str, path: str) -> dict[str, t.Any]:
    """A WSGI environ such as a server would pass for ``method path``."""
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_USER_AGENT": "bench/1.0",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


class _Recorder:
    """A ``start_response`` that remembers the last status and headers."""

    status = ""
    headers: list[tuple[str, str]] = []

    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        self.status = status
        self.headers = headers
        return None


def call(app: t.Any, environ: dict[str, t.Any], recorder: _Recorder) -> bytes:
    """One request through the WSGI callable, body consumed and closed."""
    body_iter = app(environ, recorder)
    try:
        return b"".join(body_iter)
    finally:
        close = getattr(body_iter, "close", None)
        if close is not None:
            close()


def session_cookie(app: t.Any) -> str:
    """The ``Cookie`` header value after one visit to the session view."""
    recorder = _Recorder()
    call(app, base_environ("GET", "/session"), recorder)
    for name, value in recorder.headers:
        if name.lower() == "set-cookie":
            return value.split(";", 1)[0]
    raise RuntimeError("the session view set no cookie")


def make_request_function(app: t.Any, scenario: str) -> t.Callable[[], bytes]:
    """A zero-argument function performing one request of ``scenario``."""
    method, path, expected = SCENARIOS[scenario]
    environ = base_environ(method, path)
    if scenario == "session":
        environ["HTTP_COOKIE"] = session_cookie(app)
    body = FORM_BODY.encode() if method == "POST" else b""
    if body:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    recorder = _Recorder()

    def request_once() -> bytes:
        per_request = environ.copy()
        per_request["wsgi.input"] = io.BytesIO(body)
        return call(app, per_request, recorder)

    output = request_once()
    if int(recorder.status.split()[0]) != expected:
        raise RuntimeError(f"{scenario}: got {recorder.status}: {output[:200]!r}")
    return request_once


def time_scenario(
    request_once: t.Callable[[], bytes], batches: int, per_batch: int
) -> list[float]:
    """µs per request for each batch, after a warm-up batch."""
    for _ in range(per_batch // 4 + 1):
        request_once()
    results = []
    clock = time.perf_counter
    for _ in range(batches):
        started = clock()
        for _ in range(per_batch):
            request_once()
        results.append((clock() - started) / per_batch * 1e6)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--per-batch", type=int, default=2000)
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    parser.add_argument(
        "--just-run",
        type=int,
        metavar="N",
        help="make N requests of each scenario after a warm-up, without timing"
        " (for instruction counts under callgrind)",
    )
    options = parser.parse_args()

    from bench_app import app

    app.logger.disabled = True
    scenarios = options.scenario or list(SCENARIOS)
    if options.just_run is not None:
        for name in scenarios:
            request_once = make_request_function(app, name)
            for _ in range(50 + options.just_run):
                request_once()
        return
    results = {
        name: time_scenario(
            make_request_function(app, name), options.batches, options.per_batch
        )
        for name in scenarios
    }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
