"""Issue 13, point 4: two workstations on one register. Another process approves a note; this
process's register window shows the new status within a second (PostgreSQL's LISTEN/NOTIFY,
SQLite's data_version)."""

from __future__ import annotations

import multiprocessing
import time

from pytestqt.qtbot import QtBot

from app.domain.workflow import NoteStatus
from app.gui.register_window import MainWindow
from app.services.register import Register
from app.services.users import UserInfo, list_users
from app.services.workflow import WorkflowService
from tests.register.conftest import plain_renderer
from tests.workflow.conftest import (  # noqa: F401  (fixtures, found by name)
    NOW,
    db_path,
    note_in,
    people,
    register,
    register_url,
    template,
    workflow,
)


def _approve_elsewhere(url: str, note_id: int, done: multiprocessing.Queue[float]) -> None:
    """The approver's workstation: its own process, its own connections."""
    other = Register.open(url)
    anna = next(user for user in list_users(other) if user.login == "anna")
    WorkflowService(other, clock=lambda: NOW, renderer=plain_renderer, holidays=()).approve(
        anna, note_id
    )
    done.put(time.time())  # committed
    other.close()


def _status_shown(window: MainWindow, note_id: int) -> str | None:
    row = window.model.row_of(note_id)
    summary = window.model.summary(row) if row is not None else None
    return summary.status if summary is not None else None


def test_another_workstation_s_approval_shows_within_a_second(
    qtbot: QtBot,
    register: Register,  # noqa: F811
    workflow: WorkflowService,  # noqa: F811
    people: dict[str, UserInfo],  # noqa: F811
    register_url: str,  # noqa: F811
) -> None:
    note_id = note_in(workflow, people, NoteStatus.SUBMITTED)
    window = MainWindow(register, workflow, people["greg"])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: _status_shown(window, note_id) == "submitted", timeout=10_000)
    context = multiprocessing.get_context("spawn")
    done: multiprocessing.Queue[float] = context.Queue()
    approver = context.Process(target=_approve_elsewhere, args=(register_url, note_id, done))
    approver.start()
    try:
        # The other process starts in a few seconds; its commit is what is timed.
        qtbot.waitUntil(lambda: _status_shown(window, note_id) == "approved", timeout=60_000)
        shown = time.time()
        committed = done.get(timeout=30)
        assert shown - committed < 1.0
    finally:
        approver.join(timeout=30)
        window.close()
    assert approver.exitcode == 0
