"""Printing a note's set: every language version and its enclosures (or the parts the officer
ticks), seen first in a print preview that zooms (Ctrl+wheel, Ctrl+plus/minus, fit width, fit
page), moves between pages and says which part each page belongs to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPageSize, QPainter, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.languages import LANGUAGE_NAMES
from app.domain.problems import ValidationError
from app.gui import colours
from app.gui.errors import error_text, show_error
from app.gui.operations import CancelFlag, ProgressCallback, run_operation
from app.i18n.messages import _, ngettext
from app.i18n.problems import problems_report
from app.services.print_set import SetPart, draft_set, issued_set

if TYPE_CHECKING:
    from app.domain.note import Note
    from app.services.register import NoteRecord, Register

#: Resolution at which pages are rasterised for the printer: finer gains nothing on paper and
#: a 1200 dpi A4 page would be half a gigabyte of pixels.
PRINT_DPI = 300
#: Resolution of the pages shown in the preview (sharp up to about 150 % zoom).
PREVIEW_DPI = 144
#: Each Ctrl+wheel step or Ctrl+plus zooms by this factor.
ZOOM_STEP = 1.2


def part_title(part: SetPart) -> str:
    language = LANGUAGE_NAMES.get(part.language, part.language)
    if part.is_enclosure:
        return _("Enclosure {number} — {language}").format(number=part.enclosure, language=language)
    return _("Note — {language}").format(language=language)


def pdf_document(data: bytes, parent: QObject) -> QPdfDocument:
    """A QPdfDocument of `data` (the buffer lives as long as the document)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def paint_pages(
    painter: QPainter, printer: QPrinter, document: QPdfDocument, dpi: int, first: bool
) -> int:
    """Draw every page of `document` on its own sheet, scaled to the sheet; the pages drawn.
    `first`: no sheet has been drawn on yet (else a new one is started)."""
    drawn = 0
    for page in range(document.pageCount()):
        if not (first and drawn == 0):
            printer.newPage()
        target = painter.viewport()
        points = document.pagePointSize(page)
        size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        image = document.render(page, size)
        fitted = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(target.topLeft(), fitted), image)
        drawn += 1
    return drawn


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Print one loaded PDF (the previewed version), honouring the printer's page range."""
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        first = printer.fromPage() - 1 if printer.fromPage() > 0 else 0
        last = printer.toPage() - 1 if printer.toPage() > 0 else document.pageCount() - 1
        dpi = min(printer.resolution(), PRINT_DPI)
        for page in range(first, min(last, document.pageCount() - 1) + 1):
            if printed:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            fitted = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), fitted), document.render(page, size))
            printed += 1
    finally:
        painter.end()
    return printed


