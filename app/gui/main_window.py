"""The main window: the register, searched as the officer types and narrowed by saved views,
with the selected note's details and workflow buttons beside it."""

from __future__ import annotations

import datetime as dt
import html
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import app
from app import paths
from app.domain.languages import LANGUAGE_NAMES
from app.domain.note_types import NOTE_TYPES
from app.domain.workflow import Role
from app.gui import settings
from app.gui.moments import moment_text
from app.gui.problem_text import field_label
from app.gui.qt_translations import install_qt_translations
from app.gui.register_model import (
    COL_ADDRESSEE,
    COL_DATE,
    COL_DEADLINE,
    COL_NUMBER,
    COL_STATUS,
    COL_SUBJECT,
    PAGE_SIZE,
    RegisterModel,
    status_text,
)
from app.gui.register_opening import OpeningRegister
from app.gui.tasks import (
    CancelFlag,
    ProgressCallback,
    Task,
    TaskCancelled,
    run_task,
    run_with_progress,
)
from app.gui.workflow_bar import show_error
from app.i18n import messages
from app.i18n.messages import UI_LANGUAGE_NAMES, UI_LANGUAGES, _, ngettext, ui_language
from app.i18n.numbers import grouped
from app.services.register_reading import RegisterError, SearchFilters

if TYPE_CHECKING:
    from app.gui.workflow_bar import WorkflowBar
    from app.services.register import NoteRecord, Register
    from app.services.users import UserInfo
    from app.services.workflow import WorkflowService

#: Milliseconds after the last keystroke before the register is searched.
SEARCH_DELAY_MS = 250
#: A number (1453, PAR/1453) is answered from an index at once: wait less after typing it.
NUMBER_SEARCH_DELAY_MS = 150
_NUMBER_LIKE = re.compile(r"[№#]?\s*(?:[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+\s*[/-]?\s*)?\d[\d/-]*")

#: The saved views, in the order listed.
VIEW_ALL = "all"
VIEW_MY_DRAFTS = "my_drafts"
VIEW_AWAITING = "awaiting_approval"
VIEW_ISSUED = "issued"
VIEW_DEADLINES = "deadlines_month"
VIEWS = (VIEW_ALL, VIEW_MY_DRAFTS, VIEW_AWAITING, VIEW_ISSUED, VIEW_DEADLINES)

SETTINGS_KEY = "mainWindow"


def view_title(view: str) -> str:
    return {
        VIEW_ALL: _("All notes"),
        VIEW_MY_DRAFTS: _("My drafts"),
        VIEW_AWAITING: _("Awaiting my approval"),
        VIEW_ISSUED: _("Issued"),
        VIEW_DEADLINES: _("Deadlines this month"),
    }[view]


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def view_filters(view: str, user: UserInfo | None, today: dt.date) -> SearchFilters:
    """What a saved view lists, for `user` (views about "me" need a user)."""
    if view == VIEW_MY_DRAFTS and user is not None:
        return SearchFilters(created_by=user.id, statuses=("draft", "returned"))
    if view == VIEW_AWAITING and user is not None:
        return SearchFilters(statuses=("submitted",), exclude_created_by=user.id)
    if view == VIEW_ISSUED:
        return SearchFilters(statuses=("issued", "dispatched"))
    if view == VIEW_DEADLINES:
        return SearchFilters(open_deadlines=True, today=today, deadline_before=month_end(today))
    return SearchFilters()


def views_for(user: UserInfo | None) -> tuple[str, ...]:
    """The views this user sees: drafts need a drafter, approval needs an approver."""
    shown = []
    for view in VIEWS:
        if view == VIEW_MY_DRAFTS and (user is None or Role.DRAFTER not in user.roles):
            continue
        if view == VIEW_AWAITING and (user is None or Role.APPROVER not in user.roles):
            continue
        shown.append(view)
    return tuple(shown)


def apply_ui_language(language: str) -> None:
    """Switch our catalogs and Qt's to `language` (windows built afterwards use it)."""
    messages.set_ui_language(language)
    qt_app = QCoreApplication.instance()
    if qt_app is not None:
        install_qt_translations(qt_app, language)


