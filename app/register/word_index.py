"""Filling the word index (`note_fts`) from the notes stored, as saving a note fills it
(app.services.register_notes): for a register migrated to PostgreSQL's index (0010) and for a
register copied (`verbale db copy`)."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from app.register.search import index_text, postgresql_index_text

#: Notes indexed per round (by id range: a million notes never sit in memory at once).
BATCH = 5000

_UNINDEXED = sa.text(
    "SELECT n.id, n.number_text, n.subject, n.addressee_name, t.text "
    "FROM notes n "
    "LEFT JOIN note_revisions r ON r.note_id = n.id AND r.revision_no = n.revision_no "
    "LEFT JOIN note_texts t ON t.revision_id = r.id "
    "WHERE n.id > :low AND n.id <= :high "
    "AND NOT EXISTS (SELECT 1 FROM note_fts f WHERE f.rowid = n.id) "
    "ORDER BY n.id, t.language"
)
_INSERT = sa.text("INSERT INTO note_fts (rowid, body) VALUES (:id, :body)")


def index_unindexed(bind: sa.Connection) -> int:
    """Index every note the index lacks; the number indexed."""
    postgresql = bind.dialect.name == "postgresql"
    highest = int(bind.execute(sa.text("SELECT coalesce(max(id), 0) FROM notes")).scalar_one())
    done = 0
    for low in range(0, highest, BATCH):
        rows = bind.execute(_UNINDEXED, {"low": low, "high": low + BATCH}).fetchall()
        values = []
        for note_id, group in itertools.groupby(rows, key=lambda row: row[0]):
            texts = list(group)
            _id, number, subject, addressee, _text = texts[0]
            forms = f"{number} {number.replace('/', '-')}" if number else ""
            body = index_text(forms, subject, addressee, *(row[4] or "" for row in texts))
            values.append(
                {"id": note_id, "body": postgresql_index_text(body) if postgresql else body}
            )
        if values:
            bind.execute(_INSERT, values)
            done += len(values)
    return done
