"""The plan editor: a plan's table edited row by row, one tab per plan language.

The editor keeps the plan as an immutable `Plan` and replaces it on every change through a
`QUndoStack`, so every edit — a cell, a row moved, a whole import — can be undone. Rows are
shared by all languages; the language tab only chooses which language's texts the table shows
and edits. Cells spanning rows are kept as the plan keeps them (`Cell.rowspan`) and shown with
`QTableView.setSpan`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER, in_binding_order
from app.domain.plan import (
    MAX_SECTION_LEVEL,
    NUMBER_HEADERS,
    NUMBER_KEY,
    Block,
    BlockKind,
    Cell,
    Column,
    Item,
    NumberColumn,
    NumberingMode,
    Orientation,
    Plan,
    PlanProblem,
    Row,
    Section,
    Signatory,
)
from app.domain.problems import Problem, ValidationError
from app.gui.confirm import confirm_discard
from app.gui.problem_text import field_label, message_text
from app.i18n.messages import _
from app.services.plan_io import PlanFileError, read_plan, write_plan
from app.services.plan_paste import PastedRow, PasteError, parse_clipboard, to_plan_rows

#: Marks, inside the editor only, a place covered by the cell above that spans down.
CONTINUED = Cell({}, rowspan=0)
#: Headers of a new plan's first column.
DEFAULT_COLUMN_HEADERS = {"en": "Events", "ru": "Мероприятия", "kk": "Іс-шаралар"}
BULLET = "• "
PROBLEM_BRUSH = QBrush(QColor("#f8d0cc"))
SECTION_BRUSH = QBrush(QColor("#e8eef7"))

#: The relative width a column added in the editor (or by a pasted header) starts with.
NEW_COLUMN_WIDTH = 2.0


def numbering_names() -> dict[str, str]:
    return {
        "flat": _("Automatic: 1., 2., 3."),
        "hierarchical": _("Automatic by sections: I., 1.1., 1.2."),
        "typed": _("As typed"),
    }


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def empty_plan(languages: Sequence[str]) -> Plan:
    """A new plan: one column, no rows."""
    languages = in_binding_order(tuple(languages))
    headers = {language: DEFAULT_COLUMN_HEADERS.get(language, "") for language in languages}
    return Plan(
        languages=languages,
        columns=(Column("events", headers, 5.0),),
        title={language: "" for language in languages},
    )


# ---------------------------------------------------------------------------------------------
# Rows with every covered place marked, so rows can be inserted, deleted and moved freely.


def expand(plan: Plan) -> list[Row]:
    """The plan's rows, each place covered by a spanning cell holding CONTINUED."""
    covered = plan.covered()
    rows: list[Row] = []
    for index, row in enumerate(plan.rows):
        if isinstance(row, Item) and covered[index]:
            cells = dict(row.cells)
            for key in covered[index]:
                cells[key] = CONTINUED
            row = Item(cells, row.number)
        elif isinstance(row, Item):
            row = Item({key: Cell(cell.texts) for key, cell in row.cells.items()}, row.number)
        rows.append(row)
    return rows


def collapse(rows: Sequence[Row], languages: Sequence[str], keys: Sequence[str]) -> tuple[Row, ...]:
    """Rows as a plan keeps them: a CONTINUED place lengthens the cell above it (a section or
    an empty place ends a span); every text has every language; empty cells are dropped."""
    result: list[Row] = []
    open_at: dict[str, int] = {}  # column key -> index in `result` of the cell spanning down
    spans: dict[tuple[int, str], int] = {}
    for row in rows:
        if isinstance(row, Section):
            open_at.clear()
            titles = {language: row.titles.get(language, "") for language in languages}
            result.append(Section(titles, row.level, row.number))
            continue
        cells: dict[str, Cell] = {}
        position = len(result)
        for key in keys:
            cell = row.cells.get(key)
            if cell is CONTINUED:
                if key in open_at:
                    spans[(open_at[key], key)] += 1
                continue
            if cell is None:
                open_at.pop(key, None)
                continue
            cells[key] = Cell({language: cell.texts.get(language, "") for language in languages})
            open_at[key] = position
            spans[(position, key)] = 1
        result.append(Item(cells, row.number))
    final: list[Row] = []
    for position, row in enumerate(result):
        if isinstance(row, Item):
            kept = {}
            for key, cell in row.cells.items():
                span = spans[(position, key)]
                if span > 1 or any(cell.texts.values()):
                    kept[key] = Cell(cell.texts, span)
            row = Item(kept, row.number)
        final.append(row)
    return tuple(final)


def with_languages(plan: Plan, languages: Sequence[str]) -> Plan:
    """The plan in other languages: texts of the languages dropped go, new ones start empty
    (a column's header starts from the usual one when there is one)."""
    languages = in_binding_order(tuple(languages))

    def texts(source: Any, defaults: Any = None) -> dict[str, str]:
        return {code: source.get(code, "") or (defaults or {}).get(code, "") for code in languages}

    def keep(source: Any) -> dict[str, str]:
        return {code: text for code, text in source.items() if code in languages}

    rows: list[Row] = []
    for row in plan.rows:
        if isinstance(row, Section):
            rows.append(Section(texts(row.titles), row.level, row.number))
        else:
            cells = {key: Cell(texts(cell.texts), cell.rowspan) for key, cell in row.cells.items()}
            rows.append(Item(cells, row.number))
    return dataclasses.replace(
        plan,
        languages=languages,
        columns=tuple(
            Column(
                column.key,
                texts(column.headers, DEFAULT_COLUMN_HEADERS if column.key == "events" else {}),
                column.width,
            )
            for column in plan.columns
        ),
        number_column=NumberColumn(keep(plan.number_column.headers), plan.number_column.width),
        rows=tuple(rows),
        title=texts(plan.title),
        preamble=tuple(Block(texts(block.texts), block.kind) for block in plan.preamble),
        signatories=tuple(
            Signatory(texts(s.names), texts(s.titles), keep(s.headings), s.date)
            for s in plan.signatories
        ),
    )


def rebuilt(plan: Plan, rows: Sequence[Row]) -> Plan:
    """The plan with expanded `rows` collapsed back into it."""
    return dataclasses.replace(plan, rows=collapse(rows, plan.languages, plan.column_keys()))


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


def column_header(
    column: Column, language: str, languages: Sequence[str]
) -> tuple[str, str | None]:
    """The header a column shows in `language`, and the language that header is written in.

    A column with no header in `language` yet borrows one: English first, then the plan's
    `languages` in order. With no header in any language the key is shown (language None).
    """
    for source in dict.fromkeys((language, "en", *languages)):
        text = column.headers.get(source, "")
        if text.strip():
            return text, source
    return column.key, None


