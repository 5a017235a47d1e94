"""Steps that cannot be undone, said before and after: Approve and Issue ask first (with the
number the note will carry), issuing a note dated in an earlier year warns, and the window's
status bar says what happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from app.domain.number import NoteNumber
from app.domain.workflow import Action
from app.i18n.messages import _, ui_language
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.domain.note import Note
    from app.services.workflow import WorkflowService

#: How long the status bar shows what was done (milliseconds).
STATUS_MS = 15_000


def number_on_issue(workflow: WorkflowService, note: Note) -> NoteNumber:
    """The number issuing will give `note`: its reserved one, else its series' next."""
    if note.number is not None:
        return note.number
    return NoteNumber(note.series, workflow.register.next_number(note.series, note.date))


def _date_text(day: dt.date) -> str:
    from app.i18n.dates import long_date

    return long_date(day, ui_language())


def confirm_step(
    parent: QWidget,
    workflow: WorkflowService,
    action: Action,
    note_id: int,
    today: Callable[[], dt.date] = dt.date.today,
) -> bool:
    """Ask before Approve and Issue (True if the officer goes ahead); other steps pass."""
    if action not in (Action.APPROVE, Action.ISSUE):
        return True
    try:
        note = workflow.register.load(note_id).note
    except RegisterError:
        return True  # the step itself then says what is wrong with the note
    box = QMessageBox(parent)
    box.setObjectName(f"confirm_{action.value}")
    box.setIcon(QMessageBox.Icon.Question)
    subject = note.subject or _("untitled")
    if action is Action.APPROVE:
        box.setWindowTitle(_("Approve the note?"))
        box.setText(_("Approve “{subject}”?").format(subject=subject))
        box.setInformativeText(
            _("Once approved, its texts can no longer be edited; the registrar can issue it.")
        )
        go = box.addButton(_("&Approve"), QMessageBox.ButtonRole.AcceptRole)
    else:
        number = number_on_issue(workflow, note)
        box.setWindowTitle(_("Issue the note?"))
        box.setText(_("Issue as №{number}?").format(number=number.code))
        details = [_("The number and the PDFs cannot be changed afterwards.")]
        if note.date.year < today().year:
            box.setIcon(QMessageBox.Icon.Warning)
            details.insert(
                0,
                _("The note is dated {date}, in an earlier year than this one.").format(
                    date=_date_text(note.date)
                ),
            )
        box.setInformativeText("\n\n".join(details))
        go = box.addButton(
            _("&Issue as №{number}").format(number=number.code),
            QMessageBox.ButtonRole.AcceptRole,
        )
    go.setObjectName("confirm_go")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # Enter does not do what cannot be undone
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


def done_text(action: Action, result: object) -> str:
    """What the status bar says after `action` succeeded (`result`: what the service gave)."""
    if action is Action.ISSUE:
        # The register's records load with the first step done, not with the window.
        from app.services.register_records import IssueResult

        code = result.number.code if isinstance(result, IssueResult) else ""
        return _("Issued as №{number}; its PDFs are stored in the register.").format(number=code)
    texts = {
        Action.SUBMIT: _("Submitted for approval."),
        Action.APPROVE: _("Approved: the registrar can issue it now."),
        Action.RETURN_FOR_REVISION: _("Returned for revision."),
        Action.DISPATCH: _("Marked dispatched."),
        Action.WITHDRAW: _("Withdrawn."),
    }
    return texts.get(action, "")


def announce(widget: QWidget, text: str) -> None:
    """Show `text` in the status bar of `widget`'s window (if it has one)."""
    window = widget.window()
    if isinstance(window, QMainWindow) and text:
        window.statusBar().showMessage(text, STATUS_MS)
