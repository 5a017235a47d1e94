"""At start, text typed but never saved (the application or the computer stopped) is announced
in the register window's status bar, with a button that opens those notes: each then offers
its text back in its recovery banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui import colours
from app.i18n.messages import _, ngettext

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow
    from app.services import drafting


def unsaved_drafts(window: MainWindow) -> list[drafting.RecoveredDraft]:
    """The recovery copies no open note window is writing."""
    from app.services import drafting  # loads the register service: not before the first rows

    open_ids = {note.note_id for note in window.note_windows if note.note_id is not None}
    sessions = {f"new-{note.session}" for note in window.note_windows}
    found = []
    for path in sorted(drafting.recovery_dir().glob("*.json")):
        if path.stem in sessions:
            continue
        recovered = drafting.read_recovery(path)
        if recovered is None or recovered.note_id in open_ids:
            continue
        found.append(recovered)
    return found


class RecoveryNotice(QWidget):
    """ "Text typed in 2 notes was not saved. [Open them to restore]" in the status bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("recovery_notice")
        self.window_ = window
        self.drafts: list[drafting.RecoveredDraft] = []
        self.label = QLabel(self)
        self.label.setObjectName("recovery_notice_text")
        self.button = QPushButton(_("Open them to restore"), self)
        self.button.setObjectName("recovery_notice_open")
        self.button.clicked.connect(self.open_drafts)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.button)
        self.setStyleSheet(f"#recovery_notice {{ background: {colours.NOTICE_BACKGROUND}; }}")
        self.hide()
        window.statusBar().addWidget(self, 1)
        window.user_changed.connect(lambda _user: self.look())
        # Once the window is built (a language switch hands its note windows over first) and
        # the register service has loaded: the first rows are not kept waiting for it.
        if window.opening.is_ready:
            QTimer.singleShot(0, self.look)
        else:
            window.opening.ready.connect(self.look)

    def look(self) -> None:
        """Announce the unsaved drafts found now (hidden when there are none)."""
        try:
            self.drafts = unsaved_drafts(self.window_)
        except OSError:
            self.drafts = []
        count = len(self.drafts)
        if count == 0:
            self.hide()
            return
        text = ngettext(
            "Text typed in {count} note was not saved (the application closed unexpectedly).",
            "Text typed in {count} notes was not saved (the application closed unexpectedly).",
            count,
        ).format(count=count)
        logged_in = self.window_.user is not None
        if not logged_in:
            text += " " + _("Log in to restore it.")
        self.label.setText(text)
        self.button.setVisible(logged_in)
        self.show()

    def open_drafts(self) -> None:
        """Open each note with unsaved text; its window offers the text back."""
        for draft in self.drafts:
            self.window_.open_note(draft.note_id)
        self.look()
