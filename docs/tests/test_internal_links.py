"""The link check that runs after the HTML build (docs/_ext/internal_links.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

from internal_links import broken_links


def write(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_links_to_existing_pages_and_anchors_pass(tmp_path: Path) -> None:
    write(tmp_path / "index.html", '<a href="guide/one.html#setup">x</a>')
    write(
        tmp_path / "guide" / "one.html", '<h2 id="setup">Setup</h2><a href="../">up</a>'
    )
    assert broken_links(tmp_path) == []


def test_missing_pages_and_anchors_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path / "index.html",
        '<a href="gone.html">a</a><a href="one.html#nowhere">b</a>'
        '<a href="#top">c</a><a href="https://example.org/x.html">d</a>',
    )
    write(tmp_path / "one.html", '<p id="here"></p>')
    found = sorted(link for _, link in broken_links(tmp_path))
    assert found == ["#top", "gone.html", "one.html#nowhere"]
