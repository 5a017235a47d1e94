"""dispatches: one record per recipient of an issued note

Revision ID: 0007
Revises: 0006

`dispatches`: for each issued note, one row per recipient (each member of a group addressee, or
the addressee itself), made when the note is issued (state `pending`), then how it went out
(`email`, `courier`, `hand`), by whom and when, the e-mail's Message-ID, the SHA-256 of every
PDF sent, and the error of a failed attempt (state `failed`, retried on request). A row in state
`sending` is one whose e-mail may have left: it is never sent again by itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("dispatches"):
        return
    op.create_table(
        "dispatches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("recipient_key", sa.String(length=100), nullable=False),
        sa.Column("recipient_name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("working_language", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("documents", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_dispatches_note_id_notes")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by"], ["users.id"], name=op.f("fk_dispatches_sent_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatches")),
        sa.UniqueConstraint("note_id", "recipient_key", name="uq_dispatches_recipient"),
    )
    op.create_index("ix_dispatches_note", "dispatches", ["note_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_dispatches_note", table_name="dispatches")
    op.drop_table("dispatches")
