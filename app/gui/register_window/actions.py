"""The register window's actions as a table (name, text, what it does, its keys) and its menus.

`build_actions` adds every action to the window too, so shortcuts work whether or not a menu
bar is shown (a native one may be elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from app.gui.actions import SEPARATOR, ActionSpec
from app.gui.help_dialogs import show_shortcuts, show_user_guide
from app.i18n import messages
from app.i18n.messages import N_, UI_LANGUAGE_NAMES, UI_LANGUAGES

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow

Key = QKeySequence.StandardKey


def Spec(
    name: str,
    text: str,
    slot: Callable[[MainWindow], object],
    keys: tuple[Key | str, ...] = (),
    *,
    context: Qt.ShortcutContext | None = None,
    role: QAction.MenuRole | None = None,
) -> ActionSpec[MainWindow]:
    return ActionSpec(name, text, slot, keys, context=context, role=role)


#: Every action of the register window.
WINDOW_ACTIONS: tuple[ActionSpec[MainWindow], ...] = (
    Spec("newNoteAction", N_("&New note"), lambda w: w.new_note(), (Key.New,)),
    Spec("openNoteAction", N_("&Open note"), lambda w: w.open_current_note()),
    Spec("exportAction", N_("&Export register…"), lambda w: w.export_register(), ("Ctrl+E",)),
    Spec("backupAction", N_("&Back up register…"), lambda w: w.backup_register()),
    Spec("verifyAction", N_("&Verify issued documents"), lambda w: w.verify_register()),
    Spec("verifyDocumentAction", N_("Verify a &document…"), lambda w: w.verify_document()),
    Spec("switchUserAction", N_("&Switch user…"), lambda w: w.switch_user()),
    Spec(
        "firstAdministratorAction",
        N_("Create the first &administrator…"),
        lambda w: w.create_first_administrator(),
    ),
    Spec("logOutAction", N_("&Log out"), lambda w: w.log_out()),
    Spec(
        "quitAction",
        N_("&Quit"),
        lambda w: w.close(),
        ("Ctrl+Q",),
        role=QAction.MenuRole.QuitRole,
    ),
    Spec(
        "findAction",
        N_("&Find…"),
        lambda w: w.focus_search(),
        (Key.Find,),
        context=Qt.ShortcutContext.WindowShortcut,
    ),
    Spec("refreshAction", N_("&Refresh"), lambda w: w.refresh(), (Key.Refresh,)),
    Spec("holidaySettingsAction", N_("&Holidays and working days…"), lambda w: holidays(w)),
    Spec("userGuideAction", N_("&User guide"), lambda w: show_user_guide(w), (Key.HelpContents,)),
    Spec("shortcutsAction", N_("&Keyboard shortcuts"), lambda w: show_shortcuts(w), ("Ctrl+/",)),
    Spec(
        "aboutAction",
        N_("&About Verbale"),
        lambda w: w.show_about(),
        role=QAction.MenuRole.AboutRole,
    ),
)


def holidays(window: MainWindow) -> None:
    """Holidays and working days (app.gui.holiday_settings, loaded when first opened)."""
    from app.gui.holiday_settings import HolidaySettingsDialog

    HolidaySettingsDialog(window).exec()


FILE_MENU: tuple[str | None, ...] = (
    "newNoteAction",
    "openNoteAction",
    SEPARATOR,
    "exportAction",
    "backupAction",
    "verifyAction",
    "verifyDocumentAction",
    SEPARATOR,
    "switchUserAction",
    "firstAdministratorAction",
    "logOutAction",
    SEPARATOR,
    "quitAction",
)
EDIT_MENU: tuple[str | None, ...] = ("findAction", SEPARATOR, "holidaySettingsAction")
HELP_MENU: tuple[str | None, ...] = (
    "userGuideAction",
    "shortcutsAction",
    SEPARATOR,
    "aboutAction",
)


def language_actions(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """One checkable action per interface language in `menu`, the current one checked."""
    offered: dict[str, QAction] = {}
    group = QActionGroup(window)
    for language in UI_LANGUAGES:
        action = QAction(UI_LANGUAGE_NAMES.get(language, language), window)
        action.setObjectName(f"language_{language}")
        action.setCheckable(True)
        action.setChecked(language == messages.ui_language())
        action.triggered.connect(
            lambda _checked=False, chosen=language: window.switch_language(chosen)
        )
        group.addAction(action)
        menu.addAction(action)
        offered[language] = action
    return offered
