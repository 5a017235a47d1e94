"""issued notes' verification codes and the audit chain head at issue

Revision ID: 0004
Revises: 0003

`notes.verification_code` (the random code printed on every page of an issued note, unique, so
`verbale verify --code` finds its note) and `notes.issue_chain_head` (the audit chain's head
just before the issue, also printed in the QR code and written into each PDF's metadata: a
copy of the document anchors the chain outside the database). Both are set once, at issue;
on SQLite a trigger refuses to change them after that. Plain ADD COLUMN (no table rebuild), and
nothing done twice when the columns are already there. An index on the issued documents'
SHA-256 lets `verbale verify FILE` find a copy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.register.guards import guards_since

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TRIGGER = "notes_verification_code_fixed"


def upgrade() -> None:
    bind = op.get_bind()
    columns = {column["name"] for column in sa.inspect(bind).get_columns("notes")}
    if "verification_code" not in columns:
        op.add_column("notes", sa.Column("verification_code", sa.String(length=16)))
    if "issue_chain_head" not in columns:
        op.add_column("notes", sa.Column("issue_chain_head", sa.String(length=64)))
    indexes = {index["name"] for index in sa.inspect(bind).get_indexes("notes")}
    if "ix_notes_verification_code" not in indexes:
        op.create_index(
            "ix_notes_verification_code", "notes", ["verification_code"], unique=True
        )
    # `verbale verify FILE` looks a copy up by its SHA-256.
    document_indexes = {index["name"] for index in sa.inspect(bind).get_indexes("issued_documents")}
    if "ix_issued_documents_sha256" not in document_indexes:
        op.create_index("ix_issued_documents_sha256", "issued_documents", ["sha256"])
    if bind.dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
        (guard,) = guards_since(revision)
        op.execute(guard.sqlite_statement())

def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    op.drop_index("ix_issued_documents_sha256", table_name="issued_documents")
    op.drop_index("ix_notes_verification_code", table_name="notes")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_column("issue_chain_head")
        batch_op.drop_column("verification_code")
