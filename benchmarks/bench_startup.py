"""Start-up costs of ``flask`` in the running interpreter, printed as JSON.

``run.py`` runs this in a fresh interpreter of each benchmark virtual
environment, many times over:

``import-time``
    Seconds spent in ``import flask`` alone (the interpreter's own start-up
    is not counted).
``werkzeug-import-time``
    Seconds spent in ``import werkzeug`` alone: every ``flask`` pays at least
    this, since importing any Werkzeug module runs the package's
    ``__init__``, which imports its development server and test client.
``routing-import-time``
    Seconds spent in ``import werkzeug.routing`` after ``import werkzeug``:
    what ``import flask`` pays for leaving Werkzeug's routing loaded, as
    Flask's does (so that ``import werkzeug`` then ``werkzeug.routing`` works).
``import-with-dependencies-time``
    Seconds spent in ``import flask`` followed by an import of each installed
    dependency Flask's ``import flask`` loads (Werkzeug, Jinja, MarkupSafe,
    click, itsdangerous, blinker): what a program that uses all of them pays
    in the end, whichever of the two imports them first.
``baseline``
    Nothing: the cost of starting this script, subtracted from the
    instruction counts of the other modes.
``memory``
    Modules loaded, resident set size and memory allocated by Python
    (``tracemalloc``), after ``import flask`` and again after the benchmark
    app was created and served its first request. Tracing makes imports
    slower, which is why it is a separate mode.
"""

from __future__ import annotations

import io
import json
import sys
import time


def resident_kib() -> int:
    """This process's resident set size in KiB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def measure_import_time() -> dict[str, float]:
    started = time.perf_counter()
    import flask  # noqa: F401

    return {"import_s": time.perf_counter() - started}


def measure_werkzeug_import_time() -> dict[str, float]:
    started = time.perf_counter()
    import werkzeug  # noqa: F401

    return {"import_s": time.perf_counter() - started}


def measure_routing_import_time() -> dict[str, float]:
    import werkzeug

    started = time.perf_counter()
    import werkzeug.routing  # noqa: F401

    return {"import_s": time.perf_counter() - started}


#: The packages whose modules Flask's ``import flask`` leaves loaded.
FLASK_DEPENDENCIES = (
    "werkzeug",
    "jinja2",
    "markupsafe",
    "click",
    "itsdangerous",
    "blinker",
)


def measure_import_with_dependencies_time() -> dict[str, float]:
    import importlib
    import importlib.util

    installed = [name for name in FLASK_DEPENDENCIES if importlib.util.find_spec(name)]
    started = time.perf_counter()
    import flask  # noqa: F401

    for name in installed:
        importlib.import_module(name)
    return {"import_s": time.perf_counter() - started}


def first_request() -> None:
    """Create the benchmark app and serve one hello-world request."""
    from bench_app import app

    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    body = app(environ, lambda status, headers, exc_info=None: None)
    b"".join(body)


def measure_memory() -> dict[str, float]:
    import tracemalloc

    modules_before = len(sys.modules)
    tracemalloc.start()
    import flask  # noqa: F401

    after_import = {
        "modules_import": len(sys.modules) - modules_before,
        "rss_import_kib": resident_kib(),
        "traced_import_kib": tracemalloc.get_traced_memory()[0] / 1024,
    }
    first_request()
    return {
        **after_import,
        "modules_request": len(sys.modules) - modules_before,
        "rss_request_kib": resident_kib(),
        "traced_request_kib": tracemalloc.get_traced_memory()[0] / 1024,
    }


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "import-time":
        result = measure_import_time()
    elif mode == "werkzeug-import-time":
        result = measure_werkzeug_import_time()
    elif mode == "baseline":
        result = {}
    elif mode == "routing-import-time":
        result = measure_routing_import_time()
    elif mode == "import-with-dependencies-time":
        result = measure_import_with_dependencies_time()
    else:
        result = measure_memory()
    json.dump(result, sys.stdout)
