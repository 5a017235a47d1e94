# ruff: noqa: F811 (the note editor tests' fixtures, imported, are the tests' arguments)
"""The note window says where the note stands (a banner), asks Save / Discard / Cancel when
closed with unsaved typing, and before Submit offers to go to the first problem."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.workflow import Action
from app.gui.note_closing import ASK_KEY
from app.i18n.messages import set_ui_language

from .conftest import answer_modal, save_and_wait
from .test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    office_file,
    open_window,
    reference_note,
    register,
)


def press(name: str, seen: list[str] | None = None) -> None:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        if seen is not None:
            seen.append(dialog.text())
        button = dialog.findChild(QPushButton, name)
        assert button is not None, f"no {name} in {dialog.objectName()}"
        button.click()

    answer_modal(handle)


def typed_window(qtbot: QtBot, desk: Desk, ask: bool = True):  # type: ignore[no-untyped-def]
    if ask:
        QSettings().setValue(ASK_KEY, True)
    window = open_window(qtbot, desk)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    subject = window.findChild(QLineEdit, "note_subject")
    qtbot.keyClicks(subject, "Kept or not")
    assert window.dirty
    return window, subject


def test_closing_with_unsaved_typing_asks_save_discard_cancel(qtbot: QtBot, desk: Desk) -> None:
    window, subject = typed_window(qtbot, desk)
    seen: list[str] = []
    press("closing_cancel", seen)
    qtbot.keyClick(subject, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["Save the changes to “Kept or not” before closing?"]
    assert window.isVisible() and window.dirty  # Cancel: nothing closed, nothing lost
    press("closing_save")
    window.close()
    assert not window.isVisible()
    assert window.note_id is not None
    assert desk.register.load(window.note_id).note.subject == "Kept or not"


def test_discard_closes_without_saving(qtbot: QtBot, desk: Desk) -> None:
    window, _subject = typed_window(qtbot, desk)
    press("closing_discard")
    window.close()
    assert not window.isVisible()
    assert window.note_id is None and desk.register.count() == 0


def test_always_save_is_remembered(qtbot: QtBot, desk: Desk) -> None:
    window, _subject = typed_window(qtbot, desk)

    def always(dialog: QWidget) -> None:
        dialog.findChild(QWidget, "closing_always_save").setChecked(True)  # type: ignore[attr-defined]
        dialog.findChild(QPushButton, "closing_save").click()

    answer_modal(always)
    window.close()
    assert QSettings().value(ASK_KEY) in (False, "false")
    again, _subject = typed_window(qtbot, desk, ask=False)
    asked: list[str] = []

    def shut_any_question() -> None:
        box = QApplication.activeModalWidget()
        if box is not None:
            asked.append(box.objectName())
            box.close()

    QTimer.singleShot(0, shut_any_question)
    again.close()  # no question this time: saved
    assert asked == []
    assert not again.isVisible() and again.note_id is not None


def test_the_banner_says_where_the_note_stands(qtbot: QtBot, desk: Desk) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = open_window(qtbot, desk, note_id)
    banner = window.status_banner
    assert banner.text().startswith("Draft: saved as you type")
    desk.workflow.submit(desk.drafter, note_id)
    window.reload_status()
    assert banner.text() == "Submitted: read-only while it waits for approval."
    desk.workflow.approve(desk.approver, note_id)
    desk.workflow.issue(desk.approver, note_id)
    issued = open_window(qtbot, desk, note_id, user=desk.approver)
    number = desk.register.load(note_id).note.number
    assert number is not None
    assert issued.status_banner.text() == (
        f"Issued as №{number.code}: read-only, its PDFs stored as issued."
    )
    set_ui_language("ru")
    russian = open_window(qtbot, desk, note_id, user=desk.approver)
    assert russian.status_banner.text().startswith(f"Выпущена под номером №{number.code}")


def test_submit_with_problems_offers_the_first_one(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    subject = window.findChild(QLineEdit, "note_subject")
    qtbot.keyClicks(subject, "Incomplete")
    assert save_and_wait(qtbot, window)
    seen: list[str] = []
    press("submit_go_to_problem", seen)
    assert window.workflow_bar.act(Action.SUBMIT) is False  # type: ignore[attr-defined]
    assert seen and "problems to fix before it can be submitted" in seen[0]
    first = window.editor.problems[0]
    target = window.editor.widget_for(first.field, first.language)
    assert target is not None
    qtbot.waitUntil(lambda: window.focusWidget() is target, timeout=2_000)
    assert desk.register.load(window.note_id or 0).status == "draft"
    # Submit anyway: the register says what it refuses, shown, the note stays a draft.
    refusals: list[str] = []

    def anyway(dialog: QWidget) -> None:
        dialog.findChild(QPushButton, "submit_anyway").click()
        answer_modal(lambda box: (refusals.append(box.objectName()), box.close()))  # type: ignore[func-returns-value]

    answer_modal(anyway)
    bar = window.workflow_bar
    with qtbot.waitSignal(bar.step_ended, timeout=10_000) as ended:
        assert bar.act(Action.SUBMIT) is True  # started off the GUI thread
    assert ended.args == [False]  # not done
    assert refusals == ["error_box"]
    assert desk.register.load(window.note_id or 0).status == "draft"
