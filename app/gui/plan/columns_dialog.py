"""The columns dialog: key, relative width and header per language; add, remove, rename."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import plan_edits
from app.domain.plan import NUMBER_KEY, Column, NumberColumn, Plan
from app.gui import colours
from app.i18n.messages import _
from app.i18n.problems import refusal_text


class ColumnsDialog(QDialog):
    """The plan's columns: key, relative width and header per language; add, remove, rename."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_columns_dialog")
        self.setWindowTitle(_("Columns of the plan"))
        self._languages = plan.languages
        self.table = QTableWidget(0, 2 + len(plan.languages), self)
        self.table.setObjectName("columns_table")
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
        add.setObjectName("columns_add")
        add.clicked.connect(self.add_column)
        remove = QPushButton(_("Remove column"), self)
        remove.setObjectName("columns_remove")
        remove.clicked.connect(self.remove_column)
        self.error = QLabel(self)
        self.error.setObjectName("columns_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(colours.ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("columns_buttons")
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

    def _add(
        self, key: str, width: float, headers: Mapping[str, str], original: str | None = None
    ) -> None:
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
        self._add(f"column_{number}", plan_edits.NEW_COLUMN_WIDTH, {}, original="")
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
                number_column = plan_edits.number_column_of(headers, width)
                continue
            columns.append(Column(key, headers, width))
            key_item = self.table.item(row, 0)
            original = key_item.data(Qt.ItemDataRole.UserRole) if key_item is not None else ""
            if original:
                renamed[original] = key
        return number_column, columns, renamed

    def accept(self) -> None:
        keys = [self._text(row, 0).strip() for row in range(1, self.table.rowCount())]
        widths = [self._text(row, 1) for row in range(self.table.rowCount())]
        problems = plan_edits.check_columns(keys, widths)
        if problems:
            self.error.setText("\n".join(refusal_text(problem) for problem in problems))
            return
        super().accept()
