"""The register window rebuilt in another interface language, the officer's work kept: the
same register, user, view and search, and the notes being edited still open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.gui import settings
from app.gui.qt_translations import apply_ui_language

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow


def rebuilt_in(window: MainWindow, language: str) -> MainWindow:
    """`window` shown again in `language` (remembered for the next start); the old one
    closes, having told `replaced` of the new one."""
    apply_ui_language(language)
    settings.remember_ui_language(language)
    window.save_settings()
    again = type(window)(window.opening, user=window.user, today=window.today)
    again.search_field.setText(window.search_field.text())
    again.run_search()
    # Notes being edited stay open (nothing typed is lost); the new window follows them.
    for note_window in list(window.notes.windows):
        window.notes.release(note_window)
        again.notes.adopt(note_window)
    again.show()
    window.replaced.emit(again)
    window.close()
    return again
