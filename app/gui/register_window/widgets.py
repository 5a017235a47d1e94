"""The register window's two lists: the saved views, and the table of notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QWidget,
)

from app.gui.register_model import (
    COL_ADDRESSEE,
    COL_DATE,
    COL_DEADLINE,
    COL_NUMBER,
    COL_STATUS,
    COL_SUBJECT,
    RegisterModel,
)
from app.gui.register_window.views import VIEW_ALL, view_title, views_for

if TYPE_CHECKING:
    from app.services.users import UserInfo


class SavedViewsList(QListWidget):
    """The saved views a user sees, each item's data its view key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saved_views")
        self.setMinimumWidth(150)

    def fill(self, user: UserInfo | None, wanted: str) -> str:
        """List the views `user` sees with `wanted` chosen (All notes when it is not one of
        them), without signalling; returns the view chosen."""
        shown = views_for(user)
        if wanted not in shown:
            wanted = VIEW_ALL
        self.blockSignals(True)
        self.clear()
        for view in shown:
            item = QListWidgetItem(view_title(view), self)
            item.setData(Qt.ItemDataRole.UserRole, view)
            if view == wanted:
                self.setCurrentItem(item)
        self.blockSignals(False)
        self._fit()
        return wanted

    def show_counts(self, counts: dict[str, int]) -> None:
        """Each view's title with how many notes it lists: "My drafts (3)"."""
        for row in range(self.count()):
            item = self.item(row)
            view = str(item.data(Qt.ItemDataRole.UserRole))
            if view in counts:
                item.setText(f"{view_title(view)} ({counts[view]})")
        self._fit()

    def _fit(self) -> None:
        """Wide enough for the longest view title ("Ожидают моего утверждения"), never cut."""
        metrics = self.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.item(row).text()) for row in range(self.count())),
            default=0,
        )
        # Room for the item margins, the frame and a vertical scroll bar should one appear.
        self.setMinimumWidth(max(150, widest + 2 * self.frameWidth() + 24))
        self._widen_in_splitter()

    def _widen_in_splitter(self) -> None:
        """A splitter lays out again only when resized: a list that has grown (its counts
        shown) takes its room from the other panes now, instead of drawing over the table."""
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter) or not splitter.isVisible():
            return  # not laid out yet: the splitter gives it its minimum when it is
        index = splitter.indexOf(self)
        sizes = splitter.sizes()
        need = self.minimumWidth() - sizes[index]
        if need <= 0 or len(sizes) < 2:
            return
        # The details pane gives first (the table's Subject column keeps its room), then the
        # others from the last.
        for donor in sorted((i for i in range(len(sizes)) if i != index), reverse=True):
            pane = splitter.widget(donor)
            if pane is None:
                continue
            room = sizes[donor] - pane.minimumSizeHint().width()
            given = max(0, min(need, room))
            sizes[donor] -= given
            sizes[index] += given
            need -= given
            if need <= 0:
                break
        splitter.setSizes(sizes)

    def current_view(self) -> str:
        item = self.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else VIEW_ALL

    def choose(self, view: str) -> None:
        """Choose `view` (as clicking it does)."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == view:
                self.setCurrentItem(item)
                return
        raise ValueError(f"view {view!r} is not offered to this user")


class RegisterTableView(QTableView):
    """The register's rows: one selected at a time, sorted by clicking a header."""

    def __init__(self, model: RegisterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("register_table")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.setSortingEnabled(True)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_NUMBER, 100),
            (COL_DATE, 90),
            (COL_ADDRESSEE, 170),
            (COL_STATUS, 100),
            (COL_DEADLINE, 95),
        ):
            header.resizeSection(column, width)


class FirstPaint(QObject):
    """Calls `then` once, after `widget` has been painted for the first time."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint has reached the screen
        return False
