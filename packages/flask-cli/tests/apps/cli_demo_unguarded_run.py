"""An app module that calls app.run() at import time, without a
``__name__ == "__main__"`` guard: under the flask command that call must
return at once instead of starting a server."""

from __future__ import annotations

import click

from flask import Flask

app = Flask("cli_demo_unguarded_run")


@app.cli.command("ping")
def ping() -> None:
    click.echo("pong")


app.run(port=1)
