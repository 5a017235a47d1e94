"""A drafter opening a colleague's draft reads it: the editor is read only until the colleague
shares it (issue 12, point 2)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.gui.note_window import NoteWindow
from app.services.register import Register
from app.services.sharing import share_note
from app.services.users import add_user
from app.services.workflow import WorkflowService
from tests.gui.conftest import PASSWORD, People
from tests.gui.test_workflow_gui import free_note


def test_a_colleague_s_draft_opens_read_only_until_it_is_shared(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    colleague = add_user(office, "timur", PASSWORD, ["drafter"], "Timur", by=people.admin)
    note_id = workflow.save_draft(people.drafter, free_note("Aigerim's draft"))
    window = NoteWindow(office, workflow, colleague, note_id)
    qtbot.addWidget(window)
    assert not window.editable
    assert not window.save_action.isEnabled()
    share_note(office, people.drafter, note_id, "timur")
    window.reload_status()
    assert window.editable and window.save_action.isEnabled()
