"""The register window's toolbar, as in the office applications officers know: New, Open,
Submit, Approve, Issue, Print and Verify with icons (the system theme's, else bundled ones),
each enabled when it can be done on the selected note by the logged-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QToolBar

from app.domain.workflow import Action
from app.gui.icons import icon
from app.gui.irreversible import announce
from app.gui.toolbar_room import shape_toolbar
from app.gui.workflow_menu import SHORTCUTS, menu_texts
from app.i18n.messages import _
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow

#: The workflow steps the toolbar offers, with their icon.
STEP_ICONS: dict[Action, str] = {
    Action.SUBMIT: "submit",
    Action.APPROVE: "approve",
    Action.ISSUE: "issue",
}


def _step_texts() -> dict[Action, tuple[str, str]]:
    """Each step's toolbar label and its longer tooltip."""
    return {
        Action.SUBMIT: (_("Submit"), _("Submit the selected note for approval")),
        Action.APPROVE: (_("Approve"), _("Approve the selected note")),
        Action.ISSUE: (_("Issue"), _("Issue the selected note: its number and PDFs")),
    }


def _with_keys(text: str, action: QAction) -> str:
    keys = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
    return f"{text} ({keys})" if keys else text


class RegisterToolbar(QToolBar):
    """The main toolbar of `window`, which fills `workflow_menu` (the menu bar's Workflow) with
    the same steps; it adds itself to the window, in place of `room` if given."""

    def __init__(
        self, window: MainWindow, workflow_menu: QMenu, room: QToolBar | None = None
    ) -> None:
        super().__init__(_("Main toolbar"), window)
        self.setObjectName("main_toolbar")
        self.window_ = window
        shape_toolbar(self)

        self._add(window.new_note_action, "new", _("New"))
        self._add(window.open_note_action, "open", _("Open"))
        self.addSeparator()
        self.steps: dict[Action, QAction] = {}
        for step, (text, tip) in _step_texts().items():
            made = QAction(icon(STEP_ICONS[step]), text, self)
            made.setObjectName(f"toolbar_{step.value}")
            made.setToolTip(f"{tip} ({SHORTCUTS[step][0]})")
            made.triggered.connect(lambda _checked=False, chosen=step: self.take(chosen))
            self.addAction(made)
            self.steps[step] = made
        self.workflow_menu = self._fill_workflow_menu(window, workflow_menu)
        self.addSeparator()
        self.print_action = QAction(icon("print"), _("Print"), self)
        self.print_action.setObjectName("toolbar_print")
        self.print_action.setToolTip(_("Print the selected note's set, with a preview"))
        self.print_action.triggered.connect(self.print_selected)
        self.addAction(self.print_action)
        self._add(window.verify_document_action, "verify", _("Verify"))
        self.print_dialog: QDialog | None = None

        if room is None:
            window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
        else:  # where the first frame kept its room, as tall: nothing below it moves
            window.insertToolBar(room, self)
            window.removeToolBar(room)
            room.deleteLater()
        window.table.selectionModel().selectionChanged.connect(self.update_steps)
        window.user_changed.connect(self.update_steps)
        self._watched_bar: object = None
        self.update_steps()

    def _fill_workflow_menu(self, window: MainWindow, menu: QMenu) -> QMenu:
        """Workflow in the menu bar: every step on the selected note with the note window's
        shortcuts (Ctrl+Enter submits, Ctrl+Shift+A approves, Ctrl+Shift+I issues…)."""
        self.menu_steps: dict[Action, QAction] = {}
        for step, text in menu_texts().items():
            item = QAction(text, window)
            item.setObjectName(f"main_menu_{step.value}")
            item.setShortcuts([QKeySequence(key) for key in SHORTCUTS[step]])
            item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            item.triggered.connect(lambda _checked=False, chosen=step: self.take(chosen))
            window.addAction(item)  # the shortcut works with the menu closed
            menu.addAction(item)
            self.menu_steps[step] = item
        return menu

    def _add(self, action: QAction, icon_name: str, text: str) -> None:
        action.setIcon(icon(icon_name))
        action.setIconText(text)
        action.setToolTip(_with_keys(action.text().replace("&", "").rstrip("…"), action))
        self.addAction(action)

    def update_steps(self, *_args: object) -> None:
        """Enable the steps the user may take on the selected note now, and Print when a note
        is selected."""
        bar = self.window_.workflow_bar
        if bar is not None and bar is not self._watched_bar:
            bar.changed.connect(self.update_steps)  # after a step the row stays selected
            bar.step_ended.connect(self.update_steps)  # a step refused or failed as well
            self._watched_bar = bar
        ready = bar is not None and self.window_.user is not None and not bar.busy
        allowed = set(bar.allowed()) if bar is not None and ready else set()
        for step, action in self.steps.items():
            action.setEnabled(step in allowed)
        # The menu's steps stay live: a step not open now is said when taken (as in the note
        # window), never silently ignored.
        self.print_action.setEnabled(self.window_.current_note_id() is not None)

    def take(self, step: Action) -> bool:
        """Take `step` on the selected note through the details' workflow buttons (their
        questions and confirmations)."""
        bar = self.window_.workflow_bar
        if bar is None or step not in bar.allowed():
            announce(self, _("This step is not possible on the selected note now."))
            return False
        done = bar.act(step)
        self.update_steps()
        return done

    def print_selected(self) -> QDialog | None:
        """The print preview of the selected note's set (an issued note's stored PDFs)."""
        window = self.window_
        note_id = window.current_note_id()
        if note_id is None:
            return None
        try:
            record = window.register.load(note_id)
        except RegisterError as error:
            announce(self, str(error))
            return None
        # The print preview (and what renders its parts) loads on the first Print, not at start.
        from app.gui.print_set import open_print_set

        self.print_dialog = open_print_set(
            window, window.register, record, draft=record.note.validate
        )
        return self.print_dialog
