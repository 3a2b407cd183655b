"""Seeded generation of request sequences for the differential check.

A plan is a list of sequences; a sequence is a list of requests sent one after
the other by one client (so cookies set by one request, the session among
them, reach the next). A request is a JSON-compatible dict: ``app`` (``main`` or
``hosted``, the same for a whole sequence), ``method``,
``path`` (with its query string), ``base_url`` (where the app is mounted,
or ``None`` for the client's default), ``headers`` (a list of pairs), ``body``
(text or ``None``) and ``cookies`` (pairs put into the client's cookie jar
before the request is sent).

The same seed always gives the same plan, so a difference found once is found
again until it is fixed.
"""

from __future__ import annotations

import json
import random
import typing as t
import uuid
from urllib.parse import quote, urlencode

Request = dict[str, t.Any]
Plan = list[list[Request]]

#: Values for the parts of a URL, chosen to reach the edges of converters
#: and parsers: signs, leading zeros, huge numbers, escapes, non-ASCII text.
INTEGERS = ("0", "1", "42", "-3", "007", "99999999999999999999", "1.5", "x", "+4", "٣")
FLOATS = ("1.5", "0.0", "-2.25", "3", "1e5", "nan", "inf", ".5", "1.", "abc", "-0.0")
TEXTS = (
    "ada",
    "é",
    "a b",
    "%2F",
    "a%20b",
    "..",
    "x.y",
    "☃",
    "<script>",
    "a/b",
    "%",
    "%zz",
    "q" * 40,
    "semi;colon",
    "plus+sign",
)
CODES = ("abc", "ab", "abcd", "x/y", "é12")
COLORS = ("red", "green", "blue", "Red", "")
STATUSES = (
    400,
    401,
    403,
    404,
    405,
    406,
    409,
    410,
    413,
    418,
    422,
    429,
    500,
    501,
    503,
    999,
)
RETURN_KINDS = (
    "str",
    "bytes",
    "dict",
    "list",
    "empty-dict",
    "tuple-status",
    "tuple-status-text",
    "tuple-headers",
    "tuple-list-headers",
    "tuple-all",
    "tuple-none-body",
    "response",
    "make-response",
    "make-response-dict",
    "generator",
    "none",
    "int",
    "nested-tuple",
    "four-tuple",
    "markup",
    "redirect",
    "redirect-301",
    "wsgi",
    "unknown",
)
JSONIFY_KINDS = ("args", "one", "kwargs", "nothing", "types", "nan", "unknown")
SESSION_ACTIONS = (
    "set",
    "get",
    "pop",
    "clear",
    "permanent",
    "modified",
    "store",
    "read",
    "untouched",
    "raw-permanent",
    "odd-flashes",
    "unknown",
)
CATEGORIES = ("message", "error", "info", "mess", "warning", "")
ENDPOINTS = (
    "index",
    "text",
    "integer",
    "shop.item",
    ".item",
    "store.item",
    "static",
    "missing",
    "only_post",
    "multi",
)
QUERY_KEYS = ("a", "b", "v", "page", "q", "x y", "é", "")
ACCEPTS = (
    "text/html",
    "application/json",
    "application/json;q=0.5, text/html;q=0.9",
    "*/*",
    "image/*",
    "",
)
LANGUAGES = ("en", "de-DE,de;q=0.8", "fr;q=0.1, *;q=0.5", "")
CONTENT_TYPES = (
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "application/merge-patch+json",
    "application/json; charset=latin-1",
    "",
)
JSON_BODIES = (
    '{"a": 1, "b": [true, null]}',
    "[1, 2, 3]",
    '"text"',
    "null",
    "{not json",
    "",
    '{"deep": ' * 30 + "1" + "}" * 30,
    '{"a": NaN}',
    '{"é": "☃"}',
)
#: Query strings that no encoder would write.
RAW_QUERIES = ("a=%ff", "=", "&&", "flag", "a=1;b=2", "%zz=1", "a=%E2%98", "v=%00")
#: Where the application is mounted (``SCRIPT_NAME``) and its scheme.
BASE_URLS = (
    "http://localhost/",
    "http://localhost/prefix/",
    "https://localhost/",
    "http://localhost:8080/app/",
)
GARBAGE_COOKIES = (
    "garbage",
    "eyJhIjoxfQ.ZZZZZZ.abcdefghijklmnop",
    ".eJyrVkrMTVWyUkpJTVGqBQAdjQQ9.ZZZZZZ.abc",
    "",
    "a" * 300,
)


