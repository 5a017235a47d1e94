"""Layouts that fit, in English, Russian and Kazakh, at 1366×768 (a common office laptop) and
1920×1080: the note window's header reflows instead of running off to the right, the language
panes scroll vertically only, no label is cut; each size's screenshot is kept for a look."""

# ruff: noqa: F811 (the note editor tests' fixtures, imported, are the tests' arguments)

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from app.gui.window_size import fit_to_screen
from app.i18n.messages import set_ui_language
from app.services.demo import reference_note

from .test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    office_file,
    open_window,
    register,
)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1920, 1080)], ids=["1366", "1920"])
def test_the_note_window_fits(
    qtbot: QtBot, desk: Desk, tmp_path: Path, language: str, size: QSize
) -> None:
    set_ui_language(language)
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = open_window(qtbot, desk, note_id)
    window.resize(size)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == size.width(), timeout=2_000)
    editor = window.editor
    # Side by side on a wide screen; one column under the other where they do not fit.
    qtbot.waitUntil(
        lambda: not editor.header_scroll.horizontalScrollBar().isVisible(), timeout=2_000
    )
    if size.width() >= 1920:
        assert editor.header_reflow.side_by_side, language
    assert editor.header.width() <= editor.header_scroll.viewport().width()
    # The whole header is in sight, nothing cut below it.
    assert editor.header_scroll.height() >= editor.header.sizeHint().height()
    for label in editor.header.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text() and not label.wordWrap():
            assert label.width() >= label.minimumSizeHint().width(), label.text()
    # The language panes wrap their labels and scroll up and down only.
    for pane in editor.panes.values():
        for scroll in pane.findChildren(QScrollArea):
            assert not scroll.horizontalScrollBar().isVisible(), pane.language
            assert scroll.widget().width() <= scroll.viewport().width()
    assert window.grab().save(str(tmp_path / f"note-{language}-{size.width()}.png"))


def test_a_window_is_never_larger_than_its_screen(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    assert fit_to_screen(window, QSize(5000, 5000)).width() <= screen.width()
