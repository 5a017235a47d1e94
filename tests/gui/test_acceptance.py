"""Acceptance of the desktop application (issue 6), offscreen on a real SQLite file: the
drafter composes note №PAR/1453 of the reference in the note window, attaches its Action Plan
by pasting the table from the clipboard, saves and submits it; the approver logs in, approves
and issues it; `1453` typed into the register's search field brings it up as the first row,
and the preview shows page 1 of the Kazakh PDF."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.plan import Item, Plan
from app.gui.login_dialog import LoginDialog
from app.gui.note_window import NoteWindow
from app.gui.register_model import COL_NUMBER
from app.gui.register_window import VIEW_ALL, VIEW_AWAITING, MainWindow
from app.paths import resources_dir
from app.services.note_file import load_note
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import PASSWORD, People, answer_modal, confirm_next

EXAMPLES = resources_dir() / "examples"
FIELDS = ("document_title", "document_short", "document_short_genitive", "approving_body")


def plan_tsv(language: str) -> str:
    """The reference plan's table in one language as Excel puts it on the clipboard: a header
    row, then numbered rows, tab-separated, multi-line cells quoted."""
    with (EXAMPLES / "par-1453-plan.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["kind"] == "item"]
    headers = {"en": ("No.", "Events", "Participants"), "ru": ("№ п/п", "Мероприятия", "Участники")}
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    writer.writerow(headers[language])
    for number, row in enumerate(rows, start=1):
        writer.writerow([f"{number}.", row[f"events.{language}"], row[f"participants.{language}"]])
    return out.getvalue()


def put_on_clipboard(text: str) -> None:
    # setText, not setMimeData with a QMimeData made here: the clipboard takes ownership of
    # that object and PySide6 deletes it again at exit (a segmentation fault after the run).
    QApplication.clipboard().setText(text)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type key by key (QTest's keyClicks sends Latin-1 only; these texts are Cyrillic)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
    qtbot.wait(1)


def log_in(qtbot: QtBot, dialog: LoginDialog, login: str) -> None:
    dialog.login_name.clear()
    qtbot.keyClicks(dialog.login_name, login)
    qtbot.keyClicks(dialog.login_password, PASSWORD)
    qtbot.keyClick(dialog.login_password, Qt.Key.Key_Return)


def numbers(window: MainWindow) -> list[str]:
    model = window.model
    return [str(model.index(row, COL_NUMBER).data()) for row in range(model.rowCount())]


def test_par_1453_composed_pasted_submitted_approved_issued_found_and_previewed(
    qtbot: QtBot, office: Register, people: People, tmp_path: Path
) -> None:
    reference = load_note(EXAMPLES / "par-1453.toml")
    reference_plan = reference.enclosures[0].plan
    assert reference_plan is not None
    workflow = WorkflowService(office)

    # The drafter logs in and opens a new note with Ctrl+N.
    login = LoginDialog(office)
    qtbot.addWidget(login)
    login.show()
    log_in(qtbot, login, "aigerim")
    assert login.user is not None and login.user.login == "aigerim"
    window = MainWindow(office, workflow, login.user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.note_windows), timeout=5000)
    note_window = window.note_windows[-1]
    assert isinstance(note_window, NoteWindow)  # closed with the main window
    editor = note_window.editor

    # The header, as in the reference.
    editor.note_type_box.setCurrentIndex(editor.note_type_box.findData("silence_procedure"))
    editor.series_edit.clear()
    qtbot.keyClicks(editor.series_edit, "PAR")
    # Dates typed as officers type them, read on Enter (or on leaving the field).
    editor.date_edit.setFocus()
    editor.date_edit.selectAll()
    qtbot.keyClicks(editor.date_edit, "29.11.2023")
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Return)
    assert editor.date_edit.text() == "29 November 2023"
    qtbot.keyClicks(editor.subject_edit, reference.subject)
    qtbot.keyClicks(editor.addressee_search, "Member States")
    assert editor.addressee.key == "cica-member-states"
    editor.deadline_edit.setFocus()
    qtbot.keyClicks(editor.deadline_edit, "29 December 2023")
    qtbot.keyClick(editor.deadline_edit, Qt.Key.Key_Return)
    assert editor.deadline_edit.value() == dt.date(2023, 12, 29)

    # The officer's texts in the three languages, typed into the parallel panes.
    for language in ("en", "ru", "kk"):
        for key in FIELDS:
            field = note_window.findChild(QWidget, f"field_{key}_{language}")
            assert field is not None, f"no field {key} [{language}]"
            type_text(qtbot, field, reference.field_text(language, key))

    # The Action Plan: its title, preamble, signatories and column widths are set as the
    # reference file has them (an officer types them in the plan's details and columns
    # dialogs), with an empty table; the table itself is pasted from the clipboard, English
    # then Russian, as copied from Excel. (Pasting into a plan as new, columns and all, is
    # the next test.)
    qtbot.mouseClick(note_window.findChild(QPushButton, "edit_plan"), Qt.MouseButton.LeftButton)
    plan_dialog = note_window.findChild(QDialog, "plan_dialog")
    assert plan_dialog is not None and plan_dialog.isVisible()
    plan_editor = plan_dialog.plan_editor
    plan_editor.set_plan(dataclasses.replace(reference_plan, rows=()))
    put_on_clipboard(plan_tsv("en"))
    plan_editor.paste_from_clipboard()
    plan_editor.set_language("ru")
    plan_editor.table.setCurrentIndex(plan_editor.model.index(0, 1))
    put_on_clipboard(plan_tsv("ru"))
    plan_editor.paste_from_clipboard()
    assert plan_editor.plan() == reference_plan
    plan_dialog.accept()
    assert editor.plan() == reference_plan

    # Saved as a draft of the drafter's, then submitted.
    saved: list[int] = []
    note_window.saved.connect(saved.append)
    qtbot.keyClick(note_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    note_id = saved[-1]
    draft = office.load(note_id)
    assert draft.status == "draft" and draft.note.fields == reference.fields
    # The register window behind follows the save.
    qtbot.waitUntil(lambda: window.model.row_of(note_id) is not None, timeout=3000)
    bar = note_window.workflow_bar
    submit = bar.findChild(QPushButton, "workflow_submit")
    assert submit is not None and submit.isVisible()
    assert bar.findChild(QPushButton, "workflow_approve").isHidden()  # four eyes
    with qtbot.waitSignal(bar.changed, timeout=10_000):
        qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert office.load(note_id).status == "submitted"
    note_window.close()

    # Another officer logs in (File › Switch user) as the approver.
    answer_modal(lambda dialog: log_in(qtbot, dialog, "serik"))  # type: ignore[arg-type]
    assert window.switch_user() is True
    assert window.user is not None and window.user.login == "serik"
    assert "Serik Approver" in window.user_label.text()
    window.choose_view(VIEW_AWAITING)
    assert [window.model.note_id(row) for row in range(window.model.rowCount())] == [note_id]
    assert window.current_note_id() == note_id
    approver_bar = window.workflow_bar
    assert approver_bar is not None and approver_bar.note_id == note_id
    approve = approver_bar.findChild(QPushButton, "workflow_approve")
    confirm_next()
    with qtbot.waitSignal(approver_bar.changed, timeout=10_000):
        qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    assert office.load(note_id).status == "approved"
    window.choose_view(VIEW_ALL)
    window.table.selectRow(window.model.row_of(note_id) or 0)
    issue = approver_bar.findChild(QPushButton, "workflow_issue")
    assert issue.isVisible()
    confirm_next()
    with qtbot.waitSignal(approver_bar.changed, timeout=60_000):
        qtbot.mouseClick(issue, Qt.MouseButton.LeftButton)
    issued = office.load(note_id)
    assert issued.status == "issued"
    assert issued.note.number is not None and issued.note.number.code == "PAR/1453"
    assert {document.language for document in issued.documents} >= {"en", "ru", "kk"}

    # Typing 1453 in the register's search field brings the note up first.
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "1453")
    qtbot.waitUntil(lambda: numbers(window)[:1] == ["№PAR/1453"], timeout=5000)
    assert window.model.note_id(0) == note_id
    qtbot.waitUntil(lambda: "PAR/1453" in window.details.toPlainText(), timeout=3000)

    # Enter opens it; the preview shows the Kazakh PDF as issued, page 1.
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(0, 0))
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.note_windows), timeout=5000)
    opened = window.note_windows[-1]
    assert isinstance(opened, NoteWindow)
    assert opened.note_id == note_id and opened.frozen
    box = opened.preview.language_box
    box.setCurrentIndex(box.findData("kk"))

    def kazakh_page_one() -> str:
        document = opened.preview.document
        if document.status() != QPdfDocument.Status.Ready:
            return ""
        return " ".join(document.getAllText(0).text().split())

    qtbot.waitUntil(lambda: "Астана қаласы" in kazakh_page_one(), timeout=20_000)
    page = kazakh_page_one()
    assert "№PAR/1453" in page
    assert "Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің Хатшылығы" in page
    assert "2023 жылғы 29 қараша" in page
    assert window.grab().save(str(tmp_path / "acceptance-main-window.png"))


def test_the_reference_table_pasted_into_a_new_plan_brings_its_columns(qtbot: QtBot) -> None:
    """What an officer does: a new note's plan has one "Events" column and no rows; the
    reference table is pasted from Excel in English, then in Russian."""
    from app.gui.plan import PlanEditorDialog

    reference_plan = load_note(EXAMPLES / "par-1453.toml").enclosures[0].plan
    assert reference_plan is not None
    dialog = PlanEditorDialog(None, ("en", "ru", "kk"))
    qtbot.addWidget(dialog)
    editor = dialog.plan_editor
    assert [column.key for column in editor.draft().columns] == ["events"]
    put_on_clipboard(plan_tsv("en"))
    editor.paste_from_clipboard()
    assert "New columns from the pasted header: Participants." in editor.status.text()
    editor.set_language("ru")
    editor.table.setCurrentIndex(editor.model.index(0, 1))
    put_on_clipboard(plan_tsv("ru"))
    editor.paste_from_clipboard()
    plan = editor.draft()  # the title and signatories are still to be typed
    assert [
        {code: column.headers.get(code) for code in ("en", "ru")} for column in plan.columns
    ] == [dict(column.headers) for column in reference_plan.columns]

    def table(of: Plan) -> list[list[dict[str, str]]]:
        return [
            [
                {code: cell.texts.get(code, "") for code in ("en", "ru")}
                for cell in row.cells.values()
            ]
            for row in of.rows
            if isinstance(row, Item)
        ]

    assert table(plan) == table(reference_plan)  # 8 rows, word for word in both languages
    assert len(table(plan)) == 8
