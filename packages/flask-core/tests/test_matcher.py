"""flask._speedups.matcher gives exactly what Werkzeug's ``MapAdapter.match`` gives:
the same rule and values, or the same error, for random maps and URLs."""

from __future__ import annotations

import contextlib
import importlib.metadata
import random
import typing as t

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map, MapAdapter, Rule, ValidationError

import flask._speedups as speedups
from flask._speedups import matcher as _matcher

WERKZEUG_MATCH = MapAdapter.match


def walk(adapter: MapAdapter, return_rule: bool) -> t.Any:
    """``match_url`` with the signature of ``MapAdapter.match``."""
    assert return_rule
    return _matcher.match_url(adapter)


class CountingConverter(BaseConverter):
    """Lower-case words; refuses "no" after its regular expression matched,
    and counts its calls so that no value is converted twice."""

    regex = "[a-z]+"
    calls = 0

    def to_python(self, value: str) -> t.Any:
        CountingConverter.calls += 1
        if value == "no":
            raise ValidationError()
        return value.upper()


def outcome(match: t.Callable[..., t.Any], adapter: MapAdapter) -> t.Any:
    """A comparable picture of a match: rule and values, or the error, and
    how many conversions it took."""
    before = CountingConverter.calls
    try:
        rule, values = match(adapter, return_rule=True)
    except HTTPException as error:
        details: t.Any = None
        if hasattr(error, "new_url"):
            details = error.new_url
        elif getattr(error, "valid_methods", None) is not None:
            details = list(error.valid_methods)  # the order of Allow
        result: t.Any = (type(error).__name__, details)
    else:
        result = (rule, dict(values))
    return result, CountingConverter.calls - before


SEGMENTS = ["a", "b", "users", "7", "", "x.y"]
CONVERTERS = [
    "<int:n>",
    "<name>",
    "<path:rest>",
    "<any(a, b):pick>",
    "<float:f>",
    "<word:w>",
    "<int(signed=True):s>",
    "v<int:n>",
    "<name>.json",
]
METHODS: list[t.Any] = [None, ["GET"], ["POST"], ["GET", "POST"]]


def random_rule(chooser: random.Random, number: int, host_matching: bool) -> Rule:
    pieces = []
    used: set[str] = set()
    for _ in range(chooser.randint(0, 3)):
        if chooser.random() < 0.4:
            converter = chooser.choice(CONVERTERS)
            variable = converter.split(":")[-1].split(">")[0]
            if (
                variable in used
                or "path" in converter
                and pieces
                and "path" in pieces[-1]
            ):
                continue
            used.add(variable)
            pieces.append(converter)
        else:
            pieces.append(chooser.choice(SEGMENTS[:-1]))
    path = "/" + "/".join(pieces)
    if chooser.random() < 0.3 and not path.endswith("/"):
        path += "/"
    options: dict[str, t.Any] = {
        "endpoint": f"e{number % 7}",
        "methods": chooser.choice(METHODS),
        "strict_slashes": chooser.choice([True, True, False]),
        "websocket": chooser.random() < 0.1,
    }
    if options["websocket"]:
        options["methods"] = None
    if chooser.random() < 0.1:
        options["merge_slashes"] = False
    if chooser.random() < 0.15:
        options["defaults"] = {"page": chooser.choice([1, 2])}
    if chooser.random() < 0.05:
        options["redirect_to"] = "/elsewhere"
    if chooser.random() < 0.05:
        options["alias"] = True
    if host_matching:
        options["host"] = chooser.choice(["example.org", "<sub>.example.org"])
    elif chooser.random() < 0.1:
        options["subdomain"] = chooser.choice(["api", "<tenant>"])
    return Rule(path, **options)


def random_path(chooser: random.Random) -> str:
    parts = [
        chooser.choice([*SEGMENTS, "no", "yes", "3.5", "-4", "a//b", "é", "%41"])
        for _ in range(chooser.randint(0, 4))
    ]
    path = "/" + "/".join(parts)
    if chooser.random() < 0.1:
        path = "/" + path
    return path


