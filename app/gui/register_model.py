"""A table model over the register: pages of `Register.search` results, fetched as the view
scrolls, so a register of a million notes lists its first rows at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.i18n.messages import _
from app.services.register import NoteSummary, Register, SearchFilters

COL_NUMBER = 0
COL_DATE = 1
COL_ADDRESSEE = 2
COL_SUBJECT = 3
COL_STATUS = 4
COL_DEADLINE = 5
COLUMN_COUNT = 6

#: The note's register id, for the details pane and the editor.
NoteIdRole = Qt.ItemDataRole.UserRole + 1
#: The whole NoteSummary of a row.
SummaryRole = Qt.ItemDataRole.UserRole + 2

#: Sort keys of the register service, by column.
SORT_KEYS = ("number", "date", "addressee", "subject", "status", "deadline")

PAGE_SIZE = 200
#: Deadlines this many days ahead (or fewer) are shown as near.
NEAR_DAYS = 7

OVERDUE_FOREGROUND = QColor("#b00020")
OVERDUE_BACKGROUND = QColor("#fde7ea")
NEAR_FOREGROUND = QColor("#8a5300")
NEAR_BACKGROUND = QColor("#fff3d6")

#: States in which an objection deadline no longer matters.
_SETTLED = frozenset({"withdrawn"})

Index = QModelIndex | QPersistentModelIndex


def _headers() -> tuple[str, ...]:
    return (
        _("Number"),
        _("Date"),
        _("Addressee"),
        _("Subject"),
        _("Status"),
        _("Deadline"),
    )


def status_text(status: str) -> str:
    """A register status as the officer reads it, in the interface language."""
    return {
        "draft": _("draft"),
        "submitted": _("submitted"),
        "returned": _("returned"),
        "approved": _("approved"),
        "issued": _("issued"),
        "dispatched": _("dispatched"),
        "withdrawn": _("withdrawn"),
    }.get(status, status)


def deadline_state(summary: NoteSummary, today: dt.date) -> str | None:
    """ "overdue", "near" (within NEAR_DAYS) or None."""
    if summary.deadline is None or summary.status in _SETTLED:
        return None
    if summary.deadline < today:
        return "overdue"
    if (summary.deadline - today).days <= NEAR_DAYS:
        return "near"
    return None


class RegisterModel(QAbstractTableModel):
    """The register's notes matching a query, loaded page by page."""

    def __init__(
        self,
        register: Register,
        parent: Any = None,
        *,
        page_size: int = PAGE_SIZE,
        today: Callable[[], dt.date] = dt.date.today,
        count_now: bool = True,
    ) -> None:
        super().__init__(parent)
        self._register = register
        self._page_size = page_size
        self._today = today
        self._query = ""
        self._filters = SearchFilters()
        self._sort: str | None = None
        self._rows: list[NoteSummary] = []
        self._exhausted = False
        self._total: int | None = None
        #: False: `total()` is not computed on the GUI thread; the window counts on a worker
        #: and hands the figure over with `set_total`.
        self._count_now = count_now
        self._fetch_first_page()

    # -- query ----------------------------------------------------------------------------------

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        """Search for `text` (a number, or words) and start again from the first page."""
        self._query = text.strip()
        self._sort = None  # best match first for a new search
        self.reload()

    @property
    def filters(self) -> SearchFilters:
        return self._filters

    @property
    def page_size(self) -> int:
        return self._page_size

    def show_first_page(self, query: str, filters: SearchFilters, rows: list[NoteSummary]) -> None:
        """Show `rows`, the first page of `query` within `filters` read elsewhere (on a
        worker), best match first; later pages are fetched as the view scrolls."""
        self.beginResetModel()
        self._query = query.strip()
        self._filters = filters
        self._sort = None
        self._rows = list(rows)
        self._exhausted = len(rows) < self._page_size
        self._total = None
        self.endResetModel()

    def set_filters(self, filters: SearchFilters) -> None:
        """Narrow the list (a saved view) and start again from the first page."""
        self._filters = filters
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._total = None
        self._fetch_first_page(notify=False)
        self.endResetModel()

    def total(self) -> int:
        """How many notes match the query (counted once per query)."""
        if self._total is None:
            if self._exhausted:
                self._total = len(self._rows)
            else:
                self._total = self._register.count(self._query, self._filters)
        return self._total

    def known_total(self) -> int | None:
        """The number of matches if already known (all rows loaded, or counted), else None."""
        if self._total is None and self._exhausted:
            self._total = len(self._rows)
        if self._total is None and self._count_now:
            return self.total()
        return self._total

    def set_total(self, total: int) -> None:
        """The count made elsewhere (on a worker) for the current query and filters."""
        self._total = total

    def row_of(self, note_id: int) -> int | None:
        """The row showing `note_id` among the rows loaded so far."""
        for row, summary in enumerate(self._rows):
            if summary.id == note_id:
                return row
        return None

    def summary(self, row: int) -> NoteSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def note_id(self, row: int) -> int | None:
        summary = self.summary(row)
        return summary.id if summary is not None else None

    # -- paging ---------------------------------------------------------------------------------

    def _page(self) -> list[NoteSummary]:
        page = self._register.search(
            self._query,
            self._filters,
            sort=self._sort,
            offset=len(self._rows),
            limit=self._page_size,
        )
        if len(page) < self._page_size:
            self._exhausted = True
        return page

    def _fetch_first_page(self, *, notify: bool = False) -> None:
        page = self._page()
        if notify and page:
            self.beginInsertRows(QModelIndex(), 0, len(page) - 1)
        self._rows.extend(page)
        if notify and page:
            self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._page()
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # -- the model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            headers = _headers()
            return headers[section] if 0 <= section < len(headers) else None
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        summary = self.summary(index.row())
        if summary is None or not 0 <= index.column() < COLUMN_COUNT:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(summary, column)
        if role == NoteIdRole:
            return summary.id
        if role == SummaryRole:
            return summary
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            state = deadline_state(summary, self._today())
            if state is None:
                return None
            foreground = role == Qt.ItemDataRole.ForegroundRole
            if state == "overdue":
                return QBrush(OVERDUE_FOREGROUND if foreground else OVERDUE_BACKGROUND)
            return QBrush(NEAR_FOREGROUND if foreground else NEAR_BACKGROUND)
        return None

    @staticmethod
    def _display(summary: NoteSummary, column: int) -> str:
        if column == COL_NUMBER:
            return summary.number_display
        if column == COL_DATE:
            return summary.date.isoformat()
        if column == COL_ADDRESSEE:
            return summary.addressee
        if column == COL_SUBJECT:
            return summary.subject
        if column == COL_STATUS:
            return status_text(summary.status)
        if column == COL_DEADLINE:
            return summary.deadline.isoformat() if summary.deadline else ""
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        key = SORT_KEYS[column]
        self._sort = key if order == Qt.SortOrder.AscendingOrder else f"-{key}"
        self.reload()

    def clear_sort(self) -> None:
        """Back to best match first (the register's own order)."""
        self._sort = None
        self.reload()
