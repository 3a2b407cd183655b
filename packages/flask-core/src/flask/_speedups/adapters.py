"""Reuse of URL map bindings, and of static URL matches, between requests.

Binding the URL map to a request (:meth:`werkzeug.routing.Map.bind_to_environ`)
validates the host and works out the scheme, script root and subdomain from
the environ, which costs more than matching the URL itself. Those values are
the same for every request that arrives with the same host, scheme and
script root, so :class:`AdapterCache` remembers them and only fills in the
parts that belong to one request (path, method and query string) on a fresh
:class:`~werkzeug.routing.MapAdapter`. The adapters it returns are
indistinguishable from freshly bound ones.

Matching a URL walks Werkzeug's state machine. When the result is a static
rule (no variables, no defaults), the walk followed static transitions only,
which Werkzeug tries before any converter, so no converter ran and the
result depends on nothing but the map's rules and the domain, path, method
and WebSocket flag. :meth:`AdapterCache.match` remembers those results; any
other outcome (a rule with variables, a redirect, an error) is worked out
every time, by :func:`flask._speedups.matcher.match_url` or Werkzeug
itself.

Both are taken only for Werkzeug's own :class:`~werkzeug.routing.Map` (or a
subclass that binds the same way) of a verified Werkzeug release (see
:data:`flask._speedups.VERIFIED_RELEASES`), whose adapters hold exactly the
attributes listed in :data:`_PER_REQUEST` and :data:`_SHARED`.
"""

from __future__ import annotations

import typing as t

from werkzeug.routing import Map, MapAdapter, Rule
from werkzeug.wsgi import get_host

from . import InheritedUnchanged
from .matcher import can_walk, match_url

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

#: The adapter attributes that vary from request to request.
_PER_REQUEST = ("path_info", "default_method", "query_args")

#: The other attributes of a bound adapter (Werkzeug 3.1): the same for
#: every request of one host.
_SHARED = ("map", "server_name", "script_name", "subdomain", "url_scheme", "websocket")

#: Every attribute a bound adapter has, as of Werkzeug 3.1. An adapter with
#: others (a release that adds one) is not remembered rather than risk
#: sharing a per-request value.
_KNOWN_ATTRIBUTES = frozenset(_PER_REQUEST + _SHARED)

#: The most bindings remembered per application. Hosts come from clients, so
#: the cache must not grow without bound; past this size new bindings are
#: simply not remembered.
MAX_BINDINGS = 64

#: The most static matches remembered per application; each is one static
#: rule reached with one method on one domain, so a real application stays
#: far below it. Past it, new matches are simply not remembered.
MAX_MATCHES = 1024


class _Binding(t.NamedTuple):
    """What is shared by the requests of one host: the validated host and
    the adapter's state except its per-request attributes."""

    host: str
    adapter_class: type[MapAdapter]
    state: dict[str, t.Any]


def _decode(value: str) -> str:
    """Werkzeug's reading of a WSGI string as UTF-8 (latin-1 transport)."""
    if value.isascii():
        return value
    return value.encode("latin1").decode(errors="replace")


#: Whether a map class binds exactly as Werkzeug's own :class:`Map`.
_binds_plainly = InheritedUnchanged(Map, ("bind_to_environ", "bind"), "werkzeug")


def _binding_key(
    environ: WSGIEnvironment,
    url_map: Map,
    server_name: str | None,
    subdomain: str | None,
) -> tuple[t.Any, ...]:
    """Everything a binding depends on besides the path, method and query."""
    get = environ.get
    return (
        url_map,
        url_map.host_matching,
        server_name,
        subdomain,
        environ["wsgi.url_scheme"],
        get("HTTP_HOST"),
        get("SERVER_NAME"),
        get("SERVER_PORT"),
        get("SCRIPT_NAME"),
        get("HTTP_CONNECTION"),
        get("HTTP_UPGRADE"),
    )


