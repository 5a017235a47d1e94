"""The workflow steps of a note as a menu with shortcuts (Ctrl+Enter submits), so that the
whole flow can be done from the keyboard: each item takes the step the workflow bar's button
takes, and says so in the status bar when the step is not open to the officer now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.domain.workflow import Action
from app.gui.irreversible import announce
from app.i18n.messages import _

if TYPE_CHECKING:
    from app.gui.workflow_bar import WorkflowBar

#: Each step's shortcut. Ctrl+Enter submits, as mail and chat applications send.
SHORTCUTS: dict[Action, tuple[str, ...]] = {
    Action.SUBMIT: ("Ctrl+Return", "Ctrl+Enter"),
    Action.APPROVE: ("Ctrl+Shift+A",),
    Action.RETURN_FOR_REVISION: ("Ctrl+Shift+R",),
    Action.ISSUE: ("Ctrl+Shift+I",),
    Action.DISPATCH: ("Ctrl+Shift+D",),
    Action.WITHDRAW: ("Ctrl+Shift+W",),
}


def menu_texts() -> dict[Action, str]:
    # Alt letters unique within the menu: S, A, R, I, D, W.
    return {
        Action.SUBMIT: _("&Submit for approval"),
        Action.APPROVE: _("&Approve…"),
        Action.RETURN_FOR_REVISION: _("&Return for revision…"),
        Action.ISSUE: _("&Issue…"),
        Action.DISPATCH: _("Mark &dispatched"),
        Action.WITHDRAW: _("&Withdraw…"),
    }


class WorkflowMenu(QMenu):
    """ "Workflow" in a window's menu bar, following `bar` (the note it shows, the user)."""

    def __init__(self, bar: WorkflowBar, parent: QWidget) -> None:
        super().__init__(_("&Workflow"), parent)
        self.setObjectName("workflow_menu")
        self.bar = bar
        self.steps: dict[Action, QAction] = {}
        texts = menu_texts()
        for action, keys in SHORTCUTS.items():
            item = QAction(texts[action], parent)
            item.setObjectName(f"menu_{action.value}")
            item.setShortcuts([QKeySequence(key) for key in keys])
            item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            item.triggered.connect(lambda _checked=False, chosen=action: self.take(chosen))
            parent.addAction(item)  # the shortcut works with the menu closed
            self.addAction(item)
            self.steps[action] = item
        self.aboutToShow.connect(self.update_steps)
        # Closed, every shortcut stays live: take() says when a step is not open now.
        self.aboutToHide.connect(self._enable_all)

    def update_steps(self) -> None:
        """Enable the steps open to the officer on this note now (none while one runs)."""
        allowed = set() if self.bar.busy else set(self.bar.allowed())
        for action, item in self.steps.items():
            item.setEnabled(action in allowed)

    def _enable_all(self) -> None:
        for item in self.steps.values():
            item.setEnabled(True)

    def take(self, action: Action) -> bool:
        """Take `action` through the bar (its questions and dialogs); a step not open now is
        said in the status bar, not silently ignored."""
        if action not in self.bar.allowed():
            announce(
                self.bar,
                _("“{step}” is not possible on this note now.").format(
                    step=menu_texts()[action].replace("&", "").rstrip("…")
                ),
            )
            return False
        return self.bar.act(action)
