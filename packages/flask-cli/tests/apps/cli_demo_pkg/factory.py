"""App factories called by ``--app cli_demo_pkg.factory:...``."""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    return Flask("app")


def create_app2(foo: str, bar: str) -> Flask:
    return Flask("_".join(["app2", foo, bar]))


def create_named(name: str = "default", *, suffix: str = "") -> Flask:
    return Flask(name + suffix)


def no_app() -> None:
    return None


def broken_factory() -> Flask:
    raise TypeError("the factory itself is broken")


not_callable = 42
