"""The headless face of Verbale: `verbale COMMAND ...`. With no command, the GUI starts.

Each command group lives in its own module and registers itself through `add_parser`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.cli import note as note_commands
from app.cli import objections as objection_commands
from app.cli import plan as plan_commands
from app.cli import register as register_commands
from app.cli import render as render_commands
from app.cli import users as user_commands

#: Modules that add sub-commands: each has `add_parser(subparsers)`.
COMMAND_MODULES = [
    render_commands,
    register_commands,
    plan_commands,
    note_commands,
    objection_commands,
    user_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verbale",
        description="Draft, approve, issue and register notes verbales in parallel languages.",
    )
    parser.add_argument("--version", action="version", version=f"Verbale {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the register (default: $VERBALE_DB or the SQLite file in the "
        "user's data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = subparsers.add_parser("gui", help="start the desktop application (the default)")
    gui.set_defaults(handler=_run_gui)
    for module in COMMAND_MODULES:
        module.add_parser(subparsers)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from app.main import main as gui_main

    return gui_main(database_url=args.db)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _run_gui)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
