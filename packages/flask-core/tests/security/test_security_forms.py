"""Form bodies cost what the app's limits allow, never more.

* ``application/x-www-form-urlencoded``: held to ``MAX_FORM_MEMORY_SIZE``
  (the whole body) and ``MAX_FORM_PARTS`` (its fields), also when
  ``MAX_CONTENT_LENGTH`` is unset and the body comes without a length;
  Werkzeug (and so Flask) reads such a body whole, whatever its size.
* ``multipart/form-data``: Werkzeug's limits as Flask configures them, the
  fixes for CVE-2023-25577 (number of parts), CVE-2024-49767 (size of
  fields) and CVE-2023-46136 (a part starting with CR or LF).
"""

from __future__ import annotations

import io
import tracemalloc
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client, EnvironBuilder

import flask
from flask._forms import FormDataParser

URLENCODED = "application/x-www-form-urlencoded"
MiB = 1 << 20


class Generated(io.RawIOBase):
    """A request body of ``size`` bytes made on the fly, as a client would
    send it: the test itself never holds it in memory."""

    def __init__(self, size: int, head: bytes = b"", fill: bytes = b"x") -> None:
        self.remaining = size
        self.head = head
        self.fill = fill

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: t.Any) -> int:
        if self.head:
            count = min(len(buffer), len(self.head))
            buffer[:count] = self.head[:count]
            self.head = self.head[count:]
            return count
        count = min(len(buffer), self.remaining)
        buffer[:count] = self.fill * count
        self.remaining -= count
        return count


def _post_streamed(
    app: flask.Flask, body: io.RawIOBase, content_type: str
) -> tuple[str, int]:
    """POST a body without ``Content-Length`` (``Transfer-Encoding:
    chunked`` behind a server that sets ``wsgi.input_terminated``); return
    the status and the peak memory the request took."""
    environ = EnvironBuilder(path="/form", method="POST").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["CONTENT_TYPE"] = content_type
    environ["wsgi.input"] = io.BufferedReader(body)
    environ["wsgi.input_terminated"] = True
    statuses: list[str] = []
    tracemalloc.start()
    try:
        result = app(environ, lambda status, headers, exc=None: statuses.append(status))
        b"".join(result)
        getattr(result, "close", lambda: None)()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return statuses[-1], peak


@pytest.fixture
def form_app(app: flask.Flask) -> flask.Flask:
    """An app whose ``/form`` counts the fields and files it received."""
    app.testing = False

    @app.route("/form", methods=["POST"])
    def form() -> str:
        request = flask.request
        return (
            f"{len(request.form.getlist('f'))} {len(request.form)} {len(request.files)}"
        )

    return app


def test_urlencoded_body_above_the_memory_limit_is_413(form_app: flask.Flask) -> None:
    form_app.config["MAX_FORM_MEMORY_SIZE"] = 1000
    client = Client(form_app)
    body = "f=" + "x" * 998
    assert client.post("/form", data=body, content_type=URLENCODED).status_code == 200
    too_big = body + "x"
    assert (
        client.post("/form", data=too_big, content_type=URLENCODED).status_code == 413
    )


def test_unbounded_urlencoded_stream_is_cut_short(form_app: flask.Flask) -> None:
    # 64 MiB without a length and without MAX_CONTENT_LENGTH: Flask holds
    # all of it (several times over) before parsing.
    assert form_app.config["MAX_CONTENT_LENGTH"] is None
    status, peak = _post_streamed(form_app, Generated(64 * MiB, b"f="), URLENCODED)
    assert status.startswith("413")
    assert peak < 4 * MiB, peak


def test_urlencoded_fields_above_the_parts_limit_is_413(form_app: flask.Flask) -> None:
    form_app.config["MAX_FORM_PARTS"] = 10
    client = Client(form_app)
    ten = "&".join(["f=1"] * 10)
    assert client.post("/form", data=ten, content_type=URLENCODED).data == b"10 1 0"
    eleven = ten + "&f=1"
    assert client.post("/form", data=eleven, content_type=URLENCODED).status_code == 413


def test_many_tiny_urlencoded_fields_are_cut_short(form_app: flask.Flask) -> None:
    status, peak = _post_streamed(form_app, Generated(0, b"&" * 400_000), URLENCODED)
    assert status.startswith("413")
    assert peak < 4 * MiB, peak


def test_urlencoded_limits_follow_the_request(form_app: flask.Flask) -> None:
    @form_app.before_request
    def raise_limit() -> None:
        flask.request.max_form_parts = 5000

    body = "&".join(["f=1"] * 5000)
    client = Client(form_app)
    response = client.post("/form", data=body, content_type=URLENCODED)
    assert response.data == b"5000 1 0"
    response = client.post("/form", data=body + "&f=1", content_type=URLENCODED)
    assert response.status_code == 413


def test_urlencoded_limits_can_be_lifted(form_app: flask.Flask) -> None:
    form_app.config.update(MAX_FORM_MEMORY_SIZE=None, MAX_FORM_PARTS=None)
    body = "&".join(["f=" + "x" * 200] * 5000)
    response = Client(form_app).post("/form", data=body, content_type=URLENCODED)
    assert response.data == b"5000 1 0"


