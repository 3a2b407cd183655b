"""The routes command."""

from __future__ import annotations

import typing as t

import pytest
from click.testing import CliRunner, Result

from flask import Flask
from flask.cli import FlaskGroup


@pytest.fixture
def routes_app() -> Flask:
    app = Flask("routes_app")
    app.add_url_rule(
        "/get_post/<int:x>/<int:y>", methods=["GET", "POST"], endpoint="yyy_get_post"
    )
    app.add_url_rule("/zzz_post", methods=["POST"], endpoint="aaa_post")
    return app


def routes(runner: CliRunner, app: Flask, *args: str) -> Result:
    result = runner.invoke(FlaskGroup(create_app=lambda: app), ["routes", *args])
    assert result.exit_code == 0, result.output
    return result


def endpoints(result: Result) -> list[str]:
    return [line.split()[0] for line in result.output.splitlines()[2:]]


def test_table_format(runner: CliRunner, routes_app: Flask) -> None:
    assert routes(runner, routes_app).output.splitlines() == [
        "Endpoint      Methods    Rule                     ",
        "------------  ---------  -------------------------",
        "aaa_post      POST       /zzz_post                ",
        "static        GET        /static/<path:filename>  ",
        "yyy_get_post  GET, POST  /get_post/<int:x>/<int:y>",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["aaa_post", "static", "yyy_get_post"]),
        (("-s", "endpoint"), ["aaa_post", "static", "yyy_get_post"]),
        (("--sort", "methods"), ["static", "yyy_get_post", "aaa_post"]),
        (("--sort", "rule"), ["yyy_get_post", "static", "aaa_post"]),
    ],
)
def test_sort_orders(
    runner: CliRunner, routes_app: Flask, args: tuple[str, ...], expected: list[str]
) -> None:
    assert endpoints(routes(runner, routes_app, *args)) == expected


@pytest.mark.parametrize("order", ["match", "domain"])
def test_match_order(runner: CliRunner, routes_app: Flask, order: str) -> None:
    # Without a domain column, sorting by domain keeps the matching order too.
    matching = [rule.endpoint for rule in routes_app.url_map.iter_rules()]
    assert endpoints(routes(runner, routes_app, "--sort", order)) == matching


def test_unknown_sort_is_rejected(runner: CliRunner, routes_app: Flask) -> None:
    result = runner.invoke(
        FlaskGroup(create_app=lambda: routes_app), ["routes", "-s", "size"]
    )
    assert result.exit_code == 2


def test_all_methods(runner: CliRunner, routes_app: Flask) -> None:
    assert "OPTIONS" not in routes(runner, routes_app).output
    assert "HEAD" not in routes(runner, routes_app).output
    output = routes(runner, routes_app, "--all-methods").output
    assert "GET, HEAD, OPTIONS, POST" in output
    assert "OPTIONS, POST" in output


def test_no_routes(runner: CliRunner) -> None:
    app = Flask("empty", static_folder=None)
    assert routes(runner, app).output == "No routes were registered.\n"


def test_subdomain_column(runner: CliRunner) -> None:
    app = Flask("subdomains", static_folder=None)
    app.add_url_rule("/b", subdomain="zeta", endpoint="b")
    app.add_url_rule("/a", subdomain="alpha", endpoint="a")
    app.add_url_rule("/c", endpoint="c")
    lines = routes(runner, app).output.splitlines()
    assert lines[0].split() == ["Endpoint", "Methods", "Subdomain", "Rule"]
    assert lines[2].split() == ["a", "GET", "alpha", "/a"]
    assert lines[4].split() == ["c", "GET", "/c"]
    by_domain = routes(runner, app, "-s", "domain").output.splitlines()[2:]
    assert [line.split()[0] for line in by_domain] == ["c", "a", "b"]


def test_host_column(runner: CliRunner) -> None:
    app = Flask("hosts", static_folder=None, host_matching=True)
    app.add_url_rule("/a", host="a.example", endpoint="a")
    app.add_url_rule("/b", host="b.example", endpoint="b")
    lines = routes(runner, app).output.splitlines()
    assert lines[0].split() == ["Endpoint", "Methods", "Host", "Rule"]
    assert "Subdomain" not in lines[0]
    assert lines[3].split() == ["b", "GET", "b.example", "/b"]


def test_blueprint_endpoints_listed(runner: CliRunner) -> None:
    from flask import Blueprint

    app = Flask("with_blueprint", static_folder=None)
    bp = Blueprint("shop", __name__, url_prefix="/shop")

    @bp.route("/items", methods=["GET", "PUT"])
    def items() -> t.Any:
        return ""

    app.register_blueprint(bp)
    lines = routes(runner, app).output.splitlines()
    assert lines[2].split() == ["shop.items", "GET,", "PUT", "/shop/items"]
