"""A module holding one app under a name discovery does not guess."""

from __future__ import annotations

from flask import Flask

testapp = Flask("testapp")


@testapp.route("/")
def index() -> str:
    return "index"
