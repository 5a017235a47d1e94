"""The main toolbar's look (icon size, text beside the icon) and the room kept for it in the
register window's first frame: the toolbar itself, its icons and its module load once the
first rows are painted, into a room as tall as it, so nothing below it moves."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QMainWindow, QToolBar, QToolButton

ICON_SIZE = QSize(22, 22)
BUTTON_STYLE = Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def shape_toolbar(toolbar: QToolBar) -> None:
    """Give `toolbar` the main toolbar's look: fixed in place, icons with text beside."""
    toolbar.setIconSize(ICON_SIZE)
    toolbar.setToolButtonStyle(BUTTON_STYLE)
    toolbar.setMovable(False)


class ToolbarRoom(QToolBar):
    """An empty toolbar as tall as the main toolbar (one of its buttons, and its margins)."""

    def __init__(self, window: QMainWindow, sample_text: str) -> None:
        super().__init__(window)
        self.setObjectName("main_toolbar_room")
        shape_toolbar(self)
        sample = QToolButton()
        sample.setIconSize(ICON_SIZE)
        sample.setToolButtonStyle(BUTTON_STYLE)
        sample.setText(sample_text)
        picture = QPixmap(ICON_SIZE)
        picture.fill(Qt.GlobalColor.transparent)
        sample.setIcon(QIcon(picture))
        layout = self.layout()
        assert layout is not None  # a toolbar has its own
        margins = layout.contentsMargins()
        self.setFixedHeight(sample.sizeHint().height() + margins.top() + margins.bottom())
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
