"""The live PDF preview of one language version, rendered on a worker thread shortly after the
officer stops typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.languages import LANGUAGE_NAMES, LANGUAGE_ORDER
from app.domain.note import Note
from app.domain.problems import ValidationError
from app.gui import colours
from app.gui.operations import CancelFlag, LatestOnly, Operation, ProgressCallback, run_operation
from app.i18n.messages import _
from app.i18n.problems import problem_text
from app.services.drafting import preview_pdf

#: Milliseconds after the last change before the preview is rendered again.
PREVIEW_DELAY_MS = 600

Renderer = Callable[[Note, str], bytes]


class PreviewPane(QWidget):
    """A QPdfView of the chosen language. Only the newest render is ever shown."""

    #: Emitted after a PDF has been loaded into `document`.
    shown = Signal()
    languageChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, renderer: Renderer = preview_pdf) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.renderer = renderer
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("preview_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.language_box = QComboBox(self)
        self.language_box.setObjectName("preview_language")
        self.language_box.setToolTip(_("Language version shown in the preview"))
        for code in LANGUAGE_ORDER:
            self.language_box.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_box.currentIndexChanged.connect(self._language_chosen)

        self.status = QLabel(self)
        self.status.setObjectName("preview_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        #: Says that what is shown is an issued document as stored (hidden for a draft).
        self.issued_bar = QLabel(self)
        self.issued_bar.setObjectName("issued_bar")
        self.issued_bar.setWordWrap(True)
        self.issued_bar.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issued_bar.setStyleSheet(
            f"#issued_bar {{ background: {colours.ISSUED_BACKGROUND}; "
            f"border: 1px solid {colours.ISSUED_BORDER}; padding: 4px; }}"
        )
        self.issued_bar.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Preview:"), self))
        top.addWidget(self.language_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.issued_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.render_now)

        self._note: Note | None = None
        self._buffer: QBuffer | None = None
        #: The render whose result is still wanted: a newer request drops it (it is cancelled,
        #: its result never arrives), though its worker runs on until `_running` ends.
        self.latest = LatestOnly()
        self._running: Operation | None = None
        self._waiting = False

    # -- what is shown --------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return str(self.language_box.currentData())

    def set_language(self, language: str) -> None:
        index = self.language_box.findData(language)
        if index >= 0:
            self.language_box.setCurrentIndex(index)

    def set_languages(self, languages: tuple[str, ...]) -> None:
        """Offer only the note's own languages, keeping the chosen one where it can."""
        wanted = [code for code in LANGUAGE_ORDER if code in languages] or list(LANGUAGE_ORDER)
        offered = [self.language_box.itemData(i) for i in range(self.language_box.count())]
        if offered == wanted:
            return
        chosen = self.language
        self.language_box.clear()
        for code in wanted:
            self.language_box.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.set_language(chosen)

    def show_note(self, note: Note, language: str | None = None) -> None:
        """Render `note` in `language` (default: the language chosen in the box) ~600 ms after
        the last call, on a worker thread."""
        self._note = note
        self.latest.drop()
        self.issued_bar.hide()
        self.language_box.blockSignals(True)
        self.set_languages(note.languages)
        if language is not None:
            self.set_language(language)
        self.language_box.blockSignals(False)
        self.timer.start()

    def show_pdf(self, data: bytes, caption: str = "") -> None:
        """Show a PDF as given (an issued document exactly as stored); pending renders drop.
        `caption` is said in the bar above it (hidden when empty)."""
        self.timer.stop()
        self.latest.drop()
        self._note = None
        self._load(data)
        self.status.setText("")
        self.issued_bar.setText(caption)
        self.issued_bar.setVisible(bool(caption))

    @property
    def task(self) -> Operation | None:
        """The render under way, if any."""
        return self._running

    @property
    def busy(self) -> bool:
        return self.timer.isActive() or self._running is not None

    def render_now(self) -> None:
        """Start rendering the latest note at once (one render at a time; newer ones wait)."""
        self.timer.stop()
        if self._note is None:
            return
        if self._running is not None:
            self._waiting = True
            return
        note, language = self._note, self.language
        renderer = self.renderer
        self.status.setText(
            _("Rendering the {language} version…").format(
                language=LANGUAGE_NAMES.get(language, language)
            )
        )

        def work(progress: ProgressCallback, cancel: CancelFlag) -> bytes | ValidationError:
            try:
                return renderer(note, language)
            except ValidationError as error:
                # Told in the interface language on the GUI thread (see _rendered).
                return error

        task = run_operation(
            work,
            self,
            on_success=self._rendered,
            on_failure=self._render_failed,
            latest=self.latest,
        )
        self._running = task
        # After the result (or its drop, when the officer has typed since): the next render.
        task.ended.connect(self._after_render)

    def _rendered(self, data: object) -> None:
        if isinstance(data, ValidationError):
            self.status.setText(
                _("The preview cannot be drawn yet:")
                + "\n"
                + "\n".join(problem_text(problem, self._note_type()) for problem in data.problems)
            )
            return
        if not isinstance(data, bytes):
            return
        self._load(data)
        self.status.setText("")

    def _render_failed(self, error: BaseException) -> None:
        message = str(error) or type(error).__name__
        self.status.setText(_("The preview cannot be drawn yet:") + "\n" + _problem_lines(message))

    def _note_type(self) -> str | None:
        return self._note.note_type if self._note is not None else None

    def _after_render(self) -> None:
        self._running = None
        if self._waiting:
            self._waiting = False
            self.render_now()

    def _language_chosen(self) -> None:
        self.languageChanged.emit(self.language)
        if self._note is not None:
            self.latest.drop()
            self.render_now()

    def _load(self, data: bytes) -> None:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        old, self._buffer = self._buffer, buffer
        if old is not None:
            old.deleteLater()
        self.view.update()
        self.shown.emit()


def _problem_lines(message: str) -> str:
    # A ValidationError's text starts with "N problem(s):"; the officer needs only the list.
    lines = message.splitlines()
    if len(lines) > 1 and lines[0].endswith("problem(s):"):
        lines = lines[1:]
    return "\n".join(line.strip() for line in lines)
