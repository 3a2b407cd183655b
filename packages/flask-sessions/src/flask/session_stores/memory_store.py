"""A session store in the memory of one process.

For tests and for apps served by a single process: records vanish when the
process ends, and other processes (another gunicorn worker, another host)
never see them.
"""

from __future__ import annotations

import threading
import time
import typing as t
from datetime import timedelta

from .base import SessionStore, SessionUpdate


class MemoryStore(SessionStore):
    """Records in a dict guarded by a lock.

    :param clock: the time in seconds, used for expiry; a monotonic clock by
        default (tests may pass their own).
    """

    def __init__(self, clock: t.Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # By session id: the expiry time and the record.
        self._records: dict[str, tuple[float, dict[str, str]]] = {}

    def _live(self, session_id: str, now: float) -> dict[str, str] | None:
        """The unexpired record of ``session_id``; call with the lock held."""
        entry = self._records.get(session_id)
        if entry is None:
            return None
        expires, record = entry
        if expires <= now:
            del self._records[session_id]
            return None
        return record

    def load(
        self, session_id: str, refresh: timedelta | None = None
    ) -> dict[str, str] | None:
        """A copy of the record, or ``None``."""
        with self._lock:
            now = self._clock()
            record = self._live(session_id, now)
            if record is None:
                return None
            if refresh is not None:
                self._records[session_id] = (now + refresh.total_seconds(), record)
            return dict(record)

    def save(self, session_id: str, update: SessionUpdate) -> bool:
        """Apply ``update`` under the lock."""
        with self._lock:
            now = self._clock()
            record: dict[str, str] = {}
            if not update.new:
                found = self._live(update.previous_id or session_id, now)
                if found is None:
                    return False
                record = found
                if update.previous_id is not None:
                    del self._records[update.previous_id]
            record.update(update.changed)
            for key in update.removed:
                record.pop(key, None)
            expires = now + update.lifetime.total_seconds()
            self._records[session_id] = (expires, record)
            return True

    def delete(self, session_id: str) -> None:
        """Forget the record."""
        with self._lock:
            self._records.pop(session_id, None)

    def delete_expired(self) -> int:
        """Forget every expired record."""
        with self._lock:
            now = self._clock()
            expired = [
                sid for sid, (expires, _) in self._records.items() if expires <= now
            ]
            for session_id in expired:
                del self._records[session_id]
            return len(expired)

    def __len__(self) -> int:
        """How many records are kept, expired ones included until swept."""
        return len(self._records)