class _FirstPaint(QObject):
    """Calls `then` once, after `widget` has been painted for the first time."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint has reached the screen
        return False


class MainWindow(QMainWindow):
    """The register window. Without a workflow service or a logged-in user it only reads."""

    #: The window was rebuilt in another interface language; the new window.
    replaced = Signal(object)
    #: The logged-in user changed (None: logged out).
    user_changed = Signal(object)

    def __init__(
        self,
        register: Register | OpeningRegister,
        workflow: WorkflowService | None = None,
        user: UserInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        if isinstance(register, OpeningRegister):
            self.opening = register
        else:
            self.opening = OpeningRegister.opened(register, workflow)
        self.user = user
        self.today = today
        self.note_windows: list[QMainWindow] = []
        self._count_generation = 0
        self._count_task: Task | None = None
        self._search_generation = 0
        self._search_task: Task | None = None
        self.setWindowTitle(_("Verbale — Register of notes verbales"))
        self.setObjectName("MainWindow")

        self.model = RegisterModel(
            self.opening.reading, self, today=today, count_now=False, page_size=page_size
        )
        # Clicking a column header sorts on the search worker, not on this thread.
        self.model.defer_sorting = True
        self.model.sort_requested.connect(self.sort_in_background)

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(
            _("Search by number (1453, PAR/1453) or by words in any language  (Ctrl+F)")
        )
        # Searches and counts have a worker each: they never queue behind preview renders or
        # exports on the global pool, nor a search behind a slow count.
        self.search_pool = QThreadPool(self)
        self.search_pool.setMaxThreadCount(1)
        self.count_pool = QThreadPool(self)
        self.count_pool.setMaxThreadCount(1)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(self._search_text_changed)
        self.search_field.returnPressed.connect(self.run_search)

        self.views = QListWidget(self)
        self.views.setObjectName("savedViews")
        self.views.setMinimumWidth(150)
        self.views.currentItemChanged.connect(self._view_chosen)

        self.table = QTableView(self)
        self.table.setObjectName("registerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_NUMBER, 110)
        header.resizeSection(COL_DATE, 95)
        header.resizeSection(COL_ADDRESSEE, 200)
        header.resizeSection(COL_STATUS, 110)
        header.resizeSection(COL_DEADLINE, 95)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)

        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.search_field)
        layout.addWidget(self.table)

        self.details_panel = self._build_details_panel()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([170, 700, 420])
        self.setCentralWidget(self.splitter)

        self.user_label = QLabel(self)
        self.user_label.setObjectName("userLabel")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.user_label)

        self._build_actions()
        self._restore_settings()
        self._fill_views(settings.text_value(f"{SETTINGS_KEY}/view", VIEW_ALL))
        self._show_user()
        self._show_count()
        # The view has selected its first row: details and workflow buttons follow it.
        self._selection_changed(QItemSelection(), QItemSelection())
        if not self.opening.is_ready:
            self.opening.ready.connect(self._register_loaded)
            self.opening.failed.connect(self._register_failed)
            # Loaded once the window has painted its first rows: loading competes with drawing
            # them for the interpreter.
            self._first_paint = _FirstPaint(self.table.viewport(), self.opening.start)

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

    def _build_details_panel(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 6, 6, 6)
        self.workflow_bar: WorkflowBar | None = None
        # A logged-in user means the register service has loaded (logging in needs it).
        if self.user is not None and self.opening.with_workflow and self.opening.is_ready:
            workflow = self.workflow
            assert workflow is not None
            self._add_workflow_bar(panel, layout, workflow, self.user)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("&Open"), panel)
        self.open_button.setObjectName("openNoteButton")
        self.open_button.clicked.connect(self.open_current_note)
        self.history_button = QPushButton(_("&History…"), panel)
        self.history_button.setObjectName("historyButton")
        self.history_button.clicked.connect(self.show_history)
        self.objections_button = QPushButton(_("O&bjections…"), panel)
        self.objections_button.setObjectName("objectionsButton")
        self.objections_button.clicked.connect(self.show_objections)
        for button in (self.open_button, self.history_button, self.objections_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.details = QTextBrowser(panel)
        self.details.setObjectName("noteDetails")
        self.details.setOpenLinks(False)
        layout.addWidget(self.details)
        return panel

    def _add_workflow_bar(
        self, panel: QWidget, layout: QVBoxLayout, workflow: WorkflowService, user: UserInfo
    ) -> None:
        # Imported here: a window without a login starts without the workflow services.
        from app.gui.workflow_bar import WorkflowBar

        self.workflow_bar = WorkflowBar(workflow, user, panel)
        self.workflow_bar.changed.connect(self._workflow_changed)
        layout.insertWidget(0, self.workflow_bar)

    def _build_actions(self) -> None:
        self.new_note_action = QAction(_("&New note"), self)
        self.new_note_action.setObjectName("newNoteAction")
        self.new_note_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_note_action.triggered.connect(self.new_note)

        self.open_note_action = QAction(_("&Open note"), self)
        self.open_note_action.setObjectName("openNoteAction")
        self.open_note_action.triggered.connect(self.open_current_note)

        self.export_action = QAction(_("&Export register…"), self)
        self.export_action.setObjectName("exportAction")
        self.export_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.export_action.triggered.connect(self.export_register)

        self.backup_action = QAction(_("&Back up register…"), self)
        self.backup_action.setObjectName("backupAction")
        self.backup_action.triggered.connect(self.backup_register)

        self.verify_action = QAction(_("&Verify issued documents"), self)
        self.verify_action.setObjectName("verifyAction")
        self.verify_action.triggered.connect(self.verify_register)

        self.switch_user_action = QAction(_("&Switch user…"), self)
        self.switch_user_action.setObjectName("switchUserAction")
        self.switch_user_action.triggered.connect(self.switch_user)

        self.first_admin_action = QAction(_("Create the first &administrator…"), self)
        self.first_admin_action.setObjectName("firstAdministratorAction")
        self.first_admin_action.triggered.connect(self.create_first_administrator)

        self.log_out_action = QAction(_("&Log out"), self)
        self.log_out_action.setObjectName("logOutAction")
        self.log_out_action.triggered.connect(self.log_out)

        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.find_action = QAction(_("&Find…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh)

        self.about_action = QAction(_("&About Verbale"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(_("&File"))
        file_menu.addAction(self.new_note_action)
        file_menu.addAction(self.open_note_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.verify_action)
        file_menu.addSeparator()
        file_menu.addAction(self.switch_user_action)
        file_menu.addAction(self.first_admin_action)
        file_menu.addAction(self.log_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu(_("&Edit"))
        edit_menu.addAction(self.find_action)

        view_menu = menu_bar.addMenu(_("&View"))
        self.view_menu = view_menu
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu(_("Interface &language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for language in UI_LANGUAGES:
            action = QAction(UI_LANGUAGE_NAMES.get(language, language), self)
            action.setObjectName(f"language_{language}")
            action.setCheckable(True)
            action.setChecked(language == messages.ui_language())
            action.triggered.connect(
                lambda _checked=False, chosen=language: self.switch_language(chosen)
            )
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[language] = action

        help_menu = menu_bar.addMenu(_("&Help"))
        help_menu.addAction(self.about_action)
        # Shortcuts work whether or not a menu bar is shown (a native one may be elsewhere).
        self.addActions(
            [
                self.new_note_action,
                self.export_action,
                self.refresh_action,
                self.quit_action,
            ]
        )

    # -- the user -------------------------------------------------------------------------------

    def _show_user(self) -> None:
        logged_in = self.user is not None
        if self.user is not None:
            roles = ", ".join(role_text(role) for role in sorted(self.user.roles))
            name = self.user.display_name or self.user.login
            self.user_label.setText(_("Logged in: {name} ({roles})").format(name=name, roles=roles))
        elif self.opening.with_workflow and not self._has_users():
            self.user_label.setText(
                _("No users yet: create the first administrator with “verbale users add”")
            )
        else:
            self.user_label.setText(_("Not logged in (read only)"))
        can_write = logged_in and self.opening.with_workflow
        self.new_note_action.setEnabled(can_write)
        self.log_out_action.setEnabled(logged_in)
        has_users = self._has_users()
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
        shown = views_for(self.user)
        if wanted not in shown:
            wanted = VIEW_ALL
        self.views.blockSignals(True)
        self.views.clear()
        for view in shown:
            item = QListWidgetItem(view_title(view), self.views)
            item.setData(Qt.ItemDataRole.UserRole, view)
            if view == wanted:
                self.views.setCurrentItem(item)
        self.views.blockSignals(False)
        self._fit_views()
        self._apply_view(wanted)

    def _fit_views(self) -> None:
        """Wide enough for the longest view title ("Ожидают моего утверждения"), never cut."""
        metrics = self.views.fontMetrics()
        widest = max(
            (
                metrics.horizontalAdvance(self.views.item(row).text())
                for row in range(self.views.count())
            ),
            default=0,
        )
        # Room for the item margins, the frame and a vertical scroll bar should one appear.
        needed = widest + 2 * self.views.frameWidth() + 24
        self.views.setMinimumWidth(max(150, needed))

    def current_view(self) -> str:
        item = self.views.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else VIEW_ALL

    def choose_view(self, view: str) -> None:
        """Show the saved view `view` (as clicking it in the list does)."""
        for row in range(self.views.count()):
            item = self.views.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == view:
                self.views.setCurrentItem(item)
                return
        raise ValueError(f"view {view!r} is not offered to this user")

    def _view_chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self._apply_view(str(current.data(Qt.ItemDataRole.UserRole)))

    def _apply_view(self, view: str) -> None:
        settings.set_value(f"{SETTINGS_KEY}/view", view)
        # A search still running was for the previous view: drop its result.
        self._search_generation += 1
        self._search_task = None
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
        rows = [(_("Register"), self.opening.url)]
        for label, finder in (
            (_("Data folder"), paths.user_data_dir),
            (_("Logs"), paths.user_log_dir),
            (_("Templates"), paths.templates_dir),
            (_("Resources"), paths.resources_dir),
        ):
            try:
                rows.append((label, str(finder())))
            except (OSError, FileNotFoundError) as error:
                rows.append((label, str(error)))
        table = "".join(
            f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(value)}</td></tr>"
            for label, value in rows
        )
        return (
            f"<h3>Verbale {html.escape(app.__version__)}</h3>"
            # _() outside the f-string: pybabel does not extract calls inside f-strings.
            "<p>"
            + html.escape(
                _("Notes verbales drafted, approved, issued in parallel languages and registered.")
            )
            + "</p>"
            f"<table cellspacing='4'>{table}</table>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Verbale"), self.about_text())

    def switch_language(self, language: str) -> MainWindow:
        """Show the interface in `language` from now on (remembered): the window is rebuilt in
        it, with the same register, user, view and search; returns the new window."""
        apply_ui_language(language)
        settings.remember_ui_language(language)
        self.save_settings()
        again = MainWindow(self.opening, user=self.user, today=self.today)
        again.search_field.setText(self.search_field.text())
        again.run_search()
        # Notes being edited stay open (nothing typed is lost); the new window follows them.
        for window in list(self.note_windows):
            self._release(window)
            again._adopt(window)
        again.show()
        self.replaced.emit(again)
        self.close()
        return again

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
        for window in self.note_windows:
            if note_id is not None and getattr(window, "note_id", None) == note_id:
                window.raise_()
                window.activateWindow()
                return window
        from app.gui.note_window import NoteWindow

        try:
            workflow = self.workflow
            assert workflow is not None
            window = NoteWindow(self.register, workflow, self.user, note_id)
        except Exception as error:  # readable, nothing lost
            show_error(self, _("Could not open the note"), error)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._adopt(window)
        window.show()
        return window

    def _adopt(self, window: Any) -> None:
        """Follow a note window: refresh the register when it saves or moves its note."""
        window.saved.connect(self._note_saved)
        changed = getattr(window.workflow_bar, "changed", None)
        if changed is not None:
            changed.connect(self._workflow_changed)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget_window(w))
        self.note_windows.append(window)

    def _release(self, window: Any) -> None:
        """Stop following a note window (another main window takes it over)."""
        window.saved.disconnect(self._note_saved)
        changed = getattr(window.workflow_bar, "changed", None)
        if changed is not None:
            changed.disconnect(self._workflow_changed)
        self._forget_window(window)

    def _forget_window(self, window: QMainWindow) -> None:
        if window in self.note_windows:
            self.note_windows.remove(window)

    def _note_saved(self, note_id: int) -> None:
        self.refresh(keep=note_id)

    def _workflow_changed(self) -> None:
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
        note_id = self.current_note_id()
        if note_id is None or not self.opening.with_workflow:
            return
        from app.gui.history_dialog import HistoryDialog

        try:
            workflow = self.workflow
            assert workflow is not None
            HistoryDialog(workflow, note_id, self).exec()
        except RegisterError as error:
            show_error(self, _("History"), error)

    def show_objections(self) -> None:
        note_id = self.current_note_id()
        if note_id is None or not self.opening.with_workflow:
            return
        from app.gui.objections_dialog import ObjectionsDialog

        try:
            workflow = self.workflow
            assert workflow is not None
            dialog = ObjectionsDialog(self.register, workflow, self.user, note_id, self)
        except RegisterError as error:
            show_error(self, _("Objections"), error)
            return
        dialog.changed.connect(self._workflow_changed)
        dialog.exec()

    # -- long work ------------------------------------------------------------------------------

    def export_register(self, path: Path | None = None) -> Task | None:
        """Export what the window lists now (view and search) to CSV or XLSX, with progress."""
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export register"),
                str(Path.home() / "register.xlsx"),
                _("Excel workbook (*.xlsx);;CSV (*.csv)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
        from app.services.register_export import export_register

        # The list is all an export reads: it need not wait for the register service.
        reading = self.opening.reading
        query, filters, total = self.model.query, self.model.filters, self.model.known_total()

        def work(progress: ProgressCallback, cancel: CancelFlag) -> int:
            def counted(done: int) -> None:
                if cancel.is_set():
                    raise TaskCancelled
                progress(done, total or 0)

            try:
                return export_register(
                    reading, path, query_text=query, filters=filters, progress=counted
                )
            except TaskCancelled:
                path.unlink(missing_ok=True)  # no half-written file left behind
                raise

        task = run_with_progress(
            work, self, _("Export register"), _("Writing {name}…").format(name=path.name)
        )
        task.finished.connect(
            lambda count: self.statusBar().showMessage(
                _("{count} notes written to {path}").format(
                    count=grouped(count, ui_language()), path=path
                ),
                10000,
            )
        )
        return task

    def backup_register(self, path: Path | None = None) -> Task | None:
        """Copy the register file (SQLite online backup) to a file the officer chooses."""
        if path is None:
            stamp = dt.date.today().isoformat()
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                _("Back up register"),
                str(Path.home() / f"verbale-backup-{stamp}.sqlite3"),
                _("Register backup (*.sqlite3)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
        from app.services.backup import backup_register

        url = self.opening.url

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> Path:
            # One SQLite backup step: it cannot stop halfway, so Cancel removes the copy made.
            target = backup_register(url, path)
            if cancel.is_set():
                target.unlink(missing_ok=True)
                raise TaskCancelled
            return target

        task = run_with_progress(work, self, _("Back up register"), _("Copying the register…"))
        task.finished.connect(
            lambda target: self.statusBar().showMessage(
                _("Register copied to {path}").format(path=target), 10000
            )
        )
        return task

    def verify_register(self) -> Task:
        """Re-hash every issued PDF, with progress and Cancel; the result in a dialog."""
        opening = self.opening

        def work(progress: ProgressCallback, cancel: CancelFlag) -> object:
            register = opening.register()  # on the worker: waits there if still loading

            def step(done: int, total: int) -> None:
                if cancel.is_set():
                    raise TaskCancelled
                if done % 20 == 0 or done == total:
                    progress(done, total)

            from app.services.register_verify import verify_register

            return verify_register(register, step)

        task = run_with_progress(
            work, self, _("Verify issued documents"), _("Checking every issued PDF…")
        )
        task.finished.connect(self._show_verify_report)
        return task

    def _show_verify_report(self, verdict: Any) -> None:
        """The documents' verdict and the audit log's (app.services.register_verify)."""
        report = verdict.documents
        problems = [*report.problems, *verdict.problems]
        if not problems:
            text = _("All {count} issued documents are intact.").format(
                count=grouped(report.documents_checked, ui_language())
            )
            text += "\n" + _("The audit log is whole: {count} entries.").format(
                count=grouped(verdict.audit_entries, ui_language())
            )
            QMessageBox.information(self, _("Verify issued documents"), text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Verify issued documents"), "", parent=self)
        box.setText(
            ngettext(
                "{count} problem found in the issued documents and the audit log.",
                "{count} problems found in the issued documents and the audit log.",
                len(problems),
            ).format(count=len(problems))
        )
        box.setDetailedText("\n".join(str(problem) for problem in [*problems, *verdict.notices]))
        box.exec()

    # -- search ---------------------------------------------------------------------------------

    def _search_text_changed(self, text: str) -> None:
        number = _NUMBER_LIKE.fullmatch(text.strip()) is not None
        self.search_timer.setInterval(NUMBER_SEARCH_DELAY_MS if number else SEARCH_DELAY_MS)
        self.search_timer.start()

    def run_search(self) -> Task | None:
        """Search for what the field says, on a worker: a full-text search for a common word
        in a million notes takes most of a second, and typing must not stall meanwhile."""
        self.search_timer.stop()
        text = self.search_field.text().strip()
        if text == self.model.query:
            if self._search_task is not None:  # typed back to what is shown: drop the other
                self._search_generation += 1
                self._search_task.cancel()
                self._search_task = None
                self._show_count()
            return None
        return self._read_first_page(text, None)

    def sort_in_background(self, sort: str | None) -> Task:
        """Sort what is listed by `sort` (a sort key of the register, "-" in front to reverse),
        on a worker: sorting a million notes by number takes most of a second."""
        return self._read_first_page(self.model.query, sort, keep=self.current_note_id())

    def _read_first_page(self, text: str, sort: str | None, keep: int | None = None) -> Task:
        self._search_generation += 1
        generation = self._search_generation
        if self._search_task is not None:
            self._search_task.cancel()
        register, filters, size = self.opening.reading, self.model.filters, self.model.page_size

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> object:
            if cancel():
                raise TaskCancelled  # overtaken by newer typing before it started
            return register.search(text, filters, sort, 0, size)

        def show(rows: Any) -> None:
            self._searched(generation, text, filters, sort, rows, keep)

        task = run_task(work, self, self.search_pool)
        task.finished.connect(show)
        task.failed.connect(lambda message: self._search_failed(generation, message))
        self._search_task = task
        self.count_label.setText(_("Searching…") if sort is None else _("Sorting…"))
        return task

    def _searched(
        self,
        generation: int,
        text: str,
        filters: SearchFilters,
        sort: str | None,
        rows: Any,
        keep: int | None = None,
    ) -> None:
        if generation != self._search_generation:
            return  # the officer typed on; a newer search is under way
        self._search_task = None
        self.model.show_first_page(text, filters, rows, sort)
        if sort is None:  # best match first: no column sorts the list
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._after_reload(select=keep)

    def _search_failed(self, generation: int, message: str) -> None:
        if generation == self._search_generation:
            self._search_task = None
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
        """Count the matching notes on a worker: on a million notes a count takes a while and
        the first rows must not wait for it."""
        # Any count still running is for an older query or view: its figure is dropped.
        self._count_generation += 1
        generation = self._count_generation
        if self._count_task is not None:
            self._count_task.cancel()
            self._count_task = None
        if self.model.known_total() is not None:
            return
        register, query, filters = self.opening.reading, self.model.query, self.model.filters

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> int:
            if cancel():
                raise TaskCancelled  # a newer query is being counted
            return register.count(query, filters)

        task = run_task(work, self, self.count_pool)
        task.finished.connect(lambda total: self._counted(generation, total))
        task.failed.connect(lambda message: self.statusBar().showMessage(message, 5000))
        self._count_task = task

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._count_generation:
            return  # a newer search is being counted
        self.model.set_total(total)
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.known_total()
        if total is None:
            self.count_label.setText(_("Counting…"))
            return
        count = grouped(total, ui_language())
        if self.model.query:
            if total == 1:
                text = _("1 note matches “{query}”").format(query=self.model.query)
            else:
                text = _("{count} notes match “{query}”").format(
                    count=count, query=self.model.query
                )
        elif total == 1:
            text = _("1 note in this view")
        else:
            text = _("{count} notes in this view").format(count=count)
        self.count_label.setText(text)

    # -- details --------------------------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        note_id = self.current_note_id()
        if self.workflow_bar is not None:
            self.workflow_bar.set_note(note_id)
        if note_id is None:
            self._show_details(None)
            return
        if not self.opening.is_ready:
            # Starting: the details (and what acts on the note) come once the register
            # service has loaded; or say why it could not.
            self._show_details(None)
            error = self.opening.error
            if error is not None:
                message = _("The register could not be opened: {reason}").format(reason=error)
                self.details.setPlainText(message)
            else:
                self.details.setHtml(
                    "<p style='color:gray'>" + html.escape(_("Opening the register…")) + "</p>"
                )
            return
        try:
            record = self.register.load(note_id)
        except RegisterError as error:
            self.details.setPlainText(str(error))
            return
        self._show_details(record)

    def _show_details(self, record: NoteRecord | None) -> None:
        has_note = record is not None
        self.open_button.setEnabled(has_note and self.user is not None)
        self.open_note_action.setEnabled(has_note and self.user is not None)
        self.history_button.setEnabled(has_note and self.opening.with_workflow)
        self.objections_button.setEnabled(
            record is not None
            and self.opening.with_workflow
            and record.note.objection_deadline is not None
        )
        if record is None:
            self.details.setHtml(
                "<p style='color:gray'>" + html.escape(_("Select a note to see it here.")) + "</p>"
            )
            return
        self.details.setHtml(details_html(record))

    # -- settings -------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        if not settings.restore_geometry(self, SETTINGS_KEY):
            self.resize(1280, 760)
        settings.restore_splitter(self.splitter, SETTINGS_KEY)
        header = self.table.horizontalHeader()
        if settings.restore_header(header, SETTINGS_KEY):
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def save_settings(self) -> None:
        settings.save_geometry(self, SETTINGS_KEY)
        settings.save_splitter(self.splitter, SETTINGS_KEY)
        settings.save_header(self.table.horizontalHeader(), SETTINGS_KEY)

    def closeEvent(self, event: QCloseEvent) -> None:
        for window in list(self.note_windows):
            if not window.close():
                event.ignore()
                return
        if self._count_task is not None:
            self._count_task.cancel()
        self.save_settings()
        super().closeEvent(event)


def role_text(role: Role | str) -> str:
    return {
        "drafter": _("drafter"),
        "approver": _("approver"),
        "registrar": _("registrar"),
        "administrator": _("administrator"),
    }.get(str(role), str(role))


def details_html(record: NoteRecord) -> str:
    """The note's summary and its texts in each language, as HTML for the details pane."""
    note = record.note
    esc = html.escape
    number = "№" + str(note.number).lstrip("№") if note.number else _("(not numbered yet)")
    facts: list[tuple[str, str]] = [
        (_("Status"), status_text(record.status)),
        (_("Date"), _ui_date(note.date)),
        (_("Addressee"), _addressee_name(record)),
        (_("Note type"), _note_type_name(note.note_type)),
        (_("Languages"), ", ".join(LANGUAGE_NAMES.get(code, code) for code in note.languages)),
        (_("Revision"), str(record.revision)),
    ]
    if note.objection_deadline:
        facts.append((_("Objection deadline"), _ui_date(note.objection_deadline)))
    if note.enclosures:
        facts.append(
            (
                _("Enclosures"),
                "; ".join(_enclosure_text(enclosure) for enclosure in note.enclosures),
            )
        )
    parts = [
        f"<h2>{esc(number)}</h2>",
        f"<p><b>{esc(note.subject)}</b></p>",
        "<table cellspacing='2'>",
        *(
            f"<tr><td style='color:#555'>{esc(label)}</td><td>{esc(value)}</td></tr>"
            for label, value in facts
        ),
        "</table>",
    ]
    for language in note.languages:
        texts = [
            *(
                f"<p><i>{esc(field_label('fields.' + key, note.note_type))}:</i> {esc(value)}</p>"
                for key, value in _fields(record, language)
            ),
            *(f"<p>{esc(paragraph)}</p>" for paragraph in note.body_paragraphs(language)),
        ]
        if texts:
            parts.append(f"<h3>{esc(LANGUAGE_NAMES.get(language, language))}</h3>")
            parts.extend(texts)
    if record.documents:
        parts.append("<h3>" + esc(_("Issued documents")) + "</h3><ul>")
        parts.extend(
            f"<li>{esc(doc.file_name)} — <code>{esc(doc.sha256[:16])}…</code></li>"
            for doc in record.documents
        )
        parts.append("</ul>")
    if record.history:
        parts.append("<h3>" + esc(_("History")) + "</h3><ul>")
        parts.extend(
            f"<li>{esc(moment_text(entry.at))}: "
            f"{esc(status_text(entry.from_status) if entry.from_status else '—')} → "
            f"{esc(status_text(entry.to_status))}"
            + (f" ({esc(entry.comment)})" if entry.comment else "")
            + "</li>"
            for entry in record.history
        )
        parts.append("</ul>")
    return "\n".join(parts)


