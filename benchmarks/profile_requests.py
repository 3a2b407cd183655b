"""Where a request's time goes, by library and by function, with whichever
``flask`` the running interpreter has (run it in ``.venvs/bench-flask`` and
``.venvs/bench-modular`` to compare)::

    .venvs/bench-modular/bin/python benchmarks/profile_requests.py session
    .venvs/bench-modular/bin/python benchmarks/profile_requests.py --json

It makes the requests of ``bench_requests.py`` under :mod:`cProfile` and
groups the time spent in each function itself (``tottime``) by the library
the function belongs to: Flask (real or modular), Werkzeug, Jinja,
MarkupSafe, itsdangerous, the benchmark's own code (app and driver), the
standard library, and built-ins (functions written in C, such as
``str.join`` or ``hmac.digest``). The profiler's own cost per call inflates
code made of many small calls, so read the shares as a map of where the
work is, and the instruction counts of ``requests_table.py`` as the totals.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import sysconfig
import typing as t

import bench_requests

#: Library groups, matched against a function's file path in this order.
GROUPS = (
    ("jinja2", "/jinja2/"),
    ("markupsafe", "/markupsafe/"),
    ("itsdangerous", "/itsdangerous/"),
    ("werkzeug", "/werkzeug/"),
    ("flask", "/flask/"),
    ("benchmark", "/benchmarks/"),
)


def group_of(filename: str, stdlib: str) -> str:
    """The library group of a function defined in ``filename``."""
    if filename == "~" or filename.startswith("<"):
        return "built-in" if filename == "~" else "generated"
    for name, marker in GROUPS:
        if marker in filename:
            return name
    if filename.startswith(stdlib):
        return "stdlib"
    return "other"


def profile(scenario: str, requests: int) -> pstats.Stats:
    """The profile of ``requests`` requests of ``scenario`` (after a warm-up)."""
    from bench_app import app

    app.logger.disabled = True
    request_once = bench_requests.make_request_function(app, scenario)
    for _ in range(200):
        request_once()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        request_once()
    profiler.disable()
    return pstats.Stats(profiler)


def breakdown(stats: pstats.Stats, requests: int, top: int) -> dict[str, t.Any]:
    """Shares of the self time by group, and the ``top`` functions."""
    stdlib = sysconfig.get_paths()["stdlib"]
    by_group: dict[str, float] = {}
    functions = []
    total = 0.0
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, line, name), (_, calls, tottime, _, _) in raw.items():
        group = group_of(filename, stdlib)
        by_group[group] = by_group.get(group, 0.0) + tottime
        total += tottime
        short = filename.rsplit("/site-packages/", 1)[-1]
        functions.append((tottime, calls / requests, group, f"{short}:{line}({name})"))
    functions.sort(reverse=True)
    return {
        "groups": {
            name: share / total
            for name, share in sorted(by_group.items(), key=lambda item: -item[1])
        },
        "top": [
            {
                "share": tottime / total,
                "calls": calls,
                "group": group,
                "function": where,
            }
            for tottime, calls, group, where in functions[:top]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="*", help="default: every scenario")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print JSON")
    options = parser.parse_args()
    unknown = set(options.scenario) - set(bench_requests.SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    results = {
        scenario: breakdown(
            profile(scenario, options.requests), options.requests, options.top
        )
        for scenario in options.scenario or bench_requests.SCENARIOS
    }
    if options.json:
        json.dump(results, sys.stdout)
        return
    for scenario, result in results.items():
        groups = ", ".join(
            f"{name} {share:.0%}" for name, share in result["groups"].items()
        )
        print(f"== {scenario}: {groups}")
        for row in result["top"]:
            print(
                f"  {row['share']:6.1%} {row['calls']:5.1f}/req {row['group']:12} {row['function']}"
            )


if __name__ == "__main__":
    main()
