"""Templates read attributes and call functions exactly as under plain Jinja,
through the quicker paths of :mod:`flask._template_runtime`."""

from __future__ import annotations

import typing as t
from collections import OrderedDict

import jinja2
import pytest
from jinja2 import pass_context, pass_environment, pass_eval_context

import flask
from flask._template_runtime import TemplateContext


class Record:
    name = "record"

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


class LoudDict(dict[str, t.Any]):
    """A dict subclass that answers attribute reads itself."""

    def __getattr__(self, name: str) -> str:
        return f"attr {name}"


class Shouty:
    """A callable object whose ``__call__`` asks for the context."""

    @pass_context
    def __call__(self, context: t.Any, word: str) -> str:
        return f"{word.upper()} in {context.name}"


def bare(word: str) -> str:
    return f"bare {word}"


@pass_context
def with_context(context: t.Any, word: str) -> str:
    return f"{word} sees {context.get('secret')}"


@pass_environment
def with_environment(environment: t.Any, word: str) -> str:
    return f"{word} autoescape={environment.autoescape is not False}"


@pass_eval_context
def with_eval_context(eval_context: t.Any, word: str) -> str:
    return f"{word} escape={eval_context.autoescape}"


def stops(word: str) -> str:
    raise StopIteration


def with_own_call(word: str) -> str:
    return f"own {word}"


with_own_call.__call__ = with_context  # type: ignore[attr-defined]


class Greeter:
    def hello(self, word: str) -> str:
        return f"hello {word}"

    @pass_context
    def context_hello(self, context: t.Any, word: str) -> str:
        return f"hello {word} from {context.name}"


VALUES: dict[str, t.Any] = {
    "plain": {"name": "plain", "items": "stored items", "n": 1},
    "ordered": OrderedDict(name="ordered"),
    "loud": LoudDict(name="loud"),
    "record": Record(),
    "numbers": {1: "one"},
    "text": "text",
    "none": None,
    "bare": bare,
    "with_context": with_context,
    "with_environment": with_environment,
    "with_eval_context": with_eval_context,
    "stops": stops,
    "with_own_call": with_own_call,
    "shouty": Shouty(),
    "greeter": Greeter(),
    "secret": "s3cret",
}

TEMPLATES = [
    "{{ plain.name }} {{ plain.n }}",
    "{{ plain.items }}",  # the method wins over the key, as in Jinja
    "{{ plain.keys }} {{ plain.missing }}|{{ plain.missing is defined }}",
    "{{ plain['items'] }} {{ plain.get('name') }}",
    "{{ ordered.name }} {{ loud.name }} {{ loud.other }}",
    "{{ record.name }} {{ record.other }}",
    "{{ numbers.one }}|{{ text.upper() }}|{{ none.attr is defined }}",
    "{{ bare('x') }} {{ with_context('y') }} {{ with_environment('z') }}",
    "{{ with_eval_context('w') }}|{{ stops('v') }}|{{ stops('v') is defined }}",
    "{{ with_own_call('u') }} {{ shouty('t') }}",
    "{{ greeter.hello('s') }} {{ greeter.context_hello('r') }}",
    "{% for x in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{{ loop.index }}{% endfor %}",
    "{% set secret = 'local' %}{{ with_context('q') }}",
    "{% for secret in ['looped'] %}{{ with_context('p') }}{% endfor %}",
    "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m('o') }}{{ m.name }}",
    "{{ range(3)|list }} {{ dict(a=1).a }} {{ cycler('x', 'y').next() }}",
]


def jinja_reference() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True)


@pytest.mark.parametrize("source", TEMPLATES)
def test_templates_render_as_under_plain_jinja(app: flask.Flask, source: str) -> None:
    with app.app_context():
        ours = app.jinja_env.from_string(source).render(VALUES)
    theirs = jinja_reference().from_string(source).render(VALUES)
    assert ours == theirs


def test_undefined_values_keep_their_hints(app: flask.Flask) -> None:
    strict = jinja2.StrictUndefined
    app.jinja_options = {**app.jinja_options, "undefined": strict}
    with app.app_context(), pytest.raises(jinja2.UndefinedError) as ours:
        app.jinja_env.from_string("{{ plain.missing }}").render(VALUES)
    reference = jinja2.Environment(undefined=strict)
    with pytest.raises(jinja2.UndefinedError) as theirs:
        reference.from_string("{{ plain.missing }}").render(VALUES)
    assert str(ours.value) == str(theirs.value)


def test_flask_templates_use_the_quicker_context(app: flask.Flask) -> None:
    with app.app_context():
        template = app.jinja_env.from_string("{{ x }}")
        assert isinstance(template.new_context({"x": 1}), TemplateContext)


@pytest.mark.speedups
def test_dict_reads_skip_the_attribute_attempt(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise AssertionError("Jinja's own getattr was used")

    monkeypatch.setattr(jinja2.Environment, "getattr", refuse)
    with app.app_context():
        rendered = app.jinja_env.from_string("{{ d.name }}").render(d={"name": "n"})
    assert rendered == "n"


@pytest.mark.speedups
def test_plain_calls_skip_the_marker_checks(
    app: flask.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise AssertionError("Jinja's own call was used")

    monkeypatch.setattr(jinja2.runtime.Context, "call", refuse)
    with app.app_context():
        template = app.jinja_env.from_string("{{ f('a') }}{{ g.hello('b') }}")
        assert template.render(f=bare, g=Greeter()) == "bare ahello b"
        marked = app.jinja_env.from_string("{{ f('c') }}")
        with pytest.raises(AssertionError, match="own call"):
            marked.render(f=with_context)


class _Secret:
    def _private(self) -> str:
        return "leaked"


@pytest.mark.parametrize("flask_first", [True, False])
def test_sandboxed_environments_keep_their_checks(
    app: flask.Flask, flask_first: bool
) -> None:
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    from flask.templating import Environment

    bases = (
        (Environment, SandboxedEnvironment)
        if flask_first
        else (SandboxedEnvironment, Environment)
    )
    sandboxed = type("SandboxedFlaskEnvironment", bases, {})
    app.jinja_environment = sandboxed
    with app.app_context():
        env = app.jinja_env
        assert isinstance(env, SandboxedEnvironment)
        rendered = env.from_string("{{ d.name }} {{ s._private }}").render(
            d={"name": "n"}, s=_Secret()
        )
        assert rendered == "n "  # the sandbox hides the private attribute
        with pytest.raises(SecurityError):
            env.from_string("{{ s._private() }}").render(s=_Secret())
        assert env.from_string("{{ f.__globals__ }}").render(f=bare) == ""


def test_a_context_class_from_another_environment_class_is_kept(
    app: flask.Flask,
) -> None:
    from flask.templating import Environment

    class OwnContext(jinja2.runtime.Context):
        pass

    class WithOwnContext(jinja2.Environment):
        context_class = OwnContext

    combined = type("Combined", (Environment, WithOwnContext), {})
    assert combined.context_class is OwnContext
    assert Environment.context_class is TemplateContext

    class Subclass(Environment):
        pass

    assert Subclass.context_class is TemplateContext
    assert Subclass._quick_getattr is Environment._quick_getattr
