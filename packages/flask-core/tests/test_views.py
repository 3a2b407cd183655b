"""Tests for flask.views: View and MethodView."""

from __future__ import annotations

import functools
import typing as t

import pytest
from werkzeug.test import Client

import flask
from flask.views import MethodView, View, http_method_funcs


def test_http_method_funcs() -> None:
    assert http_method_funcs == frozenset(
        {"get", "post", "head", "options", "delete", "put", "trace", "patch"}
    )


def test_view_class_defaults() -> None:
    assert View.methods is None
    assert View.provide_automatic_options is None
    assert View.decorators == []
    assert View.init_every_request is True
    with pytest.raises(NotImplementedError):
        View().dispatch_request()


def test_as_view_function_attributes() -> None:
    class Documented(View):
        """Class docstring."""

        methods: t.ClassVar[list[str]] = ["GET", "POST"]
        provide_automatic_options = False

        def dispatch_request(self) -> str:
            return "x"

    view = Documented.as_view("documented")
    assert view.__name__ == "documented"
    assert view.__doc__ == "Class docstring."
    assert view.__module__ == __name__
    assert view.view_class is Documented  # type: ignore[union-attr]
    assert view.methods == ["GET", "POST"]  # type: ignore[union-attr]
    assert view.provide_automatic_options is False  # type: ignore[union-attr]


def test_view_routes_and_passes_url_values(app: flask.Flask, client: Client) -> None:
    class Show(View):
        def __init__(self, prefix: str, *, suffix: str) -> None:
            self.prefix = prefix
            self.suffix = suffix

        def dispatch_request(self, name: str) -> str:  # type: ignore[override]
            return f"{self.prefix}{name}{self.suffix}"

    app.add_url_rule("/<name>", view_func=Show.as_view("show", "<", suffix=">"))
    assert client.get("/bob").get_data(as_text=True) == "<bob>"
    assert "show" in app.view_functions


def test_methods_attribute_is_used_for_routing(
    app: flask.Flask, client: Client
) -> None:
    class PostOnly(View):
        methods: t.ClassVar[list[str]] = ["POST"]

        def dispatch_request(self) -> str:
            return flask.request.method

    app.add_url_rule("/", view_func=PostOnly.as_view("post_only"))
    assert client.post("/").get_data(as_text=True) == "POST"
    assert client.get("/").status_code == 405


def test_provide_automatic_options_false(app: flask.Flask, client: Client) -> None:
    class NoOptions(View):
        provide_automatic_options = False
        methods: t.ClassVar[list[str]] = ["GET", "OPTIONS"]

        def dispatch_request(self) -> str:
            return f"handled {flask.request.method}"

    app.add_url_rule("/", view_func=NoOptions.as_view("no_options"))
    assert client.open("/", method="OPTIONS").get_data(as_text=True) == (
        "handled OPTIONS"
    )


def test_new_instance_every_request(app: flask.Flask, client: Client) -> None:
    created: list[View] = []

    class Counting(View):
        def __init__(self) -> None:
            created.append(self)

        def dispatch_request(self) -> str:
            return str(len(created))

    app.add_url_rule("/", view_func=Counting.as_view("counting"))
    assert created == []
    client.get("/")
    client.get("/")
    assert len(created) == 2
    assert created[0] is not created[1]


def test_single_instance_when_init_every_request_false(
    app: flask.Flask, client: Client
) -> None:
    created: list[View] = []

    class Shared(View):
        init_every_request = False

        def __init__(self, start: int) -> None:
            self.count = start
            created.append(self)

        def dispatch_request(self) -> str:
            self.count += 1
            return str(self.count)

    app.add_url_rule("/", view_func=Shared.as_view("shared", 10))
    assert len(created) == 1, "instance is made when as_view runs"
    assert client.get("/").get_data(as_text=True) == "11"
    assert client.get("/").get_data(as_text=True) == "12"
    assert len(created) == 1


def test_replacing_view_class_changes_instantiated_class(
    app: flask.Flask, client: Client
) -> None:
    class First(View):
        def dispatch_request(self) -> str:
            return "first"

    class Second(View):
        def dispatch_request(self) -> str:
            return "second"

    view = First.as_view("swap")
    view.view_class = Second  # type: ignore[union-attr]
    app.add_url_rule("/", view_func=view)
    assert client.get("/").get_data(as_text=True) == "second"


