"""What frames the register window as an office application: the toolbar, File ▸ Recent
notes, the saved views' counts, the row colours' legend, PDFs dropped on it verified, and
unsaved drafts announced at start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolBar

from app.gui.file_drops import PDF_SUFFIXES, FileDrops
from app.gui.recent_notes import RecentNotesMenu
from app.gui.register_window.legend import RowLegend
from app.gui.register_window.recovery_notice import RecoveryNotice
from app.gui.register_window.view_counts import ViewCounts
from app.gui.toolbar import RegisterToolbar

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow
    from app.gui.verify_dialog import VerifyDocumentDialog


@dataclass(frozen=True)
class Frame:
    toolbar: RegisterToolbar
    recent_menu: RecentNotesMenu
    view_counts: ViewCounts
    legend: RowLegend
    pdf_drops: FileDrops
    recovery: RecoveryNotice


def install_frame(window: MainWindow, room: QToolBar | None = None) -> Frame:
    """Add the toolbar (in place of `room`, if the first frame kept one; it fills the
    Workflow menu), the recent notes (after Open note), the counts and the PDF drops to
    `window`, which has its menus and legend."""
    toolbar = RegisterToolbar(window, window.menus.workflow, room)
    file_menu = window.menus.file
    recent_menu = RecentNotesMenu(window)
    actions = file_menu.actions()
    after_open = actions.index(window.open_note_action) + 1
    if after_open < len(actions):
        file_menu.insertMenu(actions[after_open], recent_menu)
    else:
        file_menu.addMenu(recent_menu)
    drops = FileDrops(window, PDF_SUFFIXES, lambda files: verify_dropped(window, files))
    recovery = RecoveryNotice(window)
    return Frame(toolbar, recent_menu, ViewCounts(window), window.legend, drops, recovery)


def verify_dropped(window: MainWindow, files: list[Path]) -> VerifyDocumentDialog:
    """Hold the dropped PDFs against the register in the Verify a document dialog."""
    dialog = window.verify_document()
    from app.gui.verify_dialog import VerifyDocumentDialog

    assert isinstance(dialog, VerifyDocumentDialog)
    dialog.check_files(files)
    return dialog
