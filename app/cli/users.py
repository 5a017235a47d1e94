"""`verbale users add|passwd|list`: the people who work in the register.

The first user is added without logging in and must be an administrator
(`verbale users add admin --roles administrator`); after that an administrator adds users.
A new password comes from the prompt (asked twice), from $VERBALE_NEW_PASSWORD, or, with
`--password-stdin`, from standard input after the acting user's own password line.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from app.cli.acting import Passwords, add_acting_options, login, open_register, refused
from app.i18n.messages import _
from app.services.register import RegisterError
from app.services.users import UserInfo, UserRefused, add_user, has_users, list_users, set_password


def add_parser(subparsers: Any) -> None:
    users = subparsers.add_parser("users", help="add users, change passwords, list users")
    commands = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="add a user (the first one: the administrator)")
    add.add_argument("login")
    add.add_argument(
        "--roles",
        required=True,
        help="comma-separated: drafter, approver, registrar, administrator",
    )
    add.add_argument("--name", default="", help="the name shown in the application")
    add_acting_options(add)
    add.set_defaults(handler=_add)

    passwd = commands.add_parser("passwd", help="set a new password (yours, or as administrator)")
    passwd.add_argument("login")
    add_acting_options(passwd)
    passwd.set_defaults(handler=_passwd)

    listing = commands.add_parser("list", help="list the users and their roles")
    listing.set_defaults(handler=_list)


def _new_password(passwords: Passwords, login_name: str) -> str:
    if passwords.from_stdin or os.environ.get("VERBALE_NEW_PASSWORD"):
        return passwords.read("", "VERBALE_NEW_PASSWORD")
    if not sys.stdin.isatty():
        raise UserRefused(
            _(
                "No new password: give --password-stdin, set $VERBALE_NEW_PASSWORD, or run in "
                "a terminal."
            )
        )
    first = passwords.read(f"New password for {login_name}: ", "VERBALE_NEW_PASSWORD")
    again = passwords.read("Once more: ", "VERBALE_NEW_PASSWORD")
    if first != again:
        raise UserRefused("The two passwords differ; nothing changed.")
    return first


def _add(args: argparse.Namespace) -> int:
    register = open_register(args)
    passwords = Passwords(args.password_stdin)
    try:
        by: UserInfo | None = None
        if has_users(register):
            by = login(args, register, passwords)
        password = _new_password(passwords, args.login)
        user = add_user(
            register,
            args.login,
            password,
            args.roles,
            args.name,
            by=by,
        )
    except RegisterError as error:
        return refused(error)
    roles = ", ".join(sorted(role.value for role in user.roles))
    print(f"user {user.login} added ({roles})")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    register = open_register(args)
    passwords = Passwords(args.password_stdin)
    try:
        by = login(args, register, passwords)
        password = _new_password(passwords, args.login)
        set_password(register, args.login, password, by=by)
    except RegisterError as error:
        return refused(error)
    print(f"password of {args.login} changed")
    return 0


def _list(args: argparse.Namespace) -> int:
    register = open_register(args, reading=True)
    found = list_users(register)
    for user in found:
        roles = ",".join(sorted(role.value for role in user.roles))
        print(f"{user.login:<16}  {roles:<32}  {user.display_name}")
    if not found:
        print(
            "no users yet: add the administrator with `verbale users add LOGIN --roles "
            "administrator`",
            file=sys.stderr,
        )
    return 0
