"""The plan's table as a Qt model: the rows of one language, the number column first, with
every problem shown where it is (a red cell and its tooltip)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from app.domain.plan import Column, Plan, PlanProblem, Section
from app.domain.problems import Problem
from app.gui import colours
from app.i18n.messages import _
from app.i18n.problems import language_name, plan_problem_text


def numbering_names() -> dict[str, str]:
    return {
        "flat": _("Automatic: 1., 2., 3."),
        "hierarchical": _("Automatic by sections: I., 1.1., 1.2."),
        "typed": _("As typed"),
    }


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
    return plan_problem_text(problem, plan)


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
                return colours.brush(colours.PROBLEM_BACKGROUND)
            if isinstance(plan_row, Section):
                return colours.brush(colours.SECTION_BACKGROUND)
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
