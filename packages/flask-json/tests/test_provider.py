"""``flask.json.provider``: the provider interface and the default provider."""

from __future__ import annotations

import dataclasses
import gc
import io
import typing as t

import pytest
from markupsafe import Markup

import flask
from flask.json.provider import DefaultJSONProvider, JSONProvider


def body(response: t.Any) -> bytes:
    """The body of a response a provider made (typed as Werkzeug's sansio
    response, but built from the app's response class)."""
    assert isinstance(response, flask.Response)
    return response.get_data()


class UpperProvider(JSONProvider):
    """A minimal provider: only dumps and loads are written."""

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        return f'"{str(obj).upper()}"'

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        text = s.decode() if isinstance(s, bytes) else s
        return text.strip('"').lower()


def test_base_provider_methods_are_abstract(app: flask.Flask) -> None:
    provider = JSONProvider(app)
    with pytest.raises(NotImplementedError):
        provider.dumps(1)
    with pytest.raises(NotImplementedError):
        provider.loads("1")


def test_file_variants_and_response_build_on_dumps_loads(app: flask.Flask) -> None:
    provider = UpperProvider(app)
    out = io.StringIO()
    provider.dump("abc", out)
    assert out.getvalue() == '"ABC"'
    assert provider.load(io.StringIO('"XYZ"')) == "xyz"
    response = provider.response("hi")
    assert response.mimetype == "application/json"
    assert body(response) == b'"HI"'
    assert isinstance(response, app.response_class)


def test_provider_holds_app_weakly() -> None:
    application = flask.Flask("weak")
    provider = DefaultJSONProvider(application)
    del application
    gc.collect()
    with pytest.raises(ReferenceError):
        provider.response(1)


def test_default_provider_class_attributes() -> None:
    assert DefaultJSONProvider.ensure_ascii is True
    assert DefaultJSONProvider.sort_keys is True
    assert DefaultJSONProvider.compact is None
    assert DefaultJSONProvider.mimetype == "application/json"
    assert DefaultJSONProvider.default(Markup("<a>")) == "<a>"


def test_default_is_a_static_conversion_hook(app: flask.Flask) -> None:
    with pytest.raises(TypeError, match="Object of type object is not JSON"):
        app.json.default(object())  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        DefaultJSONProvider.default(Point)  # a dataclass type, not an instance


@dataclasses.dataclass
class Point:
    x: int = 0


def test_dumps_options_and_overrides(app: flask.Flask) -> None:
    provider = DefaultJSONProvider(app)
    assert provider.dumps({"b": "é", "a": 1}) == '{"a": 1, "b": "\\u00e9"}'
    assert provider.dumps({"b": "é", "a": 1}, sort_keys=False, ensure_ascii=False) == (
        '{"b": "é", "a": 1}'
    )
    provider.sort_keys = False
    provider.ensure_ascii = False
    assert provider.dumps({"b": "é", "a": 1}) == '{"b": "é", "a": 1}'


def test_custom_default_on_subclass(app: flask.Flask) -> None:
    class SetProvider(DefaultJSONProvider):
        @staticmethod
        def default(o: t.Any) -> t.Any:
            if isinstance(o, set):
                return sorted(o)
            return DefaultJSONProvider.default(o)

    app.json = SetProvider(app)
    with app.app_context():
        assert flask.json.dumps({3, 1, 2}) == "[1, 2, 3]"


def test_response_layout_follows_compact_and_debug(app: flask.Flask) -> None:
    data = {"b": [1, 2], "a": None}
    compact = '{"a":null,"b":[1,2]}\n'
    indented = '{\n  "a": null,\n  "b": [\n    1,\n    2\n  ]\n}\n'

    def text() -> str:
        return body(app.json.response(data)).decode()

    assert text() == compact
    app.debug = True
    assert text() == indented
    app.json.compact = True  # type: ignore[attr-defined]
    assert text() == compact
    app.debug = False
    app.json.compact = False  # type: ignore[attr-defined]
    assert text() == indented


def test_response_mimetype_attribute(app: flask.Flask) -> None:
    app.json.mimetype = "application/vnd.api+json"  # type: ignore[attr-defined]
    assert app.json.response([]).mimetype == "application/vnd.api+json"


def test_response_argument_forms(app: flask.Flask) -> None:
    response = app.json.response
    assert body(response()) == b"null\n"
    assert body(response(1, 2)) == b"[1,2]\n"
    assert body(response([1, 2])) == b"[1,2]\n"
    assert body(response(a=1)) == b'{"a":1}\n'
    with pytest.raises(TypeError):
        response(1, a=1)


def test_app_uses_default_provider(app: flask.Flask) -> None:
    assert isinstance(app.json, DefaultJSONProvider)
    assert app.json_provider_class is DefaultJSONProvider


def test_json_provider_class_is_used(client: t.Any) -> None:
    class Custom(DefaultJSONProvider):
        sort_keys = False

    class CustomApp(flask.Flask):
        json_provider_class = Custom

    app = CustomApp("custom")
    assert isinstance(app.json, Custom)

    @app.route("/")
    def index() -> t.Any:
        return {"b": 1, "a": 2}

    assert app.test_client().get("/").data == b'{"b":1,"a":2}\n'


def test_dict_and_list_returns_go_through_app_json(
    app: flask.Flask, client: t.Any
) -> None:
    app.json = UpperProvider(app)

    @app.route("/dict")
    def as_dict() -> t.Any:
        return {"k": "v"}

    response = client.get("/dict")
    assert response.data == b"\"{'K': 'V'}\""
    assert response.mimetype == "application/json"


def test_request_json_uses_app_provider(app: flask.Flask, client: t.Any) -> None:
    app.json = UpperProvider(app)

    @app.post("/")
    def echo() -> str:
        return repr(flask.request.get_json())

    response = client.post("/", data='"SHOUT"', content_type="application/json")
    assert response.data == b"'shout'"


def test_invalid_request_json_is_bad_request(app: flask.Flask, client: t.Any) -> None:
    @app.post("/")
    def echo() -> t.Any:
        return flask.request.get_json()

    response = client.post("/", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_test_client_json_argument_uses_app_provider(
    app: flask.Flask, client: t.Any
) -> None:
    seen: list[bytes] = []

    @app.post("/")
    def echo() -> str:
        seen.append(flask.request.get_data())
        return ""

    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    client.post("/", json={"b": "é", "a": 1})
    assert seen == ['{"a": 1, "b": "é"}'.encode()]


def test_response_json_property_decodes_with_app_provider(
    app: flask.Flask, client: t.Any
) -> None:
    @app.route("/")
    def index() -> t.Any:
        return ["x"]

    response = client.get("/")
    assert response.json == ["x"]
    app.json = UpperProvider(app)
    assert client.get("/").json == "['x']"
