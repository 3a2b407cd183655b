"""The remembered error pages (``flask._speedups.error_pages``) never change what an
error response says: a page is shared only by errors of the same class and
code whose descriptions have the same type and text, and the memory is
bounded however many descriptions clients can make up."""

from __future__ import annotations

import typing as t
import uuid

import pytest
from markupsafe import Markup
from werkzeug.exceptions import BadRequest
from werkzeug.test import EnvironBuilder

import flask
from flask._speedups import error_pages as _error_pages
from flask._speedups.error_pages import error_response

#: Pairs of descriptions that compare equal (or are the same text) but must
#: not share a page: the second must render as itself after the first.
LOOKALIKES = [
    (1.0, 1, "<p>1</p>"),
    (1, 1.0, "<p>1.0</p>"),
    (True, 1, "<p>1</p>"),
    (0.0, -0.0, "<p>-0.0</p>"),
    (Markup("<b>x</b>"), "<b>x</b>", "<p>&lt;b&gt;x&lt;/b&gt;</p>"),
    ("<b>x</b>", Markup("<b>x</b>"), "<p><b>x</b></p>"),
]


@pytest.fixture
def aborting() -> t.Callable[[t.Any], str]:
    """Answer a 400 error carrying a given description through the shortcut
    itself (whichever way the switch of :mod:`flask._speedups` is set) and
    return the page's text."""
    environ = EnvironBuilder("/abort").get_environ()

    def page_for(description: t.Any) -> str:
        response = error_response(BadRequest(description), environ, flask.Response)
        assert response is not None
        assert response.status_code == 400
        return response.get_data(as_text=True)

    return page_for


@pytest.mark.parametrize(("first", "second", "expected"), LOOKALIKES)
def test_equal_descriptions_of_other_types_do_not_share_a_page(
    aborting: t.Callable[[t.Any], str], first: t.Any, second: t.Any, expected: str
) -> None:
    _error_pages._pages.clear()
    aborting(first)
    assert expected in aborting(second)


def test_markup_description_never_unescapes_a_later_string(
    aborting: t.Callable[[t.Any], str],
) -> None:
    # The injection of issue 14: client text equal to a trusted Markup page.
    _error_pages._pages.clear()
    assert "<script>" in aborting(Markup("<script>trusted()</script>"))
    page = aborting("<script>trusted()</script>")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_same_text_is_still_shared(aborting: t.Callable[[t.Any], str]) -> None:
    _error_pages._pages.clear()
    assert aborting("gone") == aborting("gone")
    assert len(_error_pages._pages) == 1


def test_pages_and_their_memory_are_bounded(
    aborting: t.Callable[[t.Any], str],
) -> None:
    _error_pages._pages.clear()
    for _ in range(_error_pages.MAX_PAGES * 3):
        aborting(f"no user {uuid.uuid4()}")
    assert len(_error_pages._pages) == _error_pages.MAX_PAGES
    long_text = "x" * (_error_pages.MAX_REMEMBERED_DESCRIPTION + 1)
    _error_pages._pages.clear()
    assert long_text in aborting(long_text)
    assert not _error_pages._pages


def test_the_newest_pages_are_kept(aborting: t.Callable[[t.Any], str]) -> None:
    _error_pages._pages.clear()
    for number in range(_error_pages.MAX_PAGES + 10):
        aborting(f"page {number}")
    kept = {key[3] for key in _error_pages._pages}
    assert f"page {_error_pages.MAX_PAGES + 9}" in kept
    assert "page 0" not in kept
