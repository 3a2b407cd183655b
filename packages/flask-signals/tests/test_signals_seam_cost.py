"""The signal seam's cost without flask-signals stays far below a request's,
measured by ``benchmarks/signal_seam.py`` in a fresh interpreter (one that
has not imported ``flask.signals``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[3] / "benchmarks" / "signal_seam.py"


def test_seam_costs_less_than_two_percent_of_a_request() -> None:
    assert BENCHMARK.is_file(), BENCHMARK
    completed = subprocess.run(
        [sys.executable, str(BENCHMARK), "--requests", "300", "--rounds", "5"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    match = re.search(r"signal seam overhead: ([0-9.]+)%", completed.stdout)
    assert match is not None, completed.stdout
    assert float(match.group(1)) < 2.0
    # A hello-world request passes six emission points, none of which may
    # have loaded blinker.
    assert re.search(r"seam checks per request:\s+6\b", completed.stdout)
    assert "blinker imported:         False" in completed.stdout
