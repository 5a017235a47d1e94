"""What the officer and whoever supports them have when something goes wrong: a rotating log
file in the user's log folder, every unexpected error written there with its traceback and
shown in a readable dialog (with "Copy details" and the log's path), and faulthandler's dump of
a hard crash beside it."""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.i18n.messages import _

LOG_FILE_NAME: Final = "verbale.log"
#: Where faulthandler writes the stacks of a crash Python cannot catch (a segmentation fault).
CRASH_FILE_NAME: Final = "crashes.log"
_LOG_BYTES: Final = 1_000_000
_LOG_BACKUPS: Final = 5
_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("verbale")

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler


def log_file() -> Path:
    """The current log file (older ones beside it: verbale.log.1 … .5)."""
    return paths.user_log_dir() / LOG_FILE_NAME


class EarlyRecords(logging.Handler):
    """Keeps the records logged before the log file is open, to be written there first."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Support:
    """Logging, the exception hooks and the crash dump, installed once by app.main."""

    def __init__(self) -> None:
        self._log_path: Path | None = None
        self._handler: RotatingFileHandler | None = None
        self._early: EarlyRecords | None = None
        self._crash_file: IO[str] | None = None
        self._reporter: ErrorReporter | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self._faulthandler_before = faulthandler.is_enabled()

    @property
    def log_path(self) -> Path:
        """The log file (its folder found, and made, when first asked for)."""
        if self._log_path is None:
            self._log_path = log_file()
        return self._log_path

    def install(self, *, log_file_later: bool = False) -> None:
        """The exception hooks and the log. `log_file_later`: the log file (and the crash
        dump's) is opened by `open_log`, the records until then kept for it and crashes
        dumped on stderr; app.main opens it once the first rows are painted, since finding
        the log folder and loading the rotating handler cost them about 6 ms."""
        root = logging.getLogger()
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
        self._reporter = ErrorReporter(lambda: self.log_path)
        sys.excepthook = self._reporter.excepthook
        threading.excepthook = self._reporter.thread_excepthook
        if not log_file_later:
            self.open_log()
            return
        self._early = EarlyRecords()
        root.addHandler(self._early)
        faulthandler.enable(all_threads=True)

    def open_log(self) -> None:
        """Open the log file (the records kept until now written first) and the crash dump's;
        once."""
        if self._handler is not None:
            return
        from logging.handlers import RotatingFileHandler

        handler = RotatingFileHandler(
            self.log_path, maxBytes=_LOG_BYTES, backupCount=_LOG_BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(_FORMAT))
        root = logging.getLogger()
        root.addHandler(handler)
        self._handler = handler
        if self._early is not None:
            root.removeHandler(self._early)
            for record in self._early.records:
                handler.handle(record)
            self._early = None
        self._crash_file = (self.log_path.parent / CRASH_FILE_NAME).open("a", encoding="utf-8")
        faulthandler.enable(file=self._crash_file, all_threads=True)
        log.info("Verbale started; log %s", self.log_path)

    def uninstall(self) -> None:
        """Put the hooks back and close the files (the end of a run, or of a test)."""
        if self._early is not None and self._early.records:
            self.open_log()  # what was logged before the first rows is written all the same
        sys.excepthook, threading.excepthook = self._previous_hooks
        if self._early is not None:
            logging.getLogger().removeHandler(self._early)
            self._early = None
        faulthandler.disable()
        if self._crash_file is not None:
            self._crash_file.close()
            self._crash_file = None
        if self._faulthandler_before:  # as it was (pytest's, PYTHONFAULTHANDLER's)
            faulthandler.enable(all_threads=True)
        if self._handler is not None:
            logging.getLogger().removeHandler(self._handler)
            self._handler.close()
            self._handler = None
        if self._reporter is not None:
            self._reporter.deleteLater()
            self._reporter = None


class ErrorReporter(QObject):
    """Writes each unexpected error to the log and shows it on the GUI thread (an error on a
    worker thread is carried there by a queued signal)."""

    arrived = Signal(str, str)

    def __init__(self, log_path: Callable[[], Path]) -> None:
        super().__init__()
        self._log_path = log_path
        self.dialog: ErrorDialog | None = None
        app = QApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        self.arrived.connect(self.show, Qt.ConnectionType.QueuedConnection)

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self.report(kind, error, trace)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.report(args.exc_type, args.exc_value, args.exc_traceback, args.thread)

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
        thread: threading.Thread | None = None,
    ) -> None:
        details = "".join(traceback.format_exception(kind, error, trace))
        where = f" in thread {thread.name}" if thread is not None else ""
        log.error("Unexpected error%s:\n%s", where, details.rstrip())
        summary = str(error).splitlines()[0] if str(error) else kind.__name__
        self.arrived.emit(summary, details)

    def show(self, summary: str, details: str) -> None:
        """One dialog at a time: errors that follow while it is open are added to it."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(summary, details)
            return
        parent = QApplication.activeWindow()
        self.dialog = ErrorDialog(summary, details, self._log_path(), parent)
        self.dialog.open()


class ErrorDialog(QDialog):
    """What went wrong in words, the technical details folded below, and where the log is."""

    def __init__(
        self, summary: str, details: str, log_path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle(_("Verbale: something went wrong"))
        self.log_path = log_path
        layout = QVBoxLayout(self)
        self.message = QLabel(self)
        self.message.setObjectName("error_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("error_details")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setVisible(False)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(self)
        self.show_details = QPushButton(_("Show &details"), self)
        self.show_details.setObjectName("error_show_details")
        self.show_details.setCheckable(True)
        self.show_details.toggled.connect(self.details.setVisible)
        self.copy_button = QPushButton(_("&Copy details"), self)
        self.copy_button.setObjectName("error_copy_details")
        self.copy_button.clicked.connect(self.copy_details)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.addButton(self.show_details, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._summaries: list[str] = []
        self.add(summary, details)
        self.resize(560, 220)

    def add(self, summary: str, details: str) -> None:
        self._summaries.append(summary)
        text = self.details.toPlainText()
        self.details.setPlainText((text + "\n" if text else "") + details)
        self.message.setText(
            _(
                "Verbale ran into an error it did not expect, and what you last asked for may "
                "not have been done: {summary}"
            ).format(summary="; ".join(self._summaries))
            + "\n\n"
            + _(
                "The details are written in the log file {path}. Please send them (“Copy "
                "details”) to whoever supports Verbale in your office."
            ).format(path=self.log_path)
        )

    def copy_details(self) -> None:
        """The traceback and the log's path, for an e-mail to support."""
        QApplication.clipboard().setText(
            _("Log file: {path}").format(path=self.log_path) + "\n\n" + self.details.toPlainText()
        )
