"""the workflow: audit log, last editor of a note, and triggers that keep approved notes frozen

Revision ID: 0002
Revises: 0001

On SQLite, triggers refuse what the application itself never does, so that a change made
behind its back (plain sqlite3, a database browser) fails too:
- any UPDATE or DELETE of the audit log, the status history and the issued documents, and
  UPDATE or DELETE of an objection recorded;
- UPDATE or DELETE of the texts, revisions and plans of a note that is approved, issued,
  dispatched or withdrawn, an INSERT that would replace one of them, and a second revision
  of such a note;
- UPDATE of such a note's content columns on `notes`, a status change that is not a
  transition of the workflow (app.domain.workflow.TRANSITIONS), renumbering it once
  numbered, or deleting it. The workflow still moves its status on and sets its outcome, and
  issuing gives it its number, documents and issue time.
- `INSERT OR REPLACE` of any row that one of these rules keeps: SQLite deletes the old row
  without firing a DELETE trigger (unless recursive_triggers is on), so a BEFORE INSERT
  trigger refuses an insert that would replace such a row.
PostgreSQL gets the same rules (app.register.guards) as trigger functions in 0009.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.register.guards import guards_since

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of every trigger this revision adds (the rules are
    app.register.guards', where PostgreSQL's trigger functions come from too)."""
    return [(guard.name, guard.sqlite_statement()) for guard in guards_since(revision)]


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_note", ["note_id", "id"], unique=False)
    # A plain ADD COLUMN (no table rebuild: registers hold a million notes); SQLite accepts the
    # REFERENCES clause on an added column whose default is NULL.
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE notes ADD COLUMN last_edited_by INTEGER REFERENCES users (id)")
    else:
        op.add_column("notes", sa.Column("last_edited_by", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_notes_last_edited_by_users"), "notes", "users", ["last_edited_by"], ["id"]
        )
    if sqlite:
        for _name, statement in _triggers():
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name, _statement in reversed(_triggers()):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        # SQLite cannot drop a column that references another table: rebuild the table.
        with op.batch_alter_table("notes", schema=None) as batch_op:
            batch_op.drop_column("last_edited_by")
    else:
        op.drop_constraint(op.f("fk_notes_last_edited_by_users"), "notes", type_="foreignkey")
        op.drop_column("notes", "last_edited_by")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_note")
    op.drop_table("audit_log")