def build_map(chooser: random.Random) -> Map:
    host_matching = chooser.random() < 0.15
    url_map = Map(
        strict_slashes=chooser.choice([True, False]),
        merge_slashes=chooser.choice([True, False]),
        redirect_defaults=chooser.choice([True, False]),
        host_matching=host_matching,
        converters={"word": CountingConverter},
    )
    for number in range(chooser.randint(1, 25)):
        with contextlib.suppress(ValueError):  # a combination Werkzeug refuses
            url_map.add(random_rule(chooser, number, host_matching))
    return url_map


def adapter_for(url_map: Map, chooser: random.Random, path: str) -> MapAdapter:
    if url_map.host_matching:
        server_name = chooser.choice(["example.org", "api.example.org", "other.test"])
        subdomain = None
    else:
        server_name = "example.org"
        subdomain = chooser.choice(["", "api", "acme", None])
    return url_map.bind(
        server_name,
        script_name="/root",
        subdomain=subdomain,
        url_scheme=chooser.choice(["http", "http", "ws"]),
        path_info=path,
        default_method=chooser.choice(["GET", "POST", "get", "PUT"]),
        query_args=chooser.choice([None, "q=1"]),
    )


@pytest.mark.parametrize("seed", range(12))
def test_random_maps_match_as_with_werkzeug(seed: int) -> None:
    chooser = random.Random(seed)
    walked = 0
    for _ in range(60):
        url_map = build_map(chooser)
        for _ in range(40):
            adapter = adapter_for(url_map, chooser, random_path(chooser))
            if _matcher.can_walk(adapter):
                walked += 1
            ours = outcome(walk, adapter)
            theirs = outcome(WERKZEUG_MATCH, adapter)
            assert ours == theirs, (adapter.path_info, list(url_map.iter_rules()))
    assert walked > 0


