"""The session objects on their own: flags, the permanent property, the null
session, and the base session interface."""

from __future__ import annotations

import typing as t

import pytest

import flask
from flask import sessions
from flask.sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
    SessionMixin,
)

# -- SessionMixin ------------------------------------------------------------


class PlainSession(dict[str, t.Any], SessionMixin):
    """A session class that tracks nothing itself."""


def test_mixin_defaults() -> None:
    assert SessionMixin.new is False
    assert SessionMixin.modified is True
    assert SessionMixin.accessed is False


class PlainSessionInterface(SessionInterface):
    """Opens a :class:`PlainSession`, which tracks no reads by itself."""

    def open_session(self, app: flask.Flask, request: flask.Request) -> PlainSession:
        return PlainSession(user="alice")

    def save_session(
        self, app: flask.Flask, session: SessionMixin, response: flask.Response
    ) -> None:
        if session.accessed:
            response.vary.add("Cookie")


def test_using_flask_session_marks_an_untracking_session_accessed() -> None:
    app = flask.Flask(__name__)
    app.session_interface = PlainSessionInterface()

    @app.route("/read")
    def read() -> str:
        return str(flask.session.get("user"))

    @app.route("/ignore")
    def ignore() -> str:
        return "nothing"

    client = app.test_client()
    read_response = client.get("/read")
    assert read_response.text == "alice"
    assert "Cookie" in read_response.vary
    assert "Cookie" not in client.get("/ignore").vary


def test_mixin_permanent_is_stored_under_underscore_permanent() -> None:
    session = PlainSession()
    assert session.permanent is False
    session.permanent = 1  # type: ignore[assignment]
    assert session["_permanent"] is True
    assert session.permanent is True
    session.permanent = False
    assert session == {"_permanent": False}
    assert session.permanent is False


# -- SecureCookieSession -----------------------------------------------------


def test_new_session_is_untouched() -> None:
    session = SecureCookieSession({"a": 1})
    assert session.modified is False
    assert session.accessed is False
    assert session.new is False
    assert isinstance(session, SessionMixin)


READS: dict[str, t.Callable[[SecureCookieSession], object]] = {
    "getitem": lambda s: s["a"],
    "get": lambda s: s.get("a"),
    "get-missing": lambda s: s.get("missing"),
    "contains": lambda s: "a" in s,
    "len": len,
    "bool": bool,
    "iter": lambda s: list(iter(s)),
    "reversed": lambda s: list(reversed(s)),
    "keys": lambda s: s.keys(),
    "values": lambda s: s.values(),
    "items": lambda s: s.items(),
    "copy": lambda s: s.copy(),
    "dict": dict,
    "eq": lambda s: s == {"a": 1},
    "ne": lambda s: s != {"a": 1},
    "or": lambda s: s | {"b": 2},
    "ror": lambda s: {"b": 2} | s,
    "setdefault-existing": lambda s: s.setdefault("a", 5),
    "pop-missing": lambda s: s.pop("missing", None),
    "permanent": lambda s: s.permanent,
}


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_reads_mark_accessed_but_not_modified(
    read: t.Callable[[SecureCookieSession], object],
) -> None:
    session = SecureCookieSession({"a": 1})
    read(session)
    assert session.accessed is True
    assert session.modified is False
    assert dict.__eq__(session, {"a": 1})


def test_reads_still_return_the_data() -> None:
    session = SecureCookieSession({"a": 1, "b": 2})
    assert session["a"] == 1
    assert session.get("c", 3) == 3
    assert "b" in session and "c" not in session
    assert len(session) == 2
    assert list(session) == ["a", "b"]
    assert sorted(session.values()) == [1, 2]
    assert session.copy() == {"a": 1, "b": 2}
    assert type(session.copy()) is dict
    with pytest.raises(KeyError):
        session["missing"]


