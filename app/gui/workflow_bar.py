"""The workflow buttons of a note (submit, approve, return, issue, dispatch, withdraw), shown
for what the logged-in user may do now, with the comment and consistency dialogs they need."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.consistency import Discrepancy
from app.domain.workflow import Action
from app.gui.errors import show_error
from app.gui.irreversible import announce, confirm_step, done_text
from app.gui.operations import CancelFlag, Operation, ProgressCallback, run_operation
from app.i18n.messages import _
from app.i18n.problems import discrepancy_text
from app.services.register_reading import RegisterError

if TYPE_CHECKING:
    from app.services.seal import Seal
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


def _working_text(action: Action) -> str:
    if action is Action.ISSUE:
        return _("Issuing: rendering and storing the PDFs…")
    return _("Recording the step…")


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

    def __init__(self, discrepancies: Sequence[Discrepancy], parent: QWidget | None = None) -> None:
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
    #: A step started by `act` is over: True if it was done, False if refused or failed.
    step_ended = Signal(bool)

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
        #: Called with the step's start just before it runs: a note window saves its draft,
        #: then starts it.
        self.before_step: Callable[[Callable[[], None]], object] | None = None
        self._preparing = False
        #: The step under way off the GUI thread, None when none is.
        self.operation: Operation | None = None
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

    @property
    def busy(self) -> bool:
        """Whether a step is under way (its buttons are disabled until it ends)."""
        return self.operation is not None or self._preparing

    def refresh(self) -> None:
        allowed = set(self.allowed())
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
            button.setEnabled(not self.busy)
        if self.note_id is None:
            self.status_label.setText("")
        elif self.busy:
            return  # "Issuing…" stays until the step ends
        elif not allowed & set(self.buttons):
            self.status_label.setText(_("Nothing for you to do on this note now."))
        else:
            self.status_label.setText("")

    def act(self, action: Action) -> bool:
        """Take `action` on the current note, asking what it needs, then run it off the GUI
        thread; True if it was started (`step_ended` says how it ended, `changed` follows a
        success), False if the officer stopped it or a step is already under way."""
        if self.note_id is None or self.busy:
            return False
        note_id = self.note_id
        comment = ""
        if action in (Action.RETURN_FOR_REVISION, Action.WITHDRAW):
            asked = self._ask_comment(action)
            if asked is None:
                return False
            comment = asked
        if self.before_check is not None and not self.before_check(action):
            return False
        if not confirm_step(self, self.workflow, action, note_id):
            return False
        seal: Seal | None = None
        if action is Action.ISSUE:
            from app.gui.seal_prompt import issue_seal

            go_on, seal = issue_seal(self, self.workflow.register, note_id)
            if not go_on:
                return False
        user = self.user

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> object:
            return self._transition(user, action, note_id, comment, seal)

        if self.before_step is None:
            self._start(work, action, note_id)
            return True
        self._preparing = True
        for button in self.buttons.values():
            button.setEnabled(False)

        def go() -> None:
            self._preparing = False
            self._start(work, action, note_id)

        self.before_step(go)
        return True

    def _start(
        self,
        work: Callable[[ProgressCallback, CancelFlag], object],
        action: Action,
        note_id: int,
        *,
        overridden: bool = False,
    ) -> None:
        # Issuing renders the PDFs (a second or two): the buttons wait, the window does not.
        operation = run_operation(work, self)
        operation.finished.connect(lambda result: self._done(action, result))
        operation.failed.connect(lambda error: self._failed(action, note_id, error, overridden))
        self.operation = operation
        for button in self.buttons.values():
            button.setEnabled(False)
        self.status_label.setText(_working_text(action))

    def _end(self) -> None:
        self.operation = None
        self.refresh()

    def _done(self, action: Action, result: object) -> None:
        self._end()
        announce(self, done_text(action, result))
        self.changed.emit()
        self.step_ended.emit(True)

    def _failed(self, action: Action, note_id: int, error: BaseException, overridden: bool) -> None:
        self._end()
        from app.services.workflow_base import ConsistencyRefused

        if isinstance(error, ConsistencyRefused) and not overridden:
            dialog = ConsistencyDialog(list(error.discrepancies), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                override, user = dialog.text(), self.user

                def submit_anyway(_progress: ProgressCallback, _cancel: CancelFlag) -> object:
                    return self.workflow.submit(user, note_id, override)

                self._start(submit_anyway, action, note_id, overridden=True)
                return
        elif overridden:
            show_error(self, error, _("Could not submit the note"))
        else:
            title = _button_texts()[action].rstrip("…")
            show_error(self, error, _("“{action}” was not done").format(action=title))
        self.step_ended.emit(False)

    def _transition(
        self, user: UserInfo, action: Action, note_id: int, comment: str, seal: Seal | None
    ) -> object:
        # On the worker: the service opens its own short session.
        if action is Action.SUBMIT:
            return self.workflow.submit(user, note_id)
        if action is Action.APPROVE:
            return self.workflow.approve(user, note_id, comment)
        if action is Action.RETURN_FOR_REVISION:
            return self.workflow.return_for_revision(user, note_id, comment)
        if action is Action.ISSUE:
            return self.workflow.issue(user, note_id, seal=seal)
        if action is Action.DISPATCH:
            return self.workflow.dispatch(user, note_id, comment)
        if action is Action.WITHDRAW:
            return self.workflow.withdraw(user, note_id, comment)
        raise ValueError(f"no button for {action}")

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
