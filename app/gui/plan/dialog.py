"""The plan editor in a dialog with OK and Cancel, as the note editor opens it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.domain.plan import Plan
from app.domain.problems import ValidationError
from app.gui import colours
from app.gui.confirm import confirm_discard
from app.gui.plan.editor import PlanEditor
from app.gui.plan.model import problem_text
from app.i18n.messages import _, ngettext


class PlanEditorDialog(QDialog):
    """The plan editor with OK and Cancel; OK refuses, saying why, while the plan has problems."""

    def __init__(
        self,
        plan: Plan | None = None,
        languages: tuple[str, ...] = ("en", "ru"),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_editor_dialog")
        self.setWindowTitle(_("Plan"))
        self.plan_editor = PlanEditor(plan, languages, self)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("plan_dialog_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(colours.ERROR_STYLE)
        self.refusal.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("plan_dialog_buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.plan_editor.planChanged.connect(self.refusal.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan_editor, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)
        self.resize(1200, 760)

    def plan(self) -> Plan:
        """The edited plan; raises ValidationError listing its problems."""
        return self.plan_editor.plan()

    def accept(self) -> None:
        try:
            self.plan_editor.plan()
        except ValidationError as error:
            shown = [problem_text(p, self.plan_editor.draft()) for p in error.problems[:5]]
            more = len(error.problems) - len(shown)
            text = ngettext(
                "The plan cannot be kept yet: {count} problem.",
                "The plan cannot be kept yet: {count} problems.",
                len(error.problems),
            ).format(count=len(error.problems))
            lines = [text, *shown]
            if more > 0:
                lines.append(
                    ngettext(
                        "… and {count} more (listed under the table).",
                        "… and {count} more (listed under the table).",
                        more,
                    ).format(count=more)
                )
            self.refusal.setText("\n".join(lines))
            self.refusal.show()
            return
        super().accept()

    def reject(self) -> None:
        """Cancel (or Esc); changes made are not dropped without asking."""
        if not self.plan_editor.undo_stack.isClean() and not confirm_discard(
            self, _("The changes to the plan will be lost. Close the plan without them?")
        ):
            return
        super().reject()
