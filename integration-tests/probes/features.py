"""Try every add-on feature of ``flask`` and print what happened, as JSON.

Run by the install-matrix tests with an environment's interpreter (``python
-I features.py``). For each feature it prints ``"ok"``, ``"missing:<dist>"``
when a :class:`flask.seams.MissingDistributionError` (or, for an attribute of
``flask``, a :class:`flask.seams.MissingDistributionAttributeError`) named
``<dist>``, or ``"error:<type>: <message>"`` for anything else.
"""

from __future__ import annotations

import importlib
import json
import typing as t

from werkzeug.test import Client

import flask
from flask.seams import MissingDistributionAttributeError, MissingDistributionError


def _app() -> flask.Flask:
    """A small app whose views need JSON, sessions and signals."""
    app = flask.Flask("feature_probe")
    app.testing = True
    app.secret_key = "probe"

    @app.route("/dict")
    def as_dict() -> dict[str, int]:
        return {"answer": 42}

    @app.route("/text")
    def as_text() -> str:
        return "plain"

    @app.route("/echo", methods=["POST"])
    def echo() -> str:
        return repr(flask.request.get_json())

    return app


def _get(path: str, **kwargs: t.Any) -> None:
    """Send one request through Werkzeug's client; the view must answer 200."""
    app = _app()
    response = Client(app, app.response_class).open(path, **kwargs)
    assert response.status_code == 200, response.status_code


def _write_session() -> None:
    with _app().test_request_context("/"):
        flask.session["x"] = 1
        assert flask.session["x"] == 1


def _signal_fires() -> None:
    from flask import request_started

    seen: list[str] = []

    def receiver(sender: flask.Flask, **extra: t.Any) -> None:
        seen.append(sender.name)

    app = _app()
    with request_started.connected_to(receiver, app):
        Client(app, app.response_class).get("/text")
    assert seen == ["feature_probe"], seen


def _test_client() -> None:
    response = _app().test_client().get("/text")
    assert response.get_data(as_text=True) == "plain"


def _cli() -> None:
    group = _app().cli
    assert group.name == "feature_probe", group.name


def _import_request_started() -> object:
    from flask import request_started

    return request_started


def _module(name: str) -> t.Callable[[], object]:
    return lambda: importlib.import_module(name)


FEATURES: dict[str, t.Callable[[], object]] = {
    "import flask.json": _module("flask.json"),
    "import flask.json.provider": _module("flask.json.provider"),
    "import flask.json.tag": _module("flask.json.tag"),
    "import flask.sessions": _module("flask.sessions"),
    "import flask.cli": _module("flask.cli"),
    "import flask.testing": _module("flask.testing"),
    "import flask.signals": _module("flask.signals"),
    "flask.jsonify": lambda: flask.jsonify,
    "from flask import request_started": _import_request_started,
    "return a dict": lambda: _get("/dict"),
    "request.get_json()": lambda: _get("/echo", method="POST", json=[1, 2]),
    'session["x"] = 1': _write_session,
    "signal receiver": _signal_fires,
    "app.test_client()": _test_client,
    "app.cli": _cli,
}


def outcome(feature: t.Callable[[], object]) -> str:
    """What happened when ``feature`` was tried."""
    try:
        feature()
    except (MissingDistributionError, MissingDistributionAttributeError) as error:
        return f"missing:{error.distribution}"
    except Exception as error:  # reported, the test decides
        return f"error:{type(error).__name__}: {error}"
    return "ok"


if __name__ == "__main__":
    print(json.dumps({name: outcome(f) for name, f in FEATURES.items()}))
