"""Serve the notes app on Werkzeug's development server: ``python -m notes``."""

from __future__ import annotations

import argparse
import logging

from . import create_app


def main() -> None:
    """Parse ``--host``/``--port``/``--debug`` and run the development server."""
    parser = argparse.ArgumentParser(prog="python -m notes", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--debug", action="store_true", help="reload on changes")
    args = parser.parse_args()
    # Show the app's INFO lines (the flashed messages notes.activity logs).
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    create_app().run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
