"""The workflow buttons of a note (submit, approve, return, issue, dispatch, withdraw), shown
for what the logged-in user may do now, with the comment and consistency dialogs they need."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import ValidationError
from app.domain.workflow import Action
from app.gui.irreversible import announce, confirm_step, done_text
from app.i18n.messages import _
from app.i18n.problems import discrepancy_text, problems_report
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.services.users import UserInfo
    from app.services.workflow import WorkflowService

#: objectName of each action's button, in the order they are laid out.
BUTTON_NAMES: dict[Action, str] = {
    Action.SUBMIT: "workflow_submit",
    Action.APPROVE: "workflow_approve",
    Action.RETURN_FOR_REVISION: "workflow_return",
    Action.ISSUE: "workflow_issue",
    Action.DISPATCH: "workflow_dispatch",
    Action.WITHDRAW: "workflow_withdraw",
}


def _button_texts() -> dict[Action, str]:
    return {
        Action.SUBMIT: _("Submit for approval"),
        Action.APPROVE: _("Approve"),
        Action.RETURN_FOR_REVISION: _("Return for revision…"),
        Action.ISSUE: _("Issue"),
        Action.DISPATCH: _("Mark dispatched"),
        Action.WITHDRAW: _("Withdraw…"),
    }


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A readable dialog for a refusal or failure; an unexpected failure keeps its traceback
    under "Show Details" so nothing is lost."""
    box = QMessageBox(parent)
    box.setObjectName("error_box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    if isinstance(error, ValidationError):
        box.setText(problems_report(error.problems))
    else:
        box.setText(str(error) or type(error).__name__)
    if not isinstance(error, (RegisterError, ValidationError)):
        box.setDetailedText("".join(traceback.format_exception(error)))
    box.exec()


class CommentDialog(QDialog):
    """Asks for a comment (required or optional) before a transition."""

    def __init__(
        self, title: str, prompt: str, *, required: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workflow_comment_dialog")
        self.setWindowTitle(title)
        self.required = required
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("workflow_comment")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.comment.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.comment)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.required or bool(self.text()))

    def text(self) -> str:
        return self.comment.toPlainText().strip()


