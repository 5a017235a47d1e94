"""File ▸ Recent notes: the notes last opened or saved from this register, newest first, kept
between sessions (QSettings, one list per register)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from app.i18n.messages import _

if TYPE_CHECKING:
    from app.gui.note_window import NoteWindow
    from app.gui.register_window.window import MainWindow

#: How many notes the menu lists.
RECENT_LIMIT = 8


@dataclass(frozen=True)
class RecentNote:
    note_id: int
    label: str


def _key(register_url: str) -> str:
    import hashlib  # here: loading OpenSSL's hashes costs the first rows about 3 ms

    digest = hashlib.sha256(register_url.encode("utf-8")).hexdigest()[:16]
    return f"recentNotes/{digest}"


def recent_notes(register_url: str) -> list[RecentNote]:
    """The notes remembered for this register, newest first."""
    stored = QSettings().value(_key(register_url)) or []
    if isinstance(stored, str):
        stored = [stored]
    found = []
    for line in stored:
        number, _tab, label = str(line).partition("\t")
        if number.isdigit():
            found.append(RecentNote(int(number), label))
    return found


def remember(register_url: str, note_id: int, label: str) -> None:
    """Put a note at the top of the list (once)."""
    kept = [note for note in recent_notes(register_url) if note.note_id != note_id]
    kept.insert(0, RecentNote(note_id, label))
    QSettings().setValue(
        _key(register_url), [f"{note.note_id}\t{note.label}" for note in kept[:RECENT_LIMIT]]
    )


def forget_all(register_url: str) -> None:
    QSettings().remove(_key(register_url))


def window_label(window: NoteWindow) -> str:
    """ "№PAR/1453 — Draft Action Plan…" as the menu lists a note."""
    note = window.editor.draft_note()
    number = str(note.number) if note.number else _("draft")
    subject = note.subject or _("untitled")
    return f"{number} — {subject}"


def follow(register_url: str, window: NoteWindow) -> None:
    """Remember `window`'s note now (if it has one) and whenever it is saved."""

    def keep(_note_id: int | None = None) -> None:
        if window.note_id is not None:
            remember(register_url, window.note_id, window_label(window))

    keep()
    window.saved.connect(keep)


class RecentNotesMenu(QMenu):
    """Lists the register's recent notes each time it opens; choosing one opens it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("&Recent notes"), window)
        self.setObjectName("recent_notes_menu")
        self.window_ = window
        self.aboutToShow.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        self.clear()
        url = self.window_.opening.url
        notes = recent_notes(url)
        if not notes:
            empty = self.addAction(_("(none yet)"))
            empty.setEnabled(False)
            return
        for index, note in enumerate(notes, start=1):
            accel = f"&{index} " if index < 10 else ""
            item = self.addAction(accel + note.label.replace("&", "&&"))
            item.setObjectName(f"recent_{note.note_id}")
            item.triggered.connect(
                lambda _checked=False, chosen=note.note_id: self.window_.open_note(chosen)
            )
        self.addSeparator()
        clear = self.addAction(_("&Clear the list"))
        clear.setObjectName("recent_clear")
        clear.triggered.connect(lambda: forget_all(url))
