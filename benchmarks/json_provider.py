"""Compare the default JSON provider with the orjson provider.

Run with ``python benchmarks/json_provider.py [--number N]`` from the
repository root, with flask-core, flask-json and orjson installed. For each
payload it checks that both providers produce the same text, then prints the
best time per call of ``dumps`` (standard layout), ``response`` body
(compact layout), ``response`` body in debug mode (indented), and ``loads``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import decimal
import random
import string
import timeit
import typing as t
import uuid

import flask
from flask.json.orjson import OrjsonProvider
from flask.json.provider import DefaultJSONProvider


@dataclasses.dataclass
class Order:
    id: uuid.UUID
    placed: datetime.datetime
    total: decimal.Decimal
    lines: list[dict[str, t.Any]]


def _word(rng: random.Random, size: int = 8) -> str:
    return "".join(rng.choices(string.ascii_letters, k=size))


def _records(rng: random.Random, count: int) -> list[dict[str, t.Any]]:
    return [
        {
            "id": index,
            "name": _word(rng),
            "email": f"{_word(rng)}@example.com",
            "score": rng.random() * 100,
            "active": rng.random() < 0.5,
            "tags": [_word(rng, 4) for _ in range(3)],
            "manager": None,
        }
        for index in range(count)
    ]


def _payloads() -> dict[str, t.Any]:
    rng = random.Random(1234)
    orders = [
        Order(
            id=uuid.UUID(int=rng.getrandbits(128)),
            placed=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
            + datetime.timedelta(minutes=rng.randrange(10**6)),
            total=decimal.Decimal(rng.randrange(10**6)) / 100,
            lines=[{"sku": _word(rng, 6), "qty": rng.randrange(1, 9)}],
        )
        for _ in range(200)
    ]
    return {
        "small dict": {"status": "ok", "count": 3, "items": [1, 2, 3]},
        "1000 records": _records(rng, 1000),
        "unicode text": {"greeting": "héllo wörld ✓ 😀 " * 200},
        "200 dataclasses": orders,
    }


Operation = t.Callable[
    [DefaultJSONProvider, DefaultJSONProvider], t.Callable[[], object]
]


def _operations(payload: t.Any, document: str) -> dict[str, Operation]:
    """What is timed: each takes the normal and the debug-mode provider."""
    return {
        "dumps": lambda plain, _debug: lambda: plain.dumps(payload),
        "response": lambda plain, _debug: lambda: plain.response(payload),
        "response debug": lambda _plain, debug: lambda: debug.response(payload),
        "loads": lambda plain, _debug: lambda: plain.loads(document),
    }


def _body(provider: DefaultJSONProvider, payload: t.Any) -> bytes:
    return t.cast(flask.Response, provider.response(payload)).get_data()


def _best(call: t.Callable[[], object], number: int) -> float:
    return min(timeit.repeat(call, number=number, repeat=5)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--number", type=int, default=50, help="calls per timing")
    number = parser.parse_args().number

    app = flask.Flask("bench")
    debug_app = flask.Flask("bench_debug")
    debug_app.debug = True
    providers = {
        "default": (DefaultJSONProvider(app), DefaultJSONProvider(debug_app)),
        "orjson": (OrjsonProvider(app), OrjsonProvider(debug_app)),
    }

    print(
        f"{'payload':<16} {'operation':<16} {'default':>12} {'orjson':>12} {'speed-up':>9}"
    )
    for name, payload in _payloads().items():
        plain, debug = providers["default"]
        fast, fast_debug = providers["orjson"]
        document = plain.dumps(payload)
        assert fast.dumps(payload) == document, name
        for one, other in ((fast, plain), (fast_debug, debug)):
            assert _body(one, payload) == _body(other, payload), name
        assert repr(fast.loads(document)) == repr(plain.loads(document)), name

        operations = _operations(payload, document)
        for operation, make in operations.items():
            slow_time = _best(make(plain, debug), number)
            fast_time = _best(make(fast, fast_debug), number)
            print(
                f"{name:<16} {operation:<16} {slow_time * 1e6:>10.1f}us"
                f" {fast_time * 1e6:>10.1f}us {slow_time / fast_time:>8.1f}x"
            )


if __name__ == "__main__":
    main()