class ConsistencyDialog(QDialog):
    """The language versions disagree: lists where, and offers to submit anyway with a
    comment saying why."""

    def __init__(self, discrepancies: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflow_consistency_dialog")
        self.setWindowTitle(_("The language versions disagree"))
        intro = QLabel(
            _(
                "The language versions of this note do not agree. Correct them, or submit "
                "anyway with a comment explaining why."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.discrepancies = QListWidget(self)
        self.discrepancies.setObjectName("workflow_discrepancies")
        self.discrepancies.addItems([discrepancy_text(item) for item in discrepancies])
        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("workflow_comment")
        self.comment.setPlaceholderText(_("Why the note may be submitted as it is (required)"))
        self.comment.setMaximumHeight(80)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.submit_anyway = QPushButton(_("Submit anyway"), self)
        self.submit_anyway.setObjectName("workflow_submit_anyway")
        self.buttons.addButton(self.submit_anyway, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.comment.textChanged.connect(lambda: self.submit_anyway.setEnabled(bool(self.text())))
        self.submit_anyway.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.discrepancies)
        layout.addWidget(self.comment)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    def text(self) -> str:
        return self.comment.toPlainText().strip()


class WorkflowBar(QWidget):
    """The actions the user may take on one note now, as buttons."""

    #: After any transition succeeded.
    changed = Signal()
    #: Just before a transition runs (the action's value): a note window saves its draft here.
    before_action = Signal(str)

    def __init__(
        self, workflow: WorkflowService, user: UserInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workflow_bar")
        self.workflow = workflow
        self.user = user
        self.note_id: int | None = None
        #: Asked before any step (the note window offers to go to a problem before Submit).
        self.before_check: Callable[[Action], bool] | None = None
        self.buttons: dict[Action, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("workflow_status")
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        texts = _button_texts()
        for action, name in BUTTON_NAMES.items():
            button = QPushButton(texts[action], self)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, chosen=action: self.act(chosen))
            button.hide()
            layout.addWidget(button)
            self.buttons[action] = button
        self.set_note(None)

    def set_note(self, note_id: int | None) -> None:
        """Show the buttons for `note_id` (None: no note, no buttons)."""
        self.note_id = note_id
        self.refresh()

    def set_user(self, user: UserInfo) -> None:
        self.user = user
        self.refresh()

    def allowed(self) -> list[Action]:
        if self.note_id is None:
            return []
        try:
            return list(self.workflow.allowed_actions(self.user, self.note_id))
        except RegisterError as error:
            self.status_label.setText(str(error))
            return []

    def refresh(self) -> None:
        allowed = set(self.allowed())
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
        if self.note_id is None:
            self.status_label.setText("")
        elif not allowed & set(self.buttons):
            self.status_label.setText(_("Nothing for you to do on this note now."))
        else:
            self.status_label.setText("")

    def act(self, action: Action) -> bool:
        """Take `action` on the current note, asking what it needs; True if it was done."""
        if self.note_id is None:
            return False
        note_id = self.note_id
        comment = ""
        if action in (Action.RETURN_FOR_REVISION, Action.WITHDRAW):
            asked = self._ask_comment(action)
            if asked is None:
                return False
            comment = asked
        from app.services.workflow import ConsistencyRefused

        if self.before_check is not None and not self.before_check(action):
            return False
        if not confirm_step(self, self.workflow, action, note_id):
            return False
        if action is Action.ISSUE:
            from app.gui.seal_prompt import issue_seal

            go_on, self.seal = issue_seal(self, self.workflow.register, note_id)
            if not go_on:
                return False
        self.before_action.emit(action.value)
        try:
            result = self._run(lambda: self._transition(action, note_id, comment))
        except ConsistencyRefused as refusal:
            dialog = ConsistencyDialog(list(getattr(refusal, "discrepancies", ())), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            override = dialog.text()
            try:
                result = self._run(lambda: self.workflow.submit(self.user, note_id, override))
            except Exception as error:  # shown to the officer, nothing lost
                show_error(self, _("Could not submit the note"), error)
                return False
        except Exception as error:  # any failure: shown, nothing lost
            title = _button_texts()[action].rstrip("…")
            show_error(self, _("“{action}” was not done").format(action=title), error)
            self.refresh()
            return False
        self.refresh()
        announce(self, done_text(action, result))
        self.changed.emit()
        return True

    def _transition(self, action: Action, note_id: int, comment: str) -> object:
        user = self.user
        if action is Action.SUBMIT:
            return self.workflow.submit(user, note_id)
        if action is Action.APPROVE:
            return self.workflow.approve(user, note_id, comment)
        if action is Action.RETURN_FOR_REVISION:
            return self.workflow.return_for_revision(user, note_id, comment)
        if action is Action.ISSUE:
            return self.workflow.issue(user, note_id, seal=getattr(self, "seal", None))
        if action is Action.DISPATCH:
            return self.workflow.dispatch(user, note_id, comment)
        if action is Action.WITHDRAW:
            return self.workflow.withdraw(user, note_id, comment)
        raise ValueError(f"no button for {action}")

    def _run(self, work: Callable[[], object]) -> object:
        # Issuing renders the PDFs (a second or two): show that the window is busy.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return work()
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _ask_comment(self, action: Action) -> str | None:
        if action is Action.RETURN_FOR_REVISION:
            dialog = CommentDialog(
                _("Return for revision"),
                _("Say what must change before the note can be approved:"),
                required=True,
                parent=self,
            )
        else:
            dialog = CommentDialog(
                _("Withdraw the note"),
                _("Why is the note withdrawn? (optional)"),
                required=False,
                parent=self,
            )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text()
