"""The application of the ``flask routes`` cold-start scenario: 100 rules.

``flask --app routes_app routes`` loads it through each implementation's
``flask`` command and lists its rules. Flask's public API only.
"""

from __future__ import annotations

from flask import Blueprint, Flask

#: How many rules the application has (static files' rule not counted).
ROUTES = 100

app = Flask(__name__)
shop = Blueprint("shop", __name__, url_prefix="/shop")


def _view(**values: object) -> str:
    return "ok"


for _number in range(ROUTES // 2):
    app.add_url_rule(
        f"/page{_number}/<int:item_id>",
        endpoint=f"page{_number}",
        view_func=_view,
        methods=["GET", "POST"] if _number % 3 == 0 else None,
    )
    shop.add_url_rule(
        f"/item{_number}/<slug>", endpoint=f"item{_number}", view_func=_view
    )

app.register_blueprint(shop)
