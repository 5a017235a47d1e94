"""The register window, the note window's frame and the print preview at 1366×768 and
1920×1080 in English, Russian and Kazakh (issue 17, point 3): no toolbar action hidden behind
"»", no column header cut, the Subject column with room, no horizontal scroll bar, the row
colours' key whole, the problems wrapped; each screenshot kept in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from app.gui.register_model import COL_SUBJECT
from app.gui.register_window import MainWindow
from app.i18n.messages import set_ui_language
from app.services.demo import reference_note
from app.services.register import Register
from app.services.workflow import WorkflowService
from tests.gui.conftest import People
from tests.gui.test_note_editor import Desk, open_window

SIZES = [QSize(1366, 768), QSize(1920, 1080)]
LANGUAGES = ["en", "ru", "kk"]


def sized(qtbot: QtBot, window: QWidget, size: QSize) -> None:
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == size.width(), timeout=2_000)


def toolbar_whole(toolbar: QToolBar) -> None:
    """Every action of the toolbar on its own button, shown (none in the "»" overflow)."""
    for action in toolbar.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        button = toolbar.widgetForAction(action)
        assert button is not None and button.isVisible(), action.iconText()
        assert button.width() >= button.sizeHint().width(), action.iconText()


def no_sideways_scrolling(window: QWidget) -> None:
    for area in window.findChildren(QAbstractScrollArea):
        if area.isVisibleTo(window) and area.objectName() != "header_scroll":
            assert not area.horizontalScrollBar().isVisible(), area.objectName()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=["1366", "1920"])
def test_the_register_window_fits(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path, language: str, size: QSize
) -> None:
    set_ui_language(language)
    workflow = WorkflowService(office)
    workflow.save_draft(people.drafter, reference_note())
    window = MainWindow(office, workflow, people.approver)
    qtbot.addWidget(window)
    sized(qtbot, window, size)
    views = window.views
    qtbot.waitUntil(lambda: "(" in views.item(0).text(), timeout=5_000)  # the counts shown
    # Kept for a look, before any check can stop the test.
    assert window.grab().save(str(tmp_path / f"main-{language}-{size.width()}.png"))
    toolbar_whole(window.frame.toolbar)
    header = window.table.horizontalHeader()
    metrics = header.fontMetrics()
    model = window.model
    for column in range(model.columnCount()):
        text = str(model.headerData(column, header.orientation()))
        # The text and the sort arrow's room.
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text) + 16, text
    assert header.sectionSize(COL_SUBJECT) >= (200 if size.width() < 1920 else 400)
    assert not window.table.horizontalScrollBar().isVisible()
    # The views list (wider with its counts) lies beside the table, never over it.
    assert views.width() >= views.minimumWidth()
    left_of_table = window.table.mapTo(window, window.table.rect().topLeft()).x()
    assert views.mapTo(window, views.rect().topRight()).x() < left_of_table
    for row in range(views.count()):
        text = views.item(row).text()
        assert views.viewport().width() >= views.fontMetrics().horizontalAdvance(text), text
    legend = window.frame.legend
    for label in (legend.overdue, legend.near):
        assert label.width() >= label.sizeHint().width(), label.text()
    for button in window.details_panel.findChildren(QPushButton):
        if button.isVisibleTo(window):
            assert button.width() >= button.sizeHint().width(), button.text()
    no_sideways_scrolling(window)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=["1366", "1920"])
def test_the_note_windows_frame_fits(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path, language: str, size: QSize
) -> None:
    set_ui_language(language)
    desk = Desk(office, WorkflowService(office), people.drafter, people.approver)
    window = open_window(qtbot, desk, desk.workflow.save_draft(people.drafter, reference_note()))
    sized(qtbot, window, size)
    problems = window.editor.problems_list
    qtbot.waitUntil(lambda: problems.count() > 0, timeout=5_000)  # the plan has no Kazakh
    # The header has reflowed and the list taken its entries' height.
    editor = window.editor
    qtbot.waitUntil(
        lambda: not editor.header_scroll.horizontalScrollBar().isVisible(), timeout=2_000
    )
    qtbot.waitUntil(lambda: problems.height() <= problems.content_height() + 2, timeout=2_000)
    assert window.grab().save(str(tmp_path / f"note-{language}-{size.width()}.png"))
    toolbar_whole(window.findChild(QToolBar, "note_toolbar"))
    for button in window.workflow_bar.findChildren(QPushButton):
        if button.isVisibleTo(window):
            assert button.width() >= button.sizeHint().width(), button.text()
    banner = window.status_banner
    assert banner.isVisible() and banner.height() >= banner.heightForWidth(banner.width()) - 1
    assert not problems.horizontalScrollBar().isVisible()
    assert problems.height() >= problems.content_height() - 1  # the notice whole
    # The language panes keep most of the editor's height at 1366×768 too.
    panes = window.editor.panes_splitter
    assert panes.height() >= (230 if size.height() < 1080 else 500)
    title = window.findChild(QLabel, "problems_title")
    assert title.isVisible()
    no_sideways_scrolling(window)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_print_preview_fits_a_laptop(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path, language: str
) -> None:
    set_ui_language(language)
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, reference_note())
    workflow.submit(people.drafter, note_id)
    workflow.approve(people.approver, note_id)
    workflow.issue(people.approver, note_id)
    window = MainWindow(office, workflow, people.approver)
    qtbot.addWidget(window)
    sized(qtbot, window, SIZES[0])
    dialog = window.frame.toolbar.print_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= min(screen.width(), 1366) and dialog.height() <= min(
        screen.height(), 768
    )
    toolbar_whole(dialog.tools)
    for row in range(dialog.part_list.count()):
        text = dialog.part_list.item(row).text()
        # The check box's room and the text.
        assert dialog.part_list.viewport().width() >= (
            dialog.part_list.fontMetrics().horizontalAdvance(text) + 24
        ), text
    assert dialog.grab().save(str(tmp_path / f"print-{language}.png"))
