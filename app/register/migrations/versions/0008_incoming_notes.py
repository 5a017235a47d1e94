"""incoming notes: the notes the secretariat receives, and the replies that answer them

Revision ID: 0008
Revises: 0007

- `incoming_notes`: a note received — its number as the sender wrote it (`No. 12/345`) and
  that number's letters and digits alone (`number_key`, for search), its date, the sender (a
  directory key, and the name as listed), subject, languages, the day it was received, the
  day it is to be answered by, the received PDF with its SHA-256, and, for an objection under
  a silence procedure, the procedure's note and the objection recorded.
- `notes.in_reply_to_id`: the incoming note an outgoing note answers.
- Every objection recorded before this revision becomes an incoming note of its procedure
  (its reference as the number, its party as the sender), as a new one does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("incoming_notes"):
        op.create_table(
            "incoming_notes",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("number_text", sa.String(length=80), nullable=False),
            sa.Column("number_key", sa.String(length=80), nullable=False),
            sa.Column("date", sa.Date(), nullable=False),
            sa.Column("sender_key", sa.String(length=100), nullable=False),
            sa.Column("sender_name", sa.Text(), nullable=False),
            sa.Column("subject", sa.Text(), nullable=False),
            sa.Column("languages", sa.String(length=40), nullable=False),
            sa.Column("received_on", sa.Date(), nullable=False),
            sa.Column("answer_by", sa.Date(), nullable=True),
            sa.Column("file_name", sa.String(length=200), nullable=True),
            sa.Column("content", sa.LargeBinary(), nullable=True),
            sa.Column("sha256", sa.String(length=64), nullable=True),
            sa.Column("size", sa.Integer(), nullable=True),
            sa.Column("procedure_note_id", sa.Integer(), nullable=True),
            sa.Column("objection_id", sa.Integer(), nullable=True),
            sa.Column("recorded_by", sa.Integer(), nullable=True),
            sa.Column("recorded_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["procedure_note_id"],
                ["notes.id"],
                name=op.f("fk_incoming_notes_procedure_note_id_notes"),
            ),
            sa.ForeignKeyConstraint(
                ["objection_id"],
                ["objections.id"],
                name=op.f("fk_incoming_notes_objection_id_objections"),
            ),
            sa.ForeignKeyConstraint(
                ["recorded_by"], ["users.id"], name=op.f("fk_incoming_notes_recorded_by_users")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_notes")),
        )
        op.create_index("ix_incoming_notes_number_key", "incoming_notes", ["number_key"])
        op.create_index("ix_incoming_notes_answer_by", "incoming_notes", ["answer_by"])
        op.create_index("ix_incoming_notes_procedure", "incoming_notes", ["procedure_note_id"])
    # The objections recorded so far are notes received too (number_key: letters and digits,
    # folded as far as SQL can; a search matches a part of it).
    key = "lower(coalesce(reference, ''))"
    for char in ("/", "-", " ", ".", "№"):
        key = f"replace({key}, '{char}', '')"
    received = {column["name"] for column in sa.inspect(bind).get_columns("incoming_notes")}
    recorded = {column["name"] for column in sa.inspect(bind).get_columns("objections")}
    # A file whose tables are not the register's is left for the structure check to refuse.
    if "objection_id" in received and {"reference", "party", "note_id"} <= recorded:
        op.execute(
            "INSERT INTO incoming_notes (number_text, number_key, date, sender_key, sender_name, "
            "subject, languages, received_on, procedure_note_id, objection_id, recorded_by, "
            "recorded_at) SELECT CASE WHEN coalesce(reference, '') = '' THEN '(no number)' "
            f"ELSE reference END, {key}, received_on, '', party, coalesce(\"text\", ''), '', "
            "received_on, note_id, id, recorded_by, recorded_at FROM objections WHERE id NOT IN "
            "(SELECT objection_id FROM incoming_notes WHERE objection_id IS NOT NULL)"
        )
    columns = {column["name"] for column in sa.inspect(bind).get_columns("notes")}
    if "in_reply_to_id" not in columns:
        # A plain column (no constraint: SQLite would rebuild the notes table and its triggers);
        # the register writes only ids of incoming notes into it.
        op.add_column("notes", sa.Column("in_reply_to_id", sa.Integer(), nullable=True))
        op.create_index("ix_notes_in_reply_to", "notes", ["in_reply_to_id"])


def downgrade() -> None:
    op.drop_index("ix_notes_in_reply_to", table_name="notes")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("in_reply_to_id")
    op.drop_index("ix_incoming_notes_procedure", table_name="incoming_notes")
    op.drop_index("ix_incoming_notes_answer_by", table_name="incoming_notes")
    op.drop_index("ix_incoming_notes_number_key", table_name="incoming_notes")
    op.drop_table("incoming_notes")
