"""The acceptance flow of №PAR/1453 by keyboard alone (issue 17): the drafter logs in, Ctrl+N,
types the header (dates as people type them) and walks the three versions with Tab, attaches
the plan (Alt+P, Ctrl+V), saves (Ctrl+S), submits (Ctrl+Enter); the approver, logged in
through File › Switch user, finds the note, opens it with Enter, approves (Ctrl+Shift+A) and
issues it (Ctrl+Shift+I), each confirmed with its Alt letter; `1453` then finds it, and Down
goes to it. Only the plan's own details (title, preamble, signatories: its dialogs') and the
Russian paste's language switch are set through the plan editor, as in test_acceptance."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.gui.login_dialog import LoginDialog
from app.gui.note_window import NoteWindow
from app.gui.register_window import MainWindow
from app.services.note_file import load_note
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People, answer_modal
from .test_acceptance import (
    EXAMPLES,
    FIELDS,
    log_in,
    numbers,
    plan_tsv,
    put_on_clipboard,
    type_text,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def key(
    qtbot: QtBot, which: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), which, modifiers)


def tab_to(qtbot: QtBot, name: str) -> QWidget:
    """Tab once; the field it reaches must be `name`."""
    key(qtbot, Qt.Key.Key_Tab)
    assert focused().objectName() == name
    return focused()


def answer_with_alt(letter: Qt.Key, seen: list[str]) -> None:
    """Answer the next question with its Alt letter, as the officer would."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        dialog.activateWindow()  # offscreen, a new modal box is not made active by itself
        for _ in range(200):
            if dialog.isActiveWindow():
                break
            QApplication.processEvents()
        QTest.keyClick(dialog.focusWidget() or dialog, letter, ALT)

    answer_modal(handle)


