"""The same application on modular Flask and on the real Flask 3.1.3.

``differential_app.py`` is served by both implementations, each in an
environment of its own: modular Flask from our wheels (with every extra), and
the real Flask 3.1.3 with the same versions of Werkzeug, Jinja, MarkupSafe,
itsdangerous, click, blinker and asgiref. ``generator.py`` makes a plan of
request sequences from a fixed seed; ``runner.py`` sends it in each
environment and records every response; any response that is not the same on
both sides fails the test, with the request that produced it.

The differences listed in docs/differences.md are kept out by the app (see
its docstring) or evened out by the runner (session cookie values, the
moment a response was made). Anything else that differs is a bug, or a
difference to list there.

Both sides run with ``PYTHONHASHSEED=0``: Werkzeug lists the methods of an
``Allow`` header in the iteration order of a set of strings, which changes
with the hash seed between any two processes, Flask's too.
"""

from __future__ import annotations

import json
import os
import typing as t
from pathlib import Path

import pytest
from generator import generate

from support import Environment, run

HERE = Path(__file__).resolve().parent
SEED = 20261204
SEQUENCES = 1500
FLASK_VERSION = "3.1.3"
#: Flask's dependencies (and the async extra's), pinned on the reference side
#: to the versions installed on ours.
SHARED = (
    "werkzeug",
    "jinja2",
    "markupsafe",
    "itsdangerous",
    "click",
    "blinker",
    "asgiref",
)


@pytest.fixture(scope="module")
def real_flask(everything: Environment) -> Environment:
    """The real Flask 3.1.3 beside exactly our versions of its dependencies."""
    versions = json.loads(
        everything.python_code(
            "import importlib.metadata as m, json, sys;"
            f" print(json.dumps({{d: m.version(d) for d in {list(SHARED)!r}}}))"
        ).stdout
    )
    return Environment.cached_real_flask(
        FLASK_VERSION, [f"{name}=={version}" for name, version in versions.items()]
    )


def responses(environment: Environment, plan_file: Path, tmp_path: Path) -> t.Any:
    """Run the plan in ``environment`` and return what the runner recorded."""
    output = tmp_path / f"{environment.path.name}.json"
    run(
        [environment.python, HERE / "runner.py", plan_file, output],
        cwd=tmp_path,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(output.read_text(encoding="utf-8"))


def describe(step: dict[str, t.Any], ours: t.Any, theirs: t.Any) -> str:
    """A difference as a reader needs it: the request, then what each side
    answered where they differ."""
    lines = [f"{step['method']} {step['path']} base_url={step['base_url']}"]
    lines.append(f"  headers={step['headers']} cookies={step['cookies']}")
    if step["body"] is not None:
        lines.append(f"  body={step['body'][:200]!r}")
    for key in sorted(set(ours) | set(theirs)):
        if ours.get(key) != theirs.get(key):
            lines.append(f"  {key}: modular={ours.get(key)!r}"[:1500])
            lines.append(f"  {key}: Flask  ={theirs.get(key)!r}"[:1500])
    return "\n".join(lines)


def test_the_plan_is_fixed_by_its_seed() -> None:
    assert generate(SEED, 20) == generate(SEED, 20)
    assert generate(SEED, 20) != generate(SEED + 1, 20)


def test_the_reference_is_the_real_flask(
    everything: Environment, real_flask: Environment
) -> None:
    code = (
        "import importlib.util, json, flask;"
        " print(json.dumps(importlib.util.find_spec('flask.seams') is not None))"
    )
    assert json.loads(everything.python_code(code).stdout) is True
    assert json.loads(real_flask.python_code(code).stdout) is False


def test_both_implementations_answer_alike(
    everything: Environment, real_flask: Environment, tmp_path: Path
) -> None:
    plan = generate(SEED, SEQUENCES)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    ours = responses(everything, plan_file, tmp_path)
    theirs = responses(real_flask, plan_file, tmp_path)

    # The plan reaches every view of the app, so no part goes untested.
    assert sorted(set(ours["endpoints"]) - set(ours["endpoints_hit"])) == []

    differences = [
        describe(step, mine, reference)
        for sequence, mine_all, reference_all in zip(
            plan, ours["results"], theirs["results"], strict=True
        )
        for step, mine, reference in zip(sequence, mine_all, reference_all, strict=True)
        if mine != reference
    ]
    total = sum(len(sequence) for sequence in plan)
    assert not differences, (
        f"{len(differences)} of {total} responses differ; the first ones:\n\n"
        + "\n\n".join(differences[:8])
    )
