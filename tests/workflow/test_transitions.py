"""Every action in every state for every role, through the service on a real SQLite file:
allowed ones move the stored status and leave a history row and an audit entry; refused ones
change nothing and leave a "failed attempt" entry with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.workflow import ROLES_FOR, TRANSITIONS, Action, NoteStatus, Role
from app.services.users import UserInfo
from app.services.workflow import WorkflowRefused, WorkflowService
from tests.raw_sql import connected
from tests.workflow.conftest import ROLE_USER, audit_rows, note_in, stored_status, the_note

COMMENT = "the dates in paragraph 2 need checking"


def take(workflow: WorkflowService, user: UserInfo, note_id: int, action: Action) -> object:
    if action is Action.SUBMIT:
        return workflow.submit(user, note_id)
    if action is Action.APPROVE:
        return workflow.approve(user, note_id, COMMENT)
    if action is Action.RETURN_FOR_REVISION:
        return workflow.return_for_revision(user, note_id, COMMENT)
    if action is Action.REVISE:
        return workflow.revise(user, note_id)
    if action is Action.ISSUE:
        return workflow.issue(user, note_id)
    if action is Action.DISPATCH:
        return workflow.dispatch(user, note_id, COMMENT)
    return workflow.withdraw(user, note_id, COMMENT)


def history_rows(path: Path | str, note_id: int) -> list[tuple[str | None, str, str, str]]:
    with connected(path) as connection:
        return connection.execute(
            "SELECT h.from_status, h.to_status, u.login, h.comment FROM status_history h "
            "LEFT JOIN users u ON u.id = h.user_id WHERE h.note_id = ? ORDER BY h.id",
            (note_id,),
        ).fetchall()


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("status", list(NoteStatus), ids=lambda status: status.value)
def test_every_action_for_every_role(
    status: NoteStatus,
    role: Role,
    workflow: WorkflowService,
    people: dict[str, UserInfo],
    register_url: str,
) -> None:
    user = people[ROLE_USER[role]]
    refused_note = note_in(workflow, people, status)
    for action in Action:
        allowed = (status, action) in TRANSITIONS and role in ROLES_FOR[action]
        if allowed:
            note_id = note_in(workflow, people, status)
            take(workflow, user, note_id, action)
            new = TRANSITIONS[(status, action)]
            assert stored_status(register_url, note_id) == new.value
            last = history_rows(register_url, note_id)[-1]
            assert last[:3] == (status.value, new.value, user.login)
            who, what, detail = audit_rows(register_url, note_id)[-1]
            assert (who, what) == (user.login, action.value)
            assert json.loads(detail)["to"] == new.value
            assert action in workflow.allowed_actions(user, refused_note)
        else:
            before = len(history_rows(register_url, refused_note))
            with pytest.raises(WorkflowRefused) as refusal:
                take(workflow, user, refused_note, action)
            assert refusal.value.reason
            assert stored_status(register_url, refused_note) == status.value
            assert len(history_rows(register_url, refused_note)) == before
            who, what, detail = audit_rows(register_url, refused_note)[-1]
            assert (who, what) == (user.login, "failed attempt")
            assert json.loads(detail) == {"attempted": action.value, "reason": refusal.value.reason}
            assert action not in workflow.allowed_actions(user, refused_note)


def test_the_drafter_cannot_approve_their_own_note(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    ada = people["ada"]  # drafter and approver
    note_id = workflow.save_draft(ada, the_note())
    workflow.submit(ada, note_id)
    with pytest.raises(WorkflowRefused, match="ada drafted this note and cannot approve it"):
        workflow.approve(ada, note_id)
    assert stored_status(register_url, note_id) == "submitted"
    assert Action.APPROVE not in workflow.allowed_actions(ada, note_id)
    workflow.approve(people["anna"], note_id)
    assert stored_status(register_url, note_id) == "approved"


def test_the_last_editor_cannot_approve(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    from app.services.sharing import share_note

    dora, ada = people["dora"], people["ada"]
    note_id = workflow.save_draft(dora, the_note())
    share_note(workflow.register, dora, note_id, "ada")
    workflow.save_draft(ada, the_note(subject="Edited by Ada"), note_id)
    workflow.submit(dora, note_id)
    with pytest.raises(WorkflowRefused, match="ada last edited this note"):
        workflow.approve(ada, note_id)
    assert stored_status(register_url, note_id) == "submitted"
    with connected(register_url) as connection:
        drafted, edited = connection.execute(
            "SELECT d.login, e.login FROM notes n JOIN users d ON d.id = n.created_by "
            "JOIN users e ON e.id = n.last_edited_by WHERE n.id = ?",
            (note_id,),
        ).fetchone()
    assert (drafted, edited) == ("dora", "ada")


def test_approving_twice_is_refused(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.SUBMITTED)
    workflow.approve(people["anna"], note_id)
    with pytest.raises(WorkflowRefused, match="already been approved"):
        workflow.approve(people["anna"], note_id)
    approvals = [row for row in audit_rows(register_url, note_id) if row[1] == "approve"]
    assert len(approvals) == 1


def test_returning_needs_a_comment_and_the_drafter_revises(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.SUBMITTED)
    with pytest.raises(WorkflowRefused, match="comment is required"):
        workflow.return_for_revision(people["anna"], note_id, "  ")
    workflow.return_for_revision(people["anna"], note_id, "Say 'at the latest'.")
    workflow.revise(people["dora"], note_id)
    workflow.save_draft(people["dora"], the_note(subject="Revised"), note_id)
    assert stored_status(register_url, note_id) == "draft"
    lines = [str(entry) for entry in workflow.history(note_id)]
    assert any("anna  return_for_revision  submitted → returned" in line for line in lines)
    assert any("“Say 'at the latest'.”" in line for line in lines)


def test_an_approved_note_refuses_edits_and_a_correction_is_a_new_linked_draft(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    dora = people["dora"]
    note_id = note_in(workflow, people, NoteStatus.ISSUED)
    with pytest.raises(WorkflowRefused, match="no longer changes"):
        workflow.save_draft(dora, the_note(subject="Changed"), note_id)
    correction = workflow.correct(dora, note_id)
    assert correction != note_id
    old = workflow.register.load(note_id)
    new = workflow.register.load(correction)
    assert old.status == "issued" and str(old.note.number) == "№PAR/1453"
    assert old.note.subject == the_note().subject
    assert new.status == "draft" and new.note.number is None
    with connected(register_url) as connection:
        (corrects,) = connection.execute(
            "SELECT corrects_note_id FROM notes WHERE id = ?", (correction,)
        ).fetchone()
    assert corrects == note_id
    workflow.save_draft(dora, the_note(subject="Corrected"), correction)
    assert workflow.register.load(note_id).note.subject == the_note().subject
    with pytest.raises(WorkflowRefused, match="Only an approved, issued or dispatched note"):
        workflow.correct(dora, correction)


def test_only_a_drafter_drafts(workflow: WorkflowService, people: dict[str, UserInfo]) -> None:
    with pytest.raises(WorkflowRefused, match="role drafter"):
        workflow.save_draft(people["anna"], the_note())


def test_a_failed_issue_changes_nothing_and_is_audited(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.APPROVED)
    broken = WorkflowService(workflow.register, renderer=lambda note: {}, holidays=())
    with pytest.raises(WorkflowRefused, match="rendering produced no PDF"):
        broken.issue(people["greg"], note_id)
    assert stored_status(register_url, note_id) == "approved"
    with connected(register_url) as connection:
        assert connection.execute("SELECT count(*) FROM numbers").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM issued_documents").fetchone() == (0,)
    who, action, detail = audit_rows(register_url, note_id)[-1]
    assert (who, action, json.loads(detail)["attempted"]) == ("greg", "failed attempt", "issue")
    result = workflow.issue(people["greg"], note_id)
    assert str(result.number) == "№PAR/1453"
