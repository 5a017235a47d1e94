"""Objections to a note under the silence procedure: the deadline with the days left, the
outcome, the objections received, and a form to record one more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import days_left, silence_outcome
from app.gui import colours
from app.gui.confirm import confirm_discard
from app.gui.date_entry import DateEntry
from app.gui.errors import show_error
from app.i18n.messages import _, ngettext, ui_language
from app.services.register import Register, RegisterError

if TYPE_CHECKING:
    from app.services.users import UserInfo
    from app.services.workflow import WorkflowService


def outcome_text(outcome: str) -> str:
    return {
        "pending": _("pending: objections may still arrive"),
        "adopted": _("adopted under the silence procedure"),
        "silence_broken": _("silence broken"),
    }.get(outcome, outcome)


def ui_date(day: dt.date) -> str:
    """A date as the interface language writes it: `29 декабря 2023 года`."""
    # Babel (behind long_date) loads when the dialog first shows a date, not at start-up.
    from app.i18n.dates import long_date

    try:
        return long_date(day, ui_language())
    except ValueError:  # an interface language without a date style of its own
        return day.isoformat()


def days_left_text(days: int) -> str:
    if days > 0:
        return ngettext("{count} day left", "{count} days left", days).format(count=days)
    if days == 0:
        return _("the deadline is today")
    return ngettext("{count} day past", "{count} days past", -days).format(count=-days)


class ObjectionsDialog(QDialog):
    """Objections of one note with an objection deadline."""

    #: An objection was recorded.
    changed = Signal()

    def __init__(
        self,
        register: Register,
        workflow: WorkflowService,
        user: UserInfo | None,
        note_id: int,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("objections_dialog")
        self.register = register
        self.workflow = workflow
        self.user = user
        self.note_id = note_id
        self.today = today
        record = register.load(note_id)
        if record.note.objection_deadline is None:
            raise RegisterError(_("This note has no objection deadline."))
        self.deadline: dt.date = record.note.objection_deadline
        # Weekends and holidays move the deadline only if the sender's profile says so.
        self.due = workflow.effective_deadline(
            self.deadline, record.note.sender.deadline_moves_to_working_day
        )
        # NoteNumber prints its own № sign.
        number = str(record.note.number) if record.note.number else _("(not numbered yet)")
        self.setWindowTitle(_("Objections to {number}").format(number=number))

        self.summary = QLabel(self)
        self.summary.setObjectName("objections_summary")
        self.summary.setWordWrap(True)

        self.list = QTreeWidget(self)
        self.list.setObjectName("objections_list")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([_("State"), _("Received"), _("Reference"), _("Text")])
        self.list.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        form_box = QGroupBox(_("Record an objection"), self)
        self.party = QLineEdit(form_box)
        self.party.setObjectName("objection_party")
        self.party.setPlaceholderText(_("The member state that objects"))
        self.received_on = DateEntry(form_box)  # as the note editor's dates: 25 декабря 2023
        self.received_on.setObjectName("objection_received_on")
        self.received_on.set_value(today())
        self.reference = QLineEdit(form_box)
        self.reference.setObjectName("objection_reference")
        self.reference.setPlaceholderText(_("The number of its note, e.g. 12-1/2345"))
        self.text = QPlainTextEdit(form_box)
        self.text.setObjectName("objection_text")
        self.text.setMaximumHeight(90)
        self.record_button = QPushButton(_("&Record objection"), form_box)
        self.record_button.setObjectName("objection_record")
        self.record_button.clicked.connect(self.record_objection)
        self.record_button.setEnabled(user is not None)
        form = QFormLayout(form_box)
        form.addRow(_("&State:"), self.party)
        form.addRow(_("Received &on:"), self.received_on)
        form.addRow(_("Re&ference:"), self.reference)
        form.addRow(_("&Text:"), self.text)
        self.form_message = QLabel(form_box)
        self.form_message.setObjectName("objection_message")
        self.form_message.setStyleSheet(colours.ERROR_STYLE)
        self.form_message.setWordWrap(True)
        form.addRow("", self.form_message)
        form.addRow("", self.record_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        from app.gui.procedure_members_view import ProcedureMembersView  # issue 18, point 5

        self.members = ProcedureMembersView(workflow, note_id, self)
        self.members_summary = QLabel(self)
        self.members_summary.setObjectName("procedure_summary")
        layout.addWidget(self.members_summary)
        layout.addWidget(self.members)
        layout.addWidget(form_box)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.reload()

    def reload(self) -> None:
        """Read the objections back and say where the procedure stands."""
        objections = list(self.workflow.objections(self.note_id))
        self.list.clear()
        for objection in objections:
            received = ui_date(objection.received_on)
            if not objection.timely:
                received += " " + _("(late: changes nothing)")
            item = QTreeWidgetItem([objection.party, received, objection.reference, objection.text])
            item.setToolTip(0, _("Recorded by {login}").format(login=objection.recorded_by or "—"))
            self.list.addTopLevelItem(item)
        today = self.today()
        timely = sum(1 for objection in objections if objection.timely)
        # The register's outcome once set; until then what the rules say today.
        outcome = self.workflow.outcome_of(self.note_id) or silence_outcome(self.due, today, timely)
        deadline = ui_date(self.deadline)
        if self.due != self.deadline:
            deadline += " " + _("(moved to {day}, a working day)").format(day=ui_date(self.due))
        self.members.reload()
        self.summary.setText(
            _("Objection deadline: {deadline} ({days}). Outcome: {outcome}.").format(
                deadline=deadline,
                days=days_left_text(days_left(self.due, today)),
                outcome=outcome_text(outcome),
            )
        )
        self.members_summary.setText(self.members.summary)

    def record_objection(self) -> bool:
        """Record what the form says; True if the register took it."""
        if self.user is None:
            return False
        party = self.party.text().strip()
        if not party:
            self.form_message.setText(_("Name the state that objects."))
            self.party.setFocus()
            return False
        self.received_on.read_typed()  # a date typed and the button taken by Alt+R
        received = self.received_on.value()
        if received is None or self.received_on.problem():
            self.form_message.setText(
                self.received_on.problem() or _("A date is needed here, e.g. 29.11.2023.")
            )
            self.received_on.setFocus()
            return False
        try:
            self.workflow.record_objection(
                self.user,
                self.note_id,
                party=party,
                received_on=received,
                reference=self.reference.text().strip(),
                text=self.text.toPlainText().strip(),
            )
        except Exception as error:  # readable, nothing lost: the form keeps what was typed
            show_error(self, error, _("Record an objection"))
            return False
        self.form_message.clear()
        self.party.clear()
        self.reference.clear()
        self.text.clear()
        self.reload()
        self.changed.emit()
        return True

    def reject(self) -> None:
        """Close; an objection typed but not recorded is not dropped without asking."""
        typed = any(
            text.strip()
            for text in (self.party.text(), self.reference.text(), self.text.toPlainText())
        )
        if typed and not confirm_discard(
            self, _("The objection typed has not been recorded. Close and lose it?")
        ):
            return
        super().reject()

    def rows(self) -> list[list[str]]:
        items = (self.list.topLevelItem(row) for row in range(self.list.topLevelItemCount()))
        return [[item.text(column) for column in range(4)] for item in items if item is not None]
