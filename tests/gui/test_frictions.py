"""Small frictions (issue 17, point 8, and the layout complaints of point 3): autosaves
collapsed in History, an unsaved draft announced at start, the addressee in the interface
language, a new note's series the one last used (or the busiest), not the first by name."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from app.gui.history_dialog import HistoryDialog
from app.gui.note_window import NoteWindow
from app.gui.register_model import COL_ADDRESSEE
from app.gui.register_window import MainWindow
from app.i18n.messages import set_ui_language
from app.services import drafting
from app.services.demo import reference_note
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People, save_and_wait


def test_autosaves_are_one_entry_in_history(qtbot: QtBot, office: Register, people: People) -> None:
    workflow = WorkflowService(office)
    note = reference_note()
    note_id = workflow.save_draft(people.drafter, note)
    for word in ("one", "two", "three"):
        workflow.save_draft(
            people.drafter, replace(note, subject=f"{note.subject} {word}"), note_id
        )
    workflow.submit(people.drafter, note_id)
    dialog = HistoryDialog(workflow, note_id)
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    saves = [row for row in rows if row[2].startswith("draft saved")]
    assert len(saves) == 1, rows
    assert re.fullmatch(r"draft saved ×4, last \d\d:\d\d", saves[0][2])
    assert any(row[2].startswith("submitted") for row in rows)
    run = dialog.entries.topLevelItem([row[2] for row in rows].index(saves[0][2]))
    assert run.childCount() == 4
    assert {run.child(i).text(2) for i in range(4)} == {"draft saved"}


def test_an_unsaved_draft_is_announced_at_start(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note = reference_note()
    note_id = workflow.save_draft(people.drafter, note)
    typed = replace(note, subject="Typed before the power cut")
    drafting.write_recovery(drafting.recovery_path(note_id, "x"), typed, note_id)
    window = MainWindow(office, workflow, people.drafter)
    qtbot.addWidget(window)
    window.show()
    notice = window.frame.recovery
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    assert notice.findChild(QLabel, "recovery_notice_text").text() == (
        "Text typed in 1 note was not saved (the application closed unexpectedly)."
    )
    notice.findChild(QPushButton, "recovery_notice_open").click()
    opened = window.notes.find(note_id)
    assert isinstance(opened, NoteWindow)
    assert opened.findChild(QFrame, "recovery_banner").isVisible()
    opened.restore_recovery()
    assert opened.findChild(QLineEdit, "note_subject").text() == "Typed before the power cut"
    assert not notice.isVisible()


def test_the_addressee_is_shown_in_the_interface_language(
    qtbot: QtBot, office: Register, people: People
) -> None:
    WorkflowService(office).save_draft(people.drafter, reference_note())
    for language, expected in (
        ("en", "the CICA Member States"),
        ("ru", "государства-члены СВМДА"),
        ("kk", "Азия Кеңесіне мүше мемлекеттер"),
    ):
        set_ui_language(language)
        window = MainWindow(office, WorkflowService(office), people.drafter)
        qtbot.addWidget(window)
        window.show()
        # Named from the directory once the first rows are on the screen.
        cell = window.model.index(0, COL_ADDRESSEE)
        qtbot.waitUntil(lambda cell=cell, expected=expected: cell.data() == expected)
        browser = window.findChild(QTextBrowser, "note_details")
        shown = browser.toPlainText
        qtbot.waitUntil(lambda shown=shown, expected=expected: expected in shown(), timeout=5000)
        details = browser.toPlainText()
        if language == "ru":
            # The document's title as the note gives it in Russian, under the English subject.
            assert "\nПлана мероприятий по реализации" in details
        window.close()


def test_a_new_note_starts_in_the_last_series_used(
    qtbot: QtBot, office: Register, people: People
) -> None:
    office.ensure_series("DIR", title="Directives")
    workflow = WorkflowService(office)
    # PAR goes on at 1453, DIR starts at 1: a new note is a PAR one, not DIR for coming first
    # by name.
    assert drafting.default_series(office) == "PAR"
    first = NoteWindow(office, workflow, people.drafter)
    qtbot.addWidget(first)
    assert first.findChild(QLineEdit, "note_series").text() == "PAR"
    workflow_note = replace(reference_note(), series="DIR")
    first.editor.load(workflow_note, None)
    assert save_and_wait(qtbot, first)
    second = NoteWindow(office, workflow, people.drafter)
    qtbot.addWidget(second)
    assert second.findChild(QLineEdit, "note_series").text() == "DIR"


def test_the_preview_opens_in_the_interface_language(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, reference_note())
    set_ui_language("kk")
    window = NoteWindow(office, workflow, people.drafter, note_id)
    qtbot.addWidget(window)
    assert window.preview.language == "kk"
    set_ui_language("en")
    english = NoteWindow(office, workflow, people.drafter, note_id)
    qtbot.addWidget(english)
    assert english.preview.language == "en"


def test_a_saved_note_is_titled_a_draft_not_a_new_note(
    qtbot: QtBot, office: Register, people: People
) -> None:
    window = NoteWindow(office, WorkflowService(office), people.drafter)
    qtbot.addWidget(window)
    window.editor.load(reference_note(), None)
    window._edited()
    assert window.windowTitle().startswith("*new note — ")
    assert save_and_wait(qtbot, window)
    assert (
        window.windowTitle()
        == "draft — Draft Action Plan CICA-SCO under silence procedure — Verbale"
    )


def test_a_notes_first_history_entry_reads_created(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    workflow.submit(people.drafter, workflow.save_draft(people.drafter, reference_note()))
    for language, created, submitted in (
        ("en", "created: draft", "draft → submitted"),
        ("ru", "создана: проект", "проект → "),
        ("kk", "жасалды: жоба", "жоба → "),
    ):
        set_ui_language(language)
        try:
            window = MainWindow(office, workflow, people.drafter)
            qtbot.addWidget(window)
            window.show()
            details = window.findChild(QTextBrowser, "note_details")
            qtbot.waitUntil(
                lambda details=details, created=created: created in details.toPlainText()
            )
            shown = details.toPlainText()
            assert submitted in shown
            assert "— →" not in shown
            window.close()
        finally:
            set_ui_language("en")


def test_a_new_note_with_only_a_date_leaves_no_draft(
    qtbot: QtBot, office: Register, people: People
) -> None:
    window = NoteWindow(office, WorkflowService(office), people.drafter)
    qtbot.addWidget(window)
    window.show()
    date = window.findChild(QLineEdit, "note_date")
    assert date is not None
    date.setText("30.11.2023")
    date.editingFinished.emit()  # as leaving the field does
    assert window.dirty and not window.autosave_timer.isActive()
    window.close()
    assert not window.isVisible()
    assert office.count() == 0  # nothing in My drafts
    # Once it has words it is a draft like any other, kept as it is typed.
    window = NoteWindow(office, WorkflowService(office), people.drafter)
    qtbot.addWidget(window)
    window.show()
    subject = window.findChild(QLineEdit, "note_subject")
    assert subject is not None
    qtbot.keyClicks(subject, "Consultations")
    assert window.autosave_timer.isActive()
    window.close()
    qtbot.waitUntil(lambda: office.count() == 1, timeout=10_000)
