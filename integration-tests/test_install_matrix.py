"""Each distribution alone, sensible pairs, and flask-full, from built wheels.

In every combination, a feature works exactly when the distribution that
provides it is installed; otherwise using it raises
``flask.seams.MissingDistributionError`` naming that distribution.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import Environment, EnvironmentFactory, Wheel, closure, run

PROBE = Path(__file__).parent / "probes" / "features.py"

#: The distribution each feature of the probe needs.
FEATURE_DISTRIBUTIONS = {
    "import flask.json": "flask-json",
    "import flask.json.provider": "flask-json",
    "import flask.json.tag": "flask-json",
    "import flask.sessions": "flask-sessions",
    "import flask.cli": "flask-cli",
    "import flask.testing": "flask-testing",
    "import flask.signals": "flask-signals",
    "flask.jsonify": "flask-json",
    "from flask import request_started": "flask-signals",
    "return a dict": "flask-json",
    "request.get_json()": "flask-json",
    'session["x"] = 1': "flask-sessions",
    "signal receiver": "flask-signals",
    "app.test_client()": "flask-testing",
    "app.cli": "flask-cli",
}

#: What gets installed (with the declared dependencies of each).
COMBINATIONS = [
    ("flask-core",),
    ("flask-json",),
    ("flask-sessions",),
    ("flask-cli",),
    ("flask-testing",),
    ("flask-signals",),
    ("flask-core", "flask-json"),
    ("flask-json", "flask-sessions"),
    ("flask-core", "flask-cli"),
    ("flask-core", "flask-testing"),
    ("flask-core", "flask-signals"),
    ("flask-testing", "flask-cli"),
    ("flask-json", "flask-signals"),
    ("flask-sessions", "flask-testing"),
    ("flask-full",),
]


def probe(environment: Environment, cwd: Path) -> dict[str, str]:
    """Run the feature probe isolated (``-I``) from a folder outside the repo."""
    result = run([environment.python, "-I", PROBE], cwd=cwd)
    return dict(json.loads(result.stdout))


def expected_outcomes(installed: set[str]) -> dict[str, str]:
    """``ok`` for the features whose distribution is installed, else
    ``missing:<distribution>``."""
    return {
        feature: "ok" if needed in installed else f"missing:{needed}"
        for feature, needed in FEATURE_DISTRIBUTIONS.items()
    }


@pytest.mark.parametrize("roots", COMBINATIONS, ids="+".join)
def test_features_follow_the_installed_distributions(
    roots: tuple[str, ...],
    make_environment: EnvironmentFactory,
    wheelhouse: dict[str, Wheel],
    tmp_path: Path,
) -> None:
    environment = make_environment(roots)
    installed = set(closure(roots, wheelhouse))
    assert probe(environment, tmp_path) == expected_outcomes(installed)


@pytest.mark.parametrize("roots", COMBINATIONS, ids="+".join)
def test_only_the_declared_dependencies_are_installed(
    roots: tuple[str, ...],
    make_environment: EnvironmentFactory,
    wheelhouse: dict[str, Wheel],
) -> None:
    environment = make_environment(roots)
    result = environment.python_code(
        "import importlib.metadata as m, json;"
        " print(json.dumps([d.metadata['Name'] for d in m.distributions()]))"
    )
    present = {name.lower() for name in json.loads(result.stdout)}
    ours = {name for name in present if name.startswith("flask")}
    assert ours == set(closure(roots, wheelhouse))
    third_party_optional = {"click", "itsdangerous", "blinker", "asgiref"}
    needed = {
        r.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        for name in ours
        for r in wheelhouse[name].requirements
    }
    assert present & third_party_optional == needed & third_party_optional
