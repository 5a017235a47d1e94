"""The register window framed like an office application (issue 17, point 7): a toolbar with
icons, Recent notes, counts on the saved views, a registrar's "To issue" view, the row
colours' legend, Help with the shortcuts and a short guide, files dropped on the windows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTextBrowser, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from app.domain.workflow import Action
from app.gui.help_dialogs import HelpDialog
from app.gui.icons import ICONS, bundled_icon_path, icon
from app.gui.plan.editor import PlanEditor
from app.gui.print_set import PrintSetDialog
from app.gui.recent_notes import recent_notes
from app.gui.register_window import VIEW_ALL, MainWindow
from app.gui.register_window.views import VIEW_TO_ISSUE, views_for
from app.gui.verify_dialog import VerifyDocumentDialog
from app.i18n.messages import set_ui_language
from app.paths import resources_dir
from app.services.demo import reference_note
from app.services.register import Register
from app.services.users import UserInfo
from app.services.workflow import WorkflowService

from .conftest import People, confirm_next

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def window_for(qtbot: QtBot, office: Register, user: UserInfo | None) -> MainWindow:
    window = MainWindow(office, WorkflowService(office), user)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Window shortcuts need the active window (offscreen, a closed dialog leaves none)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)


def approved_note(office: Register, people: People) -> int:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, reference_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    return note_id


def drop(widget: QWidget, files: list[Path]) -> bool:
    """Drag `files` over `widget` and drop them, as from a file manager; True if taken."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def test_every_icon_has_a_bundled_fallback(qtbot: QtBot) -> None:
    for name in ICONS:
        assert Path(bundled_icon_path(name)).is_file(), name
        assert not QIcon(bundled_icon_path(name)).pixmap(22, 22).isNull(), name
        assert not icon(name).pixmap(22, 22).isNull(), name


def test_the_toolbar_takes_the_steps_on_the_selected_note(
    qtbot: QtBot, office: Register, people: People
) -> None:
    note_id = approved_note(office, people)
    window = window_for(qtbot, office, people.approver)
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert toolbar.isVisible()
    shown = [a.iconText() for a in toolbar.actions() if not a.isSeparator()]
    assert shown == ["New", "Open", "Submit", "Approve", "Issue", "Print", "Verify"]
    assert all(not a.icon().isNull() for a in toolbar.actions() if not a.isSeparator())
    assert window.current_note_id() == note_id
    steps = window.frame.toolbar.steps
    # An approved note: the approver (also registrar) may issue it, not submit or approve it.
    assert steps[Action.ISSUE].isEnabled()
    assert not steps[Action.SUBMIT].isEnabled() and not steps[Action.APPROVE].isEnabled()
    confirm_next()
    steps[Action.ISSUE].trigger()
    qtbot.waitUntil(lambda: office.load(note_id).status == "issued", timeout=20_000)
    assert not steps[Action.ISSUE].isEnabled()
    # Print opens the preview of the stored set.
    dialog = window.frame.toolbar.print_selected()
    assert isinstance(dialog, PrintSetDialog)
    qtbot.addWidget(dialog)
    assert len(dialog.parts) == 5


def test_recent_notes_open_again(qtbot: QtBot, office: Register, people: People) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, reference_note())
    window = window_for(qtbot, office, people.drafter)
    menu = window.frame.recent_menu
    menu.fill()
    assert [a.text() for a in menu.actions()] == ["(none yet)"]
    opened = window.open_note(note_id)
    assert opened is not None
    opened.close()
    assert [note.note_id for note in recent_notes(window.opening.url)] == [note_id]
    menu.fill()
    first = menu.actions()[0]
    assert first.text().startswith("&1 draft — ")
    first.trigger()
    assert window.notes.find(note_id) is not None


def test_views_show_counts_and_a_registrar_sees_to_issue(
    qtbot: QtBot, office: Register, people: People
) -> None:
    approved_note(office, people)
    WorkflowService(office).save_draft(people.drafter, reference_note())
    assert VIEW_TO_ISSUE in views_for(people.registrar)
    assert VIEW_TO_ISSUE not in views_for(people.drafter)
    window = window_for(qtbot, office, people.registrar)
    views = window.views

    def texts() -> list[str]:
        return [views.item(row).text() for row in range(views.count())]

    qtbot.waitUntil(lambda: "To issue (1)" in texts(), timeout=10_000)
    assert texts()[0] == "All notes (2)"
    window.choose_view(VIEW_TO_ISSUE)
    assert window.model.rowCount() == 1
    window.choose_view(VIEW_ALL)
    assert window.model.rowCount() == 2
    legend = window.frame.legend
    assert legend.isVisible()
    assert legend.overdue.text() == "objection deadline passed"
    assert legend.near.text() == "deadline within 7 days"


