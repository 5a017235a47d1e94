"""The audit history of one note: who did what, when, with their comment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.moments import local, moment_text
from app.gui.register_model import status_text
from app.i18n.messages import _

if TYPE_CHECKING:
    from app.services.audit import AuditRecord
    from app.services.workflow import WorkflowService

COL_WHEN, COL_WHO, COL_ACTION, COL_COMMENT = range(4)


def action_text(action: str) -> str:
    """An audit action as the officer reads it, in the interface language."""
    return {
        "login": _("logged in"),
        "login failed": _("login failed"),
        "locked out": _("locked out"),
        "user added": _("user added"),
        "password changed": _("password changed"),
        "draft saved": _("draft saved"),
        "failed attempt": _("refused attempt"),
        "consistency overridden": _("submitted despite discrepancies"),
        "objection recorded": _("objection recorded"),
        "outcome set": _("outcome set"),
        "correction created": _("correction created"),
        "export": _("register exported"),
        "submit": _("submitted"),
        "approve": _("approved"),
        "return_for_revision": _("returned for revision"),
        "return for revision": _("returned for revision"),
        "revise": _("taken back to draft"),
        "issue": _("issued"),
        "dispatch": _("dispatched"),
        "withdraw": _("withdrawn"),
    }.get(action, action)


def _what(record: AuditRecord) -> str:
    detail = record.detail
    text = action_text(str(record.action))
    before, after = detail.get("from"), detail.get("to")
    if before and after:
        text += f" ({status_text(str(before))} → {status_text(str(after))})"
    return text


def _comment(record: AuditRecord) -> str:
    detail = record.detail
    parts = [record.comment] if record.comment else []
    if detail.get("reason"):
        parts.append(str(detail["reason"]))
    return " — ".join(parts)


#: The audit action of an autosave: a run of them by one person is shown as one entry.
AUTOSAVE = "draft saved"


def runs_of_saves(records: Sequence[AuditRecord]) -> list[list[AuditRecord]]:
    """The history in groups: each run of consecutive autosaves by the same person is one
    group, every other entry a group of its own."""
    groups: list[list[AuditRecord]] = []
    for record in records:
        last = groups[-1] if groups else None
        if (
            last is not None
            and str(record.action) == AUTOSAVE
            and str(last[-1].action) == AUTOSAVE
            and last[-1].user == record.user
        ):
            last.append(record)
        else:
            groups.append([record])
    return groups


def _saves_text(run: Sequence[AuditRecord]) -> str:
    """ "draft saved ×15, last 10:42" """
    last = local(run[-1].at)
    return _("{what} ×{count}, last {time}").format(
        what=action_text(AUTOSAVE), count=len(run), time=f"{last:%H:%M}"
    )


def _item(record: AuditRecord) -> QTreeWidgetItem:
    item = QTreeWidgetItem(
        [moment_text(record.at), record.user or _("(system)"), _what(record), _comment(record)]
    )
    item.setToolTip(COL_COMMENT, _comment(record))
    return item


class HistoryDialog(QDialog):
    """Lists `WorkflowService.history(note_id)`, oldest first."""

    def __init__(
        self, workflow: WorkflowService, note_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(_("History of the note"))
        self.entries = QTreeWidget(self)
        self.entries.setObjectName("history_list")
        self.entries.setAlternatingRowColors(True)
        self.entries.setHeaderLabels([_("When"), _("Who"), _("Action"), _("Comment")])
        runs = runs_of_saves(workflow.history(note_id))
        for run in runs:
            item = _item(run[0])
            if len(run) > 1:
                # One line for the run, each save under it (opened with the arrow or Right).
                item.setText(COL_ACTION, _saves_text(run))
                item.addChildren([_item(record) for record in run])
            self.entries.addTopLevelItem(item)
        self.entries.setRootIsDecorated(any(len(run) > 1 for run in runs))
        header = self.entries.header()
        header.setSectionResizeMode(COL_COMMENT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_WHEN, COL_WHO, COL_ACTION):
            self.entries.resizeColumnToContents(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entries)
        layout.addWidget(buttons)
        self.resize(760, 380)

    def rows(self) -> list[list[str]]:
        """The history as shown: one list of column texts per entry (a run of autosaves is
        one entry)."""
        items = (self.entries.topLevelItem(row) for row in range(self.entries.topLevelItemCount()))
        return [[item.text(column) for column in range(4)] for item in items if item is not None]