def test_urlencoded_body_that_is_not_utf8_gives_an_empty_form(
    form_app: flask.Flask,
) -> None:
    response = Client(form_app).post(
        "/form", data=b"f=\xff\xfe", content_type=URLENCODED
    )
    assert response.data == b"0 0 0"


def test_parser_reads_the_same_fields_as_werkzeug() -> None:
    from werkzeug.formparser import FormDataParser as WerkzeugParser

    body = b"a=1&b=%C3%A9&a=&c&d=%ZZ&e=+x+"
    ours = FormDataParser().parse(io.BytesIO(body), URLENCODED, len(body))
    theirs = WerkzeugParser().parse(io.BytesIO(body), URLENCODED, len(body))
    assert list(ours[1].items(multi=True)) == list(theirs[1].items(multi=True))


def _multipart(parts: list[tuple[str, bytes, str | None]]) -> tuple[bytes, str]:
    """Encode form parts (name, data, file name or ``None``)."""
    boundary = "boundary-for-the-test"
    out = io.BytesIO()
    for name, data, filename in parts:
        out.write(f"--{boundary}\r\n".encode())
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out.write(f"Content-Disposition: {disposition}\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def test_cve_2023_25577_multipart_parts_are_limited(form_app: flask.Flask) -> None:
    form_app.config["MAX_FORM_PARTS"] = 20
    body, content_type = _multipart([("f", b"1", None)] * 21)
    response = Client(form_app).post("/form", data=body, content_type=content_type)
    assert response.status_code == 413


def test_cve_2024_49767_multipart_fields_are_limited(form_app: flask.Flask) -> None:
    form_app.config["MAX_FORM_MEMORY_SIZE"] = 1000
    body, content_type = _multipart([("f", b"x" * 1001, None)])
    response = Client(form_app).post("/form", data=body, content_type=content_type)
    assert response.status_code == 413
    head = b'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\n'
    status, peak = _post_streamed(
        form_app, Generated(64 * MiB, head), "multipart/form-data; boundary=b"
    )
    assert status.startswith("413")
    assert peak < 4 * MiB, peak


def test_files_of_a_refused_multipart_body_are_closed(form_app: flask.Flask) -> None:
    # Werkzeug drops the files it parsed before the limit was passed without
    # closing them; with warnings as errors, a leak fails this test.
    form_app.config["MAX_FORM_PARTS"] = 3
    parts = [("upload", b"data" * 100, "a.txt")] * 3 + [("f", b"1", None)]
    body, content_type = _multipart(parts)
    response = Client(form_app).post("/form", data=body, content_type=content_type)
    assert response.status_code == 413
    truncated = body[: len(body) // 2]
    response = Client(form_app).post("/form", data=truncated, content_type=content_type)
    assert response.data == b"0 0 0"


def test_cve_2023_46136_part_starting_with_cr_is_parsed_in_bounded_memory(
    form_app: flask.Flask,
) -> None:
    head = b'--b\r\nContent-Disposition: form-data; name="u"; filename="u"\r\n\r\n\r'
    status, peak = _post_streamed(
        form_app, Generated(4 * MiB, head), "multipart/form-data; boundary=b"
    )
    assert status.startswith(("200", "400"))
    assert peak < 4 * MiB, peak


field_names = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters='"\\'),
    min_size=1,
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.tuples(
            field_names,
            st.binary(max_size=200),
            st.one_of(st.none(), field_names),
        ),
        max_size=8,
    )
)
def test_any_multipart_form_is_read_or_refused_never_a_500(
    parts: list[tuple[str, bytes, str | None]],
) -> None:
    app = flask.Flask("multipart_property")
    app.testing = False
    app.config["MAX_FORM_PARTS"] = 6

    @app.route("/form", methods=["POST"])
    def form() -> t.Any:
        files = flask.request.files
        received = [(k, v.read()) for k, v in files.items(multi=True)]
        return f"{len(flask.request.form)} fields, {len(received)} files"

    body, content_type = _multipart(parts)
    response = Client(app).post("/form", data=body, content_type=content_type)
    if len(parts) > 6:
        assert response.status_code == 413
    else:
        assert response.status_code in (200, 400), response.status_code
    assert flask.globals._cv_request.get(None) is None


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=400),
    boundary=st.text(
        st.characters(min_codepoint=33, max_codepoint=126), min_size=0, max_size=12
    ),
    urlencoded=st.booleans(),
)
def test_any_form_body_bytes_never_make_a_500(
    body: bytes, boundary: str, urlencoded: bool
) -> None:
    app = flask.Flask("form_bytes_property")
    app.testing = False

    @app.route("/form", methods=["POST"])
    def form() -> t.Any:
        return f"{len(flask.request.form)} fields, {len(flask.request.files)} files"

    content_type = (
        URLENCODED if urlencoded else f"multipart/form-data; boundary={boundary}"
    )
    response = Client(app).post("/form", data=body, content_type=content_type)
    assert response.status_code in (200, 400, 413), response.status_code
