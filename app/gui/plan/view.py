"""The plan's table view: columns in the plan's relative widths, Tab indenting section headings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.domain.plan import Plan


def fit_columns(table: QTableView, plan: Plan) -> None:
    """Share the table's width among its columns in the plan's relative widths."""
    widths = [plan.number_column.width, *(column.width for column in plan.columns)]
    total = sum(max(width, 0.05) for width in widths) or 1.0
    available = max(table.viewport().width() - 2, 300)
    for index, width in enumerate(widths):
        table.setColumnWidth(index, max(40, int(available * max(width, 0.05) / total)))


class ColumnFitter(QObject):
    """Keeps a plan table's columns in the plan's relative widths as the table is resized."""

    def __init__(self, table: QTableView, plan: Callable[[], Plan]) -> None:
        super().__init__(table)
        self._table = table
        self._plan = plan
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Resize:
            fit_columns(self._table, self._plan())
        return False


class PlanTableView(QTableView):
    """The plan's table. Tab on a section heading's number cell indents the heading and
    Shift+Tab outdents it, as in Word's outline tables; everywhere else, and when the heading
    is already as deep (or as high) as it goes, Tab moves between cells as usual. Ctrl+Tab and
    Ctrl+Shift+Tab leave the table (Tab alone never does: it wraps round the cells)."""

    def __init__(self, shift_level: Callable[[int], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Indents or outdents the current section heading by the step; False if it cannot.
        self._shift_level = shift_level
        self.setObjectName("plan_table")
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.horizontalHeader().setStretchLastSection(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Qt asks this for Tab and Shift+Tab without Ctrl; a cell being edited handles its own.
        if self.state() != QAbstractItemView.State.EditingState and self._shift_level(
            1 if forward else -1
        ):
            return True
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        tab = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            # QWidget's, not the view's: to the widget before or after the table.
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)
