"""URL rules added to the URL map with their URL builders compiled on first use.

When a rule joins a URL map, Werkzeug compiles two Python functions that
build its URLs (one appends unknown values as a query string, one does not),
each from a syntax tree made for that rule. That is about a million
instructions per rule, most of what adding a rule costs, and an application
pays it at start-up for every rule, whether or not a URL is ever built for
it (``flask routes`` on a 100-rule app spends two thirds of its time there).

:func:`add_rule` adds a rule as :meth:`werkzeug.routing.Map.add` does, but
while the rule is compiled its two builders are stand-ins: the first call of
each compiles Werkzeug's builder with Werkzeug's own method, puts it where
the stand-in was and hands it the call. From then on the rule holds the very
function Werkzeug would have compiled at once, so URLs, errors and
everything else stay as they were.

The stand-ins are used only where nothing can tell them apart:

* Werkzeug 3.1 (whose ``Rule.compile`` and builders this was written
  against), its own ``Map.add``, and a rule class that inherits ``bind``,
  ``compile`` and ``_compile_builder`` from :class:`werkzeug.routing.Rule`;
* rules without defaults: Werkzeug converts a default that fills a URL
  variable while compiling the builder, and a conversion that fails must
  fail when the rule is added;
* rules whose builders compile: Python refuses a builder whose variables
  repeat a name (``/<a>/<int:a>``) or are named ``None``, ``True``,
  ``False`` or ``__debug__``, and Werkzeug's error must come from
  ``Map.add``. Such a rule's builders are compiled at once.

``MODULAR_FLASK_NO_SPEEDUPS=1`` turns this off (see
:data:`flask._speedups.ENABLED`).
"""

from __future__ import annotations

import functools
import typing as t

from werkzeug.routing import Map, Rule

from . import ENABLED, InheritedUnchanged

#: Rule classes whose compilation the stand-ins were written against: those
#: inheriting these methods of Werkzeug 3.1's ``Rule`` unchanged.
_PLAIN_RULES = InheritedUnchanged(
    Rule, ("bind", "compile", "_compile_builder"), project="werkzeug"
)

#: Where ``Rule.compile`` keeps each builder, by its ``append_unknown``.
_BUILDER_ATTRIBUTES = {False: "_build", True: "_build_unknown"}

Builder = t.Callable[..., tuple[str, str]]


def add_rule(url_map: Map, rule: Rule) -> None:
    """``url_map.add(rule)``, with the rule's URL builders compiled on
    first use when that cannot be told apart (see the module's docstring)."""
    if not defers_builders(url_map, rule):
        url_map.add(rule)
        return
    # An attribute of the instance comes before the class's method, so
    # Rule.compile, called by Map.add, gets its builders from here.
    rule._compile_builder = functools.partial(_builder_for, rule)  # type: ignore[method-assign]
    try:
        url_map.add(rule)
    finally:
        del rule._compile_builder


def defers_builders(url_map: Map, rule: Rule) -> bool:
    """Whether :func:`add_rule` gives ``rule`` stand-in builders."""
    return (
        ENABLED
        and not rule.defaults
        and type(url_map).add is Map.add
        and _PLAIN_RULES.accepts(type(rule))
        and "_compile_builder" not in vars(rule)
    )


def _builder_for(rule: Rule, append_unknown: bool = True) -> Builder:
    """What ``Rule.compile`` gets for ``rule`` in place of
    ``rule._compile_builder(append_unknown)``: a stand-in if the builder
    compiles, else Werkzeug's compilation, which raises its error."""
    if not _compiles(rule):
        return Rule._compile_builder(rule, append_unknown)
    return _stand_in_builder(append_unknown)


#: Names Python refuses for a function's parameters.
_REFUSED_NAMES = frozenset({"None", "True", "False", "__debug__"})


def _compiles(rule: Rule) -> bool:
    """Whether the builders of ``rule`` (compiled as far as its builders)
    compile: each variable, of the domain and of the path, is a parameter of
    theirs, so the names must differ and be acceptable to Python."""
    names = [name for is_variable, name in rule._trace if is_variable]
    return len(set(names)) == len(names) and _REFUSED_NAMES.isdisjoint(names)


def _stand_in_builder(append_unknown: bool) -> Builder:
    """A function that, called as a method of a rule, compiles the rule's
    builder, puts it in its own place and returns what it returns."""
    attribute = _BUILDER_ATTRIBUTES[append_unknown]

    def build(rule: Rule, /, **values: t.Any) -> tuple[str, str]:
        compiled: Builder = Rule._compile_builder(rule, append_unknown).__get__(
            rule, None
        )
        setattr(rule, attribute, compiled)
        return compiled(**values)

    return build
