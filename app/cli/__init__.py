"""The headless face of Verbale: `verbale COMMAND ...`. With no command, the GUI starts.

Every top-level command is a line of `COMMANDS`: its name, the module that builds its parser
and runs it, and its help line for `verbale --help`. Only the chosen command's module is
imported, so `verbale render` never pays for SQLAlchemy and `verbale --version` for nothing.

To add a command: write (or extend) a module of app/cli with `add_parser(subparsers)`, which
adds the command's sub-parser and sets `handler=` to a function `(args) -> exit status`, and add
one line per top-level name below, in the order `verbale --help` lists them. A module's
top-level imports are paid by each of its commands, even for their `--help`: import what only
some handlers need inside those handlers. tests/cli/test_commands.py checks that the table and
the modules agree.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__


class Command:
    """Where a top-level command lives and what `verbale --help` says of it.

    (A plain class: `dataclasses` imports `inspect`, a tenth of `verbale --version`.)"""

    __slots__ = ("help", "module")

    def __init__(self, module: str, help: str) -> None:
        self.module = module
        self.help = help

    def __repr__(self) -> str:
        return f"Command({self.module!r}, {self.help!r})"


#: Top-level command -> its module (`add_parser(subparsers)` and the handlers) and help line.
#: A module that adds several commands is named on each of their lines.
COMMANDS: dict[str, Command] = {
    "gui": Command("app.cli.gui", "start the desktop application (the default)"),
    "render": Command(
        "app.cli.render", "render a note (TOML) to PDFs, one per language and one combined"
    ),
    "register": Command("app.cli.register", "search, show, list and export the register"),
    "db": Command("app.cli.register", "the register's database schema"),
    "backup": Command("app.cli.register", "copy the register (safe while it is open)"),
    "restore": Command("app.cli.register", "replace the register with a checked backup"),
    "demo": Command(
        "app.cli.register",
        "fill the demo register (a file of its own, never a real register) with the reference note",
    ),
    "verify": Command(
        "app.cli.verify",
        "re-hash every issued PDF and check the audit log's chain; or check given copies",
    ),
    "plan": Command("app.cli.plan", "import, check, convert and render plan tables (enclosures)"),
    "note": Command("app.cli.note", "draft, submit, approve, issue... a note"),
    "objections": Command("app.cli.objections", "objections under a silence procedure"),
    "deadlines": Command(
        "app.cli.objections", "issued notes whose objection deadline falls within N days"
    ),
    "outcomes": Command(
        "app.cli.objections", "set the outcome of silence procedures whose deadline has passed"
    ),
    "users": Command("app.cli.users", "add users, change passwords, list users"),
    "addressees": Command(
        "app.cli.addressees", "the directory of addressees; propose an addressee's forms"
    ),
    "incoming": Command("app.cli.incoming", "notes received: register, list, reply"),
}

#: What runs when no command is given.
DEFAULT_COMMAND = "gui"


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    """The options before the command (all but --version, which ends the run at once)."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the register (default: $VERBALE_DB or the SQLite file in the "
        "user's data folder)",
    )


def chosen_command(argv: Sequence[str]) -> str | None:
    """The top-level command named in `argv`, read past the global options; None if none is."""
    finder = argparse.ArgumentParser(add_help=False)
    _add_global_options(finder)
    finder.add_argument("command", nargs="?")
    known, _rest = finder.parse_known_args(list(argv))
    command: str | None = known.command
    return command if command in COMMANDS else None


def gui_arguments(argv: Sequence[str]) -> list[str] | None:
    """`verbale [--db URL] NOTE.toml ...` (what the desktop entry's `%F` runs) read as
    `verbale [--db URL] gui NOTE.toml ...`; None if `argv` is not only note files."""
    finder = argparse.ArgumentParser(add_help=False)
    _add_global_options(finder)
    finder.add_argument("files", nargs="*")
    known, rest = finder.parse_known_args(list(argv))
    files: list[str] = known.files
    if rest or not files or not all(Path(name).is_file() for name in files):
        return None
    return [*(["--db", known.db] if known.db else []), "gui", *files]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of `verbale`, with the full arguments of `command`'s module (else none).

    The other commands get a sub-parser with their help line only, for `verbale --help` and for
    argparse's list of valid choices.
    """
    parser = argparse.ArgumentParser(
        prog="verbale",
        description="Draft, approve, issue and register notes verbales in parallel languages.",
    )
    parser.add_argument("--version", action="version", version=f"Verbale {__version__}")
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command is not None:
        importlib.import_module(COMMANDS[command].module).add_parser(subparsers)
    for name, entry in COMMANDS.items():
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=entry.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """`verbale ...`: the process's arguments (`argv` None), or `argv` (tests, in process)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if argv is None:
        # A fresh process: the command's imports make tens of thousands of objects that live as
        # long as the process and almost no garbage, yet trigger the cyclic collector again and
        # again, each pass through all of them (~15% of a cold `verbale render`). So no
        # collection until they are made, then they are set aside for good (gc.freeze) and the
        # collector runs as usual on what the command itself makes.
        gc.disable()
        try:
            args = _parsed(arguments)
        finally:
            gc.freeze()
            gc.enable()
    else:
        args = _parsed(arguments)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        # A register that is busy, unreachable or misnamed is told in a sentence; anything
        # else is a defect and keeps its traceback.
        from app.services.register_failures import failure_of

        failure = failure_of(error)
        if failure is None:
            raise
        print(failure.text, file=sys.stderr)
        return failure.status


def _parsed(arguments: list[str]) -> argparse.Namespace:
    """The arguments parsed by the chosen command's parser (its module imported)."""
    command = chosen_command(arguments)
    as_gui = gui_arguments(arguments) if command is None else None
    if as_gui is not None:
        arguments, command = as_gui, DEFAULT_COMMAND
    args = build_parser(command).parse_args(arguments)
    if command is None:  # and the arguments were valid: they hold no command at all
        args = build_parser(DEFAULT_COMMAND).parse_args([*arguments, DEFAULT_COMMAND])
    return args
