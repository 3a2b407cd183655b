"""Flask's signals, built on blinker (the flask-signals distribution).

flask-core does not import this module. Until it is imported, core's
:data:`flask.seams.signal_hub` is ``None`` and core skips every emission with
one ``is None`` check: no receiver can exist before this module is loaded, so
nothing is missed. Importing the module (directly, or through a name such as
``flask.request_started``) registers it as the hub, and from then on core
sends each signal below at the point Flask 3.1 does, passing
``_async_wrapper=app.ensure_sync`` so coroutine receivers run as well.

Connect receivers as usual with blinker::

    from flask import request_started

    @request_started.connect_via(app)
    def log_start(sender, **extra):
        ...
"""

from __future__ import annotations

import sys

from blinker import Namespace as Namespace  # re-exported

from . import seams

#: The namespace that owns every signal Flask sends. Extensions make their own
#: :class:`Namespace` rather than adding names here.
_signals = Namespace()

#: Sent after a template was rendered; ``template`` and ``context`` kwargs.
template_rendered = _signals.signal("template-rendered")
#: Sent just before a template is rendered; ``template`` and ``context``.
before_render_template = _signals.signal("before-render-template")
#: Sent when request handling starts, before any before-request hook.
request_started = _signals.signal("request-started")
#: Sent with the final ``response`` once it has been built.
request_finished = _signals.signal("request-finished")
#: Sent while the request context is torn down; ``exc`` kwarg.
request_tearing_down = _signals.signal("request-tearing-down")
#: Sent when an unhandled exception reaches the app; ``exception`` kwarg.
got_request_exception = _signals.signal("got-request-exception")
#: Sent while the application context is torn down; ``exc`` kwarg.
appcontext_tearing_down = _signals.signal("appcontext-tearing-down")
#: Sent after an application context was pushed.
appcontext_pushed = _signals.signal("appcontext-pushed")
#: Sent after an application context was popped.
appcontext_popped = _signals.signal("appcontext-popped")
#: Sent by :func:`flask.flash`; ``message`` and ``category`` kwargs.
message_flashed = _signals.signal("message-flashed")

seams.register_signal_hub(sys.modules[__name__])
