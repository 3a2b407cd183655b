"""Tests of error handling: HTTP errors, user exceptions, unhandled
exceptions, propagation, logging and the error signal."""

from __future__ import annotations

import logging
import sys
import typing as t

import pytest
from werkzeug.exceptions import (
    BadRequest,
    BadRequestKeyError,
    Forbidden,
    HTTPException,
    InternalServerError,
    NotFound,
)
from werkzeug.routing import RequestRedirect
from werkzeug.test import Client

import flask

if t.TYPE_CHECKING:
    from conftest import RecordingHub


@pytest.fixture
def quiet_app(app: flask.Flask, monkeypatch: pytest.MonkeyPatch) -> flask.Flask:
    """An app that turns unhandled errors into 500s instead of raising, with
    its (process-wide) logger muted for the test."""
    app.testing = False
    monkeypatch.setattr(app.logger, "disabled", True)
    return app


def test_http_error_without_handler_is_the_response(
    app: flask.Flask, client: Client
) -> None:
    @app.route("/")
    def index() -> str:
        flask.abort(403)

    response = client.get("/")
    assert response.status_code == 403
    assert b"Forbidden" in response.data


def test_http_error_handler_by_code_and_class(app: flask.Flask, client: Client) -> None:
    @app.errorhandler(404)
    def not_found(error: HTTPException) -> tuple[str, int]:
        return f"missing:{error.code}", 404

    @app.errorhandler(Forbidden)
    def forbidden(error: HTTPException) -> tuple[str, int]:
        return "no entry", 403

    @app.route("/secret")
    def secret() -> str:
        raise Forbidden()

    assert client.get("/nowhere").data == b"missing:404"
    response = client.get("/secret")
    assert (response.status_code, response.data) == (403, b"no entry")


def test_handle_http_exception_returns_exception_without_handler(
    app: flask.Flask,
) -> None:
    with app.test_request_context():
        error = NotFound()
        assert app.handle_http_exception(error) is error


def test_handle_http_exception_leaves_codeless_and_routing_errors(
    app: flask.Flask,
) -> None:
    app.register_error_handler(HTTPException, lambda e: "handled")
    with app.test_request_context():
        codeless = HTTPException()
        assert codeless.code is None
        assert app.handle_http_exception(codeless) is codeless
        redirect = RequestRedirect("http://localhost/new")
        assert app.handle_http_exception(redirect) is redirect
        assert app.handle_http_exception(NotFound()) == "handled"


def test_generic_http_exception_handler(app: flask.Flask, client: Client) -> None:
    @app.errorhandler(HTTPException)
    def any_http(error: HTTPException) -> tuple[str, int]:
        return f"http {error.code}", error.code or 500

    @app.route("/")
    def index() -> str:
        flask.abort(409)

    assert client.get("/").data == b"http 409"
    assert client.get("/missing").data == b"http 404"


def test_user_exception_handler(app: flask.Flask, client: Client) -> None:
    class AppError(Exception):
        pass

    @app.errorhandler(AppError)
    def handle(error: AppError) -> tuple[str, int]:
        return f"handled {error}", 418

    @app.route("/")
    def index() -> str:
        raise AppError("oops")

    response = client.get("/")
    assert (response.status_code, response.data) == (418, b"handled oops")


def test_user_exception_handler_for_base_class(
    app: flask.Flask, client: Client
) -> None:
    @app.errorhandler(LookupError)
    def handle(error: LookupError) -> str:
        return type(error).__name__

    @app.route("/")
    def index() -> str:
        raise KeyError("k")

    assert client.get("/").data == b"KeyError"


def test_handle_user_exception_reraises_without_handler(app: flask.Flask) -> None:
    with app.test_request_context():
        try:
            raise ValueError("unhandled")
        except ValueError as error:
            with pytest.raises(ValueError, match="unhandled"):
                app.handle_user_exception(error)


def test_trap_http_exceptions(app: flask.Flask, client: Client) -> None:
    app.config["TRAP_HTTP_EXCEPTIONS"] = True

    @app.route("/")
    def index() -> str:
        flask.abort(404)

    with pytest.raises(NotFound):
        client.get("/")


