"""Whether this environment's modular Flask is whole: ``python -m flask.installation``.

Two accidents leave ``pip check`` clean and go unnoticed until something
behaves strangely:

* the real Flask gets installed after modular Flask (``pip install
  Flask==3.1.2``, or an extension installed without the wheelhouse's
  constraints): it writes its own files over ours under ``flask/``, and
  ``import flask`` quietly runs the real Flask;
* one of our names is taken by the unrelated project of the same name from
  the package index (the index's ``Flask-CLI``, say).

Both show in the installation records. Every distribution of modular Flask
declares :data:`flask.seams.MARKER_GROUP`, and its ``RECORD`` lists each file
it installed with its hash. The real Flask ships neither this module nor
:mod:`flask.seams`, so they survive such an install and can still report it,
even when ``flask/cli.py`` (and with it ``flask --version``) is the real
Flask's.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import sys

# Only flask-core's own modules that Flask does not ship, so that this module
# still runs when the real Flask overwrote ours.
from ._addons import INSTALL_COMMAND
from ._mixed_install import declares_marker

#: Every distribution name of modular Flask: its compatibility wheel, which is
#: named ``flask``, first.
DISTRIBUTIONS = (
    "flask",
    "flask-core",
    "flask-json",
    "flask-sessions",
    "flask-cli",
    "flask-testing",
    "flask-signals",
    "flask-full",
)

#: How many changed files a report names before it says "and N more".
_SHOWN_FILES = 5


def installed(name: str) -> list[importlib.metadata.Distribution]:
    """Every installed distribution called ``name`` on ``sys.path``."""
    return list(importlib.metadata.distributions(name=name))


def is_modular(distribution: importlib.metadata.Distribution) -> bool:
    """Tell whether an installed distribution is one of modular Flask's."""
    return declares_marker(distribution.read_text("entry_points.txt"))


def changed_files(distribution: importlib.metadata.Distribution) -> list[str]:
    """The files in a distribution's ``RECORD`` that are missing or whose
    content no longer has the recorded hash."""
    changed = []
    for file in distribution.files or []:
        if file.hash is None:
            continue
        try:
            content = file.read_binary()
        except OSError:
            changed.append(str(file))
            continue
        digest = hashlib.new(file.hash.mode, content).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != file.hash.value:
            changed.append(str(file))
    return changed


def find_problems() -> list[str]:
    """Describe each way modular Flask's installation here is not whole; an
    empty list means every distribution of our names is ours and unchanged."""
    problems = []
    for name in DISTRIBUTIONS:
        for distribution in installed(name):
            problem = _problem_with(name, distribution)
            if problem is not None:
                problems.append(problem)
    return problems


def _problem_with(
    name: str, distribution: importlib.metadata.Distribution
) -> str | None:
    """What is wrong with one installed distribution called ``name``."""
    where = distribution.locate_file("")
    version = distribution.version
    if not is_modular(distribution):
        if name == "flask":
            return (
                f"The real Flask {version} is installed (in {where}). It"
                " writes the same files as modular Flask, and 'import flask'"
                " runs whichever of the two was installed last."
            )
        return (
            f"{name} {version} (in {where}) is not modular Flask's: it is the"
            " unrelated project of the same name from the package index."
        )
    changed = changed_files(distribution)
    if not changed:
        return None
    shown = ", ".join(changed[:_SHOWN_FILES])
    if len(changed) > _SHOWN_FILES:
        shown += f" and {len(changed) - _SHOWN_FILES} more"
    return (
        f"{name} {version}: files it installed were overwritten or removed"
        f" since: {shown}. Another distribution (most likely the real Flask)"
        " wrote the same paths."
    )


def repair_commands() -> list[str]:
    """The commands that put modular Flask back, run from the checkout whose
    ``scripts/wheelhouse.py`` built the wheelhouse: the real Flask out, then
    each of our names reinstalled from its wheel."""
    commands = []
    names = [n for n in DISTRIBUTIONS if installed(n)]
    real_flask = any(not is_modular(d) for d in installed("flask"))
    if real_flask:
        commands.append("python -m pip uninstall flask")
        if "flask-full" not in names:
            names.remove("flask")
    if names:
        reinstall = " ".join(names)
        commands.append(f"{INSTALL_COMMAND} --force-reinstall --no-deps {reinstall}")
    commands.append("python -m pip check")
    return commands


def report() -> tuple[bool, str]:
    """Whether modular Flask is whole here, and a report saying so or what is
    wrong and how to repair it."""
    problems = find_problems()
    if not problems:
        found = [
            f"{d.metadata['Name']} {d.version}"
            for n in DISTRIBUTIONS
            for d in installed(n)
        ]
        listed = ", ".join(found) or "none"
        return True, f"Modular Flask is installed and unchanged: {listed}."
    lines = ["Modular Flask is not installed as it should be:"]
    lines += [f"- {problem}" for problem in problems]
    lines.append("To repair it, run from modular Flask's checkout:")
    lines += [f"    {command}" for command in repair_commands()]
    lines.append("(see 'Troubleshooting' in docs/installing.md)")
    return False, "\n".join(lines)


def main() -> int:
    """Print the report; exit with 1 when something is wrong."""
    whole, text = report()
    print(text)
    return 0 if whole else 1


if __name__ == "__main__":
    sys.exit(main())
