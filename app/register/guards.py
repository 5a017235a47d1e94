"""The register's guards: what the database itself refuses to any client, as one rule list.

Each `Guard` is one rule (a table, the change it watches, the condition under which the change
is refused, and the sentence said). The migrations turn the same list into SQLite triggers
(`sqlite_statement`) and PostgreSQL trigger functions (`postgresql_statements`), so that a rule
holds on both engines. Rules are data: a table added later gets its rules by one line in
`APPEND_ONLY` or `FROZEN_CHILDREN` (naming its revision), and the migration that makes the table
calls `install_guards` for that revision.

Conditions are written once, in SQL both engines read, with `OLD.`/`NEW.` for the row: SQLite's
`IS NOT` (null-safe inequality) becomes PostgreSQL's `IS DISTINCT FROM`. A guard marked
`replaces` watches `INSERT OR REPLACE`, which only SQLite has (PostgreSQL refuses the insert by
its unique keys, and an `ON CONFLICT DO UPDATE` fires the UPDATE guards).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.workflow import FROZEN_STATES, TRANSITIONS

#: The SQLSTATE a refusal raises on PostgreSQL (integrity_constraint_violation: SQLAlchemy
#: raises IntegrityError, as for SQLite's RAISE(ABORT)).
REFUSED_ERRCODE = "23000"


@dataclass(frozen=True)
class Guard:
    name: str
    #: "UPDATE", "DELETE", "INSERT", or "UPDATE OF a, b".
    event: str
    table: str
    message: str
    #: When the change is refused (None: always).
    when: str | None = None
    #: The revision whose migration installs the guard.
    since: str = "0002"
    #: Only SQLite has INSERT OR REPLACE: the guard is SQLite's alone.
    replaces: bool = False

    def sqlite_statement(self) -> str:
        when = f"WHEN {self.when} " if self.when else ""
        quoted = self.message.replace("'", "''")
        return (
            f"CREATE TRIGGER {self.name} BEFORE {self.event} ON {self.table} {when}BEGIN "
            f"SELECT RAISE(ABORT, '{quoted}'); END"
        )

    @property
    def function(self) -> str:
        return f"verbale_guard_{self.name}"

    def postgresql_statements(self) -> list[str]:
        """CREATE the trigger function and the row trigger that calls it."""
        quoted = self.message.replace("'", "''")
        refuse = f"RAISE EXCEPTION '%', '{quoted}' USING ERRCODE = '{REFUSED_ERRCODE}';"
        if self.when:
            body = f"IF {postgresql_condition(self.when)} THEN {refuse} END IF;"
        else:
            body = refuse
        returned = "OLD" if self.event == "DELETE" else "NEW"
        return [
            f"CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN {returned}; END $$",
            f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
            f"CREATE TRIGGER {self.name} BEFORE {self.event} ON {self.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {self.function}()",
        ]

    def postgresql_drop(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
            f"DROP FUNCTION IF EXISTS {self.function}()",
        ]


def postgresql_condition(condition: str) -> str:
    """A condition as PostgreSQL reads it: `NEW.a IS NOT OLD.a` is `IS DISTINCT FROM`, compared
    as text (JSON columns have no equality on PostgreSQL)."""
    condition = re.sub(
        r"\bNEW\.(\w+) IS NOT OLD\.(\w+)", r"NEW.\1::text IS DISTINCT FROM OLD.\2::text", condition
    )
    return re.sub(r"\bIS NOT\b(?! NULL)", "IS DISTINCT FROM", condition)


FROZEN = "('approved', 'issued', 'dispatched', 'withdrawn')"
#: The same states, as 0003 wrote them (sorted).
FROZEN_SORTED = "(" + ", ".join(sorted(f"'{status.value}'" for status in FROZEN_STATES)) + ")"

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

#: A note's parts, frozen with it: table -> (what they are called, the status of the note the
#: row OLD belongs to, the revision that installs the rules).
FROZEN_CHILDREN = {
    "note_revisions": ("revisions", "(SELECT status FROM notes WHERE id = OLD.note_id)", "0002"),
    "note_texts": (
        "texts",
        "(SELECT n.status FROM notes n JOIN note_revisions r ON r.note_id = n.id "
        "WHERE r.id = OLD.revision_id)",
        "0002",
    ),
    "plans": (
        "plans",
        "(SELECT n.status FROM notes n JOIN note_revisions r ON r.note_id = n.id "
        "WHERE r.id = OLD.revision_id)",
        "0002",
    ),
    "plan_rows": (
        "plan rows",
        "(SELECT n.status FROM notes n JOIN note_revisions r ON r.note_id = n.id "
        "JOIN plans p ON p.revision_id = r.id WHERE p.id = OLD.plan_id)",
        "0002",
    ),
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
        "AND language = NEW.language) AND "
        f"{FROZEN_CHILDREN['note_texts'][1].replace('OLD.', 'NEW.')} IN {FROZEN}"
    ),
    "plans": (
        "EXISTS (SELECT 1 FROM plans p JOIN note_revisions r ON r.id = p.revision_id "
        f"JOIN notes n ON n.id = r.note_id WHERE p.id = NEW.id AND n.status IN {FROZEN})"
    ),
    "plan_rows": (
        "EXISTS (SELECT 1 FROM plan_rows WHERE plan_id = NEW.plan_id "
        "AND position = NEW.position) AND "
        f"{FROZEN_CHILDREN['plan_rows'][1].replace('OLD.', 'NEW.')} IN {FROZEN}"
    ),
}

#: Append-only tables: no UPDATE, no DELETE, no INSERT that replaces an existing row.
#: table -> (the rule, when an insert would replace a row, the revision that installs it).
APPEND_ONLY = {
    "audit_log": (
        "the audit log is append-only",
        "EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR hash = NEW.hash)",
        "0002",
    ),
    "status_history": (
        "the status history is append-only",
        "EXISTS (SELECT 1 FROM status_history WHERE id = NEW.id)",
        "0002",
    ),
    "issued_documents": (
        "an issued document never changes",
        "EXISTS (SELECT 1 FROM issued_documents WHERE id = NEW.id "
        "OR (note_id = NEW.note_id AND file_name = NEW.file_name))",
        "0002",
    ),
    "objections": (
        "a recorded objection never changes",
        "EXISTS (SELECT 1 FROM objections WHERE id = NEW.id)",
        "0002",
    ),
    "incoming_notes": (
        "a note received is kept as it was received",
        "EXISTS (SELECT 1 FROM incoming_notes WHERE id = NEW.id)",
        "0013",
    ),
}


def _moves(frozen_only: bool) -> str:
    """("from>to", ...) of every status change the workflow makes (from a frozen state)."""
    moves = sorted(
        {
            f"'{old.value}>{new.value}'"
            for (old, _action), new in TRANSITIONS.items()
            if old in FROZEN_STATES or not frozen_only
        }
    )
    return "(" + ", ".join(moves) + ")"


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in columns)


def _append_only() -> list[Guard]:
    made: list[Guard] = []
    for table, (rule, replaces, since) in APPEND_ONLY.items():
        for verb, what in (("UPDATE", "changed"), ("DELETE", "deleted")):
            made.append(
                Guard(
                    f"{table}_no_{verb.lower()}",
                    verb,
                    table,
                    f"{rule}: an entry cannot be {what}",
                    since=since,
                )
            )
        made.append(
            Guard(
                f"{table}_no_replace",
                "INSERT",
                table,
                f"{rule}: an entry cannot be replaced",
                when=replaces,
                since=since,
                replaces=True,
            )
        )
    return made


def _frozen_children() -> list[Guard]:
    made: list[Guard] = []
    for table, (what, status, since) in FROZEN_CHILDREN.items():
        message = f"the {what} of an approved note never change: a correction is a new revision"
        for verb in ("UPDATE", "DELETE"):
            made.append(
                Guard(
                    f"{table}_frozen_no_{verb.lower()}",
                    verb,
                    table,
                    message,
                    when=f"{status} IN {FROZEN}",
                    since=since,
                )
            )
        made.append(
            Guard(
                f"{table}_frozen_no_replace",
                "INSERT",
                table,
                message,
                when=REPLACES_FROZEN[table],
                since=since,
                replaces=True,
            )
        )
    return made


def _frozen_notes() -> list[Guard]:
    numbered = ("running", "number_year", "number_text", "issued_at")
    return [
        Guard(
            "notes_frozen_no_replace",
            "INSERT",
            "notes",
            "an approved note is never replaced: a correction is a new revision",
            when=f"EXISTS (SELECT 1 FROM notes WHERE id = NEW.id AND status IN {FROZEN})",
            replaces=True,
        ),
        Guard(
            "notes_frozen_content",
            "UPDATE",
            "notes",
            "an approved note never changes: a correction is a new revision",
            when=f"OLD.status IN {FROZEN} AND ({_changed(CONTENT_COLUMNS)})",
        ),
        Guard(
            "notes_frozen_status",
            "UPDATE OF status",
            "notes",
            "an approved note moves on only by the workflow (approved to issued or withdrawn, "
            "issued to dispatched): a correction is a new revision",
            when=f"OLD.status IN {FROZEN} AND NEW.status IS NOT OLD.status "
            f"AND (OLD.status || '>' || NEW.status) NOT IN {_moves(frozen_only=True)}",
        ),
        Guard(
            "notes_number_fixed",
            "UPDATE",
            "notes",
            "an issued note keeps its number",
            when=f"OLD.running IS NOT NULL AND OLD.status IN {FROZEN} AND ({_changed(numbered)})",
        ),
        Guard(
            "notes_manifest_fixed",
            "UPDATE OF documents_manifest",
            "notes",
            "the list of issued documents never changes",
            when="OLD.documents_manifest IS NOT NULL "
            "AND NEW.documents_manifest IS NOT OLD.documents_manifest",
        ),
        Guard(
            "notes_frozen_no_delete",
            "DELETE",
            "notes",
            "an approved note is never deleted",
            when=f"OLD.status IN {FROZEN}",
        ),
    ]


#: Columns of `users` the application never changes once the user is added.
USER_FIXED_COLUMNS = ("id", "login", "roles", "created_at")


def _moves_and_people() -> list[Guard]:
    """0003: status moves only by the workflow, users never deleted or altered."""
    return [
        Guard(
            "notes_status_moves",
            "UPDATE OF status",
            "notes",
            "a note's status moves only by a transition of the workflow (draft to submitted, "
            "submitted to approved or returned, ...)",
            when=f"NEW.status IS NOT OLD.status AND OLD.status NOT IN {FROZEN_SORTED} "
            f"AND (OLD.status || '>' || NEW.status) NOT IN {_moves(frozen_only=False)}",
            since="0003",
        ),
        Guard(
            "users_never_deleted",
            "DELETE",
            "users",
            "a user is never deleted: the audit log names them",
            since="0003",
        ),
        Guard(
            "users_fixed",
            "UPDATE",
            "users",
            "a user's login and roles never change behind the application's back",
            when=_changed(USER_FIXED_COLUMNS),
            since="0003",
        ),
        Guard(
            "users_no_replace",
            "INSERT",
            "users",
            "a user is never replaced",
            when="EXISTS (SELECT 1 FROM users WHERE id = NEW.id OR login = NEW.login)",
            since="0003",
            replaces=True,
        ),
    ]


def _codes() -> list[Guard]:
    """0004: an issued note's verification code."""
    return [
        Guard(
            "notes_verification_code_fixed",
            "UPDATE OF verification_code, issue_chain_head",
            "notes",
            "an issued note's verification code never changes",
            when="OLD.verification_code IS NOT NULL AND "
            "(NEW.verification_code IS NOT OLD.verification_code "
            "OR NEW.issue_chain_head IS NOT OLD.issue_chain_head)",
            since="0004",
        )
    ]


