"""Issue 13, point 4: two officers saving the same draft; the second save, made from the
version both opened, is refused with who changed it and when, never silently saved over."""

from __future__ import annotations

import dataclasses

import pytest

from app.services.register import Register
from app.services.register_notes import DraftChanged
from app.services.sharing import share_note
from app.services.users import UserInfo
from app.services.workflow import WorkflowService
from tests.workflow.conftest import note_in


def test_a_second_save_from_the_same_version_is_refused(
    workflow: WorkflowService, people: dict[str, UserInfo], register: Register
) -> None:
    dora, ada = people["dora"], people["ada"]
    note_id = note_in(workflow, people, "draft")
    share_note(register, dora, note_id, "ada")
    opened = register.load(note_id)  # both officers open version 1
    assert opened.version == 1
    note = opened.note
    workflow.save_draft(ada, dataclasses.replace(note, subject="Ada's"), note_id,
                        opened_version=opened.version)  # fmt: skip
    said = r"changed by Ada at \d\d\.\d\d\.\d{4} .* since you opened"
    with pytest.raises(DraftChanged, match=said):
        workflow.save_draft(dora, dataclasses.replace(note, subject="Dora's"), note_id,
                            opened_version=opened.version)  # fmt: skip
    stored = register.load(note_id)
    assert (stored.note.subject, stored.version) == ("Ada's", 2)
    # Saving from the version now held goes through, and makes the next one.
    workflow.save_draft(dora, dataclasses.replace(note, subject="Dora's"), note_id,
                        opened_version=stored.version)  # fmt: skip
    assert register.load(note_id).version == 3
