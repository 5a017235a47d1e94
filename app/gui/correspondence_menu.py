"""The register window's Correspondence menu: the notes received (Incoming / Awaiting reply)
and the dispatch of the chosen issued note to each of its recipients."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from app.i18n.messages import _

if TYPE_CHECKING:
    from app.gui.dispatch_dialog import DispatchDialog
    from app.gui.incoming_view import IncomingWindow
    from app.gui.register_window.window import MainWindow


def add_correspondence_menu(window: MainWindow) -> None:
    """Add the menu and its actions (their shortcuts work without the menu bar too)."""
    menu = window.menuBar().addMenu(_("&Correspondence"))
    menu.setObjectName("correspondence_menu")
    incoming = QAction(_("Notes &received…"), window)
    incoming.setObjectName("incoming_action")
    incoming.setShortcut(QKeySequence("Ctrl+Shift+N"))
    incoming.triggered.connect(lambda: open_incoming(window))
    dispatch = QAction(_("&Dispatch to each recipient…"), window)
    dispatch.setObjectName("dispatch_recipients_action")
    dispatch.triggered.connect(lambda: open_dispatch(window))
    lists = QAction(_("Distribution &lists…"), window)
    lists.setObjectName("distribution_lists_action")
    lists.triggered.connect(lambda: open_members(window))
    for action in (incoming, dispatch, lists):
        menu.addAction(action)
        window.addAction(action)


def open_incoming(window: MainWindow) -> IncomingWindow | None:
    """The window of notes received (one per register window)."""
    from app.gui.incoming_view import IncomingWindow
    from app.services.incoming import IncomingRegister

    shown = window.incoming_window
    if shown is not None:
        shown.refresh()
        shown.show()
        shown.raise_()
        return shown
    workflow = window.workflow
    if workflow is None:
        QMessageBox.information(window, _("Log in first"), _("Log in to see the notes received."))
        return None
    shown = IncomingWindow(
        IncomingRegister(workflow), window.user, open_note=window.open_note, today=window.today
    )
    shown.reply_drafted.connect(lambda _note_id: window.refresh())
    window.incoming_window = shown
    shown.show()
    return shown


def open_dispatch(window: MainWindow) -> DispatchDialog | None:
    """The dispatch dialog of the note chosen in the register."""
    from app.gui.dispatch_dialog import DispatchDialog
    from app.services.dispatch import DispatchService

    note_id = window.current_note_id()
    workflow = window.workflow
    if note_id is None or workflow is None or window.user is None:
        QMessageBox.information(
            window, _("Dispatch"), _("Log in and choose an issued note in the register first.")
        )
        return None
    try:
        dialog = DispatchDialog(DispatchService(workflow), window.user, note_id, window)
    except Exception as error:  # readable, nothing lost
        from app.gui.errors import show_error

        show_error(window, error, _("Dispatch"))
        return None
    dialog.dispatched.connect(lambda _report: window.refresh(keep=note_id))
    dialog.open()
    return dialog


def open_members(window: MainWindow) -> QDialog:
    """The groups of the directory and their members."""
    from app.gui.members_dialog import MembersDialog

    dialog = MembersDialog(window.register, window)
    dialog.open()
    return dialog