def test_trapped_http_exception_goes_to_user_handler(
    app: flask.Flask, client: Client
) -> None:
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    app.register_error_handler(NotFound, lambda e: ("trapped", 404))

    @app.route("/")
    def index() -> str:
        flask.abort(404)

    assert client.get("/").data == b"trapped"


def test_bad_request_key_error_trapped_in_debug(
    app: flask.Flask, client: Client
) -> None:
    @app.route("/", methods=["POST"])
    def index() -> str:
        return flask.request.form["missing"]

    # testing mode alone: a 400 whose description stays generic
    response = client.post("/")
    assert response.status_code == 400
    assert b"missing" not in response.data

    app.debug = True
    # in debug mode BadRequest errors are trapped and propagate
    with pytest.raises(BadRequestKeyError):
        client.post("/")


def test_bad_request_key_error_shows_key_when_configured(app: flask.Flask) -> None:
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    app.debug = True
    with app.test_request_context():
        try:
            raise BadRequestKeyError("name")
        except BadRequestKeyError as error:
            response = app.handle_user_exception(error)
            assert error.show_exception is True
            assert response is error
            assert "name" in error.get_description()


def test_unhandled_exception_propagates_in_testing(
    app: flask.Flask, client: Client
) -> None:
    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError("divide")

    with pytest.raises(ZeroDivisionError):
        client.get("/")


