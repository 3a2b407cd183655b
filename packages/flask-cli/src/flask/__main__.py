"""Run the ``flask`` command as ``python -m flask``."""

from __future__ import annotations

from .cli import main

main()