def _query(rng: random.Random, extra: dict[str, str] | None = None) -> str:
    pairs = [(key, value) for key, value in (extra or {}).items()]
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        pairs.append((rng.choice(QUERY_KEYS), rng.choice(TEXTS + INTEGERS)))
    return urlencode(pairs) if pairs else ""


def _segment(rng: random.Random, values: t.Sequence[str]) -> str:
    """A path segment, sometimes percent-encoded and sometimes raw."""
    value = rng.choice(values)
    return quote(value, safe="") if rng.random() < 0.5 else value


def _uuid(rng: random.Random) -> str:
    value = uuid.UUID(int=rng.getrandbits(128))
    return rng.choice((str(value), str(value).upper(), value.hex, "not-a-uuid"))


def _path(rng: random.Random) -> tuple[str, dict[str, str]]:
    """A path (without its query) and the query values the view reads."""
    choice = rng.randrange(41)
    if choice == 0:
        return "/", {}
    if choice == 1:
        return f"/text/{_segment(rng, TEXTS)}", {}
    if choice == 2:
        return f"/int/{_segment(rng, INTEGERS)}", {}
    if choice == 3:
        return f"/signed/{_segment(rng, INTEGERS)}", {}
    if choice == 4:
        return f"/float/{_segment(rng, FLOATS)}", {}
    if choice == 5:
        rest = "/".join(_segment(rng, TEXTS) for _ in range(rng.randint(1, 3)))
        return f"/path/{rest}", {}
    if choice == 6:
        return f"/uuid/{_uuid(rng)}", {}
    if choice == 7:
        return f"/color/{_segment(rng, COLORS)}", {}
    if choice == 8:
        return f"/code/{_segment(rng, CODES)}", {}
    if choice == 9:
        return rng.choice(
            ("/slash", "/slash/", "/noslash", "/noslash/", "//slash/")
        ), {}
    if choice == 10:
        return rng.choice(
            ("/only-post", "/multi", "/defaults/", "/defaults/3", "/defaults/1")
        ), {}
    if choice == 11:
        return "/echo", {}
    if choice == 12:
        return "/json-body", {"mode": rng.choice(("plain", "silent", "force"))}
    if choice == 13:
        return rng.choice(("/arg", "/form-field")), (
            {"needed": rng.choice(TEXTS)} if rng.random() < 0.5 else {}
        )
    if choice == 14:
        return f"/returns/{rng.choice(RETURN_KINDS)}", {"v": rng.choice(TEXTS)}
    if choice == 15:
        return f"/jsonify/{rng.choice(JSONIFY_KINDS)}", {}
    if choice == 16:
        return f"/abort/{rng.choice(STATUSES)}", {}
    if choice == 17:
        return rng.choice(
            (
                "/abort-response",
                "/raise/value",
                "/raise/key",
                "/raise/refused",
                "/raise/http",
            )
        ), {}
    if choice == 18:
        lang = rng.choice(("en", "de", "é"))
        return rng.choice(
            (
                f"/shop/{lang}/item/{_segment(rng, INTEGERS)}",
                f"/store/{lang}/item/{rng.randint(0, 9)}",
                f"/{rng.choice(('shop', 'store'))}/{lang}/missing",
                f"/shop/{lang}/nothing-here",
            )
        ), {}
    if choice == 19:
        query = {"endpoint": rng.choice(ENDPOINTS)}
        for key, values in (
            ("_anchor", ("top", "a b", "é#x")),
            ("_method", ("GET", "POST", "PUT")),
            ("_scheme", ("https", "ftp")),
            ("_external", ("0", "1")),
            ("name", TEXTS),
            ("number", INTEGERS),
            ("item", ("1", "2")),
            ("lang", ("en", "fr")),
            ("filename", ("note.txt", "a b.txt")),
            ("endpoint_list", ("1",)),
        ):
            if rng.random() < 0.3:
                query[key] = rng.choice(values)
        return "/url", query
    if choice in (20, 21, 22):
        action = rng.choice(SESSION_ACTIONS)
        query = {"k": rng.choice(("key", "other", "é"))}
        if action == "set":
            query["v"] = rng.choice(TEXTS)
        if action in ("permanent", "raw-permanent"):
            query["on"] = rng.choice(("0", "1", "", "yes"))
        return f"/session/{action}", query
    if choice == 23:
        return "/flash", {"msg": rng.choice(TEXTS), "cat": rng.choice(CATEGORIES)}
    if choice == 24:
        query = {"categories": rng.choice(("0", "1"))}
        kind = rng.randrange(3)
        if kind == 1:
            query["filter"] = rng.choice(CATEGORIES)
        elif kind == 2:
            query["filter_text"] = rng.choice(CATEGORIES)
        return "/flashes", query
    if choice == 25:
        return rng.choice(("/template", "/template/safe")), {
            "name": rng.choice(TEXTS),
            "value": rng.choice(TEXTS),
        }
    if choice == 26:
        action = rng.choice(("set", "delete", "other"))
        query = {"name": rng.choice(("pref", "session", "x"))}
        if action == "set":
            query["value"] = rng.choice(("v", "a b", "é", "x;y", '"q"'))
            if rng.random() < 0.5:
                query["max_age"] = rng.choice(("0", "60", "-1"))
            if rng.random() < 0.3:
                query["httponly"] = "1"
            if rng.random() < 0.3:
                query["samesite"] = rng.choice(("Lax", "Strict", "None"))
        return f"/cookie/{action}", query
    if choice == 27:
        return rng.choice(("/stream", "/after-this", "/config")), {
            "v": rng.choice(TEXTS)
        }
    if choice == 28:
        name = rng.choice(
            ("note.txt", "site.css", "missing.txt", "../secret", "%2e%2e/x")
        )
        return rng.choice((f"/static/{name}", f"/static-view/{name}")), {}
    if choice == 29:
        return rng.choice(("/nowhere", "/text", "/int/", "/shop", "/%ff", "/a//b")), {}
    if choice == 30:
        return "/events", {}
    if choice == 31:
        query = {"name": rng.choice(TEXTS)}
        if rng.random() < 0.5:
            query["item"] = rng.choice(TEXTS)
        return rng.choice(("/page", "/plain", "/macro")), query
    if choice == 32:
        kind = rng.choice(("attachment", "named", "bytes", "directory", "max-age", "x"))
        return f"/send/{kind}", {"name": rng.choice(("note.txt", "nope", "../x"))}
    if choice == 33:
        return "/conditional", {}
    if choice == 34:
        return rng.choice(
            (
                f"/items/{_segment(rng, INTEGERS)}",
                "/hello-view/",
                f"/hello-view/{_segment(rng, TEXTS)}",
            )
        ), {}
    if choice == 35:
        return "/async", {"v": rng.choice(TEXTS)}
    if choice == 36:
        return rng.choice(
            (
                f"/number/{_segment(rng, INTEGERS)}",
                f"/number/{_segment(rng, INTEGERS)}/",
                "/loose",
                "/loose/",
                "/exact//double",
                "/exact/double",
                f"/old/{_segment(rng, INTEGERS)}",
                f"/old-text/{_segment(rng, TEXTS)}",
            )
        ), {}
    if choice == 37:
        kind = rng.choice(
            ("described", "methods", "auth", "retry", "range", "headers", "x")
        )
        return f"/abort-custom/{kind}", {
            "code": str(rng.choice(STATUSES)),
            "description": rng.choice(TEXTS),
        }
    if choice == 38:
        kind = rng.choice(RESPONSE_KINDS)
        return f"/response/{kind}", {
            "v": rng.choice(TEXTS),
            "code": str(rng.choice((100, 199, 200, 204, 304, 404, 599, 999))),
        }
    if choice == 39:
        return f"/tpl-expr/{rng.randrange(37)}", {"text": rng.choice(TEXTS)}
    return "/json-roundtrip", {}


