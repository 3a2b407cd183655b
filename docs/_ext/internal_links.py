"""Check that every link between the built HTML pages leads somewhere.

Sphinx already refuses a cross-reference it cannot resolve (with ``-n``), but
a link can still point at a page or an anchor that the build did not produce:
a Markdown link to a heading that was renamed, a raw ``.html`` link, an anchor
typed by hand. After an HTML build, this extension reads every page of the
output, follows each relative link, and warns (an error under ``-W``) when
the target file or the ``#anchor`` in it does not exist. Links to other sites
are left alone.
"""

from __future__ import annotations

import typing as t
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

if t.TYPE_CHECKING:
    from sphinx.application import Sphinx


class _PageReader(HTMLParser):
    """Collects a page's link targets and the anchors it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag != "meta" else ():
            if values.get(key):
                self.anchors.add(str(values[key]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))


def read_pages(root: Path) -> dict[Path, _PageReader]:
    """Every HTML page of the output, read."""
    pages = {}
    for path in sorted(root.rglob("*.html")):
        reader = _PageReader()
        reader.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = reader
    return pages


def _leads_nowhere(target: Path, anchor: str, pages: dict[Path, _PageReader]) -> bool:
    """Whether a link's target file, or the anchor in that page, is missing."""
    if not target.exists():
        return True
    return (
        bool(anchor)
        and target.suffix == ".html"
        and anchor not in pages[target].anchors
    )


def broken_links(root: Path) -> list[tuple[Path, str]]:
    """(page, link) for each relative link whose target page or anchor is missing."""
    pages = read_pages(root)
    broken = []
    for page, reader in pages.items():
        for link in reader.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # another site, or mailto:
            target = (
                (page.parent / unquote(parts.path)).resolve() if parts.path else page
            )
            if target.is_dir():
                target = target / "index.html"
            if _leads_nowhere(target, unquote(parts.fragment), pages):
                broken.append((page, link))
    return broken


def check_links(app: Sphinx, exception: Exception | None) -> None:
    """Report broken internal links once an HTML build has finished."""
    from sphinx.util import logging  # Sphinx only (the tests import this module)

    if exception is not None or app.builder.format != "html":
        return
    logger = logging.getLogger(__name__)
    root = Path(app.outdir)
    for page, link in broken_links(root):
        logger.warning("broken internal link in %s: %s", page.relative_to(root), link)


def setup(app: Sphinx) -> dict[str, t.Any]:
    """Register the check."""
    app.connect("build-finished", check_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
