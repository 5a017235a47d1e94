"""A note file (TOML) given to Verbale — the desktop entry's %F — opens in a new note window
as an unsaved draft; a file that cannot be read is said, naming it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.gui.note_files import open_note_file
from app.gui.note_window import NoteWindow
from app.gui.register_window import MainWindow
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People, answer_modal, save_and_wait

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_note_file_opens_as_a_new_draft(qtbot: QtBot, office: Register, people: People) -> None:
    window = MainWindow(office, WorkflowService(office), people.drafter)
    qtbot.addWidget(window)
    window.show()
    opened = open_note_file(window, EXAMPLES / "par-1453.toml")
    assert isinstance(opened, NoteWindow)
    qtbot.addWidget(opened)
    editor = opened.editor
    assert editor.note_id is None and editor.draft_note().number is None  # numbered on issue
    assert editor.subject_edit.text().startswith("Draft Action Plan")
    assert editor.date_edit.text() == "29 November 2023"
    assert opened.dirty and opened.windowTitle().startswith("*")
    assert "Opened from par-1453.toml" in opened.status_label.text()
    assert save_and_wait(qtbot, opened) and office.load(opened.note_id or 0).note.subject == (
        editor.subject_edit.text()
    )


def test_a_file_that_is_no_note_is_said(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path
) -> None:
    window = MainWindow(office, WorkflowService(office), people.drafter)
    qtbot.addWidget(window)
    window.show()
    broken = tmp_path / "broken.toml"
    broken.write_text("this is = = not toml", encoding="utf-8")
    said: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        said.append(dialog.windowTitle() + " | " + dialog.text())
        dialog.accept()

    answer_modal(read)
    assert open_note_file(window, broken) is None
    assert said and "broken.toml" in said[0]
    assert not window.note_windows
