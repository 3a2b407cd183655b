"""The ``flask sessions`` command group, for apps with server-side sessions.

flask-sessions registers it under the ``flask.commands`` entry point group,
so flask-cli imports it only when the ``flask`` command runs (this module
needs click, which flask-sessions itself does not depend on).
"""

from __future__ import annotations

import click

from ..cli import AppGroup
from ..globals import current_app

#: ``flask sessions``: its commands run with the app's context pushed.
sessions = AppGroup("sessions", help="Manage the app's server-side sessions.")


@sessions.command("clean")
def clean_command() -> None:
    """Delete expired sessions from the session store.

    Redis expires sessions by itself; an SQL database needs this run now and
    then (from cron, a systemd timer, or a scheduler).
    """
    from .base import SessionStoreUnavailable
    from .interface import ServerSideSessionInterface

    interface = current_app.session_interface
    if not isinstance(interface, ServerSideSessionInterface):
        raise click.UsageError(
            "The app does not use server-side sessions (set SESSION_TYPE to"
            " 'redis', 'sqlalchemy' or 'memory'), so there is nothing to clean."
        )
    try:
        removed = interface.store.delete_expired()
    except SessionStoreUnavailable as error:
        cause = error.__cause__ or error
        raise click.ClickException(
            f"The session store is unavailable: {type(cause).__name__}: {cause}"
        ) from error
    noun = "session" if removed == 1 else "sessions"
    click.echo(f"Removed {removed} expired {noun}.")
