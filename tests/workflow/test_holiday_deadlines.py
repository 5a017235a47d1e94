"""Deadlines falling in 2027 under the sender's rule: Kazakhstan's holidays from the holidays
library move them, and so do the user's own extra days off and moved working days."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.services.holiday_calendar import HolidayOverrides, write_overrides
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.register.conftest import plain_renderer
from tests.workflow.conftest import NOW, the_note


def _issued_with_deadline(
    workflow: WorkflowService, people: dict[str, UserInfo], deadline: dt.date
) -> int:
    moving = dataclasses.replace(
        the_note().sender, key="cica-moving", deadline_moves_to_working_day=True
    )
    note_id = workflow.save_draft(
        people["dora"], the_note(sender=moving, objection_deadline=deadline)
    )
    workflow.submit(people["dora"], note_id)
    workflow.approve(people["anna"], note_id)
    workflow.issue(people["greg"], note_id)
    return note_id


def test_a_january_2027_deadline_moves_past_kazakhstan_s_new_year_holidays(
    register: Register,
    people: dict[str, UserInfo],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(tmp_path / "config"))
    workflow = WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer)
    # Friday 1 January 2027 is New Year's Day, 2 January (a Saturday) its second day, whose
    # day off is carried over to Monday 4 January: objections are due on Tuesday 5 January.
    note_id = _issued_with_deadline(workflow, people, dt.date(2027, 1, 1))
    (listed,) = workflow.deadlines(10, today=dt.date(2026, 12, 28))
    assert (listed.note_id, listed.effective_deadline) == (note_id, dt.date(2027, 1, 5))
    assert listed.days_left == 8
    assert workflow.settle_outcomes(dt.date(2027, 1, 4)) == []
    assert [info.note_id for info in workflow.settle_outcomes(dt.date(2027, 1, 6))] == [note_id]


def test_the_user_s_days_off_and_moved_working_days_count_too(
    register: Register,
    people: dict[str, UserInfo],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VERBALE_CONFIG_DIR", str(tmp_path / "config"))
    # A decree gives 5 and 6 January 2027 off (7 January is Orthodox Christmas anyway) ...
    write_overrides(
        HolidayOverrides(days_off=frozenset({dt.date(2027, 1, 5), dt.date(2027, 1, 6)}))
    )
    workflow = WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer)
    _issued_with_deadline(workflow, people, dt.date(2027, 1, 1))
    (listed,) = workflow.deadlines(30, today=dt.date(2026, 12, 28))
    assert listed.effective_deadline == dt.date(2027, 1, 8)
    # ... and has Saturday 2 January worked instead: the deadline moves only to that day.
    write_overrides(
        HolidayOverrides(
            days_off=frozenset({dt.date(2027, 1, 5)}), working_days=frozenset({dt.date(2027, 1, 2)})
        )
    )
    workflow = WorkflowService(register, clock=lambda: NOW, renderer=plain_renderer)
    (listed,) = workflow.deadlines(30, today=dt.date(2026, 12, 28))
    assert listed.effective_deadline == dt.date(2027, 1, 2)
