"""Submission runs the parallel-text consistency check: a Russian `30 декабря` beside an
English `29 December` is refused with both places named, until overridden with a comment."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from app.domain.note import Note
from app.services.demo import CICA, MEMBER_STATES
from app.services.users import UserInfo
from app.services.workflow import ConsistencyRefused, WorkflowRefused, WorkflowService
from tests.workflow.conftest import audit_rows, stored_status


def meeting_note(ru_day: str) -> Note:
    return Note(
        note_type="free_text",
        languages=("en", "ru", "kk"),
        sender=CICA,
        addressee=MEMBER_STATES,
        date=dt.date(2023, 11, 29),
        series="PAR",
        subject="Meeting of experts",
        body={
            "en": ("The meeting of experts takes place on 29 December 2023 in Astana.",),
            "ru": (f"Совещание экспертов состоится {ru_day} 2023 года в Астане.",),
            "kk": ("Сарапшылар кеңесі 2023 жылғы 29 желтоқсанда Астанада өтеді.",),
        },
    )


def test_disagreeing_dates_are_refused_naming_both_places(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    dora = people["dora"]
    note_id = workflow.save_draft(dora, meeting_note("30 декабря"))
    with pytest.raises(ConsistencyRefused) as refusal:
        workflow.submit(dora, note_id)
    message = str(refusal.value)
    assert "English, Text of the note, paragraph 1 says “29 December 2023”" in message
    assert "Русский, Text of the note, paragraph 1 says “30 декабря 2023”" in message
    (discrepancy,) = refusal.value.discrepancies
    assert {(place.language, place.text) for place in discrepancy.places} >= {
        ("en", "29 December 2023"),
        ("ru", "30 декабря 2023"),
    }
    assert stored_status(register_url, note_id) == "draft"
    who, action, detail = audit_rows(register_url, note_id)[-1]
    assert (who, action) == ("dora", "failed attempt")
    assert json.loads(detail)["discrepancies"] == [str(discrepancy)]


def test_an_override_with_a_comment_submits_and_is_audited(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    dora = people["dora"]
    note_id = workflow.save_draft(dora, meeting_note("30 декабря"))
    # A blank override says a comment is needed; it does not list the disagreements again.
    with pytest.raises(WorkflowRefused) as blank:
        workflow.submit(dora, note_id, override_comment="   ")
    assert not isinstance(blank.value, ConsistencyRefused)
    assert "needs a comment" in blank.value.reason and "30 декабря" not in blank.value.reason
    assert stored_status(register_url, note_id) == "draft"
    why = "The Russian date follows the host country's notice"
    workflow.submit(dora, note_id, override_comment=why)
    assert stored_status(register_url, note_id) == "submitted"
    actions = [
        (action, json.loads(detail)) for _, action, detail in audit_rows(register_url, note_id)
    ]
    overridden = [detail for action, detail in actions if action == "consistency overridden"]
    assert overridden and overridden[0]["comment"] == why
    assert "30 декабря 2023" in overridden[0]["discrepancies"][0]
    assert actions[-1][0] == "submit"


def test_agreeing_versions_submit_and_an_incomplete_note_is_refused(
    workflow: WorkflowService, people: dict[str, UserInfo], register_url: str
) -> None:
    dora = people["dora"]
    note_id = workflow.save_draft(dora, meeting_note("29 декабря"))
    workflow.submit(dora, note_id)
    assert stored_status(register_url, note_id) == "submitted"
    incomplete = workflow.save_draft(dora, dataclasses.replace(meeting_note("29 декабря"), body={}))
    with pytest.raises(WorkflowRefused, match="not complete"):
        workflow.submit(dora, incomplete)
    assert stored_status(register_url, incomplete) == "draft"
