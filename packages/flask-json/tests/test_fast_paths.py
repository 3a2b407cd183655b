"""The provider's kept encoders and the tagged serializer's shortcut for plain
values give exactly what the direct implementations give."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import json
import math
import threading
import typing as t
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import flask
from flask.json import _speedups as quick
from flask.json import provider as provider_module
from flask.json.provider import DefaultJSONProvider
from flask.json.tag import (
    JSONTag,
    TagBytes,
    TaggedJSONSerializer,
)


def outcome(
    action: t.Callable[..., t.Any], *args: t.Any, **kwargs: t.Any
) -> tuple[str, t.Any]:
    """What calling ``action`` led to: its result, or its exception's type and
    message, so that failures can be compared too."""
    try:
        return "value", action(*args, **kwargs)
    except Exception as error:  # any failure must match
        return "error", (type(error), str(error))


def direct_dumps(provider: DefaultJSONProvider, obj: t.Any, **kwargs: t.Any) -> str:
    """:meth:`DefaultJSONProvider.dumps` written without kept encoders."""
    options: dict[str, t.Any] = {
        "default": provider.default,
        "ensure_ascii": provider.ensure_ascii,
        "sort_keys": provider.sort_keys,
    }
    options.update(kwargs)
    return json.dumps(obj, **options)


def direct_tag(serializer: TaggedJSONSerializer, value: t.Any) -> t.Any:
    """:meth:`TaggedJSONSerializer.tag` asking every tag, nested values
    included (through the tags, which call ``serializer.tag``)."""
    for tag in serializer.order:
        if tag.check(value):
            return tag.tag(value)
    return value


@dataclasses.dataclass
class Pair:
    left: t.Any
    right: t.Any


class Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return self.text


text = st.text(max_size=10)
json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    text,
    st.dates(),
    st.datetimes(timezones=st.just(datetime.timezone.utc)),
    st.decimals(allow_nan=False),
    st.uuids(),
    text.map(Markup),
    text.map(Html),
    st.just(object()),
)
keys = st.one_of(text, text, st.integers(), st.none(), st.booleans())
json_values = st.recursive(
    json_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(text, inner, max_size=4),
        st.dictionaries(keys, inner, max_size=3),
        st.builds(Pair, inner, inner),
    ),
    max_leaves=20,
)
dumps_options = st.fixed_dictionaries(
    {},
    optional={
        "ensure_ascii": st.booleans(),
        "sort_keys": st.booleans(),
        "skipkeys": st.booleans(),
        "allow_nan": st.booleans(),
        "check_circular": st.booleans(),
        "indent": st.sampled_from([None, 0, 2, 4, "\t", ""]),
        "separators": st.sampled_from([None, (",", ":"), (", ", ": "), (";", "=")]),
        "default": st.sampled_from([None, repr, provider_module._default]),
    },
)
provider_settings = st.fixed_dictionaries(
    {"ensure_ascii": st.booleans(), "sort_keys": st.booleans()}
)

_app = flask.Flask("fast_path_tests")


@settings(max_examples=300, deadline=None)
@given(value=json_values, options=dumps_options, attrs=provider_settings)
def test_dumps_matches_json_dumps(
    value: t.Any, options: dict[str, t.Any], attrs: dict[str, bool]
) -> None:
    provider = DefaultJSONProvider(_app)
    for name, setting in attrs.items():
        setattr(provider, name, setting)
    expected = outcome(direct_dumps, provider, value, **options)
    # Twice: the first call builds the encoder, the second reuses it.
    assert outcome(provider.dumps, value, **options) == expected
    assert outcome(provider.dumps, value, **options) == expected


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(json_values, min_size=1, max_size=4),
    calls=st.lists(st.tuples(dumps_options, provider_settings), max_size=6),
)
def test_one_provider_across_changing_options(
    values: list[t.Any], calls: list[tuple[dict[str, t.Any], dict[str, bool]]]
) -> None:
    provider = DefaultJSONProvider(_app)
    for index, (options, attrs) in enumerate(calls):
        for name, setting in attrs.items():
            setattr(provider, name, setting)
        value = values[index % len(values)]
        expected = outcome(direct_dumps, provider, value, **options)
        assert outcome(provider.dumps, value, **options) == expected


@pytest.mark.speedups
def test_encoder_is_built_once_per_option_set(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[dict[str, t.Any]] = []

    class CountingEncoder(json.JSONEncoder):
        def __init__(self, **options: t.Any) -> None:
            built.append(options)
            super().__init__(**options)

    monkeypatch.setattr(json, "JSONEncoder", CountingEncoder)
    for _ in range(3):
        assert app.json.dumps({"b": 1, "a": [1]}) == '{"a": [1], "b": 1}'
        app.json.dumps([1], indent=2)
    assert len(built) == 2


def test_attribute_changes_after_first_call(app: flask.Flask) -> None:
    data = {"b": "é", "a": datetime.date(2020, 1, 2)}
    assert (
        app.json.dumps(data) == '{"a": "Thu, 02 Jan 2020 00:00:00 GMT", "b": "\\u00e9"}'
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    assert app.json.dumps(data) == '{"b": "é", "a": "Thu, 02 Jan 2020 00:00:00 GMT"}'
    app.json.default = lambda o: "custom"  # type: ignore[attr-defined]
    assert app.json.dumps(data) == '{"b": "é", "a": "custom"}'
    app.json.default = lambda o: "other"  # type: ignore[attr-defined]
    assert app.json.dumps(data) == '{"b": "é", "a": "other"}'
    del app.json.default  # type: ignore[attr-defined]
    del app.json.sort_keys  # type: ignore[attr-defined]
    assert app.json.dumps(data) == '{"a": "Thu, 02 Jan 2020 00:00:00 GMT", "b": "é"}'


def test_class_attribute_changes_after_first_call(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app.json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    monkeypatch.setattr(DefaultJSONProvider, "sort_keys", False)
    assert app.json.dumps({"b": 1, "a": 2}) == '{"b": 1, "a": 2}'


class TaggingProvider(DefaultJSONProvider):
    """A provider whose ``default`` is a method reading instance state."""

    label = "first"

    def default(self, o: t.Any) -> t.Any:  # type: ignore[override]
        return f"{self.label}:{type(o).__name__}"


@pytest.mark.speedups
def test_method_default_uses_its_own_instance(app: flask.Flask) -> None:
    first, second = TaggingProvider(app), TaggingProvider(app)
    second.label = "second"
    for _ in range(3):
        assert first.dumps([object()]) == '["first:object"]'
        assert second.dumps([object()]) == '["second:object"]'
    # Each read of ``first.default`` makes a new method object, yet the
    # encoder built for the first call serves the later ones.
    assert len(first.__dict__["_json_encoders"]) == 1
    first.label = "changed"
    assert first.dumps({1.5j}) == '"changed:set"'


def test_default_passed_per_call(app: flask.Flask) -> None:
    assert app.json.dumps(object, default=lambda o: 1) == "1"
    assert app.json.dumps(object, default=lambda o: 2) == "2"
    with pytest.raises(TypeError, match="not JSON serializable"):
        app.json.dumps(object(), default=None)


def test_unusual_options_go_to_json_dumps(app: flask.Flask) -> None:
    class Shouting(json.JSONEncoder):
        def encode(self, o: t.Any) -> str:
            return super().encode(o).upper()

    assert app.json.dumps(["a"], cls=Shouting) == '["A"]'
    assert app.json.dumps(["a"], cls=Shouting) == '["A"]'
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        app.json.dumps(["a"], bogus=True)


def test_list_separators_are_read_on_every_call(app: flask.Flask) -> None:
    separators = [",", ":"]
    assert app.json.dumps({"a": [1, 2]}, separators=separators) == '{"a":[1,2]}'
    separators[1] = "="
    assert app.json.dumps({"a": [1, 2]}, separators=separators) == '{"a"=[1,2]}'


def test_kept_encoders_are_bounded(app: flask.Flask) -> None:
    limit = quick._ENCODER_CACHE_LIMIT
    provider = app.json
    assert isinstance(provider, DefaultJSONProvider)
    for width in range(1000, 1000 + 3 * limit):
        indent = int(str(width))  # a new int object every time
        kept = quick.dumps(provider, [1], provider.default, {"indent": indent})
        assert kept == json.dumps([1], indent=indent)
    assert 0 < len(app.json.__dict__["_json_encoders"]) <= limit


def test_errors_leave_kept_encoder_usable(app: flask.Flask) -> None:
    loop: list[t.Any] = [1]
    loop.append(loop)
    for _ in range(2):
        with pytest.raises(ValueError, match="Circular reference"):
            app.json.dumps({"a": loop})
        with pytest.raises(ValueError, match="Out of range float"):
            app.json.dumps([math.nan], allow_nan=False)
        assert app.json.dumps({"a": [1, [1]]}) == '{"a": [1, [1]]}'


def test_default_may_encode_again(app: flask.Flask) -> None:
    class Wrapped:
        def __init__(self, inner: t.Any) -> None:
            self.inner = inner

    def nested(o: t.Any) -> t.Any:
        return app.json.dumps(o.inner) if isinstance(o, Wrapped) else str(o)

    app.json.default = nested  # type: ignore[attr-defined]
    value = Wrapped({"z": Wrapped([decimal.Decimal("1.5")])})
    assert app.json.dumps([value]) == '["{\\"z\\": \\"[\\\\\\"1.5\\\\\\"]\\"}"]'


def test_threads_share_kept_encoders(app: flask.Flask) -> None:
    data = {"k": list(range(50)), "u": uuid.UUID(int=7)}
    expected = direct_dumps(app.json, data)  # type: ignore[arg-type]
    results: list[str] = []

    def work() -> None:
        results.extend(app.json.dumps(data) for _ in range(200))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 800


@pytest.mark.parametrize("compact", [None, True, False])
@pytest.mark.parametrize("debug", [False, True])
def test_response_layout_follows_changes(
    app: flask.Flask, compact: bool | None, debug: bool
) -> None:
    data = {"b": [1, 2], "a": None}
    with app.app_context():
        flask.jsonify(data)  # a first call with the initial settings
        app.json.compact = compact  # type: ignore[attr-defined]
        app.debug = debug
        indented = compact is False or (compact is None and debug)
        layout: dict[str, t.Any] = (
            {"indent": 2} if indented else {"separators": (",", ":")}
        )
        expected = direct_dumps(app.json, data, **layout) + "\n"  # type: ignore[arg-type]
        assert flask.jsonify(data).get_data(as_text=True) == expected


# The tagged serializer.

tag_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    text,
    st.binary(max_size=6),
    text.map(Markup),
    text.map(Html),
    st.uuids(),
    st.datetimes(timezones=st.just(datetime.timezone.utc)),
)
tag_keys = st.one_of(text, st.sampled_from([" t", " di", " b", " m", "x__"]))
tag_values = st.recursive(
    tag_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(tag_keys, inner, max_size=3),
    ),
    max_leaves=20,
)


class TagStr(JSONTag):
    """Claims every string."""

    __slots__ = ()
    key = " s"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, str)

    def to_json(self, value: t.Any) -> t.Any:
        return value[::-1]

    def to_python(self, value: t.Any) -> t.Any:
        return value[::-1]


class TagNumber(JSONTag):
    """Claims ints, floats and booleans."""

    __slots__ = ()
    key = " n"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, (int, float))

    def to_json(self, value: t.Any) -> t.Any:
        return repr(value)

    def to_python(self, value: t.Any) -> t.Any:
        return value


class TagNone(TagBytes):
    """A subclass of a built-in tag that overrides ``check``."""

    __slots__ = ()
    key = " z"

    def check(self, value: t.Any) -> bool:
        return value is None

    def to_json(self, value: t.Any) -> t.Any:
        return 0


class TagOtherBytes(TagBytes):
    """A subclass that keeps the built-in ``check``."""

    __slots__ = ()
    key = " B"

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex()


def tagged_text(serializer: TaggedJSONSerializer, value: t.Any) -> str:
    """The tagged form as text, so ``True`` and ``1`` are told apart."""
    return json.dumps(serializer.tag(value), sort_keys=False)


def direct_tagged_text(serializer: TaggedJSONSerializer, value: t.Any) -> str:
    """Like :func:`tagged_text`, with the shortcut switched off for the
    whole walk."""
    original = TaggedJSONSerializer.tag
    TaggedJSONSerializer.tag = direct_tag  # type: ignore[method-assign]
    try:
        return json.dumps(serializer.tag(value), sort_keys=False)
    finally:
        TaggedJSONSerializer.tag = original  # type: ignore[method-assign]


def registered(*extra: tuple[type[JSONTag], int | None]) -> TaggedJSONSerializer:
    serializer = TaggedJSONSerializer()
    for tag_class, index in extra:
        serializer.register(tag_class, index=index)
    return serializer


SERIALIZERS = {
    "default": registered,
    "str first": lambda: registered((TagStr, 0)),
    "str last": lambda: registered((TagStr, None)),
    "number in the middle": lambda: registered((TagNumber, 3)),
    "check overridden in subclass": lambda: registered((TagNone, 1)),
    "check inherited": lambda: registered((TagOtherBytes, 0)),
}


@settings(max_examples=300, deadline=None)
@given(value=tag_values, name=st.sampled_from(sorted(SERIALIZERS)))
def test_tag_matches_asking_every_tag(value: t.Any, name: str) -> None:
    serializer = SERIALIZERS[name]()
    assert tagged_text(serializer, value) == direct_tagged_text(serializer, value)


round_trip_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    text,
    st.binary(max_size=6),
    text.map(Markup),
    st.uuids(),
    # HTTP dates keep whole seconds; two-digit years read back as 19xx.
    st.datetimes(
        min_value=datetime.datetime(1900, 1, 1),
        timezones=st.just(datetime.timezone.utc),
    ).map(lambda moment: moment.replace(microsecond=0)),
)
round_trip_values = st.recursive(
    round_trip_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(tag_keys, inner, max_size=3),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=round_trip_values)
def test_session_round_trip_unchanged(value: t.Any) -> None:
    serializer = TaggedJSONSerializer()
    text_form = serializer.dumps(value)
    original = TaggedJSONSerializer.tag
    TaggedJSONSerializer.tag = direct_tag  # type: ignore[method-assign]
    try:
        assert serializer.dumps(value) == text_form
    finally:
        TaggedJSONSerializer.tag = original  # type: ignore[method-assign]
    assert serializer.loads(text_form) == value


@pytest.mark.speedups
def test_shortcut_only_with_blind_tags() -> None:
    serializer = TaggedJSONSerializer()
    assert serializer._plain_safe_order == serializer.order
    serializer.register(TagOtherBytes, index=0)
    assert serializer._plain_safe_order == serializer.order
    serializer.register(TagStr)
    assert serializer._plain_safe_order is None


@pytest.mark.parametrize("index", [0, None])
def test_registered_str_tag_is_applied(index: int | None) -> None:
    serializer = registered((TagStr, index))
    assert serializer.tag("abc") == {" s": "cba"}
    assert serializer.tag({"k": ["ab", 1]}) == {"k": [{" s": "ba"}, 1]}
    assert serializer.loads(serializer.dumps({"k": "abc"})) == {"k": "abc"}


def test_forced_replacement_that_claims_plain_values() -> None:
    class ReplacingMarkup(TagStr):
        __slots__ = ()
        key = " m"

    serializer = TaggedJSONSerializer()
    serializer.register(ReplacingMarkup, force=True, index=0)
    assert serializer.tag("ab") == {" m": "ba"}


def test_order_changed_directly_is_respected() -> None:
    serializer = TaggedJSONSerializer()
    assert serializer.tag("ab") == "ab"
    serializer.order.insert(0, TagNumber(serializer))
    assert serializer.tag(5) == {" n": "5"}
    serializer.order[0] = TagStr(serializer)
    assert serializer.tag("ab") == {" s": "ba"}
    serializer.order = [TagNumber(serializer)]
    assert serializer.tag(True) == {" n": "True"}


def test_instance_level_check_is_respected() -> None:
    class OpenTag(TagBytes):
        """No ``__slots__``: instances may carry their own ``check``."""

        key = " o"

        def to_json(self, value: t.Any) -> t.Any:
            return str(value)

    serializer = TaggedJSONSerializer()
    serializer.register(OpenTag, index=0)
    assert serializer.tag("ab") == "ab"

    def claim_everything(value: t.Any) -> bool:
        return True

    serializer.order[0].check = claim_everything  # type: ignore[method-assign]
    serializer.register(TagOtherBytes)  # recomputes the record
    assert serializer.tag("ab") == {" o": "ab"}
    assert serializer.tag(None) == {" o": "None"}


def test_subclass_that_never_registers() -> None:
    class Bare(TaggedJSONSerializer):
        def __init__(self) -> None:
            self.tags = {}
            self.order = [TagStr(self)]

    serializer = Bare()
    assert serializer.tag("ab") == {" s": "ba"}
    assert serializer.tag(1) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Markup("<b>"), {" m": "<b>"}),
        (True, True),
        (None, None),
        (1.5, 1.5),
        (-(2**70), -(2**70)),
    ],
)
def test_default_serializer_values(value: t.Any, expected: t.Any) -> None:
    tagged = TaggedJSONSerializer().tag(value)
    assert tagged == expected
    assert type(tagged) is type(expected)


def test_str_subclass_with_html_is_still_tagged() -> None:
    class Marked(str):
        def __html__(self) -> str:
            return f"<i>{self}</i>"

    serializer = TaggedJSONSerializer()
    assert serializer.tag(Marked("x")) == {" m": "<i>x</i>"}
    assert serializer.tag([Marked("y"), "y"]) == [{" m": "<i>y</i>"}, "y"]
