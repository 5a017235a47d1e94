"""Qt object names in one style (docs/architecture.md): every named widget, action and model
of the register window, the note window and the plan editor is snake_case."""

# ruff: noqa: F811 (the note editor tests' fixtures, imported, are the tests' arguments)

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.gui.plan import PlanDetailsDialog, PlanEditorDialog
from app.gui.register_window import MainWindow
from app.services.demo import reference_note
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People
from .test_note_editor import (  # noqa: F401 (fixtures)
    Desk,
    desk,
    office_file,
    open_window,
    register,
)

SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
#: Names Qt gives its own children (a tab bar's scroll buttons).
QT_OWN = {"ScrollLeftButton", "ScrollRightButton"}


def names_not_snake_case(root: QObject) -> list[str]:
    named = [root, *root.findChildren(QObject)]
    return sorted(
        {obj.objectName() for obj in named if obj.objectName()}
        - {
            name
            for name in (obj.objectName() for obj in named)
            if SNAKE_CASE.fullmatch(name) or name.startswith(("qt_", "_")) or name in QT_OWN
        }
    )


def test_the_windows_name_their_widgets_in_snake_case(
    qtbot: QtBot, office: Register, people: People, desk: Desk
) -> None:
    window = MainWindow(office, WorkflowService(office), people.approver)
    qtbot.addWidget(window)
    note_window = open_window(qtbot, desk)
    plan = reference_note().enclosures[0].plan
    assert plan is not None
    plan_dialog = PlanEditorDialog(plan)
    qtbot.addWidget(plan_dialog)
    details = PlanDetailsDialog(plan)
    qtbot.addWidget(details)
    for root in (window, note_window, plan_dialog, details):
        wrong = names_not_snake_case(root)
        assert wrong == [], f"{type(root).__name__}: {wrong}"
