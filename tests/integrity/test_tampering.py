"""Issue 12, points 8-10: tampering behind the application's back is refused by triggers or
found by `verbale verify`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.workflow.conftest import note_in


def execute(path: Path, statement: str, *params: object) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(statement, params)
        connection.commit()
    finally:
        connection.close()


def refused(path: Path, statement: str, *params: object) -> str:
    """The message of the trigger that refuses `statement` (run with plain sqlite3)."""
    with pytest.raises(sqlite3.IntegrityError) as error:
        execute(path, statement, *params)
    return str(error.value)


def test_plain_sql_moves_no_status_outside_the_workflow_and_changes_no_one_s_roles(
    workflow: WorkflowService, people: dict[str, UserInfo], db_path: Path
) -> None:
    draft = note_in(workflow, people, NoteStatus.DRAFT)
    submitted = note_in(workflow, people, NoteStatus.SUBMITTED)
    for note_id, forged in (
        (draft, "issued"),
        (draft, "approved"),
        (submitted, "dispatched"),
        (submitted, "issued"),
        (submitted, "draft"),
    ):
        message = refused(db_path, "UPDATE notes SET status = ? WHERE id = ?", forged, note_id)
        assert "moves only by a transition of the workflow" in message, forged
    for statement in (
        "UPDATE users SET roles = 'drafter approver administrator' WHERE login = 'dora'",
        "UPDATE users SET login = 'dora2' WHERE login = 'dora'",
    ):
        assert "never change" in refused(db_path, statement), statement
    assert "never deleted" in refused(db_path, "DELETE FROM users WHERE login = 'greg'")
    assert "never replaced" in refused(
        db_path, "INSERT OR REPLACE INTO users SELECT * FROM users WHERE login = 'anna'"
    )
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT login, roles FROM users ORDER BY id").fetchall()
    assert ("dora", "drafter") in rows and ("greg", "registrar") in rows
