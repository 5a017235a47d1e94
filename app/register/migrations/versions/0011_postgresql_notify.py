"""every workstation told at once: NOTIFY on a change of the register's notes (PostgreSQL)

Revision ID: 0011
Revises: 0010

A statement trigger on `notes` sends `NOTIFY verbale_register` (delivered at commit) after any
INSERT, UPDATE or DELETE; each register window LISTENs (app.services.register_changes) and reads
the register again within a second. SQLite's windows poll `PRAGMA data_version` instead:
nothing changes on SQLite.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FUNCTION = "verbale_register_changed"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN PERFORM pg_notify('verbale_register', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    op.execute("DROP TRIGGER IF EXISTS notes_changed_notify ON notes")
    op.execute(
        "CREATE TRIGGER notes_changed_notify AFTER INSERT OR UPDATE OR DELETE ON notes "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS notes_changed_notify ON notes")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
