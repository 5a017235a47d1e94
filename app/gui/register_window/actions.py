"""The register window's actions as a table (name, text, what it does, its keys) and its menus.

`build_actions` adds every action to the window too, so shortcuts work whether or not a menu
bar is shown (a native one may be elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from app.gui.actions import SEPARATOR, ActionSpec, place
from app.gui.correspondence_menu import add_correspondence_menu
from app.i18n import messages
from app.i18n.messages import N_, UI_LANGUAGE_NAMES, UI_LANGUAGES, _

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
    Spec("new_note_action", N_("&New note"), lambda w: w.new_note(), (Key.New,)),
    Spec("open_note_action", N_("&Open note"), lambda w: w.open_current_note()),
    Spec("export_action", N_("&Export register…"), lambda w: w.export_register(), ("Ctrl+E",)),
    Spec("backup_action", N_("&Back up register…"), lambda w: w.backup_register()),
    Spec("verify_action", N_("&Verify issued documents"), lambda w: w.verify_register()),
    Spec("verify_document_action", N_("Verify a &document…"), lambda w: w.verify_document()),
    Spec("holiday_settings_action", N_("&Holidays and working days…"), lambda w: holidays(w)),
    Spec("switch_user_action", N_("&Switch user…"), lambda w: w.switch_user()),
    Spec(
        "first_administrator_action",
        N_("Create the first &administrator…"),
        lambda w: w.create_first_administrator(),
    ),
    Spec("log_out_action", N_("&Log out"), lambda w: w.log_out()),
    Spec(
        "quit_action",
        N_("&Quit"),
        lambda w: w.close(),
        ("Ctrl+Q",),
        role=QAction.MenuRole.QuitRole,
    ),
    Spec(
        "find_action",
        N_("&Find…"),
        lambda w: w.focus_search(),
        (Key.Find,),
        context=Qt.ShortcutContext.WindowShortcut,
    ),
    Spec("refresh_action", N_("&Refresh"), lambda w: w.refresh(), (Key.Refresh,)),
    Spec("user_guide_action", N_("&User guide"), lambda w: user_guide(w), (Key.HelpContents,)),
    Spec("shortcuts_action", N_("&Keyboard shortcuts"), lambda w: shortcuts(w), ("Ctrl+/",)),
    Spec(
        "about_action",
        N_("&About Verbale"),
        lambda w: w.show_about(),
        role=QAction.MenuRole.AboutRole,
    ),
)


def user_guide(window: MainWindow) -> None:
    """The user guide (app.gui.help_dialogs, loaded when first asked for)."""
    from app.gui.help_dialogs import show_user_guide

    show_user_guide(window)


def shortcuts(window: MainWindow) -> None:
    """The keyboard shortcuts (app.gui.help_dialogs, loaded when first asked for)."""
    from app.gui.help_dialogs import show_shortcuts

    show_shortcuts(window)


def holidays(window: MainWindow) -> None:
    """Holidays and working days (app.gui.holiday_settings, loaded when first opened)."""
    from app.gui.holiday_settings import HolidaySettingsDialog

    HolidaySettingsDialog(window).exec()


FILE_MENU: tuple[str | None, ...] = (
    "new_note_action",
    "open_note_action",
    SEPARATOR,
    "export_action",
    "backup_action",
    "verify_action",
    "verify_document_action",
    SEPARATOR,
    "holiday_settings_action",
    SEPARATOR,
    "switch_user_action",
    "first_administrator_action",
    "log_out_action",
    SEPARATOR,
    "quit_action",
)
EDIT_MENU: tuple[str | None, ...] = ("find_action",)
HELP_MENU: tuple[str | None, ...] = (
    "user_guide_action",
    "shortcuts_action",
    SEPARATOR,
    "about_action",
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


@dataclass(frozen=True)
class PlacedMenus:
    """The menus the rest of the window fills: File (its recent notes) and Workflow (the
    toolbar's steps), with the interface language's actions."""

    file: QMenu
    workflow: QMenu
    languages: dict[str, QAction]


def place_menus(window: MainWindow, actions: dict[str, QAction]) -> PlacedMenus:
    """The menu bar: File, Edit, View (with the interface language), Correspondence,
    Workflow (filled by the toolbar: app.gui.toolbar) and Help."""
    menu_bar = window.menuBar()
    file_menu = menu_bar.addMenu(_("&File"))
    place(file_menu, actions, FILE_MENU)
    place(menu_bar.addMenu(_("&Edit")), actions, EDIT_MENU)
    view_menu = menu_bar.addMenu(_("&View"))
    view_menu.addAction(actions["refresh_action"])
    view_menu.addSeparator()
    languages = language_actions(window, view_menu.addMenu(_("Interface &language")))
    add_correspondence_menu(window)
    workflow_menu = menu_bar.addMenu(_("&Workflow"))
    workflow_menu.setObjectName("main_workflow_menu")
    place(menu_bar.addMenu(_("&Help")), actions, HELP_MENU)
    return PlacedMenus(file_menu, workflow_menu, languages)