#: States a number never leaves: issued with a note, cancelled, or lost in a restore.
SETTLED = "('used', 'cancelled', 'lost')"
HIGHEST_GIVEN = (
    "(SELECT coalesce(max(running), 0) FROM numbers "
    "WHERE series_id = NEW.series_id AND year = NEW.year)"
)


def _numbers() -> list[Guard]:
    """0005: numbers given out never come back."""
    moved = _changed(("id", "series_id", "year", "running"))
    never_back = "a series counter never goes back below a number given out"
    return [
        Guard(
            "numbers_never_deleted",
            "DELETE",
            "numbers",
            "a number given out is never deleted: it would be given out again",
            since="0005",
        ),
        Guard(
            "numbers_fixed",
            "UPDATE",
            "numbers",
            "a number given out keeps its series, its place and its note",
            when=f"{moved} OR (OLD.state IN {SETTLED} AND NEW.state IS NOT OLD.state) "
            "OR (OLD.note_id IS NOT NULL AND NEW.note_id IS NOT OLD.note_id)",
            since="0005",
        ),
        Guard(
            "numbers_no_replace",
            "INSERT",
            "numbers",
            "a number given out is never replaced",
            when="EXISTS (SELECT 1 FROM numbers WHERE id = NEW.id OR (series_id = NEW.series_id "
            "AND year = NEW.year AND running = NEW.running))",
            since="0005",
            replaces=True,
        ),
        Guard(
            "series_counters_never_back",
            "UPDATE",
            "series_counters",
            never_back,
            when=f"NEW.last_running < {HIGHEST_GIVEN}",
            since="0005",
        ),
        Guard(
            "series_counters_no_replace",
            "INSERT",
            "series_counters",
            never_back,
            when=f"NEW.last_running < {HIGHEST_GIVEN}",
            since="0005",
        ),
    ]


