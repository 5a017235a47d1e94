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

from alembic import op

from app.register.word_index import index_unindexed

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


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
    index_unindexed(bind)  # the register's notes, as saving a note indexes it


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS note_fts")