WRITES: dict[str, t.Callable[[SecureCookieSession], object]] = {
    "setitem": lambda s: s.__setitem__("b", 2),
    "delitem": lambda s: s.__delitem__("a"),
    "pop": lambda s: s.pop("a"),
    "popitem": lambda s: s.popitem(),
    "clear": lambda s: s.clear(),
    "update": lambda s: s.update(b=2),
    "ior": lambda s: s.__ior__({"b": 2}),
    "setdefault-new": lambda s: s.setdefault("b", 2),
    "permanent": lambda s: setattr(s, "permanent", True),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_writes_mark_modified_and_accessed(
    write: t.Callable[[SecureCookieSession], object],
) -> None:
    session = SecureCookieSession({"a": 1})
    write(session)
    assert session.modified is True
    assert session.accessed is True


def test_flags_are_per_instance() -> None:
    first = SecureCookieSession()
    second = SecureCookieSession()
    first["x"] = 1
    assert first.modified and first.accessed
    assert not second.modified and not second.accessed
    assert SecureCookieSession.modified is False
    assert SecureCookieSession.accessed is False


def test_mutating_a_stored_value_is_not_detected() -> None:
    session = SecureCookieSession({"items": []})
    session.modified = False
    session["items"].append(1)
    assert session.modified is False


def test_read_overrides_are_named_after_the_session_class() -> None:
    assert SecureCookieSession.get.__qualname__ == "SecureCookieSession.get"
    assert SecureCookieSession.__contains__.__qualname__ == (
        "SecureCookieSession.__contains__"
    )


def test_repr_names_the_class() -> None:
    assert repr(SecureCookieSession({"a": 1})) == "<SecureCookieSession {'a': 1}>"


# -- NullSession -------------------------------------------------------------

NULL_WRITES: dict[str, t.Callable[[NullSession], object]] = {
    "setitem": lambda s: s.__setitem__("a", 1),
    "delitem": lambda s: s.__delitem__("a"),
    "clear": lambda s: s.clear(),
    "pop": lambda s: s.pop("a", None),
    "popitem": lambda s: s.popitem(),
    "update": lambda s: s.update(a=1),
    "setdefault": lambda s: s.setdefault("a", 1),
    "ior": lambda s: s.__ior__({"a": 1}),
    "permanent": lambda s: setattr(s, "permanent", True),
}


@pytest.mark.parametrize("write", NULL_WRITES.values(), ids=NULL_WRITES.keys())
def test_null_session_refuses_writes(write: t.Callable[[NullSession], object]) -> None:
    session = NullSession()
    with pytest.raises(RuntimeError, match="session is unavailable") as info:
        write(session)
    assert "secret key" in str(info.value)
    assert "secret_key" in str(info.value)
    assert len(session) == 0


def test_null_session_can_be_read() -> None:
    session = NullSession()
    assert session.get("a") is None
    assert "a" not in session
    assert not session
    assert session.permanent is False
    assert isinstance(session, SecureCookieSession)


def test_app_without_secret_key_gets_a_null_session() -> None:
    app = flask.Flask(__name__)
    app.testing = True

    @app.route("/read")
    def read() -> str:
        assert isinstance(flask.session, NullSession)
        return repr(flask.session.get("user"))

    @app.route("/write")
    def write() -> str:
        flask.session["user"] = "x"
        return "stored"

    client = app.test_client()
    read_response = client.get("/read")
    assert read_response.data == b"None"
    assert "Set-Cookie" not in read_response.headers
    with pytest.raises(RuntimeError, match="session is unavailable"):
        client.get("/write")


def test_no_secret_key_write_is_a_500_outside_testing() -> None:
    app = flask.Flask(__name__)

    @app.route("/")
    def index() -> str:
        flask.session["user"] = "x"
        return "stored"

    response = app.test_client().get("/")
    assert response.status_code == 500
    assert "Set-Cookie" not in response.headers


# -- SessionInterface --------------------------------------------------------


def test_base_interface_requires_open_and_save(app: flask.Flask) -> None:
    interface = SessionInterface()
    with app.test_request_context():
        with pytest.raises(NotImplementedError):
            interface.open_session(app, flask.request)
        with pytest.raises(NotImplementedError):
            interface.save_session(app, SecureCookieSession(), app.response_class())


def test_base_interface_defaults() -> None:
    assert SessionInterface.pickle_based is False
    assert SessionInterface.null_session_class is NullSession
    interface = SessionInterface()
    app = flask.Flask(__name__)
    null = interface.make_null_session(app)
    assert type(null) is NullSession
    assert interface.is_null_session(null)
    assert not interface.is_null_session(SecureCookieSession())
    assert not interface.is_null_session({})


def test_null_session_class_can_be_replaced() -> None:
    class QuietNull(NullSession):
        pass

    class Interface(SecureCookieSessionInterface):
        null_session_class = QuietNull

    interface = Interface()
    app = flask.Flask(__name__)
    assert type(interface.make_null_session(app)) is QuietNull
    assert interface.is_null_session(QuietNull())
    assert not interface.is_null_session(NullSession())


def test_custom_interface_is_used_by_the_app(app: flask.Flask) -> None:
    calls: list[str] = []

    class Recording(SessionInterface):
        def open_session(self, app: t.Any, request: t.Any) -> SecureCookieSession:
            calls.append("open")
            return SecureCookieSession({"from": "custom"})

        def save_session(self, app: t.Any, session: t.Any, response: t.Any) -> None:
            calls.append(f"save {dict(session)}")

    app.session_interface = Recording()

    @app.route("/")
    def index() -> str:
        flask.session["seen"] = True
        return str(flask.session["from"])

    assert app.test_client().get("/").data == b"custom"
    assert calls == ["open", "save {'from': 'custom', 'seen': True}"]


def test_default_interface_comes_from_this_module(app: flask.Flask) -> None:
    assert type(app.session_interface) is SecureCookieSessionInterface


# -- SecureCookieSessionInterface attributes ----------------------------------


def test_secure_cookie_interface_attributes() -> None:
    interface = SecureCookieSessionInterface()
    assert interface.salt == "cookie-session"
    assert interface.key_derivation == "hmac"
    assert interface.session_class is SecureCookieSession
    assert interface.serializer is sessions.session_json_serializer
    assert interface.digest_method().name == "sha1"
    assert (
        interface.digest_method(b"abc").hexdigest()
        == "a9993e364706816aba3e25717850c26c9cd0d89d"
    )


def test_serializer_is_the_tagged_json_serializer() -> None:
    from flask.json.tag import TaggedJSONSerializer

    assert isinstance(sessions.session_json_serializer, TaggedJSONSerializer)


def test_session_class_need_not_accept_none(app: flask.Flask) -> None:
    # The pattern of the SessionInterface documentation: a plain dict.
    class PlainSession(dict, sessions.SessionMixin):  # type: ignore[type-arg]
        pass

    class PlainInterface(SecureCookieSessionInterface):
        session_class = PlainSession  # type: ignore[assignment]

    app.session_interface = PlainInterface()

    @app.route("/")
    def index() -> str:
        flask.session["n"] = flask.session.get("n", 0) + 1
        return (
            f"{type(flask.session._get_current_object()).__name__} {flask.session['n']}"  # type: ignore[attr-defined]
        )

    client = app.test_client()
    assert client.get("/").data == b"PlainSession 1"  # no cookie yet
    assert client.get("/").data == b"PlainSession 2"
    client.set_cookie("session", "not a valid cookie")
    assert client.get("/").data == b"PlainSession 1"
