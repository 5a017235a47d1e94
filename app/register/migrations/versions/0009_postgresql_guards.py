"""PostgreSQL holds the register's rules as SQLite does: trigger functions from the same rules

Revision ID: 0009
Revises: 0008

The freezing of approved notes (their texts, plans and revisions), the append-only audit log,
status history, issued documents and objections, the workflow's status moves, users and numbers
given out: every rule of app.register.guards that SQLite holds as a trigger (0002 to 0005)
becomes a PL/pgSQL trigger function and a row trigger, refused by the server to any client.
SQLite's INSERT OR REPLACE guards have no PostgreSQL counterpart (PostgreSQL refuses such an
insert by its unique keys). TRUNCATE, which fires no row trigger, is refused on every guarded
table by a statement trigger. Nothing changes on SQLite.
"""

from __future__ import annotations

from alembic import op

from app.register.guards import postgresql_guards, postgresql_truncate_guards

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for guard in postgresql_guards(through=revision):
        for statement in guard.postgresql_statements():
            op.execute(statement)
    for statement in postgresql_truncate_guards(through=revision):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in postgresql_truncate_guards(through=revision, drop=True):
        op.execute(statement)
    for guard in reversed(postgresql_guards(through=revision)):
        for statement in guard.postgresql_drop():
            op.execute(statement)
