"""Tests for send_file and send_from_directory: headers, caching, conditional
and range requests, X-Sendfile, and a path traversal corpus that must never
serve anything outside the chosen folder."""

from __future__ import annotations

import datetime
import io
import os
import pathlib
import typing as t

import pytest
import werkzeug.exceptions
from werkzeug.http import http_date
from werkzeug.test import Client

import flask

SECRET = b"outside secret: must never be served"
PUBLIC = b"public file contents\n"


@pytest.fixture
def client(app: flask.Flask) -> t.Iterator[Client]:
    """Werkzeug's test client, closing every response it returned once the
    test is over, as a WSGI server closes each body it sent: a response that
    serves a file holds it open until then."""
    returned: list[t.Any] = []

    class ClosingClient(Client):
        def open(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
            response = super().open(*args, **kwargs)
            returned.append(response)
            return response

    yield ClosingClient(app, app.response_class)
    for response in returned:
        response.close()


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """``tmp_path`` holds a secret file next to the served folder ``public``."""
    (tmp_path / "outside_secret.txt").write_bytes(SECRET)
    public = tmp_path / "public"
    (public / "sub").mkdir(parents=True)
    (public / "file.txt").write_bytes(PUBLIC)
    (public / "page.html").write_bytes(b"<p>hi</p>")
    (public / "sub" / "nested.txt").write_bytes(b"nested")
    (public / "data.bin").write_bytes(bytes(range(256)))
    return tmp_path


@pytest.fixture
def public_app(app: flask.Flask, tree: pathlib.Path) -> flask.Flask:
    public = tree / "public"

    @app.route("/files/<path:name>")
    def files(name: str) -> t.Any:
        return flask.send_from_directory(public, name)

    @app.route("/plain/<name>")
    def plain(name: str) -> t.Any:
        return flask.send_from_directory(str(public), name)

    return app


# -- send_file --------------------------------------------------------------


def test_send_file_path(app: flask.Flask, tree: pathlib.Path) -> None:
    path = tree / "public" / "file.txt"
    with app.test_request_context():
        response = flask.send_file(path)
        response.direct_passthrough = False
        assert response.status_code == 200
        assert response.get_data() == PUBLIC
        assert response.mimetype == "text/plain"
        assert response.headers["Content-Length"] == str(len(PUBLIC))
        assert response.headers["ETag"]
        assert response.last_modified is not None
        assert response.headers["Content-Disposition"] == "inline; filename=file.txt"
        response.close()


def test_send_file_returns_app_response_class(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    class MyResponse(flask.Response):
        pass

    app.response_class = MyResponse
    with app.test_request_context():
        response = flask.send_file(str(tree / "public" / "file.txt"))
        assert type(response) is MyResponse
        response.close()


def test_send_file_relative_path_uses_root_path(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    assert app.root_path == str(tree)
    with app.test_request_context():
        response = flask.send_file("public/file.txt")
        response.direct_passthrough = False
        assert response.get_data() == PUBLIC
        response.close()


def test_send_file_mimetype_guess_and_override(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    with app.test_request_context():
        html = flask.send_file(tree / "public" / "page.html")
        assert html.mimetype == "text/html"
        html.close()
        forced = flask.send_file(tree / "public" / "page.html", mimetype="text/plain")
        assert forced.mimetype == "text/plain"
        forced.close()


def test_send_file_object(app: flask.Flask) -> None:
    with app.test_request_context():
        response = flask.send_file(
            io.BytesIO(b"in memory"), mimetype="application/octet-stream"
        )
        response.direct_passthrough = False
        assert response.get_data() == b"in memory"
        assert response.mimetype == "application/octet-stream"
        response.close()


def test_send_file_object_needs_name_or_mimetype(app: flask.Flask) -> None:
    with app.test_request_context():
        with pytest.raises(TypeError):
            flask.send_file(io.BytesIO(b"x"))
        response = flask.send_file(io.BytesIO(b"a,b"), download_name="t.csv")
        assert response.mimetype == "text/csv"
        response.close()


def test_send_file_attachment(app: flask.Flask, tree: pathlib.Path) -> None:
    with app.test_request_context():
        response = flask.send_file(
            tree / "public" / "file.txt", as_attachment=True, download_name="report.txt"
        )
        assert (
            response.headers["Content-Disposition"] == "attachment; filename=report.txt"
        )
        response.close()
        response = flask.send_file(tree / "public" / "file.txt", as_attachment=True)
        assert (
            response.headers["Content-Disposition"] == "attachment; filename=file.txt"
        )
        response.close()


def test_send_file_inline_download_name(app: flask.Flask, tree: pathlib.Path) -> None:
    with app.test_request_context():
        response = flask.send_file(
            tree / "public" / "file.txt", download_name="shown.txt"
        )
        assert response.headers["Content-Disposition"] == "inline; filename=shown.txt"
        response.close()


def test_send_file_unicode_download_name(app: flask.Flask, tree: pathlib.Path) -> None:
    with app.test_request_context():
        response = flask.send_file(
            tree / "public" / "file.txt",
            as_attachment=True,
            download_name="Ünïcode.txt",
        )
        disposition = response.headers["Content-Disposition"]
        assert "filename*=UTF-8''%C3%9Cn%C3%AFcode.txt" in disposition
        response.close()


def test_send_file_etag_options(app: flask.Flask, tree: pathlib.Path) -> None:
    path = tree / "public" / "file.txt"
    with app.test_request_context():
        without = flask.send_file(path, etag=False)
        assert "ETag" not in without.headers
        without.close()
        custom = flask.send_file(path, etag="my-tag")
        assert custom.headers["ETag"] == '"my-tag"'
        custom.close()


def test_send_file_last_modified_option(app: flask.Flask, tree: pathlib.Path) -> None:
    when = datetime.datetime(2020, 5, 17, 12, 0, tzinfo=datetime.timezone.utc)
    with app.test_request_context():
        response = flask.send_file(tree / "public" / "file.txt", last_modified=when)
        assert response.last_modified == when
        response.close()
        response = flask.send_file(tree / "public" / "file.txt", last_modified=0)
        assert response.headers["Last-Modified"] == http_date(0)
        response.close()


def test_send_file_needs_request_context(tree: pathlib.Path) -> None:
    with pytest.raises(RuntimeError):
        flask.send_file(tree / "public" / "file.txt")


def test_send_file_missing_path_raises(app: flask.Flask, tree: pathlib.Path) -> None:
    with app.test_request_context(), pytest.raises(FileNotFoundError):
        flask.send_file(tree / "public" / "does_not_exist.txt")


# -- caching ----------------------------------------------------------------


def test_default_max_age_is_no_cache(app: flask.Flask, tree: pathlib.Path) -> None:
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] is None
    with app.test_request_context():
        response = flask.send_file(tree / "public" / "file.txt")
        assert response.cache_control.no_cache
        assert response.cache_control.max_age is None
        assert response.expires is None
        response.close()


@pytest.mark.parametrize("value", [3600, datetime.timedelta(hours=1)])
def test_send_file_max_age_default_config(
    app: flask.Flask, tree: pathlib.Path, value: t.Any
) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = value
    with app.test_request_context():
        assert app.get_send_file_max_age("file.txt") == 3600
        response = flask.send_file(tree / "public" / "file.txt")
        assert response.cache_control.max_age == 3600
        assert response.cache_control.public
        assert not response.cache_control.no_cache
        assert response.expires is not None
        response.close()


def test_send_file_explicit_max_age(app: flask.Flask, tree: pathlib.Path) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    with app.test_request_context():
        response = flask.send_file(tree / "public" / "file.txt", max_age=10)
        assert response.cache_control.max_age == 10
        response.close()
        chosen: list[str | None] = []

        def by_name(name: str | None) -> int:
            chosen.append(name)
            return 20

        response = flask.send_file(tree / "public" / "file.txt", max_age=by_name)
        assert response.cache_control.max_age == 20
        assert chosen and chosen[0] is not None and chosen[0].endswith("file.txt")
        response.close()


def test_get_send_file_max_age_override(tree: pathlib.Path) -> None:
    class PerTypeCaching(flask.Flask):
        def get_send_file_max_age(self, filename: str | None) -> int | None:
            if filename is not None and filename.endswith(".txt"):
                return 60
            return 5

    app = PerTypeCaching(__name__, root_path=str(tree))
    with app.test_request_context():
        text = flask.send_file(tree / "public" / "file.txt")
        assert text.cache_control.max_age == 60
        text.close()
        html = flask.send_from_directory(tree / "public", "page.html")
        assert html.cache_control.max_age == 5
        html.close()


def test_static_files_use_max_age(tree: pathlib.Path) -> None:
    app = flask.Flask(__name__, root_path=str(tree), static_folder="public")
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 120
    client = Client(app, app.response_class)
    response = client.get("/public/file.txt")
    assert response.status_code == 200
    assert response.get_data() == PUBLIC
    assert response.cache_control.max_age == 120
    response.close()


# -- X-Sendfile -------------------------------------------------------------


def test_use_x_sendfile(app: flask.Flask, tree: pathlib.Path) -> None:
    app.config["USE_X_SENDFILE"] = True
    path = tree / "public" / "file.txt"
    with app.test_request_context():
        response = flask.send_file(path)
        assert response.direct_passthrough
        assert response.headers["X-Sendfile"] == str(path)
        response.direct_passthrough = False
        assert response.get_data() == b""
        response.close()


def test_use_x_sendfile_relative_path_is_absolute(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    app.config["USE_X_SENDFILE"] = True
    with app.test_request_context():
        response = flask.send_file("public/file.txt")
        assert response.headers["X-Sendfile"] == os.path.join(
            str(tree), "public", "file.txt"
        )
        response.close()


def test_use_x_sendfile_ignored_for_file_objects(app: flask.Flask) -> None:
    app.config["USE_X_SENDFILE"] = True
    with app.test_request_context():
        response = flask.send_file(io.BytesIO(b"data"), mimetype="text/plain")
        assert "X-Sendfile" not in response.headers
        response.direct_passthrough = False
        assert response.get_data() == b"data"
        response.close()


def test_x_sendfile_off_by_default(app: flask.Flask, tree: pathlib.Path) -> None:
    with app.test_request_context():
        response = flask.send_file(tree / "public" / "file.txt")
        assert "X-Sendfile" not in response.headers
        response.close()


# -- conditional and range requests -----------------------------------------


def test_if_none_match_gives_304(public_app: flask.Flask, client: Client) -> None:
    first = client.get("/files/file.txt")
    etag = first.headers["ETag"]
    first.close()
    again = client.get("/files/file.txt", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other = client.get("/files/file.txt", headers={"If-None-Match": '"different"'})
    assert other.status_code == 200
    assert other.get_data() == PUBLIC


def test_if_modified_since_gives_304(
    public_app: flask.Flask, client: Client, tree: pathlib.Path
) -> None:
    mtime = (tree / "public" / "file.txt").stat().st_mtime
    later = http_date(mtime + 3600)
    response = client.get("/files/file.txt", headers={"If-Modified-Since": later})
    assert response.status_code == 304
    earlier = http_date(mtime - 3600)
    response = client.get("/files/file.txt", headers={"If-Modified-Since": earlier})
    assert response.status_code == 200
    assert response.get_data() == PUBLIC


def test_range_request_gives_206(public_app: flask.Flask, client: Client) -> None:
    response = client.get("/files/data.bin", headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert response.get_data() == bytes(range(10, 20))
    assert response.headers["Content-Range"] == "bytes 10-19/256"
    assert response.headers["Content-Length"] == "10"


def test_suffix_range_request(public_app: flask.Flask, client: Client) -> None:
    response = client.get("/files/data.bin", headers={"Range": "bytes=-6"})
    assert response.status_code == 206
    assert response.get_data() == bytes(range(250, 256))


def test_unsatisfiable_range_gives_416(public_app: flask.Flask, client: Client) -> None:
    response = client.get("/files/data.bin", headers={"Range": "bytes=1000-2000"})
    assert response.status_code == 416


def test_full_response_advertises_ranges(
    public_app: flask.Flask, client: Client
) -> None:
    response = client.get("/files/data.bin")
    assert response.status_code == 200
    assert response.headers["Accept-Ranges"] == "bytes"


def test_if_range_mismatch_gives_full_body(
    public_app: flask.Flask, client: Client
) -> None:
    response = client.get(
        "/files/data.bin", headers={"Range": "bytes=0-3", "If-Range": '"stale"'}
    )
    assert response.status_code == 200
    assert response.get_data() == bytes(range(256))


def test_conditional_false_ignores_request_headers(
    app: flask.Flask, client: Client, tree: pathlib.Path
) -> None:
    path = tree / "public" / "data.bin"

    @app.route("/raw")
    def raw() -> t.Any:
        return flask.send_file(path, conditional=False)

    etag = client.get("/raw").headers["ETag"]
    response = client.get("/raw", headers={"Range": "bytes=0-3", "If-None-Match": etag})
    assert response.status_code == 200
    assert response.get_data() == bytes(range(256))


# -- send_from_directory -----------------------------------------------------


def test_send_from_directory_serves_files(
    public_app: flask.Flask, client: Client
) -> None:
    response = client.get("/files/file.txt")
    assert response.status_code == 200
    assert response.get_data() == PUBLIC
    nested = client.get("/files/sub/nested.txt")
    assert nested.get_data() == b"nested"


def test_send_from_directory_relative_to_root_path(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    with app.test_request_context():
        response = flask.send_from_directory("public", "sub/nested.txt")
        response.direct_passthrough = False
        assert response.get_data() == b"nested"
        response.close()


def test_send_from_directory_passes_options(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    with app.test_request_context():
        response = flask.send_from_directory(
            tree / "public",
            "file.txt",
            as_attachment=True,
            max_age=7,
            mimetype="text/x-custom",
        )
        assert (
            response.headers["Content-Disposition"] == "attachment; filename=file.txt"
        )
        assert response.cache_control.max_age == 7
        assert response.mimetype == "text/x-custom"
        response.close()


def test_send_from_directory_missing_file_404(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    with app.test_request_context(), pytest.raises(werkzeug.exceptions.NotFound):
        flask.send_from_directory(tree / "public", "missing.txt")


def test_send_from_directory_directory_is_404(
    app: flask.Flask, tree: pathlib.Path
) -> None:
    with app.test_request_context(), pytest.raises(werkzeug.exceptions.NotFound):
        flask.send_from_directory(tree / "public", "sub")


def _traversal_corpus(tree: pathlib.Path) -> list[str]:
    secret = str(tree / "outside_secret.txt")
    return [
        "../outside_secret.txt",
        "./../outside_secret.txt",
        "sub/../../outside_secret.txt",
        "sub/./../../outside_secret.txt",
        "sub/../sub/../../outside_secret.txt",
        "..",
        "../",
        "../public/../outside_secret.txt",
        "..%2foutside_secret.txt",
        "..%2Foutside_secret.txt",
        "%2e%2e/outside_secret.txt",
        "%2e%2e%2foutside_secret.txt",
        "..%5coutside_secret.txt",
        "..\\outside_secret.txt",
        "sub\\..\\..\\outside_secret.txt",
        "....//outside_secret.txt",
        "..;/outside_secret.txt",
        secret,
        "/" + secret.lstrip("/"),
        "//" + secret.lstrip("/"),
        "/etc/passwd",
        "/../outside_secret.txt",
        "file.txt\x00",
        "file.txt\x00.png",
        "\x00../outside_secret.txt",
        "..\x00/outside_secret.txt",
        "CON",
        "NUL",
        "AUX",
        "PRN",
        "COM1",
        "LPT1",
        "con.txt",
        "nul.txt",
        "CON:",
        "file.txt:stream",
        "~/outside_secret.txt",
        "a" * 300,
        "a" * 5000,
        "/".join(["a"] * 3000),
        "/".join([".."] * 50) + secret,
        "",
        ".",
        "sub/",
    ]


def test_traversal_corpus_direct_call(app: flask.Flask, tree: pathlib.Path) -> None:
    public = tree / "public"
    with app.test_request_context():
        for name in _traversal_corpus(tree):
            with pytest.raises(werkzeug.exceptions.NotFound):
                response = flask.send_from_directory(public, name)
                # Reaching here is a failure; show what was served.
                response.direct_passthrough = False
                pytest.fail(f"{name!r} served {response.get_data()[:40]!r}")


def _url_variants(name: str) -> list[str]:
    from urllib.parse import quote

    variants = [quote(name, safe="/%"), quote(name, safe="")]
    return list(dict.fromkeys(variants))


@pytest.mark.parametrize("route", ["/files/", "/plain/", "/static/"])
def test_traversal_corpus_over_http(
    public_app: flask.Flask, client: Client, tree: pathlib.Path, route: str
) -> None:
    public_app.static_folder = str(tree / "public")
    for name in _traversal_corpus(tree):
        for encoded in _url_variants(name):
            # Routing may first redirect (308) to a URL with merged slashes;
            # wherever that leads, the answer is a 404 without the secret.
            response = client.get(route + encoded, follow_redirects=True)
            assert SECRET not in response.get_data(), (route, name)
            assert response.status_code == 404, (route, name, response.status_code)


def test_static_route_serves_only_static_folder(tree: pathlib.Path) -> None:
    app = flask.Flask(__name__, root_path=str(tree), static_folder="public")
    client = Client(app, app.response_class)
    served = client.get("/public/file.txt")
    assert served.get_data() == PUBLIC
    served.close()
    for path in ["/public/../outside_secret.txt", "/public/..%2foutside_secret.txt"]:
        response = client.get(path)
        assert response.status_code == 404
        assert SECRET not in response.get_data()
