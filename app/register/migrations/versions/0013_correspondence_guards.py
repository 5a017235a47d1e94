"""the correspondence kept as a record: notes received append-only, dispatches never deleted

Revision ID: 0013
Revises: 0012

A note received (0008) is kept as it was received: no UPDATE, no DELETE, no replacing INSERT.
A dispatch record (0007) is never deleted, and once sent its state, method, message id, the
PDFs' hashes, when and by whom never change (pending and failed ones are retried, so they
change). The rules are app.register.guards' (since "0013"), as triggers on both engines.
"""

from __future__ import annotations

from alembic import op

from app.register.guards import guards_since, install_guards

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("incoming_notes", "dispatches")


def upgrade() -> None:
    install_guards(op.execute, op.get_bind().dialect.name, revision)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    for guard in reversed(guards_since(revision)):
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {guard.name}")
        elif dialect == "postgresql" and not guard.replaces:
            for statement in guard.postgresql_drop():
                op.execute(statement)