def test_help_lists_the_shortcuts_and_a_guide(qtbot: QtBot, office: Register) -> None:
    window = window_for(qtbot, office, None)
    window.window_actions["shortcuts_action"].trigger()
    dialog = window.findChild(HelpDialog, "shortcuts_dialog")
    assert dialog is not None and dialog.isVisible()
    text = dialog.findChild(QTextBrowser).toPlainText()
    for expected in ("Submit for approval", "Ctrl+Return", "New note", "Ctrl+N", "F4"):
        assert expected in text
    window.window_actions["user_guide_action"].trigger()
    guide = window.findChild(HelpDialog, "user_guide_dialog")
    assert "Submit for approval" in guide.findChild(QTextBrowser).toPlainText()


def test_a_pdf_dropped_on_the_register_window_is_verified(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path
) -> None:
    note_id = approved_note(office, people)
    WorkflowService(office).issue(people.approver, note_id)
    copy = tmp_path / "PAR-1453_en.pdf"
    copy.write_bytes(office.document(note_id, "PAR-1453_en.pdf"))
    window = window_for(qtbot, office, None)
    assert not drop(window, [tmp_path / "notes.txt"])
    assert drop(window, [copy])
    dialog = window.findChild(VerifyDocumentDialog)
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(lambda: bool(dialog.verdicts), timeout=20_000)
    ok, lines = dialog.verdicts[-1]
    assert ok, lines


def test_a_plan_table_dropped_on_the_plan_editor_is_imported(qtbot: QtBot) -> None:
    editor = PlanEditor()
    qtbot.addWidget(editor)
    editor.show()
    assert not drop(editor, [resources_dir() / "examples" / "par-1453.toml"])
    assert drop(editor, [resources_dir() / "examples" / "par-1453-plan.csv"])
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog), timeout=5_000)
    preview = QApplication.activeModalWidget()
    assert preview.objectName() == "plan_import_preview"
    assert preview.windowTitle() == "Import par-1453-plan.csv"
    preview.reject()


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_no_alt_letter_twice_in_a_menu(
    qtbot: QtBot, office: Register, people: People, language: str
) -> None:
    set_ui_language(language)
    window = window_for(qtbot, office, people.approver)
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        letters: dict[str, list[str]] = {}
        for item in menu.actions():
            if item.isSeparator() or not item.isVisible():
                continue
            match = re.search(r"&([^&])", item.text())
            assert match, (language, item.text())
            letters.setdefault(match.group(1).lower(), []).append(item.text())
        twice = {letter: texts for letter, texts in letters.items() if len(texts) > 1}
        assert twice == {}, (language, top.text())


def test_the_register_window_takes_every_step_by_its_shortcut(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, reference_note())
    workflow.submit(people.drafter, note_id)
    window = window_for(qtbot, office, people.approver)
    menu = window.findChild(QMenu, "main_workflow_menu")
    assert [a.text() for a in window.menuBar().actions()][-2:] == [menu.title(), "&Help"]
    assert window.current_note_id() == note_id
    confirm_next()
    qtbot.keyClick(window.table, Qt.Key.Key_A, CTRL_SHIFT)
    qtbot.waitUntil(lambda: office.load(note_id).status == "approved", timeout=10_000)
    # The views' counts follow the step taken in this window.
    views = window.views
    qtbot.waitUntil(
        lambda: "To issue (1)" in [views.item(r).text() for r in range(views.count())],
        timeout=5_000,
    )
    activate(qtbot, window)  # the question has closed
    confirm_next()
    qtbot.keyClick(window.table, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: office.load(note_id).status == "issued", timeout=20_000)
    activate(qtbot, window)
    # Submit is not open on an issued note: said in the status bar, nothing done.
    qtbot.keyClick(window.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "not possible" in window.statusBar().currentMessage()
    assert office.load(note_id).status == "issued"
