"""Before Submit: a note that still has problems offers to go to the first one (Submit stays
possible; the register then says what it refuses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n.messages import _, ngettext

if TYPE_CHECKING:
    from app.gui.note_editor import NoteEditor


def go_to_first_problem(editor: NoteEditor) -> bool:
    """Put the cursor in the field of the first problem; False if the note has none."""
    for problem in editor.problems:
        widget = editor.widget_for(problem.field, problem.language)
        if widget is not None and widget.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
    return False


def offer_first_problem(parent: QWidget, editor: NoteEditor) -> bool:
    """True to go on submitting: the note has no problems, or the officer chose Submit
    anyway. "Go to the first problem" (the default) puts the cursor there instead."""
    editor.refresh()
    count = len(editor.problems)
    if not count:
        return True
    box = QMessageBox(parent)
    box.setObjectName("submit_with_problems")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("The note is not complete"))
    box.setText(
        ngettext(
            "The note has {count} problem to fix before it can be submitted.",
            "The note has {count} problems to fix before it can be submitted.",
            count,
        ).format(count=count)
    )
    box.setInformativeText(
        editor.problems_list.item(0).text() if editor.problems_list.count() else ""
    )
    go = box.addButton(_("&Go to the first problem"), QMessageBox.ButtonRole.AcceptRole)
    go.setObjectName("submit_go_to_problem")
    anyway = box.addButton(_("Submit &anyway"), QMessageBox.ButtonRole.DestructiveRole)
    anyway.setObjectName("submit_anyway")
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is go:
        go_to_first_problem(editor)
        return False
    return clicked is anyway
