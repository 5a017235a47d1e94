"""The plan editor driven as an officer drives it: paste from Excel or Word, edit rows with the
toolbar and the keyboard, import with a preview, undo."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt
from PySide6.QtGui import QFont, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from app.domain.plan import Cell, Column, Item, Plan, Section
from app.gui.plan import (
    ColumnsDialog,
    ImportPreviewDialog,
    PlanDetailsDialog,
    PlanEditor,
    PlanEditorDialog,
)
from app.i18n.messages import set_ui_language
from app.services.plan_io import read_plan

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_CSV = ROOT / "resources" / "examples" / "par-1453-plan.csv"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def reference() -> Plan:
    return read_plan(REFERENCE_CSV)


def reference_tsv(language: str) -> str:
    """The reference plan's table in one language, as Excel copies it: a header row, numbers,
    tab-separated, cells with line breaks or quotes in double quotes."""
    with REFERENCE_CSV.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    headers = {"en": ("No.", "Events", "Participants"), "ru": ("№ п/п", "Мероприятия", "Участники")}
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    writer.writerow(headers[language])
    items = [row for row in rows if row["kind"] == "item"]
    for number, row in enumerate(items, start=1):
        writer.writerow([f"{number}.", row[f"events.{language}"], row[f"participants.{language}"]])
    return out.getvalue()


def put_on_clipboard(text: str | None = None, html: str | None = None) -> None:
    mime = QMimeData()
    if text is not None:
        mime.setText(text)
    if html is not None:
        mime.setHtml(html)
    QApplication.clipboard().setMimeData(mime)


def shown(editor: PlanEditor, column: int) -> list[str]:
    model = editor.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def open_editor(qtbot: QtBot, plan: Plan | None = None) -> PlanEditor:
    editor = PlanEditor(plan)
    qtbot.addWidget(editor)
    editor.resize(1100, 700)
    editor.show()
    qtbot.waitExposed(editor)
    # Shortcuts (Ctrl+V, Ctrl+Up...) work only in the active window.
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    return editor


def type_in_current_cell(qtbot: QtBot, editor: PlanEditor, text: str) -> None:
    """F2, the text, Return — as an officer types into a cell."""
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    line = editor.table.focusWidget()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    line.insert(text)  # QTest types Latin-1 only; the cell editor gets the same text
    qtbot.keyClick(line, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(
        lambda: editor.table.state() != QAbstractItemView.State.EditingState, timeout=2000
    )


def click_tab(qtbot: QtBot, editor: PlanEditor, language: str) -> None:
    tabs = editor.language_tabs
    index = next(i for i in range(tabs.count()) if tabs.tabData(i) == language)
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())
    assert editor.language() == language


def test_pasting_the_reference_table_in_english_then_russian_gives_the_reference_plan(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot, dataclasses.replace(reference, rows=()))
    assert editor.model.rowCount() == 0

    put_on_clipboard(reference_tsv("en"))
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_V, CTRL)
    assert editor.model.rowCount() == 8
    assert "header row was left out" in editor.status.text()
    assert editor.plan().rows[0] != reference.rows[0]  # Russian cells still empty (allowed)
    click_tab(qtbot, editor, "ru")
    assert shown(editor, 1)[0] == ""

    editor.table.setCurrentIndex(editor.model.index(0, 1))
    put_on_clipboard(reference_tsv("ru"))
    qtbot.keyClick(editor.table, Qt.Key.Key_V, CTRL)
    plan = editor.plan()
    assert plan.rows == reference.rows
    assert plan == reference
    assert shown(editor, 0) == [f"{n}." for n in range(1, 9)]
    assert shown(editor, 1)[7] == "Совместное мероприятие СВМДА и ШОС в сфере энергетики"
    click_tab(qtbot, editor, "en")
    assert shown(editor, 2)[1] == "CICA and SCO Secretariats"


def test_empty_cells_are_no_problem_but_a_section_without_its_russian_title_is(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot, dataclasses.replace(reference, rows=()))
    put_on_clipboard("I.\tCOOPERATION IN POLITICAL FIELD\t\n1.\tTalks\tMinistries\n")
    qtbot.keyClick(editor.table, Qt.Key.Key_V, CTRL)
    problems = editor.problems()
    assert problems == ["Row 1, section heading, Русский: is missing"]
    assert editor.problems_list.item(0).text() == problems[0]
    click_tab(qtbot, editor, "ru")
    index = editor.model.index(0, 1)
    assert editor.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "is missing" in editor.model.data(index, Qt.ItemDataRole.ToolTipRole)
    # Typing the Russian title in the cell clears it.
    editor.table.setCurrentIndex(index)
    type_in_current_cell(qtbot, editor, "СОТРУДНИЧЕСТВО")
    assert editor.problems() == []
    assert editor.plan().rows[0] == Section(
        {"en": "COOPERATION IN POLITICAL FIELD", "ru": "СОТРУДНИЧЕСТВО"}, 1, "I."
    )


WORD_TABLE = """<html><body><!--StartFragment-->
<table class=MsoTableGrid border=1>
 <tr><td><p class=MsoNormal>1.</p></td>
  <td><p class=MsoNormal>Joint sports</p><p class=MsoNormal>competitions</p></td>
  <td rowspan=2><p class=MsoNormal>Member&nbsp;States</p></td></tr>
 <tr><td><p class=MsoNormal>2.</p></td><td><p class=MsoNormal>CICA-SCO energy event</p></td></tr>
