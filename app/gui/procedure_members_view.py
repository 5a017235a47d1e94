"""The silence procedure per Member State, in the objections dialog: each recipient of the note,
how and when it was dispatched to, and the objection it sent (if any)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.gui.colours import PROBLEM_BACKGROUND, brush
from app.i18n.dates import short_date
from app.i18n.messages import _, ui_language

if TYPE_CHECKING:
    from app.services.workflow import WorkflowService


class ProcedureMembersView(QTreeWidget):
    """One row per member: Member | Dispatched | Objection. Objecting members are coloured."""

    def __init__(self, workflow: WorkflowService, note_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("procedure_members")
        self.workflow = workflow
        self.note_id = note_id
        self.setRootIsDecorated(False)
        self.setHeaderLabels([_("Member"), _("Dispatched"), _("Objection")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = ""

    def reload(self) -> None:
        from app.services.procedure_members import procedure_standing
        from app.services.register import RegisterError

        self.clear()
        try:
            standing = procedure_standing(self.workflow, self.note_id)
        except RegisterError:  # not issued yet: nobody dispatched to, nobody objected
            self.summary = ""
            self.hide()
            return
        self.show()
        for member in standing.members:
            if member.dispatch_state == "sent" and member.dispatched_at is not None:
                sent = f"{member.dispatch_method} {short_date(member.dispatched_at, ui_language())}"
            else:
                sent = _("not yet") if member.dispatch_state == "pending" else member.dispatch_state
            objected = "; ".join(
                _("{number}, received {day}").format(
                    number=item.number, day=short_date(item.received_on, ui_language())
                )
                for item in member.objections
            )
            row = QTreeWidgetItem([member.name, sent, objected])
            if member.objected:
                for column in range(3):
                    row.setBackground(column, brush(PROBLEM_BACKGROUND))
            self.addTopLevelItem(row)
        for item in standing.others:
            self.addTopLevelItem(QTreeWidgetItem([item.sender_name, "", item.number]))
        self.summary = _("{dispatched} of {count} dispatched to, {objected} objected.").format(
            dispatched=standing.dispatched, count=len(standing.members), objected=standing.objected
        )

    def rows(self) -> list[list[str]]:
        items = (self.topLevelItem(row) for row in range(self.topLevelItemCount()))
        return [[item.text(column) for column in range(3)] for item in items if item is not None]
