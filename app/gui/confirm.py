"""Asking the officer before work typed is thrown away."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n.messages import _


def confirm_discard(parent: QWidget, question: str) -> bool:
    """True if the officer agrees to lose what they typed; "Keep editing" is the default."""
    box = QMessageBox(parent)
    box.setObjectName("confirm_discard")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Close without keeping?"))
    box.setText(question)
    discard = box.addButton(_("Close and lose it"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