def _dispatches() -> list[Guard]:
    """A dispatch record stays; once sent, how, when, by whom and what was sent never change."""
    sent = ("state", "method", "message_id", "documents", "sent_at", "sent_by", "recipient_key")
    return [
        Guard(
            "dispatches_no_delete",
            "DELETE",
            "dispatches",
            "a dispatch record is never deleted",
            since="0013",
        ),
        Guard(
            "dispatches_sent_fixed",
            "UPDATE",
            "dispatches",
            "a dispatch made is never changed",
            when=f"OLD.state = 'sent' AND ({_changed(sent)})",
            since="0013",
        ),
    ]


def all_guards() -> list[Guard]:
    """Every rule, in the order the migrations install them."""
    return [
        *_append_only(),
        *_frozen_children(),
        *_frozen_notes(),
        *_moves_and_people(),
        *_codes(),
        *_numbers(),
        *_dispatches(),
    ]


def guards_since(revision: str) -> list[Guard]:
    """The rules the migration `revision` installs."""
    return [guard for guard in all_guards() if guard.since == revision]


def postgresql_guards(through: str) -> list[Guard]:
    """The rules PostgreSQL holds at `through` (none of SQLite's INSERT OR REPLACE ones,
    except a counter set back by an INSERT)."""
    return [guard for guard in all_guards() if guard.since <= through and (not guard.replaces)]


