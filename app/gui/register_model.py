"""A table model over the register: pages of `Register.search` results, fetched as the view
scrolls, so a register of a million notes lists its first rows at once.

The rows fetched are held as Qt items (a QStandardItemModel), so painting the table runs no
Python at all: a Python model answered about four calls per visible cell, and each call waited
for the interpreter whenever a worker held it (while the register service loads at start)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QStandardItemModel

from app.gui import colours
from app.gui.addressee_names import listed_name, names_read
from app.i18n.dates import short_date
from app.i18n.messages import _, ui_language
from app.services.register_reading import NoteSummary, RegisterReading, SearchFilters

if TYPE_CHECKING:
    from app.services.register import Register

COL_NUMBER = 0
COL_DATE = 1
COL_ADDRESSEE = 2
COL_SUBJECT = 3
COL_STATUS = 4
COL_DEADLINE = 5
COLUMN_COUNT = 6

#: The note's register id (in the number column), for the details pane and the editor.
NoteIdRole = Qt.ItemDataRole.UserRole + 1

#: Sort keys of the register service, by column.
SORT_KEYS = ("number", "date", "addressee", "subject", "status", "deadline")

PAGE_SIZE = 200
#: The first page of a list read afresh: more rows than a tall screen shows; the view asks
#: for the next pages as it scrolls. Each row filled costs the first paint about 20 µs.
FIRST_PAGE_SIZE = 60
#: Deadlines this many days ahead (or fewer) are shown as near.
NEAR_DAYS = 7

OVERDUE_FOREGROUND = QColor(colours.ERROR)
OVERDUE_BACKGROUND = QColor(colours.PROBLEM_BACKGROUND)
NEAR_FOREGROUND = QColor(colours.WARNING)
NEAR_BACKGROUND = QColor(colours.WARNING_BACKGROUND)

#: States in which an objection deadline no longer matters.
_SETTLED = frozenset({"withdrawn"})
#: States in which a passed deadline is the procedure's end, not work overdue: a dispatched
#: note has reached its addressees and the silence has simply run.
_SENT = frozenset({"dispatched"})

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
        return None if summary.status in _SENT else "overdue"
    if (summary.deadline - today).days <= NEAR_DAYS:
        return "near"
    return None


class RegisterModel(QStandardItemModel):
    """The register's notes matching a query, loaded page by page."""

    #: A view asked to sort by a register sort key ("-" in front: reversed), and
    #: `defer_sorting` leaves the sorting to whoever listens (the window sorts on a worker).
    sort_requested = Signal(object)

    def __init__(
        self,
        register: RegisterReading | Register,
        parent: Any = None,
        *,
        page_size: int = PAGE_SIZE,
        today: Callable[[], dt.date] = dt.date.today,
        count_now: bool = True,
        load_now: bool = True,
        names_later: bool = False,
    ) -> None:
        super().__init__(0, COLUMN_COUNT, parent)
        self.setHorizontalHeaderLabels(list(_headers()))
        self._register = register
        self._page_size = page_size
        self._today = today
        self._query = ""
        self._filters = SearchFilters()
        self._sort: str | None = None
        self._rows: list[NoteSummary] = []
        self._exhausted = False
        self._total: int | None = None
        #: True: `sort` only emits `sort_requested` (see there).
        self.defer_sorting = False
        #: Rows are being removed or added: a view asking for more meanwhile is told there is
        #: none yet (fetching then would insert rows inside another change).
        self._appending = False
        #: False: `total()` is not computed on the GUI thread; the window counts on a worker
        #: and hands the figure over with `set_total`.
        self._count_now = count_now
        #: True: rows are listed with the names stored until `name_addressees` reads the
        #: directory's names (after the first paint: reading them costs as much as the rows).
        self._names_later = names_later
        if load_now:  # else the owner loads it (the window: once it knows the saved view)
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

    def show_first_page(
        self,
        query: str,
        filters: SearchFilters,
        rows: list[NoteSummary],
        sort: str | None = None,
    ) -> None:
        """Show `rows`, the first page of `query` within `filters` sorted by `sort` (None:
        best match first) read elsewhere (on a worker); later pages are fetched as the view
        scrolls."""
        self._query = query.strip()
        self._filters = filters
        self._sort = sort
        self._total = None
        self._exhausted = len(rows) < self._page_size
        self._show(list(rows))

    def set_filters(self, filters: SearchFilters) -> None:
        """Narrow the list (a saved view) and start again from the first page."""
        self._filters = filters
        self.reload()

    def reload(self) -> None:
        self._total = None
        self._exhausted = False
        self._rows = []
        self._fetch_first_page()

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

    def _page(self, limit: int) -> list[NoteSummary]:
        page = self._register.search(
            self._query,
            self._filters,
            sort=self._sort,
            offset=len(self._rows),
            limit=limit,
        )
        if len(page) < limit:
            self._exhausted = True
        return page

    def _fetch_first_page(self) -> None:
        self._rows = []
        self._show(self._page(min(self._page_size, FIRST_PAGE_SIZE)))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._appending

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._appending:
            return
        self._append(self._page(self._page_size))

    # -- rows as items --------------------------------------------------------------------------

    def _show(self, rows: list[NoteSummary]) -> None:
        """Show `rows` in place of the rows shown."""
        self._appending = True  # a view told of the removal must not fetch into it
        try:
            self._rows = []
            self.setRowCount(0)
        finally:
            self._appending = False
        self._append(rows)

    def _append(self, page: list[NoteSummary]) -> None:
        """Add `page` after the rows shown: one insertion and one change for the view, not one
        per cell."""
        if not page:
            return
        first = len(self._rows)
        today = self._today()
        language = ui_language()
        self._appending = True
        try:
            self._rows.extend(page)
            self.insertRows(first, len(page))
            self.blockSignals(True)
            try:
                for row, summary in enumerate(page, start=first):
                    self._fill_row(row, summary, language, today)
            finally:
                self.blockSignals(False)
        finally:
            self._appending = False
        last = first + len(page) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def name_addressees(self) -> None:
        """List the addressees by the directory's names in the interface language from now on,
        the rows shown too."""
        self._names_later = False
        language = ui_language()
        for row, summary in enumerate(self._rows):
            cell = self.index(row, COL_ADDRESSEE)
            text = listed_name(summary.addressee, language)
            if cell.data() != text:
                self.setData(cell, text)
                self.setData(cell, text, Qt.ItemDataRole.ToolTipRole)

    def _fill_row(self, row: int, summary: NoteSummary, language: str, today: dt.date) -> None:
        # Through setData, so Qt makes the items itself: items made in Python each keep a
        # Python twin (about 1 KB a cell), which a register scrolled far cannot afford.
        marking = _deadline_colours(deadline_state(summary, today))
        set_data, index = self.setData, self.index
        stored_names = self._names_later and not names_read(language)
        for column in range(COLUMN_COUNT):
            cell = index(row, column)
            if column == COL_ADDRESSEE and stored_names:
                text = summary.addressee
            else:
                text = cell_text(summary, column, language)
            set_data(cell, text)
            if column == COL_NUMBER:
                set_data(cell, summary.id, NoteIdRole)
            elif column in _CUT_COLUMNS:
                set_data(cell, text, Qt.ItemDataRole.ToolTipRole)  # in full on hovering
            if marking is not None:
                set_data(cell, marking[0], Qt.ItemDataRole.ForegroundRole)
                set_data(cell, marking[1], Qt.ItemDataRole.BackgroundRole)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted by the register (a million notes are never all loaded)."""
        if not 0 <= column < len(SORT_KEYS):
            return
        key = SORT_KEYS[column]
        sort = key if order == Qt.SortOrder.AscendingOrder else f"-{key}"
        if self.defer_sorting:
            self.sort_requested.emit(sort)
            return
        self._sort = sort
        self.reload()

    def clear_sort(self) -> None:
        """Back to best match first (the register's own order)."""
        self._sort = None
        self.reload()


#: Columns whose text is often longer than the column.
_CUT_COLUMNS = (COL_ADDRESSEE, COL_SUBJECT)


def _deadline_colours(state: str | None) -> tuple[QColor, QColor] | None:
    """Foreground and background of a row whose deadline is overdue or near. Colours, not
    brushes: the view paints a colour as a brush of it, and the first brush made costs the
    first rows about 2 ms (PySide6 then creates QGradient's enums)."""
    if state == "overdue":
        return OVERDUE_FOREGROUND, OVERDUE_BACKGROUND
    if state == "near":
        return NEAR_FOREGROUND, NEAR_BACKGROUND
    return None


def cell_text(summary: NoteSummary, column: int, language: str) -> str:
    """What the register table shows of `summary` in `column`, dates in `language`'s style."""
    if column == COL_NUMBER:
        return summary.number_display
    if column == COL_DATE:
        return short_date(summary.date, language)
    if column == COL_ADDRESSEE:
        return listed_name(summary.addressee, language)
    if column == COL_SUBJECT:
        return summary.subject
    if column == COL_STATUS:
        return status_text(summary.status)
    if column == COL_DEADLINE:
        return short_date(summary.deadline, language) if summary.deadline else ""
    return ""
