"""The quicker render of :mod:`flask._speedups.rendering` gives exactly what
``template.render(context)`` gives, and leaves to Jinja what it was not
written for."""

from __future__ import annotations

import typing as t
from collections import ChainMap, OrderedDict

import jinja2
import markupsafe
import pytest

import flask
from flask._speedups import rendering as _render_speedups
from flask._speedups import verified
from flask._speedups.rendering import NOT_TAKEN, quick_escape

#: Whether the installed Jinja and MarkupSafe are the releases the shortcut
#: copies (the lowest-versions run installs MarkupSafe 2.1, where it steps
#: aside: see test_left_to_jinja_with_other_releases).
RELEASES_VERIFIED = (
    verified("jinja2")
    and verified("markupsafe")
    and _render_speedups._escape_inner is not None
)

#: For tests that compare the shortcut, when taken, with Jinja's render.
needs_verified_releases = pytest.mark.skipif(
    not RELEASES_VERIFIED,
    reason="the shortcut is only taken with Jinja 3.1 and MarkupSafe 3.0",
)


@pytest.fixture(autouse=True)
def shortcut_on(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut is compared with Jinja whether or not the test run
    switched the speedups off (``MODULAR_FLASK_NO_SPEEDUPS``); the tests
    of the switch itself see it as the run set it."""
    if "switch" not in request.node.name:
        monkeypatch.setattr(_render_speedups, "ENABLED", True)
        monkeypatch.setattr(_render_speedups, "_verified", None)


class Html:
    def __html__(self) -> str:
        return "<b>html</b>"


class Count(int):
    def __str__(self) -> str:
        return "<count>"


class Text(str):
    pass


VALUES: list[t.Any] = [
    "",
    "plain",
    "<a href='x'>&\"</a>",
    "ünïcødé <>",
    0,
    -42,
    10**30,
    True,
    False,
    None,
    3.5,
    Count(7),
    Text("<sub>"),
    markupsafe.Markup("<i>safe</i>"),
    Html(),
    ["<list>"],
    {"<key>": 1},
]


@needs_verified_releases
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_quick_escape_is_markupsafes_escape(value: t.Any) -> None:
    quick = quick_escape(value)
    reference = markupsafe.escape(value)
    assert type(quick) is type(reference) is markupsafe.Markup
    assert str.__str__(quick) == str.__str__(reference)


TEMPLATES = [
    "{{ value }}",
    "{{ value|e }} {{ value|safe }} {{ value|string }}",
    "{% for item in items %}<li class='{{ loop.cycle('a', 'b') }}'>{{ item.name }}:"
    " {{ item.price }}</li>{% endfor %}",
    "{% autoescape false %}{{ value }}{% endautoescape %}{{ value }}",
    "{{ range(3)|list }} {{ config.get('NAME') }} {{ shadowed }} {{ missing }}",
    "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(value) }}{% set y = value %}{{ y }}",
]


def _environments() -> list[jinja2.Environment]:
    app = flask.Flask(__name__)
    app.config["NAME"] = "<name>"
    app.jinja_env.globals["shadowed"] = "environment"
    return [app.jinja_env, jinja2.Environment(autoescape=True), jinja2.Environment()]


@needs_verified_releases
@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_render_is_template_render(source: str, value: t.Any) -> None:
    for environment in _environments():
        template = environment.from_string(source, globals={"shadowed": "template"})
        context = {
            "value": value,
            "items": [{"name": f"<{n}>", "price": n} for n in range(4)],
            "config": {"NAME": "<name>"},
        }
        expected = template.render(dict(context))
        assert _render_speedups.render(template, dict(context)) == expected
        # Rendering again (now with the quick escape in place) is the same,
        # and so is Jinja's own render of the template.
        assert _render_speedups.render(template, dict(context)) == expected
        assert template.render(dict(context)) == expected


def test_globals_merge_as_chainmap_copies() -> None:
    app = flask.Flask(__name__)
    app.jinja_env.globals.update(first=1, shadowed="environment")
    template = app.jinja_env.from_string("x", globals={"shadowed": "own", "last": 2})
    merged = _render_speedups._merged(template.globals)
    reference = dict(template.globals)
    assert merged == reference
    assert list(merged or {}) == list(reference)


def test_flask_render_template_string_is_jinjas_render() -> None:
    app = flask.Flask(__name__)
    source = "{{ request.path }} {{ g.x }} {{ value }}"
    with app.test_request_context("/p<"):
        flask.g.x = "<g>"
        rendered = flask.render_template_string(source, value="<v>")
        template = app.jinja_env.from_string(source)
        context = {"value": "<v>"}
        app.update_template_context(context)
        assert rendered == template.render(context)
    assert rendered == "/p&lt; &lt;g&gt; &lt;v&gt;"


@needs_verified_releases
def test_errors_are_jinjas() -> None:
    environment = jinja2.Environment()
    template = environment.from_string("{{ 1 // value }}")
    with pytest.raises(ZeroDivisionError):
        template.render({"value": 0})
    with pytest.raises(ZeroDivisionError):
        _render_speedups.render(template, {"value": 0})
    # dict(globals, **vars) refuses keys that are not strings: so does render.
    with pytest.raises(TypeError):
        template.render({1: 2})
    with pytest.raises(TypeError):
        _render_speedups.render(template, {1: 2})


class OwnTemplate(jinja2.Template):
    pass


def test_left_to_jinja() -> None:
    environment = jinja2.Environment()
    environment.template_class = OwnTemplate
    assert _render_speedups.render(environment.from_string("x"), {}) is NOT_TAKEN

    async_environment = jinja2.Environment(enable_async=True)
    assert _render_speedups.render(async_environment.from_string("x"), {}) is NOT_TAKEN

    template = jinja2.Environment().from_string("{{ a }}")
    template.globals = ChainMap(OrderedDict(a="ordered"), {})
    assert _render_speedups.render(template, {}) is NOT_TAKEN
    assert template.render() == "ordered"


def test_switched_off_by_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_render_speedups, "_verified", False)
    template = jinja2.Environment().from_string("{{ a }}")
    assert _render_speedups.render(template, {"a": 1}) is NOT_TAKEN


def test_taken_unless_the_switch_is_set() -> None:
    template = jinja2.Environment().from_string("{{ a }}")
    taken = _render_speedups.render(template, {"a": 1}) is not NOT_TAKEN
    assert taken is (_render_speedups.ENABLED and RELEASES_VERIFIED)


def test_left_to_jinja_with_other_releases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_render_speedups, "verified", lambda project: False)
    template = jinja2.Environment().from_string("{{ a }}")
    assert _render_speedups.render(template, {"a": 1}) is NOT_TAKEN
