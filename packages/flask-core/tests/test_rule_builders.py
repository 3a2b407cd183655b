"""flask._speedups.rule_builders adds rules whose URL builders are compiled on first
use, and building URLs with them gives exactly what Werkzeug's rules, added
with ``Map.add``, give: the same URLs, the same errors, the same builders."""

from __future__ import annotations

import random
import typing as t

import pytest
from werkzeug.routing import BuildError, Map, Rule

import flask
from flask._speedups import InheritedUnchanged
from flask._speedups import rule_builders as _rule_builders
from flask._speedups.rule_builders import add_rule


@pytest.fixture(autouse=True)
def shortcut_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is what these tests check, whatever the switch says."""
    monkeypatch.setattr(_rule_builders, "ENABLED", True)


PIECES = [
    "static",
    "a b",
    "ünï",
    "<int:number>",
    "<name>",
    "<path:rest>",
    "<any(red, blue):colour>",
    "<float:ratio>",
    "<uuid:ident>",
    "<int(signed=True):offset>",
    "v<int:version>",
    "<slug>.json",
    "<rule>",
    "<self>",
    "<None>",
    "<__debug__>",
    "<class>",
]
VALUES: dict[str, list[t.Any]] = {
    "number": [7, "7", -1, "x"],
    "name": ["bob", "a/b", "é ?", 3],
    "rest": ["a/b/c", "", "x y"],
    "colour": ["red", "green"],
    "ratio": [1.5, 2],
    "ident": ["12345678-1234-5678-1234-567812345678", "not-a-uuid"],
    "offset": [-3, 4],
    "version": [2],
    "slug": ["post"],
    "rule": ["r"],
    "self": ["s"],
    "None": ["n"],
    "__debug__": ["d"],
    "class": ["c"],
    "extra": ["1", ["2", "3"]],
    "sub": ["api"],
}


def rule_specs(chooser: random.Random, host_matching: bool) -> list[dict[str, t.Any]]:
    """Arguments of random rules (some with defaults, which are never
    deferred, and some Werkzeug refuses)."""
    specs = []
    for number in range(chooser.randint(1, 12)):
        pieces = [chooser.choice(PIECES) for _ in range(chooser.randint(0, 3))]
        options: dict[str, t.Any] = {
            "string": "/" + "/".join(pieces) + chooser.choice(["", "/"]),
            "endpoint": f"e{number % 4}",
            "methods": chooser.choice([None, ["GET"], ["POST", "PUT"]]),
        }
        if chooser.random() < 0.15:
            options["defaults"] = {"page": 1}
        if chooser.random() < 0.1:
            options["merge_slashes"] = False
        if host_matching:
            options["host"] = chooser.choice(["example.org", "<sub>.example.org"])
        elif chooser.random() < 0.2:
            options["subdomain"] = chooser.choice(["api", "<sub>"])
        specs.append(options)
    return specs


def make_map(specs: list[dict[str, t.Any]], host_matching: bool, deferred: bool) -> Map:
    """A map of the rules of ``specs``, added by ``add_rule`` or by Werkzeug."""
    url_map = Map(host_matching=host_matching)
    for options in specs:
        rule = Rule(**options)
        try:
            add_rule(url_map, rule) if deferred else url_map.add(rule)
        except (ValueError, SyntaxError) as error:  # a rule Werkzeug refuses
            options["refused"] = (type(error), str(error))
    return url_map


def outcome(
    url_map: Map, endpoint: str, values: dict[str, t.Any], **kwargs: t.Any
) -> t.Any:
    """What building a URL gives: the URL or the error."""
    server = "example.org" if url_map.host_matching else "example.org"
    adapter = url_map.bind(server, subdomain=None if url_map.host_matching else "")
    try:
        return adapter.build(endpoint, values, **kwargs)
    except (BuildError, ValueError, TypeError) as error:
        return type(error).__name__, str(error)


@pytest.mark.parametrize("seed", range(20))
def test_random_rules_build_as_with_werkzeug(seed: int) -> None:
    chooser = random.Random(seed)
    host_matching = chooser.random() < 0.2
    specs = rule_specs(chooser, host_matching)
    ours = [dict(options) for options in specs]
    deferred = make_map(ours, host_matching, deferred=True)
    reference = make_map(specs, host_matching, deferred=False)
    assert ours == specs  # the same rules refused, with the same errors
    assert [str(rule) for rule in deferred.iter_rules()] == [
        str(rule) for rule in reference.iter_rules()
    ]
    for _ in range(60):
        endpoint = f"e{chooser.randrange(4)}"
        names = chooser.sample(sorted(VALUES), chooser.randint(0, 5))
        values = {name: chooser.choice(VALUES[name]) for name in names}
        options = {
            "method": chooser.choice([None, "GET", "POST"]),
            "append_unknown": chooser.choice([True, False]),
            "force_external": chooser.choice([True, False]),
        }
        assert outcome(deferred, endpoint, values, **options) == outcome(
            reference, endpoint, values, **options
        )


def compiled_rule(string: str, deferred: bool, **options: t.Any) -> Rule:
    rule = Rule(string, endpoint="page", **options)
    if deferred:
        add_rule(Map(), rule)
    else:
        Map([rule])
    return rule


def builder_picture(builder: t.Any) -> tuple[t.Any, ...]:
    """What tells two compiled builders apart: their code and binding."""
    code = builder.__func__.__code__
    return (
        code.co_filename,
        code.co_name,
        code.co_varnames,
        code.co_code,
        code.co_consts,
        builder.__func__.__defaults__,
    )


def test_first_use_puts_werkzeugs_builder_in_place() -> None:
    rule = compiled_rule("/users/<int:user_id>/<slug>", deferred=True)
    reference = compiled_rule("/users/<int:user_id>/<slug>", deferred=False)
    assert rule.build({"user_id": 3, "slug": "x", "q": "1"}) == ("", "/users/3/x?q=1")
    assert rule.build({"user_id": 3, "slug": "x"}, append_unknown=False) == (
        "",
        "/users/3/x",
    )
    for attribute in ("_build", "_build_unknown"):
        builder = vars(rule)[attribute]
        assert builder.__self__ is rule
        assert builder_picture(builder) == builder_picture(
            getattr(reference, attribute)
        )
    assert "_compile_builder" not in vars(rule)


def test_builders_are_compiled_only_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[bool] = []
    original = Rule._compile_builder

    def counting(self: Rule, append_unknown: bool = True) -> t.Any:
        compiled.append(append_unknown)
        return original(self, append_unknown)

    monkeypatch.setattr(Rule, "_compile_builder", counting)
    monkeypatch.setattr(
        _rule_builders,
        "_PLAIN_RULES",
        InheritedUnchanged(Rule, ("bind", "compile"), project="werkzeug"),
    )
    rule = compiled_rule("/<name>", deferred=True)
    assert compiled == []
    rule.build({"name": "a"})
    rule.build({"name": "b"})
    assert compiled == [True]


def test_a_variable_may_be_called_rule() -> None:
    rule = compiled_rule("/<rule>/<self>", deferred=True)
    assert rule.build({"rule": "a", "self": "b"}) == ("", "/a/b")


def test_errors_of_builders_are_werkzeugs() -> None:
    errors = []
    for deferred in (True, False):
        rule = compiled_rule("/<int:number>", deferred=deferred)
        for values in ({"number": "x"}, {}):
            with pytest.raises((ValueError, TypeError)) as raised:
                rule.build(values)
            errors.append((type(raised.value), str(raised.value)))
    assert errors[:2] == errors[2:]


@pytest.mark.parametrize(
    "string",
    [
        "/<int:number",
        "/<unknown:x>",
        "/<a>/<int:a>",
        "/<path:rest>/<path:rest>",
        "/<None>",
        "/<True>",
        "/<__debug__>",
    ],
)
def test_refused_rules_are_refused_alike(string: str) -> None:
    with pytest.raises(Exception) as theirs:
        Map([Rule(string, endpoint="e")])
    rule = Rule(string, endpoint="e")
    with pytest.raises(type(theirs.value)) as ours:
        add_rule(Map(), rule)
    assert str(ours.value) == str(theirs.value)
    assert "_compile_builder" not in vars(rule)


class OwnBuilders(Rule):
    def _compile_builder(self, append_unknown: bool = True) -> t.Any:
        return super()._compile_builder(append_unknown)


class OwnAdd(Map):
    added: list[Rule] = []

    def add(self, rulefactory: t.Any) -> None:
        OwnAdd.added.append(rulefactory)
        super().add(rulefactory)


def is_deferred(rule: Rule, attribute: str = "_build") -> bool:
    """Whether the builder in ``attribute`` of ``rule`` is still a stand-in."""
    builder = vars(rule)[attribute]
    return builder.__func__.__code__.co_filename != "<werkzeug routing>"


def test_werkzeug_compiles_at_once_where_a_stand_in_could_show() -> None:
    assert is_deferred(compiled_rule("/<name>", deferred=True))
    # A default is converted while the builder is compiled.
    assert not is_deferred(compiled_rule("/<name>", deferred=True, defaults={"x": 1}))
    # A rule class of its own.
    own = OwnBuilders("/<name>", endpoint="e")
    add_rule(Map(), own)
    assert not is_deferred(own)
    # A map class adding rules its own way.
    rule = Rule("/<name>", endpoint="e")
    add_rule(OwnAdd(), rule)
    assert OwnAdd.added == [rule] and not is_deferred(rule)


def test_the_switch_turns_the_stand_ins_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_rule_builders, "ENABLED", False)
    assert not is_deferred(compiled_rule("/<name>", deferred=True))


def test_apps_add_rules_with_stand_ins(app: flask.Flask) -> None:
    app.add_url_rule("/users/<int:user_id>", "user", lambda user_id: "")
    (rule,) = app.url_map.iter_rules("user")
    assert is_deferred(rule, "_build_unknown")
    with app.test_request_context():
        assert flask.url_for("user", user_id=4, tab="a") == "/users/4?tab=a"
        assert flask.url_for("static", filename="x.css") == "/static/x.css"
    assert not is_deferred(rule, "_build_unknown")
    assert is_deferred(rule, "_build")  # (url_for appends unknown values)
