"""Least privilege on a PostgreSQL register: an owner role for migrations, an application role
for the officers' workstations.

`init_roles` is run once, by a superuser or the database's owner (`verbale --db
postgresql+psycopg://postgres@server/verbale db init-roles`). It brings the schema up to date,
then:
- the owner role (default `verbale_owner`) owns the schema, its tables, sequences and trigger
  functions: migrations (`verbale db upgrade`) run as it;
- the application role (default `verbale_app`) may connect, read and write rows, and nothing
  else: no CREATE in the schema, no TRUNCATE, no ALTER or DROP of a table or a trigger (only an
  owner may), and no DELETE (nor UPDATE, but of the audit log's id for its row lock) on the
  append-only tables (their triggers refuse those to the owner too). Tables a later migration
  adds get the same grants (default privileges of the owner).
A role's password comes from $VERBALE_OWNER_PASSWORD / $VERBALE_APP_PASSWORD when set; else the
role gets none and logs in as the server's pg_hba.conf allows (peer, a ~/.pgpass entry set by
the administrator, ...).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from app.register.engine import make_engine
from app.register.guards import APPEND_ONLY
from app.services.register_reading import RegisterError

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Roles:
    owner: str
    app: str
    database: str

    def app_url(self, url: str) -> str:
        """`url` with the application role as its user (no password: libpq finds it)."""
        return make_url(url).set(username=self.app, password=None).render_as_string(False)


def _quoted(role: str) -> str:
    if not ROLE_NAME.match(role):
        raise RegisterError(f"{role!r} is not a role name (lower-case letters, digits, _)")
    return f'"{role}"'


def _ensure_role(connection: Connection, role: str, password: str | None) -> None:
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).first()
    verb = "ALTER" if exists else "CREATE"
    options = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    connection.execute(text(f"{verb} ROLE {_quoted(role)} {options}"))
    if password:
        # A role's password cannot be a parameter of ALTER ROLE: the server quotes it itself
        # (format's %L), from a setting of this session only; it is never printed or logged.
        connection.execute(
            text("SELECT set_config('verbale.new_password', :password, false)"),
            {"password": password},
        )
        connection.execute(
            text(
                "DO $$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', "
                f"'{role}', current_setting('verbale.new_password')); END $$"
            )
        )
        connection.execute(text("RESET verbale.new_password"))


def init_roles(url: str, owner: str = "verbale_owner", app: str = "verbale_app") -> Roles:
    """Create (or bring up to date) the owner and application roles of the register at `url`
    (a PostgreSQL URL of a superuser or the database's owner)."""
    from app.services.register import Register

    owner_q, app_q = _quoted(owner), _quoted(app)
    if make_url(url).get_backend_name() != "postgresql":
        raise RegisterError("roles are a PostgreSQL server's: this register is not on one")
    Register.open(url).close()  # the schema first, at the newest revision
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection, connection.begin():
            database = str(connection.execute(text("SELECT current_database()")).scalar_one())
            _ensure_role(connection, owner, os.environ.get("VERBALE_OWNER_PASSWORD"))
            _ensure_role(connection, app, os.environ.get("VERBALE_APP_PASSWORD"))
            for statement in _ownership(connection, owner_q) + _grants(database, owner_q, app_q):
                connection.execute(text(statement))
    finally:
        engine.dispose()
    return Roles(owner, app, database)


def _ownership(connection: Connection, owner_q: str) -> list[str]:
    """Hand the schema and everything in it to the owner role."""
    statements = [f"ALTER SCHEMA public OWNER TO {owner_q}"]
    for (name,) in connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ):
        statements.append(f'ALTER TABLE public."{name}" OWNER TO {owner_q}')
    for (name,) in connection.execute(
        text(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public'"
        )
    ):
        statements.append(f'ALTER FUNCTION public."{name}"() OWNER TO {owner_q}')
    # Sequences owned by a table's column follow their table.
    return statements


def _grants(database: str, owner_q: str, app_q: str) -> list[str]:
    append_only = ", ".join(f"public.{table}" for table in APPEND_ONLY)
    return [
        f'ALTER DATABASE "{database}" OWNER TO {owner_q}',
        f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC',
        f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {app_q}',
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {app_q}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app_q}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_q}",
        f"REVOKE UPDATE, DELETE ON {append_only} FROM {app_q}",
        # Appending locks the chain's last entry (SELECT ... FOR UPDATE), which needs UPDATE
        # on one column; the audit log's triggers refuse any UPDATE itself.
        f"GRANT UPDATE (id) ON public.audit_log TO {app_q}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app_q}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_q}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app_q}",
    ]
