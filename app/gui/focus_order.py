"""The order the Tab key walks a note: its header, then the English, Russian and Kazakh
versions, then the problems (the preview and the workflow buttons come after). Scroll areas
and the composed texts (read, selected with the mouse) are no stops of their own."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget

if TYPE_CHECKING:
    from app.gui.note_editor import NoteEditor


def header_chain(editor: NoteEditor) -> list[QWidget]:
    """The header's fields in reading order (left column, then right)."""
    return [
        editor.note_type_box,
        editor.series_edit,
        editor.date_edit,
        *editor.language_boxes.values(),
        editor.subject_edit,
        editor.addressee_search,
        editor.addressee_box,
        editor.deadline_edit,
        editor.event_date_edit,
        editor.pages_spin,
        editor.plan_button,
        editor.remove_plan_button,
    ]


def order_note_editor(editor: NoteEditor) -> None:
    """Set the Tab order of `editor` (again after its language panes were rebuilt)."""
    for scroll in editor.findChildren(QScrollArea):
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    chain = header_chain(editor)
    for pane in editor.panes.values():
        pane.composed.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        chain.extend(pane.text_edits())
    chain.append(editor.problems_list)
    for before, after in pairwise(chain):
        QWidget.setTabOrder(before, after)
