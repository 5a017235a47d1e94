"""The focus ring is seen (issue 17, points 2 and 3): the widget with the keyboard has a
two-pixel dark blue ring; the same widget without it has none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.gui.focus_ring import RING_COLOUR, FocusRingStyle, install_focus_ring


@pytest.fixture
def ringed(qtbot: QtBot) -> Iterator[QApplication]:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    before = qt_app.style().name()
    assert isinstance(install_focus_ring(qt_app), FocusRingStyle)
    yield qt_app
    restored = QStyleFactory.create(before)
    assert restored is not None
    qt_app.setStyle(restored)


def ring_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage()
    wanted = RING_COLOUR.rgb()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).rgb() == wanted
    )


def test_the_focused_widget_has_a_ring_and_the_others_none(
    qtbot: QtBot, ringed: QApplication
) -> None:
    panel = QWidget()
    qtbot.addWidget(panel)
    layout = QVBoxLayout(panel)
    widgets = [QLineEdit(), QPlainTextEdit(), QPushButton("Approve"), QCheckBox("Every language")]
    for widget in widgets:
        layout.addWidget(widget)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    for widget in widgets:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        focused = ring_pixels(widget)
        # A ring round the box (the check box rings its label): hundreds of pixels.
        assert focused >= 100, type(widget).__name__
        others = [other for other in widgets if other is not widget]
        assert all(ring_pixels(other) == 0 for other in others), type(widget).__name__