def _enclosure_text(enclosure: Any) -> str:
    """An enclosure's title (its plan's, first line), with its rows and pages where known."""
    titles = enclosure.titles or (enclosure.plan.title if enclosure.plan is not None else {})
    title = (titles.get(ui_language()) or titles.get("en") or next(iter(titles.values()), "")) or _(
        "Enclosure"
    )
    text = title.strip().splitlines()[0] if title.strip() else title
    if enclosure.plan is not None:
        rows = sum(1 for _item in enclosure.plan.items)
        text += " " + ngettext("({rows} row)", "({rows} rows)", rows).format(rows=rows)
    if enclosure.pages:
        text += " " + _("({pages} p.)").format(pages=enclosure.pages)
    return text


def _addressee_name(record: NoteRecord) -> str:
    addressee = record.note.addressee
    for language in ("en", *record.note.languages):
        forms = addressee.forms.get(language)
        if forms is not None and forms.nominative.strip():
            return forms.nominative.strip()
    return addressee.key


def _note_type_name(key: str) -> str:
    kind = NOTE_TYPES.get(key)
    return _(kind.label) if kind is not None else key


def _ui_date(day: dt.date) -> str:
    """A date as the interface language writes it: `29 ноября 2023 года`."""
    # Babel (behind long_date) loads on the first date shown, not at start-up.
    from app.i18n.dates import long_date

    try:
        return long_date(day, ui_language())
    except ValueError:
        return day.isoformat()


def _fields(record: NoteRecord, language: str) -> list[tuple[str, Any]]:
    return [(key, value) for key, value in record.note.fields.get(language, {}).items() if value]
