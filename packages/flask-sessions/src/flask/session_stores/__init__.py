"""Server-side sessions for modular Flask (part of flask-sessions).

The cookie carries only a signed, random session id; the data lives in a
store: Redis (:mod:`flask.session_stores.redis_store`, extra ``redis``), an
SQL database (:mod:`flask.session_stores.sql_store`, extra ``sqlalchemy``)
or this process's memory (:mod:`flask.session_stores.memory_store`).

Select one with ``SESSION_TYPE`` and Flask-Session's other configuration
keys (:mod:`flask.session_stores.config`), or assign a
:class:`~flask.session_stores.interface.ServerSideSessionInterface` to
``app.session_interface``. The store contract, for writing your own, is in
:mod:`flask.session_stores.base`.

This package module imports nothing, so that loading one of its modules (the
``flask sessions`` command, say) costs only that module.
"""