def active_window(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def test_par_1453_by_keyboard_alone(qtbot: QtBot, office: Register, people: People) -> None:
    reference = load_note(EXAMPLES / "par-1453.toml")
    reference_plan = reference.enclosures[0].plan
    assert reference_plan is not None
    workflow = WorkflowService(office)

    login = LoginDialog(office)
    qtbot.addWidget(login)
    login.show()
    log_in(qtbot, login, "aigerim")
    assert login.user is not None
    window = MainWindow(office, workflow, login.user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    active_window(qtbot, window)

    # Ctrl+N: a new note window.
    key(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: bool(window.note_windows), timeout=5_000)
    note_window = window.note_windows[-1]
    assert isinstance(note_window, NoteWindow)
    qtbot.waitExposed(note_window)
    active_window(qtbot, note_window)
    editor = note_window.editor
    assert editor.note_type_box.currentData() == "silence_procedure"

    # The header by its Alt letters; dates typed as people type them.
    key(qtbot, Qt.Key.Key_S, ALT)
    assert focused() is editor.series_edit
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "PAR")
    key(qtbot, Qt.Key.Key_D, ALT)
    assert focused() is editor.date_edit
    qtbot.keyClicks(focused(), "29.11.2023")
    key(qtbot, Qt.Key.Key_B, ALT)  # leaving the date reads it
    assert editor.date_edit.value() == dt.date(2023, 11, 29)
    qtbot.keyClicks(focused(), reference.subject)
    key(qtbot, Qt.Key.Key_A, ALT)
    assert focused() is editor.addressee_search
    qtbot.keyClicks(focused(), "Member States")
    assert editor.addressee.key == "cica-member-states"
    key(qtbot, Qt.Key.Key_L, ALT)
    assert focused() is editor.deadline_edit
    qtbot.keyClicks(focused(), "29 December 2023")

    # Tab on through the enclosure to the three versions, field after field.
    tab_to(qtbot, "enclosure_pages")
    assert editor.deadline_edit.value() == dt.date(2023, 12, 29)
    tab_to(qtbot, "edit_plan")
    for language in ("en", "ru", "kk"):
        for field in FIELDS:
            type_text(
                qtbot,
                tab_to(qtbot, f"field_{field}_{language}"),
                reference.field_text(language, field),
            )
        tab_to(qtbot, f"body_{language}")
    tab_to(qtbot, "problems_list")

    # The plan: Alt+P opens its editor, Ctrl+V pastes the table copied from Excel.
    key(qtbot, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(
        lambda: note_window.findChild(QDialog, "plan_dialog") is not None, timeout=5_000
    )
    plan_dialog = note_window.findChild(QDialog, "plan_dialog")
    qtbot.waitUntil(plan_dialog.isVisible, timeout=5_000)
    plan_editor = plan_dialog.plan_editor
    plan_editor.set_plan(dataclasses.replace(reference_plan, rows=()))
    # Ctrl+V is the dialog's shortcut: it reaches the table once the dialog has the keyboard.
    active_window(qtbot, plan_dialog)
    plan_editor.table.setFocus()
    qtbot.waitUntil(plan_editor.table.hasFocus, timeout=5_000)
    put_on_clipboard(plan_tsv("en"))
    qtbot.keyClick(plan_editor.table, Qt.Key.Key_V, CTRL)
    plan_editor.set_language("ru")
    plan_editor.table.setCurrentIndex(plan_editor.model.index(0, 1))
    put_on_clipboard(plan_tsv("ru"))
    qtbot.keyClick(plan_editor.table, Qt.Key.Key_V, CTRL)
    assert plan_editor.plan() == reference_plan
    ok = plan_dialog.findChild(QDialogButtonBox, "plan_dialog_buttons").button(
        QDialogButtonBox.StandardButton.Ok
    )
    ok.setFocus()
    qtbot.keyClick(ok, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not plan_dialog.isVisible(), timeout=5_000)
    assert editor.plan() == reference_plan

    # Ctrl+S saves, Ctrl+Enter submits (nothing left to fix: no question), Ctrl+W closes.
    active_window(qtbot, note_window)
    saved: list[int] = []
    note_window.saved.connect(saved.append)
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    note_id = saved[-1]
    assert office.load(note_id).note.fields == reference.fields
    key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: office.load(note_id).status == "submitted", timeout=10_000)
    # The step ran on a worker; what it says arrives on the GUI thread just after.
    qtbot.waitUntil(
        lambda: note_window.statusBar().currentMessage() == "Submitted for approval.",
        timeout=5_000,
    )
    key(qtbot, Qt.Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: not note_window.isVisible(), timeout=5_000)

    # File › Switch user (Alt+F, S): the approver logs in.
    active_window(qtbot, window)
    answer_modal(lambda dialog: log_in(qtbot, dialog, "serik"))  # type: ignore[arg-type]
    key(qtbot, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_S)
    qtbot.waitUntil(
        lambda: window.user is not None and window.user.login == "serik", timeout=10_000
    )

    # Ctrl+F, the subject's words, Down into the results, Enter opens it.
    active_window(qtbot, window)
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is window.search_field
    qtbot.keyClicks(focused(), "CICA-SCO silence")
    qtbot.waitUntil(
        lambda: window.model.rowCount() >= 1 and window.model.note_id(0) == note_id, timeout=10_000
    )
    key(qtbot, Qt.Key.Key_Down)
    assert focused() is window.table and window.current_note_id() == note_id
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(
            getattr(w, "note_id", None) == note_id and w.isVisible() for w in window.note_windows
        ),
        timeout=5_000,
    )
    approver_window = next(w for w in window.note_windows if getattr(w, "note_id", None) == note_id)
    assert isinstance(approver_window, NoteWindow)
    active_window(qtbot, approver_window)

    # Ctrl+Shift+A approves, Alt+A confirms; Ctrl+Shift+I issues, Alt+I confirms.
    asked: list[str] = []
    answer_with_alt(Qt.Key.Key_A, asked)
    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: office.load(note_id).status == "approved", timeout=10_000)
    qtbot.waitUntil(lambda: not approver_window.workflow_bar.busy, timeout=5_000)
    answer_with_alt(Qt.Key.Key_I, asked)
    active_window(qtbot, approver_window)
    key(qtbot, Qt.Key.Key_I, CTRL | SHIFT)
    qtbot.waitUntil(lambda: office.load(note_id).status == "issued", timeout=60_000)
    qtbot.waitUntil(lambda: not approver_window.workflow_bar.busy, timeout=5_000)
    assert asked == [f"Approve “{reference.subject}”?", "Issue as №PAR/1453?"]
    assert approver_window.statusBar().currentMessage().startswith("Issued as №PAR/1453")
    assert approver_window.status_banner.text().startswith("Issued as №PAR/1453")
    qtbot.keyClick(approver_window, Qt.Key.Key_W, CTRL)

    # 1453 finds it; Down goes to it.
    active_window(qtbot, window)
    key(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(focused(), "1453")
    qtbot.waitUntil(lambda: numbers(window)[:1] == ["№PAR/1453"], timeout=10_000)
    key(qtbot, Qt.Key.Key_Down)
    assert focused() is window.table and window.current_note_id() == note_id
