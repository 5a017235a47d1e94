"""The dialogs the register window opens on the selected note: its history, its objections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.gui.errors import show_error
from app.i18n.messages import _
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow


def show_history(window: MainWindow) -> None:
    note_id = window.current_note_id()
    if note_id is None or not window.opening.with_workflow:
        return
    from app.gui.history_dialog import HistoryDialog

    try:
        workflow = window.workflow
        assert workflow is not None
        HistoryDialog(workflow, note_id, window).exec()
    except RegisterError as error:
        show_error(window, error, _("History"))


def show_objections(window: MainWindow) -> None:
    note_id = window.current_note_id()
    if note_id is None or not window.opening.with_workflow:
        return
    from app.gui.objections_dialog import ObjectionsDialog

    try:
        workflow = window.workflow
        assert workflow is not None
        dialog = ObjectionsDialog(window.register, workflow, window.user, note_id, window)
    except RegisterError as error:
        show_error(window, error, _("Objections"))
        return
    dialog.changed.connect(window.note_changed)
    dialog.exec()
