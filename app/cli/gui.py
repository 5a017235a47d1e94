"""`verbale gui` (and `verbale` alone, and the `verbale-gui` launcher): the desktop
application, optionally opening note files (TOML) in new note windows — what the desktop
entry's `%F` passes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import __version__

NOTES_HELP = "note files (TOML) to open, each in a new note window"


def add_parser(subparsers: Any) -> None:
    gui = subparsers.add_parser("gui", help="start the desktop application (the default)")
    gui.add_argument("notes", nargs="*", type=Path, metavar="NOTE.toml", help=NOTES_HELP)
    gui.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.main import main as gui_main

    return gui_main(database_url=args.db, note_files=list(args.notes))


def launcher_parser() -> argparse.ArgumentParser:
    """The arguments of `verbale-gui`: those of `verbale gui` and the global ones."""
    parser = argparse.ArgumentParser(
        prog="verbale-gui",
        description="The Verbale desktop application: draft, approve, issue and register "
        "notes verbales in parallel languages.",
    )
    parser.add_argument("--version", action="version", version=f"Verbale {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the register (default: $VERBALE_DB or the SQLite file in the "
        "user's data folder)",
    )
    parser.add_argument("notes", nargs="*", type=Path, metavar="NOTE.toml", help=NOTES_HELP)
    return parser


def launcher(argv: Sequence[str] | None = None) -> int:
    """`verbale-gui [--db URL] [NOTE.toml ...]` (`--help`, `--version`)."""
    args = launcher_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    return run(args)
