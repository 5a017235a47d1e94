"""Saving a note window's draft to the register: off the GUI thread as an operation, one save
at a time (a save asked for meanwhile follows the one under way), the window's Save action
disabled while it runs. Only closing the window saves at once (`save_now`): no window is left
to wait for the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.domain.note import Note
from app.domain.problems import ValidationError
from app.gui.errors import error_text, show_error
from app.gui.note_series import remember_series
from app.gui.operations import Operation, run_operation
from app.i18n.messages import _
from app.services import drafting
from app.services.register import NoteRecord, RegisterError

if TYPE_CHECKING:
    from app.gui.note_window import NoteWindow

#: What the worker gives back: the note's id, and its record when the save made a new note.
Saved = tuple[int, NoteRecord | None]
#: The refusals said in the window's status line; anything else also goes to show_error.
REFUSALS = (RegisterError, ValidationError, ValueError)


class DraftSaving(QObject):
    """The saves of one note window's draft."""

    def __init__(self, window: NoteWindow) -> None:
        super().__init__(window)
        self.window_ = window
        #: The save under way, None when none is.
        self.operation: Operation | None = None

    @property
    def busy(self) -> bool:
        return self.operation is not None

    def start(self, then: Callable[[bool], object] | None = None) -> Operation | None:
        """Save the draft off the GUI thread; `then(saved)` once it has ended. None when there
        is nothing to save (the note is not editable here): `then(True)` is called at once."""
        window = self.window_
        window.autosave_timer.stop()
        if not window.editable:
            if then is not None:
                then(True)
            return None
        if self.operation is not None:  # one at a time: this one follows the one under way
            self.operation.ended.connect(lambda: self.start(then))
            return self.operation
        note = window.editor.draft_note()
        old_recovery = window.recovery_file()
        work = self._work(note)
        operation = run_operation(
            lambda _progress, _cancel: work(), window, busy=(window.save_action,)
        )
        operation.finished.connect(lambda result: self._saved(note, old_recovery, result))
        operation.failed.connect(self._not_saved)
        operation.ended.connect(self._ended)
        if then is not None:
            operation.finished.connect(lambda _result: then(True))
            operation.failed.connect(lambda _error: then(False))
        self.operation = operation
        window._show_status(_("Saving…"), False)
        return operation

    def save_now(self) -> bool:
        """Save at once on the GUI thread (the window is closing); True if saved."""
        window = self.window_
        window.autosave_timer.stop()
        if not window.editable:
            return True
        note = window.editor.draft_note()
        old_recovery = window.recovery_file()
        try:
            result = self._work(note)()
        except REFUSALS as error:
            self._not_saved(error)
            return False
        self._saved(note, old_recovery, result)
        return True

    def _work(self, note: Note) -> Callable[[], Saved]:
        """The save itself, with what it needs read now on the GUI thread."""
        window = self.window_
        workflow, register, user = window.workflow, window.register, window.user
        note_id, record = window.note_id, window.record
        opened = record.version if record is not None else None

        def save() -> Saved:
            saved_id = workflow.save_draft(user, note, note_id, opened_version=opened)
            new = record is None or record.id != saved_id
            return saved_id, register.load(saved_id) if new else None

        return save

    def _saved(self, note: Note, old_recovery: Path, result: Saved) -> None:
        window = self.window_
        note_id, new_record = result
        window.editor.note_id = note_id
        remember_series(note.series)
        # Typed while the save ran: still unsaved, and the autosave already under way.
        window.dirty = window.editor.draft_note() != note
        window.last_error = ""
        if not window.dirty:
            window.recovery_timer.stop()
            drafting.remove_recovery(old_recovery)
            drafting.remove_recovery(window.recovery_file())
        if new_record is not None:
            window.record = new_record
            window.workflow_bar.set_note(note_id)
        elif window.record is not None:  # this save made the next version, the one a
            # further save starts from
            window.record = replace(window.record, version=window.record.version + 1)
        window._show_status(
            _("Saved at {time}").format(time=dt.datetime.now().strftime("%H:%M:%S")), False
        )
        window._update_title()
        window.saved.emit(note_id)
        window.save_ended.emit(True)

    def _not_saved(self, error: BaseException) -> None:
        window = self.window_
        window.last_error = str(error)
        window.write_recovery()
        window._show_status(_("Not saved: {error}").format(error=error_text(error)), True)
        if not isinstance(error, REFUSALS):
            show_error(window, error, _("Not saved"))  # unexpected: its traceback kept
        window.save_ended.emit(False)

    def _ended(self) -> None:
        self.operation = None
