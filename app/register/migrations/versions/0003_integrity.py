"""the register as an authoritative record: drafts shared between drafters, status moves and
people guarded by triggers

Revision ID: 0003
Revises: 0002

- `note_shares`: a drafter shares their draft with a colleague, who may then save over it
  (app.services.workflow.WorkflowService.share); nobody else may.
- On SQLite, triggers refuse what the application itself never does:
  - a change of `notes.status` that is no transition of the workflow, in any state (0002
    guards the frozen states; a draft set straight to issued, a submitted note to dispatched,
    is refused too). A move that is a transition (submitted to approved) made by hand passes
    the trigger; `verbale verify` finds it, because the audit log never recorded it;
  - deleting a user, changing a user's id, login, roles or creation time, and an INSERT that
    would replace a user (`INSERT OR REPLACE`). Passwords, failed logins and lock-outs change
    through the application; `verbale verify` holds them against the audit log.
PostgreSQL gets the same rules (app.register.guards) as trigger functions in 0009.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.register.guards import guards_since

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of every trigger this revision adds (the rules are
    app.register.guards')."""
    return [(guard.name, guard.sqlite_statement()) for guard in guards_since(revision)]


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("note_shares"):
        op.create_table(
            "note_shares",
            sa.Column("note_id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("shared_by", sa.Integer(), nullable=True),
            sa.Column("shared_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["note_id"], ["notes.id"], name=op.f("fk_note_shares_note_id_notes")
            ),
            sa.ForeignKeyConstraint(
                ["user_id"], ["users.id"], name=op.f("fk_note_shares_user_id_users")
            ),
            sa.ForeignKeyConstraint(
                ["shared_by"], ["users.id"], name=op.f("fk_note_shares_shared_by_users")
            ),
            sa.PrimaryKeyConstraint("note_id", "user_id", name=op.f("pk_note_shares")),
        )
    if bind.dialect.name == "sqlite":
        for name, statement in _triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _statement in reversed(_triggers()):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("note_shares")
