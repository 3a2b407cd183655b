"""``flask.json.orjson``: the orjson provider gives the default provider's
output, value for value."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import functools
import io
import typing as t
import uuid

import pytest

hypothesis = pytest.importorskip("hypothesis")
pytest.importorskip("orjson")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from markupsafe import Markup  # noqa: E402

import flask  # noqa: E402
from flask.json.orjson import OrjsonProvider  # noqa: E402
from flask.json.provider import DefaultJSONProvider  # noqa: E402


@dataclasses.dataclass
class Pair:
    first: t.Any
    second: t.Any


class Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return self.text


class Colour(enum.IntEnum):
    RED = 1


_app = flask.Flask("orjson_tests")
DEFAULT = DefaultJSONProvider(_app)
FAST = OrjsonProvider(_app)

text = st.text(st.characters(exclude_categories=()), max_size=12)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.integers(),
    st.floats(),
    st.floats(min_value=-1e-3, max_value=1e-3),
    text,
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(datetime.timezone.utc)),
    st.decimals(),
    st.uuids(),
    text.map(Markup),
    text.map(Html),
    st.just(Colour.RED),
)
keys = st.one_of(text, text, text, st.integers(), st.none(), st.booleans(), st.floats())
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(inner, max_size=5).map(tuple),
        st.dictionaries(text, inner, max_size=5),
        st.dictionaries(keys, inner, max_size=4),
        st.builds(Pair, inner, inner),
    ),
    max_leaves=25,
)

OPTION_SETS: list[dict[str, t.Any]] = [
    {},
    {"separators": (",", ":")},
    {"separators": [", ", ": "]},
    {"indent": 2},
    {"indent": "  ", "separators": (",", ": ")},
    {"ensure_ascii": False},
    {"sort_keys": False},
    {"sort_keys": False, "ensure_ascii": False, "separators": (",", ":")},
    {"allow_nan": False},
    {"indent": 4},
    {"skipkeys": True},
]


def outcome(call: t.Callable[[], t.Any]) -> tuple[t.Any, ...]:
    """The result of ``call``, or the type and message of what it raised."""
    try:
        return ("value", call())
    except Exception as error:  # comparing any failure
        return ("error", type(error), str(error))


@settings(max_examples=500, deadline=None)
@given(value=values, options=st.sampled_from(OPTION_SETS))
def test_dumps_matches_default_provider(
    value: t.Any, options: dict[str, t.Any]
) -> None:
    expected = outcome(lambda: DEFAULT.dumps(value, **options))
    assert outcome(lambda: FAST.dumps(value, **options)) == expected


@settings(max_examples=200, deadline=None)
@given(value=values, compact=st.sampled_from([None, True, False]), debug=st.booleans())
def test_response_matches_default_provider(
    value: t.Any, compact: bool | None, debug: bool
) -> None:
    app = flask.Flask("orjson_response")
    app.debug = debug
    default, fast = DefaultJSONProvider(app), OrjsonProvider(app)
    default.compact = fast.compact = compact

    def body(provider: DefaultJSONProvider) -> tuple[t.Any, ...]:
        return outcome(lambda: t.cast(flask.Response, provider.response(value)).data)

    assert body(fast) == body(default)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_loads_matches_default_provider(value: t.Any) -> None:
    try:
        document = DEFAULT.dumps(value)
    except (TypeError, ValueError):
        return
    for form in (document, document.encode()):
        expected = outcome(functools.partial(_loaded_repr, DEFAULT, form))
        assert outcome(functools.partial(_loaded_repr, FAST, form)) == expected


def _loaded_repr(provider: DefaultJSONProvider, document: str | bytes) -> str:
    return repr(provider.loads(document))


json_alphabet = st.sampled_from(
    list('{}[]",:0123456789.eE+- \t\n\\/ubfnrtaslNIify\x00\x1f\ufeffé\ud800')
)


@settings(max_examples=500, deadline=None)
@given(document=st.one_of(st.text(json_alphabet, max_size=20), st.text(max_size=10)))
def test_loads_of_arbitrary_text_matches(document: str) -> None:
    expected = outcome(lambda: repr(DEFAULT.loads(document)))
    assert outcome(lambda: repr(FAST.loads(document))) == expected
    try:
        raw = document.encode()
    except UnicodeEncodeError:
        return
    expected = outcome(lambda: repr(DEFAULT.loads(raw)))
    assert outcome(lambda: repr(FAST.loads(raw))) == expected


@pytest.mark.parametrize(
    "value",
    [
        1e-5,
        -1.5e-7,
        1e16,
        1e22,
        5e-324,
        float("nan"),
        float("-inf"),
        2**64,
        {"k": [None, float("inf")]},
        {"é": "😀\x7f\u2028"},
        {1: "int key", "a": 2},
        {"nested": [Pair(decimal.Decimal("1.0"), datetime.date(2020, 1, 1))]},
        {"u": uuid.UUID(int=7), "m": Markup("<x>"), "h": Html("<y>")},
        {"s": 'quote " and \\ and \n, : inside'},
        [],
        {},
        {"a": [], "b": {}},
    ],
)
@pytest.mark.parametrize("options", OPTION_SETS)
def test_known_differences_are_smoothed(
    value: t.Any, options: dict[str, t.Any]
) -> None:
    expected = outcome(lambda: DEFAULT.dumps(value, **options))
    assert outcome(lambda: FAST.dumps(value, **options)) == expected


def test_unserializable_value_raises_the_same_error() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        FAST.dumps({"a": {1}})
    with pytest.raises(ValueError, match="Out of range float values"):
        FAST.dumps([float("nan")], allow_nan=False)


def test_loads_handles_big_integers_and_nan() -> None:
    assert FAST.loads("[123456789012345678901234567890]") == [
        123456789012345678901234567890
    ]
    assert repr(FAST.loads("[NaN, Infinity]")) == "[nan, inf]"
    assert FAST.loads("[1]", parse_int=str) == ["1"]


def test_custom_default_is_used() -> None:
    class SetProvider(OrjsonProvider):
        @staticmethod
        def default(o: t.Any) -> t.Any:
            return sorted(o) if isinstance(o, set) else DefaultJSONProvider.default(o)

    provider = SetProvider(_app)
    assert provider.dumps({"s": {2, 1}}) == '{"s": [1, 2]}'
    assert (
        provider.dumps({"s": {2, 1}}, default=lambda o: "custom") == '{"s": "custom"}'
    )


def test_file_functions() -> None:
    out = io.StringIO()
    FAST.dump({"b": 1, "a": (1,)}, out)
    assert out.getvalue() == '{"a": [1], "b": 1}'
    assert FAST.load(io.BytesIO(b'{"x": [1.5]}')) == {"x": [1.5]}


def test_opt_in_with_app_json() -> None:
    app = flask.Flask("opt_in")
    app.json = OrjsonProvider(app)

    @app.post("/")
    def echo() -> t.Any:
        return {"got": flask.request.get_json(), "when": datetime.date(2020, 1, 2)}

    response = app.test_client().post("/", json={"é": [1, 2.5e-6]})
    assert response.data == (
        b'{"got":{"\\u00e9":[1,2.5e-06]},"when":"Thu, 02 Jan 2020 00:00:00 GMT"}\n'
    )


def test_opt_in_with_provider_class() -> None:
    class FastApp(flask.Flask):
        json_provider_class = OrjsonProvider

    app = FastApp("opt_in_class")
    app.debug = True
    assert isinstance(app.json, OrjsonProvider)
    with app.app_context():
        body = flask.json.jsonify(b=1, a=[1]).get_data(as_text=True)
    assert body == '{\n  "a": [\n    1\n  ],\n  "b": 1\n}\n'


def test_session_serializer_with_orjson_provider() -> None:
    from flask.json.tag import TaggedJSONSerializer

    fast_app, default_app = flask.Flask("fast"), flask.Flask("default")
    fast_app.json = OrjsonProvider(fast_app)
    serializer = TaggedJSONSerializer()
    value = {"t": (1, b"\xff"), "u": uuid.UUID(int=3), "z": [0.00001], "é": None}
    with fast_app.app_context():
        text = serializer.dumps(value)
        assert serializer.loads(text) == value
    with default_app.app_context():
        assert text == serializer.dumps(value)


def test_missing_orjson_explains_the_extra() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['orjson'] = None\n"
        "try:\n"
        "    import flask.json.orjson\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert "'python -m pip install orjson'" in result.stdout, result.stderr
