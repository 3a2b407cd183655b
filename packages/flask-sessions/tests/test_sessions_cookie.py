"""The signed session cookie: round trips, key rotation, and every config key
that shapes the cookie."""

from __future__ import annotations

import secrets
import typing as t
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from markupsafe import Markup
from werkzeug.http import parse_date

import flask
from flask.sessions import SecureCookieSessionInterface

if t.TYPE_CHECKING:
    from werkzeug.test import TestResponse

    from flask.testing import FlaskClient


def session_cookie_header(response: TestResponse, name: str = "session") -> str:
    """The one ``Set-Cookie`` header of the response for cookie ``name``."""
    headers = [
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith(f"{name}=")
    ]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def cookie_attributes(header: str) -> dict[str, str]:
    """The attributes of a ``Set-Cookie`` header, keys lower-cased."""
    attributes: dict[str, str] = {}
    for part in header.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        attributes[key.lower()] = value
    return attributes


@pytest.fixture
def store_app(app: flask.Flask) -> flask.Flask:
    """The app with views to store, read, clear and flag the session."""

    @app.route("/store")
    def store() -> str:
        flask.session.update(flask.request.args)
        return "stored"

    @app.route("/read")
    def read() -> dict[str, t.Any]:
        return {key: flask.session[key] for key in sorted(flask.session)}

    @app.route("/permanent")
    def make_permanent() -> str:
        flask.session["kept"] = "yes"
        flask.session.permanent = True
        return "permanent"

    @app.route("/clear")
    def clear() -> str:
        flask.session.clear()
        return "cleared"

    @app.route("/nothing")
    def nothing() -> str:
        return "nothing"

    return app


# -- round trips -------------------------------------------------------------


def test_values_round_trip(store_app: flask.Flask, client: FlaskClient) -> None:
    response = client.get("/store?user=ada&lang=en")
    assert response.data == b"stored"
    assert session_cookie_header(response)
    assert client.get("/read").json == {"lang": "en", "user": "ada"}


def test_tagged_types_survive_the_cookie(app: flask.Flask, client: FlaskClient) -> None:
    moment = datetime(2024, 5, 17, 12, 30, 45, tzinfo=timezone.utc)
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    seen: dict[str, t.Any] = {}

    @app.route("/set")
    def set_values() -> str:
        flask.session.update(
            pair=(1, "two"),
            raw=b"\x00\xffbytes",
            html=Markup("<b>bold</b>"),
            when=moment,
            ident=ident,
            nested={"t": (3,)},
        )
        return ""

    @app.route("/get")
    def get_values() -> str:
        seen.update(flask.session)
        return ""

    client.get("/set")
    client.get("/get")
    assert seen["pair"] == (1, "two")
    assert seen["raw"] == b"\x00\xffbytes"
    assert isinstance(seen["html"], Markup) and seen["html"] == "<b>bold</b>"
    assert seen["when"] == moment
    assert seen["ident"] == ident
    assert seen["nested"] == {"t": (3,)}


