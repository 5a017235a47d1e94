"""Who acts on the command line, and when: shared by every command that writes to the register
(`verbale note|users|objections|outcomes|register add|register series|restore|demo`).

The acting user is `--user LOGIN` or $VERBALE_USER. Their password comes from the first line
of standard input with `--password-stdin`, else from $VERBALE_PASSWORD (meant for scripts:
the environment of a process can be read by its owner), else from a prompt on the terminal.
A command that only reads (search, list, show, export, verify) logs in only when asked to
(`--user`, `--password-stdin`, or $VERBALE_USER with $VERBALE_PASSWORD); only then does an
audit entry it writes (an export) name someone: $VERBALE_USER alone names nobody.
$VERBALE_TODAY (2023-12-30) sets the calendar day used for deadlines, outcomes and objections
(replaying a day's work). It never sets the clock: logins, lock-outs and audit entries always
carry the real time, so it cannot lift a lock-out or backdate the audit log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from typing import Any

from app.cli.reasons import reason_text
from app.domain.number import NoteNumber
from app.i18n.messages import _
from app.services.register import NoteNotFound, Register
from app.services.users import LoginRefused, UserInfo, authenticate
from app.services.workflow import WorkflowService

#: Exit status of a refusal: the reason is on stderr and nothing changed.
REFUSED = 2


def add_acting_options(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """`--user` and `--password-stdin`; `optional` for a command that only reads."""
    parser.add_argument(
        "--user",
        metavar="LOGIN",
        help="log in as LOGIN, to be named in the audit log"
        if optional
        else "who acts (default: $VERBALE_USER)",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input "
        "(else $VERBALE_PASSWORD, for scripts, else a prompt)",
    )


def open_register(args: argparse.Namespace, *, reading: bool = False) -> Register:
    """The register `--db` names (else $VERBALE_DB, else the user's); `reading` for a command
    that only reads: it never creates a register, a file or a folder (NoRegister instead)."""
    from app.paths import default_database_url

    return Register.open(str(args.db or default_database_url()), existing=reading)


def today() -> dt.date | None:
    """The calendar day $VERBALE_TODAY sets for deadlines and outcomes, or None (today)."""
    text = os.environ.get("VERBALE_TODAY", "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"VERBALE_TODAY={text!r} is not a date like 2023-12-30") from None


def workflow(register: Register) -> WorkflowService:
    """The workflow service on the real clock, with $VERBALE_TODAY's day if set."""
    return WorkflowService(register, today=today())


class NoPassword(LoginRefused):
    """No password could be read (stdin ended, nothing in the environment, no terminal)."""


class Passwords:
    """Passwords read once each, in order, from stdin, the environment or a prompt."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def read(self, prompt: str, environment: str) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                raise NoPassword(
                    _("--password-stdin: standard input ended before a password ({what}).").format(
                        what=prompt.strip().rstrip(":") or environment
                    )
                )
            return line.rstrip("\r\n")
        if os.environ.get(environment):
            return os.environ[environment]
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        raise NoPassword(
            _("No password: give --password-stdin, set ${name}, or run in a terminal.").format(
                name=environment
            )
        )


def login(args: argparse.Namespace, register: Register, passwords: Passwords) -> UserInfo:
    """Authenticate the acting user; LoginRefused says why not."""
    name = args.user or os.environ.get("VERBALE_USER", "")
    if not name:
        raise LoginRefused("Say who acts: --user LOGIN or $VERBALE_USER.")
    password = passwords.read(f"Password for {name}: ", "VERBALE_PASSWORD")
    return authenticate(register, name, password)


def login_if_claimed(
    args: argparse.Namespace, register: Register, passwords: Passwords
) -> UserInfo | None:
    """For a command that only reads: the user who logs in (`--user`, `--password-stdin`, or
    $VERBALE_USER with $VERBALE_PASSWORD), else None. A claim is checked like any login."""
    claimed = bool(args.user or args.password_stdin) or bool(
        os.environ.get("VERBALE_USER") and os.environ.get("VERBALE_PASSWORD")
    )
    return login(args, register, passwords) if claimed else None


def resolve_note(register: Register, text: str) -> int:
    """A note's id from what was typed: an id (12) or a number (PAR/1453, №PAR/1453)."""
    typed = text.strip()
    if typed.isdigit():
        return int(typed)
    try:
        wanted = NoteNumber.parse(typed)
    except ValueError:
        raise NoteNotFound(f"{text!r} is neither a note id nor a note number") from None
    for hit in register.find_by_number(typed):
        if hit.number == wanted.code:
            return hit.id
    raise NoteNotFound(f"there is no note {wanted.code} in the register")


def refused(error: Any) -> int:
    print(reason_text(error), file=sys.stderr)
    return REFUSED
