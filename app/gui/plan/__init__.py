"""The plan editor: a plan's table edited row by row, one tab per plan language.

`editor.PlanEditor` is the widget, `dialog.PlanEditorDialog` the dialog the note editor opens;
`model` is the table model, `view` the table view, and one module per dialog (columns,
title/preamble/approval, import preview). Every edit is a pure function of
`app.domain.plan_edits`; the editor records its result on an undo stack.
"""

from app.gui.plan.columns_dialog import ColumnsDialog
from app.gui.plan.details_dialog import PlanDetailsDialog
from app.gui.plan.dialog import PlanEditorDialog
from app.gui.plan.editor import PlanEditor
from app.gui.plan.import_preview import ImportPreviewDialog

__all__ = [
    "ColumnsDialog",
    "ImportPreviewDialog",
    "PlanDetailsDialog",
    "PlanEditor",
    "PlanEditorDialog",
]
