"""The plan editor's actions as a table: name, text, what it does, its keys, and the toolbar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from app.gui.actions import SEPARATOR, ActionSpec
from app.i18n.messages import N_

if TYPE_CHECKING:
    from app.gui.plan.editor import PlanEditor


def _spec(
    name: str,
    text: str,
    slot: Callable[[PlanEditor], object],
    *keys: str | QKeySequence.StandardKey,
) -> ActionSpec[PlanEditor]:
    return ActionSpec(name, text, slot, keys, tooltip_keys=True)


#: The plan editor's actions: name, text, what it does, its keys.
PLAN_ACTIONS: tuple[ActionSpec[PlanEditor], ...] = (
    _spec("plan_add_row", N_("Add row"), lambda e: e.add_row(), "Ctrl+Return"),
    _spec("plan_add_section", N_("Add section"), lambda e: e.add_section(), "Ctrl+Shift+Return"),
    _spec("plan_delete", N_("Delete rows"), lambda e: e.delete_rows(), "Ctrl+Delete"),
    _spec("plan_move_up", N_("Move up"), lambda e: e.move_up(), "Ctrl+Up"),
    _spec("plan_move_down", N_("Move down"), lambda e: e.move_down(), "Ctrl+Down"),
    _spec("plan_indent", N_("Indent"), lambda e: e.indent(), "Ctrl+]"),
    _spec("plan_outdent", N_("Outdent"), lambda e: e.outdent(), "Ctrl+["),
    _spec("plan_merge_down", N_("Merge down"), lambda e: e.merge_down(), "Ctrl+Shift+Down"),
    _spec("plan_split", N_("Split"), lambda e: e.split_cell(), "Ctrl+Shift+Up"),
    # Not on the toolbar: Delete empties the selected cells, as in a spreadsheet.
    _spec(
        "plan_clear", N_("Clear cells"), lambda e: e.clear_cells(), QKeySequence.StandardKey.Delete
    ),
    _spec(
        "plan_paste",
        N_("Paste"),
        lambda e: e.paste_from_clipboard(),
        QKeySequence.StandardKey.Paste,
    ),
    _spec("plan_import", N_("Import…"), lambda e: e.choose_import_file()),
    _spec("plan_export", N_("Export…"), lambda e: e.choose_export_file()),
)
#: The toolbar, left to right (undo and redo come from the undo stack).
PLAN_TOOLBAR: tuple[str | None, ...] = (
    "plan_add_row",
    "plan_add_section",
    "plan_delete",
    SEPARATOR,
    "plan_move_up",
    "plan_move_down",
    "plan_indent",
    "plan_outdent",
    "plan_merge_down",
    "plan_split",
    SEPARATOR,
    "plan_undo",
    "plan_redo",
    SEPARATOR,
    "plan_paste",
    "plan_import",
    "plan_export",
)
INDENT_TIP = (
    N_(
        "Indent the section heading ({shortcut}, or Tab in its number cell). "
        "Ctrl+Tab leaves the table."
    ),
    "Ctrl+]",
)
OUTDENT_TIP = (
    N_(
        "Outdent the section heading ({shortcut}, or Shift+Tab in its number cell). "
        "Ctrl+Shift+Tab leaves the table backwards."
    ),
    "Ctrl+[",
)
