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
    _spec("planAddRow", N_("Add row"), lambda e: e.add_row(), "Ctrl+Return"),
    _spec("planAddSection", N_("Add section"), lambda e: e.add_section(), "Ctrl+Shift+Return"),
    _spec("planDelete", N_("Delete rows"), lambda e: e.delete_rows(), "Ctrl+Delete"),
    _spec("planMoveUp", N_("Move up"), lambda e: e.move_up(), "Ctrl+Up"),
    _spec("planMoveDown", N_("Move down"), lambda e: e.move_down(), "Ctrl+Down"),
    _spec("planIndent", N_("Indent"), lambda e: e.indent(), "Ctrl+]"),
    _spec("planOutdent", N_("Outdent"), lambda e: e.outdent(), "Ctrl+["),
    _spec("planMergeDown", N_("Merge down"), lambda e: e.merge_down(), "Ctrl+Shift+Down"),
    _spec("planSplit", N_("Split"), lambda e: e.split_cell(), "Ctrl+Shift+Up"),
    # Not on the toolbar: Delete empties the selected cells, as in a spreadsheet.
    _spec(
        "planClear", N_("Clear cells"), lambda e: e.clear_cells(), QKeySequence.StandardKey.Delete
    ),
    _spec(
        "planPaste", N_("Paste"), lambda e: e.paste_from_clipboard(), QKeySequence.StandardKey.Paste
    ),
    _spec("planImport", N_("Import…"), lambda e: e.choose_import_file()),
    _spec("planExport", N_("Export…"), lambda e: e.choose_export_file()),
)
#: The toolbar, left to right (undo and redo come from the undo stack).
PLAN_TOOLBAR: tuple[str | None, ...] = (
    "planAddRow",
    "planAddSection",
    "planDelete",
    SEPARATOR,
    "planMoveUp",
    "planMoveDown",
    "planIndent",
    "planOutdent",
    "planMergeDown",
    "planSplit",
    SEPARATOR,
    "plan_undo",
    "plan_redo",
    SEPARATOR,
    "planPaste",
    "planImport",
    "planExport",
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
