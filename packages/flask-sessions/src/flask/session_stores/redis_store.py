"""A session store on Redis (or Valkey), through redis-py.

It needs redis-py (the ``redis`` package, as the ``redis`` extra brings). Each session is one hash,
``<key prefix><session id>``: a field ``v:<key>`` per session key holding
the serialized value, and a field ``format`` (``1``) that keeps an emptied
session in existence. The hash's time to live is the session's expiry, so
Redis removes expired sessions by itself.

Every change runs as one Lua script on one key, which Redis executes
atomically: concurrent requests of one session cannot interleave inside a
save, and a save never recreates a record that was deleted meanwhile.
Because no operation spans two keys, the store works on Redis Cluster too
(pass a ``redis.cluster.RedisCluster``), and through Sentinel (pass
``Sentinel(...).master_for(name)``).
"""

from __future__ import annotations

import contextlib
import typing as t
from datetime import timedelta

import redis

from .base import SessionStore, SessionStoreUnavailable, SessionUpdate

if t.TYPE_CHECKING:
    from redis.cluster import RedisCluster

#: The prefix of the hash field of each session key.
VALUE_FIELD_PREFIX = "v:"

#: The field present in every record: its layout version.
FORMAT_FIELD = "format"

#: KEYS[1]: the record. ARGV: "1" to create it or "0" to update it (which
#: needs it to exist), its lifetime in milliseconds, the number N of fields
#: to set, N field/value pairs, then the fields to delete.
_SAVE_SCRIPT = """
if ARGV[1] == "0" and redis.call("EXISTS", KEYS[1]) == 0 then
  return 0
end
local count = tonumber(ARGV[3])
local fields = {"format", "1"}
for i = 4, 3 + 2 * count do
  fields[#fields + 1] = ARGV[i]
end
redis.call("HSET", KEYS[1], unpack(fields))
if #ARGV > 3 + 2 * count then
  redis.call("HDEL", KEYS[1], unpack(ARGV, 4 + 2 * count))
end
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 1
"""

#: KEYS[1]: the record; ARGV[1]: a new lifetime in milliseconds. Returns its
#: fields and values, and sets its expiry if it exists.
_LOAD_AND_REFRESH_SCRIPT = """
local record = redis.call("HGETALL", KEYS[1])
if #record > 0 then
  redis.call("PEXPIRE", KEYS[1], ARGV[1])
end
return record
"""

#: KEYS[1]: the record. Returns its fields and values and deletes it.
_TAKE_SCRIPT = """
local record = redis.call("HGETALL", KEYS[1])
if #record > 0 then
  redis.call("DEL", KEYS[1])
end
return record
"""


def _text(value: str | bytes) -> str:
    """A reply as text, whether or not the client decodes replies."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _milliseconds(lifetime: timedelta) -> int:
    """A lifetime in whole milliseconds, at least one."""
    return max(1, int(lifetime.total_seconds() * 1000))


@contextlib.contextmanager
def _unavailable_on_connection_errors() -> t.Iterator[None]:
    """Report an unreachable server as :class:`SessionStoreUnavailable`."""
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError) as error:
        raise SessionStoreUnavailable() from error


class RedisStore(SessionStore):
    """Session records in Redis.

    :param client: a redis-py client: ``redis.Redis`` (also for Valkey),
        ``Sentinel(...).master_for(...)`` or ``redis.cluster.RedisCluster``.
        Its ``decode_responses`` setting does not matter.
    :param key_prefix: put before each session id to make the record's key
        (``SESSION_KEY_PREFIX``).
    """

    def __init__(
        self, client: redis.Redis | RedisCluster, key_prefix: str = "session:"
    ) -> None:
        self.client = client
        self.key_prefix = key_prefix
        self._save_script = client.register_script(_SAVE_SCRIPT)
        self._take_script = client.register_script(_TAKE_SCRIPT)
        self._load_script = client.register_script(_LOAD_AND_REFRESH_SCRIPT)

    @classmethod
    def from_url(cls, url: str, key_prefix: str = "session:") -> RedisStore:
        """A store on a new client for ``url`` (``redis://``, ``rediss://``
        or ``unix://``). Connecting and each reply time out after 5 seconds
        unless the URL says otherwise (``?socket_timeout=...``)."""
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        return cls(client, key_prefix)

    def key(self, session_id: str) -> str:
        """The Redis key of a session's record."""
        return self.key_prefix + session_id

    def load(
        self, session_id: str, refresh: timedelta | None = None
    ) -> dict[str, str] | None:
        """One ``HGETALL``, or with ``refresh`` one script call that also
        sets the expiry."""
        key = self.key(session_id)
        with _unavailable_on_connection_errors():
            if refresh is None:
                fields = list(self.client.hgetall(key).items())
            else:
                flat = self._load_script(keys=[key], args=[_milliseconds(refresh)])
                fields = list(zip(flat[::2], flat[1::2], strict=True))
        return self._values(fields) if fields else None

    @staticmethod
    def _values(
        fields: t.Iterable[tuple[str | bytes, str | bytes]],
    ) -> dict[str, str]:
        """The session values among a record's fields, by session key."""
        values = {}
        for name, value in fields:
            field = _text(name)
            if field.startswith(VALUE_FIELD_PREFIX):
                values[field[len(VALUE_FIELD_PREFIX) :]] = _text(value)
        return values

    def save(self, session_id: str, update: SessionUpdate) -> bool:
        """One script call; a regenerated session takes two (the old record
        is read and deleted in one, written under the new id in the other)."""
        changed: t.Mapping[str, str] = update.changed
        removed: t.Iterable[str] = update.removed
        create = update.new
        if update.previous_id is not None:
            with _unavailable_on_connection_errors():
                taken = self._take_script(keys=[self.key(update.previous_id)])
            if not taken:
                return False
            values = self._values(zip(taken[::2], taken[1::2], strict=True))
            values.update(changed)
            for key in removed:
                values.pop(key, None)
            changed, removed, create = values, (), True
        arguments: list[str | int] = [
            "1" if create else "0",
            _milliseconds(update.lifetime),
            len(changed),
        ]
        for key, text in changed.items():
            arguments += [VALUE_FIELD_PREFIX + key, text]
        arguments += [VALUE_FIELD_PREFIX + key for key in removed]
        with _unavailable_on_connection_errors():
            done = self._save_script(keys=[self.key(session_id)], args=arguments)
        return bool(done)

    def delete(self, session_id: str) -> None:
        """One ``DEL``."""
        with _unavailable_on_connection_errors():
            self.client.delete(self.key(session_id))

    def delete_expired(self) -> int:
        """Nothing to do: Redis expires records by itself."""
        return 0
