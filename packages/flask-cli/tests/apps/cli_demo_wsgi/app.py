"""Outranked by wsgi.py in the same folder."""

from __future__ import annotations

from flask import Flask

app = Flask("outranked_app_py")
