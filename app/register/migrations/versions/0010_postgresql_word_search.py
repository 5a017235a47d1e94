"""word search on PostgreSQL as on SQLite: a tsvector kept current, a GIN index

Revision ID: 0010
Revises: 0009

PostgreSQL gets the table SQLite's FTS5 index is (`note_fts`, one row per note, `rowid` =
notes.id, the text folded by app.register.search: case and ё/е as on SQLite), with a generated
`document` column, `to_tsvector('simple', body)`, and a GIN index on it; a search asks for every
word as a prefix (`to_tsquery('simple', 'кеңес':*)`) and ranks by ts_rank. The register's notes
are indexed here, from their stored texts, as saving a note indexes it. Nothing changes on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.register.search import index_text, postgresql_index_text

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE IF NOT EXISTS note_fts ("
        "rowid integer PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE, "
        "body text NOT NULL, "
        "document tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"
    )
    op.execute("CREATE INDEX IF NOT EXISTS ix_note_fts_document ON note_fts USING gin (document)")
    _index_existing(bind)


def _index_existing(bind: sa.Connection) -> None:
    """Index every note not indexed yet, as RegisterNotes._index does when it saves one."""
    rows = bind.execute(
        sa.text(
            "SELECT n.id, n.number_text, n.subject, n.addressee_name, "
            "coalesce(string_agg(t.text, E'\\n' ORDER BY t.language), '') "
            "FROM notes n "
            "LEFT JOIN note_revisions r ON r.note_id = n.id AND r.revision_no = n.revision_no "
            "LEFT JOIN note_texts t ON t.revision_id = r.id "
            "WHERE NOT EXISTS (SELECT 1 FROM note_fts f WHERE f.rowid = n.id) "
            "GROUP BY n.id ORDER BY n.id"
        )
    )
    insert = sa.text("INSERT INTO note_fts (rowid, body) VALUES (:id, :body)")
    while batch := rows.fetchmany(BATCH):
        values = []
        for note_id, number, subject, addressee, texts in batch:
            forms = f"{number} {number.replace('/', '-')}" if number else ""
            body = postgresql_index_text(index_text(forms, subject, addressee, texts))
            values.append({"id": note_id, "body": body})
        bind.execute(insert, values)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS note_fts")
