"""The plan editor widget: the table in every language, its columns, numbering, title,
preamble and approval block; paste from Excel or Word, import and export CSV/XLSX, undo.

The editor keeps the plan as an immutable `Plan` and replaces it on every change through a
`QUndoStack`, so every edit — a cell, a row moved, a whole import — can be undone. Every action
is one call of a pure function of `app.domain.plan_edits`; `_change` records its result (or
shows its refusal). Rows are shared by all languages; the language tab only chooses which
language's texts the table shows and edits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain import plan_edits
from app.domain.languages import in_binding_order
from app.domain.plan import NUMBER_KEY, Item, NumberingMode, Orientation, Plan, PlanProblem, Section
from app.domain.problems import Problem, Refusal
from app.gui.actions import build_actions, place
from app.gui.file_drops import PLAN_SUFFIXES, FileDrops
from app.gui.plan.actions import INDENT_TIP, OUTDENT_TIP, PLAN_ACTIONS, PLAN_TOOLBAR
from app.gui.plan.columns_dialog import ColumnsDialog
from app.gui.plan.details_dialog import PlanDetailsDialog
from app.gui.plan.import_preview import ImportPreviewDialog
from app.gui.plan.model import PlanTableModel, problem_text
from app.gui.plan.plain_import import plain_preview
from app.gui.plan.side_panel import PlanSidePanel
from app.gui.plan.view import ColumnFitter, PlanTableView, fit_columns
from app.i18n.messages import _, ngettext
from app.i18n.problems import language_name, refusal_text
from app.services.plan_io import PlanFileError, read_plan, write_plan
from app.services.plan_paste import PasteError, parse_clipboard, to_plan_rows


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
        self.setObjectName("plan_editor")
        self._languages = in_binding_order(languages) or ("en",)
        self._plan = plan if plan is not None else plan_edits.empty_plan(self._languages)
        self._problems: list[Problem] = []
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("plan_undo_stack")

        self.model = PlanTableModel(self._plan, self._plan.languages[0], self)
        self.model.cellEdited.connect(self._edit_cell)

        self.language_tabs = QTabBar(self)
        self.language_tabs.setObjectName("plan_language_tabs")
        self.language_tabs.setExpanding(False)
        self.language_tabs.currentChanged.connect(self._language_chosen)

        self.table = PlanTableView(self._shift_current_section, self)
        self.table.setModel(self.model)
        ColumnFitter(self.table, lambda: self._plan)

        self.side = PlanSidePanel(self)
        self.numbering_box = self.side.numbering_box
        self.numbering_box.currentIndexChanged.connect(self._numbering_chosen)
        self.orientation_box = self.side.orientation_box
        self.orientation_box.currentIndexChanged.connect(self._orientation_chosen)
        self.language_checks = self.side.language_checks
        for check in self.language_checks.values():
            check.toggled.connect(self._languages_chosen)
        self.side.details_button.clicked.connect(self.edit_details)
        self.side.columns_button.clicked.connect(self.edit_columns)
        self.summary = self.side.summary

        self.problems_list = QListWidget(self)
        self.problems_list.setObjectName("plan_problems")
        self.problems_list.setMaximumHeight(110)
        self.problems_list.itemActivated.connect(self._problem_activated)
        self.status = QLabel(self)
        self.status.setObjectName("plan_status")
        self.status.setWordWrap(True)

        self.plan_actions: dict[str, QAction] = {}
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("plan_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()

        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.language_tabs)
        centre_layout.addWidget(self.table, 1)

        splitter = QSplitter(self)
        splitter.addWidget(centre)
        splitter.addWidget(self.side)
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
        # A plan table dropped from the file manager is imported as Import… would.
        self.drops = FileDrops(self, PLAN_SUFFIXES, lambda files: self.import_file(files[0]))

    # -- the agreed API

    def plan(self) -> Plan:
        """The plan as edited; raises ValidationError listing its problems."""
        return self._plan.validate()

    def draft(self) -> Plan:
        """The plan as edited, problems and all (nothing is checked)."""
        return self._plan

    def set_plan(self, plan: Plan | None) -> None:
        """Show another plan (a new empty one for None); the undo history starts afresh."""
        self._plan = plan if plan is not None else plan_edits.empty_plan(self._languages)
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
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.plan_actions = build_actions(self, PLAN_ACTIONS, context)
        for name, spec in (("plan_indent", INDENT_TIP), ("plan_outdent", OUTDENT_TIP)):
            # The tooltips tell the keyboard way too, and how to leave the table without the mouse.
            shortcut = QKeySequence(spec[1]).toString(QKeySequence.SequenceFormat.NativeText)
            self.plan_actions[name].setToolTip(_(spec[0]).format(shortcut=shortcut))
        undo = self.undo_stack.createUndoAction(self, _("Undo"))
        undo.setObjectName("plan_undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, _("Redo"))
        redo.setObjectName("plan_redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        for item in (undo, redo):
            item.setShortcutContext(context)
            self.addAction(item)
        self.plan_actions["plan_undo"], self.plan_actions["plan_redo"] = undo, redo
        place(self.toolbar, self.plan_actions, PLAN_TOOLBAR)

    def button(self, name: str) -> QWidget:
        """The toolbar button of an action (by its objectName), for tests and tours."""
        widget = self.toolbar.widgetForAction(self.plan_actions[name])
        assert widget is not None
        return widget

    # -- applying changes

    def _change(self, plan: Plan | Refusal, text: str, row_after: int | None) -> None:
        """Record a change on the undo stack (which applies it); a refusal is told instead."""
        if isinstance(plan, Refusal):
            self.status.setText(refusal_text(plan))
            return
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
        sections = sum(1 for row in plan.rows if isinstance(row, Section))
        lines = [
            title,
            "",
            _("{rows}, {sections}").format(
                rows=ngettext("{count} row", "{count} rows", len(plan.rows)).format(
                    count=len(plan.rows)
                ),
                sections=ngettext(
                    "{count} section heading", "{count} section headings", sections
                ).format(count=sections),
            ),
            ngettext(
                "{count} preamble paragraph", "{count} preamble paragraphs", len(plan.preamble)
            ).format(count=len(plan.preamble)),
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

    # -- cells

    def _place(self, row: int, column: int) -> tuple[int, str]:
        """(row, key) of a place of the table; the number column's key for column 0."""
        return row, self._plan.columns[column - 1].key if column > 0 else NUMBER_KEY

    def _edit_cell(self, row: int, column: int, text: str) -> None:
        place_ = self._place(row, column)
        edited = plan_edits.edit_cell(self._plan, *place_, self.model.language, text)
        self._change(edited, _("Edit cell"), row)

    def clear_cells(self) -> None:
        """Empty the selected cells in the language shown (one step to undo)."""
        chosen = self.table.selectionModel().selectedIndexes() or [self.table.currentIndex()]
        editable = Qt.ItemFlag.ItemIsEditable
        places = [
            self._place(index.row(), index.column())
            for index in chosen
            if index.isValid() and self.model.flags(index) & editable
        ]
        cleared = plan_edits.clear_cells(self._plan, places, self.model.language)
        self._change(cleared, _("Clear cells"), self.current_row())

    # -- rows

    def _selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedIndexes()}
        current = self.current_row()
        if not rows and current is not None:
            rows = {current}
        return sorted(rows)

    def add_row(self) -> None:
        """Add an empty item below the current row (at the end when there is none)."""
        at = plan_edits.insertion_point(self._plan, self.current_row())
        self._change(plan_edits.insert_row(self._plan, at, Item({})), _("Add row"), at)

    def add_section(self) -> None:
        """Add a section heading below the current row, at the level of the section it is in."""
        at = plan_edits.insertion_point(self._plan, self.current_row())
        level = plan_edits.section_level_at(self._plan, self.current_row())
        section = plan_edits.new_section(self._plan, level)
        self._change(plan_edits.insert_row(self._plan, at, section), _("Add section"), at)

    def delete_rows(self) -> None:
        """Delete the selected rows; a spanning cell whose first row goes keeps its text."""
        chosen = self._selected_rows()
        if not chosen:
            return
        text = _("Delete row") if len(chosen) == 1 else _("Delete rows")
        after = min(chosen[0], len(self._plan.rows) - len(chosen) - 1)
        self._change(plan_edits.delete_rows(self._plan, chosen), text, after)

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        current = self.current_row()
        if current is not None:
            moved = plan_edits.move_row(self._plan, current, step)
            self._change(moved, _("Move row"), current + step)

    def indent(self) -> None:
        """A section heading one level down (I. -> 1.1.), up to level 3."""
        self._shift_level(1)

    def outdent(self) -> None:
        self._shift_level(-1)

    def _shift_level(self, step: int) -> None:
        shifted = plan_edits.shift_levels(self._plan, self._selected_rows(), step)
        text = _("Indent") if step > 0 else _("Outdent")
        self._change(shifted, text, self.current_row())

    def _shift_current_section(self, step: int) -> bool:
        """Tab's indent (step 1) or Shift+Tab's outdent (step -1) of the section heading whose
        number cell is current; False, leaving Tab to move on, anywhere else or when the
        heading's level cannot go that way."""
        index = self.table.currentIndex()
        if not index.isValid() or index.column() != 0:
            return False
        if not plan_edits.can_shift_level(self._plan, index.row(), step):
            return False
        self._shift_level(step)
        return True

    # -- cells spanning rows

    def _current_cell(self) -> tuple[int, str] | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.column() == 0:
            return None
        if not isinstance(self._plan.rows[index.row()], Item):
            return None
        return self._place(index.row(), index.column())

    def merge_down(self) -> None:
        """Make the current cell cover the row below too (the cell below must be empty)."""
        place_ = self._current_cell()
        if place_ is not None:
            self._change(plan_edits.merge_down(self._plan, *place_), _("Merge cells"), place_[0])

    def split_cell(self) -> None:
        """Undo a merge: the rows the current cell covers get empty cells of their own."""
        place_ = self._current_cell()
        if place_ is not None:
            self._change(plan_edits.split_cell(self._plan, *place_), _("Split cells"), place_[0])

    # -- languages

    def _languages_chosen(self) -> None:
        chosen = tuple(code for code, check in self.language_checks.items() if check.isChecked())
        changed = plan_edits.with_languages(self._plan, chosen)
        if isinstance(changed, Refusal):
            self.status.setText(refusal_text(changed))
            self.language_checks[self._plan.languages[0]].setChecked(True)
            return
        self._change(changed, _("Change the plan's languages"), self.current_row())

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
        current = self.current_row()
        start = current if current is not None else len(self._plan.rows)
        pasted = plan_edits.apply_paste(
            self._plan, start, language, result.rows, result.new_columns, result.named
        )
        count = len(result.rows)
        undo_text = ngettext("Paste {count} row", "Paste {count} rows", count).format(count=count)
        self._change(pasted, undo_text, start)
        message = ngettext(
            "Pasted {count} row into the {language} text.",
            "Pasted {count} rows into the {language} text.",
            count,
        ).format(count=len(result.rows), language=language_name(language))
        if result.new_columns:
            message += " " + _("New columns from the pasted header: {names}.").format(
                names=", ".join(header for _key, header in result.new_columns)
            )
        elif result.header_skipped:
            message += " " + _("The header row was left out.")
        self.status.setText(" ".join([message, *result.notes]))

    def _paste_into_cell(self, text: str) -> bool:
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        self.model.setData(index, text, Qt.ItemDataRole.EditRole)
        return True

    # -- columns, title, preamble, approval

    def edit_columns(self) -> None:
        """Open the columns dialog; OK records the new columns as one change."""
        dialog = ColumnsDialog(self._plan, self)
        dialog.accepted.connect(lambda: self._columns_chosen(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _columns_chosen(self, dialog: ColumnsDialog) -> None:
        changed = plan_edits.rename_columns(self._plan, *dialog.result_columns())
        self._change(changed, _("Change columns"), self.current_row())

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
        """Read a plan file and show what it holds; OK replaces the plan (undoably)."""
        path = Path(path)
        preview = plain_preview(path, self)  # a plain table: its column mapping to check
        if preview is not None:
            name = _("Import {name}").format(name=path.name)
            preview.accepted.connect(lambda: self._change(preview.result_plan(), name, 0))
            preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            preview.open()
            return
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
            self,
            _("Import a plan"),
            "",
            _("Plan tables (*.xlsx *.ods *.csv *.tsv *.docx *.html *.htm)"),
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