TRUNCATE_FUNCTION = "verbale_guard_no_truncate"


def postgresql_truncate_guards(through: str, drop: bool = False) -> list[str]:
    """Statement triggers that refuse TRUNCATE (no row trigger fires for it) on every table a
    rule guards at `through`, or the statements that drop them."""
    tables = sorted({guard.table for guard in postgresql_guards(through)})
    if drop:
        return [f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in tables] + [
            f"DROP FUNCTION IF EXISTS {TRUNCATE_FUNCTION}()"
        ]
    return [
        f"CREATE OR REPLACE FUNCTION {TRUNCATE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is never emptied: the register keeps every entry', "
        f"TG_TABLE_NAME USING ERRCODE = '{REFUSED_ERRCODE}'; END $$",
        *(
            statement
            for table in tables
            for statement in (
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TRUNCATE_FUNCTION}()",
            )
        ),
    ]


def install_guards(execute: Callable[[str], object], dialect: str, revision: str) -> None:
    """What the migration `revision` runs to install its rules on either engine. A table added
    later: its line in APPEND_ONLY or FROZEN_CHILDREN names the revision, whose upgrade()
    calls `install_guards(op.execute, op.get_bind().dialect.name, revision)`."""
    for guard in guards_since(revision):
        if dialect == "sqlite":
            execute(f"DROP TRIGGER IF EXISTS {guard.name}")
            execute(guard.sqlite_statement())
        elif dialect == "postgresql" and not guard.replaces:
            for statement in guard.postgresql_statements():
                execute(statement)
    if dialect == "postgresql":
        for statement in postgresql_truncate_guards(through=revision):
            execute(statement)
