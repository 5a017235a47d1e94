"""distribution lists: a group addressee's members, each member's working language and e-mail

Revision ID: 0006
Revises: 0005

- `addressees.working_language` (en, ru or kk: the language of the covering e-mail a dispatch
  sends the addressee) and `addressees.email`. Plain ADD COLUMN, empty for existing rows.
- `addressee_members`: the members of a group addressee ("the CICA Member States" -> each
  Member State's ministry of foreign affairs), in order; a member is an addressee of its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    columns = {column["name"] for column in sa.inspect(bind).get_columns("addressees")}
    if "working_language" not in columns:
        op.add_column(
            "addressees",
            sa.Column("working_language", sa.String(length=8), nullable=False, server_default=""),
        )
    if "email" not in columns:
        op.add_column(
            "addressees", sa.Column("email", sa.Text(), nullable=False, server_default="")
        )
    if not sa.inspect(bind).has_table("addressee_members"):
        op.create_table(
            "addressee_members",
            sa.Column("group_id", sa.Integer(), nullable=False),
            sa.Column("member_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                ["group_id"],
                ["addressees.id"],
                name=op.f("fk_addressee_members_group_id_addressees"),
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["addressees.id"],
                name=op.f("fk_addressee_members_member_id_addressees"),
            ),
            sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_addressee_members")),
        )


def downgrade() -> None:
    op.drop_table("addressee_members")
    with op.batch_alter_table("addressees", schema=None) as batch_op:
        batch_op.drop_column("email")
        batch_op.drop_column("working_language")
