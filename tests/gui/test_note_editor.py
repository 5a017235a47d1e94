"""The note window driven as an officer would: typing the PAR/1453 texts in three languages,
autosave to a real SQLite register, the recovery copy, undo, the Kazakh preview, printing."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.note import Note
from app.gui.date_entry import DateEntry
from app.gui.note_window import NoteWindow
from app.i18n.messages import set_ui_language
from app.paths import resources_dir
from app.services import drafting
from app.services.demo import reference_note
from app.services.note_file import load_note
from app.services.register import Register
from app.services.users import UserInfo, add_user
from app.services.workflow import WorkflowService

from .conftest import save_and_wait

PASSWORD = "correct horse 1453"

FIELDS = ("document_title", "document_short", "document_short_genitive", "approving_body")


@pytest.fixture(scope="module")
def reference() -> Note:
    return load_note(resources_dir() / "examples" / "par-1453.toml")


@pytest.fixture(scope="module")
def office_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[UserInfo]]:
    """A register file with the PAR series and three users, made once: hashing passwords
    (Argon2) is slow on purpose, so each test starts from a copy of this file."""
    path = tmp_path_factory.mktemp("office") / "register.sqlite3"
    opened = Register.open(f"sqlite:///{path}")
    opened.ensure_series("PAR")
    admin = add_user(opened, "admin", PASSWORD, ["administrator"], by=None)
    drafter = add_user(opened, "aigerim", PASSWORD, ["drafter"], "Aigerim", by=admin)
    approver = add_user(opened, "boris", PASSWORD, ["approver", "registrar"], "Boris", by=admin)
    opened.close()
    return path, [drafter, approver]


@pytest.fixture
def register(tmp_path: Path, office_file: tuple[Path, list[UserInfo]]) -> Iterator[Register]:
    copy = tmp_path / "register.sqlite3"
    shutil.copyfile(office_file[0], copy)
    opened = Register.open(f"sqlite:///{copy}")
    yield opened
    opened.close()


@dataclass(frozen=True)
class Desk:
    """A register with its workflow and two officers: one drafts, the other approves."""

    register: Register
    workflow: WorkflowService
    drafter: UserInfo
    approver: UserInfo


@pytest.fixture
def desk(register: Register, office_file: tuple[Path, list[UserInfo]]) -> Desk:
    drafter, approver = office_file[1]
    return Desk(register, WorkflowService(register), drafter, approver)


def open_window(
    qtbot: QtBot, desk: Desk, note_id: int | None = None, user: UserInfo | None = None
) -> NoteWindow:
    window = NoteWindow(desk.register, desk.workflow, user or desk.drafter, note_id)
    qtbot.addWidget(window)
    window.show()
    return window


def field(window: NoteWindow, key: str, language: str) -> QPlainTextEdit:
    found = window.findChild(QPlainTextEdit, f"field_{key}_{language}")
    assert found is not None, f"no field {key} [{language}]"
    return found


def composed(window: NoteWindow, language: str) -> str:
    browser = window.findChild(QTextBrowser, f"composed_{language}")
    assert browser is not None
    return " ".join(browser.toPlainText().split())


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` key by key (QTest's keyClicks knows only ASCII; these are Cyrillic)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
    qtbot.wait(1)


def type_reference(
    qtbot: QtBot, window: NoteWindow, reference: Note, languages: tuple[str, ...]
) -> None:
    for language in languages:
        for key in FIELDS:
            type_text(qtbot, field(window, key, language), reference.field_text(language, key))


def test_typing_the_three_versions_updates_the_composed_texts(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    window = open_window(qtbot, desk)
    assert window.findChild(QComboBox, "note_type").currentData() == "silence_procedure"
    kk_before = composed(window, "kk")
    assert "[Draft document]" in kk_before
    type_reference(qtbot, window, reference, ("en", "ru", "kk"))
    qtbot.waitUntil(lambda: "Жоспардың жобасы" in composed(window, "kk"), timeout=5_000)
    assert "has the honour to submit the draft Action Plan for the Implementation" in composed(
        window, "en"
    )
    assert "(далее – План)" in composed(window, "ru")
    assert "Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің Хатшылығы мен" in composed(
        window, "kk"
    )
    assert "[Draft document]" not in composed(window, "kk")


def test_validation_marks_the_missing_kazakh_field(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    window = open_window(qtbot, desk)
    type_reference(qtbot, window, reference, ("en", "ru"))
    for key in FIELDS[1:]:
        type_text(qtbot, field(window, key, "kk"), reference.field_text("kk", key))
    editor = window.editor
    kk_title = field(window, "document_title", "kk")
    en_title = field(window, "document_title", "en")
    assert en_title.property("problem") is True  # a blank new note: everything is missing
    qtbot.waitUntil(lambda: en_title.property("problem") is False, timeout=5_000)
    assert kk_title.property("problem") is True
    assert "Draft document (Қазақша): is missing" in kk_title.toolTip()
    assert field(window, "document_short", "kk").property("problem") is False
    problems = window.findChild(QListWidget, "problems_list")
    texts = [problems.item(i).text() for i in range(problems.count())]
    assert "Draft document (Қазақша): is missing" in texts
    assert not any("English" in text or "Русский" in text for text in texts)
    with pytest.raises(ValueError, match=r"fields.document_title \[kk\]"):
        editor.current_note()
    type_text(qtbot, kk_title, reference.field_text("kk", "document_title"))
    qtbot.waitUntil(lambda: kk_title.property("problem") is False, timeout=5_000)
    deadline = window.findChild(DateEntry, "objection_deadline")
    assert deadline.property("problem") is True
    window.findChild(DateEntry, "note_date").set_value(dt.date(2023, 11, 29))
    deadline.set_value(dt.date(2023, 12, 29))
    note = editor.current_note()
    assert note.field_text("kk", "document_title").startswith("Азиядағы")
    assert (
        note.objection_deadline is not None and note.objection_deadline.isoformat() == "2023-12-29"
    )


def test_autosave_writes_the_draft_to_the_register(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    window = open_window(qtbot, desk)
    saved: list[int] = []
    window.saved.connect(saved.append)
    type_reference(qtbot, window, reference, ("kk",))  # an incomplete draft is saved too
    qtbot.waitUntil(lambda: bool(saved), timeout=8_000)
    stored = desk.register.load(saved[-1])
    assert stored.status == "draft"
    assert stored.note.field_text("kk", "document_short_genitive") == "Жоспардың"
    assert stored.note.field_text("en", "document_title") == ""
    assert window.note_id == saved[-1]
    assert "Saved at" in window.findChild(QLabel, "save_status").text()

    type_text(qtbot, field(window, "document_short", "en"), "Plan")
    qtbot.waitUntil(
        lambda: desk.register.load(saved[-1]).note.field_text("en", "document_short") == "Plan",
        timeout=8_000,
    )
    assert len(set(saved)) == 1  # the same draft again, not a second note


def test_recovery_copy_is_written_and_offered_after_a_crash(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    window = NoteWindow(desk.register, desk.workflow, desk.drafter)
    window.show()
    window.autosave_timer.setInterval(60_000)  # the "crash" comes before any autosave
    type_text(
        qtbot, field(window, "document_title", "kk"), reference.field_text("kk", "document_title")
    )
    path = window.recovery_file()
    qtbot.waitUntil(path.exists, timeout=5_000)
    copy = drafting.read_recovery(path)
    assert copy is not None
    assert copy.note.field_text("kk", "document_title").endswith("Іс-шаралар жоспарының")
    shiboken6.delete(window)  # gone without closing: nothing saved, as after a power cut
    assert desk.register.count() == 0

    reopened = open_window(qtbot, desk)
    banner = reopened.findChild(QLabel, "recovery_label")
    assert reopened.recovery_banner.isVisible()
    assert "was not saved" in banner.text()
    restore = reopened.recovery_banner.findChild(object, "recovery_restore")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert field(reopened, "document_title", "kk").toPlainText().startswith("Азиядағы")
    qtbot.waitUntil(lambda: not reopened.saving.busy, timeout=10_000)  # saved on a worker
    assert reopened.note_id is not None
    assert (
        desk.register.load(reopened.note_id)
        .note.field_text("kk", "document_title")
        .startswith("Азиядағы")
    )
    assert not path.exists()
    assert drafting.find_recovery(None) is None


def test_undo_and_redo_in_a_field(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    short = field(window, "document_short", "ru")
    type_text(qtbot, short, "План")
    short.setFocus()
    qtbot.keyClick(short, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert short.toPlainText() == ""
    qtbot.keyClick(
        short, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert short.toPlainText() == "План"
    qtbot.keyClick(short, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(short, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert short.toPlainText() == "План"
    subject = window.findChild(QLineEdit, "note_subject")
    type_text(qtbot, subject, " (revised)")
    qtbot.keyClick(subject, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert subject.text() == ""


def test_kazakh_preview_of_a_saved_note_and_printing_it(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = open_window(qtbot, desk, note_id)
    box = window.preview.language_box
    box.setCurrentIndex(box.findData("kk"))
    qtbot.waitUntil(
        lambda: (
            window.preview.document.status() == QPdfDocument.Status.Ready
            and "Азиядағы өзара іс-қимыл" in window.preview.document.getAllText(0).text()
        ),
        timeout=20_000,
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert window.print_to(printer) == window.preview.document.pageCount() >= 1
    printed = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(printed.pages) == window.preview.document.pageCount()


def test_save_pdfs_writes_the_pack_with_progress(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    window = open_window(qtbot, desk, desk.workflow.save_draft(desk.drafter, reference_note()))
    task = window.save_pdfs_to(tmp_path / "out")
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    names = {path.name for path in (tmp_path / "out").iterdir()}
    assert {
        "PAR-draft_en.pdf",
        "PAR-draft_ru.pdf",
        "PAR-draft_kk.pdf",
        "PAR-draft_all.pdf",
    } <= names
    assert "files written" in window.findChild(QLabel, "save_status").text()


def test_an_issued_note_is_read_only_and_shows_its_stored_pdf(qtbot: QtBot, desk: Desk) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    desk.workflow.submit(desk.drafter, note_id)
    desk.workflow.approve(desk.approver, note_id)
    issued = desk.workflow.issue(desk.approver, note_id)
    window = open_window(qtbot, desk, note_id)
    title = field(window, "document_title", "en")
    assert title.isReadOnly()
    # Frozen fields look it: no white page, no Tab focus (no blinking cursor).
    subject = window.findChild(QLineEdit, "note_subject")
    for widget in (title, subject):
        palette = widget.palette()
        assert palette.color(palette.ColorRole.Base) == palette.color(palette.ColorRole.Window)
        assert widget.focusPolicy() == Qt.FocusPolicy.ClickFocus
    assert not window.save_action.isEnabled()
    assert not window.findChild(QComboBox, "note_type").isEnabled()
    assert window.open_issued_action.isEnabled()
    box = window.preview.language_box
    box.setCurrentIndex(box.findData("ru"))
    window.open_issued_action.trigger()
    qtbot.waitUntil(
        lambda: window.preview.document.status() == QPdfDocument.Status.Ready, timeout=10_000
    )
    name = f"{issued.number.file_stem}_ru.pdf"
    stored = PdfReader(io.BytesIO(desk.register.document(note_id, name))).pages[0].extract_text()
    assert "№PAR/1" in window.preview.document.getAllText(0).text()
    assert "Секретариат" in stored and "Секретариат" in window.preview.document.getAllText(0).text()


def test_addressee_search_and_note_type_fields(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    search = window.findChild(QLineEdit, "addressee_search")
    type_text(qtbot, search, "member")
    assert window.findChild(QComboBox, "addressee").currentData().key == "cica-member-states"
    box = window.findChild(QComboBox, "note_type")
    box.setCurrentIndex(box.findData("invitation"))
    assert window.findChild(QPlainTextEdit, "field_venue_kk") is not None
    assert (
        window.findChild(QPlainTextEdit, "field_document_title_en") is None
        or not field(window, "document_title", "en").isVisible()
    )
    assert window.editor.event_date_edit.isVisibleTo(window)
    assert not window.editor.deadline_edit.isVisibleTo(window)


def test_plan_attached_through_the_plan_editor_is_saved_with_the_draft(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    plan = reference.enclosures[0].plan
    assert plan is not None
    window = open_window(qtbot, desk)
    saved: list[int] = []
    window.saved.connect(saved.append)
    summary = window.findChild(QLabel, "plan_summary")
    assert summary.text() == "no plan"
    qtbot.mouseClick(window.findChild(QPushButton, "edit_plan"), Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "plan_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.plan_editor.set_plan(plan)
    dialog.accept()
    assert "(8 rows)" in summary.text()
    assert window.editor.plan() is not None
    qtbot.waitUntil(lambda: bool(saved), timeout=8_000)
    stored = desk.register.load(saved[-1]).note
    assert stored.enclosures and stored.enclosures[0].plan is not None
    assert len(list(stored.enclosures[0].plan.items)) == 8
    assert any("Қосымша:" in line for line in [composed(window, "kk")])

    qtbot.mouseClick(window.findChild(QPushButton, "remove_plan"), Qt.MouseButton.LeftButton)
    assert summary.text() == "no plan"
    assert window.editor.draft_note().enclosures == ()


def test_ctrl_s_saves_and_ctrl_w_closes(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    subject = window.findChild(QLineEdit, "note_subject")
    qtbot.keyClicks(subject, "Draft Action Plan")
    qtbot.keyClick(subject, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.saving.busy, timeout=10_000)  # saved on a worker
    assert window.note_id is not None
    assert desk.register.load(window.note_id).note.subject == "Draft Action Plan"
    qtbot.keyClicks(subject, " (2)")
    qtbot.keyClick(subject, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert (
        desk.register.load(window.note_id).note.subject == "Draft Action Plan (2)"
    )  # saved on close


def test_a_refused_save_is_shown_and_the_typing_kept(qtbot: QtBot, desk: Desk) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = open_window(qtbot, desk, note_id)
    # Meanwhile, from another window, the note is submitted: it no longer changes.
    desk.workflow.submit(desk.drafter, note_id)
    subject = window.findChild(QLineEdit, "note_subject")
    subject.clear()
    qtbot.keyClicks(subject, "Typed after submission")
    assert not save_and_wait(qtbot, window)
    status = window.findChild(QLabel, "save_status").text()
    assert status.startswith("Not saved:") and "submitted" in status
    copy = drafting.read_recovery(window.recovery_file())
    assert copy is not None and copy.note.subject == "Typed after submission"
    assert desk.register.load(note_id).note.subject == reference_note().subject

    asked: list[str] = []

    def answer_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Close).click()

    QTimer.singleShot(0, answer_close)
    window.close()  # closing asks, and the recovery copy stays to be offered next time
    assert asked and "recovery copy is kept" in asked[0]
    assert window.recovery_file().exists()


def test_an_approver_sees_a_draft_read_only(qtbot: QtBot, desk: Desk) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = open_window(qtbot, desk, note_id, user=desk.approver)
    assert field(window, "document_title", "kk").isReadOnly()
    assert not window.save_action.isEnabled()


def test_workflow_bar_offers_submit_once_the_draft_is_saved(qtbot: QtBot, desk: Desk) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = open_window(qtbot, desk, note_id)
    submit = window.findChild(QPushButton, "workflow_submit")
    assert submit is not None and submit.isVisible()
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.status == "submitted", timeout=5_000)
    assert desk.register.load(note_id).status == "submitted"
    # Submitted: it waits for its approver unchanged.
    assert field(window, "document_title", "en").isReadOnly()


def test_versions_that_disagree_are_listed_and_marked(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    window = open_window(qtbot, desk)
    body = {
        "en": ("The meeting will be held on 12 March 2024.",),
        "ru": ("Совещание состоится 13 марта 2024 года.",),
        "kk": ("Кездесу 2024 жылғы 12 наурызда өтеді.",),
    }
    window.editor.load(replace(reference, body=body), None)
    problems = window.findChild(QListWidget, "problems_list")
    texts = [problems.item(i).text() for i in range(problems.count())]
    disagreements = [text for text in texts if text.startswith("Dates disagree")]
    assert disagreements, texts
    assert "13 марта 2024" in disagreements[0]
    body_ru = window.findChild(QPlainTextEdit, "body_ru")
    assert body_ru.property("problem") is True
    assert "13 марта 2024" in body_ru.toolTip()
    assert "Совещание состоится 13 марта 2024 года." in composed(window, "ru")


def test_typed_enclosure_pages_reach_the_composed_line(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    window = open_window(qtbot, desk)
    window.editor.load(reference, None)
    assert "на … л." in composed(window, "ru")  # counted when the plan is rendered
    pages = window.findChild(QSpinBox, "enclosure_pages")
    pages.setValue(6)
    qtbot.waitUntil(lambda: "на 6 л." in composed(window, "ru"), timeout=5_000)
    assert "6 п." in composed(window, "kk")
    assert window.editor.draft_note().enclosures[0].pages == 6


def test_recovery_of_a_saved_note_is_offered_when_it_is_newer(qtbot: QtBot, desk: Desk) -> None:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    window = NoteWindow(desk.register, desk.workflow, desk.drafter, note_id)
    window.show()
    window.autosave_timer.setInterval(60_000)
    subject = window.findChild(QLineEdit, "note_subject")
    subject.clear()
    qtbot.keyClicks(subject, "Typed before the power cut")
    path = window.recovery_file()
    assert path.name == f"note-{note_id}.json"
    qtbot.waitUntil(path.exists, timeout=5_000)
    shiboken6.delete(window)

    reopened = open_window(qtbot, desk, note_id)
    assert reopened.recovery_banner.isVisible()
    assert reopened.findChild(QLineEdit, "note_subject").text() == reference_note().subject
    discard = reopened.recovery_banner.findChild(QPushButton, "recovery_discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not reopened.recovery_banner.isVisible() and not path.exists()
    assert desk.register.load(note_id).note.subject == reference_note().subject


def test_languages_of_the_note_choose_its_panes(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    type_text(qtbot, field(window, "document_short", "kk"), "Жоспар")
    kazakh = window.findChild(QCheckBox, "language_kk")
    assert kazakh.isChecked()
    kazakh.setChecked(False)
    assert window.findChild(QPlainTextEdit, "field_document_short_kk") is None
    assert window.editor.draft_note().languages == ("en", "ru")
    assert "Астана қаласы" not in window.findChild(QLabel, "note_place").text()
    qtbot.waitUntil(lambda: window.preview.language_box.findData("kk") == -1, timeout=5_000)
    kazakh.setChecked(True)
    assert field(window, "document_short", "kk").toPlainText() == "Жоспар"
    assert window.editor.draft_note().languages == ("en", "ru", "kk")
    for code in ("en", "ru", "kk"):
        window.findChild(QCheckBox, f"language_{code}").setChecked(False)
    assert window.editor.draft_note().languages == ("kk",)  # the last one stays


def test_problems_are_told_in_the_interface_language(qtbot: QtBot, desk: Desk) -> None:
    """Russian interface: labels, language names, dates and counts in Russian, no raw keys."""
    set_ui_language("ru")
    try:
        window = open_window(qtbot, desk)
        window.findChild(DateEntry, "note_date").set_value(dt.date(2023, 11, 29))
        window.findChild(DateEntry, "objection_deadline").set_value(dt.date(2023, 11, 1))
        problems = window.findChild(QListWidget, "problems_list")
        qtbot.waitUntil(
            lambda: any("не позднее" in problems.item(i).text() for i in range(problems.count())),
            timeout=5_000,
        )
        texts = [problems.item(i).text() for i in range(problems.count())]
        assert "Краткое название после слова «проект» (Қазақша): не заполнено" in texts
        assert (
            "Срок представления возражений: 1 ноября 2023 года — не позднее даты ноты "
            "(29 ноября 2023 года)" in texts
        )
        assert not any("fields." in text or "[kk]" in text or "missing" in text for text in texts)
        title = window.findChild(QLabel, "problems_title")
        assert title.text().startswith(f"{len(texts)} замечани")
        assert title.text().endswith("нужно устранить до направления на утверждение:")
    finally:
        set_ui_language("en")


def test_the_preview_gets_a_readable_share_of_the_window(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    window.resize(1400, 860)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.preview.width() >= 420, timeout=2_000)
    assert window.editor.width() >= 600
    # A smaller screen: the editor scrolls, the page stays readable.
    window.resize(1000, 760)
    qtbot.waitUntil(lambda: window.width() <= 1000, timeout=2_000)
    assert window.preview.width() >= 420


def test_plan_summary_shortens_the_title_but_keeps_the_row_count(
    qtbot: QtBot, desk: Desk, reference: Note
) -> None:
    plan = reference.enclosures[0].plan
    assert plan is not None
    set_ui_language("kk")
    try:
        window = open_window(qtbot, desk)
        window.editor.set_plan(plan)
        summary = window.findChild(QLabel, "plan_summary")
        rows = sum(1 for _item in plan.items)
        assert summary.text().startswith("Жоспар: ")
        assert summary.text().endswith(f"({rows} жол)")
        assert "…" in summary.text()
        assert summary.toolTip() == next(iter(plan.title.values()))
        # The whole label is shown, not cut by the layout.
        qtbot.waitUntil(lambda: summary.width() >= summary.sizeHint().width(), timeout=2_000)
    finally:
        set_ui_language("en")


def test_dates_and_field_labels_in_the_kazakh_interface(qtbot: QtBot, desk: Desk) -> None:
    set_ui_language("kk")
    try:
        window = open_window(qtbot, desk)
        date = window.findChild(DateEntry, "note_date")
        date.set_value(dt.date(2023, 11, 29))
        assert date.text() == "29 қараша 2023"
        deadline = window.findChild(DateEntry, "objection_deadline")
        deadline.set_value(dt.date(2023, 12, 29))
        assert deadline.text() == "29 желтоқсан 2023"
        labels = {label.text() for label in window.findChildren(QLabel)}
        assert "Құжат жобасы" in labels and "Draft document" not in labels
        note_type = window.findChild(QComboBox, "note_type")
        assert note_type.currentText() == "Үнсіздік рәсімі бойынша таратылатын жоба"
    finally:
        set_ui_language("en")


def test_a_missing_or_wrong_series_is_told_in_the_interface_language(
    qtbot: QtBot, desk: Desk
) -> None:
    set_ui_language("ru")
    try:
        window = open_window(qtbot, desk)
        problems = window.findChild(QListWidget, "problems_list")

        def told() -> list[str]:
            return [problems.item(i).text() for i in range(problems.count())]

        series = window.findChild(QLineEdit, "note_series")
        series.selectAll()
        qtbot.keyClick(series, Qt.Key.Key_Delete)  # typed away, as an officer does
        qtbot.waitUntil(lambda: "Серия: не заполнено" in told(), timeout=5_000)
        qtbot.keyClicks(series, "12")
        qtbot.waitUntil(lambda: any(t.startswith("Серия: 12 ") for t in told()), timeout=5_000)
        assert not any("Latin capital" in text for text in told())
        window.dirty = False  # nothing worth keeping: close without the "not saved" question
    finally:
        set_ui_language("en")


def test_the_objection_deadline_typed_as_people_type_it(qtbot: QtBot, desk: Desk) -> None:
    """A blank deadline takes "29.12.2023" (no dash glued to it), opens its calendar at the
    note's month, and Tab leaves it for the next field."""
    window = open_window(qtbot, desk)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.editor
    editor.date_edit.set_value(dt.date(2023, 11, 29))
    deadline = window.findChild(DateEntry, "objection_deadline")
    assert deadline.value() is None and deadline.text() == ""
    qtbot.waitUntil(lambda: deadline.property("problem") is True, timeout=5_000)
    deadline.setFocus()
    qtbot.keyClick(deadline, Qt.Key.Key_F4)
    calendar = deadline.calendar_popup().calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2023, 11)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    deadline.setFocus()
    qtbot.keyClicks(deadline, "29.12.2023")
    qtbot.keyClick(deadline, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not deadline
    assert deadline.text() == "29 December 2023"
    qtbot.waitUntil(lambda: deadline.property("problem") is False, timeout=5_000)
    assert editor.draft_note().objection_deadline == dt.date(2023, 12, 29)