def test_successful_walks_do_not_ask_werkzeug(monkeypatch: pytest.MonkeyPatch) -> None:
    url_map = Map(
        [
            Rule("/users/<int:user_id>/posts/<slug>", endpoint="post"),
            Rule("/files/<path:name>", endpoint="file"),
            Rule("/v<int:version>/items/", endpoint="items", strict_slashes=False),
        ]
    )

    def refuse(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise AssertionError("Werkzeug's match was used")

    adapter = url_map.bind("example.org", path_info="/users/42/posts/hello")
    assert _matcher.can_walk(adapter)
    monkeypatch.setattr(MapAdapter, "match", refuse)
    assert _matcher.match_url(adapter)[1] == {"user_id": 42, "slug": "hello"}
    adapter.path_info = "/files/a/b/c.txt"
    assert _matcher.match_url(adapter)[1] == {"name": "a/b/c.txt"}
    adapter.path_info = "/v2/items"
    assert _matcher.match_url(adapter)[1] == {"version": 2}


def test_only_redirects_and_doubled_slashes_are_left_to_werkzeug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url_map = Map(
        [
            Rule("/dir/", endpoint="dir"),
            Rule("/n/<int:n>", endpoint="n"),
            Rule("/p", endpoint="p", methods=["POST"]),
        ]
    )
    asked: list[str] = []

    def counted(self: MapAdapter, *args: t.Any, **kwargs: t.Any) -> t.Any:
        asked.append(self.path_info)
        return WERKZEUG_MATCH(self, *args, **kwargs)

    monkeypatch.setattr(MapAdapter, "match", counted)
    expected = {
        "/dir": "RequestRedirect",
        "/missing": "NotFound",
        "/n/x": "NotFound",
        "/p": "MethodNotAllowed",
        "//n//5": "RequestRedirect",
    }
    for path, error in expected.items():
        adapter = url_map.bind("example.org", path_info=path)
        with pytest.raises(HTTPException) as raised:
            _matcher.match_url(adapter)
        assert type(raised.value).__name__ == error
    assert asked == ["/dir", "//n//5"]


def test_converters_run_once_per_match() -> None:
    url_map = Map(
        [
            Rule("/w/<word:w>", endpoint="w", methods=["POST"]),
            Rule("/w/<word:w>", endpoint="g"),
        ],
        converters={"word": CountingConverter},
    )
    for path in ("/w/yes", "/w/no"):
        adapter = url_map.bind("example.org", path_info=path)
        ours = outcome(walk, adapter)
        theirs = outcome(WERKZEUG_MATCH, adapter)
        assert ours == theirs
        assert ours[1] == 1
    assert ours[0] == ("MethodNotAllowed", ["POST"])


def test_the_werkzeug_version_is_read_from_its_record() -> None:
    assert speedups._installed_version("werkzeug") == importlib.metadata.version(
        "werkzeug"
    )


def test_other_werkzeug_releases_are_not_walked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    adapter = Map([Rule("/", endpoint="i")]).bind("example.org", path_info="/")
    assert _matcher.can_walk(adapter)
    monkeypatch.setattr(speedups, "_installed_version", lambda project: "3.2.0")
    speedups.forget_verdicts()
    try:
        assert not _matcher.can_walk(adapter)
    finally:
        monkeypatch.undo()
        speedups.forget_verdicts()
    assert _matcher.can_walk(adapter)


CORPUS_RULES = [
    Rule("/", endpoint="index"),
    Rule("/files/<path:name>", endpoint="file"),
    Rule("/files/<path:name>/", endpoint="file_dir"),
    Rule("/docs/<path:page>/edit", endpoint="edit"),
    Rule("/static/<path:name>", endpoint="static", strict_slashes=False),
    Rule("/loose/", endpoint="loose", strict_slashes=False),
    Rule("/strict/", endpoint="strict"),
    Rule("/n/<int:n>", endpoint="n"),
    Rule("/n/<int:n>/", endpoint="n_slash", methods=["POST"]),
    Rule("/n/latest", endpoint="latest"),
    Rule("/page/", endpoint="pages", defaults={"num": 1}),
    Rule("/page/<int:num>", endpoint="pages"),
    Rule("/pick/<any(red, blue):colour>", endpoint="pick"),
    Rule("/mixed/v<int:major>.<int:minor>", endpoint="version"),
    Rule("/ws", endpoint="ws", websocket=True),
    Rule("/ws", endpoint="ws_http", methods=["POST"]),
    Rule("/old/<int:n>", endpoint="old", redirect_to="/n/<n>"),
    Rule("/alias", endpoint="index", alias=True),
]

CORPUS_PATHS = [
    "/",
    "",
    "/files/a",
    "/files/a/b/c",
    "/files/a/b/",
    "/files/",
    "/docs/a/b/edit",
    "/docs/a/b/edit/",
    "/static/x/y",
    "/static/x/y/",
    "/loose",
    "/loose/",
    "/strict",
    "/strict/",
    "/n/5",
    "/n/5/",
    "/n/latest",
    "/n/latest/",
    "/n/-1",
    "/page/",
    "/page/1",
    "/page/2",
    "/pick/red",
    "/pick/green",
    "/mixed/v1.2",
    "/mixed/v1.x",
    "/ws",
    "/old/3",
    "/alias",
    "//n//5",
    "/files//a",
]


@pytest.mark.parametrize("path", CORPUS_PATHS)
@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
@pytest.mark.parametrize("scheme", ["http", "ws"])
def test_corpus_matches_as_with_werkzeug(path: str, method: str, scheme: str) -> None:
    url_map = Map([rule.empty() for rule in CORPUS_RULES])
    adapter = url_map.bind(
        "example.org", path_info=path, default_method=method, url_scheme=scheme
    )
    assert _matcher.can_walk(adapter)
    ours = outcome(walk, adapter)
    theirs = outcome(WERKZEUG_MATCH, adapter)
    assert ours == theirs
