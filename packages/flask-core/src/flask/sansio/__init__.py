"""The parts of Flask that never touch a socket, a file or a WSGI environ.

:class:`~flask.sansio.scaffold.Scaffold` holds what applications and
blueprints share, :class:`~flask.sansio.app.App` the application's
registries, and :mod:`flask.sansio.blueprints` the deferred recording that a
blueprint replays on the application when it is registered.
"""
