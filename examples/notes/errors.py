"""Error responses: JSON under the API's prefix, an HTML page everywhere else."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException

import flask

from . import api


def is_api_request() -> bool:
    """Whether the current request's path lies under the JSON API.

    The path decides, not the blueprint: a URL that matches no route (say
    ``/api/nothing``) belongs to no blueprint, and must still get JSON.
    """
    path = flask.request.path
    return path == api.URL_PREFIX or path.startswith(api.URL_PREFIX + "/")


def http_error(
    error: HTTPException,
) -> tuple[str | dict[str, str], int, list[tuple[str, str]]]:
    """Answer an HTTP error (a 404, a 405, a 413, a 500 ...) in the client's
    language: ``{"error": description}`` for the API, a page for people.

    The error's own headers are kept (``Allow`` on a 405, for example); only
    its content type is replaced.
    """
    code = error.code or 500
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if is_api_request():
        return {"error": error.description or error.name}, code, headers
    return flask.render_template("error.html", error=error), code, headers


def init_app(app: flask.Flask) -> None:
    """Register the handler for every HTTP error.

    Unexpected exceptions reach it too, as a 500 ``InternalServerError``
    (outside debug mode); redirects raised by routing never do.
    """
    app.register_error_handler(HTTPException, http_error)
