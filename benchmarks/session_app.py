"""The application of the session benchmarks (``sessions.py``).

The same file runs on modular Flask (signed-cookie sessions, or server-side
sessions in Redis) and on Flask 3.1.3 with the Flask-Session extension on the
same Redis. ``BENCH_SESSIONS`` picks the kind: ``cookie`` (the default) or
``redis``, with ``BENCH_REDIS_URL``; under real Flask, ``redis`` means
Flask-Session, set up with the very same configuration keys.
"""

from __future__ import annotations

import importlib.util
import os

from flask import Flask, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "benchmark-secret-key"

if os.environ.get("BENCH_SESSIONS", "cookie") == "redis":
    import redis

    app.config.update(
        SESSION_TYPE="redis",
        SESSION_REDIS=redis.Redis.from_url(os.environ["BENCH_REDIS_URL"]),
    )
    if importlib.util.find_spec("flask_session") is not None:
        from flask_session import Session

        Session(app)


@app.route("/login")
def login() -> str:
    """Start a session holding what a signed-in user's typically does."""
    session.update(user_id=42, csrf_token="c" * 40, theme="dark", visits=0)
    return "signed in"


@app.route("/counter")
def counter() -> str:
    """Read the session and change one value."""
    visits = session.get("visits", 0) + 1
    session["visits"] = visits
    return f"visit {visits} of user {session.get('user_id')}"


@app.route("/read")
def read() -> str:
    """Read the session only."""
    return f"user {session.get('user_id')}, theme {session.get('theme')}"


@app.route("/same")
def same() -> str:
    """Store a value equal to the one the session holds."""
    session["theme"] = session.get("theme", "dark")
    return "unchanged"


@app.route("/untouched")
def untouched() -> str:
    """Never look at the session."""
    return "untouched"
