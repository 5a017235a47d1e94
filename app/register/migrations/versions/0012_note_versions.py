"""a note's version: a second save of the same draft from an older copy is refused

Revision ID: 0012
Revises: 0011

`notes.version` counts a note's saves. A note window remembers the version it opened; saving
from it when the register holds a newer one (another officer saved meanwhile) is refused with
who saved and when, and the window keeps its text. Plain ADD COLUMN with a default on both
engines (no table rebuild).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("notes")}
    if "version" not in columns:
        op.add_column(
            "notes", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("version")
