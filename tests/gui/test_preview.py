"""The live preview and the worker tasks behind it, with the real rendering service."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.note import Note
from app.domain.problems import Problem, ValidationError
from app.gui.errors import show_error
from app.gui.operations import CancelFlag, OperationCancelled, ProgressCallback, run_operation
from app.gui.preview import PreviewPane
from app.i18n.messages import set_ui_language
from app.paths import resources_dir
from app.services.note_file import load_note


@pytest.fixture(scope="module")
def reference() -> Note:
    return load_note(resources_dir() / "examples" / "par-1453.toml")


def page_text(pane: PreviewPane, page: int = 0) -> str:
    return pane.document.getAllText(page).text()


def wait_until_shown(qtbot: QtBot, pane: PreviewPane) -> None:
    qtbot.waitUntil(
        lambda: not pane.busy and pane.document.status() == QPdfDocument.Status.Ready,
        timeout=20_000,
    )


def test_kazakh_preview_reaches_ready_with_the_kazakh_text(qtbot: QtBot, reference: Note) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show_note(reference, "kk")
    assert pane.language_box.currentData() == "kk"
    wait_until_shown(qtbot, pane)
    text = page_text(pane)
    assert "Азиядағы өзара іс-қимыл" in text
    assert "№PAR/1453" in text
    assert "Astana" not in text
    assert pane.document.pageCount() >= 1


def test_choosing_a_language_in_the_box_renders_that_version(qtbot: QtBot, reference: Note) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show_note(reference, "kk")
    wait_until_shown(qtbot, pane)
    pane.language_box.setCurrentIndex(pane.language_box.findData("ru"))
    qtbot.waitUntil(lambda: "город Астана" in page_text(pane), timeout=20_000)
    assert "Секретариат" in page_text(pane)


def test_a_stale_render_is_dropped_and_only_the_newest_shown(qtbot: QtBot, reference: Note) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    older = replace(reference, fields={"en": {**reference.fields["en"], "document_short": "Old"}})
    newer = replace(reference, fields={"en": {**reference.fields["en"], "document_short": "New"}})
    pane.show_note(older, "en")
    pane.render_now()  # the older render is under way when the officer types again
    pane.show_note(newer, "en")
    wait_until_shown(qtbot, pane)
    text = " ".join(page_text(pane).split())
    assert "referred to as the New" in text
    assert "referred to as the Old" not in text


def test_rendering_problems_are_shown_in_the_pane(qtbot: QtBot, reference: Note) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show_note(replace(reference, objection_deadline=None), "en")
    qtbot.waitUntil(lambda: "deadline" in pane.status.text(), timeout=20_000)
    assert "cannot be drawn" in pane.status.text()
    assert pane.document.status() != QPdfDocument.Status.Ready


def test_missing_texts_preview_as_bracketed_placeholders(qtbot: QtBot, reference: Note) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show_note(replace(reference, fields={}), "en")
    wait_until_shown(qtbot, pane)
    assert "[Draft document]" in page_text(pane)


def test_show_pdf_shows_the_bytes_given(qtbot: QtBot, reference: Note, tmp_path: Path) -> None:
    from app.services.drafting import preview_pdf

    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show_pdf(preview_pdf(reference, "ru"))
    qtbot.waitUntil(lambda: pane.document.status() == QPdfDocument.Status.Ready, timeout=10_000)
    assert "Секретариат Совещания" in page_text(pane)


def test_task_reports_progress_and_result_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[int, int]] = []
    threads: list[bool] = []

    def work(progress: ProgressCallback, cancel: CancelFlag) -> str:
        for step in range(1, 4):
            progress(step, 3)
        return "done in " + threading.current_thread().name

    task = run_operation(work)
    task.progress.connect(lambda done, total: seen.append((done, total)))
    task.progress.connect(
        lambda *_: threads.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(task.finished, timeout=5_000) as blocker:
        pass
    assert blocker.args is not None and str(blocker.args[0]).startswith("done in")
    assert not str(blocker.args[0]).endswith("MainThread")
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert threads and all(threads)


def test_task_failure_and_cancel_are_reported(qtbot: QtBot) -> None:
    def failing(progress: ProgressCallback, cancel: CancelFlag) -> None:
        raise ValueError("the folder is read-only")

    task = run_operation(failing)
    with qtbot.waitSignal(task.failed, timeout=5_000) as blocker:
        pass
    [error] = blocker.args  # the exception object itself, for its handler to judge
    assert isinstance(error, ValueError) and str(error) == "the folder is read-only"
    assert task.error is error

    started = threading.Event()

    def cancellable(progress: ProgressCallback, cancel: CancelFlag) -> None:
        started.set()
        while not cancel.is_set():
            threading.Event().wait(0.01)
        raise OperationCancelled

    task = run_operation(cancellable)
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5_000):
        task.cancel()
    assert task.done and task.result is None


def test_progress_dialog_cancel_stops_the_work(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    from app.gui.operations import run_with_progress

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    steps: list[int] = []

    def export(progress: ProgressCallback, cancel: CancelFlag) -> int:
        for step in range(1, 1000):
            if cancel:
                raise OperationCancelled
            progress(step, 1000)
            steps.append(step)
            threading.Event().wait(0.005)
        return len(steps)

    task = run_with_progress(export, parent, "Export", "Exporting the register…")
    dialog = parent.findChild(QProgressDialog, "task_progress")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.maximum() == 1000 and dialog.value() > 0, timeout=5_000)
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    with qtbot.waitSignal(task.cancelled, timeout=5_000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert task.result is None and len(steps) < 999
    qtbot.waitUntil(lambda: parent.findChild(QProgressDialog, "task_progress") is None)


def test_closing_the_pane_while_it_renders_drops_the_result(qtbot: QtBot, reference: Note) -> None:
    pane = PreviewPane()
    pane.show_note(reference, "en")
    pane.render_now()
    task = pane.task
    assert task is not None
    pane.deleteLater()
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        pass
    assert task.result is None


def test_progress_dialog_shows_for_work_that_reports_no_progress(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    from app.gui.operations import run_with_progress

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def backup(progress: ProgressCallback, cancel: CancelFlag) -> None:
        while not cancel:
            threading.Event().wait(0.01)
        raise OperationCancelled

    task = run_with_progress(backup, parent, "Back up", "Copying the register…")
    dialog = parent.findChild(QProgressDialog, "task_progress")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5_000)
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None
    with qtbot.waitSignal(task.cancelled, timeout=5_000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and bools are immortal from 3.12")
def test_many_qt_calls_leave_none_and_bools_alone(qtbot: QtBot) -> None:
    # PySide6 6.12.0 on CPython 3.11 drops a reference to None/True/False on each call returning
    # void or bool, and a long session aborts ("none_dealloc"); pyproject keeps 3.11 on 6.11.3.
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    qtbot.addWidget(edit)
    before = [sys.getrefcount(value) for value in (None, True, False)]
    for _ in range(2_000):
        edit.setText("x")
        edit.blockSignals(False)
    after = [sys.getrefcount(value) for value in (None, True, False)]
    # Other code may take or drop a few references meanwhile; 2,000 lost would be the bug.
    assert all(later > earlier - 500 for earlier, later in zip(before, after, strict=True))


def test_rendering_problems_in_the_russian_interface(qtbot: QtBot, reference: Note) -> None:
    set_ui_language("ru")
    try:
        pane = PreviewPane()
        qtbot.addWidget(pane)
        pane.show_note(replace(reference, objection_deadline=None), "kk")
        qtbot.waitUntil(lambda: "возражений" in pane.status.text(), timeout=20_000)
        assert "Срок представления возражений: для процедуры умолчания нужен срок " in (
            pane.status.text()
        )
        assert "objection_deadline" not in pane.status.text()
        assert "problem(s)" not in pane.status.text()
    finally:
        set_ui_language("en")


def test_a_refusal_dialog_tells_the_problems_in_the_interface_language(qtbot: QtBot) -> None:
    set_ui_language("kk")
    try:
        error = ValidationError(
            [
                Problem(
                    "fields.document_short_genitive",
                    "field_missing",
                    "ru",
                    {"label": "Short name after 'draft'"},
                )
            ]
        )
        seen: list[str] = []

        def read_and_close() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen.append(box.text())
                box.accept()
            else:
                QTimer.singleShot(20, read_and_close)

        QTimer.singleShot(20, read_and_close)
        show_error(None, error, "Verbale")
        assert seen == [
            "Ескертулер: 1\n  • «Жоба» сөзінің алдындағы қысқаша атауы (Русский): толтырылмаған"
        ]
    finally:
        set_ui_language("en")
