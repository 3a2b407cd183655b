"""No message and no page tells anyone to install one of our names from the index.

flask-core, flask-json, flask-sessions, flask-cli and flask-testing are the
names of unrelated projects on the public package index, and ``flask`` is
the real Flask: an install command that names one of them by name is safe
only under the wheelhouse's constraints, which pin every one of our names to
a local wheel. These tests read every page of documentation and every string
in our code, and fail on install advice that does not go that way.
"""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest

from support import DISTRIBUTIONS, PACKAGES, ROOT, requirement_name

#: The names an install command may give only under the constraints.
OUR_NAMES = {*DISTRIBUTIONS, "flask"}
#: pip options that take a value (the value is not a requirement).
VALUE_OPTIONS = {
    "-c",
    "--constraint",
    "-r",
    "--requirement",
    "-t",
    "--target",
    "--python",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--upgrade-strategy",
    "--prefix",
    "--root",
    "--report",
}
#: A pip (or uv pip) install command, up to the end of its line, a backtick,
#: a single quote or a parenthesis (messages quote commands with ``'``).
COMMAND = re.compile(r"\bpip install ([^\n`'()]*)")

PAGES = sorted(
    [
        ROOT / "README.md",
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "docs").glob("*.rst"),
        *PACKAGES.glob("*/README.md"),
        *PACKAGES.glob("*/CHANGES.md"),
        *(ROOT / "examples").rglob("*.md"),
        *(ROOT / "benchmarks").glob("*.md"),
    ]
)
SOURCES = sorted(
    path
    for path in [*PACKAGES.glob("*/src/**/*.py"), *(ROOT / "scripts").glob("*.py")]
    if "__pycache__" not in path.parts
)


def unsafe_requirements(arguments: str) -> list[str]:
    """The requirements of one ``pip install`` command line that name one of
    our distributions (or bare ``flask``) without the wheelhouse's
    constraints; paths and the real Flask at a pinned release are fine."""
    try:
        words = shlex.split(arguments.replace("\\", " "))
    except ValueError:
        words = arguments.split()
    constrained = False
    requirements = []
    words_left = iter(words)
    for word in words_left:
        if word in VALUE_OPTIONS:
            value = next(words_left, "")
            # A placeholder ("-c {path}") stands for the constraints file.
            if word in ("-c", "--constraint") and (
                "constraints" in value or "{" in value
            ):
                constrained = True
        elif word.startswith("-") or not re.match(r"[A-Za-z0-9.]", word):
            continue
        else:
            requirements.append(word)
    unsafe = []
    for requirement in requirements:
        if "/" in requirement or requirement.endswith(".whl") or "{" in requirement:
            continue  # a path, or a placeholder filled in at run time
        name = requirement_name(requirement)
        rest = requirement[len(name) :].lstrip("[").split("]")[-1]
        if name == "flask" and rest.startswith(("==", "<")):
            continue  # the real Flask, named on purpose
        if name in OUR_NAMES and not constrained:
            unsafe.append(requirement)
    return unsafe


def commands(text: str) -> list[str]:
    """Every ``pip install`` command in a text, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return COMMAND.findall(joined)


def string_constants(path: Path) -> list[str]:
    """Every string in a Python file; an f-string's fields become ``{}``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found.append(
                "".join(
                    str(v.value) if isinstance(v, ast.Constant) else "{}"
                    for v in node.values
                )
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
    return found


#: Advice in prose tells someone to "install" (the word, not "installed")
#: one of our distributions later in the same sentence, as in "install the
#: 'async' extra of modular Flask's core, 'flask-core[async]'".
INSTALL_WORD = re.compile(r"\binstall\b", re.IGNORECASE)
OUR_NAME = re.compile(
    r"(?<![\w.-])flask-(?:core|json|sessions|cli|testing|signals|full)\b"
    r"|'flask(?:\[[^\]]*\])?'"
)
SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+|\n\s*\n")


def prose_advice(text: str) -> list[str]:
    """Our names that a sentence of ``text`` tells someone to install without
    the wheelhouse (``pip install`` commands are checked on their own)."""
    found = []
    for sentence in SENTENCE_END.split(COMMAND.sub("", text)):
        install = INSTALL_WORD.search(sentence)
        if install and "wheelhouse" not in sentence:
            found += OUR_NAME.findall(sentence, install.end())
    return found


@pytest.mark.parametrize(
    ("line", "unsafe"),
    [
        ("pip install flask-json", ["flask-json"]),
        ("python -m pip install --no-deps flask-core werkzeug", ["flask-core"]),
        ('pip install "flask-core[async]"', ["flask-core[async]"]),
        ("pip install -U flask", ["flask"]),
        ("pip install --find-links wheelhouse flask-full", ["flask-full"]),
        ("pip install -c wheelhouse/constraints.txt flask Flask-Login", []),
        ("pip install --no-deps ./packages/flask-core wheelhouse/flask_json-*.whl", []),
        ("pip install Flask==3.1.2", []),
        ("pip install Flask-Login orjson", []),
        ("pip install -c /srv/wheelhouse/constraints.txt flask-json", []),
    ],
)
def test_the_check_itself(line: str, unsafe: list[str]) -> None:
    (arguments,) = commands(line)
    assert unsafe_requirements(arguments) == unsafe


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Async views need asgiref: install the 'async' extra of modular"
            " Flask's core, 'flask-core[async]'.",
            ["flask-core"],
        ),
        ("Install 'flask' before any extension.", ["'flask'"]),
        ("flask-json is not installed.", []),
        ("Install it from the wheelhouse, flask-json.", []),
        ("flask-core's extra adds it: 'python -m pip install asgiref'.", []),
        ("It is installed by flask-json. Install it.", []),
        ("Install the 'orjson' package.", []),
    ],
)
def test_the_prose_check_itself(text: str, names: list[str]) -> None:
    assert prose_advice(text) == names


def test_no_page_gives_an_unsafe_command() -> None:
    assert len(PAGES) > 15
    found = [
        f"{page.relative_to(ROOT)}: pip install {command}"
        for page in PAGES
        for command in commands(page.read_text(encoding="utf-8"))
        if unsafe_requirements(command)
    ]
    assert found == []


def test_no_message_gives_unsafe_advice() -> None:
    assert len(SOURCES) > 20
    found = []
    for path in SOURCES:
        for text in string_constants(path):
            unsafe = [c for c in commands(text) if unsafe_requirements(c)]
            advice = prose_advice(text)
            if unsafe or advice:
                found.append(f"{path.relative_to(ROOT)}: {unsafe + advice}")
    assert found == []


def test_the_missing_distribution_message_gives_the_safe_command() -> None:
    # The one message built from a variable: read it as a user does.
    # (flask.seams offers it from flask-core's private module _addons.)
    addons = PACKAGES / "flask-core" / "src" / "flask" / "_addons.py"
    namespace: dict[str, object] = {"__name__": "addons_for_advice"}
    exec(compile(addons.read_text(encoding="utf-8"), str(addons), "exec"), namespace)
    error_class = namespace["MissingDistributionError"]
    assert isinstance(error_class, type)
    for distribution in DISTRIBUTIONS:
        message = str(error_class(distribution))
        (command,) = commands(message)
        assert unsafe_requirements(command) == []
        assert f"-c wheelhouse/constraints.txt {distribution}'" in message
