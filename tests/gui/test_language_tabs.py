"""The language panes become tabs when the note window is too narrow for three versions side
by side (issue 17, point 3): one version at a time, the tab bar naming them, Tab still walking
English → Russian → Kazakh and bringing each to the front, side by side again when widened."""

# ruff: noqa: F811 (the note editor tests' fixtures, imported, are the tests' arguments)

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.gui.note_window import NoteWindow

from .test_keyboard import shown
from .test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    field,
    office_file,
    open_window,
    register,
)


def pane_widths(window: NoteWindow) -> dict[str, int]:
    return {language: pane.width() for language, pane in window.editor.panes.items()}


def sized(qtbot: QtBot, window: NoteWindow, size: QSize) -> None:
    window.resize(size)
    qtbot.waitUntil(lambda: window.width() == size.width(), timeout=2_000)


def test_a_narrow_note_window_shows_one_version_at_a_time(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    window = open_window(qtbot, desk)
    shown(qtbot, window)
    tabs = window.editor.language_tabs
    sized(qtbot, window, QSize(1920, 1000))
    qtbot.waitUntil(lambda: not tabs.bar.isVisible(), timeout=2_000)
    assert all(width >= 240 for width in pane_widths(window).values()), pane_widths(window)

    sized(qtbot, window, QSize(760, 700))
    qtbot.waitUntil(tabs.bar.isVisible, timeout=2_000)
    qtbot.waitUntil(lambda: tabs.bar.height() > 10 and tabs.bar.width() > 100, timeout=2_000)
    assert window.grab().save(str(tmp_path / "narrow.png"))
    assert [tabs.bar.tabText(i) for i in range(tabs.bar.count())] == [
        "English",
        "Русский",
        "Қазақша",
    ]
    widths = pane_widths(window)
    assert widths["en"] > 200 and widths["ru"] == 0 and widths["kk"] == 0, widths

    # A click on a tab brings that version to the front.
    tabs.bar.setCurrentIndex(2)
    widths = pane_widths(window)
    assert widths["kk"] > 200 and widths["en"] == 0, widths

    # Tab from the last English field goes on to the first Russian one, now in front.
    body_en = window.editor.panes["en"].body
    body_en.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(body_en.hasFocus, timeout=2_000)
    assert tabs.bar.currentIndex() == 0
    qtbot.keyClick(body_en, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is field(window, "document_title", "ru")
    assert tabs.bar.currentIndex() == 1
    assert pane_widths(window)["ru"] > 200

    # Widened again, the three versions stand side by side.
    sized(qtbot, window, QSize(1920, 1000))
    qtbot.waitUntil(lambda: not tabs.bar.isVisible(), timeout=2_000)
    assert all(width >= 240 for width in pane_widths(window).values()), pane_widths(window)
