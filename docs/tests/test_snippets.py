"""Every code block of the documentation runs, or is checked, so none rots.

The rules, by the language written after a block's opening fence (Markdown
``` fences, MyST ``{code-block}`` directives and reStructuredText
``.. code-block::`` directives alike):

``python``
    Run. The blocks of one page run in order in one namespace, as if they
    were one script, in an empty temporary working folder; a block may use
    what an earlier block of the same page defined. ``assert`` statements in
    the blocks state what the text promises.
``pycon``
    Run as a doctest in the same namespace: each ``>>>`` line's output must
    match.
``console``
    Not run (they install packages or start servers), but checked: every
    repository path a command names exists (``packages/flask-json``,
    ``scripts/check.py``; ``*`` patterns must match something), and every
    ``flask`` command, run with ``--help`` added, exists for the application
    it names (applications live in ``examples/`` and are imported from
    there).
``toml``, ``json``, ``html+jinja`` / ``jinja``
    Parsed: a syntax error fails the page.
``text``, ``ini``, ``none``, ``sql``
    Not checked: prose-like output and fragments.

A block preceded by the comment ``<!-- not run: <reason> -->`` (on the line
just before its fence) is skipped, and the reason must be given.
``literalinclude`` blocks show files of ``examples/``, which their own tests
run (``python scripts/check.py -k examples``); the path must be there.

Any other language fails the page, so that a new kind of block gets a rule
here before it is published.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shlex
import subprocess
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, which pytest depends on there
    import tomli as tomllib

DOCS = Path(__file__).resolve().parent.parent
ROOT = DOCS.parent
EXAMPLES = ROOT / "examples"

RUN = {"python", "py", "python3"}
DOCTEST = {"pycon"}
CONSOLE = {"console", "shell-session"}
PARSED = {"toml", "json", "html+jinja", "jinja", "html"}
UNCHECKED = {"text", "ini", "none", "sql", "sh-output", "output"}

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
_RST_BLOCK = re.compile(r"^(?P<indent> *)\.\. code-block::\s*(?P<lang>\S+)\s*$")
_SKIP = re.compile(r"^\s*<!--\s*not run:\s*(?P<reason>\S.*?)\s*-->\s*$")
_INCLUDE = re.compile(r"^\s*(?:```\{literalinclude\}|\.\. literalinclude::)\s*(\S+)")
_REPO_PATH = re.compile(
    r"^(?:\./)?(?:packages|scripts|examples|docs|integration-tests|benchmarks)/"
)


@dataclass
class Block:
    """One code block of a page."""

    page: Path
    line: int  # 1-based line of the first line of code
    language: str
    code: str
    skip_reason: str | None = None

    @property
    def where(self) -> str:
        """``docs/page.md:12``, for messages and tracebacks."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    """Every source page of the documentation."""
    found = [*DOCS.rglob("*.md"), *DOCS.rglob("*.rst")]
    return sorted(
        p for p in found if not {"_build", "tests"} & set(p.relative_to(DOCS).parts)
    )


def _markdown_blocks(page: Path, lines: list[str]) -> list[Block]:
    blocks = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, info = match["fence"], match["info"].strip()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = lines[index + 1 : end]
        language = info
        directive = re.match(r"\{(?P<name>[\w-]+)\}\s*(?P<arg>.*)", info)
        if directive:
            if directive["name"] not in ("code-block", "code"):
                index = end + 1  # other directives (toctree, include, ...)
                continue
            language = directive["arg"].strip()
            while body and re.match(r"^\s*:[\w-]+:", body[0]):
                body = body[1:]  # the directive's options
        previous = lines[index - 1] if index else ""
        skip = _SKIP.match(previous)
        code = "\n".join(line[len(match["indent"]) :] for line in body)
        blocks.append(
            Block(
                page,
                index + 2,
                language.split()[0] if language else "",
                code + "\n",
                skip["reason"] if skip else None,
            )
        )
        index = end + 1
    return blocks


def _rst_blocks(page: Path, lines: list[str]) -> list[Block]:
    blocks = []
    for index, line in enumerate(lines):
        match = _RST_BLOCK.match(line)
        if not match:
            continue
        outer = len(match["indent"])
        body: list[str] = []
        cursor = index + 1
        while cursor < len(lines) and (
            not lines[cursor].strip()
            or len(lines[cursor]) - len(lines[cursor].lstrip()) > outer
        ):
            body.append(lines[cursor])
            cursor += 1
        while body and (not body[0].strip() or body[0].strip().startswith(":")):
            body = body[1:]
        indent = min(len(b) - len(b.lstrip()) for b in body if b.strip())
        code = "\n".join(b[indent:] for b in body).strip("\n") + "\n"
        blocks.append(Block(page, index + 2, match["lang"], code))
    return blocks


def blocks_of(page: Path) -> list[Block]:
    """The code blocks of one page, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    if page.suffix == ".rst":
        return _rst_blocks(page, lines)
    return _markdown_blocks(page, lines)