class AdapterCache:
    """Bindings of URL maps to hosts, remembered per application."""

    def __init__(self) -> None:
        self._bindings: dict[tuple[t.Any, ...], _Binding] = {}
        self._matches: dict[tuple[t.Any, ...], Rule] = {}

    def can_reuse(self, url_map: Map, subdomain: str | None) -> bool:
        """Whether bindings of ``url_map`` for ``subdomain`` may be reused.

        Not when the subdomain is computed from the host, because Werkzeug
        then warns (on behalf of the caller) each time the host does not fit
        ``server_name``; nor for map classes that bind in their own way.
        """
        if subdomain is None and not url_map.host_matching:
            return False
        return _binds_plainly.accepts(type(url_map))

    def bind(
        self,
        environ: WSGIEnvironment,
        url_map: Map,
        server_name: str | None,
        subdomain: str | None,
    ) -> tuple[str, MapAdapter]:
        """Return the request's host, validated as by
        ``werkzeug.wsgi.get_host(environ)`` (no trusted hosts), and
        ``url_map.bind_to_environ(environ, server_name, subdomain)``.

        An earlier binding for the same host is reused when there is one.
        Only for maps and subdomains that :meth:`can_reuse` accepts.
        """
        key = _binding_key(environ, url_map, server_name, subdomain)
        binding = self._bindings.get(key)
        if binding is None:
            # Raises SecurityError for a malformed host: never remembered.
            host = get_host(environ)
            adapter = url_map.bind_to_environ(
                environ, server_name=server_name, subdomain=subdomain
            )
            state = vars(adapter)
            if len(self._bindings) < MAX_BINDINGS and state.keys() == _KNOWN_ATTRIBUTES:
                shared = {name: state[name] for name in _SHARED}
                self._bindings[key] = _Binding(host, type(adapter), shared)
            return host, adapter

        adapter = binding.adapter_class.__new__(binding.adapter_class)
        state = vars(adapter)
        state.update(binding.state)
        path_info = environ.get("PATH_INFO")
        query = environ.get("QUERY_STRING")
        state["path_info"] = "/" if path_info is None else _decode(path_info)
        state["default_method"] = environ["REQUEST_METHOD"]
        state["query_args"] = None if query is None else _decode(query)
        return binding.host, adapter

    def match(self, adapter: MapAdapter) -> tuple[Rule, dict[str, t.Any]]:
        """``adapter.match(return_rule=True)``: answered from memory for a
        URL that matched a static rule before, otherwise by
        :func:`~flask._speedups.matcher.match_url` (or by the adapter itself, for
        adapter and map classes of other kinds).

        A remembered answer stays right when rules are added later: a static
        URL ends in one state of Werkzeug's matcher, whose rules are only
        ever appended to and are tried in order, so the rule found first
        keeps being found first. Matches through the trailing-slash
        allowance (``strict_slashes=False``) are not remembered, since an
        exact rule added later would take precedence.
        """
        url_map = adapter.map
        if not can_walk(adapter) or not _binds_plainly.accepts(type(url_map)):
            rule, values = adapter.match(return_rule=True)
            return rule, dict(values)
        method = adapter.default_method.upper()
        key = (
            url_map,
            adapter.server_name,
            adapter.subdomain,
            adapter.path_info,
            method,
            adapter.websocket,
        )
        known = self._matches.get(key)
        # Werkzeug reads a rule's methods when matching: if they were
        # changed in place, it is asked again.
        if known is not None and (known.methods is None or method in known.methods):
            return known, {}
        rule, values = match_url(adapter)
        if (
            not values
            and not rule.arguments
            and rule.redirect_to is None
            and rule.rule == f"/{adapter.path_info.lstrip('/')}"
            and len(self._matches) < MAX_MATCHES
        ):
            self._matches[key] = rule
        return rule, values

    def clear(self) -> None:
        """Forget every remembered binding and match."""
        self._bindings.clear()
        self._matches.clear()
