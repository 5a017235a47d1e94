"""A plain table imported in the plan editor: the guessed mapping shown with a combo box per
column, the first rows as they will be, corrected by choosing, in the interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.gui.plan.plain_import import PlainImportDialog
from app.i18n.messages import set_ui_language
from app.services.plan_io import read_plan
from tests.gui.test_plan_editor import open_editor
from tests.plan.plain_tables import write_docx, write_xlsx


@pytest.fixture
def xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "Action plan.xlsx"
    path.write_bytes(write_xlsx())
    return path


def texts(dialog: PlainImportDialog, row: int) -> list[str]:
    table = dialog.rows
    return [
        table.item(row, column).text() if table.item(row, column) else ""
        for column in range(table.columnCount())
    ]


def test_the_guessed_mapping_and_the_first_rows_then_ok_imports(qtbot: QtBot, xlsx: Path) -> None:
    editor = open_editor(qtbot)
    editor.import_file(xlsx)
    dialog = editor.findChild(PlainImportDialog)
    assert dialog is not None and dialog.isVisible()
    roles = [box.currentText() for box in dialog.findChildren(QComboBox) if box in dialog.roles]
    assert roles == ["Number", "Plan column", "Plan column", "Plan column", "Plan column"]
    assert dialog.language.currentData() == "en"
    assert "120 rows (25 section headings), 4 columns, in English" in dialog.summary.text()
    headers = [dialog.rows.horizontalHeaderItem(i).text() for i in range(5)]
    assert headers == ["No.", "Events", "Scheduled time", "Executors", "Coordinating body"]
    assert texts(dialog, 0)[0] == "I. COOPERATION IN AREA 1"
    assert dialog.rows.columnSpan(0, 0) == 5  # a section across the table
    assert texts(dialog, 1)[:2] == ["1.1", texts(dialog, 1)[1]]
    assert dialog.rows.rowSpan(1, 3) == 3  # Executors merged down over 1.1-1.3
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    ok.click()
    assert editor.plan() == read_plan(xlsx)
    editor.undo_stack.undo()
    assert editor.draft() != read_plan(xlsx)


def test_choosing_in_the_combo_boxes_reads_the_table_again(qtbot: QtBot, xlsx: Path) -> None:
    editor = open_editor(qtbot)
    editor.import_file(xlsx)
    dialog = editor.findChild(PlainImportDialog)
    assert dialog is not None
    skip = dialog.roles[4].findData("skip")
    dialog.roles[4].setCurrentIndex(skip)  # Coordinating body: skipped
    assert dialog.rows.columnCount() == 4
    dialog.roles[1].setCurrentIndex(dialog.roles[1].findData("number"))  # two numbers
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems == ["Columns A, B are each chosen as the number; a plan has one."]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "cannot be imported as chosen; nothing will change" in dialog.summary.text()
    dialog.roles[1].setCurrentIndex(dialog.roles[1].findData("column"))
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.accept()
    assert editor.plan().languages == ("ru",)
    assert [column.key for column in editor.plan().columns] == [
        "events",
        "scheduled_time",
        "executors",
    ]


def test_the_preview_in_the_russian_interface(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(write_docx("ru"))
    set_ui_language("ru")
    try:
        editor = open_editor(qtbot)
        editor.import_file(path)
        dialog = editor.findChild(PlainImportDialog)
        assert dialog is not None
        assert [box.currentText() for box in dialog.roles] == [
            "Номер",
            "Столбец плана",
            "Столбец плана",
            "Столбец плана",
            "Столбец плана",
        ]
        assert dialog.language.currentData() == "ru"
        assert dialog.summary.text().startswith(
            "plan.docx: строк: 120 (из них заголовков разделов: 25), столбцов: 4"
        )
        assert dialog.rows.horizontalHeaderItem(1).text() == "Мероприятия"
    finally:
        set_ui_language("en")