class _CtrlWheelZoom(QObject):
    """Ctrl+wheel over the preview zooms it (a plain wheel still scrolls)."""

    def __init__(self, dialog: PrintSetDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            steps = event.angleDelta().y()
            if steps > 0:
                self.dialog.zoom_in()
            elif steps < 0:
                self.dialog.zoom_out()
            return True
        return False


class PrintSetDialog(QDialog):
    """The set's parts to tick beside the preview of the ticked ones; Print… prints them."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_set_dialog")
        self.setWindowTitle(_("Print {note}").format(note=title))
        self.parts: list[SetPart] = []
        self.documents: list[QPdfDocument] = []
        #: For each page of the preview, the title of the part it belongs to.
        self.page_titles: list[str] = []
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))

        self.preview = QPrintPreviewWidget(self.printer, self)
        self.part_list = QListWidget(self)
        self.part_list.setObjectName("print_parts")
        self.part_list.itemChanged.connect(lambda _item: self.preview.updatePreview())
        self.preview.setObjectName("print_preview")
        self.preview.paintRequested.connect(self._paint_preview)
        self.preview.previewChanged.connect(self._show_page)
        self.wheel_zoom = _CtrlWheelZoom(self)
        view = self.preview.findChild(QGraphicsView)
        if view is not None:
            view.viewport().installEventFilter(self.wheel_zoom)

        self.status = QLabel(_("Rendering the set…"), self)
        self.status.setObjectName("print_status")
        self.status.setWordWrap(True)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("print_page")

        self.tools = self._make_tools()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = buttons.addButton(_("&Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setObjectName("print_set_print")
        self.print_button.setEnabled(False)
        buttons.accepted.connect(self.choose_printer)
        buttons.rejected.connect(self.reject)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(_("Print these parts:"), left))
        left_layout.addWidget(self.part_list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 700])
        # The page and its part are said beside the buttons: the tools keep their row whole.
        bottom = QHBoxLayout()
        bottom.addWidget(self.page_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tools)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        screen = self.screen().availableGeometry() if self.screen() else QRect(0, 0, 1366, 768)
        self.resize(min(1100, screen.width() - 40), min(820, screen.height() - 60))

    def _make_tools(self) -> QToolBar:
        tools = QToolBar(self)
        tools.setObjectName("print_tools")

        def tool(name: str, text: str, slot: Callable[[], object], *keys: str) -> None:
            action = tools.addAction(text)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setToolTip(f"{text} ({keys[0]})" if keys else text)
            action.triggered.connect(slot)

        tool("print_zoom_in", _("Zoom in"), self.zoom_in, "Ctrl++", "Ctrl+=")
        tool("print_zoom_out", _("Zoom out"), self.zoom_out, "Ctrl+-")
        tool("print_fit_width", _("Fit width"), self.fit_width, "Ctrl+1")
        tool("print_fit_page", _("Fit page"), self.fit_page, "Ctrl+0")
        tools.addSeparator()
        tool("print_previous", _("Previous page"), self.previous_page, "PgUp")
        tool("print_next", _("Next page"), self.next_page, "PgDown")
        return tools

    # -- the parts ------------------------------------------------------------------------------

    def set_parts(self, parts: list[SetPart]) -> None:
        """Show `parts`, all ticked."""
        self.parts = list(parts)
        for document in self.documents:
            document.deleteLater()
        self.documents = [pdf_document(part.data, self) for part in self.parts]
        self.part_list.blockSignals(True)
        self.part_list.clear()
        for index, part in enumerate(self.parts):
            pages = self.documents[index].pageCount()
            item = QListWidgetItem(
                _("{part} ({pages} p.)").format(part=part_title(part), pages=pages)
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.part_list.addItem(item)
        self.part_list.blockSignals(False)
        # Wide enough for the longest part's name and its check box, never cut.
        metrics = self.part_list.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.part_list.item(r).text()) for r in range(len(parts))),
            default=0,
        )
        self.part_list.setMinimumWidth(widest + 48 + 2 * self.part_list.frameWidth())
        self.status.hide()
        self.print_button.setEnabled(bool(self.parts))
        self.preview.updatePreview()
        self.fit_width()

    def show_failure(self, error: BaseException | str) -> None:
        self.status.setText(error_text(error))
        self.status.setStyleSheet(colours.ERROR_STYLE)
        self.status.show()

    def chosen(self) -> list[int]:
        """The indexes of the ticked parts."""
        return [
            row
            for row in range(self.part_list.count())
            if self.part_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def choose(self, *, enclosures: bool = True, languages: tuple[str, ...] | None = None) -> None:
        """Tick the parts in `languages` (all by default), with or without the enclosures."""
        self.part_list.blockSignals(True)
        for row, part in enumerate(self.parts):
            wanted = (enclosures or not part.is_enclosure) and (
                languages is None or part.language in languages
            )
            state = Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked
            self.part_list.item(row).setCheckState(state)
        self.part_list.blockSignals(False)
        self.preview.updatePreview()

    # -- painting -------------------------------------------------------------------------------

    def paint(self, printer: QPrinter, dpi: int) -> int:
        """Draw the ticked parts' pages on `printer`; the pages drawn."""
        painter = QPainter()
        titles: list[str] = []
        if not painter.begin(printer):
            return 0
        try:
            for index in self.chosen():
                drawn = paint_pages(painter, printer, self.documents[index], dpi, not titles)
                titles += [part_title(self.parts[index])] * drawn
        finally:
            painter.end()
        self.page_titles = titles
        return len(titles)

    def _paint_preview(self, printer: QPrinter) -> None:
        self.paint(printer, PREVIEW_DPI)

    def print_to(self, printer: QPrinter) -> int:
        """Print the ticked parts on `printer`; the pages printed."""
        printed = self.paint(printer, min(printer.resolution(), PRINT_DPI))
        self.preview.updatePreview()  # the preview's page titles again
        return printed

    def choose_printer(self) -> None:
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("print_dialog")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        printed = self.print_to(self.printer)
        if printed == 0:
            show_error(self, _("The printer could not be opened."), _("Print"))
            return
        self.page_label.setText(
            ngettext(
                "{count} page sent to the printer.", "{count} pages sent to the printer.", printed
            ).format(count=printed)
        )

    # -- moving and zooming ---------------------------------------------------------------------

    def _show_page(self) -> None:
        total = self.preview.pageCount()
        if total == 0 or not self.page_titles:
            self.page_label.setText(_("Nothing chosen to print"))
            return
        current = max(1, min(self.preview.currentPage(), total))
        title = self.page_titles[current - 1] if current <= len(self.page_titles) else ""
        self.page_label.setText(
            _("Page {page} of {total}: {part}").format(page=current, total=total, part=title)
        )

    def go_to_page(self, page: int) -> None:
        self.preview.setCurrentPage(max(1, min(page, self.preview.pageCount())))
        self._show_page()

    def next_page(self) -> None:
        self.go_to_page(self.preview.currentPage() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.preview.currentPage() - 1)

    def zoom_in(self) -> None:
        self.preview.zoomIn(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.preview.zoomOut(ZOOM_STEP)

    def fit_width(self) -> None:
        self.preview.fitToWidth()

    def fit_page(self) -> None:
        self.preview.fitInView()


def open_print_set(
    parent: QWidget,
    register: Register,
    record: NoteRecord | None,
    draft: Callable[[], Note] | None = None,
) -> PrintSetDialog | None:
    """Show the print preview of a note's set: an issued note's stored PDFs, else the draft
    (`draft()` gives the note as typed) rendered on a worker. None when the draft is not
    complete (its problems are said)."""
    if record is not None and record.documents:
        title = str(record.number) if record.number else _("the note")
        dialog = PrintSetDialog(title, parent)
        dialog.set_parts(issued_set(register, record))
        dialog.show()
        return dialog
    if draft is None:
        return None
    try:
        note = draft()
    except ValidationError as error:
        show_error(parent, problems_report(error.problems, None), _("Print"))
        return None
    dialog = PrintSetDialog(str(note.number) if note.number else _("draft"), parent)

    def work(progress: ProgressCallback, cancel: CancelFlag) -> list[SetPart]:
        return draft_set(note)

    task = run_operation(work, dialog)
    task.finished.connect(dialog.set_parts)
    task.failed.connect(dialog.show_failure)
    dialog.show()
    return dialog