def _id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


# -- python and pycon ------------------------------------------------------


def run_python(blocks: list[Block], workdir: Path) -> None:
    """Run a page's Python blocks in order, in one namespace."""
    namespace: dict[str, t.Any] = {"__name__": "__docs_snippet__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        for block in blocks:
            if block.language in RUN:
                # Blank lines first, so that tracebacks give the page's lines.
                source = "\n" * (block.line - 1) + block.code
                exec(compile(source, str(block.page), "exec"), namespace)
            else:
                test = parser.get_doctest(block.code, namespace, block.where, None, 0)
                result = runner.run(test, clear_globs=False)
                assert result.failed == 0, f"doctest failed in {block.where}"
    finally:
        os.chdir(previous)


# -- console -----------------------------------------------------------------


def commands_of(block: Block) -> list[list[str]]:
    """The commands of a console block (``$ `` lines, with continuations)."""
    commands = []
    current = ""
    for line in block.code.splitlines():
        if current:
            current += " " + line.strip()
        elif line.startswith("$ "):
            current = line[2:].strip()
        else:
            continue
        if current.endswith("\\"):
            current = current[:-1]
            continue
        words = shlex.split(current.split("  #")[0], comments=True)
        commands.append(words)
        current = ""
    return commands


def check_repository_paths(block: Block, words: list[str]) -> None:
    """Every repository path a command names exists (patterns match)."""
    for word in words:
        value = word.split("=", 1)[-1]
        if not _REPO_PATH.match(value):
            continue
        if "*" in value:
            assert list(ROOT.glob(value.removeprefix("./"))), f"{block.where}: {word}"
        else:
            assert (ROOT / value).exists(), f"{block.where}: no such path {value}"


def check_flask_command(block: Block, words: list[str]) -> None:
    """``flask ...`` with ``--help`` added exits with 0 (the command exists)."""
    environment = dict(os.environ)
    path = [str(EXAMPLES), str(EXAMPLES / "tutorial")]
    environment["PYTHONPATH"] = os.pathsep.join(path)
    flask_command = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask_command), *words[1:], "--help"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{block.where}: {' '.join(words)}\n{result.stderr}"


def check_console(block: Block) -> None:
    """Check a console block's commands without running them."""
    for words in commands_of(block):
        check_repository_paths(block, words)
        if words and words[0] == "flask":
            check_flask_command(block, words)


# -- parsed languages ----------------------------------------------------------


def check_parsed(block: Block) -> None:
    """Parse a block of a data or template language."""
    if block.language == "toml":
        tomllib.loads(block.code)
    elif block.language == "json":
        json.loads(block.code)
    else:
        jinja2.Environment().parse(block.code)


# -- the tests -------------------------------------------------------------------


@pytest.mark.parametrize("page", pages(), ids=_id)
def test_code_blocks(page: Path, tmp_path: Path) -> None:
    """Run or check every code block of one page."""
    blocks = blocks_of(page)
    unknown = [
        b
        for b in blocks
        if b.language not in RUN | DOCTEST | CONSOLE | PARSED | UNCHECKED
        and b.skip_reason is None
    ]
    assert not unknown, "no rule for: " + ", ".join(
        f"{b.where} ({b.language or 'no language'})" for b in unknown
    )
    active = [b for b in blocks if b.skip_reason is None]
    run_python([b for b in active if b.language in RUN | DOCTEST], tmp_path)
    for block in active:
        if block.language in CONSOLE:
            check_console(block)
        elif block.language in PARSED:
            check_parsed(block)


@pytest.mark.parametrize("page", pages(), ids=_id)
def test_included_files_are_tested_examples(page: Path) -> None:
    """``literalinclude`` shows only files that the examples' tests run."""
    for line in page.read_text(encoding="utf-8").splitlines():
        match = _INCLUDE.match(line)
        if match:
            target = (page.parent / match[1]).resolve()
            assert target.is_file(), f"{page}: {match[1]} does not exist"
            assert target.is_relative_to(EXAMPLES), (
                f"{page}: {match[1]} is not an example"
            )


def test_the_rules_find_blocks() -> None:
    """The parser sees the blocks of a known page (a guard against a parser
    that silently finds nothing)."""
    languages = [b.language for b in blocks_of(DOCS / "api" / "flask.app.md")]
    assert languages == ["python"]
