"""A quicker walk through Werkzeug's URL state machine.

Werkzeug 3.1 matches a URL by walking the state machine it builds from the
map's rules (``werkzeug.routing.matcher.StateMachineMatcher``): from each
state it tries the static transition for the next path segment, then each
dynamic transition (a converter's regular expression) in order, and
backtracks when a branch leads nowhere. Its walk rebuilds closures, slices
the segment list at every step and compiles (looks up) each regular
expression on every attempt, which costs more than the rest of a small
request.

:func:`match_url` walks the same machine, in the same order, with the same
tests, but keeps the compiled expressions and walks by index. It settles the
common outcomes itself: a match (the rule, its converted values and the
default-value redirect Werkzeug checks afterwards) and the plain failures
(404, 405 and WebSocket mismatches). Whenever the walk meets anything else
(a slash redirect, an alias, a rule that redirects, doubled slashes),
Werkzeug's own ``MapAdapter.match`` is asked instead. The walk itself runs
no converter code, so asking Werkzeug again changes nothing but the time
taken.

Only Werkzeug 3.1's matcher is walked (see
:data:`flask._speedups.VERIFIED_RELEASES`); with any other matcher class or
release ``MapAdapter.match`` does everything.
"""

from __future__ import annotations

import re
import typing as t

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import MapAdapter, RequestRedirect, Rule, ValidationError
from werkzeug.routing.exceptions import WebsocketMismatch
from werkzeug.routing.matcher import State, StateMachineMatcher

from . import verified

if t.TYPE_CHECKING:
    from werkzeug.routing.rules import RulePart

#: The prefix of the named groups Werkzeug gives converter values in a
#: dynamic part's regular expression; the number after it gives the order.
_GROUP_PREFIX = "__werkzeug_"


class _LeftToWerkzeug(Exception):
    """The walk met a case it does not settle (a slash redirect)."""


class _Misses:
    """What the walk saw of rules that fit the path but not the request:
    their methods (for a 405) and whether one was for the other kind of
    connection (WebSocket or not)."""

    __slots__ = ("methods", "websocket", "_method_sets")

    def __init__(self) -> None:
        self.methods: set[str] = set()
        self.websocket = False
        self._method_sets: list[t.AbstractSet[str]] = []

    def note_methods(self, methods: t.AbstractSet[str]) -> None:
        """A rule for the path accepts only ``methods``."""
        self.methods.update(methods)
        self._method_sets.append(methods)

    def note_walked_again(self) -> None:
        """Werkzeug walks a second time (with slashes merged) before giving
        up, adding the same method sets again. The set stays equal, but
        adding can enlarge its table and so change its iteration order,
        which is the order of the ``Allow`` header: it is repeated here."""
        for methods in self._method_sets:
            self.methods.update(methods)


#: For each dynamic part's regular expression: the compiled expression and
#: the names of its converter groups, in order. Bounded by the app's rules.
_patterns: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {}


