"""The keyboard alone: Tab walks a note header → English → Russian → Kazakh → problems →
preview with no trap, the register window's Tab reaches the details and Down / Enter go from
the search into the results, and no Alt letter does two things, in en, ru and kk."""

# ruff: noqa: F811 (the note editor tests' fixtures, imported, are the tests' arguments)

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.gui.register_window import MainWindow
from app.i18n.messages import set_ui_language
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People
from .test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    office_file,
    open_window,
    register,
)

HEADER = [
    "note_type",
    "note_series",
    "note_date",
    "language_en",
    "language_ru",
    "language_kk",
    "note_subject",
    "addressee_search",
    "addressee",
    "objection_deadline",
    "enclosure_pages",
    "edit_plan",
]
FIELDS = ["document_title", "document_short", "document_short_genitive", "approving_body"]


def walk(qtbot: QtBot, start: QWidget, steps: int, back: bool = False) -> list[str]:
    """Press Tab (Shift+Tab) `steps` times from `start`; the names focused on the way."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus, timeout=2_000)
    names = []
    for _ in range(steps):
        widget = QApplication.focusWidget()
        assert widget is not None
        if back:
            qtbot.keyClick(widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        names.append(focused.objectName() if focused is not None else "")
    return names


def shown(qtbot: QtBot, window: QMainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)


def test_tab_walks_the_note_header_then_the_languages_then_problems_and_preview(
    qtbot: QtBot, desk: Desk
) -> None:
    window = open_window(qtbot, desk)
    shown(qtbot, window)
    languages = [
        name
        for language in ("en", "ru", "kk")
        for name in [*(f"field_{key}_{language}" for key in FIELDS), f"body_{language}"]
    ]
    expected = [*HEADER[1:], *languages, "problems_list", "preview_view", "preview_language"]
    editor = window.editor
    assert walk(qtbot, editor.note_type_box, len(expected)) == expected
    # Round and round: back to the header, never stuck anywhere.
    assert walk(qtbot, editor.note_type_box, 2 * len(expected) + 2)[len(expected)] == "note_type"
    # Shift+Tab walks it backwards.
    assert walk(qtbot, window.editor.problems_list, 3, back=True) == [
        "body_kk",
        "field_approving_body_kk",
        "field_document_short_genitive_kk",
    ]


def test_the_register_window_by_keyboard(qtbot: QtBot, demo_register: Register) -> None:
    window = MainWindow(demo_register)
    qtbot.addWidget(window)
    shown(qtbot, window)
    # Tab leaves the table (it does not walk its cells) for the details and their buttons.
    chain = walk(qtbot, window.views, 4)
    assert chain[:2] == ["search_field", "register_table"]
    assert chain[2:] == ["note_details", "saved_views"]  # round again, no trap
    # Down from the search goes into the results, on the first row found.
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "1453")
    qtbot.waitUntil(lambda: window.model.index(0, 0).data() == "№PAR/1453", timeout=10_000)
    window.table.clearSelection()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert window.table.hasFocus()
    assert window.current_note_id() == window.model.note_id(0)
    # Enter in the search runs it and goes there too.
    window.search_field.setFocus()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.table.hasFocus()


def mnemonics(window: QMainWindow) -> dict[str, list[str]]:
    """Every Alt letter of the window: menus, labels with a buddy, buttons (those shown)."""
    found: dict[str, list[str]] = {}

    def note(text: str) -> None:
        match = re.search(r"&([^&])", text)
        if match:
            found.setdefault(match.group(1).lower(), []).append(text)

    for menu in window.menuBar().actions():
        note(menu.text())
    for label in window.findChildren(QLabel):
        if label.buddy() is not None and label.isVisibleTo(window):
            note(label.text())
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window):
            note(button.text())
    return found


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_no_alt_letter_does_two_things(
    qtbot: QtBot, desk: Desk, office: Register, people: People, language: str
) -> None:
    set_ui_language(language)
    note_window = open_window(qtbot, desk)
    main_window = MainWindow(office, WorkflowService(office), people.approver)
    qtbot.addWidget(main_window)
    for window in (note_window, main_window):
        shown(qtbot, window)
        letters = mnemonics(window)
        assert len(letters) >= 5
        twice = {letter: texts for letter, texts in letters.items() if len(texts) > 1}
        assert twice == {}, (language, type(window).__name__)


def test_a_new_note_window_starts_on_its_first_field(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    shown(qtbot, window)
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is window.editor.note_type_box, timeout=2_000
    )
