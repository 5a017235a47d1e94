"""Nothing approved changes and the audit log is append-only, even behind the app's back:
SQLite triggers refuse plain sqlite3 edits; `verbale verify` finds an entry edited, removed or
inserted once the triggers are dropped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.domain.workflow import NoteStatus
from app.register import schema
from app.services import audit
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.workflow.conftest import audit_rows, note_in


def execute(path: Path, statement: str, *params: object) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(statement, params)
        connection.commit()
    finally:
        connection.close()


@pytest.mark.parametrize("status", ["approved", "issued", "dispatched"])
def test_plain_sqlite_cannot_change_an_approved_note(
    status: str, workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
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
        with pytest.raises(sqlite3.IntegrityError, match="approved note"):
            execute(db_path, statement, note_id)
    record = workflow.register.load(note_id)
    assert record.status == status
    assert record.note.subject.startswith("Draft Action Plan")
    # What the workflow itself still changes, and a draft's texts, stay open.
    execute(db_path, "UPDATE notes SET outcome = 'adopted' WHERE id = ?", note_id)
    execute(db_path, "UPDATE note_texts SET text = 'x' WHERE revision_id IN "
            "(SELECT id FROM note_revisions WHERE note_id = ?)", draft_id)  # fmt: skip


def test_an_issued_note_keeps_its_number(
    workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    with pytest.raises(sqlite3.IntegrityError, match="keeps its number"):
        execute(db_path, "UPDATE notes SET running = 9999, number_text = 'PAR/9999' WHERE id = ?",
                note_id)  # fmt: skip


def test_the_audit_log_refuses_update_and_delete(
    workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
) -> None:
    note_in(workflow, people, NoteStatus.APPROVED)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        execute(db_path, "DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        execute(db_path, "UPDATE audit_log SET user_login = 'someone' WHERE id = 3")
    assert audit.verify_chain(workflow.register) == []


def run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str]:
    code = main(["--db", f"sqlite:///{path}", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_verify_reports_a_hand_edited_audit_entry(
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    note_id = note_in(workflow, people, NoteStatus.APPROVED)
    code, out = run(capsys, db_path, "verify")
    assert code == 0 and out.strip().endswith("entries: ok")
    (approval,) = [entry.id for entry in workflow.history(note_id) if entry.action == "approve"]
    execute(db_path, "DROP TRIGGER audit_log_no_update")
    execute(db_path, "UPDATE audit_log SET user_login = 'dora' WHERE id = ?", approval)
    code, out = run(capsys, db_path, "verify")
    assert code == 1
    assert f"audit log entry {approval} altered" in out
    assert "approve by dora" in out
    assert "1 problem(s)" in out


def test_verify_reports_removed_and_inserted_entries(
    workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    last = audit.count_entries(workflow.register)
    execute(db_path, "DROP TRIGGER audit_log_no_delete")
    execute(db_path, "DELETE FROM audit_log WHERE id = 4")
    problems = audit.verify_chain(workflow.register)
    assert [(p.entry_id, p.kind) for p in problems] == [(5, "removed")]
    assert "entries 4 before it are missing" in str(problems[0])
    # An entry appended by hand with a made-up link.
    execute(
        db_path,
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
    assert register.schema_revision() == "0002"
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
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note_in(workflow, people, NoteStatus.ISSUED)
    monkeypatch.setenv("VERBALE_USER", "greg")
    target = tmp_path / "register.csv"
    code, _out = run(capsys, db_path, "register", "export", str(target))
    assert code == 0 and "PAR/1453" in target.read_text(encoding="utf-8-sig")
    who, action, detail = audit_rows(db_path)[-1]
    assert (who, action) == ("greg", "export")
    assert json.loads(detail)["file"] == str(target)
