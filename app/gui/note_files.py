"""A note file (TOML, as `verbale render` reads) opened in a new note window: what the
desktop entry does with a file given to Verbale."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from app.i18n.messages import _

if TYPE_CHECKING:
    from app.gui.register_window import MainWindow


def open_note_file(window: MainWindow, path: Path) -> QMainWindow | None:
    """A new note window holding the note in `path` (saved as a draft once edited or
    closed); a file that cannot be read is said, naming the file, and nothing opens."""
    from app.domain.problems import ValidationError
    from app.gui.errors import show_error
    from app.gui.note_window import NoteWindow
    from app.services.note_file import load_note

    try:
        note = load_note(path)
    except (OSError, ValueError, ValidationError) as error:
        show_error(window, error, _("Could not open the note file {file}").format(file=path))
        return None
    opened = window.new_note()
    if isinstance(opened, NoteWindow):
        opened.take_note(note, source=path)
    return opened
