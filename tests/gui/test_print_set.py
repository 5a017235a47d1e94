"""Printing the set (issue 17, point 6): every language version and the enclosures, or a chosen
subset, through a print preview that zooms, moves between pages and shows enclosure pages; the
issued PDF says it is shown as stored; "Open in viewer" failures are said."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app import paths
from app.gui.print_set import PrintSetDialog
from app.services.demo import reference_note
from app.services.register import Register
from app.services.workflow import WorkflowService
from tests.gui.conftest import People, answer_modal
from tests.gui.test_note_editor import Desk, open_window


@pytest.fixture
def desk(office: Register, people: People) -> Desk:
    """The office register, whose PAR series goes on at 1453."""
    return Desk(office, WorkflowService(office), people.drafter, people.approver)


def issued(desk: Desk) -> int:
    note_id = desk.workflow.save_draft(desk.drafter, reference_note())
    desk.workflow.submit(desk.drafter, note_id)
    desk.workflow.approve(desk.approver, note_id)
    desk.workflow.issue(desk.approver, note_id)
    return note_id


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def ctrl_wheel(widget: QGraphicsView, up: bool) -> None:
    viewport = widget.viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 if up else -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_the_issued_set_prints_every_version_and_enclosure_or_a_subset(
    qtbot: QtBot,
    desk: Desk,
    tmp_path: Path,
) -> None:
    note_id = issued(desk)
    record = desk.register.load(note_id)
    window = open_window(qtbot, desk, note_id)
    dialog = window.print_dialog()
    assert isinstance(dialog, PrintSetDialog)
    qtbot.addWidget(dialog)
    titles = [dialog.part_list.item(i).text() for i in range(dialog.part_list.count())]
    # The note in its three languages, then its plan in the two it has; no combined file.
    assert [title.split(" (")[0] for title in titles] == [
        "Note — English",
        "Note — Русский",
        "Note — Қазақша",
        "Enclosure 1 — English",
        "Enclosure 1 — Русский",
    ]
    stored = {
        document.file_name: page_count(desk.register.document(note_id, document.file_name))
        for document in record.documents
    }
    whole = sum(pages for name, pages in stored.items() if not name.endswith("_all.pdf"))
    assert whole == sum(pages for name, pages in stored.items() if name.endswith("_all.pdf"))
    preview = dialog.findChild(QPrintPreviewWidget, "print_preview")
    qtbot.waitUntil(lambda: preview.pageCount() == whole, timeout=10_000)
    assert whole > 3  # the plan's pages are there

    # The preview moves to the enclosure's pages and says so.
    label = dialog.findChild(QLabel, "print_page")
    dialog.go_to_page(4)
    assert label.text().startswith(f"Page 4 of {whole}: Enclosure 1 — English")
    dialog.previous_page()
    assert label.text() == f"Page 3 of {whole}: Note — Қазақша"
    dialog.next_page()
    assert preview.currentPage() == 4

    # Zoom: Ctrl+wheel, fit width, fit page.
    view = preview.findChild(QGraphicsView)
    dialog.fit_page()
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitInView
    fitted = preview.zoomFactor()
    ctrl_wheel(view, up=True)
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.CustomZoom
    assert preview.zoomFactor() > fitted * 1.1
    ctrl_wheel(view, up=False)
    ctrl_wheel(view, up=False)
    assert preview.zoomFactor() < fitted
    dialog.fit_width()
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth

    # All of it to a file, then the Russian pages without the enclosure.
    everything = tmp_path / "set.pdf"
    assert dialog.print_to(pdf_printer(everything)) == whole
    assert page_count(everything.read_bytes()) == whole
    dialog.choose(enclosures=False, languages=("ru",))
    qtbot.waitUntil(lambda: preview.pageCount() == stored["PAR-1453_ru.pdf"], timeout=10_000)
    russian = tmp_path / "ru.pdf"
    assert dialog.print_to(pdf_printer(russian)) == stored["PAR-1453_ru.pdf"]
    assert page_count(russian.read_bytes()) == stored["PAR-1453_ru.pdf"]
    # Unticking by hand (a click on the box) changes the preview too.
    dialog.choose()
    qtbot.waitUntil(lambda: preview.pageCount() == whole, timeout=10_000)
    dialog.part_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(
        lambda: preview.pageCount() == whole - stored["PAR-1453_en.pdf"], timeout=10_000
    )


def test_a_draft_set_is_rendered_for_the_preview(
    qtbot: QtBot,
    desk: Desk,
) -> None:
    window = open_window(qtbot, desk, desk.workflow.save_draft(desk.drafter, reference_note()))
    dialog = window.print_dialog()
    assert isinstance(dialog, PrintSetDialog)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "print_status").text() == "Rendering the set…"
    assert not dialog.print_button.isEnabled()
    qtbot.waitUntil(lambda: len(dialog.parts) == 5, timeout=30_000)
    assert dialog.print_button.isEnabled()
    assert [part.file_name for part in dialog.parts][:3] == [
        "PAR-draft_en.pdf",
        "PAR-draft_ru.pdf",
        "PAR-draft_kk.pdf",
    ]
    assert dialog.parts[3].is_enclosure


def test_the_issued_pdf_says_it_is_shown_as_stored_with_its_digest(
    qtbot: QtBot,
    desk: Desk,
) -> None:
    note_id = issued(desk)
    record = desk.register.load(note_id)
    window = open_window(qtbot, desk, note_id)
    bar = window.findChild(QLabel, "issued_bar")
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    english = next(d for d in record.documents if d.file_name == "PAR-1453_en.pdf")
    grouped = " ".join(english.sha256[i : i + 8] for i in range(0, 64, 8))
    assert bar.text() == f"Issued document №PAR/1453 (English), as stored — SHA-256 {grouped}"
    assert bar.toolTip() == english.sha256
    # The digest wraps inside the bar, never runs out of it.
    assert bar.minimumSizeHint().width() <= window.preview.width()
    assert max(bar.fontMetrics().horizontalAdvance(word) for word in bar.text().split()) < (
        bar.width()
    )
    box = window.preview.language_box
    box.setCurrentIndex(box.findData("kk"))
    kazakh = next(d for d in record.documents if d.file_name == "PAR-1453_kk.pdf")
    qtbot.waitUntil(lambda: bar.toolTip() == kazakh.sha256, timeout=10_000)
    assert "(Қазақша)" in bar.text()


def test_a_draft_preview_has_no_issued_bar(
    qtbot: QtBot,
    desk: Desk,
) -> None:
    window = open_window(qtbot, desk, desk.workflow.save_draft(desk.drafter, reference_note()))
    qtbot.waitUntil(lambda: not window.preview.busy, timeout=20_000)
    assert not window.findChild(QLabel, "issued_bar").isVisible()


def test_open_in_viewer_says_why_it_could_not(
    qtbot: QtBot,
    desk: Desk,
) -> None:
    note_id = issued(desk)
    window = open_window(qtbot, desk, note_id)
    # The folder the viewer's copy goes to is taken by a file: the copy cannot be made.
    blocked = paths.user_data_dir() / "opened"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder")
    said: list[str] = []

    def read_and_close(box: object) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    answer_modal(read_and_close)
    assert window.open_issued_externally() is False
    assert said and said[0].startswith("The issued PDF could not be copied for the viewer:")
