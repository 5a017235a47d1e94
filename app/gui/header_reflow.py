"""The note header reflows: its two columns of fields side by side while both fit at their
smallest width, one under the other when they do not (Russian and Kazakh labels are long),
so nothing is clipped and no sideways scroll bar is needed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFormLayout, QGridLayout, QScrollArea, QWidget


class HeaderReflow(QObject):
    """Watches the scroll area's width and moves `right` beside or under `left`."""

    def __init__(
        self, scroll: QScrollArea, grid: QGridLayout, left: QFormLayout, right: QFormLayout
    ) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        self.grid = grid
        self.left = left
        self.right = right
        self.side_by_side = True
        scroll.viewport().installEventFilter(self)
        self.fit_height()

    def needed_width(self) -> int:
        """The width both columns take side by side at their smallest (Qt never squeezes a
        widget below its minimum, so nothing is cut)."""
        margins = self.grid.contentsMargins()
        header = self.scroll.widget()
        frame = header.width() - header.contentsRect().width() if header is not None else 0
        return (
            self.left.minimumSize().width()
            + self.right.minimumSize().width()
            + self.grid.horizontalSpacing()
            + margins.left()
            + margins.right()
            + frame
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.reflow()
        return False

    def reflow(self) -> None:
        fits = self.scroll.viewport().width() >= self.needed_width()
        if fits == self.side_by_side:
            return
        self.side_by_side = fits
        self.grid.removeItem(self.right)
        if fits:
            self.grid.addLayout(self.right, 0, 1)
            self.grid.setColumnStretch(1, 1)
        else:
            self.grid.addLayout(self.right, 1, 0)
            self.grid.setColumnStretch(1, 0)
        self.fit_height()

    def fit_height(self) -> None:
        """Tall enough for the whole header (and the sideways scroll bar should it show)."""
        header: QWidget | None = self.scroll.widget()
        if header is None:
            return
        layout = header.layout()
        if layout is not None:
            layout.activate()
        self.scroll.setFixedHeight(
            header.sizeHint().height() + self.scroll.horizontalScrollBar().sizeHint().height()
        )