def _tagging(tag: str) -> t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]:
    def decorator(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        @functools.wraps(func)
        def wrapper(**kwargs: t.Any) -> str:
            return f"{tag}({func(**kwargs)})"

        wrapper.wrapped_name = func.__name__  # type: ignore[attr-defined]
        return wrapper

    return decorator


def test_decorators_applied_in_order(app: flask.Flask, client: Client) -> None:
    class Decorated(View):
        decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = [
            _tagging("inner"),
            _tagging("outer"),
        ]

        def dispatch_request(self) -> str:
            return "body"

    view = Decorated.as_view("decorated")
    # functools.wraps saw the final name before wrapping.
    assert view.wrapped_name == "decorated"  # type: ignore[union-attr]
    assert view.__name__ == "decorated"
    assert view.view_class is Decorated  # type: ignore[union-attr]
    app.add_url_rule("/", view_func=view)
    assert client.get("/").get_data(as_text=True) == "outer(inner(body))"


def test_async_dispatch_request(app: flask.Flask, client: Client) -> None:
    pytest.importorskip("asgiref")

    class AsyncView(View):
        async def dispatch_request(self) -> str:  # type: ignore[override]
            return "async view"

    app.add_url_rule("/", view_func=AsyncView.as_view("async_view"))
    assert client.get("/").get_data(as_text=True) == "async view"


# -- MethodView --------------------------------------------------------------


class _Items(MethodView):
    def get(self) -> str:
        return "list"

    def post(self) -> str:
        return "create"


def test_method_view_collects_methods() -> None:
    assert _Items.methods == {"GET", "POST"}
    assert MethodView.methods is None


def test_method_view_dispatches_by_method(app: flask.Flask, client: Client) -> None:
    app.add_url_rule("/", view_func=_Items.as_view("items"))
    assert client.get("/").get_data(as_text=True) == "list"
    assert client.post("/").get_data(as_text=True) == "create"
    assert client.put("/").status_code == 405


def test_method_view_passes_url_values(app: flask.Flask, client: Client) -> None:
    class Item(MethodView):
        def get(self, item_id: int) -> str:
            return f"item {item_id}"

        def delete(self, item_id: int) -> str:
            return f"deleted {item_id}"

    app.add_url_rule("/<int:item_id>", view_func=Item.as_view("item"))
    assert client.get("/4").get_data(as_text=True) == "item 4"
    assert client.delete("/4").get_data(as_text=True) == "deleted 4"


def test_method_view_inherits_methods() -> None:
    class WithPut(_Items):
        def put(self) -> str:
            return "replace"

    class Mixin:
        def patch(self) -> str:
            return "patch"

    class WithMixin(Mixin, WithPut):
        pass

    assert WithPut.methods == {"GET", "POST", "PUT"}
    assert WithMixin.methods == {"GET", "POST", "PUT", "PATCH"}


def test_method_view_inherits_explicit_base_methods() -> None:
    class Base(MethodView):
        methods: t.ClassVar[set[str]] = {"GET", "CUSTOM"}

        def get(self) -> str:
            return ""

    class Child(Base):
        def post(self) -> str:
            return ""

    assert Base.methods == {"GET", "CUSTOM"}
    assert Child.methods == {"GET", "CUSTOM", "POST"}


def test_method_view_keeps_explicit_methods() -> None:
    class Explicit(MethodView):
        methods: t.ClassVar[list[str]] = ["GET"]

        def get(self) -> str:
            return ""

        def post(self) -> str:
            return ""

    assert Explicit.methods == ["GET"]


def test_method_view_without_handlers_has_no_methods() -> None:
    class Empty(MethodView):
        pass

    assert Empty.methods is None


def test_head_falls_back_to_get(app: flask.Flask, client: Client) -> None:
    calls: list[str] = []

    class OnlyGet(MethodView):
        def get(self) -> str:
            calls.append(flask.request.method)
            return "body"

    app.add_url_rule("/", view_func=OnlyGet.as_view("only_get"))
    response = client.head("/")
    assert response.status_code == 200
    assert response.get_data() == b""
    assert calls == ["HEAD"]


def test_explicit_head_preferred(app: flask.Flask, client: Client) -> None:
    class WithHead(MethodView):
        def get(self) -> str:
            return "body"

        def head(self) -> flask.Response:
            return flask.Response("", headers={"X-Head": "yes"})

    app.add_url_rule("/", view_func=WithHead.as_view("with_head"))
    assert client.head("/").headers["X-Head"] == "yes"


def test_unimplemented_method_raises(app: flask.Flask, client: Client) -> None:
    class Partial(MethodView):
        methods: t.ClassVar[list[str]] = ["GET", "POST"]

        def get(self) -> str:
            return ""

    app.add_url_rule("/", view_func=Partial.as_view("partial"))
    with pytest.raises(AssertionError, match="Unimplemented method 'POST'"):
        client.post("/")


def test_async_method_handler(app: flask.Flask, client: Client) -> None:
    pytest.importorskip("asgiref")

    class AsyncItems(MethodView):
        async def get(self) -> str:
            return "async get"

    app.add_url_rule("/", view_func=AsyncItems.as_view("async_items"))
    assert client.get("/").get_data(as_text=True) == "async get"


def test_method_view_in_blueprint(app: flask.Flask, client: Client) -> None:
    bp = flask.Blueprint("api", __name__, url_prefix="/api")
    bp.add_url_rule("/items", view_func=_Items.as_view("items"))
    app.register_blueprint(bp)
    assert client.post("/api/items").get_data(as_text=True) == "create"
    with app.test_request_context():
        assert flask.url_for("api.items") == "/api/items"
