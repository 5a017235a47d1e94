"""the workflow: audit log, last editor of a note, and triggers that keep approved notes frozen

Revision ID: 0002
Revises: 0001

On SQLite, triggers refuse what the application itself never does, so that a change made
behind its back (plain sqlite3, a database browser) fails too:
- any UPDATE or DELETE of the audit log, the status history and the issued documents, and
  UPDATE or DELETE of an objection recorded;
- UPDATE or DELETE of the texts, revisions and plans of a note that is approved, issued,
  dispatched or withdrawn, an INSERT that would replace one of them, and a second revision
  of such a note;
- UPDATE of such a note's content columns on `notes`, a status change that is not a
  transition of the workflow (app.domain.workflow.TRANSITIONS), renumbering it once
  numbered, or deleting it. The workflow still moves its status on and sets its outcome, and
  issuing gives it its number, documents and issue time.
- `INSERT OR REPLACE` of any row that one of these rules keeps: SQLite deletes the old row
  without firing a DELETE trigger (unless recursive_triggers is on), so a BEFORE INSERT
  trigger refuses an insert that would replace such a row.
PostgreSQL would need the same rules as trigger functions; the columns and table are portable.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.domain.workflow import FROZEN_STATES, TRANSITIONS

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FROZEN = "('approved', 'issued', 'dispatched', 'withdrawn')"

#: Columns of `notes` that describe the note itself: never changed once it is frozen.
CONTENT_COLUMNS = (
    "series_id",
    "prefix",
    "note_type",
    "languages",
    "date",
    "subject",
    "addressee_key",
    "addressee_name",
    "sender_key",
    "objection_deadline",
    "revision_no",
    "corrects_note_id",
    "created_by",
    "last_edited_by",
    "created_at",
)

#: Frozen status of the note a row belongs to, per child table (OLD is the row).
NOTE_STATUS_OF = {
    "note_revisions": "(SELECT status FROM notes WHERE id = OLD.note_id)",
    "note_texts": (
        "(SELECT n.status FROM notes n JOIN note_revisions r ON r.note_id = n.id "
        "WHERE r.id = OLD.revision_id)"
    ),
    "plans": (
        "(SELECT n.status FROM notes n JOIN note_revisions r ON r.note_id = n.id "
        "WHERE r.id = OLD.revision_id)"
    ),
    "plan_rows": (
        "(SELECT n.status FROM notes n JOIN note_revisions r ON r.note_id = n.id "
        "JOIN plans p ON p.revision_id = r.id WHERE p.id = OLD.plan_id)"
    ),
}

#: The same, for the row being inserted (NEW is the row).
NEW_NOTE_STATUS_OF = {
    table: status.replace("OLD.", "NEW.") for table, status in NOTE_STATUS_OF.items()
}

#: When an INSERT into a child table would replace (INSERT OR REPLACE, by any of the table's
#: unique keys) a row of a frozen note, or give a frozen note a second revision. A first
#: insert stays open: a register is bulk-loaded with its issued notes (the demo does).
REPLACES_FROZEN = {
    "note_revisions": (
        "EXISTS (SELECT 1 FROM note_revisions r JOIN notes n ON n.id = r.note_id "
        f"WHERE (r.id = NEW.id OR r.note_id = NEW.note_id) AND n.status IN {FROZEN})"
    ),
    "note_texts": (
        "EXISTS (SELECT 1 FROM note_texts WHERE revision_id = NEW.revision_id "
        f"AND language = NEW.language) AND {NEW_NOTE_STATUS_OF['note_texts']} IN {FROZEN}"
    ),
    "plans": (
        "EXISTS (SELECT 1 FROM plans p JOIN note_revisions r ON r.id = p.revision_id "
        f"JOIN notes n ON n.id = r.note_id WHERE p.id = NEW.id AND n.status IN {FROZEN})"
    ),
    "plan_rows": (
        "EXISTS (SELECT 1 FROM plan_rows WHERE plan_id = NEW.plan_id "
        f"AND position = NEW.position) AND {NEW_NOTE_STATUS_OF['plan_rows']} IN {FROZEN}"
    ),
}

#: Append-only tables: no UPDATE, no DELETE, no INSERT that replaces an existing row
#: (the condition says when an insert would replace one).
APPEND_ONLY = {
    "audit_log": (
        "the audit log is append-only",
        "EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR hash = NEW.hash)",
    ),
    "status_history": (
        "the status history is append-only",
        "EXISTS (SELECT 1 FROM status_history WHERE id = NEW.id)",
    ),
    "issued_documents": (
        "an issued document never changes",
        "EXISTS (SELECT 1 FROM issued_documents WHERE id = NEW.id "
        "OR (note_id = NEW.note_id AND file_name = NEW.file_name))",
    ),
    "objections": (
        "a recorded objection never changes",
        "EXISTS (SELECT 1 FROM objections WHERE id = NEW.id)",
    ),
}

#: "from>to" of every status change the workflow makes from a frozen state.
FROZEN_MOVES = (
    "("
    + ", ".join(
        sorted(
            f"'{old.value}>{new.value}'"
            for (old, _action), new in TRANSITIONS.items()
            if old in FROZEN_STATES
        )
    )
    + ")"
)

WHAT = {
    "note_revisions": "revisions",
    "note_texts": "texts",
    "plans": "plans",
    "plan_rows": "plan rows",
}


def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of every trigger this revision adds."""
    made: list[tuple[str, str]] = []
    for table, (rule, replaces) in APPEND_ONLY.items():
        for verb, what in (("UPDATE", "changed"), ("DELETE", "deleted"), ("INSERT", "replaced")):
            name = f"{table}_no_{'replace' if verb == 'INSERT' else verb.lower()}"
            when = f"WHEN {replaces} " if verb == "INSERT" else ""
            made.append(
                (
                    name,
                    (
                        f"CREATE TRIGGER {name} BEFORE {verb} ON {table} {when}BEGIN "
                        f"SELECT RAISE(ABORT, '{rule}: an entry cannot be {what}'); END"
                    ),
                )
            )
    for table, status in NOTE_STATUS_OF.items():
        for verb in ("UPDATE", "DELETE"):
            name = f"{table}_frozen_no_{verb.lower()}"
            made.append(
                (
                    name,
                    (
                        f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                        f"WHEN {status} IN {FROZEN} BEGIN "
                        f"SELECT RAISE(ABORT, 'the {WHAT[table]} of an approved note never change: "
                        f"a correction is a new revision'); END"
                    ),
                )
            )
        name = f"{table}_frozen_no_replace"
        made.append(
            (
                name,
                (
                    f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
                    f"WHEN {REPLACES_FROZEN[table]} BEGIN "
                    f"SELECT RAISE(ABORT, 'the {WHAT[table]} of an approved note never change: "
                    f"a correction is a new revision'); END"
                ),
            )
        )
    made.append(
        (
            "notes_frozen_no_replace",
            (
                f"CREATE TRIGGER notes_frozen_no_replace BEFORE INSERT ON notes "
                f"WHEN EXISTS (SELECT 1 FROM notes WHERE id = NEW.id AND status IN {FROZEN}) BEGIN "
                f"SELECT RAISE(ABORT, 'an approved note is never replaced: a correction is a new "
                f"revision'); END"
            ),
        )
    )
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in CONTENT_COLUMNS)
    made.append(
        (
            "notes_frozen_content",
            (
                f"CREATE TRIGGER notes_frozen_content BEFORE UPDATE ON notes "
                f"WHEN OLD.status IN {FROZEN} AND ({changed}) BEGIN "
                f"SELECT RAISE(ABORT, 'an approved note never changes: a correction is a new "
                f"revision'); END"
            ),
        )
    )
    made.append(
        (
            "notes_frozen_status",
            (
                f"CREATE TRIGGER notes_frozen_status BEFORE UPDATE OF status ON notes "
                f"WHEN OLD.status IN {FROZEN} AND NEW.status IS NOT OLD.status "
                f"AND (OLD.status || '>' || NEW.status) NOT IN {FROZEN_MOVES} BEGIN "
                f"SELECT RAISE(ABORT, 'an approved note moves on only by the workflow (approved to "
                f"issued or withdrawn, issued to dispatched): a correction is a new revision'); END"
            ),
        )
    )
    numbered = " OR ".join(
        f"NEW.{column} IS NOT OLD.{column}"
        for column in ("running", "number_year", "number_text", "issued_at")
    )
    made.append(
        (
            "notes_number_fixed",
            (
                f"CREATE TRIGGER notes_number_fixed BEFORE UPDATE ON notes "
                f"WHEN OLD.running IS NOT NULL AND OLD.status IN {FROZEN} AND ({numbered}) BEGIN "
                f"SELECT RAISE(ABORT, 'an issued note keeps its number'); END"
            ),
        )
    )
    made.append(
        (
            "notes_manifest_fixed",
            (
                "CREATE TRIGGER notes_manifest_fixed BEFORE UPDATE OF documents_manifest ON notes "
                "WHEN OLD.documents_manifest IS NOT NULL "
                "AND NEW.documents_manifest IS NOT OLD.documents_manifest BEGIN "
                "SELECT RAISE(ABORT, 'the list of issued documents never changes'); END"
            ),
        )
    )
    made.append(
        (
            "notes_frozen_no_delete",
            (
                f"CREATE TRIGGER notes_frozen_no_delete BEFORE DELETE ON notes "
                f"WHEN OLD.status IN {FROZEN} BEGIN "
                f"SELECT RAISE(ABORT, 'an approved note is never deleted'); END"
            ),
        )
    )
    return made


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_note", ["note_id", "id"], unique=False)
    # A plain ADD COLUMN (no table rebuild: registers hold a million notes); SQLite accepts the
    # REFERENCES clause on an added column whose default is NULL.
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE notes ADD COLUMN last_edited_by INTEGER REFERENCES users (id)")
    else:
        op.add_column("notes", sa.Column("last_edited_by", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_notes_last_edited_by_users"), "notes", "users", ["last_edited_by"], ["id"]
        )
    if sqlite:
        for _name, statement in _triggers():
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name, _statement in reversed(_triggers()):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        # SQLite cannot drop a column that references another table: rebuild the table.
        with op.batch_alter_table("notes", schema=None) as batch_op:
            batch_op.drop_column("last_edited_by")
    else:
        op.drop_constraint(op.f("fk_notes_last_edited_by_users"), "notes", type_="foreignkey")
        op.drop_column("notes", "last_edited_by")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_note")
    op.drop_table("audit_log")
