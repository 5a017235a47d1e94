"""Esc or Cancel never throws typed work away without asking: the plan dialog and the
objections form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.gui.objections_dialog import ObjectionsDialog
from app.gui.plan import PlanEditorDialog
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People, answer_modal
from .test_objections_dialog import silence_note


def press(button_text: str) -> None:
    """Answer the next "Close without keeping?" question with the button named."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox) and dialog.objectName() == "confirm_discard"
        (button,) = [b for b in dialog.buttons() if b.text() == button_text]
        button.click()

    answer_modal(handle)


def test_the_plan_dialog_asks_before_losing_pasted_rows(qtbot: QtBot) -> None:
    dialog = PlanEditorDialog(None, ("en", "ru"))
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.clipboard().setText("No.\tEvents\n1.\tTalks\n2.\tVisits\n")
    dialog.plan_editor.paste_from_clipboard()
    press("Keep editing")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(dialog.plan_editor.draft().rows) == 2
    press("Close and lose it")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == PlanEditorDialog.DialogCode.Rejected


def test_an_untouched_plan_dialog_closes_at_once(qtbot: QtBot) -> None:
    dialog = PlanEditorDialog(None, ("en", "ru"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # no question: nothing to lose
    assert not dialog.isVisible()


def test_the_objections_form_asks_before_losing_an_objection_typed(
    qtbot: QtBot, office: Register, people: People
) -> None:
    today = dt.date(2023, 12, 5)
    workflow = WorkflowService(office, clock=lambda: dt.datetime.combine(today, dt.time(9)))
    note_id = workflow.save_draft(people.drafter, silence_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.registrar, note_id)
    dialog = ObjectionsDialog(office, workflow, people.registrar, note_id, today=lambda: today)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.party.setText("Republic of Example")
    dialog.text.setPlainText("We object to paragraph 3.")
    press("Keep editing")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.text.toPlainText() == "We object to paragraph 3."
    press("Close and lose it")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
