"""Slow work off the GUI thread: a QThreadPool worker with progress, cancel and its result or
failure delivered back on the GUI thread. The worker function never touches a widget."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.domain.problems import ValidationError
from app.i18n.messages import _
from app.services.register_reading import RegisterError

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Milliseconds of work before its progress dialog appears (quick work shows none).
SHOW_PROGRESS_AFTER_MS = 300

#: Called by the worker as it goes: (done, total); total 0 means "unknown".
ProgressCallback = Callable[[int, int], None]


class CancelFlag:
    """Set by the GUI when the officer cancels; the worker looks at it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def __bool__(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()


class TaskCancelled(Exception):
    """A worker may raise this when it sees the cancel flag; the task then reports `cancelled`."""


#: Tasks whose worker is still running, so none is garbage-collected under its thread.
_running: set[Task] = set()


class Task(QObject):
    """One piece of work on the thread pool. Its public signals arrive on the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    # Emitted from the worker thread; relayed to the public signals through queued connections.
    _progress_from_worker = Signal(int, int)
    _done_from_worker = Signal(object)
    _failed_from_worker = Signal(str)
    _cancelled_from_worker = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        # No Qt parent: the task must outlive a closed window while its worker still runs.
        super().__init__()
        self.cancel_flag = CancelFlag()
        self.done = False
        self.result: Any = None
        self.error: str | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_worker.connect(self._relay_progress, queued)
        self._done_from_worker.connect(self._relay_done, queued)
        self._failed_from_worker.connect(self._relay_failed, queued)
        self._cancelled_from_worker.connect(self._relay_cancelled, queued)
        if parent is not None:
            parent.destroyed.connect(self.cancel)

    def cancel(self) -> None:
        self.cancel_flag.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_flag.is_set()

    @Slot(int, int)
    def _relay_progress(self, done: int, total: int) -> None:
        if not self.done and not self.cancel_flag.is_set():
            self.progress.emit(done, total)

    @Slot(object)
    def _relay_done(self, result: object) -> None:
        if self.cancel_flag.is_set():
            # Cancelled (or its window closed) after the worker finished: the result is dropped.
            self._relay_cancelled()
            return
        self._finish()
        self.result = result
        self.finished.emit(result)

    @Slot(str)
    def _relay_failed(self, message: str) -> None:
        if self.cancel_flag.is_set():
            self._relay_cancelled()
            return
        self._finish()
        self.error = message
        self.failed.emit(message)

    @Slot()
    def _relay_cancelled(self) -> None:
        self._finish()
        self.cancelled.emit()

    def _finish(self) -> None:
        self.done = True
        _running.discard(self)


class _Worker(QRunnable):
    def __init__(self, task: Task, fn: Callable[[ProgressCallback, CancelFlag], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task = task
        self.fn = fn

    def run(self) -> None:
        task = self.task
        if not shiboken6.isValid(task):
            return  # the application is closing: nobody is waiting for this any more
        try:
            result = self.fn(task._progress_from_worker.emit, task.cancel_flag)
        except TaskCancelled:
            task._cancelled_from_worker.emit()
        except (ValidationError, RegisterError) as error:
            # Refusals with a message for the officer (an incomplete note, a refused transition).
            log.info("task refused: %s", error)
            task._failed_from_worker.emit(str(error))
        except Exception as error:  # every failure reaches the officer as text, none is lost
            if not shiboken6.isValid(task):
                return  # closed meanwhile (a count interrupted as the register closed)
            if task.cancel_flag.is_set():
                # Nobody waits for it any more (its window closed, the register closing
                # interrupted it): a cancellation, not a failure to report.
                task._cancelled_from_worker.emit()
                return
            log.warning("task failed:\n%s", traceback.format_exc())
            task._failed_from_worker.emit(str(error) or type(error).__name__)
        else:
            if task.cancel_flag.is_set():
                task._cancelled_from_worker.emit()
            else:
                task._done_from_worker.emit(result)


def run_task(
    fn: Callable[[ProgressCallback, CancelFlag], T],
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run `fn(progress, cancel)` on the thread pool; connect to the returned task's signals.
    Destroying `parent` sets the cancel flag (the result is then dropped)."""
    task = Task(parent)
    _running.add(task)
    (pool or QThreadPool.globalInstance()).start(_Worker(task, fn))
    return task


def run_with_progress(
    fn: Callable[[ProgressCallback, CancelFlag], T],
    parent: QWidget,
    title: str,
    label: str,
    *,
    show_failure: bool = True,
    pool: QThreadPool | None = None,
) -> Task:
    """Run `fn` on the pool behind a window-modal progress dialog with Cancel; a failure is shown
    as a readable message box unless `show_failure` is False."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setObjectName("task_progress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = run_task(fn, parent, pool)
    task.dialog = dialog  # type: ignore[attr-defined]

    dialog_closed: list[bool] = []

    def on_progress(done: int, total: int) -> None:
        if not dialog_closed and shiboken6.isValid(dialog):
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)

    def close_dialog(*_args: object) -> None:
        # The dialog may already be gone with its parent window; touch it only while it lives.
        if not dialog_closed and shiboken6.isValid(dialog):
            dialog_closed.append(True)
            dialog.reset()
            dialog.close()
            dialog.deleteLater()

    def on_failed(message: str) -> None:
        close_dialog()
        if show_failure and shiboken6.isValid(parent):
            QMessageBox.warning(parent, title, message)

    task.progress.connect(on_progress)
    task.finished.connect(close_dialog)
    task.cancelled.connect(close_dialog)
    task.failed.connect(on_failed)
    dialog.canceled.connect(task.cancel)
    return task


class LatestOnly:
    """The one task whose result is still wanted, of a kind (the search, the count, the
    details): starting another cancels the one before, so its result or failure never
    arrives, however late it finishes. Replaces hand-written "generation" counters."""

    def __init__(self) -> None:
        self._task: Task | None = None

    @property
    def task(self) -> Task | None:
        """The task under way, None once it has ended or been dropped."""
        return self._task

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, task: Task) -> Task:
        """Hold `task` as the latest; the one held before is cancelled."""
        self.drop()
        self._task = task
        for signal in (task.finished, task.failed, task.cancelled):
            signal.connect(lambda *_args, ended=task: self._ended(ended))
        return task

    def drop(self) -> None:
        """Cancel the task held, if any: nothing of it arrives any more."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _ended(self, task: Task) -> None:
        if self._task is task:
            self._task = None
