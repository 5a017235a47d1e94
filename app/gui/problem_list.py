"""The note editor's problem list: as tall as its entries (one line for one notice, up to
`MAX_HEIGHT`, then it scrolls), long entries wrapped rather than scrolled sideways."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QSizePolicy, QWidget

#: Never taller than this: the language panes above keep the room.
MAX_HEIGHT = 96


class ProblemList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        model = self.model()
        model.rowsInserted.connect(self.updateGeometry)
        model.rowsRemoved.connect(self.updateGeometry)
        model.modelReset.connect(self.updateGeometry)

    def content_height(self) -> int:
        """The entries' height wrapped at the list's present width."""
        width = max(50, self.viewport().width() - 2 * self.spacing() - 8)
        metrics = self.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        rows = sum(
            metrics.boundingRect(QRect(0, 0, width, 0), flags, self.item(row).text()).height() + 4
            for row in range(self.count())
        )
        return rows + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        one_line = self.fontMetrics().height() + 2 * self.frameWidth() + 8
        return QSize(hint.width(), max(one_line, min(MAX_HEIGHT, self.content_height())))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped lines change with the width
