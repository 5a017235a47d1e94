"""The register window kept live: another workstation's change shows within a second.

A timer polls app.services.register_changes (PostgreSQL's NOTIFY, SQLite's data_version) on
this thread (a poll reads only what has arrived, it never waits) and reads the register again
when it moved, keeping the selected note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.services.register_changes import RegisterChanges

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow

#: How often the window looks, in milliseconds.
POLL_MS = 400


class LiveRefresh(QObject):
    """Refreshes `window` when its register changes."""

    def __init__(self, window: MainWindow, url: str) -> None:
        super().__init__(window)
        self.window = window
        self.changes = RegisterChanges(url)
        self.changes.changed()  # starts watching
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()

    def look(self) -> None:
        """Read the register again if it changed; not while a dialog is open over the window
        (the change is kept for the next look after it closes)."""
        if QApplication.activeModalWidget() is not None:
            return
        if self.changes.changed():
            self.window.refresh()

    def stop(self) -> None:
        self.timer.stop()
        self.changes.close()
