"""The register window by keyboard: Down or Enter in the search field goes into the results
(the first row chosen), Tab leaves the table for the details and their buttons instead of
walking its cells, and Tab runs views → search → results → details."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget


class SearchToResults(QObject):
    """Down in the search field moves into the results; so does Enter, after the search."""

    def __init__(self, search: QLineEdit, results: QAbstractItemView) -> None:
        super().__init__(search)
        self.search = search
        self.results = results
        search.installEventFilter(self)
        search.returnPressed.connect(self.go_to_results)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
        ):
            self.go_to_results()
            return True
        return False

    def go_to_results(self) -> None:
        """Focus the results with a row chosen (the first, unless one already is)."""
        model = self.results.model()
        if model is None or model.rowCount() == 0:
            return
        selection = self.results.selectionModel()
        if selection is None or not selection.hasSelection():
            self.results.setCurrentIndex(model.index(0, 0))
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)


def use_keyboard(views: QWidget, search: QLineEdit, results: QAbstractItemView) -> None:
    """Wire the register window's keys (see the module's docstring)."""
    results.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
    QWidget.setTabOrder(views, search)
    QWidget.setTabOrder(search, results)
    SearchToResults(search, results)
