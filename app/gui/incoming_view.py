"""The notes received: the views "Incoming" (every note received, newest first) and "Awaiting
reply" (an answer-by date and no reply issued, soonest first; within 7 days coloured), the same
number search as the register, registering one, and drafting its reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.colours import PROBLEM_BACKGROUND, WARNING_BACKGROUND, brush
from app.gui.errors import show_error
from app.i18n.dates import short_date
from app.i18n.messages import N_, _, ui_language

if TYPE_CHECKING:
    from app.services.incoming import IncomingInfo, IncomingRegister
    from app.services.users import UserInfo

VIEW_INCOMING: Final = "incoming"
VIEW_AWAITING: Final = "awaiting"
VIEW_TITLES: Final = {VIEW_INCOMING: N_("Incoming"), VIEW_AWAITING: N_("Awaiting reply")}
COLUMNS: Final = (
    N_("Number"),
    N_("Date"),
    N_("From"),
    N_("Subject"),
    N_("Received"),
    N_("Answer by"),
    N_("Reply"),
)
ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
_Index = QModelIndex | QPersistentModelIndex


class IncomingModel(QAbstractTableModel):
    """Notes received as rows; an answer-by date near (7 days) or past is coloured."""

    def __init__(self, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self.rows: list[IncomingInfo] = []
        self.today = today

    def set_rows(self, rows: list[IncomingInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        info = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(info, index.column())
        if role == ID_ROLE:
            return info.id
        if role == Qt.ItemDataRole.BackgroundRole and info.due_soon(self.today()):
            overdue = info.answer_by is not None and info.answer_by < self.today()
            return brush(PROBLEM_BACKGROUND if overdue else WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and info.due_soon(self.today()):
            answer_by = info.answer_by
            shown = short_date(answer_by, ui_language()) if answer_by is not None else ""
            return _("To be answered by {date}").format(date=shown)
        return None

    @staticmethod
    def _text(info: IncomingInfo, column: int) -> str:
        if column == 0:
            return info.number
        if column == 1:
            return short_date(info.date, ui_language())
        if column == 2:
            return info.sender_name or info.sender_key
        if column == 3:
            return info.subject
        if column == 4:
            return short_date(info.received_on, ui_language())
        if column == 5:
            return short_date(info.answer_by, ui_language()) if info.answer_by else ""
        replies = ", ".join(number or f"#{note_id}" for note_id, number, _s in info.replies)
        return (_("answered: {replies}") if info.answered else "{replies}").format(replies=replies)


class IncomingWindow(QWidget):
    """The two views, the search field, the table and the actions on the note chosen."""

    #: A reply was saved as a draft (its note id).
    reply_drafted = Signal(int)

    def __init__(
        self,
        service: IncomingRegister,
        user: UserInfo | None,
        parent: QWidget | None = None,
        *,
        open_note: Callable[[int], object] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incoming_window")
        self.setWindowTitle(_("Verbale — Notes received"))
        self.service = service
        self.user = user
        self.open_note = open_note
        self.today = today
        self.views = QListWidget(self)
        self.views.setObjectName("incoming_views")
        for key, title in VIEW_TITLES.items():
            item = QListWidgetItem(_(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.views.addItem(item)
        self.views.setMaximumWidth(170)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("incoming_search")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(_("Search by number (12/345, No. 12-345) or words"))
        self.model = IncomingModel(self, today)
        self.table = QTableView(self)
        self.table.setObjectName("incoming_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.register_button = QPushButton(_("&Register a note received…"), self)
        self.register_button.setObjectName("incoming_register")
        self.reply_button = QPushButton(_("Draft a &reply"), self)
        self.reply_button.setObjectName("incoming_reply")
        self.register_button.clicked.connect(self.register_incoming)
        self.reply_button.clicked.connect(self.draft_reply)
        self.register_button.setEnabled(user is not None)
        self.reply_button.setEnabled(user is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.reply_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.search_field)
        right.addWidget(self.table)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.views)
        layout.addLayout(right, 1)
        self.views.currentItemChanged.connect(lambda *_args: self.refresh())
        self.search_field.textChanged.connect(lambda _text: self.refresh())
        self.views.setCurrentRow(0)
        self.resize(980, 480)

    @property
    def view(self) -> str:
        item = self.views.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else VIEW_INCOMING

    def show_view(self, view: str) -> None:
        self.views.setCurrentRow(list(VIEW_TITLES).index(view))

    def refresh(self) -> None:
        text = self.search_field.text().strip()
        awaiting = self.view == VIEW_AWAITING
        if text:
            rows = self.service.search(text)
            if awaiting:
                rows = [item for item in rows if item.answer_by and not item.answered]
        else:
            rows = self.service.listing(awaiting=awaiting)
        self.model.set_rows(rows)

    def selected(self) -> IncomingInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select(self, incoming_id: int) -> None:
        for row, info in enumerate(self.model.rows):
            if info.id == incoming_id:
                self.table.selectRow(row)

    def show_search(self, text: str) -> None:
        """Every note received that `text` finds (the register window's search), the first
        chosen and focused."""
        self.show_view(VIEW_INCOMING)
        self.search_field.setText(text)
        if self.model.rows:
            self.table.selectRow(0)
        self.table.setFocus()
        self.activateWindow()

    def register_incoming(self) -> object:
        """Open the form; once saved the note is listed and chosen."""
        from app.gui.incoming_dialog import IncomingDialog

        assert self.user is not None
        dialog = IncomingDialog(self.service, self.user, self, today=self.today)
        dialog.accepted.connect(lambda: self._registered(dialog))
        dialog.open()
        return dialog

    def _registered(self, dialog: Any) -> None:
        self.refresh()
        if dialog.registered is not None:
            self.select(dialog.registered.id)

    def draft_reply(self) -> int | None:
        """Save a reply to the note chosen as a new free-text draft (addressed to its sender,
        the reply phrase in each language) and open it."""
        from app.services.drafting import new_note

        info = self.selected()
        if info is None or self.user is None:
            return None
        try:
            template = new_note(self.service.register, self.today())
            from dataclasses import replace

            template = replace(template, note_type="free_text", fields={}, enclosures=())
            note = self.service.reply_note(info.id, template)
            note_id = self.service.workflow.save_draft(self.user, note)
        except Exception as error:  # readable, nothing lost
            show_error(self, error, _("Draft a reply"))
            return None
        self.refresh()
        self.reply_drafted.emit(note_id)
        if self.open_note is not None:
            self.open_note(note_id)
        return note_id
