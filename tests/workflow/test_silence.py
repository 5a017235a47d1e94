"""The silence procedure: deadlines listed with days left, objections recorded, outcomes set
after the deadline; weekends and configured holidays move a deadline only when the sender's
profile says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.domain.workflow import NoteStatus
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowRefused, WorkflowService, load_holidays
from tests.raw_sql import connected
from tests.register.conftest import plain_renderer
from tests.workflow.conftest import NOW, note_in, the_note


def stored_outcome(path: Path | str, note_id: int) -> str | None:
    with connected(path) as connection:
        (outcome,) = connection.execute(
            "SELECT outcome FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
    return outcome


def test_deadline_tracked_and_adopted_after_it_without_objections(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.DISPATCHED)
    (listed,) = workflow.deadlines(30, today=dt.date(2023, 12, 1))
    assert (listed.number, listed.deadline, listed.days_left) == (
        "PAR/1453",
        dt.date(2023, 12, 29),
        28,
    )
    assert listed.objections == 0 and listed.outcome is None
    assert workflow.deadlines(7, today=dt.date(2023, 12, 1)) == []
    assert workflow.settle_outcomes(dt.date(2023, 12, 29)) == []  # objections due that day
    assert stored_outcome(register_url, note_id) is None
    (settled,) = workflow.settle_outcomes(dt.date(2023, 12, 30))
    assert (settled.note_id, settled.outcome) == (note_id, "adopted")
    assert stored_outcome(register_url, note_id) == "adopted"
    assert workflow.deadlines(30, today=dt.date(2023, 12, 30)) == []
    assert workflow.settle_outcomes(dt.date(2024, 1, 5)) == []


def test_a_timely_objection_breaks_the_silence_at_once_a_late_one_does_not(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    greg = people["greg"]
    broken = note_in(workflow, people, NoteStatus.ISSUED)
    adopted = note_in(workflow, people, NoteStatus.ISSUED)
    objection = workflow.record_objection(
        greg,
        broken,
        party="Republic of Kazakhstan",
        received_on=dt.date(2023, 12, 20),
        reference="No. 12-3/4567",
        text="Proposes amendments to item 5.",
        today=dt.date(2023, 12, 20),
    )
    assert objection.timely
    assert stored_outcome(register_url, broken) == "silence_broken"
    late = workflow.record_objection(
        greg,
        adopted,
        party="Mongolia",
        received_on=dt.date(2023, 12, 30),
        reference="N 7",
        today=dt.date(2023, 12, 30),
    )
    assert not late.timely
    (settled,) = workflow.settle_outcomes(dt.date(2023, 12, 30))
    assert (settled.note_id, settled.outcome, settled.objections) == (adopted, "adopted", 0)
    assert stored_outcome(register_url, broken) == "silence_broken"
    assert [(o.party, o.reference) for o in workflow.objections(broken)] == [
        ("Republic of Kazakhstan", "No. 12-3/4567")
    ]
    with connected(register_url) as connection:
        rows = connection.execute(
            "SELECT o.party, o.received_on, u.login FROM objections o "
            "JOIN users u ON u.id = o.recorded_by ORDER BY o.id"
        ).fetchall()
    assert [(party, str(day), login) for party, day, login in rows] == [
        ("Republic of Kazakhstan", "2023-12-20", "greg"),
        ("Mongolia", "2023-12-30", "greg"),
    ]


def test_objections_are_refused_for_drafts_and_for_administrators(
    workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    draft = note_in(workflow, people, NoteStatus.DRAFT)
    with pytest.raises(WorkflowRefused, match="once it has been issued"):
        workflow.record_objection(
            people["greg"], draft, party="Mongolia", received_on=dt.date(2023, 12, 2)
        )
    issued = note_in(workflow, people, NoteStatus.ISSUED)
    with pytest.raises(WorkflowRefused, match="admin is none of them"):
        workflow.record_objection(
            people["admin"], issued, party="Mongolia", received_on=dt.date(2023, 12, 2)
        )


def test_weekends_and_holidays_move_a_deadline_only_if_the_sender_says_so(
    register: Register, people: dict[str, UserInfo], register_url: str
) -> None:
    holidays = load_holidays()  # Kazakhstan's public holidays and the user's overrides
    assert dt.date(2024, 1, 1) in holidays and dt.date(2024, 1, 2) in holidays
    workflow = WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer)
    saturday = dt.date(2023, 12, 30)
    moving = dataclasses.replace(
        the_note().sender, key="cica-moving", deadline_moves_to_working_day=True
    )
    ids = {}
    for name, sender in (("fixed", the_note().sender), ("moving", moving)):
        note = the_note(sender=sender, objection_deadline=saturday, subject=name)
        note_id = workflow.save_draft(people["dora"], note)
        workflow.submit(people["dora"], note_id)
        workflow.approve(people["anna"], note_id)
        workflow.issue(people["greg"], note_id)
        ids[name] = note_id
    listed = {info.subject: info for info in workflow.deadlines(10, today=dt.date(2023, 12, 28))}
    assert listed["fixed"].effective_deadline == saturday
    # Saturday, Sunday, then New Year's Day and 2 January are holidays: Wednesday 3 January.
    assert listed["moving"].effective_deadline == dt.date(2024, 1, 3)
    assert listed["moving"].deadline == saturday and listed["moving"].days_left == 6
    settled = workflow.settle_outcomes(dt.date(2024, 1, 2))
    assert [(info.note_id, info.outcome) for info in settled] == [(ids["fixed"], "adopted")]
    objection = workflow.record_objection(
        people["greg"],
        ids["moving"],
        party="Mongolia",
        received_on=dt.date(2024, 1, 3),
        today=dt.date(2024, 1, 3),
    )
    assert objection.timely
    assert stored_outcome(register_url, ids["moving"]) == "silence_broken"


def test_an_issued_note_s_deadline_follows_its_own_sender_profile_not_a_later_draft(
    workflow: WorkflowService, people: dict[str, UserInfo]
) -> None:
    saturday = dt.date(2023, 12, 30)
    fixed = the_note(objection_deadline=saturday, subject="issued")
    note_id = workflow.save_draft(people["dora"], fixed)
    workflow.submit(people["dora"], note_id)
    workflow.approve(people["anna"], note_id)
    workflow.issue(people["greg"], note_id)
    # A later draft from the same sender key saves a profile that moves deadlines; the
    # directory's profile is overwritten, the issued note's own revision is not.
    moving = dataclasses.replace(fixed.sender, deadline_moves_to_working_day=True)
    workflow.save_draft(people["dora"], the_note(sender=moving, subject="later"))
    (listed,) = workflow.deadlines(10, today=dt.date(2023, 12, 28))
    assert (listed.subject, listed.effective_deadline) == ("issued", saturday)
    assert [info.note_id for info in workflow.settle_outcomes(dt.date(2023, 12, 31))] == [note_id]
    late = workflow.record_objection(
        people["greg"], note_id, party="Mongolia", received_on=dt.date(2024, 1, 2),
        today=dt.date(2024, 1, 2),
    )  # fmt: skip
    assert not late.timely
    assert workflow.register.load(note_id).note.sender.deadline_moves_to_working_day is False


def test_an_objection_dated_after_today_or_before_the_issue_is_refused(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    note_id = note_in(workflow, people, NoteStatus.ISSUED)  # issued on 29 November 2023
    greg = people["greg"]
    with pytest.raises(WorkflowRefused) as future:
        workflow.record_objection(
            greg, note_id, party="Mongolia", received_on=dt.date(2023, 12, 5),
            today=dt.date(2023, 12, 4),
        )  # fmt: skip
    assert str(future.value) == (
        "The objection is dated 5 December 2023, after today (4 December 2023): an objection is "
        "recorded once it has been received."
    )
    with pytest.raises(WorkflowRefused) as early:
        workflow.record_objection(
            greg, note_id, party="Mongolia", received_on=dt.date(2023, 11, 28),
            today=dt.date(2023, 12, 4),
        )  # fmt: skip
    assert str(early.value) == (
        "The objection is dated 28 November 2023, before note PAR/1453 was issued "
        "(29 November 2023): check the date."
    )
    assert workflow.objections(note_id) == []
    assert stored_outcome(register_url, note_id) is None
    # The service's own day (its clock: 29 November) is the default "today".
    with pytest.raises(WorkflowRefused, match="after today \\(29 November 2023\\)"):
        workflow.record_objection(greg, note_id, party="Mongolia", received_on=dt.date(2023, 12, 1))
    assert workflow.record_objection(
        greg, note_id, party="Mongolia", received_on=dt.date(2023, 11, 29)
    ).timely
