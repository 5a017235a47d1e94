"""The one way an error reaches the officer: `show_error`, the default failure handler of every
operation (app/gui/operations.py) and of every refusal a window meets."""

from __future__ import annotations

import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.problems import ValidationError
from app.services.register_reading import RegisterError


def error_text(error: BaseException | str) -> str:
    """What the officer reads of `error`: a refusal's problems in the interface language, or the
    failure's message (its type's name when it has none)."""
    if isinstance(error, str):
        return error
    # Told by app.i18n.problems, loaded with the first error: the window's start needs none.
    from app.i18n import problems

    return problems.error_text(error) or type(error).__name__


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str | None = None
) -> None:
    """A readable message box for a refusal or a failure; an unexpected failure keeps its
    traceback under "Show Details" so nothing is lost."""
    box = QMessageBox(parent)
    box.setObjectName("error_box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "Verbale")
    box.setText(error_text(error))
    if isinstance(error, BaseException) and not isinstance(error, (RegisterError, ValidationError)):
        box.setDetailedText("".join(traceback.format_exception(error)))
    box.exec()
