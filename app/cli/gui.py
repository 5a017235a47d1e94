"""`verbale gui` (and `verbale` alone): the desktop application."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    gui = subparsers.add_parser("gui", help="start the desktop application (the default)")
    gui.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.main import main as gui_main

    return gui_main(database_url=args.db)