def problem_text(problem: Problem, plan: Plan) -> str:
    """A problem told with its row, column and language as a person reads them."""
    places: list[str] = []
    if isinstance(problem, PlanProblem) and problem.row is not None:
        places.append(_("Row {number}").format(number=problem.row))
    if isinstance(problem, PlanProblem) and problem.column is not None:
        headers = {column.key: column for column in plan.columns}
        column = headers.get(problem.column)
        if column is not None:
            language = problem.language or (plan.languages[0] if plan.languages else "en")
            places.append(column_header(column, language, plan.languages)[0])
    if isinstance(problem, PlanProblem) and problem.row is not None and problem.column is None:
        if problem.field.endswith(".title"):
            places.append(_("section heading"))
        elif problem.field.endswith(".level"):
            places.append(_("section level"))
    if not places:
        places.append(field_label(problem.field))
    if problem.language:
        places.append(language_name(problem.language))
    return _("{field}: {message}").format(
        field=", ".join(places), message=message_text(problem.message)
    )


# ---------------------------------------------------------------------------------------------
# The table model


class PlanTableModel(QAbstractTableModel):
    """The plan's rows in one language: the number column, then the plan's columns.

    A section shows its number in the first column and its title in the second (the view
    spans it over the rest). Edits are not applied here: `cellEdited` asks the editor, which
    records them on its undo stack and hands the model the new plan.
    """

    cellEdited = Signal(int, int, str)

    def __init__(self, plan: Plan, language: str, parent: Any = None, editable: bool = True):
        super().__init__(parent)
        self._plan = plan
        self._language = language
        self._editable = editable
        self._numbers = plan.numbers()
        self._covered = plan.covered()
        self._problems: dict[tuple[int, str | None], list[str]] = {}
        self._index_problems(plan.problems())

    # -- state

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def language(self) -> str:
        return self._language

    def set_plan(self, plan: Plan, problems: Sequence[Problem] | None = None) -> None:
        """Show another plan; `problems` are its problems when the caller has them already."""
        old_plan, old_numbers, old_problems = self._plan, self._numbers, self._problems
        same_shape = len(plan.rows) == len(old_plan.rows) and plan.columns == old_plan.columns
        if not same_shape:
            self.beginResetModel()
            self._set(plan, problems)
            self.endResetModel()
            return
        self._set(plan, problems)
        # Only the rows that look different are redrawn (and re-measured): a plan has
        # hundreds of rows with long cells, and a cell edit changes one of them.
        touched = {row for row, _key in self._problems.keys() ^ old_problems.keys()}
        touched |= {
            row
            for (row, key), texts in self._problems.items()
            if old_problems.get((row, key)) != texts
        }
        for index, (old, new) in enumerate(zip(old_plan.rows, plan.rows, strict=True)):
            if old != new or old_numbers[index] != self._numbers[index]:
                touched.add(index)
        self._rows_changed(sorted(touched))
        if plan.number_column != old_plan.number_column:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    def set_language(self, language: str) -> None:
        self._language = language
        self._index_problems(self._plan.problems())
        if self.rowCount():
            self._rows_changed(list(range(self.rowCount())))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _set(self, plan: Plan, problems: Sequence[Problem] | None) -> None:
        self._plan = plan
        self._numbers = plan.numbers()
        self._covered = plan.covered()
        self._index_problems(plan.problems() if problems is None else problems)

    def _index_problems(self, problems: Sequence[Problem]) -> None:
        self._problems = {}
        for problem in problems:
            if not isinstance(problem, PlanProblem) or problem.row is None:
                continue
            if problem.language not in (None, self._language):
                continue
            where = (problem.row - 1, problem.column)
            self._problems.setdefault(where, []).append(problem_text(problem, self._plan))

    def _rows_changed(self, rows: list[int]) -> None:
        """dataChanged for each run of consecutive rows."""
        last = self.columnCount() - 1
        start = previous = None
        for row in [*rows, None]:
            if row is not None and previous is not None and row == previous + 1:
                previous = row
                continue
            if start is not None and previous is not None:
                self.dataChanged.emit(self.index(start, 0), self.index(previous, last))
            start = previous = row

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, column, rows, columns) of every merged area the view shows."""
        found = []
        width = self.columnCount()
        for index, row in enumerate(self._plan.rows):
            if isinstance(row, Section):
                if width > 2:
                    found.append((index, 1, 1, width - 1))
                continue
            for number, key in enumerate(self._plan.column_keys(), start=1):
                cell = row.cells.get(key)
                if cell is not None and cell.rowspan > 1:
                    rows = min(cell.rowspan, len(self._plan.rows) - index)
                    found.append((index, number, rows, 1))
        return found

    # -- Qt

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plan.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._plan.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if section == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._plan.number_column.header(self._language)
            return None
        if not 0 < section <= len(self._plan.columns):
            return None
        text, source = column_header(
            self._plan.columns[section - 1], self._language, self._plan.languages
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        # A borrowed header (or the bare key) is in italics, and its tooltip says why.
        if role == Qt.ItemDataRole.FontRole and source != self._language:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if source is None:
                return _("No header in any language yet: the column's key is shown.")
            if source != self._language:
                return _("No header in {language} yet: shown in {source}.").format(
                    language=language_name(self._language), source=language_name(source)
                )
        return None

    def _key(self, column: int) -> str | None:
        return self._plan.columns[column - 1].key if column > 0 else None

    def text(self, row: int, column: int) -> str:
        """The text typed in a place (the number typed, not the number shown)."""
        plan_row = self._plan.rows[row]
        if column == 0:
            return plan_row.number
        if isinstance(plan_row, Section):
            return plan_row.title(self._language) if column == 1 else ""
        cell = plan_row.cells.get(self._key(column) or "")
        return cell.text(self._language) if cell is not None else ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        plan_row = self._plan.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._numbers[row]
            text = self.text(row, column)
            if isinstance(plan_row, Section) and column == 1:
                return "    " * (plan_row.level - 1) + text
            return text
        if role == Qt.ItemDataRole.EditRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            found = self._problems_at(row, column)
            if found:
                return "\n".join(found)
            if isinstance(plan_row, Section) and column == 1:
                return _("Section heading, level {level}").format(level=plan_row.level)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._problems_at(row, column):
                return PROBLEM_BRUSH
            if isinstance(plan_row, Section):
                return SECTION_BRUSH
            return None
        if role == Qt.ItemDataRole.FontRole and isinstance(plan_row, Section):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            vertical = Qt.AlignmentFlag.AlignTop
            if column == 0:
                return int(vertical | Qt.AlignmentFlag.AlignHCenter)
            return int(vertical | Qt.AlignmentFlag.AlignLeft)
        return None

    def _problems_at(self, row: int, column: int) -> list[str]:
        found = list(self._problems.get((row, self._key(column)), []))
        if column == 1 and isinstance(self._plan.rows[row], Section):
            found += self._problems.get((row, None), [])
        return found

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._editable:
            return flags
        row, column = index.row(), index.column()
        if column == 0:
            if self._plan.numbering == "typed":
                flags |= Qt.ItemFlag.ItemIsEditable
        elif isinstance(self._plan.rows[row], Section):
            if column == 1:
                flags |= Qt.ItemFlag.ItemIsEditable
        elif self._key(column) not in self._covered[row]:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        text = str(value)
        if text == self.text(index.row(), index.column()):
            return True
        self.cellEdited.emit(index.row(), index.column(), text)
        return True


# ---------------------------------------------------------------------------------------------
# Undo


class _PlanChange(QUndoCommand):
    """One change of the plan: the plan before and after, and the row to show after each."""

    def __init__(
        self,
        apply: Callable[[Plan, int | None], None],
        before: Plan,
        after: Plan,
        text: str,
        row_before: int | None,
        row_after: int | None,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self._before, self._after = before, after
        self._row_before, self._row_after = row_before, row_after

    def redo(self) -> None:
        self._apply(self._after, self._row_after)

    def undo(self) -> None:
        self._apply(self._before, self._row_before)


# ---------------------------------------------------------------------------------------------
# The editor


class PlanEditor(QWidget):
    """Edits a plan: its table in every language, its columns, numbering, title, preamble and
    approval block; paste from Excel or Word, import and export CSV/XLSX, undo and redo."""

    planChanged = Signal()

    def __init__(
        self,
        plan: Plan | None = None,
        languages: tuple[str, ...] = ("en", "ru"),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self._languages = in_binding_order(languages) or ("en",)
        self._plan = plan if plan is not None else empty_plan(self._languages)
        self._problems: list[Problem] = []
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("planUndoStack")

        self.model = PlanTableModel(self._plan, self._plan.languages[0], self)
        self.model.cellEdited.connect(self._edit_cell)

        self.language_tabs = QTabBar(self)
        self.language_tabs.setObjectName("planLanguageTabs")
        self.language_tabs.setExpanding(False)
        self.language_tabs.currentChanged.connect(self._language_chosen)

        self.table = PlanTableView(self._shift_current_section, self)
        self.table.setObjectName("planTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        ColumnFitter(self.table, lambda: self._plan)

        self.numbering_box = QComboBox(self)
        self.numbering_box.setObjectName("planNumbering")
        for mode, name in numbering_names().items():
            self.numbering_box.addItem(name, mode)
        self.numbering_box.currentIndexChanged.connect(self._numbering_chosen)
        self.orientation_box = QComboBox(self)
        self.orientation_box.setObjectName("planOrientation")
        self.orientation_box.addItem(_("Portrait"), "portrait")
        self.orientation_box.addItem(_("Landscape"), "landscape")
        self.orientation_box.currentIndexChanged.connect(self._orientation_chosen)

        self.problems_list = QListWidget(self)
        self.problems_list.setObjectName("planProblems")
        self.problems_list.setMaximumHeight(110)
        self.problems_list.itemActivated.connect(self._problem_activated)
        self.status = QLabel(self)
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)

        self.summary = QLabel(self)
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.plan_actions: dict[str, QAction] = {}
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("planToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()

        side = QWidget(self)
        side.setMaximumWidth(340)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(_("Numbering"), side))
        side_layout.addWidget(self.numbering_box)
        side_layout.addWidget(QLabel(_("Page"), side))
        side_layout.addWidget(self.orientation_box)
        side_layout.addWidget(QLabel(_("Languages of the plan"), side))
        self.language_checks: dict[str, QCheckBox] = {}
        for code in LANGUAGE_ORDER:
            check = QCheckBox(language_name(code), side)
            check.setObjectName(f"planLanguage_{code}")
            check.toggled.connect(self._languages_chosen)
            side_layout.addWidget(check)
            self.language_checks[code] = check
        details_button = QPushButton(_("Title, preamble and approval…"), side)
        details_button.setObjectName("planDetailsButton")
        details_button.clicked.connect(self.edit_details)
        columns_button = QPushButton(_("Columns…"), side)
        columns_button.setObjectName("planColumnsButton")
        columns_button.clicked.connect(self.edit_columns)
        side_layout.addWidget(details_button)
        side_layout.addWidget(columns_button)
        side_layout.addWidget(self.summary, 1)

        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.language_tabs)
        centre_layout.addWidget(self.table, 1)

        splitter = QSplitter(self)
        splitter.addWidget(centre)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(QLabel(_("Problems"), self))
        layout.addWidget(self.problems_list)
        layout.addWidget(self.status)

        self._apply(self._plan, 0 if self._plan.rows else None)
        self.undo_stack.clear()

    # -- the agreed API

    def plan(self) -> Plan:
        """The plan as edited; raises ValidationError listing its problems."""
        return self._plan.validate()

    def draft(self) -> Plan:
        """The plan as edited, problems and all (nothing is checked)."""
        return self._plan

    def set_plan(self, plan: Plan | None) -> None:
        """Show another plan (a new empty one for None); the undo history starts afresh."""
        self._plan = plan if plan is not None else empty_plan(self._languages)
        self._apply(self._plan, 0 if self._plan.rows else None)
        self.undo_stack.clear()

    def language(self) -> str:
        """The language of the tab shown."""
        return self.model.language

    def set_language(self, language: str) -> None:
        for index in range(self.language_tabs.count()):
            if self.language_tabs.tabData(index) == language:
                self.language_tabs.setCurrentIndex(index)
                return
        raise ValueError(f"the plan is not in {language!r}")

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    # -- actions

    def _build_actions(self) -> None:
        def action(
            name: str,
            text: str,
            slot: Callable[[], object],
            *keys: QKeySequence | QKeySequence.StandardKey | str,
        ) -> QAction:
            item = QAction(text, self)
            item.setObjectName(name)
            if keys:
                item.setShortcuts([QKeySequence(key) for key in keys])
                item.setToolTip(f"{text} ({QKeySequence(keys[0]).toString()})")
            item.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            item.triggered.connect(slot)
            self.addAction(item)
            self.plan_actions[name] = item
            return item

        toolbar = self.toolbar
        toolbar.addAction(action("planAddRow", _("Add row"), self.add_row, "Ctrl+Return"))
        toolbar.addAction(
            action("planAddSection", _("Add section"), self.add_section, "Ctrl+Shift+Return")
        )
        toolbar.addAction(action("planDelete", _("Delete rows"), self.delete_rows, "Ctrl+Delete"))
        toolbar.addSeparator()
        toolbar.addAction(action("planMoveUp", _("Move up"), self.move_up, "Ctrl+Up"))
        toolbar.addAction(action("planMoveDown", _("Move down"), self.move_down, "Ctrl+Down"))
        indent = action("planIndent", _("Indent"), self.indent, "Ctrl+]")
        outdent = action("planOutdent", _("Outdent"), self.outdent, "Ctrl+[")
        # The tooltips tell the keyboard way too, and how to leave the table without the mouse.
        indent.setToolTip(
            _(
                "Indent the section heading ({shortcut}, or Tab in its number cell). "
                "Ctrl+Tab leaves the table."
            ).format(
                shortcut=QKeySequence("Ctrl+]").toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        outdent.setToolTip(
            _(
                "Outdent the section heading ({shortcut}, or Shift+Tab in its number cell). "
                "Ctrl+Shift+Tab leaves the table backwards."
            ).format(
                shortcut=QKeySequence("Ctrl+[").toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        toolbar.addAction(indent)
        toolbar.addAction(outdent)
        toolbar.addAction(
            action("planMergeDown", _("Merge down"), self.merge_down, "Ctrl+Shift+Down")
        )
        toolbar.addAction(action("planSplit", _("Split"), self.split_cell, "Ctrl+Shift+Up"))
        # Not on the toolbar: Delete empties the selected cells, as in a spreadsheet.
        action("planClear", _("Clear cells"), self.clear_cells, QKeySequence.StandardKey.Delete)
        toolbar.addSeparator()
        undo = self.undo_stack.createUndoAction(self, _("Undo"))
        undo.setObjectName("planUndo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, _("Redo"))
        redo.setObjectName("planRedo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        for item in (undo, redo):
            item.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(item)
            toolbar.addAction(item)
        self.plan_actions["planUndo"], self.plan_actions["planRedo"] = undo, redo
        toolbar.addSeparator()
        toolbar.addAction(
            action(
                "planPaste", _("Paste"), self.paste_from_clipboard, QKeySequence.StandardKey.Paste
            )
        )
        toolbar.addAction(action("planImport", _("Import…"), self.choose_import_file))
        toolbar.addAction(action("planExport", _("Export…"), self.choose_export_file))

    def button(self, name: str) -> QWidget:
        """The toolbar button of an action (by its objectName), for tests and tours."""
        widget = self.toolbar.widgetForAction(self.plan_actions[name])
        assert widget is not None
        return widget

    # -- applying changes

    def _change(self, plan: Plan, text: str, row_after: int | None) -> None:
        """Record a change on the undo stack (which applies it)."""
        if plan == self._plan:
            return
        self.undo_stack.push(
            _PlanChange(self._apply, self._plan, plan, text, self.current_row(), row_after)
        )

    def _apply(self, plan: Plan, row: int | None) -> None:
        column = max(self.table.currentIndex().column(), 0)
        languages_changed = plan.languages != tuple(
            self.language_tabs.tabData(i) for i in range(self.language_tabs.count())
        )
        self._plan = plan
        if languages_changed:
            language = self.model.language
            if language not in plan.languages:
                language = plan.languages[0] if plan.languages else "en"
            self.model.set_language(language)
            self.language_tabs.blockSignals(True)
            while self.language_tabs.count():
                self.language_tabs.removeTab(0)
            for code in plan.languages:
                index = self.language_tabs.addTab(language_name(code))
                self.language_tabs.setTabData(index, code)
                self.language_tabs.setTabToolTip(index, code)
            if language in plan.languages:
                self.language_tabs.setCurrentIndex(plan.languages.index(language))
            self.language_tabs.blockSignals(False)
        self._problems = plan.problems()
        self.model.set_plan(plan, self._problems)
        self._show_spans()
        self._show_widths()
        for box, value in (
            (self.numbering_box, plan.numbering),
            (self.orientation_box, plan.orientation),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
        for code, check in self.language_checks.items():
            check.blockSignals(True)
            check.setChecked(code in plan.languages)
            check.blockSignals(False)
        if row is not None and plan.rows:
            row = max(0, min(row, len(plan.rows) - 1))
            column = min(column, self.model.columnCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, column))
        self._show_problems()
        self._show_summary()
        self.planChanged.emit()

    def _show_spans(self) -> None:
        self.table.clearSpans()
        for row, column, rows, columns in self.model.spans():
            self.table.setSpan(row, column, rows, columns)

    def _show_widths(self) -> None:
        fit_columns(self.table, self._plan)

    def _show_problems(self) -> None:
        self.problems_list.clear()
        for problem in self._problems:
            item = QListWidgetItem(problem_text(problem, self._plan), self.problems_list)
            if isinstance(problem, PlanProblem) and problem.row is not None:
                item.setData(Qt.ItemDataRole.UserRole, problem.row - 1)
                item.setData(Qt.ItemDataRole.UserRole + 1, problem.language)
        if not self.problems_list.count():
            QListWidgetItem(_("No problems."), self.problems_list)

    def _show_summary(self) -> None:
        plan, language = self._plan, self.model.language
        title = " ".join(plan.title.get(language, "").split()) or _("(no title)")
        lines = [
            title,
            "",
            _("{count} rows, {sections} section headings").format(
                count=len(plan.rows),
                sections=sum(1 for row in plan.rows if isinstance(row, Section)),
            ),
            _("{count} preamble paragraphs").format(count=len(plan.preamble)),
        ]
        for signatory in plan.signatories:
            lines.append(f"{signatory.heading(language)}: {signatory.names.get(language, '')}")
        self.summary.setText("\n".join(lines))

    def problems(self) -> list[str]:
        """The problems shown under the table, as the officer reads them."""
        return [problem_text(problem, self._plan) for problem in self._problems]

    def _problem_activated(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        language = item.data(Qt.ItemDataRole.UserRole + 1)
        if language in self._plan.languages:
            self.set_language(language)
        if isinstance(row, int) and 0 <= row < len(self._plan.rows):
            self.table.setCurrentIndex(self.model.index(row, 1))
            self.table.setFocus()

    def _language_chosen(self, index: int) -> None:
        language = self.language_tabs.tabData(index)
        if language:
            self.model.set_language(language)
            self._show_summary()

    def _numbering_chosen(self) -> None:
        mode: NumberingMode = self.numbering_box.currentData()
        plan = dataclasses.replace(self._plan, numbering=mode)
        self._change(plan, _("Change numbering"), self.current_row())

    def _orientation_chosen(self) -> None:
        orientation: Orientation = self.orientation_box.currentData()
        plan = dataclasses.replace(self._plan, orientation=orientation)
        self._change(plan, _("Change page orientation"), self.current_row())

    # -- cells

    def _edit_cell(self, row: int, column: int, text: str) -> None:
        rows = expand(self._plan)
        target = rows[row]
        language = self.model.language
        if column == 0:
            rows[row] = dataclasses.replace(target, number=text.strip())
        elif isinstance(target, Section):
            rows[row] = dataclasses.replace(target, titles={**target.titles, language: text})
        else:
            key = self._plan.columns[column - 1].key
            cell = target.cells.get(key)
            texts = dict(cell.texts) if cell is not None and cell is not CONTINUED else {}
            texts[language] = text
            rows[row] = Item({**target.cells, key: Cell(texts)}, target.number)
        self._change(rebuilt(self._plan, rows), _("Edit cell"), row)

    def clear_cells(self) -> None:
        """Empty the selected cells in the language shown (one step to undo)."""
        rows = expand(self._plan)
        language = self.model.language
        for index in self.table.selectionModel().selectedIndexes() or [self.table.currentIndex()]:
            if not index.isValid() or not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                continue
            row, column = index.row(), index.column()
            target = rows[row]
            if column == 0:
                rows[row] = dataclasses.replace(target, number="")
            elif isinstance(target, Section):
                rows[row] = dataclasses.replace(target, titles={**target.titles, language: ""})
            else:
                key = self._plan.columns[column - 1].key
                cell = target.cells.get(key)
                if cell is not None and cell is not CONTINUED:
                    cells = {**target.cells, key: Cell({**cell.texts, language: ""})}
                    rows[row] = Item(cells, target.number)
        self._change(rebuilt(self._plan, rows), _("Clear cells"), self.current_row())

    # -- rows

    def _selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedIndexes()}
        current = self.current_row()
        if not rows and current is not None:
            rows = {current}
        return sorted(rows)

    def add_row(self) -> None:
        """Add an empty item below the current row (at the end when there is none)."""
        self._insert(Item({}), _("Add row"))

    def add_section(self) -> None:
        """Add a section heading below the current row, at the level of the section it is in."""
        level = 1
        current = self.current_row()
        if current is not None:
            for row in reversed(self._plan.rows[: current + 1]):
                if isinstance(row, Section):
                    level = row.level
                    break
        titles = {language: "" for language in self._plan.languages}
        self._insert(Section(titles, level), _("Add section"))

    def _insert(self, new: Row, text: str) -> None:
        rows = expand(self._plan)
        current = self.current_row()
        at = len(rows) if current is None else current + 1
        if isinstance(new, Item) and 0 < at < len(rows):
            # Inside a block of rows sharing a spanning cell, the new row joins the block.
            below = rows[at]
            if isinstance(below, Item):
                new = Item(
                    {key: CONTINUED for key, cell in below.cells.items() if cell is CONTINUED}
                )
        rows.insert(at, new)
        self._change(rebuilt(self._plan, rows), text, at)

    def delete_rows(self) -> None:
        """Delete the selected rows; a spanning cell whose first row goes keeps its text."""
        chosen = self._selected_rows()
        if not chosen:
            return
        rows = expand(self._plan)
        for index in reversed(chosen):
            gone = rows.pop(index)
            if isinstance(gone, Item) and index < len(rows):
                below = rows[index]
                if isinstance(below, Item):
                    cells = dict(below.cells)
                    for key, cell in gone.cells.items():
                        if cell is not CONTINUED and cells.get(key) is CONTINUED:
                            cells[key] = cell
                    rows[index] = Item(cells, below.number)
        text = _("Delete row") if len(chosen) == 1 else _("Delete rows")
        self._change(rebuilt(self._plan, rows), text, min(chosen[0], len(rows) - 1))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        current = self.current_row()
        if current is None:
            return
        other = current + step
        rows = expand(self._plan)
        if not 0 <= other < len(rows):
            return
        rows[current], rows[other] = rows[other], rows[current]
        self._change(rebuilt(self._plan, rows), _("Move row"), other)

    def indent(self) -> None:
        """A section heading one level down (I. -> 1.1.), up to level 3."""
        self._shift_level(1)

    def outdent(self) -> None:
        self._shift_level(-1)

    def _shift_level(self, step: int) -> None:
        rows = expand(self._plan)
        changed = False
        for index in self._selected_rows():
            row = rows[index]
            if isinstance(row, Section):
                level = max(1, min(row.level + step, MAX_SECTION_LEVEL))
                if level != row.level:
                    rows[index] = dataclasses.replace(row, level=level)
                    changed = True
        if not changed:
            self.status.setText(_("Only section headings have levels (1 to 3)."))
            return
        text = _("Indent") if step > 0 else _("Outdent")
        self._change(rebuilt(self._plan, rows), text, self.current_row())

    def _shift_current_section(self, step: int) -> bool:
        """Tab's indent (step 1) or Shift+Tab's outdent (step -1) of the section heading whose
        number cell is current; False, leaving Tab to move on, anywhere else or when the
        heading's level cannot go that way."""
        index = self.table.currentIndex()
        if not index.isValid() or index.column() != 0:
            return False
        row = self._plan.rows[index.row()]
        if not isinstance(row, Section) or not 1 <= row.level + step <= MAX_SECTION_LEVEL:
            return False
        self._shift_level(step)
        return True

    # -- cells spanning rows

    def _current_cell(self) -> tuple[int, str] | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.column() == 0:
            return None
        row = self._plan.rows[index.row()]
        if not isinstance(row, Item):
            return None
        return index.row(), self._plan.columns[index.column() - 1].key

    def merge_down(self) -> None:
        """Make the current cell cover the row below too (the cell below must be empty)."""
        place = self._current_cell()
        if place is None:
            return
        row, key = place
        cell = self._plan.rows[row].cells.get(key)  # type: ignore[union-attr]
        below = row + (cell.rowspan if cell is not None else 1)
        rows = expand(self._plan)
        target = rows[below] if below < len(rows) else None
        if not isinstance(target, Item):
            self.status.setText(_("There is no table row below to merge with."))
            return
        below_cell = target.cells.get(key)
        if below_cell is not None and any(below_cell.texts.values()):
            self.status.setText(
                _("The cell below has text; empty it first, so that nothing is lost.")
            )
            return
        if cell is None:
            # An empty cell spanning down needs to exist as a cell.
            origin = rows[row]
            assert isinstance(origin, Item)
            rows[row] = Item({**origin.cells, key: Cell({})}, origin.number)
        rows[below] = Item({**target.cells, key: CONTINUED}, target.number)
        self._change(rebuilt(self._plan, rows), _("Merge cells"), row)

    def split_cell(self) -> None:
        """Undo a merge: the rows the current cell covers get empty cells of their own."""
        place = self._current_cell()
        if place is None:
            return
        row, key = place
        cell = self._plan.rows[row].cells.get(key)  # type: ignore[union-attr]
        if cell is None or cell.rowspan < 2:
            return
        rows = expand(self._plan)
        for below in range(row + 1, row + cell.rowspan):
            target = rows[below]
            assert isinstance(target, Item)
            cells = {k: c for k, c in target.cells.items() if k != key}
            rows[below] = Item(cells, target.number)
        self._change(rebuilt(self._plan, rows), _("Split cells"), row)

    # -- languages

    def _languages_chosen(self) -> None:
        chosen = tuple(code for code, check in self.language_checks.items() if check.isChecked())
        if not chosen:
            self.status.setText(_("A plan needs at least one language."))
            self.language_checks[self._plan.languages[0]].setChecked(True)
            return
        self._change(
            with_languages(self._plan, chosen), _("Change the plan's languages"), self.current_row()
        )

    # -- paste

    def paste_from_clipboard(self) -> None:
        """Paste a table copied in Excel, Word or LibreOffice into the current language: from
        the current row down, filling this language's cells, adding rows past the end."""
        mime = QApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else None
        text = mime.text() if mime is not None and mime.hasText() else None
        language = self.model.language
        try:
            table = parse_clipboard(html, text)
            if len(table) == 1 and len(table[0]) == 1 and self._paste_into_cell(table[0][0].text):
                return
            result = to_plan_rows(table, self._plan.columns, language)
        except PasteError as error:
            self.status.setText(str(error))
            return
        plan = self._with_pasted_columns(result.new_columns, result.named, language)
        current = self.current_row()
        start = current if current is not None else len(self._plan.rows)
        rows = expand(self._plan)
        for offset, pasted in enumerate(result.rows):
            at = start + offset
            existing = rows[at] if at < len(rows) else None
            new_row = self._pasted_row(pasted, existing, language)
            if existing is None:
                rows.append(new_row)
            else:
                rows[at] = new_row
        for offset, pasted in enumerate(result.rows):
            for key, span in pasted.rowspans.items():
                for below in range(start + offset + 1, start + offset + span):
                    row = rows[below]
                    if isinstance(row, Item):
                        rows[below] = Item({**row.cells, key: CONTINUED}, row.number)
        self._change(
            rebuilt(plan, rows),
            _("Paste {count} rows").format(count=len(result.rows)),
            start,
        )
        message = _("Pasted {count} rows into the {language} text.").format(
            count=len(result.rows), language=language_name(language)
        )
        if result.new_columns:
            message += " " + _("New columns from the pasted header: {names}.").format(
                names=", ".join(header for _key, header in result.new_columns)
            )
        elif result.header_skipped:
            message += " " + _("The header row was left out.")
        self.status.setText(" ".join([message, *result.notes]))

    def _with_pasted_columns(
        self, new_columns: list[tuple[str, str]], named: dict[str, str], language: str
    ) -> Plan:
        """The plan with the columns a pasted header row named: headers for columns that had
        none in `language`, and new columns after the others."""
        if not new_columns and not named:
            return self._plan
        columns = [
            dataclasses.replace(column, headers={**column.headers, language: named[column.key]})
            if column.key in named
            else column
            for column in self._plan.columns
        ]
        columns += [
            Column(key, {language: header}, NEW_COLUMN_WIDTH) for key, header in new_columns
        ]
        return dataclasses.replace(self._plan, columns=tuple(columns))

    def _paste_into_cell(self, text: str) -> bool:
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        self.model.setData(index, text, Qt.ItemDataRole.EditRole)
        return True

    def _pasted_row(self, pasted: PastedRow, existing: Row | None, language: str) -> Row:
        # The plan numbers its rows itself unless numbering is "as typed".
        typed = self._plan.numbering == "typed"
        if pasted.kind == "section":
            titles = dict(existing.titles) if isinstance(existing, Section) else {}
            titles[language] = pasted.title
            # Flat numbering shows a section's own number (I.), so it is kept as pasted.
            number = pasted.number or (existing.number if isinstance(existing, Section) else "")
            level = pasted.level
            return Section(titles, level, number)
        cells = dict(existing.cells) if isinstance(existing, Item) else {}
        for key, text in pasted.cells.items():
            old = cells.get(key)
            texts = dict(old.texts) if old is not None and old is not CONTINUED else {}
            if old is CONTINUED and not text.strip():
                continue
            texts[language] = text
            cells[key] = Cell(texts)
        number = existing.number if isinstance(existing, Item) else ""
        if typed and pasted.number:
            number = pasted.number
        return Item(cells, number)

    # -- columns, title, preamble, approval

    def edit_columns(self) -> None:
        """Open the columns dialog; OK records the new columns as one change."""
        dialog = ColumnsDialog(self._plan, self)
        dialog.accepted.connect(lambda: self._columns_chosen(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _columns_chosen(self, dialog: ColumnsDialog) -> None:
        number_column, columns, renamed = dialog.result_columns()
        rows = []
        for row in expand(self._plan):
            if isinstance(row, Item):
                cells = {renamed[key]: cell for key, cell in row.cells.items() if key in renamed}
                row = Item(cells, row.number)
            rows.append(row)
        plan = dataclasses.replace(self._plan, columns=tuple(columns), number_column=number_column)
        self._change(rebuilt(plan, rows), _("Change columns"), self.current_row())

    def edit_details(self) -> None:
        """Open the title, preamble and approval dialog; OK records it as one change."""
        dialog = PlanDetailsDialog(self._plan, self)
        dialog.accepted.connect(lambda: self._details_chosen(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _details_chosen(self, dialog: PlanDetailsDialog) -> None:
        self._change(
            dialog.result_plan(), _("Change title, preamble and approval"), self.current_row()
        )

    # -- files

    def import_file(self, path: Path) -> None:
        """Read a CSV/XLSX plan and show what it holds; OK replaces the plan (undoably)."""
        path = Path(path)
        plan: Plan | None = None
        errors: list[str] = []
        try:
            plan = read_plan(path)
        except PlanFileError as error:
            errors = list(error.problems)
        dialog = ImportPreviewDialog(path, plan, errors, self)
        if plan is not None:
            imported = plan
            dialog.accepted.connect(
                lambda: self._change(
                    imported,
                    _("Import {name}").format(name=path.name),
                    0 if imported.rows else None,
                )
            )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def choose_import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a plan"), "", _("Plan spreadsheets (*.csv *.xlsx)")
        )
        if name:
            self.import_file(Path(name))

    def export_file(self, path: Path) -> None:
        """Write the plan as CSV or XLSX (by the suffix), problems and all."""
        write_plan(self._plan, path)
        self.status.setText(_("Exported to {path}.").format(path=path))

    def choose_export_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the plan"), "plan.xlsx", _("Excel workbook (*.xlsx);;CSV (*.csv)")
        )
        if not name:
            return
        try:
            self.export_file(Path(name))
        except (OSError, ValueError) as error:
            self.status.setText(_("Could not export: {error}").format(error=error))


# ---------------------------------------------------------------------------------------------
# Dialogs


class ColumnsDialog(QDialog):
    """The plan's columns: key, relative width and header per language; add, remove, rename."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planColumnsDialog")
        self.setWindowTitle(_("Columns of the plan"))
        self._languages = plan.languages
        self.table = QTableWidget(0, 2 + len(plan.languages), self)
        self.table.setObjectName("columnsTable")
        self.table.setHorizontalHeaderLabels(
            [_("Key"), _("Width")]
            + [_("Header ({language})").format(language=code) for code in plan.languages]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self._add(
            NUMBER_KEY,
            plan.number_column.width,
            {code: plan.number_column.header(code) for code in plan.languages},
        )
        for column in plan.columns:
            self._add(column.key, column.width, column.headers)
        add = QPushButton(_("Add column"), self)
        add.setObjectName("columnsAdd")
        add.clicked.connect(self.add_column)
        remove = QPushButton(_("Remove column"), self)
        remove.setObjectName("columnsRemove")
        remove.clicked.connect(self.remove_column)
        self.error = QLabel(self)
        self.error.setObjectName("columnsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00000")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("columnsButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def _add(self, key: str, width: float, headers: Any, original: str | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        key_item = QTableWidgetItem(key)
        key_item.setData(Qt.ItemDataRole.UserRole, key if original is None else original)
        if key == NUMBER_KEY and row == 0:
            key_item.setFlags(key_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, key_item)
        self.table.setItem(row, 1, QTableWidgetItem(f"{width:g}"))
        for offset, code in enumerate(self._languages, start=2):
            self.table.setItem(row, offset, QTableWidgetItem(headers.get(code, "")))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def add_column(self) -> None:
        keys = {self._text(row, 0) for row in range(self.table.rowCount())}
        number = 1
        while f"column_{number}" in keys:
            number += 1
        self._add(f"column_{number}", NEW_COLUMN_WIDTH, {}, original="")
        self.table.setCurrentCell(self.table.rowCount() - 1, 2)

    def remove_column(self) -> None:
        row = self.table.currentRow()
        if row > 0:  # the number column stays
            self.table.removeRow(row)

    def result_columns(self) -> tuple[NumberColumn, list[Column], dict[str, str]]:
        """The number column, the plan columns, and old key -> new key of those kept."""
        number_column = NumberColumn()
        columns: list[Column] = []
        renamed: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            key = self._text(row, 0).strip()
            width = float(self._text(row, 1).replace(",", "."))
            headers = {
                code: self._text(row, offset)
                for offset, code in enumerate(self._languages, start=2)
            }
            if row == 0:
                # Like the file reader, keep only the headers that differ from the usual ones.
                own = {
                    code: text
                    for code, text in headers.items()
                    if text.strip() and text != NUMBER_HEADERS.get(code)
                }
                number_column = NumberColumn(own, width)
                continue
            columns.append(Column(key, headers, width))
            key_item = self.table.item(row, 0)
            original = key_item.data(Qt.ItemDataRole.UserRole) if key_item is not None else ""
            if original:
                renamed[original] = key
        return number_column, columns, renamed

    def accept(self) -> None:
        problems: list[str] = []
        keys: list[str] = []
        for row in range(1, self.table.rowCount()):
            key = self._text(row, 0).strip()
            if not key or not key.isascii() or not all(c.isalnum() or c == "_" for c in key):
                problems.append(
                    _("{key!r} is not a column key: use letters, digits and _").format(key=key)
                )
            elif key == NUMBER_KEY or key in keys:
                problems.append(_("The key {key!r} is used twice.").format(key=key))
            keys.append(key)
        for row in range(self.table.rowCount()):
            text = self._text(row, 1).replace(",", ".")
            try:
                width = float(text)
            except ValueError:
                width = -1.0
            if not 0.05 <= width <= 100:
                problems.append(
                    _("Row {row}: the width {text!r} is not a number from 0.05 to 100.").format(
                        row=row + 1, text=text
                    )
                )
        if self.table.rowCount() < 2:
            problems.append(_("A plan needs at least one column besides the number."))
        if problems:
            self.error.setText("\n".join(problems))
            return
        super().accept()


class PlanDetailsDialog(QDialog):
    """Title, preamble and approval block, one tab per language.

    The preamble is typed one paragraph per line; a line beginning with "• " or "- " is a bullet.
    Signatories stand side by side in the PDF; their count is the same in every language.
    """

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDetailsDialog")
        self.setWindowTitle(_("Title, preamble and approval"))
        self._plan = plan
        self._count = len(plan.signatories)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailsLanguages")
        self.title_edits: dict[str, QPlainTextEdit] = {}
        self.preamble_edits: dict[str, QPlainTextEdit] = {}
        #: Per language, per signatory: heading, name, title.
        self.signatory_edits: dict[str, list[tuple[QLineEdit, QLineEdit, QPlainTextEdit]]] = {}
        self._signatory_boxes: dict[str, QVBoxLayout] = {}
        self.date_edits: list[QLineEdit] = []
        for code in plan.languages:
            page = QWidget(self.tabs)
            form = QFormLayout(page)
            title = QPlainTextEdit(plan.title.get(code, ""), page)
            title.setObjectName(f"detailsTitle_{code}")
            title.setMaximumHeight(90)
            preamble = QPlainTextEdit(self._preamble_text(code), page)
            preamble.setObjectName(f"detailsPreamble_{code}")
            form.addRow(_("Title"), title)
            form.addRow(_("Preamble"), preamble)
            holder = QWidget(page)
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            scroll = QScrollArea(page)
            scroll.setWidgetResizable(True)
            scroll.setWidget(holder)
            form.addRow(_("Approval"), scroll)
            self.title_edits[code] = title
            self.preamble_edits[code] = preamble
            self.signatory_edits[code] = []
            self._signatory_boxes[code] = box
            self.tabs.addTab(page, language_name(code))
        for signatory in plan.signatories:
            self._add_signatory(signatory)
        add = QPushButton(_("Add signatory"), self)
        add.setObjectName("detailsAddSignatory")
        add.clicked.connect(lambda: self._add_signatory(None))
        remove = QPushButton(_("Remove last signatory"), self)
        remove.setObjectName("detailsRemoveSignatory")
        remove.clicked.connect(self._remove_signatory)
        self.error = QLabel(self)
        self.error.setObjectName("detailsError")
        self.error.setStyleSheet("color: #a00000")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("detailsButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def _preamble_text(self, code: str) -> str:
        return "\n".join(
            (BULLET if block.kind == "bullet" else "") + block.text(code).replace("\n", " ")
            for block in self._plan.preamble
        )

    def _add_signatory(self, signatory: Signatory | None) -> None:
        for code in self._plan.languages:
            box = QGroupBox(self)
            form = QFormLayout(box)
            number = len(self.signatory_edits[code]) + 1
            box.setTitle(_("Signatory {number}").format(number=number))
            heading = QLineEdit(signatory.headings.get(code, "") if signatory else "", box)
            heading.setObjectName(f"detailsHeading_{code}_{number}")
            heading.setPlaceholderText(Signatory({}).heading(code))
            name = QLineEdit(signatory.names.get(code, "") if signatory else "", box)
            name.setObjectName(f"detailsName_{code}_{number}")
            title = QPlainTextEdit(signatory.titles.get(code, "") if signatory else "", box)
            title.setObjectName(f"detailsSignatoryTitle_{code}_{number}")
            title.setMaximumHeight(70)
            form.addRow(_("Heading"), heading)
            form.addRow(_("Name"), name)
            form.addRow(_("Title"), title)
            if code == self._plan.languages[0]:
                # The date is the same in every language: it is typed once, here.
                date = QLineEdit(
                    signatory.date.isoformat() if signatory and signatory.date else "", box
                )
                date.setObjectName(f"detailsDate_{number}")
                date.setPlaceholderText(_("YYYY-MM-DD, optional"))
                form.addRow(_("Date"), date)
                self.date_edits.append(date)
            self._signatory_boxes[code].addWidget(box)
            self.signatory_edits[code].append((heading, name, title))

    def _remove_signatory(self) -> None:
        if self.date_edits:
            self.date_edits.pop()
        for code in self._plan.languages:
            if self.signatory_edits[code]:
                heading, _name, _title = self.signatory_edits[code].pop()
                box = heading.parentWidget()
                if box is not None:
                    box.setParent(None)
                    box.deleteLater()

    def _blocks(self) -> tuple[list[Block], list[str]]:
        problems: list[str] = []
        per_language: dict[str, list[tuple[BlockKind, str]]] = {}
        for code in self._plan.languages:
            lines = [line.strip() for line in self.preamble_edits[code].toPlainText().splitlines()]
            parsed: list[tuple[BlockKind, str]] = []
            for line in lines:
                if not line:
                    continue
                if line.startswith(("•", "- ")):
                    parsed.append(("bullet", line.lstrip("•-").strip()))
                else:
                    parsed.append(("paragraph", line))
            if parsed:
                per_language[code] = parsed
        counts = {code: len(parsed) for code, parsed in per_language.items()}
        if len(set(counts.values())) > 1:
            problems.append(
                _(
                    "The preamble has a different number of paragraphs per language: {counts}."
                ).format(counts=", ".join(f"{language_name(c)} {n}" for c, n in counts.items()))
            )
            return [], problems
        blocks: list[Block] = []
        count = next(iter(counts.values()), 0)
        for index in range(count):
            kinds = {parsed[index][0] for parsed in per_language.values()}
            if len(kinds) > 1:
                problems.append(
                    _("Preamble paragraph {number} is a bullet in one language only.").format(
                        number=index + 1
                    )
                )
            kind = per_language[next(iter(per_language))][index][0]
            texts = {
                code: per_language.get(code, [])[index][1] if code in per_language else ""
                for code in self._plan.languages
            }
            blocks.append(Block(texts, kind))
        return blocks, problems

    def result_plan(self) -> Plan:
        """The plan with the title, preamble and signatories as typed."""
        blocks, _problems = self._blocks()
        signatories = []
        first = self._plan.languages[0]
        for index in range(len(self.signatory_edits[first])):
            headings, names, titles = {}, {}, {}
            for code in self._plan.languages:
                heading, name, title = self.signatory_edits[code][index]
                headings[code] = heading.text().strip()
                names[code] = name.text().strip()
                titles[code] = title.toPlainText().strip()
            signatories.append(Signatory(names, titles, headings, self._dates()[0][index]))
        plan_title = {
            code: self.title_edits[code].toPlainText().strip() for code in self._plan.languages
        }
        return dataclasses.replace(
            self._plan, title=plan_title, preamble=tuple(blocks), signatories=tuple(signatories)
        )

    def _dates(self) -> tuple[list[dt.date | None], list[str]]:
        dates: list[dt.date | None] = []
        problems: list[str] = []
        for number, edit in enumerate(self.date_edits, start=1):
            text = edit.text().strip()
            try:
                dates.append(dt.date.fromisoformat(text) if text else None)
            except ValueError:
                dates.append(None)
                problems.append(
                    _("Signatory {number}: {text!r} is not a date like 2023-11-29.").format(
                        number=number, text=text
                    )
                )
        return dates, problems

    def accept(self) -> None:
        _blocks, problems = self._blocks()
        problems += self._dates()[1]
        if problems:
            self.error.setText("\n".join(problems))
            return
        super().accept()


class ImportPreviewDialog(QDialog):
    """What a plan file holds — rows, columns, languages — or every error in it, before import."""

    def __init__(
        self, path: Path, plan: Plan | None, errors: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planImportPreview")
        self.setWindowTitle(_("Import {name}").format(name=path.name))
        self.summary = QLabel(self)
        self.summary.setObjectName("planImportSummary")
        self.summary.setWordWrap(True)
        self.errors = QListWidget(self)
        self.errors.setObjectName("planImportErrors")
        self.table = QTableView(self)
        self.table.setObjectName("planImportTable")
        self.table.setWordWrap(True)
        self.languages = QComboBox(self)
        self.languages.setObjectName("planImportLanguage")
        self.model: PlanTableModel | None = None
        if plan is not None:
            self.summary.setText(
                _(
                    "{name}: {rows} rows ({sections} section headings), {columns} columns "
                    "({headers}), in {languages}. Numbering: {numbering}\n{title}"
                ).format(
                    name=path.name,
                    title=" ".join(plan.title.get(plan.languages[0], "").split()),
                    rows=len(plan.rows),
                    sections=sum(1 for row in plan.rows if isinstance(row, Section)),
                    columns=len(plan.columns),
                    headers=", ".join(
                        column_header(column, plan.languages[0], plan.languages)[0]
                        for column in plan.columns
                    ),
                    languages=", ".join(language_name(code) for code in plan.languages),
                    numbering=numbering_names().get(plan.numbering, plan.numbering),
                )
            )
            self.model = PlanTableModel(plan, plan.languages[0], self, editable=False)
            self.table.setModel(self.model)
            for row, column, rows, columns in self.model.spans():
                self.table.setSpan(row, column, rows, columns)
            self.table.verticalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
            ColumnFitter(self.table, lambda: plan)
            for code in plan.languages:
                self.languages.addItem(language_name(code), code)
            self.languages.currentIndexChanged.connect(
                lambda: (
                    self.model.set_language(self.languages.currentData()) if self.model else None
                )
            )
            self.errors.hide()
        else:
            self.summary.setText(
                _("{name} cannot be imported; nothing will change:").format(name=path.name)
            )
            for error in errors:
                QListWidgetItem(error, self.errors)
            self.table.hide()
            self.languages.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("planImportButtons")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Import"))
        ok.setEnabled(plan is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.languages)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 560)

    def error_texts(self) -> list[str]:
        return [self.errors.item(i).text() for i in range(self.errors.count())]


class PlanEditorDialog(QDialog):
    """The plan editor with OK and Cancel; OK refuses, saying why, while the plan has problems."""

    def __init__(
        self,
        plan: Plan | None = None,
        languages: tuple[str, ...] = ("en", "ru"),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planEditorDialog")
        self.setWindowTitle(_("Plan"))
        self.plan_editor = PlanEditor(plan, languages, self)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("planDialogRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #a00000")
        self.refusal.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("planDialogButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.plan_editor.planChanged.connect(self.refusal.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan_editor, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)
        self.resize(1200, 760)

    def plan(self) -> Plan:
        """The edited plan; raises ValidationError listing its problems."""
        return self.plan_editor.plan()

    def accept(self) -> None:
        try:
            self.plan_editor.plan()
        except ValidationError as error:
            shown = [problem_text(p, self.plan_editor.draft()) for p in error.problems[:5]]
            more = len(error.problems) - len(shown)
            text = _("The plan cannot be kept yet: {count} problem(s).").format(
                count=len(error.problems)
            )
            lines = [text, *shown]
            if more > 0:
                lines.append(_("… and {count} more (listed under the table).").format(count=more))
            self.refusal.setText("\n".join(lines))
            self.refusal.show()
            return
        super().accept()

    def reject(self) -> None:
        """Cancel (or Esc); changes made are not dropped without asking."""
        if not self.plan_editor.undo_stack.isClean() and not confirm_discard(
            self, _("The changes to the plan will be lost. Close the plan without them?")
        ):
            return
        super().reject()
