"""The banner at the top of a note window saying where the note stands and what the officer
may do with it (a read-only note says why it is read-only)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.workflow import NoteStatus
from app.gui import colours
from app.i18n.messages import _

_KINDS = {
    NoteStatus.DRAFT: "edit",
    NoteStatus.RETURNED: "edit",
    NoteStatus.SUBMITTED: "wait",
    NoteStatus.APPROVED: "wait",
    NoteStatus.ISSUED: "fixed",
    NoteStatus.DISPATCHED: "fixed",
    NoteStatus.WITHDRAWN: "ended",
}


def status_text(status: str, number: str | None, editable: bool) -> str:
    """`Approved: read-only; the registrar issues it (Ctrl+Shift+I).` and the like."""
    state = NoteStatus(status)
    shown = number or ""
    if state in (NoteStatus.DRAFT, NoteStatus.RETURNED) and not editable:
        return _("Read-only: this draft is not yours to edit (or not in your role).")
    texts = {
        NoteStatus.DRAFT: _("Draft: saved as you type; Submit (Ctrl+Enter) sends it for approval."),
        NoteStatus.RETURNED: _("Returned for revision: change it and submit it again."),
        NoteStatus.SUBMITTED: _("Submitted: read-only while it waits for approval."),
        NoteStatus.APPROVED: _("Approved: read-only; a registrar issues it (Ctrl+Shift+I)."),
        NoteStatus.ISSUED: _("Issued as №{number}: read-only, its PDFs stored as issued."),
        NoteStatus.DISPATCHED: _("Dispatched (№{number}): read-only."),
        NoteStatus.WITHDRAWN: _("Withdrawn: read-only, kept in the register."),
    }
    return texts[state].format(number=shown)


class NoteStatusBanner(QLabel):
    """One line above the note, coloured by the kind of state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_banner")
        self.setWordWrap(True)
        self.setMargin(6)

    def show_status(self, status: str, number: str | None, editable: bool) -> None:
        self.setText(status_text(status, number, editable))
        kind = "edit" if editable else _KINDS.get(NoteStatus(status), "ended")
        if NoteStatus(status) in (NoteStatus.DRAFT, NoteStatus.RETURNED) and not editable:
            kind = "ended"
        self.setProperty("kind", kind)
        self.setStyleSheet(f"#status_banner {{ background: {colours.STATUS_BACKGROUNDS[kind]}; }}")
        self.setAccessibleName(self.text())