def _compiled(part: RulePart) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The compiled expression of a dynamic part and its converter groups."""
    known = _patterns.get(part.content)
    if known is None:
        pattern = re.compile(part.content)
        groups = sorted(
            (name for name in pattern.groupindex if name.startswith(_GROUP_PREFIX)),
            key=lambda name: int(name[len(_GROUP_PREFIX) :]),
        )
        known = _patterns[part.content] = (pattern, tuple(groups))
    return known


def _accepting_rule(
    rules: t.Iterable[Rule], method: str, websocket: bool, misses: _Misses
) -> Rule | None:
    """The first of ``rules`` that accepts the method and connection kind,
    noting those that do not."""
    for rule in rules:
        if rule.methods is not None and method not in rule.methods:
            misses.note_methods(rule.methods)
        elif rule.websocket != websocket:
            misses.websocket = True
        else:
            return rule
    return None


def _walk(
    state: State,
    segments: list[str],
    index: int,
    values: list[str],
    method: str,
    websocket: bool,
    misses: _Misses,
) -> tuple[Rule, list[str]] | None:
    """Follow ``segments[index:]`` from ``state``: static transition first,
    then each dynamic one in order, backtracking on dead ends."""
    if index == len(segments):
        rule = _accepting_rule(state.rules, method, websocket, misses)
        if rule is not None:
            return rule, values
        with_slash = state.static.get("")
        if with_slash is not None:
            for rule in with_slash.rules:
                if rule.websocket == websocket and (
                    rule.methods is None or method in rule.methods
                ):
                    if rule.strict_slashes:
                        raise _LeftToWerkzeug
                    return rule, values
        return None

    segment = segments[index]
    following = state.static.get(segment)
    if following is not None:
        found = _walk(following, segments, index + 1, values, method, websocket, misses)
        if found is not None:
            return found

    for part, target_state in state.dynamic:
        rest, rest_index = segments, index + 1
        subject = segment
        if part.final:
            # A final part (a path converter) takes every remaining segment.
            subject = "/".join(segments[index:])
            rest_index = len(segments)
        pattern, group_names = _compiled(part)
        found_match = pattern.match(subject)
        if found_match is None:
            continue
        if part.suffixed and found_match.groups()[-1] == "/":
            # The part swallowed a trailing slash: what is left is that slash.
            rest, rest_index = [""], 0
        captured = found_match.groupdict()
        found = _walk(
            target_state,
            rest,
            rest_index,
            values + [captured[name] for name in group_names],
            method,
            websocket,
            misses,
        )
        if found is not None:
            return found

    if index == len(segments) - 1 and segment == "":
        # Only a trailing slash is left: rules without strict slashes match.
        loose = (rule for rule in state.rules if not rule.strict_slashes)
        rule = _accepting_rule(loose, method, websocket, misses)
        if rule is not None:
            return rule, values
    return None


def _no_match(misses: _Misses) -> HTTPException:
    """The error for a URL no rule accepts: 405 when rules for the path
    exist with other methods, a WebSocket mismatch, or 404."""
    if misses.methods:
        return MethodNotAllowed(valid_methods=list(misses.methods))
    if misses.websocket:
        return WebsocketMismatch()
    return NotFound()


def _convert(rule: Rule, raw: list[str], misses: _Misses) -> dict[str, t.Any]:
    """The rule's values from the captured strings, as Python values, plus
    the rule's defaults; the error Werkzeug gives when a converter refuses
    its string."""
    converted: dict[str, t.Any] = {}
    converters = rule._converters
    # As in Werkzeug: pair converters and captured strings as far as both go.
    for name, text in zip(converters, raw, strict=False):
        try:
            converted[str(name)] = converters[name].to_python(text)
        except ValidationError:
            raise _no_match(misses) from None
    if rule.defaults:
        converted.update(rule.defaults)
    return converted


def can_walk(adapter: MapAdapter) -> bool:
    """Whether :func:`match_url` walks ``adapter``'s map itself."""
    return (
        type(adapter) is MapAdapter
        and type(adapter.map._matcher) is StateMachineMatcher
        and verified("werkzeug")
    )


def match_url(adapter: MapAdapter) -> tuple[Rule, dict[str, t.Any]]:
    """``adapter.match(return_rule=True)`` for an adapter that
    :func:`can_walk`: the same rule and values, or the same exception."""
    url_map = adapter.map
    url_map.update()
    method = adapter.default_method.upper()
    websocket = adapter.websocket
    domain = adapter.server_name
    if not url_map.host_matching and adapter.subdomain is not None:
        domain = adapter.subdomain
    path_info = adapter.path_info
    path = f"/{path_info.lstrip('/')}" if path_info else ""
    misses = _Misses()
    try:
        found = _walk(
            url_map._matcher._root,
            [domain, *path.split("/")],
            0,
            [],
            method,
            websocket,
            misses,
        )
    except _LeftToWerkzeug:
        return adapter.match(return_rule=True)  # type: ignore[return-value]
    if found is None:
        if url_map._matcher.merge_slashes and "//" in path:
            # Werkzeug walks again with the slashes merged, and may redirect.
            return adapter.match(return_rule=True)  # type: ignore[return-value]
        if url_map._matcher.merge_slashes:
            # Werkzeug's second walk (merged slashes) is this very walk.
            misses.note_walked_again()
        raise _no_match(misses)
    rule, raw = found
    if rule.redirect_to is not None or (rule.alias and url_map.redirect_defaults):
        return adapter.match(return_rule=True)  # type: ignore[return-value]

    values = _convert(rule, raw, misses)
    if url_map.redirect_defaults:
        redirect_url = adapter.get_default_redirect(
            rule, method, values, adapter.query_args or {}
        )
        if redirect_url is not None:
            raise RequestRedirect(redirect_url)
    return rule, values
