"""The application both implementations serve in the benchmarks.

Written only against Flask's public API, so that the very same file runs on
real Flask 3.1.3 and on modular Flask. Each scenario of ``run.py`` requests
one of the URLs below; gunicorn serves ``bench_app:app``.
"""

from __future__ import annotations

import typing as t

from flask import Blueprint, Flask, render_template, request, session

#: How many extra parameterised rules the URL map holds besides the benchmark's.
EXTRA_RULES = 200

app = Flask(__name__)
app.config["SECRET_KEY"] = "benchmark-secret-key"

_ITEMS = [{"name": f"item {number}", "price": number * 3} for number in range(10)]


@app.route("/")
def hello() -> str:
    return "Hello, World!"


@app.route("/json")
def as_json() -> dict[str, t.Any]:
    return {"message": "Hello, World!", "numbers": [1, 2, 3], "ok": True}


def _catalogue_view(**values: t.Any) -> str:
    return "catalogue"


for _number in range(EXTRA_RULES):
    app.add_url_rule(
        f"/catalogue{_number}/<int:item_id>/<name>",
        endpoint=f"catalogue{_number}",
        view_func=_catalogue_view,
    )


@app.route("/users/<int:user_id>/posts/<slug>")
def user_post(user_id: int, slug: str) -> str:
    return f"post {slug} of user {user_id}"


@app.route("/template")
def template() -> str:
    return render_template("items.html", title="Items", items=_ITEMS)


@app.route("/session")
def counter() -> str:
    visits = session.get("visits", 0) + 1
    session["visits"] = visits
    return f"visit {visits}"


@app.route("/form", methods=["POST"])
def form() -> str:
    fields = request.form
    return f"{len(fields)} fields, first={fields['field0']}"


hooked = Blueprint("hooked", __name__, url_prefix="/hooked")


def _mark_before(name: str) -> t.Callable[[], None]:
    def before() -> None:
        request.environ.setdefault("bench.before", []).append(name)

    return before


def _mark_after(name: str) -> t.Callable[[t.Any], t.Any]:
    def after(response: t.Any) -> t.Any:
        response.headers[f"X-After-{name}"] = "1"
        return response

    return after


for _name in ("one", "two", "three"):
    hooked.before_request(_mark_before(_name))
    hooked.after_request(_mark_after(_name))


@hooked.route("/")
def hooked_index() -> str:
    return "hooked " + ",".join(request.environ["bench.before"])


app.register_blueprint(hooked)
