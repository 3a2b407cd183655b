"""How much does the signal seam cost a request when flask-signals is absent?

Without flask-signals, flask-core still reaches every point where Flask sends
a signal; at each one it reads ``seams.signal_hub`` and tests it against
``None``. This script measures that cost against a whole hello-world request
handled in-process through the app's WSGI callable, and prints it as a
percentage. It exits with status 1 if the seam costs 2% or more.

1. Count the seam checks a request reaches, by installing a hub that counts
   the sends it is asked for (one send per check once a hub exists), then
   removing it again.
2. Time a hello-world request (best of several rounds, so that scheduler
   noise does not inflate it).
3. Time the check itself, written the way core writes it, with the timing
   loop's own overhead left in: an upper bound.

Run it with the interpreter that has flask-core installed::

    python benchmarks/signal_seam.py [--requests N] [--rounds R]
"""

from __future__ import annotations

import argparse
import sys
import timeit
import typing as t

THRESHOLD_PERCENT = 2.0


class _CountingSignal:
    """Stands in for a blinker signal: counts sends, calls nobody."""

    def __init__(self, counts: dict[str, int], name: str) -> None:
        self._counts = counts
        self._name = name

    def send(
        self, sender: t.Any, /, *, _async_wrapper: t.Any = None, **kwargs: t.Any
    ) -> list[t.Any]:
        self._counts[self._name] = self._counts.get(self._name, 0) + 1
        return []


class _CountingHub:
    """A stand-in for ``flask.signals`` whose every signal counts its sends."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __getattr__(self, name: str) -> _CountingSignal:
        return _CountingSignal(self.counts, name)


def _hello_app() -> t.Any:
    import flask

    app = flask.Flask("seam_benchmark")

    @app.route("/")
    def hello() -> str:
        return "Hello, World!"

    return app


def _request_runner(app: t.Any) -> t.Callable[[], None]:
    """Return a function that runs one GET / through ``app.wsgi_app`` and
    reads the whole body, as a WSGI server would."""
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(path="/")
    template_environ = builder.get_environ()
    builder.close()

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        return None

    def one_request() -> None:
        body = app.wsgi_app(dict(template_environ), start_response)
        try:
            for _chunk in body:
                pass
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return one_request


def count_seam_checks(run_request: t.Callable[[], None]) -> dict[str, int]:
    """The signal sends one request would make, i.e. the seam checks it
    passes when no hub is registered."""
    from flask import seams

    hub = _CountingHub()
    seams.register_signal_hub(hub)  # type: ignore[arg-type]
    try:
        run_request()
    finally:
        seams.signal_hub = None
    return hub.counts


def best_seconds_per_call(
    function: t.Callable[[], object], calls: int, rounds: int
) -> float:
    """Fastest observed time of one call, over ``rounds`` rounds of ``calls``."""
    timings = timeit.repeat(function, number=calls, repeat=rounds)
    return min(timings) / calls


def seconds_per_seam_check(checks: int, rounds: int) -> float:
    """Time the statements core runs at each emission point with no hub."""
    statement = "hub = seams.signal_hub\nif hub is not None:\n    hub.request_started"
    timings = timeit.repeat(
        statement, setup="from flask import seams", number=checks, repeat=rounds
    )
    return min(timings) / checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)

    from flask import seams

    if seams.signal_hub is not None or "flask.signals" in sys.modules:
        print("flask.signals is loaded; this measures the seam without it.")
        return 2

    run_request = _request_runner(_hello_app())
    run_request()  # warm up: first-request setup, URL map compilation

    counts = count_seam_checks(run_request)
    checks_per_request = sum(counts.values())

    request_seconds = best_seconds_per_call(run_request, args.requests, args.rounds)
    check_seconds = seconds_per_seam_check(1_000_000, args.rounds)
    seam_seconds = checks_per_request * check_seconds
    percent = 100.0 * seam_seconds / request_seconds

    still_clean = seams.signal_hub is None and "blinker" not in sys.modules
    print(
        f"seam checks per request:  {checks_per_request} ({', '.join(sorted(counts))})"
    )
    print(f"hello-world request:      {request_seconds * 1e6:9.2f} us")
    print(f"one seam check:           {check_seconds * 1e9:9.2f} ns (upper bound)")
    print(f"seam cost per request:    {seam_seconds * 1e9:9.2f} ns")
    print(f"blinker imported:         {'blinker' in sys.modules}")
    print(
        f"signal seam overhead: {percent:.4f}% of a request (limit {THRESHOLD_PERCENT}%)"
    )
    return 0 if percent < THRESHOLD_PERCENT and still_clean else 1


if __name__ == "__main__":
    sys.exit(main())
