"""word search on PostgreSQL without GIN partial matches: the list of the index's words

Revision ID: 0014
Revises: 0013

A prefix query (`'кеңес':*`) makes PostgreSQL's GIN index collect every note of every word that
starts with the prefix before it can combine words: on a million notes, "кеңес 1453" read the
~290,000 notes of `кеңесінің` to find one (35-70 ms). SQLite's FTS5 looks the prefix up in its
term list first. PostgreSQL gets the same list: `note_fts_words`, every word of the index once
(C collation: a prefix is a range of the primary key), filled by a trigger as note_fts rows are
written and here from the notes indexed; a search turns each prefix into the words it stands
for (app.register.core_listing), which GIN combines without reading whole posting lists. Words
are never removed (a word no note holds any more only costs an alternative that matches
nothing). Nothing changes on SQLite.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        'CREATE TABLE IF NOT EXISTS note_fts_words (word text COLLATE "C" PRIMARY KEY)'
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION note_fts_words_add() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  INSERT INTO note_fts_words (word)\n"
        "    SELECT unnest(tsvector_to_array(NEW.document)) ON CONFLICT DO NOTHING;\n"
        "  RETURN NULL;\n"
        "END $$"
    )
    op.execute("DROP TRIGGER IF EXISTS note_fts_words_add ON note_fts")
    op.execute(
        "CREATE TRIGGER note_fts_words_add AFTER INSERT OR UPDATE OF body ON note_fts "
        "FOR EACH ROW EXECUTE FUNCTION note_fts_words_add()"
    )
    op.execute(
        "INSERT INTO note_fts_words (word) "
        "SELECT DISTINCT unnest(tsvector_to_array(document)) FROM note_fts "
        "ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS note_fts_words_add ON note_fts")
    op.execute("DROP FUNCTION IF EXISTS note_fts_words_add()")
    op.execute("DROP TABLE IF EXISTS note_fts_words")
