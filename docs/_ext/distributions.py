"""A Sphinx extension that documents each modular Flask distribution's modules.

``.. distribution-modules:: flask-json`` looks at what the distribution's
``src/flask`` folder holds right now and emits an ``automodule`` block for each
public module, so the API reference always matches the code on disk.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

PACKAGES = Path(__file__).resolve().parents[2] / "packages"

#: Modules that must not be imported while documenting (running them acts).
SKIPPED = {"flask.__main__"}


def modules_of(distribution: str) -> list[str]:
    """The importable modules a distribution's source tree provides."""
    src = PACKAGES / distribution / "src"
    found = []
    for path in sorted(src.rglob("*.py")):
        relative = path.relative_to(src).with_suffix("")
        parts = list(relative.parts)
        if any(p.startswith(".") or p == "__pycache__" for p in parts):
            continue
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if name in SKIPPED or any(p.startswith("_") for p in parts):
            continue
        found.append(name)
    return found


class DistributionModules(SphinxDirective):
    """Emit ``automodule`` for every public module of one distribution."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Generate and parse the automodule blocks."""
        distribution = self.arguments[0]
        modules = modules_of(distribution)
        lines: list[str] = []
        if not modules:
            lines.append(f"*{distribution} installs no module.*")
        for module in modules:
            lines += [
                module,
                "~" * len(module),
                "",
                f".. automodule:: {module}",
                "",
            ]
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(
            self.state,
            StringList(lines, source=f"<{distribution} modules>"),
            container,
            self.content_offset,
        )
        return list(container.children)


def setup(app: Sphinx) -> dict[str, t.Any]:
    """Register the directive."""
    app.add_directive("distribution-modules", DistributionModules)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
