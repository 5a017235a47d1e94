"""What a plan file holds (rows, columns, languages), or every error in it, before import."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.plan import Plan, Section
from app.gui.plan.model import PlanTableModel, column_header, numbering_names
from app.gui.plan.view import ColumnFitter
from app.i18n.messages import _
from app.i18n.problems import language_name


class ImportPreviewDialog(QDialog):
    """What a plan file holds — rows, columns, languages — or every error in it, before import."""

    def __init__(
        self, path: Path, plan: Plan | None, errors: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_import_preview")
        self.setWindowTitle(_("Import {name}").format(name=path.name))
        self.summary = QLabel(self)
        self.summary.setObjectName("plan_import_summary")
        self.summary.setWordWrap(True)
        self.errors = QListWidget(self)
        self.errors.setObjectName("plan_import_errors")
        self.table = QTableView(self)
        self.table.setObjectName("plan_import_table")
        self.table.setWordWrap(True)
        self.languages = QComboBox(self)
        self.languages.setObjectName("plan_import_language")
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
        self.buttons.setObjectName("plan_import_buttons")
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
