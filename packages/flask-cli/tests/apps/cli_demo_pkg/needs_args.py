"""Only a factory that cannot be called without arguments."""

from __future__ import annotations

from flask import Flask


def create_app(config_name: str) -> Flask:
    return Flask(config_name)
