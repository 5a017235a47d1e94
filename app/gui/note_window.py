"""The window in which an officer composes a note: the editor beside its live PDF preview,
autosaved to the register and to a local recovery copy, with save, print and the workflow."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.note import Note
from app.domain.problems import ValidationError
from app.domain.workflow import FROZEN_STATES, Action, NoteStatus, Role, is_editable
from app.gui import colours
from app.gui.errors import show_error
from app.gui.icons import icon
from app.gui.issued_documents import chosen_document, issued_caption, open_in_viewer
from app.gui.note_closing import Closing, ask_unsaved, asks_before_closing, has_words
from app.gui.note_editor import NoteEditor
from app.gui.note_saving import DraftSaving
from app.gui.note_status_banner import NoteStatusBanner
from app.gui.operations import CancelFlag, Operation, ProgressCallback, run_with_progress
from app.gui.preview import PreviewPane
from app.gui.print_set import open_print_set, print_document
from app.gui.submit_check import offer_first_problem
from app.gui.window_size import fit_to_screen
from app.gui.workflow_bar import WorkflowBar
from app.gui.workflow_menu import WorkflowMenu
from app.i18n.messages import _, ui_language
from app.i18n.problems import problems_report
from app.services import drafting
from app.services.register import NoteRecord, Register, RegisterError

if TYPE_CHECKING:
    from app.services.users import UserInfo
    from app.services.workflow import WorkflowService


#: Milliseconds after the last keystroke before the draft is saved to the register.
AUTOSAVE_DELAY_MS = 2000
#: The preview never gets narrower than this: a page must stay readable beside the editor.
PREVIEW_MIN_WIDTH = 420
#: Milliseconds after the last keystroke before the local recovery copy is written.
RECOVERY_DELAY_MS = 400


class NoteWindow(QMainWindow):
    """Compose, save, preview, print and move one note through the workflow."""

    saved = Signal(int)
    #: A save has ended: True if the draft was saved.
    save_ended = Signal(bool)

    def __init__(
        self,
        register: Register,
        workflow: WorkflowService,
        user: UserInfo,
        note_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("note_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.register = register
        self.workflow = workflow
        self.user = user
        self.record: NoteRecord | None = None
        self.status = NoteStatus.DRAFT.value
        #: Whether the user may save over this note (theirs, or shared with them).
        self.may_edit = True
        self.dirty = False
        self.last_error = ""
        #: Names this window's recovery file while the note has no id yet.
        self.session = uuid.uuid4().hex[:12]
        self.recovered: drafting.RecoveredDraft | None = None
        self.saving = DraftSaving(self)

        self.editor = NoteEditor(register, self)
        self.preview = PreviewPane(self)
        self.workflow_bar = self._make_workflow_bar()
        self.recovery_banner = self._make_recovery_banner()
        self.status_banner = NoteStatusBanner(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("note_splitter")
        # The preview keeps a readable page; the editor's header scrolls sideways instead
        # (see NoteEditor), its panes share what is left.
        self.preview.setMinimumWidth(PREVIEW_MIN_WIDTH)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([900, 500])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        # The status and the steps open now share one row: the panes keep the height.
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.status_banner, 1)
        steps_row.addWidget(self.workflow_bar)
        layout.addLayout(steps_row)
        layout.addWidget(self.recovery_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("save_status")
        self.statusBar().addPermanentWidget(self.status_label)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.recovery_timer = QTimer(self)
        self.recovery_timer.setSingleShot(True)
        self.recovery_timer.setInterval(RECOVERY_DELAY_MS)
        self.recovery_timer.timeout.connect(self.write_recovery)

        self._build_actions()
        self.menuBar().addMenu(WorkflowMenu(self.workflow_bar, self))
        self.editor.changed.connect(self._edited)
        self.preview.languageChanged.connect(self._preview_language_chosen)

        if note_id is not None:
            self.record = register.load(note_id)
            self.editor.load(self.record.note, note_id)
            self.status = self.record.status
            self.may_edit = workflow.may_edit(user, note_id)
        self._after_status_change()
        self.offer_recovery()
        self.preview.set_language(
            ui_language()
        )  # the officer's own language, where the note has it
        self._refresh_preview()
        fit_to_screen(self, QSize(1400, 860))
        self._restore_geometry()

    # -- building -------------------------------------------------------------------------------

    def _make_workflow_bar(self) -> WorkflowBar:
        bar = WorkflowBar(self.workflow, self.user, self)
        bar.before_check = self._check_before_step
        bar.changed.connect(self.reload_status)
        bar.before_step = lambda go: self.save(then=lambda _saved: go())
        return bar

    def _check_before_step(self, action: Action) -> bool:
        """Submit with problems left first offers to go to the first of them."""
        if action is Action.SUBMIT and self.editable:
            return offer_first_problem(self, self.editor)
        return True

    def _make_recovery_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("recovery_banner")
        banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner.setStyleSheet(f"#recovery_banner {{ background: {colours.NOTICE_BACKGROUND}; }}")
        self.recovery_label = QLabel(banner)
        self.recovery_label.setObjectName("recovery_label")
        self.recovery_label.setWordWrap(True)
        restore = QPushButton(_("&Restore typed text"), banner)
        restore.setObjectName("recovery_restore")
        restore.clicked.connect(self.restore_recovery)
        discard = QPushButton(_("Discard"), banner)
        discard.setObjectName("recovery_discard")
        discard.clicked.connect(self.discard_recovery)
        row = QHBoxLayout(banner)
        row.addWidget(self.recovery_label, 1)
        row.addWidget(restore)
        row.addWidget(discard)
        banner.hide()
        return banner

    def _build_actions(self) -> None:
        def action(
            name: str,
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence.StandardKey | None = None,
        ) -> QAction:
            made = QAction(text, self)
            made.setObjectName(name)
            if shortcut is not None:
                made.setShortcut(shortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.save_action = action(
            "action_save", _("&Save"), lambda: self.save(), QKeySequence.StandardKey.Save
        )
        self.save_pdfs_action = action("action_save_pdfs", _("Save &PDFs…"), self.choose_pdf_folder)
        self.print_action = action(
            "action_print", _("&Print…"), self.print_dialog, QKeySequence.StandardKey.Print
        )
        self.open_issued_action = action(
            "action_open_issued", _("Show &issued PDF"), self.show_issued_pdf
        )
        self.open_external_action = action(
            "action_open_issued_external",
            _("Open issued PDF in &viewer"),
            self.open_issued_externally,
        )
        self.close_action = action("action_close", _("&Close"), self.close)
        # Ctrl+W whatever the platform's standard Close is (Ctrl+F4 on some).
        close_keys = [QKeySequence("Ctrl+W")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Close):
            if key.toString() not in {known.toString() for known in close_keys}:
                close_keys.append(key)
        self.close_action.setShortcuts(close_keys)
        undo = action("action_undo", _("&Undo"), lambda: self._on_focused(undo=True))
        redo = action("action_redo", _("&Redo"), lambda: self._on_focused(undo=False))

        menu = self.menuBar()
        note_menu = menu.addMenu(_("&Note"))
        for item in (self.save_action, self.save_pdfs_action, self.print_action):
            note_menu.addAction(item)
        note_menu.addSeparator()
        note_menu.addAction(self.open_issued_action)
        note_menu.addAction(self.open_external_action)
        note_menu.addSeparator()
        note_menu.addAction(self.close_action)
        edit_menu = menu.addMenu(_("&Edit"))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        toolbar = self.addToolBar(_("Note"))
        toolbar.setObjectName("note_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.save_action.setIcon(icon("save"))
        self.print_action.setIcon(icon("print"))
        for item in (
            self.save_action,
            self.save_pdfs_action,
            self.print_action,
            self.open_issued_action,
        ):
            toolbar.addAction(item)

    def _on_focused(self, *, undo: bool) -> None:
        """Undo (or redo) typing in the text field that has the focus."""
        widget = self.focusWidget()
        if widget in self.editor.text_widgets() and isinstance(widget, QLineEdit | QPlainTextEdit):
            if undo:
                widget.undo()
            else:
                widget.redo()

    # -- state ----------------------------------------------------------------------------------

    @property
    def note_id(self) -> int | None:
        return self.editor.note_id

    @property
    def frozen(self) -> bool:
        """Approved and later: the note never changes again."""
        return self.status in {state.value for state in FROZEN_STATES}

    @property
    def editable(self) -> bool:
        """Whether this user may change the note now: a draft or a returned note, and a user
        who drafts (a submitted note waits for its approver unchanged)."""
        roles = self.user.roles
        return is_editable(self.status) and Role.DRAFTER in roles and self.may_edit

    def reload_status(self) -> None:
        """After a workflow step: read the note's status (and number) back from the register."""
        if self.note_id is None:
            return
        self.record = self.register.load(self.note_id)
        self.status = self.record.status
        self.may_edit = self.workflow.may_edit(self.user, self.note_id)
        if not self.editable and not self.dirty:
            self.editor.load(self.record.note, self.note_id)
        self._after_status_change()
        self._refresh_preview()

    def _after_status_change(self) -> None:
        self.editor.set_read_only(not self.editable)
        number = self.record.number.code if self.record and self.record.number else None
        self.status_banner.show_status(self.status, number, self.editable)
        self.workflow_bar.set_note(self.note_id)
        self._update_actions()
        self._update_title()
        self._keep_the_keyboard()

    def _keep_the_keyboard(self) -> None:
        """A note opened, or a step that hid or disabled the focused button (Submit, Issue),
        leaves the keyboard in the window: on the first field of a note that can be edited,
        else on the preview."""
        focus = self.focusWidget()
        if focus is None or not focus.isVisible() or not focus.isEnabled():
            first = self.editor.note_type_box if self.editable else self.preview.view
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_actions(self) -> None:
        self.save_action.setEnabled(self.editable)
        has_documents = bool(self.record and self.record.documents)
        self.open_issued_action.setEnabled(has_documents)
        self.open_external_action.setEnabled(has_documents)

    def _update_title(self) -> None:
        note = self.editor.draft_note()
        # Saved but not issued: a draft, no longer a "new note".
        unsaved = _("new note") if self.note_id is None else _("draft")
        number = str(note.number) if note.number else unsaved
        mark = "*" if self.dirty else ""
        subject = note.subject or _("untitled")  # outside the f-string, where pybabel finds it
        self.setWindowTitle(f"{mark}{number} — {subject} — Verbale")

    # -- typing, saving, recovery ---------------------------------------------------------------

    def _edited(self) -> None:
        if not self.editable:
            return
        self.dirty = True
        if self.note_id is not None or has_words(self.editor.draft_note()):
            self.autosave_timer.start()
            self.recovery_timer.start()
        self._refresh_preview()
        self._update_title()

    def _refresh_preview(self) -> None:
        if self.record is not None and self.frozen and self.record.documents:
            self.show_issued_pdf()
            return
        self.preview.show_note(self.editor.draft_note())

    def _preview_language_chosen(self, _language: str) -> None:
        self._update_actions()
        if self.record is not None and self.frozen and self.record.documents:
            self.show_issued_pdf()  # the stored PDF of the language chosen

    def recovery_file(self) -> Path:
        return drafting.recovery_path(self.note_id, self.session)

    def write_recovery(self) -> None:
        """Write what is typed now to the local recovery copy (a crash loses at most this gap)."""
        self.recovery_timer.stop()
        if not self.dirty:
            return
        try:
            drafting.write_recovery(self.recovery_file(), self.editor.draft_note(), self.note_id)
        except OSError as error:
            self._show_status(_("Recovery copy not written: {error}").format(error=error), True)

    def autosave(self) -> None:
        if self.dirty and self.editable:
            self.save()

    def save(self, then: Callable[[bool], object] | None = None) -> Operation | None:
        """Save the draft to the register through the workflow (incomplete drafts too), off
        the GUI thread: `saved` (and `save_ended(True)`) follow, or the status line says why
        not (`save_ended(False)`). None when there is nothing to save."""
        return self.saving.start(then)

    def offer_recovery(self) -> None:
        """Offer back text typed but never saved (a crash, a power cut) in a banner."""
        found = drafting.find_recovery(self.note_id)
        if found is None or not self.editable:
            return
        if self.record is not None:
            updated = self.record.updated_at
            if updated.tzinfo is None:
                updated = updated.replace(tzinfo=dt.UTC)
            if found.written_at <= updated:
                drafting.remove_recovery(found.path)  # the register already has newer text
                return
        self.recovered = found
        when = found.written_at.astimezone().strftime("%d.%m.%Y %H:%M:%S")
        self.recovery_label.setText(
            _(
                "Text typed on {when} was not saved (the application closed unexpectedly). "
                "Restore it?"
            ).format(when=when)
        )
        self.recovery_banner.show()

    def restore_recovery(self) -> None:
        found = self.recovered
        if found is None:
            return
        self.editor.load(found.note, found.note_id if found.note_id is not None else self.note_id)
        if found.note_id is None:
            # Keep the recovered file under this window's name until the draft is saved.
            self.session = found.path.stem.removeprefix("new-")
        self.recovered = None
        self.recovery_banner.hide()
        self.dirty = True
        self.save()
        self._refresh_preview()

    def take_note(self, note: Note, source: Path | None = None) -> None:
        """Show `note` (read from a note file) as a new draft, saved like any typed one."""
        self.editor.load(replace(note, number=None), None)
        self._edited()
        if source is not None:
            self._show_status(
                _("Opened from {file}: a new draft, not yet saved.").format(file=source.name),
                False,
            )

    def discard_changes(self) -> None:
        """Forget what was typed since the last save (and its recovery copy)."""
        self.autosave_timer.stop()
        self.recovery_timer.stop()
        drafting.remove_recovery(self.recovery_file())
        self.dirty = False

    def discard_recovery(self) -> None:
        if self.recovered is not None:
            drafting.remove_recovery(self.recovered.path)
        self.recovered = None
        self.recovery_banner.hide()

    def _show_status(self, text: str, error: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(colours.ERROR_STYLE if error else "")

    # -- PDFs and printing ----------------------------------------------------------------------

    def choose_pdf_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Save the note's PDFs in"))
        if folder:
            self.save_pdfs_to(Path(folder))

    def save_pdfs_to(self, folder: Path) -> Operation | None:
        """Render every language, the enclosures and the combined file into `folder`, with
        progress and Cancel; None when the note is not complete (the problems are shown)."""
        try:
            note = self.editor.current_note()
        except ValidationError as error:
            show_error(self, problems_report(error.problems, self.editor.note_type), _("Save PDFs"))
            return None

        def work(progress: ProgressCallback, cancel: CancelFlag) -> list[Path]:
            return drafting.save_pdfs(note, folder, progress, cancel)

        task = run_with_progress(work, self, _("Save PDFs"), _("Rendering the note's PDFs…"))
        task.finished.connect(
            lambda written: self._show_status(
                _("{count} PDF files written to {folder}").format(
                    count=len(written), folder=folder
                ),
                False,
            )
        )
        return task

    def print_dialog(self) -> QDialog | None:
        """The print preview of the whole set (versions and enclosures) to choose from."""
        return open_print_set(self, self.register, self.record, self.editor.current_note)

    def print_to(self, printer: QPrinter) -> int:
        """Print the previewed PDF's pages, each scaled to the printer's page; the page count."""
        return print_document(self.preview.document, printer)

    def issued_file_name(self) -> str | None:
        """The stored document of the language chosen in the preview (else the first)."""
        document = chosen_document(self.record, self.preview.language)
        return document.file_name if document is not None else None

    def show_issued_pdf(self) -> None:
        """Show the issued PDF exactly as stored in the register, saying so in a bar."""
        document = chosen_document(self.record, self.preview.language)
        if document is None or self.note_id is None or self.record is None:
            return
        try:
            data = self.register.document(self.note_id, document.file_name)
        except RegisterError as error:
            self._show_status(str(error), True)
            return
        self.preview.show_pdf(data, issued_caption(self.record, document))
        self.preview.issued_bar.setToolTip(document.sha256)  # the digest as sha256sum prints it

    def open_issued_externally(self) -> bool:
        """Open the stored PDF in the system's viewer; a failure is said in a dialog."""
        name = self.issued_file_name()
        if name is None or self.note_id is None:
            return False
        return open_in_viewer(self, self.register, self.note_id, name)

    # -- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.saving.operation is not None:  # a save under way: closed once it has ended
            self.saving.operation.ended.connect(self.close)
            event.ignore()
            return
        if self.dirty and self.note_id is None and not has_words(self.editor.draft_note()):
            self.discard_changes()  # a date or an addressee chosen alone: nothing to keep
        if self.dirty and self.editable and asks_before_closing():
            self.autosave_timer.stop()  # no save behind the question's back
            subject = self.editor.draft_note().subject or _("untitled")
            closing = ask_unsaved(self, subject)
            if closing is Closing.CANCEL:
                event.ignore()
                return
            if closing is Closing.DISCARD:
                self.discard_changes()
        if self.dirty and not self.saving.save_now():
            answer = QMessageBox.warning(
                self,
                _("Not saved"),
                _(
                    "The draft could not be saved:\n{error}\n\nA recovery copy is kept and will "
                    "be offered the next time the note is opened. Close anyway?"
                ).format(error=self.last_error),
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        QSettings().setValue("note_window/geometry", self.saveGeometry())
        QSettings().setValue("note_window/splitter", self.splitter.saveState())
        super().closeEvent(event)

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("note_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("note_window/splitter")
        if state is not None:
            self.splitter.restoreState(state)
