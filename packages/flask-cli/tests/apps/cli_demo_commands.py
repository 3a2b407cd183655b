"""An app with custom commands, used by the subprocess tests."""

from __future__ import annotations

import os

import click

from flask import Blueprint, Flask, current_app

app = Flask("cli_demo_commands")
reports = Blueprint("reports", __name__, cli_group="reports")


@app.route("/greet/<name>", methods=["GET", "POST"])
def greet(name: str) -> str:
    return name


@app.cli.command("hello")
@click.argument("name")
@click.option("--shout", is_flag=True)
def hello(name: str, shout: bool) -> None:
    text = f"Hello, {name} from {current_app.name}"
    click.echo(text.upper() if shout else text)


@app.cli.command("show-debug")
def show_debug() -> None:
    click.echo(f"debug={current_app.debug} FLASK_DEBUG={os.environ.get('FLASK_DEBUG')}")


@app.cli.command("show-env")
@click.argument("name")
def show_env(name: str) -> None:
    click.echo(f"{name}={os.environ.get(name)}")


@reports.cli.command("daily")
def daily() -> None:
    click.echo(f"daily report for {current_app.name}")


app.register_blueprint(reports)
