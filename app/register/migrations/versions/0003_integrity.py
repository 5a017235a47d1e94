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
PostgreSQL gets the same rules as trigger functions from its own migration work; the table is
portable.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.domain.workflow import FROZEN_STATES, TRANSITIONS

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: "from>to" of every status change the workflow makes.
WORKFLOW_MOVES = (
    "("
    + ", ".join(sorted({f"'{old.value}>{new.value}'" for (old, _action), new in TRANSITIONS.items()}))
    + ")"
)
FROZEN = "(" + ", ".join(sorted(f"'{status.value}'" for status in FROZEN_STATES)) + ")"

#: Columns of `users` the application never changes once the user is added.
USER_FIXED_COLUMNS = ("id", "login", "roles", "created_at")


def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of every trigger this revision adds."""
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in USER_FIXED_COLUMNS)
    return [
        (
            "notes_status_moves",
            "CREATE TRIGGER notes_status_moves BEFORE UPDATE OF status ON notes "
            f"WHEN NEW.status IS NOT OLD.status AND OLD.status NOT IN {FROZEN} "
            f"AND (OLD.status || '>' || NEW.status) NOT IN {WORKFLOW_MOVES} BEGIN "
            "SELECT RAISE(ABORT, 'a note''s status moves only by a transition of the workflow "
            "(draft to submitted, submitted to approved or returned, ...)'); END",
        ),
        (
            "users_never_deleted",
            "CREATE TRIGGER users_never_deleted BEFORE DELETE ON users BEGIN "
            "SELECT RAISE(ABORT, 'a user is never deleted: the audit log names them'); END",
        ),
        (
            "users_fixed",
            f"CREATE TRIGGER users_fixed BEFORE UPDATE ON users WHEN {changed} BEGIN "
            "SELECT RAISE(ABORT, 'a user''s login and roles never change behind the "
            "application''s back'); END",
        ),
        (
            "users_no_replace",
            "CREATE TRIGGER users_no_replace BEFORE INSERT ON users "
            "WHEN EXISTS (SELECT 1 FROM users WHERE id = NEW.id OR login = NEW.login) BEGIN "
            "SELECT RAISE(ABORT, 'a user is never replaced'); END",
        ),
    ]


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
