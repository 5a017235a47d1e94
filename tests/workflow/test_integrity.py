"""Nothing approved changes and the audit log is append-only, even behind the app's back:
SQLite triggers refuse plain sqlite3 edits; `verbale verify` finds an entry edited, removed or
inserted once the triggers are dropped."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.domain.workflow import FROZEN_STATES, TRANSITIONS, NoteStatus
from app.register import schema
from app.services import audit
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.raw_sql import REFUSED, RawDatabase
from tests.workflow.conftest import PASSWORD, audit_rows, note_in


def execute(path: Path | str, statement: str, *params: object) -> None:
    RawDatabase(path).execute(statement, *params)


@pytest.mark.parametrize("status", ["approved", "issued", "dispatched"])
def test_plain_sqlite_cannot_change_an_approved_note(
    status: str, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, status)
    draft_id = note_in(workflow, people, NoteStatus.DRAFT)
    for statement in (
        "UPDATE note_texts SET text = 'forged' WHERE revision_id IN "
        "(SELECT id FROM note_revisions WHERE note_id = ?)",
        "DELETE FROM note_texts WHERE revision_id IN "
        "(SELECT id FROM note_revisions WHERE note_id = ?)",
        "UPDATE note_revisions SET data = '{}' WHERE note_id = ?",
        "UPDATE notes SET subject = 'forged' WHERE id = ?",
        "UPDATE notes SET objection_deadline = '2024-01-31' WHERE id = ?",
        "UPDATE notes SET status = 'draft' WHERE id = ?",
        "DELETE FROM notes WHERE id = ?",
    ):
        with pytest.raises(REFUSED, match="approved note"):
            execute(register_url, statement, note_id)
    record = workflow.register.load(note_id)
    assert record.status == status
    assert record.note.subject.startswith("Draft Action Plan")
    # What the workflow itself still changes, and a draft's texts, stay open.
    execute(register_url, "UPDATE notes SET outcome = 'adopted' WHERE id = ?", note_id)
    execute(register_url, "UPDATE note_texts SET text = 'x' WHERE revision_id IN "
            "(SELECT id FROM note_revisions WHERE note_id = ?)", draft_id)  # fmt: skip


def test_an_issued_note_keeps_its_number(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    with pytest.raises(REFUSED, match="keeps its number"):
        execute(
            register_url,
            "UPDATE notes SET running = 9999, number_text = 'PAR/9999' WHERE id = ?",
            note_id,
        )


def test_the_audit_log_refuses_update_and_delete(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_in(workflow, people, NoteStatus.APPROVED)
    with pytest.raises(REFUSED, match="append-only"):
        execute(register_url, "DELETE FROM audit_log")
    with pytest.raises(REFUSED, match="append-only"):
        execute(register_url, "UPDATE audit_log SET user_login = 'someone' WHERE id = 3")
    assert audit.verify_chain(workflow.register) == []


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str]:
    code = main(["--db", url, *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_verify_reports_a_hand_edited_audit_entry(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    note_id = note_in(workflow, people, NoteStatus.APPROVED)
    code, out = run(capsys, register_url, "verify")
    assert code == 0 and out.strip().endswith("entries: ok")
    (approval,) = [entry.id for entry in workflow.history(note_id) if entry.action == "approve"]
    RawDatabase(register_url).drop_trigger("audit_log_no_update", "audit_log")
    execute(register_url, "UPDATE audit_log SET user_login = 'dora' WHERE id = ?", approval)
    code, out = run(capsys, register_url, "verify")
    assert code == 1
    assert f"audit log entry {approval} altered" in out
    assert "approve by dora" in out
    assert "1 problem(s)" in out


def test_verify_reports_removed_and_inserted_entries(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    last = audit.count_entries(workflow.register)
    RawDatabase(register_url).drop_trigger("audit_log_no_delete", "audit_log")
    execute(register_url, "DELETE FROM audit_log WHERE id = 4")
    problems = audit.verify_chain(workflow.register)
    assert [(p.entry_id, p.kind) for p in problems] == [(5, "removed")]
    assert str(problems[0]) == ("audit log entry 4 removed: it is missing between entries 3 and 5")
    execute(register_url, "DELETE FROM audit_log WHERE id IN (6, 7)")
    problems = audit.verify_chain(workflow.register)
    assert [str(p) for p in problems if p.kind == "removed"][1] == (
        "audit log entries 6–7 removed: they are missing between entries 5 and 8"
    )
    # An entry appended by hand with a made-up link.
    execute(
        register_url,
        "INSERT INTO audit_log(id, at, user_login, action, note_id, detail, prev_hash, hash) "
        "VALUES (?, '2023-11-30 10:00:00.000000', 'greg', 'dispatch', 1, '{}', ?, ?)",
        last + 1,
        "f" * 64,
        "e" * 64,
    )
    kinds = {(p.entry_id, p.kind) for p in audit.verify_chain(workflow.register)}
    assert {(last + 1, "altered"), (last + 1, "broken")} <= kinds


def test_an_older_register_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Register(f"sqlite:///{path}")
    schema.upgrade(old.db.engine, "0001")
    old.close()
    register = Register(f"sqlite:///{path}")
    copy = register.upgrade(backup_dir=tmp_path / "backups")
    assert copy is not None and copy.is_file()
    assert register.schema_revision() == schema.HEAD_REVISION
    register.close()
    with sqlite3.connect(path) as connection:
        triggers = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        columns = {row[1] for row in connection.execute("PRAGMA table_info(notes)")}
    assert {"audit_log_no_update", "audit_log_no_delete", "note_texts_frozen_no_update"} <= triggers
    assert "last_edited_by" in columns


def test_an_export_from_the_command_line_is_audited(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    # Logged in: $VERBALE_USER alone names nobody (tests/integrity/test_who_acts.py).
    monkeypatch.setenv("VERBALE_USER", "greg")
    monkeypatch.setenv("VERBALE_PASSWORD", PASSWORD)
    target = tmp_path / "register.csv"
    code, _out = run(capsys, register_url, "register", "export", str(target))
    assert code == 0 and "PAR/1453" in target.read_text(encoding="utf-8-sig")
    who, action, detail = audit_rows(register_url)[-1]
    assert (who, action) == ("greg", "export")
    assert json.loads(detail)["file"] == str(target)


def refused(path: Path | str, statement: str, *params: object) -> str:
    """The message of the trigger that refuses `statement` (run with plain SQL)."""
    with pytest.raises(REFUSED) as error:
        execute(path, statement, *params)
    return str(error.value)


def one(path: Path | str, query: str, *params: object) -> tuple[object, ...]:
    return RawDatabase(path).one(query, *params)


@pytest.mark.sqlite_only  # INSERT OR REPLACE is SQLite's
@pytest.mark.parametrize("status", ["approved", "issued", "dispatched", "withdrawn"])
def test_insert_or_replace_cannot_change_a_frozen_note(
    status: str, workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    if status == "withdrawn":
        note_id = note_in(workflow, people, NoteStatus.APPROVED)
        workflow.withdraw(people["anna"], note_id, "superseded")
    else:
        note_id = note_in(workflow, people, status)
    draft_id = note_in(workflow, people, NoteStatus.DRAFT)
    (revision,) = one(register_url, "SELECT id FROM note_revisions WHERE note_id = ?", note_id)
    (draft_revision,) = one(
        register_url, "SELECT id FROM note_revisions WHERE note_id = ?", draft_id
    )
    (before,) = one(
        register_url,
        "SELECT text FROM note_texts WHERE revision_id = ? AND language = 'en'",
        revision,
    )
    for statement, params in (
        ("INSERT OR REPLACE INTO note_texts VALUES (?, 'en', 'EVIL')", (revision,)),
        (
            "INSERT OR REPLACE INTO note_revisions(id, note_id, revision_no, data, saved_by, "
            "saved_at) SELECT id, note_id, revision_no, json_set(data, '$.subject', 'EVIL'), "
            "saved_by, saved_at FROM note_revisions WHERE id = ?",
            (revision,),
        ),
        # Replacing the frozen revision by its id from a row that names a draft note.
        (
            "INSERT OR REPLACE INTO note_revisions(id, note_id, revision_no, data, saved_by, "
            "saved_at) SELECT ?, ?, 9, data, saved_by, saved_at FROM note_revisions WHERE id = ?",
            (revision, draft_id, revision),
        ),
        # A second revision of a frozen note.
        (
            "INSERT INTO note_revisions(note_id, revision_no, data, saved_at) "
            "VALUES (?, 2, '{}', '2023-11-29 04:00:00')",
            (note_id,),
        ),
        (
            "INSERT OR REPLACE INTO notes SELECT * FROM notes WHERE id = ?",
            (note_id,),
        ),
    ):
        assert "approved note" in refused(register_url, statement, *params), statement
    execute(
        register_url, "UPDATE notes SET subject = 'EVIL' WHERE id = ?", draft_id
    )  # a draft stays open
    execute(
        register_url, "INSERT OR REPLACE INTO note_texts VALUES (?, 'en', 'new')", draft_revision
    )
    record = workflow.register.load(note_id)
    assert record.status == status and record.note.subject.startswith("Draft Action Plan")
    assert one(
        register_url,
        "SELECT text FROM note_texts WHERE revision_id = ? AND language = 'en'",
        revision,
    ) == (before,)


@pytest.mark.sqlite_only  # INSERT OR REPLACE is SQLite's
def test_a_frozen_plan_cannot_be_replaced(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    # The plans and plan_rows tables (the app keeps plans in the revision's data) get a row
    # by hand while the note is a draft; once it is approved they are frozen too.
    note_id = note_in(workflow, people, NoteStatus.DRAFT)
    (revision,) = one(register_url, "SELECT id FROM note_revisions WHERE note_id = ?", note_id)
    execute(register_url, "INSERT INTO plans(id, revision_id, position, title, data) "
            "VALUES (77, ?, 1, 'Plan', '{}')", revision)  # fmt: skip
    execute(register_url, "INSERT INTO plan_rows VALUES (77, 1, 'item', 0, '1.', '[]')")
    workflow.submit(people["dora"], note_id)
    workflow.approve(people["anna"], note_id)
    draft_id = note_in(workflow, people, NoteStatus.DRAFT)
    (draft_revision,) = one(
        register_url, "SELECT id FROM note_revisions WHERE note_id = ?", draft_id
    )
    for statement, params in (
        (
            "INSERT OR REPLACE INTO plans SELECT id, ?, position, 'EVIL', data FROM plans "
            "WHERE id = 77",
            (draft_revision,),
        ),
        (
            "INSERT OR REPLACE INTO plan_rows SELECT plan_id, position, kind, level, 'EVIL', cells "
            "FROM plan_rows WHERE plan_id = 77",
            (),
        ),
    ):
        assert "approved note" in refused(register_url, statement, *params), statement
    assert one(register_url, "SELECT title FROM plans WHERE id = 77") == ("Plan",)
    assert one(register_url, "SELECT numbering FROM plan_rows WHERE plan_id = 77") == ("1.",)


def test_the_audit_log_status_history_documents_and_objections_refuse_replace(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    workflow.record_objection(
        people["greg"], note_id, party="Mongolia", received_on=dt.date(2023, 12, 1),
        today=dt.date(2023, 12, 1),
    )  # fmt: skip
    before = audit.count_entries(workflow.register)
    sqlite = not RawDatabase(register_url).postgresql
    for table, rule in (
        ("audit_log", "append-only"),
        ("status_history", "append-only"),
        ("issued_documents", "never changes"),
        ("objections", "never changes"),
    ):
        if sqlite:  # INSERT OR REPLACE is SQLite's
            assert rule in refused(register_url, f"INSERT OR REPLACE INTO {table} SELECT * "
                                   f"FROM {table} WHERE id = 1")  # fmt: skip
        assert rule in refused(register_url, f"DELETE FROM {table}")
        assert rule in refused(register_url, f"UPDATE {table} SET id = id WHERE id = 1")
    if sqlite:
        # The audit log's other unique key, the hash: a new id with an existing hash.
        assert "append-only" in refused(
            register_url,
            "INSERT OR REPLACE INTO audit_log SELECT id + 1000, at, user_login, action, note_id, "
            "'{}', prev_hash, hash, mac_key, mac FROM audit_log WHERE id = 2",
        )
        assert "never changes" in refused(
            register_url,
            "INSERT OR REPLACE INTO issued_documents(note_id, revision_id, file_name, language, "
            "sha256, size, content, issued_at) SELECT note_id, revision_id, file_name, language, "
            "sha256, 4, x'45564c21', issued_at FROM issued_documents WHERE id = 1",
        )
    assert audit.count_entries(workflow.register) == before
    assert audit.verify_chain(workflow.register) == []
    assert workflow.register.verify().ok


@pytest.mark.parametrize(
    ("status", "forged"),
    [
        ("withdrawn", "approved"),
        ("withdrawn", "issued"),
        ("dispatched", "issued"),
        ("dispatched", "approved"),
        ("issued", "approved"),
        ("issued", "withdrawn"),
        ("approved", "dispatched"),
        ("approved", "submitted"),
    ],
)
def test_a_frozen_note_s_status_moves_only_by_a_transition(
    status: str,
    forged: str,
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
) -> None:
    if status == "withdrawn":
        note_id = note_in(workflow, people, NoteStatus.APPROVED)
        workflow.withdraw(people["anna"], note_id, "superseded")
    else:
        note_id = note_in(workflow, people, status)
    message = refused(register_url, "UPDATE notes SET status = ? WHERE id = ?", forged, note_id)
    assert "moves on only by the workflow" in message
    assert workflow.register.load(note_id).status == status


def test_the_workflow_s_own_moves_from_frozen_states_pass_the_trigger(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    """Each transition out of a frozen state in the domain's table, made with plain sqlite3."""
    moves = [(old, new) for (old, _a), new in TRANSITIONS.items() if old in FROZEN_STATES]
    assert len(moves) == 3
    for old, new in moves:
        note_id = note_in(workflow, people, old)
        execute(register_url, "UPDATE notes SET status = ? WHERE id = ?", new.value, note_id)
        assert one(register_url, "SELECT status FROM notes WHERE id = ?", note_id) == (new.value,)


def test_a_withdrawn_note_brought_back_by_hand_is_neither_issued_nor_missed_by_verify(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    note_id = note_in(workflow, people, NoteStatus.APPROVED)
    workflow.withdraw(people["anna"], note_id, "superseded")
    assert "moves on only" in refused(
        register_url, "UPDATE notes SET status = 'approved' WHERE id = ?", note_id
    )
    # With the trigger dropped, `verify` still sees the status the audit log never recorded.
    RawDatabase(register_url).drop_trigger("notes_frozen_status", "notes")
    execute(register_url, "UPDATE notes SET status = 'approved' WHERE id = ?", note_id)
    code, out = run(capsys, register_url, "verify")
    assert code == 1
    assert f"note {note_id} is approved, but the audit log's last transition" in out
    assert "left it withdrawn" in out


def test_verify_is_quiet_about_statuses_the_audit_log_explains(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for status in ("draft", "returned", "dispatched"):
        note_in(workflow, people, status)
    code, out = run(capsys, register_url, "verify")
    assert code == 0, out
