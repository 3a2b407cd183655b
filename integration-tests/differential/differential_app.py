"""The application both implementations serve in the differential check.

It uses Flask's public API only, so the same file runs on modular Flask and
on the real Flask 3.1.3. Each view exposes a piece of behaviour through the
response (status, headers, body): routing and converters, request parsing,
every kind of view return value, errors and their handlers, hooks,
blueprints, URL building, sessions, flashing, templates, cookies, streaming
and static files.

It keeps away from the differences listed in docs/differences.md, which
would otherwise show on every run: views read the session only through
``session.get`` and item access (modular Flask also counts ``in``, ``len``
and iteration as uses, which adds ``Vary: Cookie``), and nothing here
inspects exception messages or class attributes.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import json
import typing as t
import uuid
from pathlib import Path

from markupsafe import Markup
from werkzeug.exceptions import (
    HTTPException,
    MethodNotAllowed,
    RequestedRangeNotSatisfiable,
    TooManyRequests,
    Unauthorized,
)
from werkzeug.routing import BaseConverter, ValidationError

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    after_this_request,
    appcontext_pushed,
    before_render_template,
    flash,
    g,
    get_flashed_messages,
    get_template_attribute,
    got_request_exception,
    jsonify,
    make_response,
    message_flashed,
    redirect,
    render_template,
    render_template_string,
    request,
    request_finished,
    request_started,
    send_file,
    send_from_directory,
    session,
    stream_with_context,
    template_rendered,
    url_for,
)
from flask.views import MethodView, View

HERE = Path(__file__).resolve().parent
SECRET_KEY = "differential check secret"


class EvenConverter(BaseConverter):
    """Even numbers only: odd ones fail validation, so matching moves on to
    the next rule."""

    regex = r"-?\d+"
    weight = 10  # tried before the int converter of the next rule

    def to_python(self, value: str) -> int:
        number = int(value)
        if number % 2:
            raise ValidationError()
        return number

    def to_url(self, value: t.Any) -> str:
        return str(value)


app = Flask("differential_app", root_path=str(HERE))
app.config.update(SECRET_KEY=SECRET_KEY, MAX_CONTENT_LENGTH=2048, MAX_FORM_PARTS=6)
app.url_map.converters["even"] = EvenConverter


@dataclasses.dataclass
class Point:
    """A dataclass, which the JSON provider turns into an object."""

    x: int
    y: int


class Refused(Exception):
    """Raised by a view and turned into a response by a handler."""


#: What happened during the previous requests that no response shows: the
#: signals sent and the errors handed to teardown functions. ``/events``
#: returns the list and empties it.
EVENTS: list[str] = []


def _recorder(name: str) -> t.Callable[..., None]:
    def receive(sender: t.Any, **extra: t.Any) -> None:
        detail = extra.get("template")
        label = getattr(detail, "name", None) if detail is not None else None
        exception = extra.get("exception")
        if exception is not None:
            label = type(exception).__name__
        EVENTS.append(f"{name}:{label}" if label else name)

    return receive


for _signal, _name in (
    (appcontext_pushed, "appcontext_pushed"),
    (request_started, "request_started"),
    (request_finished, "request_finished"),
    (got_request_exception, "got_request_exception"),
    (before_render_template, "before_render_template"),
    (template_rendered, "template_rendered"),
    (message_flashed, "message_flashed"),
):
    _signal.connect(_recorder(_name), weak=False)


# -- hooks ---------------------------------------------------------------------


@app.before_request
def block_when_asked() -> t.Any:
    g.seen = request.path
    if "X-Block" in request.headers:
        return "blocked by a before_request hook", 403
    return None


@app.after_request
def mark_response(response: Response) -> Response:
    response.headers["X-After"] = g.get("seen", "none")
    response.headers["X-Order"] = response.headers.get("X-Order", "") + "app;"
    return response


@app.teardown_request
def record_teardown(error: BaseException | None) -> None:
    EVENTS.append(f"teardown:{type(error).__name__ if error else None}")


@app.context_processor
def add_processed() -> dict[str, t.Any]:
    return {"processed": "by the app", "footer": "foot"}


@app.template_filter("shout")
def shout(value: str) -> str:
    return f"{value.upper()}!"


@app.template_global("twice")
def twice(value: str) -> str:
    return value * 2


@app.template_test("long")
def is_long(value: str) -> bool:
    return len(value) > 5


@app.route("/events")
def events() -> t.Any:
    seen = list(EVENTS)
    EVENTS.clear()
    return jsonify(seen)


@app.errorhandler(410)
def gone(error: HTTPException) -> t.Any:
    return {"error": error.name, "code": error.code}, 410


@app.errorhandler(Refused)
def refused(error: Refused) -> t.Any:
    return f"refused: {error.args[0]}", 409


@app.errorhandler(418)
def teapot(error: HTTPException) -> t.Any:
    return Response("short and stout", 418, {"X-Handler": "teapot"})


# -- routing and converters ----------------------------------------------------


@app.route("/")
def index() -> str:
    return "index"


@app.route("/text/<name>")
def text(name: str) -> str:
    return f"hello {name}"


@app.route("/int/<int:number>")
def integer(number: int) -> str:
    return str(number * 2)


@app.route("/signed/<int(signed=True):number>")
def signed(number: int) -> str:
    return repr(number)


@app.route("/float/<float:number>")
def floating(number: float) -> str:
    return repr(number)


@app.route("/path/<path:rest>")
def path(rest: str) -> str:
    return rest


@app.route("/uuid/<uuid:value>")
def uuid_view(value: uuid.UUID) -> str:
    return value.hex


@app.route("/color/<any(red, green):color>")
def color(color: str) -> str:
    return color


@app.route("/code/<string(length=3):code>")
def code(code: str) -> str:
    return code


@app.route("/slash/")
def slash() -> str:
    return "with slash"


@app.route("/noslash")
def noslash() -> str:
    return "without slash"


@app.route("/number/<even:number>")
def even(number: int) -> str:
    return f"even {number}"


@app.route("/number/<int:number>/")
def odd(number: int) -> str:
    return f"odd {number}"


@app.route("/loose", strict_slashes=False)
def loose() -> str:
    return "loose"


@app.route("/exact//double", merge_slashes=False)
def exact_double() -> str:
    return "double slash kept"


app.add_url_rule("/old/<int:number>", "old", redirect_to="/int/<number>")
app.add_url_rule(
    "/old-text/<name>",
    "old_text",
    redirect_to=lambda adapter, name: f"/text/{name.upper()}",
)


@app.route("/only-post", methods=["POST"])
def only_post() -> str:
    return "posted"


@app.route("/multi", methods=["GET", "PUT", "DELETE"])
def multi() -> str:
    return request.method


@app.route("/defaults/", defaults={"page": 1})
@app.route("/defaults/<int:page>")
def defaults(page: int) -> str:
    return f"page {page}"


# -- the request ---------------------------------------------------------------


@app.route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def echo() -> dict[str, t.Any]:
    return {
        "method": request.method,
        "path": request.path,
        "full_path": request.full_path,
        "url": request.url,
        "base_url": request.base_url,
        "url_root": request.url_root,
        "host": request.host,
        "scheme": request.scheme,
        "args": request.args.to_dict(flat=False),
        "form": request.form.to_dict(flat=False),
        "files": sorted(request.files),
        # The session cookie's value holds the moment it was signed.
        "cookies": {
            name: values if name != "session" else ["<session>"]
            for name, values in request.cookies.to_dict(flat=False).items()
        },
        "mimetype": request.mimetype,
        "is_json": request.is_json,
        "content_length": request.content_length,
        "endpoint": request.endpoint,
        "rule": request.url_rule.rule if request.url_rule else None,
        "view_args": request.view_args,
        "blueprint": request.blueprint,
        "accept": request.accept_mimetypes.best,
        "language": request.accept_languages.best,
        "data_length": len(request.get_data()),
    }


@app.route("/json-body", methods=["POST", "PUT"])
def json_body() -> t.Any:
    mode = request.args.get("mode", "plain")
    if mode == "silent":
        data = request.get_json(silent=True)
    elif mode == "force":
        data = request.get_json(force=True)
    else:
        data = request.get_json()
    return jsonify(received=data, cached=request.get_json(silent=True) is data)


@app.route("/arg")
def arg() -> str:
    return request.args["needed"]


@app.route("/form-field", methods=["POST"])
def form_field() -> str:
    return request.form["field"]


# -- return values --------------------------------------------------------------


@app.route("/returns/<kind>")
def returns(kind: str) -> t.Any:
    value = request.args.get("v", "x")
    results: dict[str, t.Callable[[], t.Any]] = {
        "str": lambda: value,
        "bytes": lambda: value.encode(),
        "dict": lambda: {"v": value, "n": [1, 2.5, None, True]},
        "list": lambda: [value, 1, {"k": "v"}],
        "empty-dict": lambda: {},
        "tuple-status": lambda: (value, 201),
        "tuple-status-text": lambda: (value, "299 Fine"),
        "tuple-headers": lambda: (value, {"X-Value": value}),
        "tuple-list-headers": lambda: (value, [("X-One", "1"), ("X-One", "2")]),
        "tuple-all": lambda: ({"v": value}, 202, {"X-Kind": "all"}),
        "tuple-none-body": lambda: (None, 204),
        "response": lambda: Response(value, 203, mimetype="text/csv"),
        "make-response": lambda: make_response(value, 206, {"X-Made": "yes"}),
        "make-response-dict": lambda: make_response({"v": value}),
        "generator": lambda: (part for part in (value, "-", value)),
        "none": lambda: None,
        "int": lambda: 7,
        "nested-tuple": lambda: ((value, 200), 200),
        "four-tuple": lambda: (value, 200, {}, 1),
        "markup": lambda: Markup("<b>%s</b>") % value,
        "redirect": lambda: redirect(url_for("index", v=value)),
        "redirect-301": lambda: redirect("/text/moved", 301),
        "wsgi": lambda: Response(f"wsgi {value}"),
    }
    if kind not in results:
        abort(404)
    return results[kind]()


@app.route("/jsonify/<kind>")
def jsonify_view(kind: str) -> t.Any:
    values: dict[str, t.Callable[[], t.Any]] = {
        "args": lambda: jsonify(1, "two", [3]),
        "one": lambda: jsonify("single"),
        "kwargs": lambda: jsonify(b=2, a=1),
        "nothing": lambda: jsonify(),
        "types": lambda: jsonify(
            date=datetime.date(2024, 2, 29),
            moment=datetime.datetime(2024, 1, 2, 3, 4, 5),
            aware=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
            amount=decimal.Decimal("10.50"),
            ident=uuid.UUID("12345678123456781234567812345678"),
            point=Point(1, 2),
            markup=Markup("<i>x</i>"),
            nested={"z": 1, "a": [1, {"y": 2, "b": 3}]},
            text="é ☃ \u2028",
            big=10**30,
            floats=[0.1, 1e16, -0.0, 1.5e-7],
        ),
        "nan": lambda: jsonify(float("nan"), float("inf")),
    }
    if kind not in values:
        abort(404)
    return values[kind]()


# -- errors ---------------------------------------------------------------------


@app.route("/abort/<int:status>")
def abort_view(status: int) -> t.Any:
    abort(status)


@app.route("/abort-custom/<kind>")
def abort_custom(kind: str) -> t.Any:
    text = request.args.get("description", "described")
    if kind == "described":
        abort(int(request.args.get("code", "404")), description=text)
    if kind == "methods":
        raise MethodNotAllowed(valid_methods=["GET", "PATCH"], description=text)
    if kind == "auth":
        raise Unauthorized(www_authenticate=None, description=text)
    if kind == "retry":
        raise TooManyRequests(retry_after=30)
    if kind == "range":
        raise RequestedRangeNotSatisfiable(length=99)
    if kind == "headers":
        error = HTTPException(description=text)
        error.code = 422
        return error
    abort(400)


@app.route("/response/<kind>")
def response_kind(kind: str) -> t.Any:
    value = request.args.get("v", "x")
    if kind == "relative-location":
        return redirect(f"relative/{value}")
    if kind == "no-content":
        return Response("dropped?", 204)
    if kind == "not-modified":
        return Response("dropped?", 304, {"ETag": '"e"', "X-Extra": "1"})
    if kind == "wrong-length":
        return Response("four", headers={"Content-Length": "10"})
    if kind == "multi-header":
        response = Response(value)
        response.headers.add("X-Multi", "one")
        response.headers.add("X-Multi", value)
        return response
    if kind == "custom-status":
        return Response(value, "599 Made Up")
    if kind == "status-int":
        return Response(value, int(request.args.get("code", "200")))
    if kind == "unicode-header":
        return Response(value, headers={"X-Text": value})
    if kind == "charset":
        return Response(
            value.encode("latin-1", "replace"), mimetype="text/plain; charset=latin-1"
        )
    if kind == "passthrough":
        response = Response([value.encode(), b"-", value.encode()])
        response.direct_passthrough = True
        return response
    if kind == "empty-iterable":
        return Response(iter(()))
    abort(404)


TEMPLATE_EXPRESSIONS = (
    "data.name",
    "data.items is callable",
    "data['items']",
    "data.keys is callable",
    "data.missing",
    "data.missing is defined",
    "data.nested.deep",
    "data.get('name')",
    "listing[1]",
    "listing.count is callable",
    "obj.attribute",
    "obj.missing",
    "(data|dictsort)[0]",
    "range(3)|list",
    "'%s-%d'|format('a', 3)",
    "data|tojson",
    "listing|join(',')",
    "text|e",
    "text|safe",
    "text|truncate(5)",
    "cycler('a', 'b').next()",
    "namespace(x=1).x",
    "joiner(',')()",
    "url_for('text', name=text)",
    "config.MAX_CONTENT_LENGTH",
    "request.args|length",
    "g.seen",
    "session.get('key')",
    "get_flashed_messages()",
    "text is long",
    "text|shout",
    "text|whisper",
    "twice(text)",
    "processed",
    "lipsum(1, false, 3, 3)|length",
)


class Holder:
    """An object with an attribute, for template attribute access."""

    attribute = "held"


@app.route("/tpl-expr/<int:number>")
def template_expression(number: int) -> str:
    if number >= len(TEMPLATE_EXPRESSIONS):
        abort(404)
    source = "{% for i in range(2) %}{{ loop.cycle('<', '>') }}{{ "
    source += TEMPLATE_EXPRESSIONS[number] + " }}{% endfor %}"
    return render_template_string(
        source,
        data={"name": "n", "items": "stored items", "nested": {"deep": 1}},
        listing=["a", "b"],
        obj=Holder(),
        text=request.args.get("text", "<text>"),
    )


@app.route("/json-roundtrip", methods=["POST"])
def json_roundtrip() -> t.Any:
    data = request.get_json(silent=True)
    return jsonify(data)


@app.route("/abort-response")
def abort_response() -> t.Any:
    abort(Response("custom abort body", 451))


@app.route("/raise/<kind>")
def raise_view(kind: str) -> t.Any:
    if kind == "value":
        raise ValueError("unexpected")
    if kind == "key":
        return request.args["missing"]
    if kind == "refused":
        raise Refused("nope")
    if kind == "http":
        raise HTTPException()
    abort(404)


# -- blueprints and URL building -----------------------------------------------

shop = Blueprint("shop", __name__, url_prefix="/shop")


@shop.url_value_preprocessor
def take_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
    g.lang = (values or {}).pop("lang", "en")


@shop.url_defaults
def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
    if "lang" in g and app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values.setdefault("lang", g.lang)


@shop.before_request
def shop_header() -> None:
    g.shop = True


@shop.after_request
def shop_order(response: Response) -> Response:
    response.headers["X-Order"] = response.headers.get("X-Order", "") + "shop;"
    return response


@shop.app_template_filter("whisper")
def whisper(value: str) -> str:
    return value.lower()


@shop.errorhandler(404)
def shop_missing(error: HTTPException) -> t.Any:
    return "no such item in the shop", 404


@shop.route("/<lang>/item/<int:item>")
def item(item: int) -> dict[str, t.Any]:
    return {
        "item": item,
        "lang": g.lang,
        "self": url_for(".item", item=item + 1),
        "other": url_for("shop.item", item=1, lang="de"),
        "index": url_for("index"),
    }


@shop.route("/<lang>/missing")
def shop_abort() -> t.Any:
    abort(404)


app.register_blueprint(shop)
app.register_blueprint(shop, name="store", url_prefix="/store")


@app.route("/url")
def build_urls() -> dict[str, t.Any]:
    endpoint = request.args.get("endpoint", "index")
    options: dict[str, t.Any] = {}
    for key in ("_anchor", "_method", "_scheme"):
        if key in request.args:
            options[key] = request.args[key]
    if "_external" in request.args:
        options["_external"] = request.args["_external"] == "1"
    values = {
        key: value for key, value in request.args.items() if not key.startswith("_")
    }
    values.pop("endpoint", None)
    target: t.Any = [endpoint] if "endpoint_list" in request.args else endpoint
    values.pop("endpoint_list", None)
    try:
        url = url_for(target, **options, **values)
    except Exception as error:  # the class is compared, not the message
        return {"error": type(error).__name__}
    return {"url": url}


# -- sessions and flashing -----------------------------------------------------


@app.route("/session/<action>", methods=["GET", "POST"])
def session_view(action: str) -> t.Any:
    key = request.args.get("k", "key")
    if action == "set":
        session[key] = request.args.get("v", "value")
    elif action == "get":
        return {"value": session.get(key)}
    elif action == "pop":
        session.pop(key, None)
    elif action == "clear":
        session.clear()
    elif action == "permanent":
        session.permanent = request.args.get("on") == "1"
    elif action == "modified":
        session.modified = True
    elif action == "store":
        session["data"] = {
            "t": (1, 2),
            "b": b"\x00bytes",
            "m": Markup("<b>m</b>"),
            "u": uuid.UUID(int=5),
            "d": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
            "l": [1, "two"],
        }
    elif action == "read":
        return {"data": repr(session.get("data")), "permanent": session.permanent}
    elif action == "raw-permanent":
        session["_permanent"] = request.args.get("on", "")
    elif action == "odd-flashes":
        session["_flashes"] = [
            ("error", "three", "items"),
            ["message", "as a list"],
            ("mess", "substring category"),
        ]
    elif action != "untouched":
        abort(404)
    return f"session {action}"


@app.route("/flash")
def flash_view() -> str:
    flash(request.args.get("msg", "hello"), request.args.get("cat", "message"))
    return "flashed"


@app.route("/flashes")
def flashes_view() -> t.Any:
    with_categories = request.args.get("categories") == "1"
    if "filter" in request.args:
        found = get_flashed_messages(
            with_categories, category_filter=request.args.getlist("filter")
        )
    elif "filter_text" in request.args:
        found = get_flashed_messages(
            with_categories, category_filter=request.args["filter_text"]
        )
    else:
        found = get_flashed_messages(with_categories)
    return jsonify(found)


# -- templates, cookies, streaming --------------------------------------------

PAGE = (
    "<p>{{ name }}|{{ name|upper }}|{{ url_for('text', name=name) }}"
    "|{{ request.path }}|{{ g.seen }}|{{ data|tojson }}"
    "|{% for m in get_flashed_messages() %}{{ m }};{% endfor %}"
    "|{{ session.get('key') }}</p>"
)


@app.route("/template")
def template() -> str:
    name = request.args.get("name", "<world>")
    return render_template_string(PAGE, name=name, data={"name": name, "n": [1, "<&>"]})


@app.route("/template/safe")
def template_safe() -> str:
    return render_template_string(
        "{{ value }}{% autoescape false %}{{ value }}{% endautoescape %}",
        value=request.args.get("value", "<x>"),
    )


@app.route("/cookie/<action>")
def cookie(action: str) -> Response:
    response = make_response(f"cookie {action}")
    name = request.args.get("name", "pref")
    if action == "set":
        response.set_cookie(
            name,
            request.args.get("value", "v"),
            max_age=int(request.args["max_age"]) if "max_age" in request.args else None,
            httponly="httponly" in request.args,
            samesite=request.args.get("samesite"),
        )
    elif action == "delete":
        response.delete_cookie(name)
    return response


@app.route("/stream")
def stream() -> Response:
    def parts() -> t.Iterator[str]:
        yield "start:"
        yield request.args.get("v", "none")
        yield ":end"

    return Response(stream_with_context(parts()), mimetype="text/plain")


@app.route("/after-this")
def after_this() -> str:
    @after_this_request
    def add_header(response: Response) -> Response:
        response.headers["X-After-This"] = "yes"
        return response

    return "after this"


@app.route("/static-view/<path:name>")
def static_view(name: str) -> Response:
    return app.send_static_file(name)


@app.route("/config")
def config_view() -> str:
    keys = ("MAX_CONTENT_LENGTH", "SESSION_COOKIE_NAME", "PERMANENT_SESSION_LIFETIME")
    return json.dumps({key: str(app.config[key]) for key in keys})


@app.route("/page")
def page() -> str:
    name = request.args.get("name", "<world>")
    items = request.args.getlist("item") or ["a", "<b>"]
    return render_template("page.html", name=name, items=items)


@app.route("/plain")
def plain() -> str:
    return render_template("plain.txt", name=request.args.get("name", "<x>"))


@app.route("/macro")
def macro() -> str:
    badge = get_template_attribute("macros.html", "plain")
    return str(badge(request.args.get("name", "m")))


@app.route("/send/<kind>")
def send(kind: str) -> Response:
    if kind == "attachment":
        return send_file(HERE / "static" / "note.txt", as_attachment=True)
    if kind == "named":
        return send_file(HERE / "static" / "note.txt", download_name="ünïcode name.txt")
    if kind == "bytes":
        return send_file(
            __import__("io").BytesIO(b"in memory"),
            mimetype="application/octet-stream",
            download_name="memory.bin",
        )
    if kind == "directory":
        return send_from_directory(HERE / "static", request.args.get("name", "x"))
    if kind == "max-age":
        return send_file(HERE / "static" / "site.css", max_age=60)
    abort(404)


@app.route("/conditional")
def conditional() -> Response:
    response = make_response("conditional body " * 4)
    response.set_etag("tag-1")
    response.last_modified = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    return response.make_conditional(request)


class ItemAPI(MethodView):
    """A class-based view with one method per HTTP method."""

    init_every_request = False

    def get(self, item: int) -> t.Any:
        return {"item": item, "method": "get"}

    def post(self, item: int) -> t.Any:
        return {"item": item, "method": "post", "form": request.form.to_dict()}, 201

    def delete(self, item: int) -> t.Any:
        return "", 204


class Hello(View):
    """A plain class-based view."""

    methods = ["GET", "POST"]

    def dispatch_request(self, name: str = "view") -> str:
        return f"view says hello to {name}"


app.add_url_rule("/items/<int:item>", view_func=ItemAPI.as_view("items"))
app.add_url_rule("/hello-view/", view_func=Hello.as_view("hello_view"))
app.add_url_rule("/hello-view/<name>", view_func=Hello.as_view("hello_view_named"))


@app.route("/async")
async def async_view() -> str:
    return f"async {request.args.get('v', '')}"


# -- a second app: a server name, subdomains and other settings ----------------

hosted = Flask("differential_hosted", root_path=str(HERE), subdomain_matching=True)
hosted.config.update(
    SECRET_KEY=SECRET_KEY,
    SERVER_NAME="example.test",
    APPLICATION_ROOT="/root",
    PREFERRED_URL_SCHEME="https",
    TRUSTED_HOSTS=["example.test", ".example.test", "localhost"],
    SESSION_COOKIE_NAME="hosted_session",
    SESSION_COOKIE_SAMESITE="Lax",
    SESSION_COOKIE_PATH="/",
    SESSION_REFRESH_EACH_REQUEST=False,
    PERMANENT_SESSION_LIFETIME=60,
)
hosted.url_map.strict_slashes = False
hosted.json.sort_keys = False  # type: ignore[attr-defined]
hosted.json.ensure_ascii = False  # type: ignore[attr-defined]
hosted.json.compact = False  # type: ignore[attr-defined]


@hosted.route("/")
def hosted_index() -> dict[str, t.Any]:
    return {
        "host": request.host,
        "url": request.url,
        "self": url_for("hosted_index"),
        "user": url_for("user_home", user="ann", _external=True),
        "é": "☃",
        "z": 1,
        "a": 2,
    }


@hosted.route("/", subdomain="<user>")
def user_home(user: str) -> str:
    return f"home of {user} at {url_for('user_home', user=user)}"


@hosted.route("/about/")
def about() -> str:
    session["visits"] = session.get("visits", 0) + 1
    if request.args.get("permanent") == "1":
        session.permanent = True
    return f"about, visit {session['visits']}"


@hosted.route("/static-host", subdomain="static")
def static_host() -> str:
    return "static subdomain"
