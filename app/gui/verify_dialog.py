"""Verify a document…: a PDF someone holds (chosen or dropped on the window) or the code from
a printout, held against the register (app.services.copy_check), the verdict in the interface
language (app.services.copy_report)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui import colours
from app.gui.errors import error_text
from app.gui.operations import CancelFlag, Operation, ProgressCallback, run_operation
from app.i18n.messages import _

if TYPE_CHECKING:
    from app.services.register import Register


def dropped_pdfs(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local PDF files a drag carries."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() == ".pdf"]


class VerifyDocumentDialog(QDialog):
    """Checks copies and codes on a worker; each verdict is added to the list shown."""

    #: Emitted when a check's verdicts are shown.
    task_done = Signal()

    def __init__(self, register: Callable[[], Register], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verify_document_dialog")
        self.setWindowTitle(_("Verify a document"))
        self.setAcceptDrops(True)
        self.resize(720, 480)
        self._register = register
        #: Every verdict so far, a list of lines each (the newest last); True if all sound.
        self.verdicts: list[tuple[bool, list[str]]] = []
        self.task: Operation | None = None

        intro = QLabel(
            _(
                "Drop a PDF here, or choose one, to see whether it is a note Verbale issued "
                "and unchanged. For a printout, type the code from its footer."
            )
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(_("Choose PDF files…"))
        self.choose_button.setObjectName("choose_button")
        self.choose_button.clicked.connect(self.choose_files)
        self.code_field = QLineEdit()
        self.code_field.setObjectName("code_field")
        self.code_field.setPlaceholderText(_("Code, e.g. K7QX-93MD"))
        self.code_field.returnPressed.connect(self.check_typed_code)
        self.code_button = QPushButton(_("Find the note"))
        self.code_button.setObjectName("code_button")
        self.code_button.clicked.connect(self.check_typed_code)
        self.results = QTextBrowser()
        self.results.setObjectName("verify_results")
        self.results.setAcceptDrops(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.code_field)
        row.addWidget(self.code_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)

    # -- input ----------------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Verify a document"), "", _("PDF documents (*.pdf)")
        )
        if names:
            self.check_files([Path(name) for name in names])

    def check_typed_code(self) -> None:
        typed = self.code_field.text().strip()
        if typed:
            self.check_code(typed)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_pdfs(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_pdfs(event)
        if paths:
            event.acceptProposedAction()
            self.check_files(paths)

    # -- checking -------------------------------------------------------------------------------

    def check_files(self, paths: Sequence[Path]) -> Operation:
        """Hold each file against the register, on a worker."""
        register = self._register

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> object:
            from app.services.copy_check import check_copy
            from app.services.copy_report import copy_lines

            opened = register()
            verdicts = []
            for path in paths:
                check = check_copy(opened, path)
                verdicts.append((check.ok, copy_lines(check)))
            return verdicts

        return self._run(work)

    def check_code(self, typed: str) -> Operation:
        """Find the note whose printout carries `typed`, on a worker."""
        register = self._register

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> object:
            from app.domain.verification import CodeError
            from app.services.copy_check import find_by_code
            from app.services.copy_report import code_lines

            try:
                note = find_by_code(register(), typed)
            except CodeError:
                return [(False, [_("“{typed}” is not a verification code").format(typed=typed)])]
            return [(note is not None, code_lines(typed, note))]

        return self._run(work)

    def _run(self, work: Callable[[ProgressCallback, CancelFlag], object]) -> Operation:
        self.choose_button.setEnabled(False)
        self.code_button.setEnabled(False)
        task = run_operation(work, self)
        task.finished.connect(self._show)
        task.failed.connect(self._failed)
        self.task = task
        return task

    def _done(self) -> None:
        self.choose_button.setEnabled(True)
        self.code_button.setEnabled(True)

    def _show(self, verdicts: object) -> None:
        self._done()
        assert isinstance(verdicts, list)
        self.verdicts += verdicts
        self._render()

    def _failed(self, error: BaseException) -> None:
        self._done()
        reason = error_text(error)
        self.verdicts.append(
            (False, [_("The check could not be made: {reason}").format(reason=reason)])
        )
        self._render()

    def _render(self) -> None:
        import html

        blocks = []
        for sound, lines in reversed(self.verdicts):
            colour = colours.GOOD if sound else colours.ERROR
            head, *rest = lines
            body = "<br>".join(html.escape(line) for line in rest)
            blocks.append(f'<p><b style="color:{colour}">{html.escape(head)}</b><br>{body}</p>')
        self.results.setHtml("".join(blocks))
        self.task_done.emit()

    def text(self) -> str:
        """What the dialog shows, as plain text."""
        return self.results.toPlainText()