def test_unhandled_exception_becomes_500(
    quiet_app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    @quiet_app.route("/")
    def index() -> str:
        raise ZeroDivisionError("divide")

    response = Client(quiet_app, quiet_app.response_class).get("/")
    assert response.status_code == 500
    assert b"Internal Server Error" in response.data


@pytest.mark.parametrize(
    ("testing", "debug", "setting", "propagates"),
    [
        (False, False, None, False),
        (True, False, None, True),
        (False, True, None, True),
        (True, True, False, False),
        (False, False, True, True),
    ],
)
def test_propagate_exceptions(
    quiet_app: flask.Flask,
    testing: bool,
    debug: bool,
    setting: bool | None,
    propagates: bool,
) -> None:
    quiet_app.testing = testing
    quiet_app.config["DEBUG"] = debug
    quiet_app.config["PROPAGATE_EXCEPTIONS"] = setting

    @quiet_app.route("/")
    def index() -> str:
        raise RuntimeError("x")

    client = Client(quiet_app, quiet_app.response_class)
    if propagates:
        with pytest.raises(RuntimeError):
            client.get("/")
    else:
        assert client.get("/").status_code == 500


def test_500_handler_receives_internal_server_error(
    quiet_app: flask.Flask,
) -> None:
    seen: list[t.Any] = []

    @quiet_app.errorhandler(500)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        seen.append(error)
        return "sorry", 500

    @quiet_app.route("/")
    def index() -> str:
        raise KeyError("deep")

    response = Client(quiet_app, quiet_app.response_class).get("/")
    assert (response.status_code, response.data) == (500, b"sorry")
    assert isinstance(seen[0], InternalServerError)
    assert isinstance(seen[0].original_exception, KeyError)


def test_exception_handler_catches_unhandled_as_user_error(
    quiet_app: flask.Flask,
) -> None:
    @quiet_app.errorhandler(Exception)
    def everything(error: Exception) -> str:
        return f"caught {type(error).__name__}"

    @quiet_app.route("/")
    def index() -> str:
        raise OSError()

    assert Client(quiet_app).get("/").data == b"caught OSError"


def test_error_in_error_handler_becomes_500(quiet_app: flask.Flask) -> None:
    @quiet_app.errorhandler(ValueError)
    def broken(error: ValueError) -> str:
        raise TypeError("handler broke")

    @quiet_app.route("/")
    def index() -> str:
        raise ValueError()

    assert Client(quiet_app).get("/").status_code == 500


def test_log_exception(app: flask.Flask, caplog: pytest.LogCaptureFixture) -> None:
    with app.test_request_context("/path", method="PATCH"):
        try:
            raise ValueError("logged")
        except ValueError:
            with caplog.at_level(logging.ERROR, logger=app.logger.name):
                app.log_exception(sys.exc_info())
    record = caplog.records[-1]
    assert record.getMessage() == "Exception on /path [PATCH]"
    assert record.exc_info is not None
    assert record.exc_info[0] is ValueError


def test_unhandled_exception_is_logged(
    app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    app.testing = False

    @app.route("/fail")
    def fail() -> str:
        raise RuntimeError("logged")

    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        Client(app).get("/fail")
    assert any(
        record.getMessage() == "Exception on /fail [GET]" for record in caplog.records
    )


def test_log_exception_override(quiet_app: flask.Flask) -> None:
    logged: list[t.Any] = []
    quiet_app.log_exception = logged.append  # type: ignore[method-assign, assignment]

    @quiet_app.route("/")
    def index() -> str:
        raise RuntimeError("x")

    Client(quiet_app).get("/")
    assert logged[0][0] is RuntimeError


def test_finalize_request_failure_in_error_path_is_logged(
    quiet_app: flask.Flask, caplog: pytest.LogCaptureFixture
) -> None:
    quiet_app.logger.disabled = False

    @quiet_app.after_request
    def explode(response: flask.Response) -> flask.Response:
        raise RuntimeError("after_request broke")

    @quiet_app.route("/")
    def index() -> str:
        raise ValueError("view broke")

    with caplog.at_level(logging.ERROR, logger=quiet_app.logger.name):
        response = Client(quiet_app).get("/")
    assert response.status_code == 500
    assert any(
        record.exc_info and record.exc_info[0] is RuntimeError
        for record in caplog.records
    )


def test_finalize_request_failure_outside_error_path_raises(
    app: flask.Flask,
) -> None:
    @app.after_request
    def explode(response: flask.Response) -> flask.Response:
        raise RuntimeError("after_request broke")

    with app.test_request_context():
        with pytest.raises(RuntimeError):
            app.finalize_request("body")
        response = app.finalize_request("body", from_error_handler=True)
        assert response.data == b"body"


def test_got_request_exception_signal(
    quiet_app: flask.Flask, signal_hub: RecordingHub
) -> None:
    sent = signal_hub.log
    error = LookupError("signal me")

    @quiet_app.route("/")
    def index() -> str:
        raise error

    Client(quiet_app).get("/")
    matching = [entry for entry in sent if entry[0] == "got_request_exception"]
    assert len(matching) == 1
    _, sender, kwargs = matching[0]
    assert sender is quiet_app
    assert kwargs == {"_async_wrapper": quiet_app.ensure_sync, "exception": error}


def test_should_ignore_error_hides_error_from_teardown(
    quiet_app: flask.Flask,
) -> None:
    seen: list[t.Any] = []
    quiet_app.teardown_request(seen.append)
    quiet_app.should_ignore_error = lambda error: True  # type: ignore[method-assign]

    @quiet_app.route("/")
    def index() -> str:
        raise RuntimeError("ignored")

    assert Client(quiet_app).get("/").status_code == 500
    assert seen == [None]


def test_teardown_receives_unhandled_error(quiet_app: flask.Flask) -> None:
    seen: list[t.Any] = []
    quiet_app.teardown_request(seen.append)
    error = RuntimeError("visible")

    @quiet_app.route("/")
    def index() -> str:
        raise error

    Client(quiet_app).get("/")
    assert seen == [error]


def test_blueprint_error_handler_wins_for_its_requests(
    app: flask.Flask, client: Client
) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.errorhandler(ValueError)
    def bp_handler(error: ValueError) -> str:
        return "blueprint"

    @app.errorhandler(ValueError)
    def app_handler(error: ValueError) -> str:
        return "app"

    @bp.route("/in")
    def inside() -> str:
        raise ValueError()

    @app.route("/out")
    def outside() -> str:
        raise ValueError()

    app.register_blueprint(bp, url_prefix="/bp")
    assert client.get("/bp/in").data == b"blueprint"
    assert client.get("/out").data == b"app"


def test_bad_request_from_abort_with_description(
    app: flask.Flask, client: Client
) -> None:
    @app.route("/")
    def index() -> str:
        raise BadRequest("custom description")

    response = client.get("/")
    assert response.status_code == 400
    assert b"custom description" in response.data
