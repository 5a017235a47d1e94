"""A drafter opening a colleague's draft reads it: the editor is read only until the colleague
shares it (issue 12, point 2)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
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


def test_a_save_over_a_colleague_s_later_save_is_refused_and_the_text_kept(
    qtbot: QtBot, office: Register, people: People
) -> None:
    """Issue 13, point 4: two officers on the same draft; the second save is refused, saying
    who changed it and when, and the window keeps what its officer typed."""
    workflow = WorkflowService(office)
    colleague = add_user(office, "timur", PASSWORD, ["drafter"], "Timur Colleague", by=people.admin)
    note_id = workflow.save_draft(people.drafter, free_note("Aigerim's draft"))
    share_note(office, people.drafter, note_id, "timur")
    window = NoteWindow(office, workflow, people.drafter, note_id)
    qtbot.addWidget(window)
    window.show()
    # Timur, at his workstation, opened it too and saves first.
    opened = office.load(note_id).version
    workflow.save_draft(colleague, free_note("Timur's version"), note_id, opened_version=opened)
    subject = window.findChild(QLineEdit, "note_subject")
    assert subject is not None
    subject.setText("Aigerim's new subject")
    window.save_action.trigger()  # Ctrl+S
    qtbot.waitUntil(lambda: "since you opened it" in window.status_label.text(), timeout=5000)
    said = window.status_label.text()
    assert "Not saved" in said and "changed by Timur Colleague at " in said
    assert subject.text() == "Aigerim's new subject"  # kept, not overwritten
    assert office.load(note_id).note.subject == "Timur's version"  # nor saved over his
    window.dirty = False  # the test leaves the window without the closing question
    window.close()
