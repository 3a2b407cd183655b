"""Benchmark checks: speed properties that are not behaviour, so not tests.

Run them with an interpreter that has flask-core installed without
flask-signals (``python benchmarks/run.py`` runs them in ``.venvs/bench-core``)::

    python benchmarks/checks.py

* **The signal seam is nearly free.** Without flask-signals, a hello-world
  request passes six signal emission points, never imports blinker, and the
  checks cost under 2% of the request (``signal_seam.py`` measures it).
* **Jinja is imported only when a template is rendered.** ``flask.helpers``
  has no module-level ``jinja2`` import, so an app that renders no template
  never pays for loading Jinja.

Prints one line per check and exits with status 1 if any fails.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def signal_seam_is_nearly_free() -> str | None:
    """Run ``signal_seam.py``; return why it fails, or ``None``."""
    completed = subprocess.run(
        [
            sys.executable,
            str(HERE / "signal_seam.py"),
            "--requests",
            "300",
            "--rounds",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = completed.stdout + completed.stderr
    overhead = re.search(r"signal seam overhead: ([0-9.]+)%", output)
    if completed.returncode != 0 or overhead is None or float(overhead.group(1)) >= 2.0:
        return f"the seam costs 2% of a request or more:\n{output}"
    if not re.search(r"seam checks per request:\s+6\b", output):
        return f"a request no longer passes six emission points:\n{output}"
    if "blinker imported:         False" not in output:
        return f"blinker was imported:\n{output}"
    return None


def helpers_import_jinja_lazily() -> str | None:
    """Look for a module-level ``jinja2`` import in ``flask.helpers``."""
    spec = importlib.util.find_spec("flask.helpers")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text("utf-8"))
    for node in tree.body:
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        if any(name.split(".")[0] == "jinja2" for name in names):
            return f"flask/helpers.py line {node.lineno} imports jinja2 at module level"
    return None


CHECKS = (signal_seam_is_nearly_free, helpers_import_jinja_lazily)


def main() -> int:
    """Run every check; the exit status is 1 if any failed."""
    failures = 0
    for check in CHECKS:
        problem = check()
        print(f"{'FAIL' if problem else 'ok  '}  {check.__name__}")
        if problem:
            failures += 1
            print(problem)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
