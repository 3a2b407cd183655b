"""A WSGI environ builder that knows the application it builds for.

:meth:`Flask.test_request_context` uses it; flask-testing's
``flask.testing.EnvironBuilder`` subclasses it for the test client.
"""

from __future__ import annotations

import typing as t
from urllib.parse import urlsplit

import werkzeug.test

if t.TYPE_CHECKING:
    from .sansio.app import App


def _app_base_url(app: App, subdomain: str | None, url_scheme: str | None) -> str:
    """Build the base URL (scheme, host, application root) from the config."""
    config = app.config
    host = config.get("SERVER_NAME") or "localhost"
    if subdomain:
        host = f"{subdomain}.{host}"
    scheme = url_scheme if url_scheme is not None else config["PREFERRED_URL_SCHEME"]
    root = config["APPLICATION_ROOT"].lstrip("/")
    return f"{scheme}://{host}/{root}"


class EnvironBuilder(werkzeug.test.EnvironBuilder):
    """Werkzeug's :class:`~werkzeug.test.EnvironBuilder`, with defaults taken
    from the application.

    Unless ``base_url`` is given, the host comes from ``SERVER_NAME``
    (``localhost`` without it, prefixed by ``subdomain`` if given), the
    scheme from ``url_scheme`` or ``PREFERRED_URL_SCHEME``, and the script
    root from ``APPLICATION_ROOT``. A scheme or host inside ``path`` itself
    wins over those. JSON bodies are serialised with ``app.json``.

    :param app: the application the environ is built for.
    :param path: the URL path, optionally with a query string, scheme and host.
    :param base_url: the full base URL; excludes ``subdomain`` and ``url_scheme``.
    :param subdomain: a subdomain to put in front of ``SERVER_NAME``.
    :param url_scheme: the scheme, instead of ``PREFERRED_URL_SCHEME``.
    """

    def __init__(
        self,
        app: App,
        path: str = "/",
        base_url: str | None = None,
        subdomain: str | None = None,
        url_scheme: str | None = None,
        *args: t.Any,
        **kwargs: t.Any,
    ) -> None:
        if base_url is not None:
            assert not (subdomain or url_scheme), (
                "'subdomain' and 'url_scheme' cannot be combined with 'base_url'."
            )
        else:
            parts = urlsplit(path)
            base_url = _app_base_url(app, subdomain, url_scheme)
            if parts.scheme or parts.netloc:
                given = urlsplit(base_url)
                base_url = given._replace(
                    scheme=parts.scheme or given.scheme,
                    netloc=parts.netloc or given.netloc,
                ).geturl()
            path = parts.path
            if parts.query:
                path = f"{path}?{parts.query}"
        self.app = app
        super().__init__(path, base_url, *args, **kwargs)

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialise ``obj`` for the ``json`` argument with the app's provider."""
        return self.app.json.dumps(obj, **kwargs)
