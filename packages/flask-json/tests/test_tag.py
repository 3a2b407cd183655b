"""``flask.json.tag``: the tagged serializer used for session data."""

from __future__ import annotations

import datetime
import typing as t
import uuid

import pytest
from markupsafe import Markup

import flask
from flask.json.tag import (
    JSONTag,
    PassDict,
    PassList,
    TagBytes,
    TagDateTime,
    TagDict,
    TaggedJSONSerializer,
    TagMarkup,
    TagTuple,
    TagUUID,
)


@pytest.fixture
def serializer() -> TaggedJSONSerializer:
    return TaggedJSONSerializer()


@pytest.mark.parametrize(
    "value",
    [
        {" t": (1, 2)},
        {" t__": b"x"},
        {" di": " di"},
        {"x": (1, 2, {" u": b"\xff"})},
        (1, 2, 3),
        b"\x00\xffbinary",
        Markup("<p>safe</p>"),
        uuid.uuid4(),
        datetime.datetime(2021, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc),
        [(1,), [b"a"], {"k": ("v",)}],
        {"plain": [1, "two", None, True, 1.5]},
        "just text",
        42,
        None,
    ],
)
def test_round_trip(serializer: TaggedJSONSerializer, value: t.Any) -> None:
    assert serializer.loads(serializer.dumps(value)) == value


def test_loaded_types(serializer: TaggedJSONSerializer) -> None:
    loaded = serializer.loads(serializer.dumps([Markup("<b>"), (1,), b"z"]))
    assert type(loaded[0]) is Markup
    assert type(loaded[1]) is tuple
    assert type(loaded[2]) is bytes


def test_tagged_forms(serializer: TaggedJSONSerializer) -> None:
    value = uuid.UUID(int=255)
    assert serializer.tag((1, b"a")) == {" t": [1, {" b": "YQ=="}]}
    assert serializer.tag(value) == {" u": value.hex}
    assert serializer.tag(Markup("<i>")) == {" m": "<i>"}
    assert serializer.tag(
        datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    ) == {" d": "Wed, 01 Jan 2020 00:00:00 GMT"}
    # A dict that looks like a tag is wrapped and its key marked.
    assert serializer.tag({" t": 1}) == {" di": {" t__": 1}}
    # Other dicts and lists are walked without a marker.
    assert serializer.tag({"a": [(1,)]}) == {"a": [{" t": [1]}]}


def test_dumps_is_compact(serializer: TaggedJSONSerializer) -> None:
    # Outside an app context the standard library keeps insertion order.
    assert serializer.dumps({"b": (1,), "a": 1}) == '{"b":{" t":[1]},"a":1}'


def test_dumps_uses_app_provider_in_app_context(
    serializer: TaggedJSONSerializer,
) -> None:
    app = flask.Flask("tag")
    with app.app_context():
        assert serializer.dumps({"b": 1, "a": 2}) == '{"a":2,"b":1}'
        app.json.sort_keys = False  # type: ignore[attr-defined]
        assert serializer.dumps({"b": 1, "a": 2}) == '{"b":1,"a":2}'


def test_untag_leaves_ordinary_dicts(serializer: TaggedJSONSerializer) -> None:
    assert serializer.untag({"a": 1, "b": 2}) == {"a": 1, "b": 2}
    assert serializer.untag({"unknown": 1}) == {"unknown": 1}
    assert serializer.untag({" t": [1]}) == (1,)


def test_untag_scan_restores_inner_values_first(
    serializer: TaggedJSONSerializer,
) -> None:
    data = {" t": [{" b": "YQ=="}, [{" t": []}]]}
    assert serializer._untag_scan(data) == (b"a", [()])


def test_default_tags_and_order(serializer: TaggedJSONSerializer) -> None:
    assert TaggedJSONSerializer.default_tags == [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]
    assert [type(tag) for tag in serializer.order] == serializer.default_tags
    assert sorted(serializer.tags) == [" b", " d", " di", " m", " t", " u"]
    assert all(tag.serializer is serializer for tag in serializer.order)


def test_duplicate_key_is_rejected(serializer: TaggedJSONSerializer) -> None:
    class OtherTuple(TagTuple):
        __slots__ = ()

    with pytest.raises(KeyError, match="Tag ' t' is already registered."):
        serializer.register(OtherTuple)
    serializer.register(OtherTuple, force=True)
    assert type(serializer.tags[" t"]) is OtherTuple


def test_tags_without_key_can_repeat(serializer: TaggedJSONSerializer) -> None:
    serializer.register(PassList)
    assert len(serializer.order) == len(serializer.default_tags) + 1


class TagOrderedDict(JSONTag):
    __slots__ = ()
    key = " od"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, OrderedThing)

    def to_json(self, value: t.Any) -> t.Any:
        return [[k, self.serializer.tag(v)] for k, v in value.items()]

    def to_python(self, value: t.Any) -> t.Any:
        return OrderedThing(value)


class OrderedThing(dict[str, t.Any]):
    pass


def test_register_with_index_goes_before_base_type(
    serializer: TaggedJSONSerializer,
) -> None:
    thing = OrderedThing(z=1, a=(2,))
    serializer.register(TagOrderedDict)
    # Appended last, PassDict claims the dict subclass first.
    assert type(serializer.loads(serializer.dumps(thing))) is dict

    fresh = TaggedJSONSerializer()
    fresh.register(TagOrderedDict, index=0)
    assert fresh.order[0].key == " od"
    loaded = fresh.loads(fresh.dumps(thing))
    assert type(loaded) is OrderedThing
    assert loaded == {"z": 1, "a": (2,)}


def test_custom_tag_class() -> None:
    class Temperature:
        def __init__(self, degrees: float) -> None:
            self.degrees = degrees

    class TagTemperature(JSONTag):
        __slots__ = ()
        key = " temp"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, Temperature)

        def to_json(self, value: t.Any) -> t.Any:
            return value.degrees

        def to_python(self, value: t.Any) -> t.Any:
            return Temperature(value)

    serializer = TaggedJSONSerializer()
    serializer.register(TagTemperature)
    text = serializer.dumps({"now": Temperature(21.5)})
    assert text == '{"now":{" temp":21.5}}'
    assert serializer.loads(text)["now"].degrees == 21.5


def test_base_tag_is_abstract(serializer: TaggedJSONSerializer) -> None:
    tag = JSONTag(serializer)
    for method in (tag.check, tag.to_json, tag.to_python):
        with pytest.raises(NotImplementedError):
            method(1)
    assert JSONTag.key == ""
    with pytest.raises(AttributeError):
        tag.other = 1  # type: ignore[attr-defined]


def test_datetime_loses_sub_second_precision(serializer: TaggedJSONSerializer) -> None:
    value = datetime.datetime(2022, 1, 1, 1, 1, 1, 999, tzinfo=datetime.timezone.utc)
    assert serializer.loads(serializer.dumps(value)) == value.replace(microsecond=0)
