"""Two apps and no conventional name: discovery cannot choose."""

from __future__ import annotations

from flask import Flask

first = Flask("first")
second = Flask("second")
