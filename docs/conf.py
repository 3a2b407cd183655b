"""Sphinx configuration for modular Flask's documentation.

Build it with ``hatch run docs:build`` (warnings are errors, every
cross-reference must resolve, and every internal link of the built pages must
lead to an existing page and anchor), or directly with
``sphinx-build -W -n -b html docs docs/_build/html`` in an environment where
every distribution is installed. The code blocks of the pages are run by
``docs/tests/`` (``hatch run all.speedups:snippets``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "modular Flask"
author = "the modular Flask contributors"
copyright = "2026, the modular Flask contributors"
release = "0.1.0"
version = "0.1"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "distributions",
    "readable_types",
    "python_refs",
    "internal_links",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "tests"]

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    # `flask.__all__` lists re-exports for star imports; each is documented
    # once, in the module that defines it.
    "ignore-module-all": True,
}
autoclass_content = "class"

# Cross-project links are resolved only when the inventories can be fetched;
# a machine without network access still builds (the links stay plain text).
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
intersphinx_disabled_reftypes = ["*"]

# Every cross-reference must resolve (`-n`), except those into the standard
# library and the third-party packages, whose inventories are not fetched.
nitpicky = True
_OUTSIDE = (
    "werkzeug|jinja2|markupsafe|click|itsdangerous|blinker|asgiref|orjson|dotenv"
    "|typing|typing_extensions|collections|os|datetime|json|logging|types|uuid"
    "|decimal|http|ssl|pathlib|wsgiref|importlib|contextvars|dataclasses|enum"
    "|functools|sqlite3|pkgutil|abc|io|inspect"
)
nitpick_ignore_regex = [
    (r"py:.*", rf"({_OUTSIDE})(\..*)?"),
    # Builtins and names of the standard library written without a module.
    (
        r"py:.*",
        r"(Any|HTTPStatus|Ellipsis|NoneType|BaseException|Exception|Union|Optional"
        r"|Callable|Awaitable|Mapping|Sequence|Iterator|AsyncIterable|TypeVar)",
    ),
    # Type variables of generic signatures and private names are not API
    # entries; the WSGI types exist for type checkers only.
    (r"py:.*", r"(.*\.)?(T_\w+|T|F|V|R|P|K|_\w+)"),
    (r"py:.*", r"(WSGIEnvironment|StartResponse|WSGIApplication|Context)"),
    # Werkzeug's own name in the signature of its HTTP exceptions, shown for
    # flask-sessions' SessionStoreUnavailable.
    (r"py:class", r"SansIOResponse"),
]

# The re-exported names of the `flask` page point at their defining modules;
# source pages link back only to the entries in those modules.
viewcode_follow_imported_members = False

html_theme = "furo"
html_title = "modular Flask"
html_static_path: list[str] = []
html_theme_options = {"navigation_with_keys": True}

# flask.sansio and the WSGI layer define classes of the same name (Blueprint,
# App/Flask's bases), so unqualified names in type hints can match twice.
suppress_warnings = ["ref.python"]