RESPONSE_KINDS = (
    "relative-location",
    "no-content",
    "not-modified",
    "wrong-length",
    "multi-header",
    "custom-status",
    "status-int",
    "unicode-header",
    "charset",
    "passthrough",
    "empty-iterable",
    "x",
)


def json_value(rng: random.Random, depth: int = 0) -> t.Any:
    """A random JSON value: nested containers, numbers at the edges of
    float and integer parsing, and text with escapes."""
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice((None, True, False))
    if kind == 1:
        return rng.choice((0, -1, 2**53 + 1, 10**30, -(10**19)))
    if kind == 2:
        return rng.choice((0.1, -0.0, 1e16, 1.5e-300, 3.14159, 1e300))
    if kind in (3, 4, 5):
        return rng.choice(TEXTS + ("\u2028", "\x00", "tab\t", '"quoted"', "\ud83d"))
    if kind in (6, 7):
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {
        rng.choice(QUERY_KEYS + ("z", "a", "é")): json_value(rng, depth + 1)
        for _ in range(rng.randint(0, 3))
    }


def _json_text(rng: random.Random) -> str:
    text = json.dumps(json_value(rng), ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.1:
        text = text.replace("0.1", "1e999")  # infinity once parsed
    return text


#: Host headers for the ``hosted`` app, whose server name is example.test.
HOSTS = (
    "example.test",
    "ann.example.test",
    "static.example.test",
    "a.b.example.test",
    "EXAMPLE.test",
    "example.test:80",
    "other.test",
    "localhost",
    "",
)


def _hosted_path(rng: random.Random) -> str:
    return rng.choice(
        (
            "/",
            "/about",
            "/about/",
            "/root/about/",
            "/static-host",
            "/static/note.txt",
            "/nowhere",
        )
    )


def _body(rng: random.Random, headers: list[list[str]]) -> str | None:
    kind = rng.randrange(6)
    if kind == 0:
        return None
    if kind == 1:
        headers.append(["Content-Type", "application/json"])
        return rng.choice(JSON_BODIES) if rng.random() < 0.4 else _json_text(rng)
    if kind == 2:
        headers.append(["Content-Type", "application/x-www-form-urlencoded"])
        pairs = [
            (rng.choice(("field", "a", "b")), rng.choice(TEXTS))
            for _ in range(rng.randint(0, 3))
        ]
        return urlencode(pairs)
    if kind == 3:
        headers.append(["Content-Type", "multipart/form-data; boundary=XyZ"])
        return (
            "--XyZ\r\n"
            'Content-Disposition: form-data; name="field"\r\n\r\n'
            f"{rng.choice(TEXTS)}\r\n"
            "--XyZ\r\n"
            'Content-Disposition: form-data; name="upload"; filename="a.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
            "file body\r\n"
            "--XyZ--\r\n"
        )
    if kind == 4:
        if rng.random() < 0.7:
            headers.append(["Content-Type", rng.choice(CONTENT_TYPES)])
        return rng.choice(JSON_BODIES + ("plain text", "a=1&b=2"))
    headers.append(["Content-Type", "text/plain"])
    return "x" * rng.choice((2047, 2048, 2049, 5000))


def _headers(rng: random.Random) -> list[list[str]]:
    headers: list[list[str]] = []
    for name, values, chance in (
        ("Accept", ACCEPTS, 0.3),
        ("Accept-Language", LANGUAGES, 0.2),
        ("If-None-Match", ('"nothing"', "*", 'W/"x"'), 0.05),
        ("If-Modified-Since", ("Thu, 01 Jan 2099 00:00:00 GMT", "garbage"), 0.05),
        ("Range", ("bytes=0-3", "bytes=5-", "bytes=100-200", "lines=1-2"), 0.05),
        ("X-Block", ("1",), 0.03),
        (
            "Host",
            (
                "example.test",
                "localhost:8080",
                "bad host",
                "LOCALHOST",
                "localhost.",
                "127.0.0.1",
                "[::1]:5000",
                "bücher.example",
                "a..b",
            ),
            0.08,
        ),
        ("X-Forwarded-Proto", ("https",), 0.03),
    ):
        if rng.random() < chance:
            headers.append([name, rng.choice(values)])
    return headers


def request(rng: random.Random, app: str = "main") -> Request:
    """One generated request for ``app``."""
    if app == "hosted":
        path, needed = _hosted_path(rng), {"permanent": rng.choice(("0", "1"))}
    else:
        path, needed = _path(rng)
    query = _query(rng, needed)
    if rng.random() < 0.05:
        raw = rng.choice(RAW_QUERIES)
        query = f"{query}&{raw}" if query else raw
    method = rng.choices(
        ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
        weights=(60, 20, 5, 4, 3, 4, 4),
    )[0]
    headers = _headers(rng)
    if app == "hosted":
        headers = [h for h in headers if h[0] != "Host"]
        headers.append(["Host", rng.choice(HOSTS)])
    body = _body(rng, headers) if method in ("POST", "PUT", "PATCH") else None
    return {
        "app": app,
        "method": method,
        "path": f"{path}?{query}" if query else path,
        "base_url": rng.choice(BASE_URLS) if rng.random() < 0.1 else None,
        "headers": headers,
        "body": body,
        "cookies": [],
    }


def generate(seed: int, sequences: int) -> Plan:
    """``sequences`` request sequences, the same for the same ``seed``."""
    rng = random.Random(seed)
    plan: Plan = []
    for _ in range(sequences):
        app = "hosted" if rng.random() < 0.15 else "main"
        steps = [request(rng, app) for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.1:
            name = rng.choice(("session", "pref"))
            steps[0]["cookies"] = [[name, rng.choice(GARBAGE_COOKIES)]]
        plan.append(steps)
    return plan