def test_session_transaction_cookie_is_read_by_views(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    with client.session_transaction() as session:
        session["user"] = "grace"
    assert client.get("/read").json == {"user": "grace"}


def test_untouched_session_sets_no_cookie(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/store?a=1")
    response = client.get("/nothing")
    assert "Set-Cookie" not in response.headers
    response = client.get("/read")
    assert "Set-Cookie" not in response.headers


def test_clearing_the_session_deletes_the_cookie(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    client.get("/store?a=1")
    response = client.get("/clear")
    header = session_cookie_header(response)
    attributes = cookie_attributes(header)
    assert header.startswith("session=;")
    assert attributes["max-age"] == "0"
    assert "Cookie" in response.vary
    assert client.get("/read").json == {}


def test_clearing_an_empty_session_deletes_the_cookie(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    """``clear()`` always counts as a change, so even on an empty session the
    response tells the browser to drop any cookie it may hold."""
    response = client.get("/clear")
    header = session_cookie_header(response)
    assert header.startswith("session=;")
    assert cookie_attributes(header)["max-age"] == "0"


def test_emptied_but_unmodified_session_is_left_alone(
    app: flask.Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        return str(len(flask.session))

    response = client.get("/")
    assert response.data == b"0"
    assert "Set-Cookie" not in response.headers


# -- keys ----------------------------------------------------------------------


def test_signing_serializer_needs_a_secret_key() -> None:
    app = flask.Flask(__name__)
    interface = SecureCookieSessionInterface()
    assert interface.get_signing_serializer(app) is None
    app.secret_key = "k"
    assert interface.get_signing_serializer(app) is not None


def test_signing_uses_the_current_key_and_accepts_fallbacks(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    app.secret_key = "old"
    old_cookie = interface.get_signing_serializer(app).dumps({"v": 1})  # type: ignore[union-attr]

    app.secret_key = "new"
    app.config["SECRET_KEY_FALLBACKS"] = ["older", "old"]
    signer = interface.get_signing_serializer(app)
    assert signer is not None
    assert signer.loads(old_cookie) == {"v": 1}
    new_cookie = signer.dumps({"v": 2})

    app.config["SECRET_KEY_FALLBACKS"] = None
    only_new = interface.get_signing_serializer(app)
    assert only_new is not None
    assert only_new.loads(new_cookie) == {"v": 2}


def test_fallback_key_cookie_is_accepted_and_resigned(app: flask.Flask) -> None:
    @app.route("/set")
    def set_value() -> str:
        flask.session["user"] = "ada"
        return ""

    @app.route("/get")
    def get_value() -> str:
        value = flask.session.get("user", "nobody")
        flask.session["visits"] = flask.session.get("visits", 0) + 1
        return str(value)

    client = app.test_client()
    app.secret_key = "retired"
    client.get("/set")

    app.secret_key = "current"
    app.config["SECRET_KEY_FALLBACKS"] = ["retired"]
    assert client.get("/get").data == b"ada"

    # The response re-signed the session with the current key only.
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/get").data == b"ada"


def test_cookie_signed_with_an_unknown_key_is_ignored(app: flask.Flask) -> None:
    @app.route("/set")
    def set_value() -> str:
        flask.session["user"] = "ada"
        return ""

    @app.route("/get")
    def get_value() -> str:
        return str(flask.session.get("user", "nobody"))

    client = app.test_client()
    client.get("/set")
    app.secret_key = "another key"
    assert client.get("/get").data == b"nobody"


def test_secret_key_changes_between_requests_are_seen(store_app: flask.Flask) -> None:
    client = store_app.test_client()
    client.get("/store?a=1")
    store_app.config["SECRET_KEY"] = "rotated without fallback"
    assert client.get("/read").json == {}


# -- config keys ---------------------------------------------------------------


def test_cookie_defaults(store_app: flask.Flask, client: FlaskClient) -> None:
    header = session_cookie_header(client.get("/store?a=1"))
    attributes = cookie_attributes(header)
    assert attributes["path"] == "/"
    assert "httponly" in attributes
    assert "secure" not in attributes
    assert "domain" not in attributes
    assert "samesite" not in attributes
    assert "partitioned" not in attributes
    assert "expires" not in attributes


def test_session_cookie_name(store_app: flask.Flask, client: FlaskClient) -> None:
    store_app.config["SESSION_COOKIE_NAME"] = "sid"
    response = client.get("/store?a=1")
    assert session_cookie_header(response, "sid")
    assert not any(
        h.startswith("session=") for h in response.headers.getlist("Set-Cookie")
    )
    assert client.get("/read").json == {"a": "1"}


def test_session_cookie_domain(store_app: flask.Flask, client: FlaskClient) -> None:
    store_app.config["SESSION_COOKIE_DOMAIN"] = "example.test"
    response = client.get("/store?a=1", base_url="http://www.example.test/")
    attributes = cookie_attributes(session_cookie_header(response))
    assert attributes["domain"] == "example.test"


def test_session_cookie_domain_is_not_taken_from_server_name(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["SERVER_NAME"] = "example.test"
    response = client.get("/store?a=1", base_url="http://example.test/")
    assert "domain" not in cookie_attributes(session_cookie_header(response))


def test_session_cookie_path(store_app: flask.Flask, client: FlaskClient) -> None:
    store_app.config["SESSION_COOKIE_PATH"] = "/members"
    response = client.get("/store?a=1")
    assert cookie_attributes(session_cookie_header(response))["path"] == "/members"


def test_cookie_path_falls_back_on_application_root(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["APPLICATION_ROOT"] = "/app"
    response = client.get("/store?a=1")
    assert cookie_attributes(session_cookie_header(response))["path"] == "/app"


def test_session_cookie_httponly_off(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["SESSION_COOKIE_HTTPONLY"] = False
    response = client.get("/store?a=1")
    assert "httponly" not in cookie_attributes(session_cookie_header(response))


def test_session_cookie_secure(store_app: flask.Flask, client: FlaskClient) -> None:
    store_app.config["SESSION_COOKIE_SECURE"] = True
    response = client.get("/store?a=1", base_url="https://localhost/")
    assert "secure" in cookie_attributes(session_cookie_header(response))


@pytest.mark.parametrize("value", ["Strict", "Lax", "None"])
def test_session_cookie_samesite(
    store_app: flask.Flask, client: FlaskClient, value: str
) -> None:
    store_app.config["SESSION_COOKIE_SAMESITE"] = value
    response = client.get("/store?a=1")
    assert cookie_attributes(session_cookie_header(response))["samesite"] == value


def test_session_cookie_samesite_invalid(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["SESSION_COOKIE_SAMESITE"] = "sometimes"
    with pytest.raises(ValueError):
        client.get("/store?a=1")


def test_session_cookie_partitioned(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["SESSION_COOKIE_PARTITIONED"] = True
    store_app.config["SESSION_COOKIE_SECURE"] = True
    response = client.get("/store?a=1", base_url="https://localhost/")
    attributes = cookie_attributes(session_cookie_header(response))
    assert "partitioned" in attributes
    assert "secure" in attributes


def test_deletion_uses_the_same_cookie_attributes(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config.update(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN="example.test",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PARTITIONED=True,
    )
    base = "https://www.example.test/"
    client.get("/store?a=1", base_url=base)
    response = client.get("/clear", base_url=base)
    header = session_cookie_header(response, "sid")
    attributes = cookie_attributes(header)
    assert header.startswith("sid=;")
    assert attributes["domain"] == "example.test"
    assert attributes["path"] == "/"
    assert attributes["samesite"] == "Lax"
    assert {"secure", "httponly", "partitioned"} <= attributes.keys()


def test_permanent_session_expires_after_the_lifetime(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=5)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    response = client.get("/permanent")
    after = datetime.now(timezone.utc)
    expires = parse_date(cookie_attributes(session_cookie_header(response))["expires"])
    assert expires is not None
    assert before + timedelta(hours=5) <= expires <= after + timedelta(hours=5)


def test_permanent_session_lifetime_as_seconds(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["PERMANENT_SESSION_LIFETIME"] = 90
    response = client.get("/permanent")
    expires = parse_date(cookie_attributes(session_cookie_header(response))["expires"])
    assert expires is not None
    remaining = expires - datetime.now(timezone.utc)
    assert timedelta(seconds=80) < remaining <= timedelta(seconds=90)


@pytest.mark.parametrize("stored", [1, 0, "yes", "", None, [1]])
def test_permanent_returns_the_stored_value(stored: object) -> None:
    session = SecureCookieSessionInterface.session_class({"_permanent": stored})
    assert session.permanent is stored


def test_should_set_cookie_gives_the_stored_permanent_value(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    session = interface.session_class({"_permanent": ""})
    assert interface.should_set_cookie(app, session) == ""
    session = interface.session_class({"_permanent": 1})
    assert interface.should_set_cookie(app, session) is True
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    assert interface.should_set_cookie(app, session) is False


def test_permanent_setter_stores_a_bool() -> None:
    session = SecureCookieSessionInterface.session_class()
    assert session.permanent is False
    session.permanent = "yes"  # type: ignore[assignment]
    assert session["_permanent"] is True


def test_get_expiration_time(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    session = interface.session_class()
    assert interface.get_expiration_time(app, session) is None
    session.permanent = True
    expires = interface.get_expiration_time(app, session)
    assert expires is not None and expires.tzinfo is not None
    expected = datetime.now(timezone.utc) + app.permanent_session_lifetime
    assert abs(expires - expected) < timedelta(seconds=5)


def test_cookie_older_than_the_lifetime_is_ignored(
    store_app: flask.Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    store_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=10)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3600)
    client.get("/store?a=1")
    monkeypatch.setattr(time, "time", real_time)
    assert client.get("/read").json == {}


def test_cookie_within_the_lifetime_is_kept(
    store_app: flask.Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    store_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=10)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 300)
    client.get("/store?a=1")
    monkeypatch.setattr(time, "time", real_time)
    assert client.get("/read").json == {"a": "1"}


@pytest.mark.parametrize("refresh", [True, False])
def test_session_refresh_each_request(
    store_app: flask.Flask, client: FlaskClient, refresh: bool
) -> None:
    store_app.config["SESSION_REFRESH_EACH_REQUEST"] = refresh
    client.get("/permanent")
    response = client.get("/nothing")
    assert ("Set-Cookie" in response.headers) is refresh
    response = client.get("/read")
    assert ("Set-Cookie" in response.headers) is refresh
    assert response.json == {"_permanent": True, "kept": "yes"}


def test_refresh_does_not_apply_to_browser_sessions(
    store_app: flask.Flask, client: FlaskClient
) -> None:
    store_app.config["SESSION_REFRESH_EACH_REQUEST"] = True
    client.get("/store?a=1")
    assert "Set-Cookie" not in client.get("/read").headers


def test_should_set_cookie(app: flask.Flask) -> None:
    interface = SecureCookieSessionInterface()
    session = interface.session_class({"a": 1})
    assert not interface.should_set_cookie(app, session)
    session["b"] = 2
    assert interface.should_set_cookie(app, session)
    permanent = interface.session_class({"_permanent": True})
    assert interface.should_set_cookie(app, permanent)
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    assert not interface.should_set_cookie(app, permanent)


def test_max_cookie_size_warns(store_app: flask.Flask, client: FlaskClient) -> None:
    store_app.config["MAX_COOKIE_SIZE"] = 100
    with pytest.warns(UserWarning, match="cookie"):
        response = client.get("/store?data=" + secrets.token_hex(40))
    # The cookie is still sent; browsers may drop it.
    assert session_cookie_header(response)


def test_cookie_under_max_size_does_not_warn(
    store_app: flask.Flask, client: FlaskClient, recwarn: pytest.WarningsRecorder
) -> None:
    store_app.config["MAX_COOKIE_SIZE"] = 400
    client.get("/store?data=" + secrets.token_hex(40))
    assert not [w for w in recwarn if "cookie" in str(w.message).lower()]


def test_max_cookie_size_zero_disables_the_warning(
    store_app: flask.Flask, client: FlaskClient, recwarn: pytest.WarningsRecorder
) -> None:
    store_app.config["MAX_COOKIE_SIZE"] = 0
    client.get("/store?data=" + secrets.token_hex(2500))
    assert not [w for w in recwarn if "cookie" in str(w.message).lower()]


def test_cookie_name_method_can_be_overridden(app: flask.Flask) -> None:
    class PerAppName(SecureCookieSessionInterface):
        def get_cookie_name(self, app: flask.Flask) -> str:
            return f"{app.name}_session"

    app.session_interface = PerAppName()

    @app.route("/")
    def index() -> str:
        flask.session["n"] = flask.session.get("n", 0) + 1
        return str(flask.session["n"])

    client = app.test_client()
    response = client.get("/")
    assert session_cookie_header(response, "sessions_tests_session")
    assert client.get("/").data == b"2"
