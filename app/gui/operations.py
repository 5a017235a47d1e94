"""The one way to run work off the GUI thread: an operation on the QThreadPool with progress,
cancel, and its result (success) or the exception object (failure) delivered back on the GUI
thread, to callbacks or to its signals; `LatestOnly` keeps only the newest operation of a kind.
The worker function never touches a widget; a failure goes to `errors.show_error` by default
(`run_with_progress`). No function here waits for a worker: everything arrives asynchronously."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.problems import ValidationError
from app.gui.errors import show_error
from app.i18n.messages import _
from app.services.register_reading import RegisterError

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Milliseconds of work before its progress dialog appears (quick work shows none).
SHOW_PROGRESS_AFTER_MS = 300

#: Called by the worker as it goes: (done, total); total 0 means "unknown".
ProgressCallback = Callable[[int, int], None]
#: Called on the GUI thread with the exception the work raised.
FailureCallback = Callable[[BaseException], None]


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


class OperationCancelled(Exception):
    """A worker may raise this when it sees the cancel flag; the task then reports `cancelled`."""


#: Tasks whose worker is still running, so none is garbage-collected under its thread.
_running: set[Operation] = set()


class Operation(QObject):
    """One piece of work on the thread pool. Its public signals arrive on the GUI thread;
    `failed` carries the exception object the work raised."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    #: After finished, failed or cancelled: the operation is over either way.
    ended = Signal()

    # Emitted from the worker thread; relayed to the public signals through queued connections.
    _progress_from_worker = Signal(int, int)
    _done_from_worker = Signal(object)
    _failed_from_worker = Signal(object)
    _cancelled_from_worker = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        # No Qt parent: the task must outlive a closed window while its worker still runs.
        super().__init__()
        self.cancel_flag = CancelFlag()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        #: The progress dialog of `run_with_progress`, None without one.
        self.dialog: QProgressDialog | None = None
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
        self.ended.emit()

    @Slot(object)
    def _relay_failed(self, error: BaseException) -> None:
        if self.cancel_flag.is_set():
            self._relay_cancelled()
            return
        self._finish()
        self.error = error
        self.failed.emit(error)
        self.ended.emit()

    @Slot()
    def _relay_cancelled(self) -> None:
        self._finish()
        self.cancelled.emit()
        self.ended.emit()

    def _finish(self) -> None:
        self.done = True
        _running.discard(self)


class _Worker(QRunnable):
    def __init__(self, task: Operation, fn: Callable[[ProgressCallback, CancelFlag], Any]) -> None:
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
        except OperationCancelled:
            task._cancelled_from_worker.emit()
        except (ValidationError, RegisterError) as error:
            # Refusals with a message for the officer (an incomplete note, a refused transition).
            log.info("operation refused: %s", error)
            task._failed_from_worker.emit(error)
        except Exception as error:  # every failure reaches the GUI thread, none is lost
            if not shiboken6.isValid(task):
                return  # closed meanwhile (a count interrupted as the register closed)
            if task.cancel_flag.is_set():
                # Nobody waits for it any more (its window closed, the register closing
                # interrupted it): a cancellation, not a failure to report.
                task._cancelled_from_worker.emit()
                return
            log.warning("operation failed:\n%s", traceback.format_exc())
            task._failed_from_worker.emit(error)
        else:
            if task.cancel_flag.is_set():
                task._cancelled_from_worker.emit()
            else:
                task._done_from_worker.emit(result)


def run_operation(
    fn: Callable[[ProgressCallback, CancelFlag], T],
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
    *,
    on_success: Callable[[T], object] | None = None,
    on_failure: FailureCallback | None = None,
    on_progress: ProgressCallback | None = None,
    busy: Sequence[QWidget | QAction] = (),
    latest: LatestOnly | None = None,
) -> Operation:
    """Run `fn(progress, cancel)` on the thread pool. Its result goes to `on_success`, the
    exception it raised to `on_failure`, its progress to `on_progress` (all on the GUI thread;
    or connect to the returned operation's signals). The widgets and actions in `busy` are
    disabled while it runs; `latest` cancels the operation of the same kind started before.
    Destroying `parent` sets the cancel flag (the result is then dropped)."""
    task = Operation(parent)
    disabled = [item for item in busy if item.isEnabled()]
    if disabled:
        for item in disabled:
            item.setEnabled(False)

        def enable_again(*_args: object) -> None:
            for item in disabled:
                if shiboken6.isValid(item):
                    item.setEnabled(True)

        # Connected before the callbacks: a success handler that decides afresh what is
        # enabled (the details of a note) has the last word.
        for signal in (task.finished, task.failed, task.cancelled):
            signal.connect(enable_again)
    if on_success is not None:
        task.finished.connect(on_success)
    if on_failure is not None:
        task.failed.connect(on_failure)
    if on_progress is not None:
        task.progress.connect(on_progress)
    if latest is not None:
        latest.start(task)
    _running.add(task)
    (pool or QThreadPool.globalInstance()).start(_Worker(task, fn))
    return task


def finish_workers(owner: QObject, timeout_ms: int = 30_000) -> None:
    """Wait until the work still running on the thread pools `owner` holds (a window's search
    and count workers) and on the global pool has ended: a register must not close under a
    query (one cut off as the interpreter exits crashes it)."""
    for pool in owner.findChildren(QThreadPool):
        pool.waitForDone(timeout_ms)
    QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_with_progress(
    fn: Callable[[ProgressCallback, CancelFlag], T],
    parent: QWidget,
    title: str,
    label: str,
    *,
    show_failure: bool = True,
    pool: QThreadPool | None = None,
    on_success: Callable[[T], object] | None = None,
    on_failure: FailureCallback | None = None,
    busy: Sequence[QWidget | QAction] = (),
) -> Operation:
    """Run `fn` on the pool behind a window-modal progress dialog with Cancel (shown after
    SHOW_PROGRESS_AFTER_MS). A failure goes to `on_failure`, by default to `show_error` under
    `title` (none when `show_failure` is False)."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setObjectName("task_progress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = run_operation(fn, parent, pool, busy=busy)
    task.dialog = dialog

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

    def on_failed(error: BaseException) -> None:
        close_dialog()
        if on_failure is not None:
            on_failure(error)
        elif show_failure and shiboken6.isValid(parent):
            show_error(parent, error, title)

    task.progress.connect(on_progress)
    task.finished.connect(close_dialog)
    task.cancelled.connect(close_dialog)
    task.failed.connect(on_failed)
    if on_success is not None:
        task.finished.connect(on_success)
    dialog.canceled.connect(task.cancel)
    return task


class LatestOnly:
    """The one task whose result is still wanted, of a kind (the search, the count, the
    details): starting another cancels the one before, so its result or failure never
    arrives, however late it finishes. Replaces hand-written "generation" counters."""

    def __init__(self) -> None:
        self._task: Operation | None = None

    @property
    def task(self) -> Operation | None:
        """The task under way, None once it has ended or been dropped."""
        return self._task

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, task: Operation) -> Operation:
        """Hold `task` as the latest; the one held before is cancelled."""
        self.drop()
        self._task = task
        task.ended.connect(lambda ended=task: self._ended(ended))
        return task

    def drop(self) -> None:
        """Cancel the task held, if any: nothing of it arrives any more."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _ended(self, task: Operation) -> None:
        if self._task is task:
            self._task = None
