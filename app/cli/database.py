"""`verbale db init-roles` and `verbale db copy`: the shared register's set-up actions of
`verbale db`."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _url(args: argparse.Namespace) -> str:
    from app.paths import default_database_url

    return str(args.db or default_database_url())


def add_db_actions(db_commands: Any) -> None:
    """Add this module's actions to `verbale db`'s sub-parsers."""
    roles = db_commands.add_parser(
        "init-roles",
        help="PostgreSQL: an owner role for migrations and an application role that cannot "
        "alter tables or drop triggers (run once, as a superuser)",
    )
    roles.add_argument("--owner", default="verbale_owner", help="the owner role's name")
    roles.add_argument("--app", default="verbale_app", help="the application role's name")
    roles.set_defaults(handler=_init_roles)
    add_copy_action(db_commands)


def _init_roles(args: argparse.Namespace) -> int:
    from app.services.postgresql_roles import init_roles
    from app.services.register_reading import RegisterError

    url = _url(args)
    try:
        roles = init_roles(url, owner=args.owner, app=args.app)
    except RegisterError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"database {roles.database}: owner role {roles.owner} (migrations: verbale db upgrade)")
    print(f"application role {roles.app}: verbale --db {roles.app_url(url)}")
    return 0


def add_copy_action(db_commands: Any) -> None:
    copy = db_commands.add_parser(
        "copy",
        help="copy a whole register (notes, PDFs, users, audit log) into an empty database, "
        "e.g. from a SQLite file to a PostgreSQL server",
    )
    copy.add_argument("--from", dest="source", metavar="URL", help="the register (default: --db)")
    copy.add_argument("--to", dest="target", metavar="URL", required=True)
    copy.set_defaults(handler=_copy)


def _copy(args: argparse.Namespace) -> int:
    from app.services.register_copy import copy_register
    from app.services.register_reading import RegisterError

    try:
        report = copy_register(args.source or _url(args), args.target)
    except RegisterError as error:
        print(error, file=sys.stderr)
        return 2
    for table, rows in report.rows.items():
        print(f"{table:<18} {rows:>9} row(s)")
    print(f"{report.indexed} note(s) indexed for word search")
    print(f"copied {report.source} → {report.target}; check it: verbale --db URL verify")
    return 0
