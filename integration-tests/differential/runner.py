"""Send a plan of requests to ``differential_app`` and record the responses.

usage: python runner.py PLAN.json RESULTS.json

It runs inside the environment under test (modular Flask, or the real Flask
3.1.3 in an environment of its own) and uses only what both provide: Flask's
public API, Werkzeug's test client and itsdangerous. Each sequence of the
plan gets a fresh client with its own cookie jar, for the app its requests
name (``main`` or ``hosted``).

A response is recorded as its status line, its headers (in order, with the
parts that depend on the moment left out) and its body. The value of a
session cookie whose signature itsdangerous accepts is recorded as the JSON
text it carries: the raw value holds a timestamp, and modular Flask leaves
short payloads uncompressed (docs/differences.md), so only the data can be
the same.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import typing as t
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from differential_app import SECRET_KEY, app, hosted
from itsdangerous import BadData, TimestampSigner
from werkzeug.exceptions import HTTPException
from werkzeug.test import Client
from werkzeug.wrappers import Response

#: The applications a request may be sent to.
APPS = {"main": app, "hosted": hosted}

_EXPIRES = re.compile(r"(?i)(; Expires=)[^;]*")


def session_payload(value: str) -> str:
    """The JSON text inside a session cookie value the apps signed; any
    other value as it is."""
    try:
        SESSION_SIGNER.unsign(value, max_age=3600)
    except BadData:
        return value  # not a session these apps signed: compared as it is
    payload = value.rsplit(".", 2)[0]
    compressed = payload.startswith(".")
    payload = payload.lstrip(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode("utf-8")


def cookie_header(value: str) -> str:
    """A ``Set-Cookie`` value with its expiry date left out and the session's
    value replaced by its data."""
    value = _EXPIRES.sub(r"\1<date>", value)
    name, _, rest = value.partition("=")
    if name in SESSION_COOKIES:
        cookie_value, separator, attributes = rest.partition(";")
        if cookie_value:
            cookie_value = session_payload(cookie_value)
        return f"{name}={cookie_value}{separator}{attributes}"
    return value


#: Checks the signature of a session cookie with itsdangerous alone, as Flask
#: 3.1.3 signs it, so that a cookie only modular Flask could read shows.
SESSION_SIGNER = TimestampSigner(
    SECRET_KEY,
    salt="cookie-session",
    key_derivation="hmac",
    digest_method=hashlib.sha1,
)

#: The names of the apps' session cookies.
SESSION_COOKIES = frozenset(a.config["SESSION_COOKIE_NAME"] for a in APPS.values())

#: Headers whose value is the moment the response was made.
MOMENT_HEADERS = frozenset({"date", "expires"})


def record(response: Response) -> dict[str, t.Any]:
    headers = [
        (name, cookie_header(value) if name.lower() == "set-cookie" else value)
        for name, value in response.headers.items()
        if name.lower() not in MOMENT_HEADERS
    ]
    body = response.get_data()
    try:
        text: str | None = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    return {
        "status": response.status,
        "headers": headers,
        "body": text if text is not None else base64.b64encode(body).decode("ascii"),
    }


def send(client: Client, step: dict[str, t.Any]) -> dict[str, t.Any]:
    for name, value in step["cookies"]:
        client.set_cookie(name, value)
    body = step["body"]
    try:
        response = client.open(
            step["path"],
            base_url=step["base_url"],
            method=step["method"],
            headers=step["headers"],
            data=body.encode("utf-8") if body is not None else None,
        )
    except Exception as error:  # an error that escaped the application
        return {"escaped": type(error).__name__}
    try:
        return record(response)
    finally:
        response.close()


def endpoint_of(name: str, step: dict[str, t.Any]) -> str | None:
    """The endpoint the request's URL matches, for the plan's coverage."""
    target = APPS[name]
    host = dict(step["headers"]).get("Host", "localhost")
    server_name = target.config["SERVER_NAME"] or "localhost"
    subdomain = (
        host[: -len(server_name)].rstrip(".") if host.endswith(server_name) else ""
    )
    adapter = target.url_map.bind(server_name, subdomain=subdomain)
    try:
        endpoint, _ = adapter.match(step["path"].partition("?")[0], step["method"])
    except HTTPException:
        return None
    return f"{name}:{endpoint}"


def main() -> None:
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for target in APPS.values():
        target.logger.disabled = True
    results = []
    endpoints: set[str] = set()
    for sequence in plan:
        name = sequence[0]["app"]
        client = Client(APPS[name], Response)
        results.append([send(client, step) for step in sequence])
        endpoints.update(
            e for e in (endpoint_of(name, step) for step in sequence) if e is not None
        )
    output = {
        "results": results,
        "endpoints_hit": sorted(endpoints),
        "endpoints": sorted(
            f"{name}:{rule.endpoint}"
            for name, target in APPS.items()
            for rule in target.url_map.iter_rules()
            if rule.redirect_to is None  # matching them raises the redirect
        ),
    }
    Path(sys.argv[2]).write_text(json.dumps(output), encoding="utf-8")


if __name__ == "__main__":
    main()
