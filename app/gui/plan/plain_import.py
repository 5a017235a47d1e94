"""The import preview of a plain table (a Word table or a spreadsheet as an officer keeps it).

Before anything is imported the dialog shows what the reader guessed: for every column of the
file, a combo box saying whether it is the number, a column of the plan, or skipped, and which
language the texts are in; below, the first rows of the plan as they will be, or every problem
at once. Changing a combo box reads the table again at once. OK gives the plan.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER
from app.domain.plan import Item, Plan, Section
from app.i18n.messages import _
from app.services.plan_io import (
    ColumnMapping,
    PlanFileError,
    SheetTable,
    plain_table,
    read_plain,
)
from app.services.plan_io.mapping import ColumnRole, Role

#: How many rows of the plan the preview shows.
PREVIEW_ROWS = 20


def role_names() -> dict[Role, str]:
    return {"number": _("Number"), "column": _("Plan column"), "skip": _("Skipped")}


class PlainImportDialog(QDialog):
    """The guessed column mapping of a plain table, to check and change, and the rows."""

    def __init__(
        self, path: Path, table: SheetTable, mapping: ColumnMapping, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plain_import_preview")
        self.setWindowTitle(_("Import {name}").format(name=path.name))
        self.path = path
        self.table = table
        self.mapping = mapping
        self.plan: Plan | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("plain_import_summary")
        self.summary.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Column"), self), 0, 0)
        grid.addWidget(QLabel(_("Header in the file"), self), 0, 1)
        grid.addWidget(QLabel(_("Becomes"), self), 0, 2)
        self.roles: list[QComboBox] = []
        for row, column in enumerate(mapping.columns, start=1):
            grid.addWidget(QLabel(column.letter, self), row, 0)
            grid.addWidget(
                QLabel(" ".join(column.source.split()) or _("(no header)"), self), row, 1
            )
            box = QComboBox(self)
            box.setObjectName(f"plain_import_role_{column.letter}")
            for role, name in role_names().items():
                box.addItem(name, role)
            box.setCurrentIndex(box.findData(column.role))
            box.currentIndexChanged.connect(self.read_again)
            grid.addWidget(box, row, 2)
            self.roles.append(box)
        language_row = len(mapping.columns) + 1
        grid.addWidget(QLabel(_("Language of the texts"), self), language_row, 1)
        self.language = QComboBox(self)
        self.language.setObjectName("plain_import_language")
        for code in LANGUAGE_ORDER:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(mapping.language))
        self.language.currentIndexChanged.connect(self.read_again)
        grid.addWidget(self.language, language_row, 2)
        self.rows = QTableWidget(self)
        self.rows.setObjectName("plain_import_rows")
        self.rows.setWordWrap(True)
        self.rows.verticalHeader().hide()
        self.problems = QListWidget(self)
        self.problems.setObjectName("plain_import_problems")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("plain_import_buttons")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.resize(900, 640)
        self.read_again()

    def result_plan(self) -> Plan:
        """The plan as previewed (OK is enabled only when there is one)."""
        assert self.plan is not None
        return self.plan

    def chosen_mapping(self) -> ColumnMapping:
        """The mapping as the combo boxes now say."""
        columns: list[ColumnRole] = []
        taken = {column.key for column in self.mapping.columns if column.key}
        for column, box in zip(self.mapping.columns, self.roles, strict=True):
            role: Role = box.currentData()
            if role == "column":
                key = column.key or _free_key(column, taken)
                header = column.header or column.source or column.letter
                columns.append(replace(column, role="column", key=key, header=header))
            else:
                columns.append(replace(column, role=role, key="", header=""))
        return replace(self.mapping, columns=tuple(columns), language=self.language.currentData())

    def read_again(self) -> None:
        """Read the table through the chosen mapping; show the rows or every problem."""
        mapping = self.chosen_mapping()
        self.problems.clear()
        problems: list[str] = []
        numbers = [column.letter for column in mapping.columns if column.role == "number"]
        if len(numbers) > 1:
            problems.append(
                _("Columns {letters} are each chosen as the number; a plan has one.").format(
                    letters=", ".join(numbers)
                )
            )
        if not mapping.plan_columns():
            problems.append(_("No column is chosen for the plan's texts."))
        warnings: list[str] = []
        self.plan = None
        if not problems:
            try:
                imported = read_plain(self.table, str(self.path), mapping=mapping)
                self.plan = imported.plan
                warnings = imported.warnings
            except PlanFileError as error:
                problems = list(error.problems)
        for text in problems:
            QListWidgetItem(text, self.problems)
        for text in warnings:
            QListWidgetItem(_("Note: {warning}").format(warning=text), self.problems)
        self.problems.setVisible(bool(problems or warnings))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.plan is not None)
        if self.plan is None:
            self.summary.setText(
                _("{name} cannot be imported as chosen; nothing will change:").format(
                    name=self.path.name
                )
            )
            self.rows.clear()
            self.rows.setRowCount(0)
            self.rows.setColumnCount(0)
            return
        plan = self.plan
        sections = sum(1 for row in plan.rows if isinstance(row, Section))
        self.summary.setText(
            _(
                "{name}: {rows} rows ({sections} section headings), {columns} columns, in "
                "{language}. The first rows as they will be imported:"
            ).format(
                name=self.path.name,
                rows=len(plan.rows),
                sections=sections,
                columns=len(plan.columns),
                language=LANGUAGE_NAMES.get(plan.languages[0], plan.languages[0]),
            )
        )
        self._show_rows(plan)

    def _show_rows(self, plan: Plan) -> None:
        language = plan.languages[0]
        shown = plan.rows[:PREVIEW_ROWS]
        keys = plan.column_keys()
        self.rows.clearSpans()
        self.rows.clear()
        self.rows.setColumnCount(len(keys) + 1)
        self.rows.setRowCount(len(shown))
        self.rows.setHorizontalHeaderLabels(
            [plan.number_column.header(language)]
            + [column.headers.get(language, column.key) for column in plan.columns]
        )
        numbers = plan.numbers()
        covered = plan.covered()
        for index, row in enumerate(shown):
            if isinstance(row, Section):
                text = " ".join(part for part in (numbers[index], row.title(language)) if part)
                self.rows.setItem(index, 0, QTableWidgetItem(text))
                self.rows.setSpan(index, 0, 1, len(keys) + 1)
                continue
            assert isinstance(row, Item)
            self.rows.setItem(index, 0, QTableWidgetItem(numbers[index]))
            for column, key in enumerate(keys, start=1):
                cell = row.cells.get(key)
                if cell is None or key in covered[index]:
                    continue
                self.rows.setItem(index, column, QTableWidgetItem(cell.text(language)))
                span = min(cell.rowspan, len(shown) - index)
                if span > 1:
                    self.rows.setSpan(index, column, span, 1)
        # Columns as wide, relative to one another, as the plan will print them.
        room = max(self.rows.viewport().width(), 800) - 70
        weights = [column.width for column in plan.columns]
        self.rows.setColumnWidth(0, 60)
        for column, weight in enumerate(weights, start=1):
            self.rows.setColumnWidth(column, int(room * weight / sum(weights)))
        self.rows.resizeRowsToContents()


def _free_key(column: ColumnRole, taken: set[str]) -> str:
    key = f"column_{column.letter.lower()}"
    while key in taken:
        key += "_"
    taken.add(key)
    return key


def plain_preview(path: Path, parent: QWidget | None = None) -> PlainImportDialog | None:
    """The preview of a plain table file, or None for a file in Verbale's own layout or one
    that cannot be read (the plan editor's own preview then shows it, or its problems)."""
    try:
        found = plain_table(path)
    except PlanFileError:
        return None
    return PlainImportDialog(path, *found, parent) if found is not None else None
