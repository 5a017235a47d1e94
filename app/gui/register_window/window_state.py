"""Where the register window was left: its place and size, the panes' and the columns'
widths, and the saved view shown (QSettings, under "mainWindow/")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt

from app.gui import settings
from app.gui.window_size import fit_to_screen

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow

SETTINGS_KEY = "mainWindow"


def restore(window: MainWindow) -> None:
    """As it was left; the first time, the whole of a laptop's screen."""
    if not settings.restore_geometry(window, SETTINGS_KEY):
        fit_to_screen(window, QSize(1440, 900))
    settings.restore_splitter(window.splitter, SETTINGS_KEY)
    header = window.table.horizontalHeader()
    if settings.restore_header(header, SETTINGS_KEY):
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)


def save(window: MainWindow) -> None:
    settings.save_geometry(window, SETTINGS_KEY)
    settings.save_splitter(window.splitter, SETTINGS_KEY)
    settings.save_header(window.table.horizontalHeader(), SETTINGS_KEY)


def remembered_view(default: str) -> str:
    return settings.text_value(f"{SETTINGS_KEY}/view", default)


def remember_view(view: str) -> None:
    settings.set_value(f"{SETTINGS_KEY}/view", view)
