"""Print, at the end of the run, where each lowest sibling version came from."""

from __future__ import annotations

import pytest

from lowest import REPORT


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List the resolved lowest versions (working tree or release tag)."""
    if REPORT:
        terminalreporter.section("lowest versions used")
        for line in REPORT:
            terminalreporter.write_line(line)
