"""JSON request bodies, parsed by either provider of flask-json: whatever a
client sends, the answer is the parsed value or a 400, never a 500.

* A body nested too deeply for the parser (100,000 arrays, or 5,000 levels
  of objects and arrays) makes the standard library raise
  :exc:`RecursionError`, which Flask lets escape as a 500; the orjson
  provider hands such a body to the standard library as well.
* CVE-2018-1000656 and CVE-2019-1010083 (Flask before 0.12.3 and 1.0):
  bodies in UTF-16 and UTF-32 were decoded by guesswork; they are read by
  the JSON parser's own detection, any encoding error giving a 400.
"""

from __future__ import annotations

import json
import tracemalloc
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import flask
from flask.json.orjson import OrjsonProvider
from flask.json.provider import DefaultJSONProvider

PROVIDERS = {"default": DefaultJSONProvider, "orjson": OrjsonProvider}

DEEP_BODIES = {
    "arrays 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "objects and arrays 5,000 deep": '{"a":[' * 5_000 + "1" + "]}" * 5_000,
    "objects 5,000 deep": '{"a":' * 5_000 + "1" + "}" * 5_000,
    "unclosed 100,000 deep": "[" * 100_000,
}


def _json_app(provider: type[DefaultJSONProvider]) -> flask.Flask:
    app = flask.Flask("json_bodies")
    app.json = provider(app)

    @app.route("/echo", methods=["POST"])
    def echo() -> t.Any:
        return {"value": flask.request.get_json()}

    @app.route("/silent", methods=["POST"])
    def silent() -> t.Any:
        return {"value": flask.request.get_json(silent=True)}

    return app


@pytest.fixture(params=PROVIDERS.values(), ids=PROVIDERS)
def json_app(request: pytest.FixtureRequest) -> flask.Flask:
    return _json_app(request.param)


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES)
def test_deeply_nested_body_is_a_400_with_either_provider(
    json_app: flask.Flask, body: str
) -> None:
    client = json_app.test_client()
    json_app.testing = False
    response = client.post("/echo", data=body, content_type="application/json")
    assert response.status_code == 400
    response = client.post("/silent", data=body, content_type="application/json")
    assert response.get_json() == {"value": None}


def test_deep_body_error_keeps_the_message_in_debug_mode(json_app: flask.Flask) -> None:
    json_app.debug = True
    body = DEEP_BODIES["arrays 100,000 deep"]
    response = json_app.test_client().post(
        "/echo", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert b"nested too deeply" in response.data


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-16", "utf-16-le", "utf-32", "utf-32-be"]
)
def test_cve_2018_1000656_encodings_are_read_or_refused(
    json_app: flask.Flask, encoding: str
) -> None:
    document = {"text": "caf\xe9 \u2603", "numbers": list(range(50))}
    body = json.dumps(document).encode(encoding)
    response = json_app.test_client().post(
        "/echo", data=body, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.get_json() == {"value": document}
    broken = body[:-1]
    json_app.testing = False
    response = json_app.test_client().post(
        "/echo", data=broken, content_type="application/json"
    )
    assert response.status_code == 400


def test_large_body_costs_memory_in_proportion(json_app: flask.Flask) -> None:
    body = json.dumps(["x" * 100] * 10_000).encode("utf-32")  # about 4 MiB
    client = json_app.test_client()
    tracemalloc.start()
    try:
        response = client.post("/silent", data=body, content_type="application/json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    assert peak < 12 * len(body), peak


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    value=json_values,
    provider=st.sampled_from(list(PROVIDERS.values())),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]),
)
def test_any_json_document_is_read_back(
    value: t.Any, provider: type[DefaultJSONProvider], encoding: str
) -> None:
    app = _json_app(provider)
    body = json.dumps(value).encode(encoding)
    response = app.test_client().post(
        "/echo", data=body, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.get_json() == {"value": value}


@settings(max_examples=400, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.text(st.sampled_from('[]{}:,"0123456789.eE+-\\ntruefalsn \t'), max_size=200),
        st.integers(min_value=1, max_value=20_000).map(lambda depth: "[" * depth),
        st.integers(min_value=1, max_value=20_000).map(
            lambda depth: '{"k":' * depth + "0" + "}" * depth
        ),
    ),
    provider=st.sampled_from(list(PROVIDERS.values())),
)
def test_no_json_body_makes_a_500(
    body: bytes | str, provider: type[DefaultJSONProvider]
) -> None:
    app = _json_app(provider)
    app.testing = False
    response = app.test_client().post(
        "/echo", data=body, content_type="application/json"
    )
    assert response.status_code in (200, 400), response.status_code
    assert flask.globals._cv_request.get(None) is None
