"""``flask.json``'s module-level functions and ``jsonify``."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import io
import typing as t
import uuid

import pytest
from markupsafe import Markup

import flask
import flask.json as fjson
from flask.json import jsonify
from flask.json.provider import DefaultJSONProvider


@dataclasses.dataclass
class Point:
    x: int
    y: int


class HasHtml:
    def __html__(self) -> str:
        return "<b>hi</b>"


class RecordingProvider(DefaultJSONProvider):
    """Remembers which of its methods were called."""

    def __init__(self, app: flask.Flask) -> None:
        super().__init__(app)
        self.calls: list[str] = []

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        self.calls.append("dumps")
        return super().dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        self.calls.append("loads")
        return super().loads(s, **kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2024, 2, 29), '"Thu, 29 Feb 2024 00:00:00 GMT"'),
        (
            datetime.datetime(2024, 2, 29, 13, 5, 9, tzinfo=datetime.timezone.utc),
            '"Thu, 29 Feb 2024 13:05:09 GMT"',
        ),
        (decimal.Decimal("10.50"), '"10.50"'),
        (uuid.UUID(int=1), '"00000000-0000-0000-0000-000000000001"'),
        (Point(1, 2), '{"x": 1, "y": 2}'),
        (HasHtml(), '"<b>hi</b>"'),
        (Markup("<i>x</i>"), '"<i>x</i>"'),
    ],
)
def test_dumps_without_app_handles_extra_types(value: t.Any, expected: str) -> None:
    assert fjson.dumps(value) == expected


def test_dumps_without_app_rejects_unknown_types() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        fjson.dumps({1, 2})


def test_dumps_without_app_uses_stdlib_defaults() -> None:
    # Outside an app, key order and non-ASCII text are left as json does.
    assert fjson.dumps({"b": 1, "a": "é"}) == '{"b": 1, "a": "\\u00e9"}'
    assert fjson.dumps({"b": 1, "a": 2}, sort_keys=True) == '{"a": 2, "b": 1}'


def test_loads_and_load_without_app() -> None:
    assert fjson.loads('{"a": [1, 2.5]}') == {"a": [1, 2.5]}
    assert fjson.loads(b"[true, null]") == [True, None]
    assert fjson.load(io.StringIO('{"x": 1}')) == {"x": 1}


def test_dump_without_app_writes_to_file() -> None:
    out = io.StringIO()
    fjson.dump({"when": datetime.date(2000, 1, 1)}, out)
    assert out.getvalue() == '{"when": "Sat, 01 Jan 2000 00:00:00 GMT"}'


def test_functions_use_app_provider_in_app_context(app: flask.Flask) -> None:
    provider = RecordingProvider(app)
    app.json = provider
    with app.app_context():
        # The app's provider sorts keys, unlike json.dumps.
        assert fjson.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
        out = io.StringIO()
        fjson.dump([1], out)
        assert fjson.loads("[1]") == [1]
        assert fjson.load(io.StringIO("{}")) == {}
    assert out.getvalue() == "[1]"
    assert provider.calls == ["dumps", "dumps", "loads", "loads"]


def test_app_provider_settings_apply_to_module_functions(app: flask.Flask) -> None:
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    with app.app_context():
        assert fjson.dumps("é") == '"é"'
    assert fjson.dumps("é") == '"\\u00e9"'


def test_jsonify_single_value(app: flask.Flask) -> None:
    with app.app_context():
        response = jsonify({"b": 1, "a": [1, 2]})
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == '{"a":[1,2],"b":1}\n'


@pytest.mark.parametrize("value", [0, -1, 3.5, "text", True, False, None, []])
def test_jsonify_scalars(app: flask.Flask, value: t.Any) -> None:
    with app.app_context():
        assert jsonify(value).get_json() == value


def test_jsonify_several_args_make_a_list(app: flask.Flask) -> None:
    with app.app_context():
        assert jsonify(1, "two", None).get_json() == [1, "two", None]


def test_jsonify_kwargs_make_an_object(app: flask.Flask) -> None:
    with app.app_context():
        assert jsonify(name="x", n=2).get_json() == {"name": "x", "n": 2}


def test_jsonify_without_arguments_is_null(app: flask.Flask) -> None:
    with app.app_context():
        assert jsonify().get_data() == b"null\n"


def test_jsonify_rejects_args_and_kwargs(app: flask.Flask) -> None:
    with app.app_context(), pytest.raises(TypeError, match="args or kwargs"):
        jsonify(1, a=2)


def test_jsonify_needs_app_context() -> None:
    with pytest.raises(RuntimeError, match="application context"):
        jsonify(1)


def test_jsonify_in_view(app: flask.Flask, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return jsonify(ok=True, when=datetime.date(2020, 5, 17))

    response = client.get("/")
    assert response.json == {"ok": True, "when": "Sun, 17 May 2020 00:00:00 GMT"}


def test_flask_json_lazy_attributes() -> None:
    assert flask.json is fjson
    assert flask.jsonify is jsonify
