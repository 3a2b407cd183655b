"""The blueprint class applications use: the sans-IO blueprint plus serving
its static files and reading files from its folder."""

from __future__ import annotations

import os
import typing as t
from datetime import timedelta

from .globals import current_app
from .sansio.blueprints import Blueprint as SansioBlueprint
from .sansio.blueprints import BlueprintSetupState as BlueprintSetupState

if t.TYPE_CHECKING:
    from click import Group

    from .wrappers import Response

#: Modes accepted by :meth:`Blueprint.open_resource`: reading only.
_READ_MODES = frozenset({"r", "rt", "rb"})


class Blueprint(SansioBlueprint):
    """A set of routes, hooks, templates and static files that can be
    registered on a :class:`~flask.Flask` application. See
    :class:`flask.sansio.blueprints.Blueprint` for the parameters."""

    def _make_cli_group(self) -> Group:
        group = super()._make_cli_group()
        group.name = self.name
        return group

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """Cache lifetime in seconds for a static file served by
        :meth:`send_static_file`.

        It reads the app's ``SEND_FILE_MAX_AGE_DEFAULT``: ``None`` (the
        default) lets the browser revalidate with conditional requests.
        Override it to choose a lifetime per file.
        """
        configured = current_app.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if configured is None:
            return None
        if isinstance(configured, timedelta):
            return int(configured.total_seconds())
        return int(configured)

    def send_static_file(self, filename: str) -> Response:
        """Serve ``filename`` from :attr:`static_folder`; the view of the
        blueprint's ``static`` endpoint."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        from .helpers import send_from_directory

        # send_file only asks the app for the cache lifetime, so the
        # blueprint's own setting is passed explicitly.
        lifetime = self.get_send_file_max_age(filename)
        return send_from_directory(
            t.cast(str, self.static_folder), filename, max_age=lifetime
        )

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.AnyStr]:
        """Open a file below :attr:`root_path` for reading.

        :param resource: path relative to the blueprint's folder.
        :param mode: ``"rb"`` (default), ``"r"`` or ``"rt"``.
        :param encoding: text encoding, used for the text modes only.
        """
        if mode not in _READ_MODES:
            raise ValueError("Resources can only be opened for reading.")
        full_path = os.path.join(self.root_path, resource)
        if "b" in mode:
            return open(full_path, mode)
        return open(full_path, mode, encoding=encoding)
