"""Static URL matches remembered by :class:`flask._speedups.adapters.AdapterCache`
give what Werkzeug's matcher gives, whatever happens to the map."""

from __future__ import annotations

import random
import typing as t

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, MapAdapter, RequestRedirect, Rule
from werkzeug.test import Client

import flask
from flask._speedups import adapters as _adapters


def _bind(url_map: Map, path: str, method: str = "GET", **kwargs: t.Any) -> MapAdapter:
    return url_map.bind("example.org", path_info=path, default_method=method, **kwargs)


#: Werkzeug's own match, not counted by the ``counted`` fixture.
_WERKZEUG_MATCH = MapAdapter.match


def _werkzeug(url_map: Map, path: str, method: str = "GET") -> t.Any:
    try:
        rule, values = _WERKZEUG_MATCH(_bind(url_map, path, method), return_rule=True)
    except HTTPException as error:
        return type(error)
    return rule, dict(values)


def _ours(
    cache: _adapters.AdapterCache, url_map: Map, path: str, method: str = "GET"
) -> t.Any:
    try:
        return cache.match(_bind(url_map, path, method))
    except HTTPException as error:
        return type(error)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths that had to be matched (not answered from memory)."""
    asked: list[str] = []
    original = _adapters.match_url

    def match_url(adapter: MapAdapter) -> t.Any:
        asked.append(adapter.path_info)
        return original(adapter)

    monkeypatch.setattr(_adapters, "match_url", match_url)
    return asked


def test_static_matches_are_remembered(counted: list[str]) -> None:
    url_map = Map([Rule("/about", endpoint="about"), Rule("/u/<int:id>", endpoint="u")])
    cache = _adapters.AdapterCache()
    for _ in range(3):
        rule, values = cache.match(_bind(url_map, "/about"))
        assert (rule.endpoint, values) == ("about", {})
    assert counted == ["/about"]


def test_rules_with_variables_are_matched_every_time(counted: list[str]) -> None:
    url_map = Map(
        [
            Rule("/u/<int:id>", endpoint="u"),
            Rule("/p/", defaults={"n": 1}, endpoint="p"),
        ]
    )
    cache = _adapters.AdapterCache()
    for _ in range(2):
        assert cache.match(_bind(url_map, "/u/7"))[1] == {"id": 7}
        assert cache.match(_bind(url_map, "/p/"))[1] == {"n": 1}
    assert counted == ["/u/7", "/p/", "/u/7", "/p/"]


def test_each_call_gets_its_own_values_dict() -> None:
    url_map = Map([Rule("/about", endpoint="about")])
    cache = _adapters.AdapterCache()
    first = cache.match(_bind(url_map, "/about"))[1]
    first["changed"] = True
    assert cache.match(_bind(url_map, "/about"))[1] == {}


def test_errors_and_redirects_are_not_remembered(counted: list[str]) -> None:
    url_map = Map(
        [
            Rule("/only-post", endpoint="post", methods=["POST"]),
            Rule("/dir/", endpoint="dir"),
            Rule("/old", endpoint="old", redirect_to="/new"),
        ]
    )
    cache = _adapters.AdapterCache()
    for _ in range(2):
        for path in ("/only-post", "/dir", "/old", "/missing"):
            assert _ours(cache, url_map, path) == _werkzeug(url_map, path)
    assert _ours(cache, url_map, "/dir") is RequestRedirect
    assert len(counted) == 9


def test_rules_added_later_change_nothing_werkzeug_would_keep() -> None:
    url_map = Map([Rule("/a", endpoint="first")])
    cache = _adapters.AdapterCache()
    assert cache.match(_bind(url_map, "/a"))[0].endpoint == "first"
    url_map.add(Rule("/a", endpoint="second"))
    url_map.add(Rule("/<name>", endpoint="dynamic"))
    assert _ours(cache, url_map, "/a") == _werkzeug(url_map, "/a")
    assert cache.match(_bind(url_map, "/a"))[0].endpoint == "first"


def test_trailing_slash_allowance_is_asked_again(counted: list[str]) -> None:
    url_map = Map([Rule("/x/", endpoint="loose", strict_slashes=False)])
    cache = _adapters.AdapterCache()
    assert cache.match(_bind(url_map, "/x"))[0].endpoint == "loose"
    url_map.add(Rule("/x", endpoint="exact"))
    assert cache.match(_bind(url_map, "/x"))[0].endpoint == "exact"
    assert _ours(cache, url_map, "/x") == _werkzeug(url_map, "/x")


def test_methods_changed_in_place_are_noticed() -> None:
    rule = Rule("/m", endpoint="m", methods=["GET"])
    url_map = Map([rule])
    cache = _adapters.AdapterCache()
    assert cache.match(_bind(url_map, "/m"))[0] is rule
    rule.methods = {"POST"}
    assert _ours(cache, url_map, "/m") == _werkzeug(url_map, "/m")


def test_method_host_and_websocket_are_part_of_the_answer() -> None:
    url_map = Map(
        [
            Rule("/r", endpoint="get", methods=["GET"]),
            Rule("/r", endpoint="post", methods=["POST"]),
            Rule("/r", endpoint="ws", websocket=True),
        ]
    )
    cache = _adapters.AdapterCache()
    for method in ("GET", "POST", "GET", "post", "PUT"):
        assert _ours(cache, url_map, "/r", method) == _werkzeug(url_map, "/r", method)
    ws = url_map.bind("example.org", path_info="/r", url_scheme="ws")
    assert cache.match(ws)[0].endpoint == "ws"

    hosts = Map(
        [
            Rule("/h", endpoint="a", host="a.test"),
            Rule("/h", endpoint="b", host="b.test"),
        ],
        host_matching=True,
    )
    for host in ("a.test", "b.test", "a.test"):
        adapter = hosts.bind(host, path_info="/h")
        assert cache.match(adapter)[0].endpoint == host[0]


def test_remembered_matches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_adapters, "MAX_MATCHES", 5)
    url_map = Map([Rule(f"/s{number}", endpoint=f"s{number}") for number in range(20)])
    cache = _adapters.AdapterCache()
    for number in range(20):
        assert cache.match(_bind(url_map, f"/s{number}"))[0].endpoint == f"s{number}"
    assert len(cache._matches) == 5


def test_other_adapter_classes_match_themselves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    class OwnAdapter(MapAdapter):
        def match(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
            asked.append(self.path_info)
            return super().match(*args, **kwargs)

    url_map = Map([Rule("/about", endpoint="about")])
    adapter = _bind(url_map, "/about")
    own = OwnAdapter.__new__(OwnAdapter)
    vars(own).update(vars(adapter))
    cache = _adapters.AdapterCache()
    cache.match(own)
    cache.match(own)
    assert asked == ["/about", "/about"]


def test_random_maps_and_requests_agree_with_werkzeug() -> None:
    chooser = random.Random(20261122)
    words = ["a", "b", "c", ""]
    for _ in range(40):
        url_map = Map(strict_slashes=chooser.choice([True, False]))
        cache = _adapters.AdapterCache()
        for step in range(30):
            if chooser.random() < 0.3:
                path = "/" + "/".join(
                    chooser.choice(words) for _ in range(chooser.randint(1, 3))
                )
                if chooser.random() < 0.3:
                    path += "/<int:n>"
                methods = chooser.choice([None, ["GET"], ["POST"], ["GET", "POST"]])
                url_map.add(Rule(path, endpoint=f"e{step}", methods=methods))
            else:
                path = "/" + "/".join(
                    chooser.choice(words + ["7"]) for _ in range(chooser.randint(0, 3))
                )
                method = chooser.choice(["GET", "POST", "HEAD"])
                assert _ours(cache, url_map, path, method) == _werkzeug(
                    url_map, path, method
                )


def test_the_app_routes_repeated_requests_as_before(
    app: flask.Flask, client: Client
) -> None:
    @app.route("/")
    def index() -> str:
        return f"{flask.request.endpoint} {flask.request.view_args}"

    @app.route("/user/<int:user_id>")
    def user(user_id: int) -> str:
        return f"user {user_id} {flask.request.view_args}"

    for _ in range(3):
        assert client.get("/").text == "index {}"
        assert client.get("/user/5").text == "user 5 {'user_id': 5}"
        assert client.post("/").status_code == 405
