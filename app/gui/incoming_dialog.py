"""Register a note received: its number as written, its date, the sender from the directory,
subject, languages, the day received, the answer-by date, the received PDF; optionally an
objection to a note under a silence procedure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.date_entry import DateEntry
from app.gui.errors import show_error
from app.i18n.messages import _

if TYPE_CHECKING:
    from app.services.incoming import IncomingInfo, IncomingRegister
    from app.services.users import UserInfo


class IncomingDialog(QDialog):
    """The form; `registered` holds the note once saved."""

    def __init__(
        self,
        service: IncomingRegister,
        user: UserInfo,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incoming_dialog")
        self.setWindowTitle(_("Register a note received"))
        self.service = service
        self.user = user
        self.registered: IncomingInfo | None = None
        self.pdf_path: Path | None = None

        self.number = QLineEdit(self)
        self.number.setObjectName("incoming_number")
        self.number.setPlaceholderText(_("as the sender wrote it, e.g. No. 12/345"))
        self.date = DateEntry(self)
        self.date.setObjectName("incoming_date")
        self.sender_choice = QComboBox(self)
        self.sender_choice.setObjectName("incoming_sender")
        self.sender_choice.setEditable(True)
        self.sender_choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        from app.services.distribution import directory, listed_name

        for key, addressee in sorted(directory(service.register).items()):
            if not addressee.members:
                self.sender_choice.addItem(f"{listed_name(addressee)}  ({key})", key)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("incoming_subject")
        self.languages = QLineEdit(self)
        self.languages.setObjectName("incoming_languages")
        self.languages.setPlaceholderText(_("e.g. en or en, ru"))
        self.received = DateEntry(self)
        self.received.setObjectName("incoming_received")
        self.received.set_value(today())
        self.answer_by = DateEntry(self, optional=True)
        self.answer_by.setObjectName("incoming_answer_by")
        self.objects_to = QLineEdit(self)
        self.objects_to.setObjectName("incoming_objects_to")
        self.objects_to.setPlaceholderText(_("an objection to note… (its number), or empty"))
        self.pdf_label = QLabel(_("no PDF chosen"), self)
        self.pdf_label.setObjectName("incoming_pdf_label")
        choose = QPushButton(_("Choose the PDF…"), self)
        choose.setObjectName("incoming_choose_pdf")
        choose.clicked.connect(self._choose_pdf)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.pdf_label, 1)
        pdf_row.addWidget(choose)

        form = QFormLayout()
        form.addRow(_("&Number:"), self.number)
        form.addRow(_("&Date of the note:"), self.date)
        form.addRow(_("&From:"), self.sender_choice)
        form.addRow(_("&Subject:"), self.subject)
        form.addRow(_("&Languages:"), self.languages)
        form.addRow(_("&Received on:"), self.received)
        form.addRow(_("&Answer by:"), self.answer_by)
        form.addRow(_("&Objection to:"), self.objects_to)
        form.addRow(_("Received PDF:"), pdf_row)
        self.error = QLabel(self)
        self.error.setObjectName("incoming_error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("incoming_buttons")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def set_pdf(self, path: Path) -> None:
        self.pdf_path = path
        self.pdf_label.setText(path.name)

    def _choose_pdf(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("The note as received"), "", _("PDF documents (*.pdf)")
        )
        if chosen:
            self.set_pdf(Path(chosen))

    def choose_sender(self, key: str) -> None:
        index = self.sender_choice.findData(key)
        if index >= 0:
            self.sender_choice.setCurrentIndex(index)

    def save(self) -> None:
        """Register the note; the dialog closes once it is in the register."""
        from app.services.register import RegisterError

        for entry in (self.date, self.received, self.answer_by):
            entry.read_typed()
        date, received = self.date.value(), self.received.value()
        key = self.sender_choice.currentData()
        if not self.number.text().strip() or date is None or received is None or not key:
            self.error.setText(_("Give the number, the date, the sender and the day received."))
            return
        try:
            pdf = None
            if self.pdf_path is not None:
                content = self.pdf_path.read_bytes()
                if not content.startswith(b"%PDF-"):
                    raise RegisterError(_("{file} is not a PDF.").format(file=self.pdf_path.name))
                pdf = (self.pdf_path.name, content)
            procedure = None
            if self.objects_to.text().strip():
                typed = self.objects_to.text().strip().lstrip("№")
                hits = [
                    hit
                    for hit in self.service.register.find_by_number(typed)
                    if hit.number and hit.number.split("/")[-1] == typed.split("/")[-1]
                ]
                if len(hits) != 1:
                    raise RegisterError(
                        _("No single note has the number {number}.").format(
                            number=self.objects_to.text().strip()
                        )
                    )
                procedure = hits[0].id
            self.registered = self.service.add(
                self.user,
                number=self.number.text(),
                date=date,
                sender_key=str(key),
                received_on=received,
                subject=self.subject.text(),
                languages=tuple(
                    part.strip() for part in self.languages.text().split(",") if part.strip()
                ),
                answer_by=self.answer_by.value(),
                pdf=pdf,
                objects_to=procedure,
            )
        except (RegisterError, OSError) as error:
            self.error.setText(str(error))
            show_error(self, error, _("Register a note received"))
            return
        self.accept()