</table><!--EndFragment--></body></html>"""


def test_a_word_table_with_a_merged_cell_pastes_as_a_spanning_cell(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot, dataclasses.replace(reference, rows=()))
    put_on_clipboard(text="1.\tJoint sports\n", html=WORD_TABLE)
    editor.paste_from_clipboard()
    rows = editor.draft().rows
    assert rows[0] == Item(
        {
            "events": Cell({"en": "Joint sports\ncompetitions", "ru": ""}),
            "participants": Cell({"en": "Member States", "ru": ""}, rowspan=2),
        }
    )
    assert rows[1] == Item({"events": Cell({"en": "CICA-SCO energy event", "ru": ""})})
    assert editor.table.rowSpan(0, 2) == 2
    assert editor.table.rowSpan(0, 1) == 1


def test_rows_added_deleted_moved_and_indented_with_clicks_and_keys_then_undone(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot, reference)
    events = shown(editor, 1)
    editor.table.setCurrentIndex(editor.model.index(0, 1))

    qtbot.mouseClick(editor.button("plan_add_row"), Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 9
    assert shown(editor, 1)[1] == "" and shown(editor, 0)[:3] == ["1.", "2.", "3."]
    assert editor.current_row() == 1

    editor.table.setCurrentIndex(editor.model.index(1, 1))
    qtbot.mouseClick(editor.button("plan_delete"), Qt.MouseButton.LeftButton)
    assert shown(editor, 1) == events

    # Move row 3 up with Ctrl+Up, then down again with Ctrl+Down.
    editor.table.setCurrentIndex(editor.model.index(2, 1))
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, CTRL)
    assert shown(editor, 1)[1] == events[2] and shown(editor, 1)[2] == events[1]
    assert editor.current_row() == 1
    assert shown(editor, 0)[1] == "2."  # numbers stay in order; the rows moved
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, CTRL)
    assert shown(editor, 1) == events

    # A section above row 5, indented twice (level 3 is the limit) and outdented once.
    editor.table.setCurrentIndex(editor.model.index(3, 1))
    qtbot.mouseClick(editor.button("plan_add_section"), Qt.MouseButton.LeftButton)
    assert isinstance(editor.draft().rows[4], Section)
    type_in_current_cell(qtbot, editor, "Joint events")
    editor.table.setCurrentIndex(editor.model.index(4, 1))
    qtbot.keyClick(editor.table, Qt.Key.Key_BracketRight, CTRL)
    qtbot.keyClick(editor.table, Qt.Key.Key_BracketRight, CTRL)
    qtbot.keyClick(editor.table, Qt.Key.Key_BracketRight, CTRL)
    section = editor.draft().rows[4]
    assert isinstance(section, Section) and section.level == 3
    assert section.title("en") == "Joint events"
    qtbot.mouseClick(editor.button("plan_outdent"), Qt.MouseButton.LeftButton)
    assert editor.draft().rows[4].level == 2  # type: ignore[union-attr]
    assert shown(editor, 1)[4] == "    Joint events"

    # Hierarchical numbering is shown live; a level-2 section may not open the plan.
    editor.numbering_box.setCurrentIndex(editor.numbering_box.findData("hierarchical"))
    assert any("cannot follow no section" in text for text in editor.problems())
    qtbot.mouseClick(editor.button("plan_outdent"), Qt.MouseButton.LeftButton)
    assert shown(editor, 0)[:7] == ["1.", "2.", "3.", "4.", "I.", "1.1.", "1.2."]
    assert editor.problems() == ["Row 5, section heading, Русский: is missing"]

    # Undo everything, with the toolbar and with Ctrl+Z; redo one step.
    while editor.undo_stack.canUndo():
        qtbot.keyClick(editor.table, Qt.Key.Key_Z, CTRL)
    assert editor.draft() == reference
    qtbot.mouseClick(editor.button("plan_redo"), Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 9
    qtbot.mouseClick(editor.button("plan_undo"), Qt.MouseButton.LeftButton)
    assert editor.plan() == reference


def test_deleting_the_first_row_of_a_spanning_cell_keeps_its_text(
    qtbot: QtBot, reference: Plan
) -> None:
    rows = list(reference.rows[:3])
    first = rows[0]
    assert isinstance(first, Item)
    rows[0] = Item({**first.cells, "participants": Cell(first.cells["participants"].texts, 3)})
    for index in (1, 2):
        row = rows[index]
        assert isinstance(row, Item)
        rows[index] = Item({"events": row.cells["events"]})
    editor = open_editor(qtbot, dataclasses.replace(reference, rows=tuple(rows)))
    assert editor.table.rowSpan(0, 2) == 3
    editor.table.setCurrentIndex(editor.model.index(0, 1))
    qtbot.mouseClick(editor.button("plan_delete"), Qt.MouseButton.LeftButton)
    kept = editor.draft().rows[0]
    assert isinstance(kept, Item)
    assert kept.cells["participants"].rowspan == 2
    assert kept.cells["participants"].text("en") == "Member States, CICA and SCO Secretariats"
    assert editor.table.rowSpan(0, 2) == 2


def test_import_preview_cancel_changes_nothing_and_ok_imports(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot)
    before = editor.draft()
    editor.import_file(REFERENCE_CSV)
    dialog = editor.findChild(ImportPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    assert "8 rows" in dialog.summary.text() and "Events, Participants" in dialog.summary.text()
    assert dialog.model is not None and dialog.model.rowCount() == 8
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert editor.draft() == before

    editor.import_file(REFERENCE_CSV)
    dialog = next(d for d in editor.findChildren(ImportPreviewDialog) if d.isVisible())
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert editor.plan() == reference
    assert editor.model.rowCount() == 8
    editor.undo_stack.undo()
    assert editor.draft() == before


def test_a_malformed_csv_shows_its_errors_by_row_and_column_and_imports_nothing(
    qtbot: QtBot, reference: Plan, tmp_path: Path
) -> None:
    text = REFERENCE_CSV.read_text(encoding="utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("column,,,events,5,", "column,,,events,wide,"), encoding="utf-8")
    editor = open_editor(qtbot, reference)
    editor.import_file(bad)
    dialog = editor.findChild(ImportPreviewDialog)
    assert dialog is not None
    errors = dialog.error_texts()
    assert errors and any(e.startswith("row 5, column E (value)") for e in errors), errors
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "nothing will change" in dialog.summary.text()
    dialog.reject()
    assert editor.draft() == reference
    assert not editor.undo_stack.canUndo()


def test_columns_added_renamed_and_removed_then_undone(qtbot: QtBot, reference: Plan) -> None:
    editor = open_editor(qtbot, reference)
    editor.edit_columns()
    unchanged = editor.findChild(ColumnsDialog)
    assert unchanged is not None
    unchanged.accept()
    assert editor.draft() == reference and not editor.undo_stack.canUndo()
    unchanged.deleteLater()
    qtbot.waitUntil(lambda: editor.findChild(ColumnsDialog) is None, timeout=2000)
    qtbot.mouseClick(
        editor.findChild(QPushButton, "plan_columns_button"), Qt.MouseButton.LeftButton
    )
    dialog = editor.findChild(ColumnsDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.findChild(QPushButton, "columns_add"), Qt.MouseButton.LeftButton)
    row = dialog.table.rowCount() - 1
    dialog.table.setItem(row, 0, QTableWidgetItem("when"))
    dialog.table.setItem(row, 2, QTableWidgetItem("Time for execution"))
    dialog.table.setItem(row, 3, QTableWidgetItem("Сроки исполнения"))
    dialog.table.item(2, 2).setText("Participants and hosts")
    dialog.table.item(1, 0).setText("event")  # a renamed key keeps its cells
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    plan = editor.draft()
    assert plan.column_keys() == ("event", "participants", "when")
    assert editor.model.headerData(3, Qt.Orientation.Horizontal) == "Time for execution"
    assert editor.model.headerData(2, Qt.Orientation.Horizontal) == "Participants and hosts"
    first = plan.rows[0]
    assert isinstance(first, Item) and first.cells["event"].text("en").startswith("Mutual")
    editor.plan()  # still valid

    # A repeated key is refused in the dialog itself.
    editor.edit_columns()
    dialog = next(d for d in editor.findChildren(ColumnsDialog) if d.isVisible())
    dialog.table.setItem(2, 0, QTableWidgetItem("event"))
    dialog.accept()
    assert dialog.isVisible() and "used twice" in dialog.error.text()
    dialog.reject()

    editor.undo_stack.undo()
    assert editor.draft() == reference


def test_title_preamble_and_signatories_edited_in_the_details_dialog(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot, reference)
    editor.edit_details()
    dialog = editor.findChild(PlanDetailsDialog)
    assert dialog is not None
    assert dialog.preamble_edits["en"].toPlainText().splitlines()[2] == (
        "• Promoting regional security and stability;"
    )
    dialog.title_edits["ru"].setPlainText("План мероприятий")
    dialog.preamble_edits["en"].appendPlainText("A closing paragraph.")
    dialog.accept()
    assert "different number of paragraphs" in dialog.error.text()
    dialog.preamble_edits["ru"].appendPlainText("Заключительный абзац.")
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "details_add_signatory"), Qt.MouseButton.LeftButton
    )
    dialog.accept()
    plan = editor.draft()
    assert plan.title["ru"] == "План мероприятий"
    assert plan.preamble[:-1] == reference.preamble
    assert plan.preamble[-1].texts == {"en": "A closing paragraph.", "ru": "Заключительный абзац."}
    assert plan.signatories[:2] == reference.signatories
    assert len(plan.signatories) == 3
    assert "Signatory 3, English: is missing" in editor.problems()
    assert "APPROVED: Zhang Ming" in editor.summary.text()


def test_dialog_ok_refuses_while_the_plan_has_problems_and_loses_nothing(
    qtbot: QtBot, reference: Plan
) -> None:
    dialog = PlanEditorDialog(dataclasses.replace(reference, title={"en": "Plan", "ru": ""}))
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Title, Русский: is missing" in dialog.refusal.text()
    assert dialog.plan_editor.draft().title["en"] == "Plan"
    dialog.plan_editor.set_plan(reference)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.plan() == reference


def test_export_xlsx_reads_back_the_same_plan(
    qtbot: QtBot, reference: Plan, tmp_path: Path
) -> None:
    editor = open_editor(qtbot, reference)
    editor.export_file(tmp_path / "plan.xlsx")
    assert read_plan(tmp_path / "plan.xlsx") == reference


def test_the_table_model_passes_qt_model_checks(
    qtbot: QtBot, qtmodeltester, reference: Plan
) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, reference)
    qtmodeltester.check(editor.model)


def test_cells_merged_down_and_split_again(qtbot: QtBot, reference: Plan) -> None:
    rows = list(reference.rows[:3])
    second = rows[1]
    assert isinstance(second, Item)
    rows[1] = Item({"events": second.cells["events"]})  # no participants in row 2
    editor = open_editor(qtbot, dataclasses.replace(reference, rows=tuple(rows)))
    editor.table.setCurrentIndex(editor.model.index(0, 2))
    qtbot.mouseClick(editor.button("plan_merge_down"), Qt.MouseButton.LeftButton)
    assert editor.table.rowSpan(0, 2) == 2
    first = editor.draft().rows[0]
    assert isinstance(first, Item) and first.cells["participants"].rowspan == 2
    # Row 3 has text in that column: merging further is refused and nothing changes.
    qtbot.mouseClick(editor.button("plan_merge_down"), Qt.MouseButton.LeftButton)
    assert "has text" in editor.status.text()
    assert editor.table.rowSpan(0, 2) == 2
    editor.plan()
    qtbot.mouseClick(editor.button("plan_split"), Qt.MouseButton.LeftButton)
    assert editor.table.rowSpan(0, 2) == 1
    assert editor.draft().rows == tuple(rows)


def click_check(qtbot: QtBot, check: QCheckBox) -> None:
    # On its box: the check box widget is wider than its label.
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def test_plan_languages_chosen_with_the_check_boxes(qtbot: QtBot, reference: Plan) -> None:
    editor = open_editor(qtbot, reference)
    kazakh = editor.findChild(QCheckBox, "plan_language_kk")
    russian = editor.findChild(QCheckBox, "plan_language_ru")
    assert not kazakh.isChecked() and russian.isChecked()
    click_check(qtbot, kazakh)
    assert editor.draft().languages == ("en", "ru", "kk")
    assert [editor.language_tabs.tabText(i) for i in range(3)] == ["English", "Русский", "Қазақша"]
    assert "Title, Қазақша: is missing" in editor.problems()
    assert "Row 1, section heading" not in " ".join(editor.problems())
    click_check(qtbot, kazakh)
    assert editor.draft() == reference
    click_check(qtbot, russian)
    plan = editor.plan()
    assert plan.languages == ("en",)
    first = plan.rows[0]
    assert isinstance(first, Item) and first.cells["events"].texts == {
        "en": "Mutual invitation of heads and representatives of the Secretariats to CICA "
        "and SCO events"
    }
    editor.undo_stack.undo()
    assert editor.draft() == reference


def test_delete_empties_the_selected_cells_in_the_language_shown_only(
    qtbot: QtBot, reference: Plan
) -> None:
    editor = open_editor(qtbot, reference)
    click_tab(qtbot, editor, "ru")
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(2, 1))
    qtbot.keyClick(editor.table, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    third = editor.draft().rows[2]
    assert isinstance(third, Item)
    assert third.cells["events"].texts == {
        "en": "Joint events to exchange information and experiences",
        "ru": "",
    }
    assert third.cells["participants"].text("ru") == ""
    assert shown(editor, 1)[2] == "" and shown(editor, 2)[2] == ""
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, CTRL)
    assert editor.draft() == reference


def test_signatory_dates_typed_once_for_every_language(qtbot: QtBot, reference: Plan) -> None:
    editor = open_editor(qtbot, reference)
    editor.edit_details()
    dialog = editor.findChild(PlanDetailsDialog)
    assert dialog is not None
    date = dialog.findChild(QLineEdit, "details_date_2")
    assert date is not None and date.text() == ""
    date.setText("31.11.2023")  # no such day
    dialog.accept()
    assert dialog.isVisible()
    assert "Signatory 2: “31.11.2023” is not a date" in dialog.error.text()
    date.setText("29.11.2023")  # as people type it
    dialog.accept()
    assert not dialog.isVisible()
    signatories = editor.draft().signatories
    assert signatories[0] == reference.signatories[0]
    assert signatories[1] == dataclasses.replace(
        reference.signatories[1], date=dt.date(2023, 11, 29)
    )


def test_an_xlsx_file_imported_through_the_preview(
    qtbot: QtBot, reference: Plan, tmp_path: Path
) -> None:
    source = open_editor(qtbot, reference)
    source.export_file(tmp_path / "plan.xlsx")
    editor = open_editor(qtbot)
    editor.import_file(tmp_path / "plan.xlsx")
    dialog = editor.findChild(ImportPreviewDialog)
    assert dialog is not None and dialog.model is not None
    dialog.languages.setCurrentIndex(1)
    assert dialog.model.data(dialog.model.index(7, 1)) == (
        "Совместное мероприятие СВМДА и ШОС в сфере энергетики"
    )
    dialog.accept()
    assert editor.plan() == reference


def test_plan_problems_in_the_kazakh_interface(qtbot: QtBot, reference: Plan) -> None:
    set_ui_language("kk")
    try:
        dialog = PlanEditorDialog(dataclasses.replace(reference, title={"en": "", "ru": "План"}))
        qtbot.addWidget(dialog)
        dialog.show()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert "Атауы, English: толтырылмаған" in dialog.refusal.text()
        assert "is missing" not in dialog.refusal.text()
    finally:
        set_ui_language("en")


def header(editor: PlanEditor, column: int, role: Qt.ItemDataRole) -> object:
    return editor.model.headerData(column, Qt.Orientation.Horizontal, role)


def test_a_column_without_a_header_in_the_language_shown_borrows_one_marked_as_borrowed(
    qtbot: QtBot, reference: Plan
) -> None:
    DISPLAY, FONT, TIP = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
    )
    editor = open_editor(qtbot, reference)
    # Kazakh added: "Events" has its usual Kazakh header, "Participants" none yet.
    click_check(qtbot, editor.findChild(QCheckBox, "plan_language_kk"))
    click_tab(qtbot, editor, "kk")
    assert header(editor, 1, DISPLAY) == "Іс-шаралар"
    assert header(editor, 1, FONT) is None and header(editor, 1, TIP) is None
    assert header(editor, 2, DISPLAY) == "Participants"  # English first, not the key
    font = header(editor, 2, FONT)
    assert isinstance(font, QFont) and font.italic()
    assert header(editor, 2, TIP) == "No header in Қазақша yet: shown in English."
    # A problem in a cell of that column names it by the borrowed header too.
    rows = list(editor.draft().rows)
    first = rows[0]
    assert isinstance(first, Item)
    long_text = Cell({**first.cells["participants"].texts, "kk": "ж" * 20_001})
    rows[0] = Item({**first.cells, "participants": long_text}, first.number)
    editor.set_plan(dataclasses.replace(editor.draft(), rows=tuple(rows)))
    assert any(
        text.startswith("Row 1, Participants, Қазақша: is 20001") for text in editor.problems()
    )

    # With no English header, the first of the plan's languages that has one, in the
    # interface's own words (Russian here).
    columns = (
        reference.columns[0],
        dataclasses.replace(reference.columns[1], headers={"ru": "Участники"}),
        Column("when", {}, 1.0),
    )
    set_ui_language("ru")
    try:
        editor.set_plan(dataclasses.replace(reference, columns=columns))
        click_tab(qtbot, editor, "en")
        assert header(editor, 1, DISPLAY) == "Events" and header(editor, 1, FONT) is None
        assert header(editor, 2, DISPLAY) == "Участники"
        assert header(editor, 2, TIP) == (
            "Заголовка на языке «English» пока нет: показан заголовок на языке «Русский»."
        )
        # No header in any language: the key, in italics, and the tooltip says so.
        assert header(editor, 3, DISPLAY) == "when"
        assert header(editor, 3, FONT).italic()  # type: ignore[attr-defined]
        assert header(editor, 3, TIP) == (
            "Заголовка пока нет ни на одном языке: показан ключ столбца."
        )
    finally:
        set_ui_language("en")
    # The officer sees the tooltip on the header itself.
    view = editor.table.horizontalHeader()
    place = QPoint(view.sectionViewportPosition(2) + 10, view.height() // 2)
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, place, view.viewport().mapToGlobal(place))
    )
    assert QToolTip.text() == "No header in English yet: shown in Русский."


def section_level(editor: PlanEditor, row: int) -> int:
    section = editor.draft().rows[row]
    assert isinstance(section, Section)
    return section.level


def current(editor: PlanEditor) -> tuple[int, int]:
    index = editor.table.currentIndex()
    return index.row(), index.column()


def test_tab_on_a_section_number_indents_shift_tab_outdents_elsewhere_tab_moves(
    qtbot: QtBot, reference: Plan
) -> None:
    heading = Section({"en": "Joint events", "ru": "Совместные мероприятия"}, 1)
    editor = open_editor(qtbot, dataclasses.replace(reference, rows=(heading, *reference.rows)))
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(0, 0))

    # Tab on the heading's number: one level deeper each time, the cell stays current.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert section_level(editor, 0) == 2 and current(editor) == (0, 0)
    assert shown(editor, 1)[0] == "    Joint events"
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert section_level(editor, 0) == 3 and current(editor) == (0, 0)
    # Level 3 is the deepest: Tab moves on to the title, as in any other cell.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert section_level(editor, 0) == 3 and current(editor) == (0, 1)
    # Shift+Tab on the title moves back; on the number it outdents.
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert section_level(editor, 0) == 3 and current(editor) == (0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert section_level(editor, 0) == 2 and current(editor) == (0, 0)
    assert editor.undo_stack.undoText() == "Outdent"
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)  # each Tab is one step to undo
    assert section_level(editor, 0) == 3

    # On an item's number (items have no level) Tab moves to the next cell, changing nothing.
    before = editor.draft()
    table.setCurrentIndex(editor.model.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert current(editor) == (1, 1) and editor.draft() == before
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert current(editor) == (1, 2)
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert current(editor) == (1, 1) and editor.draft() == before
    assert "Tab" in editor.button("plan_indent").toolTip()
    assert "Ctrl+Tab" in editor.button("plan_indent").toolTip()


def test_tab_while_typing_a_section_number_moves_on_and_ctrl_tab_leaves_the_table(
    qtbot: QtBot, reference: Plan
) -> None:
    heading = Section({"en": "Joint events", "ru": "Совместные мероприятия"}, 1)
    plan = dataclasses.replace(reference, rows=(heading, *reference.rows), numbering="typed")
    editor = open_editor(qtbot, plan)
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(0, 0))
    # Typing the number: Tab keeps what was typed and goes to the title; no indent.
    qtbot.keyClick(table, Qt.Key.Key_F2)
    line = table.focusWidget()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "IV.")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: current(editor) == (0, 1), timeout=2000)
    assert editor.draft().rows[0] == dataclasses.replace(heading, number="IV.")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=2000)

    # Ctrl+Tab leaves the table for the next control, Ctrl+Shift+Tab for the one before.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab, CTRL)
    assert QApplication.focusWidget() is editor.numbering_box
    assert current(editor) == (0, 1)  # the table kept its place
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is editor.language_tabs
    assert editor.draft().rows[0] == dataclasses.replace(heading, number="IV.")
