"""Approve and Issue ask first, with the number the note will carry; issuing a note dated in
an earlier year warns; the window's status bar says what was done; the workflow menu takes
every step by keyboard (Ctrl+Enter submits)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.workflow import Action
from app.gui.workflow_bar import WorkflowBar
from app.gui.workflow_menu import WorkflowMenu
from app.i18n.messages import set_ui_language
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People, answer_modal
from .test_workflow_gui import free_note

seen: dict[str, str] = {}


def read_and_answer(go: bool, key: Qt.Key | None = None):  # type: ignore[no-untyped-def]
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen["name"] = dialog.objectName()
        seen["text"] = dialog.text()
        seen["more"] = dialog.informativeText()
        seen["default"] = dialog.defaultButton().objectName()
        seen["go"] = dialog.findChild(QPushButton, "confirm_go").text()
        if key is not None:
            from PySide6.QtTest import QTest

            QTest.keyClick(dialog, key)
        elif go:
            dialog.findChild(QPushButton, "confirm_go").click()
        else:
            dialog.reject()

    return handle


def window_with_bar(
    qtbot: QtBot, workflow: WorkflowService, people_user: object, note_id: int
) -> tuple[QMainWindow, WorkflowBar, WorkflowMenu]:
    window = QMainWindow()
    bar = WorkflowBar(workflow, people_user, window)  # type: ignore[arg-type]
    window.setCentralWidget(bar)
    menu = WorkflowMenu(bar, window)
    window.menuBar().addMenu(menu)
    bar.set_note(note_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, bar, menu


def test_approve_and_issue_ask_and_say_what_happened(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Confirmed"))
    workflow.submit(people.drafter, note_id)
    window, bar, _menu = window_with_bar(qtbot, workflow, people.approver, note_id)

    # Approve: asked; Cancel leaves the note as it was.
    answer_modal(read_and_answer(go=False))
    assert bar.act(Action.APPROVE) is False
    assert seen["name"] == "confirm_approve" and seen["text"] == "Approve “Confirmed”?"
    assert "can no longer be edited" in seen["more"]
    assert office.load(note_id).status == "submitted"
    # Enter takes the default, which is Cancel: nothing irreversible by a stray Enter.
    answer_modal(read_and_answer(go=False, key=Qt.Key.Key_Return))
    assert bar.act(Action.APPROVE) is False
    assert seen["default"] != "confirm_go"
    assert office.load(note_id).status == "submitted"
    answer_modal(read_and_answer(go=True))
    with qtbot.waitSignal(bar.step_ended, timeout=10_000):
        assert bar.act(Action.APPROVE) is True
    assert office.load(note_id).status == "approved"
    assert window.statusBar().currentMessage() == "Approved: the registrar can issue it now."

    # Issue: the number it will carry, and what cannot be undone; dated 2023, it warns.
    answer_modal(read_and_answer(go=True))
    with qtbot.waitSignal(bar.step_ended, timeout=30_000):
        assert bar.act(Action.ISSUE) is True
    assert seen["text"] == "Issue as №PAR/1453?"
    assert seen["go"] == "&Issue as №PAR/1453"
    assert "The number and the PDFs cannot be changed afterwards." in seen["more"]
    assert "dated 29 November 2023, in an earlier year" in seen["more"]
    record = office.load(note_id)
    assert record.status == "issued" and record.note.number is not None
    assert record.note.number.code == "PAR/1453"
    assert window.statusBar().currentMessage().startswith("Issued as №PAR/1453")


def test_a_note_of_this_year_is_issued_without_the_warning(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    today = dt.date.today()
    note = dataclasses.replace(free_note("This year"), date=today)
    note_id = workflow.save_draft(people.drafter, note)
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    _window, bar, _menu = window_with_bar(qtbot, workflow, people.registrar, note_id)
    answer_modal(read_and_answer(go=False))
    assert bar.act(Action.ISSUE) is False
    assert seen["text"].startswith("Issue as №PAR/")
    assert "earlier year" not in seen["more"]
    assert office.load(note_id).status == "approved"


def test_the_questions_in_russian_and_kazakh(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Языки"))
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    set_ui_language("ru")
    _window, bar, _menu = window_with_bar(qtbot, workflow, people.registrar, note_id)
    answer_modal(read_and_answer(go=False))
    bar.act(Action.ISSUE)
    assert seen["text"] == "Выпустить под номером №PAR/1453?"
    assert "Issue" not in seen["more"] and "2023 года" in seen["more"]
    set_ui_language("kk")
    _window, bar, _menu = window_with_bar(qtbot, workflow, people.registrar, note_id)
    answer_modal(read_and_answer(go=False))
    bar.act(Action.ISSUE)
    assert seen["text"] == "№PAR/1453 нөмірімен шығару керек пе?"
    assert "cannot" not in seen["more"]


def test_every_step_in_the_menu_with_its_shortcut(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Keyboard"))
    window, bar, menu = window_with_bar(qtbot, workflow, people.drafter, note_id)
    shortcuts = {
        name: item.shortcut().toString()
        for name, item in ((item.objectName(), item) for item in menu.actions())
    }
    assert shortcuts == {
        "menu_submit": "Ctrl+Return",
        "menu_approve": "Ctrl+Shift+A",
        "menu_return_for_revision": "Ctrl+Shift+R",
        "menu_issue": "Ctrl+Shift+I",
        "menu_dispatch": "Ctrl+Shift+D",
        "menu_withdraw": "Ctrl+Shift+W",
    }
    letters = [item.text().split("&")[1][0].lower() for item in menu.actions()]
    assert len(letters) == len(set(letters)), letters
    # What the drafter may do now is enabled when the menu opens.
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    enabled = {item.objectName() for item in menu.actions() if item.isEnabled()}
    assert enabled == {"menu_submit", "menu_withdraw"}
    menu.close()
    qtbot.waitUntil(lambda: not menu.isVisible())
    # Ctrl+Enter submits.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(bar.changed, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert office.load(note_id).status == "submitted"
    assert window.statusBar().currentMessage() == "Submitted for approval."
    # A step not open now is said, not silently ignored.
    qtbot.keyClick(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.statusBar().currentMessage() == "“Issue” is not possible on this note now."
    assert office.load(note_id).status == "submitted"


def test_the_menus_alt_letters_are_unique_in_russian_and_kazakh(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Буквы"))
    for language in ("ru", "kk"):
        set_ui_language(language)
        _window, _bar, menu = window_with_bar(qtbot, workflow, people.drafter, note_id)
        letters = [item.text().split("&")[1][0].lower() for item in menu.actions()]
        assert len(letters) == len(set(letters)), (language, letters)
        assert "Submit" not in menu.actions()[0].text()
