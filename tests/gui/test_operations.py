"""The one way work leaves the GUI thread (app/gui/operations.py): callbacks with the result or
the exception object, widgets disabled while it runs, only the latest result of a kind."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.workflow import Action
from app.gui.operations import CancelFlag, LatestOnly, ProgressCallback, run_operation
from app.gui.workflow_bar import BUTTON_NAMES, WorkflowBar
from app.services.register import Register
from app.services.workflow import WorkflowService

from .conftest import People, confirm_next
from .test_workflow_gui import free_note


def test_success_and_failure_reach_their_callbacks_and_busy_widgets_wait(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    button = QPushButton("Go", parent)
    release = threading.Event()
    results: list[object] = []
    failures: list[BaseException] = []

    def work(progress: ProgressCallback, cancel: CancelFlag) -> int:
        release.wait(5)
        return 42

    operation = run_operation(
        work, parent, on_success=results.append, on_failure=failures.append, busy=(button,)
    )
    assert not button.isEnabled()  # waits while the work runs
    release.set()
    with qtbot.waitSignal(operation.ended, timeout=5_000):
        pass
    assert results == [42] and failures == [] and button.isEnabled()

    def refuse(progress: ProgressCallback, cancel: CancelFlag) -> None:
        raise PermissionError("not yours to issue")

    operation = run_operation(refuse, parent, on_failure=failures.append, busy=(button,))
    with qtbot.waitSignal(operation.ended, timeout=5_000):
        pass
    [error] = failures
    assert isinstance(error, PermissionError) and str(error) == "not yours to issue"
    assert button.isEnabled()


def test_only_the_latest_of_a_kind_arrives(qtbot: QtBot) -> None:
    latest = LatestOnly()
    arrived: list[str] = []
    slow_may_end = threading.Event()

    def slow(progress: ProgressCallback, cancel: CancelFlag) -> str:
        slow_may_end.wait(5)
        return "older"

    def quick(progress: ProgressCallback, cancel: CancelFlag) -> str:
        return "newer"

    older = run_operation(slow, on_success=arrived.append, latest=latest)
    newer = run_operation(quick, on_success=arrived.append, latest=latest)
    with qtbot.waitSignal(newer.finished, timeout=5_000):
        pass
    with qtbot.waitSignal(older.cancelled, timeout=5_000):
        slow_may_end.set()  # it ends after the newer one: dropped, however late
    assert arrived == ["newer"] and latest.task is None


def test_a_step_runs_off_the_gui_thread_its_buttons_waiting(
    qtbot: QtBot, office: Register, people: People
) -> None:
    workflow = WorkflowService(office)
    note_id = workflow.save_draft(people.drafter, free_note("Approved meanwhile"))
    workflow.submit(people.drafter, note_id)
    bar = WorkflowBar(workflow, people.approver)
    qtbot.addWidget(bar)
    bar.set_note(note_id)
    approve = bar.findChild(QPushButton, BUTTON_NAMES[Action.APPROVE])
    assert approve.isEnabled()
    confirm_next()
    with qtbot.waitSignal(bar.step_ended, timeout=10_000) as ended:
        assert bar.act(Action.APPROVE) is True
        # Back from act() before the register has it: the window is not frozen meanwhile.
        assert bar.busy and not approve.isEnabled()
        assert bar.status_label.text() == "Recording the step…"
        assert bar.act(Action.APPROVE) is False  # one step at a time
    assert ended.args == [True]
    assert office.load(note_id).status == "approved"
    assert not bar.busy and bar.status_label.text() != "Recording the step…"


def test_finish_workers_waits_for_the_pools_a_window_holds(qtbot: QtBot) -> None:
    # At exit the register closes once every search and count of the window has ended: they
    # run on the window's own pools, not only on the global one.
    from PySide6.QtCore import QObject, QThreadPool

    from app.gui.operations import finish_workers

    window = QObject()
    searches = QThreadPool(QObject(window))  # a pool held deeper down, as the search's
    searches.setMaxThreadCount(1)
    ended: list[str] = []
    started = threading.Event()

    def slow_count(_progress: ProgressCallback, _cancel: CancelFlag) -> int:
        started.set()
        threading.Event().wait(0.4)
        ended.append("count")
        return 3

    run_operation(slow_count, window, searches)
    assert started.wait(5)
    finish_workers(window)
    assert ended == ["count"]
