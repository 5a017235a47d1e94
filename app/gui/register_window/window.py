"""The register window: the register, searched as the officer types and narrowed by saved views,
with the selected note's details and workflow buttons beside it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui.actions import build_actions
from app.gui.errors import show_error
from app.gui.operations import Operation
from app.gui.register_keys import use_keyboard
from app.gui.register_model import PAGE_SIZE, RegisterModel
from app.gui.register_opening import OpeningRegister
from app.gui.register_window import window_state
from app.gui.register_window.actions import WINDOW_ACTIONS, place_menus
from app.gui.register_window.details import DetailsPanel
from app.gui.register_window.legend import RowLegend, place_legend
from app.gui.register_window.live import LiveRefresh
from app.gui.register_window.note_windows import NoteWindows
from app.gui.register_window.received_matches import ReceivedMatches
from app.gui.register_window.search import RegisterSearch
from app.gui.register_window.texts import about_text, count_text, user_text
from app.gui.register_window.views import VIEW_ALL, view_filters
from app.gui.register_window.widgets import FirstPaint, RegisterTableView, SavedViewsList
from app.gui.toolbar_room import ToolbarRoom
from app.i18n.messages import _
from app.services.addresses import shown_url
from app.services.register_reading import RegisterError, SearchFilters

if TYPE_CHECKING:
    from app.gui.incoming_view import IncomingWindow
    from app.gui.note_window import NoteWindow
    from app.gui.register_window.frame import Frame
    from app.gui.workflow_bar import WorkflowBar
    from app.services.register import NoteRecord, Register
    from app.services.users import UserInfo
    from app.services.workflow import WorkflowService


class MainWindow(QMainWindow):
    """The register window. Without a workflow service or a logged-in user it only reads."""

    #: The window was rebuilt in another interface language; the new window.
    replaced = Signal(object)
    #: The logged-in user changed (None: logged out).
    user_changed = Signal(object)
    #: The first rows are on the screen (what they could do without follows).
    first_rows_painted = Signal()

    def __init__(
        self,
        register: Register | OpeningRegister,
        workflow: WorkflowService | None = None,
        user: UserInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        page_size: int = PAGE_SIZE,
        staged: bool = False,
    ) -> None:
        """`staged`: the toolbar and the rest of the frame come once the first rows are painted
        (app.main starts so), in a room kept for them; else all at once."""
        super().__init__(parent)
        if isinstance(register, OpeningRegister):
            self.opening = register
        else:
            self.opening = OpeningRegister.opened(register, workflow)
        self.user = user
        self.today = today
        self.notes = NoteWindows(self)
        self.incoming_window: IncomingWindow | None = None  # opened from Correspondence
        self.notes.saved.connect(self._note_saved)
        self.notes.moved.connect(self.note_changed)
        self.setWindowTitle(_("Verbale — Register of notes verbales"))
        self.setObjectName("main_window")

        self.model = RegisterModel(
            self.opening.reading,
            self,
            today=today,
            count_now=False,
            page_size=page_size,
            load_now=False,  # the saved view's first page, read once below
            names_later=True,  # the directory read once the first rows are on the screen
        )
        # Clicking a column header sorts on the search worker, not on this thread.
        self.model.defer_sorting = True
        self.model.sort_requested.connect(self.sort_in_background)

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("search_field")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(
            _("Search by number (1453, PAR/1453) or by words in any language  (Ctrl+F)")
        )
        self.search = RegisterSearch(self.opening.reading, self)
        self.search.typing_paused.connect(self.run_search)
        self.search.searched.connect(self._searched)
        self.search.search_failed.connect(self._search_failed)
        self.search.counted.connect(self._counted)
        self.search.count_failed.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.search_pool = self.search.search_pool
        self.search_field.textChanged.connect(self.search.typed)
        self.search_field.returnPressed.connect(self.run_search)

        self.live = LiveRefresh(self, self.opening.url)
        self.views = SavedViewsList(self)
        self.views.currentItemChanged.connect(self._view_chosen)

        self.table = RegisterTableView(self.model, self)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)

        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.search_field)
        layout.addWidget(self.table)
        self.received = ReceivedMatches(self)  # the notes received the search finds too
        layout.addWidget(self.received)

        self.details_panel = self._build_details_panel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([170, 800, 360])  # the Subject column keeps room
        self.setCentralWidget(self.splitter)

        self.user_label = QLabel(self)
        self.user_label.setObjectName("user_label")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.user_label)

        self._build_actions(staged)
        use_keyboard(self.views, self.search_field, self.table)
        window_state.restore(self)
        self._fill_views(window_state.remembered_view(VIEW_ALL))
        self._show_user()
        self._show_count()
        # The view has selected its first row: details and workflow buttons follow it.
        self._selection_changed(QItemSelection(), QItemSelection())
        if not self.opening.is_ready:
            self.opening.ready.connect(self._register_loaded)
            self.opening.failed.connect(self._register_failed)
        # What the first rows do without is done once they are painted: it would compete with
        # drawing them for the interpreter.
        self._first_paint = FirstPaint(self.table.viewport(), self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self.frame is None:
            self._furnish()
        self.model.name_addressees()
        if not self.opening.is_ready:
            self.opening.start()
        self.first_rows_painted.emit()

    def _register_loaded(self) -> None:
        self._selection_changed(QItemSelection(), QItemSelection())

    def _register_failed(self, _message: str) -> None:
        self._selection_changed(QItemSelection(), QItemSelection())

    @property
    def register(self) -> Register:
        """The register service (waits for it while the application is still loading it)."""
        return self.opening.register()

    @property
    def workflow(self) -> WorkflowService | None:
        """The workflow service; None for a read-only window. Waits like `register`."""
        return self.opening.workflow()

    # -- layout ---------------------------------------------------------------------------------

    def _build_details_panel(self) -> DetailsPanel:
        panel = DetailsPanel(self)
        self.workflow_bar: WorkflowBar | None = None
        # A logged-in user means the register service has loaded (logging in needs it).
        if self.user is not None and self.opening.with_workflow and self.opening.is_ready:
            workflow = self.workflow
            assert workflow is not None
            self._add_workflow_bar(panel, panel.box, workflow, self.user)
        self.open_button = panel.open_button
        self.open_button.clicked.connect(self.open_current_note)
        self.history_button = panel.history_button
        self.history_button.clicked.connect(self.show_history)
        self.objections_button = panel.objections_button
        self.objections_button.clicked.connect(self.show_objections)
        self.details = panel.details
        return panel

    def _add_workflow_bar(
        self, panel: QWidget, layout: QVBoxLayout, workflow: WorkflowService, user: UserInfo
    ) -> None:
        # Imported here: a window without a login starts without the workflow services.
        from app.gui.workflow_bar import WorkflowBar

        self.workflow_bar = WorkflowBar(workflow, user, panel)
        self.workflow_bar.changed.connect(self.note_changed)
        layout.insertWidget(0, self.workflow_bar)

    def _build_actions(self, staged: bool) -> None:
        actions = build_actions(self, WINDOW_ACTIONS)
        self.window_actions = actions
        self.new_note_action = actions["new_note_action"]
        self.open_note_action = actions["open_note_action"]
        self.export_action = actions["export_action"]
        self.backup_action = actions["backup_action"]
        self.verify_action = actions["verify_action"]
        self.verify_document_action = actions["verify_document_action"]
        self.switch_user_action = actions["switch_user_action"]
        self.first_admin_action = actions["first_administrator_action"]
        self.log_out_action = actions["log_out_action"]
        self.quit_action = actions["quit_action"]
        self.find_action = actions["find_action"]
        self.refresh_action = actions["refresh_action"]
        self.about_action = actions["about_action"]

        self.menus = place_menus(self, actions)
        self.language_actions = self.menus.languages
        self.legend: RowLegend = place_legend(self.table)
        self.frame: Frame | None = None
        self._toolbar_room: ToolbarRoom | None = None
        if staged:
            self._toolbar_room = ToolbarRoom(self, _("New"))
        else:
            self._furnish()

    def _furnish(self) -> None:
        """The toolbar (into its room), File ▸ Recent notes, the views' counts, the PDF drops
        and the drafts to restore."""
        from app.gui.register_window.frame import install_frame

        self.frame = install_frame(self, self._toolbar_room)
        self._toolbar_room = None

    # -- the user -------------------------------------------------------------------------------

    def _show_user(self) -> None:
        logged_in = self.user is not None
        has_users = self._has_users()
        self.user_label.setText(user_text(self.user, self.opening.with_workflow, has_users))
        can_write = logged_in and self.opening.with_workflow
        self.new_note_action.setEnabled(can_write)
        self.log_out_action.setEnabled(logged_in)
        self.switch_user_action.setEnabled(has_users)
        self.first_admin_action.setVisible(self.opening.with_workflow and not has_users)
        if self.workflow_bar is not None and self.user is not None:
            self.workflow_bar.set_user(self.user)

    def _has_users(self) -> bool:
        if not self.opening.with_workflow:
            return False  # a read-only window (no workflow service) offers no login
        try:
            return self.opening.reading.has_users()
        except (RegisterError, OSError, sqlite3.Error):
            return False

    def set_user(self, user: UserInfo | None) -> None:
        """Work as `user` from now on (None: logged out, read only)."""
        self.user = user
        workflow = self.workflow if user is not None and self.opening.is_ready else None
        if user is not None and workflow is not None and self.workflow_bar is None:
            layout = self.details_panel.layout()
            assert isinstance(layout, QVBoxLayout)
            self._add_workflow_bar(self.details_panel, layout, workflow, user)
        if self.workflow_bar is not None:
            self.workflow_bar.setVisible(user is not None)
        for window in self.note_windows:
            window.close()
        self._show_user()
        self._fill_views(self.current_view())
        self.user_changed.emit(user)

    def switch_user(self) -> bool:
        """Ask for another login; True if someone logged in."""
        from app.gui.login_dialog import LoginDialog

        dialog = LoginDialog(self.opening, self)
        if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.user is None:
            return False
        self.set_user(dialog.user)
        return True

    def create_first_administrator(self) -> bool:
        """A register without users: create its administrator and log in as them."""
        from app.gui.login_dialog import FirstAdministratorDialog

        dialog = FirstAdministratorDialog(self.opening, self)
        if dialog.exec() != FirstAdministratorDialog.DialogCode.Accepted or dialog.user is None:
            return False
        self.set_user(dialog.user)
        return True

    def log_out(self) -> None:
        """Forget the user, then offer the login again (Cancel leaves the window read only)."""
        self.set_user(None)
        self.switch_user()

    # -- saved views ----------------------------------------------------------------------------

    def _fill_views(self, wanted: str) -> None:
        view = self.views.fill(self.user, wanted)
        self._apply_view(view, remember=view != wanted)

    def current_view(self) -> str:
        return self.views.current_view()

    def choose_view(self, view: str) -> None:
        """Show the saved view `view` (as clicking it in the list does)."""
        self.views.choose(view)

    def _view_chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self._apply_view(str(current.data(Qt.ItemDataRole.UserRole)))

    def _apply_view(self, view: str, *, remember: bool = True) -> None:
        if remember:  # a write of the settings file, which the first rows need not wait for
            window_state.remember_view(view)
        # A search still running was for the previous view: drop its result.
        self.search.drop_search()
        try:
            self.model.set_filters(view_filters(view, self.user, self.today()))
        except RegisterError as error:
            self.statusBar().showMessage(str(error), 5000)
        self._after_reload()
        if self.search_field.text().strip() != self.model.query:
            self.run_search()

    # -- actions --------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def about_text(self) -> str:
        return about_text(shown_url(self.opening.url))

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Verbale"), self.about_text())

    def switch_language(self, language: str) -> MainWindow:
        """Show the interface in `language` from now on (remembered): the window is rebuilt in
        it, with the same register, user, view and search; returns the new window."""
        from app.gui.register_window.language_switch import rebuilt_in

        return rebuilt_in(self, language)

    # -- notes ----------------------------------------------------------------------------------

    def current_note_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.note_id(rows[0].row()) if rows else None

    def new_note(self) -> QMainWindow | None:
        return self.open_note(None)

    def open_current_note(self) -> QMainWindow | None:
        note_id = self.current_note_id()
        return self.open_note(note_id) if note_id is not None else None

    def _row_activated(self, index: QModelIndex) -> None:
        note_id = self.model.note_id(index.row())
        if note_id is not None:
            self.open_note(note_id)

    def open_note(self, note_id: int | None) -> QMainWindow | None:
        """Open the note editor on `note_id` (None: a new note) for the logged-in user."""
        if self.user is None or not self.opening.with_workflow:
            QMessageBox.information(
                self, _("Log in first"), _("Log in to write or open notes in the editor.")
            )
            return None
        shown = self.notes.find(note_id) if note_id is not None else None
        if shown is not None:
            shown.raise_()
            shown.activateWindow()
            return shown
        try:
            workflow = self.workflow
            assert workflow is not None
            # Imported here: the note window brings the register service (and SQLAlchemy).
            from app.gui.note_window import NoteWindow

            window = NoteWindow(self.register, workflow, self.user, note_id)
        except Exception as error:  # readable, nothing lost
            show_error(self, error, _("Could not open the note"))
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.notes.adopt(window)
        from app.gui.recent_notes import follow

        follow(self.opening.url, window)
        window.show()
        return window

    @property
    def note_windows(self) -> list[NoteWindow]:
        """The note windows open from this window."""
        return self.notes.windows

    def _note_saved(self, note_id: int) -> None:
        self.refresh(keep=note_id)

    def note_changed(self) -> None:
        self.refresh(keep=self.current_note_id())

    def refresh(self, keep: int | None = None) -> None:
        """Read the register again (after a save or a transition), keeping the selected note."""
        keep = keep if keep is not None else self.current_note_id()
        try:
            self.model.reload()
        except RegisterError as error:
            self.statusBar().showMessage(str(error), 5000)
        self._after_reload(select=keep)

    def show_history(self) -> None:
        from app.gui.register_window import note_dialogs

        note_dialogs.show_history(self)

    def show_objections(self) -> None:
        from app.gui.register_window import note_dialogs

        note_dialogs.show_objections(self)

    # -- long work ------------------------------------------------------------------------------

    def export_register(self, path: Path | None = None) -> Operation | None:
        """Export what the window lists now (view and search) to CSV or XLSX, with progress."""
        from app.gui.register_window import long_work

        return long_work.export_register(self, path)

    def backup_register(self, path: Path | None = None) -> Operation | None:
        """Copy the register file (SQLite online backup) to a file the officer chooses."""
        from app.gui.register_window import long_work

        return long_work.backup_register(self, path)

    def verify_register(self) -> Operation:
        """Re-hash every issued PDF, with progress and Cancel; the result in a dialog."""
        from app.gui.register_window import long_work

        return long_work.verify_register(self)

    def verify_document(self) -> QWidget:
        """A copy or a printout's code held against the register (app.gui.verify_dialog)."""
        from app.gui.verify_dialog import VerifyDocumentDialog

        dialog = VerifyDocumentDialog(self.opening.register, self)
        dialog.show()
        return dialog

    # -- search ---------------------------------------------------------------------------------

    def run_search(self) -> Operation | None:
        """Search for what the field says, on a worker: a full-text search for a common word
        in a million notes takes most of a second, and typing must not stall meanwhile."""
        self.search.timer.stop()
        text = self.search_field.text().strip()
        self.received.look_up(text)
        if text == self.model.query:
            if self.search.search_slot.busy:  # typed back to what is shown: drop the other
                self.search.drop_search()
                self._show_count()
            return None
        return self._read_first_page(text, None)

    def sort_in_background(self, sort: str | None) -> Operation:
        """Sort what is listed by `sort` (a sort key of the register, "-" in front to reverse),
        on a worker: sorting a million notes by number takes most of a second."""
        return self._read_first_page(self.model.query, sort, keep=self.current_note_id())

    def _read_first_page(self, text: str, sort: str | None, keep: int | None = None) -> Operation:
        model = self.model
        task = self.search.read_first_page(text, model.filters, sort, model.page_size, keep)
        self.count_label.setText(_("Searching…") if sort is None else _("Sorting…"))
        return task

    @property
    def _search_task(self) -> Operation | None:
        """The search under way, if any."""
        return self.search.search_slot.task

    def _searched(
        self,
        text: str,
        filters: SearchFilters,
        sort: str | None,
        rows: Any,
        keep: int | None = None,
    ) -> None:
        self.model.show_first_page(text, filters, rows, sort)
        if sort is None:  # best match first: no column sorts the list
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._after_reload(select=keep)

    def _search_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        self._show_count()

    def _after_reload(self, select: int | None = None) -> None:
        self._count_in_background()
        self._show_count()
        if self.model.rowCount() == 0:
            self._show_details(None)
            if self.workflow_bar is not None:
                self.workflow_bar.set_note(None)
            return
        row = self.model.row_of(select) if select is not None else None
        if select is not None and row is None:
            # The note the officer had chosen is further down the new order: nothing chosen,
            # rather than another note quietly in its place (with its workflow buttons).
            self.table.clearSelection()
            self.table.scrollToTop()
            self._selection_changed(QItemSelection(), QItemSelection())
            return
        self.table.selectRow(row if row is not None else 0)
        if row is None:
            self.table.scrollToTop()
        else:
            self._selection_changed(QItemSelection(), QItemSelection())

    def _count_in_background(self) -> None:
        """Count the matching notes on a worker; any count still running is for an older
        query or view, and its figure is dropped."""
        self.search.drop_count()
        if self.model.known_total() is None:
            self.search.count(self.model.query, self.model.filters)

    def _counted(self, total: int) -> None:
        self.model.set_total(total)
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(count_text(self.model.known_total(), self.model.query))

    # -- details --------------------------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        note_id = self.current_note_id()
        if self.workflow_bar is not None:
            self.workflow_bar.set_note(note_id)
        if note_id is None or not self.opening.is_ready:
            # Starting: the details (and what acts on the note) come once the register
            # service has loaded; or say why it could not.
            self._show_details(None)
            if note_id is not None:
                self.details_panel.show_opening(self.opening.error)
            return
        self.details_panel.load(
            self.register, note_id, self._show_details, (self.open_note_action,)
        )

    def _show_details(self, record: NoteRecord | None) -> None:
        may_open = record is not None and self.user is not None
        self.open_note_action.setEnabled(may_open)
        self.details_panel.show_record(record, may_open, self.opening.with_workflow)

    # -- settings -------------------------------------------------------------------------------

    def save_settings(self) -> None:
        window_state.save(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.notes.close_all():
            event.ignore()
            return
        self.search.drop_count()
        self.live.stop()
        self.save_settings()
        super().closeEvent(event)
