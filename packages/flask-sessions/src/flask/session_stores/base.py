"""The contract between server-side sessions and the stores that keep them.

A store keeps one *record* per session id: a mapping from session keys to
their serialized values (text), with an expiry. The session interface never
writes a whole session back; it hands the store a :class:`SessionUpdate`
naming the keys this request changed and the keys it removed, and the store
applies exactly that, atomically. Two requests of one session that changed
different keys therefore both keep their changes.

To add a store, subclass :class:`SessionStore` and implement its four
methods; raise :class:`SessionStoreUnavailable` when the backend cannot be
reached.
"""

from __future__ import annotations

import abc
import typing as t
from dataclasses import dataclass, field
from datetime import timedelta

from werkzeug.exceptions import ServiceUnavailable


class SessionStoreUnavailable(ServiceUnavailable):
    """The session store could not be reached (connection refused, timed out,
    database locked or gone).

    It is an HTTP 503 error: raised while a view reads the session, it
    becomes a "503 Service Unavailable" response (and the app's 503 error
    handler applies). Stores raise it with the backend's own exception as
    its ``__cause__``.
    """

    description = (
        "The session store is unavailable at the moment, so this request"
        " could not use its session. Please try again shortly."
    )


@dataclass(frozen=True)
class SessionUpdate:
    """What one request does to one session record.

    :param lifetime: the record expires this long after the update.
    :param changed: the keys to write, with their serialized values.
    :param removed: the keys to delete.
    :param new: create the record (its id is fresh and unused) rather than
        update an existing one.
    :param previous_id: move the record from this id to the new one first
        (the session was regenerated).
    """

    lifetime: timedelta
    changed: t.Mapping[str, str] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    new: bool = False
    previous_id: str | None = None


class SessionStore(abc.ABC):
    """Where server-side sessions live. One instance serves every request and
    thread of an app, so implementations must be thread-safe."""

    @abc.abstractmethod
    def load(
        self, session_id: str, refresh: timedelta | None = None
    ) -> dict[str, str] | None:
        """Return the record of ``session_id`` (session keys to serialized
        values, possibly empty), or ``None`` when there is no unexpired
        record of that id. With ``refresh``, also set the record's expiry to
        that long from now, changing nothing else
        (``SESSION_REFRESH_EACH_REQUEST``)."""

    @abc.abstractmethod
    def save(self, session_id: str, update: SessionUpdate) -> bool:
        """Apply ``update`` to the record of ``session_id`` atomically, and set
        its expiry to ``update.lifetime`` from now.

        With ``update.new`` the record is created. Otherwise the record must
        still exist (at ``update.previous_id`` when that is given, moving it
        to ``session_id``): if it was deleted, regenerated or has expired
        since it was loaded, nothing is written and ``False`` is returned.
        """

    @abc.abstractmethod
    def delete(self, session_id: str) -> None:
        """Remove the record of ``session_id``, if there is one."""

    @abc.abstractmethod
    def delete_expired(self) -> int:
        """Remove every expired record and return how many were removed.
        Stores whose backend expires records by itself return 0. The
        ``flask sessions clean`` command calls it."""
