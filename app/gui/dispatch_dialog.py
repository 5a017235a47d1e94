"""Dispatch an issued note to each recipient (a group's members, or the addressee itself): the
recipients with how and when each was sent, by whom and the message id; send by e-mail (on a
worker thread, one message each, the stored PDFs attached), or record delivery by courier or
by hand. The recipients chosen in the list, or every one not yet sent to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.colours import ERROR, brush
from app.gui.errors import show_error
from app.gui.moments import moment_text
from app.i18n.messages import N_, _, ngettext

if TYPE_CHECKING:
    from app.services.dispatch import DispatchReport, DispatchService
    from app.services.dispatch_records import DispatchInfo
    from app.services.mail import Mailer
    from app.services.users import UserInfo

HEADERS = (
    N_("No."),
    N_("Recipient"),
    N_("E-mail"),
    N_("Language"),
    N_("State"),
    N_("How"),
    N_("When"),
    N_("By"),
    N_("Message id"),
)
STATE_TEXTS = {
    "pending": N_("not sent"),
    "sending": N_("e-mail possibly sent: check"),
    "sent": N_("sent"),
    "failed": N_("failed"),
}


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Sending(QRunnable):
    """The e-mails, sent off the GUI thread; the widgets are touched only through signals."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the GUI thread, shown there
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


def default_mailer(parent: QWidget, sender_key: str) -> Mailer | None:
    """A mailer on the sender profile's SMTP settings, the password from the keyring or asked
    for (None when the officer cancels)."""
    from app.services import credentials
    from app.services.mail import Mailer, smtp_settings

    settings = smtp_settings(sender_key)
    password = None
    if settings.user:
        password = credentials.lookup_secret(credentials.SMTP, settings.user)
        if password is None:
            typed, ok = QInputDialog.getText(
                parent,
                _("SMTP password"),
                _("Password of {user} on {host}:").format(user=settings.user, host=settings.host),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            password = typed
    return Mailer(settings, password)


class DispatchDialog(QDialog):
    """The recipients of one issued note and the three ways of sending it."""

    #: A dispatch ended (its report); the note may now be `dispatched`.
    dispatched = Signal(object)

    def __init__(
        self,
        service: DispatchService,
        user: UserInfo,
        note_id: int,
        parent: QWidget | None = None,
        *,
        mailer: Callable[[], Mailer | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dispatch_dialog")
        self.service = service
        self.user = user
        self.note_id = note_id
        record = service.register.load(note_id)
        self.number = record.note.number.code if record.note.number else str(note_id)
        self.setWindowTitle(_("Dispatch №{number}").format(number=self.number))
        self.make_mailer = mailer or (lambda: default_mailer(self, record.note.sender.key))
        self.sending = False

        self.summary = QLabel(self)
        self.summary.setObjectName("dispatch_summary")
        self.recipients = QTreeWidget(self)
        self.recipients.setObjectName("dispatch_recipients")
        self.recipients.setRootIsDecorated(False)
        self.recipients.setHeaderLabels([_(text) for text in HEADERS])
        self.recipients.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("dispatch_reference")
        self.reference.setPlaceholderText(_("courier's or receipt's reference (optional)"))
        self.email_button = QPushButton(_("Send by &e-mail"), self)
        self.email_button.setObjectName("dispatch_email")
        self.courier_button = QPushButton(_("Sent by &courier"), self)
        self.courier_button.setObjectName("dispatch_courier")
        self.hand_button = QPushButton(_("Delivered by &hand"), self)
        self.hand_button.setObjectName("dispatch_hand")
        close = QPushButton(_("Close"), self)
        close.setObjectName("dispatch_close")
        self.email_button.clicked.connect(self.send_by_email)
        self.courier_button.clicked.connect(lambda: self.record("courier"))
        self.hand_button.clicked.connect(lambda: self.record("hand"))
        close.clicked.connect(self.accept)
        self.status = QLabel(self)
        self.status.setObjectName("dispatch_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.email_button, self.courier_button, self.hand_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.recipients, 1)
        layout.addWidget(self.reference)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.resize(1000, 520)
        self.refresh()

    def refresh(self) -> None:
        infos = self.service.dispatches(self.note_id)
        self.recipients.clear()
        for info in infos:
            self.recipients.addTopLevelItem(self._item(info))
        sent = sum(1 for info in infos if info.state == "sent")
        self.summary.setText(
            ngettext(
                "№{number}: sent to {sent} of {count} recipient",
                "№{number}: sent to {sent} of {count} recipients",
                len(infos),
            ).format(number=self.number, sent=sent, count=len(infos))
        )

    @staticmethod
    def _item(info: DispatchInfo) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                str(info.position),
                info.recipient_name,
                info.email,
                info.working_language,
                _(STATE_TEXTS.get(info.state, info.state)),
                info.method or "",
                moment_text(info.sent_at) if info.sent_at else "",
                info.sent_by,
                info.message_id or "",
            ]
        )
        item.setData(0, 256, info.recipient_key)
        if info.error:
            item.setToolTip(4, info.error)
            item.setForeground(4, brush(ERROR))
        return item

    def chosen_keys(self) -> list[str]:
        return [str(item.data(0, 256)) for item in self.recipients.selectedItems()]

    def record(self, method: str) -> Any:
        try:
            report = self.service.record(
                self.user, self.note_id, method, self.chosen_keys(), self.reference.text()
            )
        except Exception as error:  # readable, nothing lost
            show_error(self, error, _("Dispatch"))
            return None
        self._finished(report)
        return report

    def send_by_email(self) -> None:
        """Send on a worker thread; the list is refreshed when it ends."""
        try:
            mailer = self.make_mailer()
        except Exception as error:  # no [smtp] settings, a bad one
            show_error(self, error, _("Send by e-mail"))
            return
        if mailer is None:
            return
        keys = self.chosen_keys()
        self.sending = True
        self._enable(False)
        self.status.setText(_("Sending…"))
        job = _Sending(lambda: self.service.send(self.user, self.note_id, mailer, keys))
        job.signals.done.connect(self._finished)
        job.signals.failed.connect(self._failed)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def _enable(self, enabled: bool) -> None:
        for button in (self.email_button, self.courier_button, self.hand_button):
            button.setEnabled(enabled)

    def _failed(self, error: BaseException) -> None:
        self.sending = False
        self._enable(True)
        self.status.setText(str(error))
        self.status.setStyleSheet(f"color: {ERROR}")
        self.refresh()

    def _finished(self, report: DispatchReport) -> None:
        self.sending = False
        self._enable(True)
        self.status.setStyleSheet("")
        text = _("{sent} sent, {failed} failed; the note is {status}.").format(
            sent=len(report.sent), failed=len(report.failed), status=report.status
        )
        if report.failed:
            text += " " + _("Send again to retry the failed ones.")
        self.status.setText(text)
        self.refresh()
        self.dispatched.emit(report)
