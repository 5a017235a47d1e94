"""The note windows a register window follows: it refreshes the register when one of them
saves its note or moves it through the workflow, and hands them over on a language switch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.gui.note_window import NoteWindow


class NoteWindows(QObject):
    """The open note windows, in the order they were opened."""

    #: A followed window saved its note (the note's id).
    saved = Signal(int)
    #: A followed window moved its note through the workflow.
    moved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.windows: list[NoteWindow] = []

    def find(self, note_id: int) -> NoteWindow | None:
        """The window open on `note_id`, if any."""
        return next((window for window in self.windows if window.note_id == note_id), None)

    def adopt(self, window: NoteWindow) -> None:
        """Follow a note window until it closes."""
        window.saved.connect(self.saved)
        window.workflow_bar.changed.connect(self.moved)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.windows.append(window)

    def release(self, window: NoteWindow) -> None:
        """Stop following a note window (another register window takes it over)."""
        window.saved.disconnect(self.saved)
        window.workflow_bar.changed.disconnect(self.moved)
        self._forget(window)

    def close_all(self) -> bool:
        """Close every window; False as soon as one refuses (its officer kept it open)."""
        return all(window.close() for window in list(self.windows))

    def _forget(self, window: NoteWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)
