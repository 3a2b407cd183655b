"""Sphinx configuration for modular Flask's documentation.

Build it with ``python scripts/check.py -k docs`` (warnings are errors), or
directly with ``sphinx-build -W -b html docs docs/_build/html`` in an
environment where every distribution is installed.
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
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
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

html_theme = "alabaster"
html_title = "modular Flask"
html_static_path: list[str] = []

# flask.sansio and the WSGI layer define classes of the same name (Blueprint,
# App/Flask's bases), so unqualified names in type hints can match twice.
suppress_warnings = ["ref.python"]
