"""The register as the window holds it while the application starts: its list readable at once,
the register service and the workflow loaded on a worker meanwhile.

Importing SQLAlchemy, the ORM models and the services takes longer than opening the whole
window, and officers first want to see the register. So the window shows its first rows read
from the SQLite file with plain `sqlite3` (app.services.register_reading) and asks for the
register service only when it needs it: the details of a note, saving, the workflow. Asked
before the worker is done, `register()` waits for it (a fraction of a second at most).
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.i18n.messages import _
from app.services.register_reading import RegisterError, RegisterReading

if TYPE_CHECKING:
    from app.services.register import Register
    from app.services.workflow import WorkflowService

log = logging.getLogger(__name__)

#: The interpreter's switch interval while the register service loads (default 5 ms).
LOADING_SWITCH_INTERVAL_S = 0.0001


class OpeningRegister(QObject):
    """A register being opened: `reading` at once, `register()` and `workflow()` once loaded."""

    #: The register service and workflow are loaded (emitted on the GUI thread).
    ready = Signal()
    #: Loading failed, with the reason for the officer.
    failed = Signal(str)

    def __init__(self, reading: RegisterReading, *, with_workflow: bool = True) -> None:
        super().__init__()
        self.reading = reading
        #: Whether the window may act on notes (a workflow service comes with the register).
        self.with_workflow = with_workflow
        self._register: Register | None = None
        self._workflow: WorkflowService | None = None
        self._error: str | None = None
        self._done = threading.Event()
        self._started = False
        self._start_lock = threading.Lock()

    @classmethod
    def opened(cls, register: Register, workflow: WorkflowService | None = None) -> OpeningRegister:
        """A register already open (and its workflow service, if the window may act)."""
        opening = cls(register.reading, with_workflow=workflow is not None)
        opening._register, opening._workflow = register, workflow
        opening._started = True
        opening._done.set()
        return opening

    @property
    def url(self) -> str:
        return self.reading.url

    @property
    def is_ready(self) -> bool:
        return self._done.is_set() and self._error is None

    @property
    def error(self) -> str | None:
        """Why the register service could not be loaded; None while loading or once loaded."""
        return self._error if self._done.is_set() else None

    def start(self) -> None:
        """Load the register service and the workflow on a worker (once)."""
        with self._start_lock:  # the window's thread or a worker may ask first
            if self._started:
                return
            self._started = True
        # On the global pool, which the application lets finish before it exits.
        QThreadPool.globalInstance().start(self._load)

    def _load(self) -> None:
        # While this worker imports, the window's thread needs the interpreter for every
        # event it answers in Python (a key typed, a search result shown), and by default
        # waits up to 5 ms each time for it (the switch interval): stalls of a tenth of a
        # second while the officer types. Hand the interpreter over sooner meanwhile.
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(LOADING_SWITCH_INTERVAL_S)
        try:
            # Imported here, on the worker: this is the slow part of starting.
            from app.services.register import Register
            from app.services.workflow import WorkflowService

            # The reading was opened only because the file is at the newest schema: no upgrade.
            register = Register.open(self.reading.url, upgrade=False, reading=self.reading)
            self._workflow = WorkflowService(register) if self.with_workflow else None
            self._register = register
        except Exception as error:  # told to the window, not lost on the worker
            log.warning("the register service could not be loaded", exc_info=True)
            self._error = str(error) or type(error).__name__
        finally:
            sys.setswitchinterval(switch_interval)
            self._done.set()
        # Emitted from this worker; Qt queues them to the windows' thread.
        if self._error is None:
            self.ready.emit()
        else:
            self.failed.emit(self._error)

    def register(self) -> Register:
        """The register service, waiting for the worker if it is still loading."""
        self.start()
        self._done.wait()
        if self._register is None:
            raise RegisterError(
                _("The register could not be opened: {reason}").format(reason=self._error)
            )
        return self._register

    def workflow(self) -> WorkflowService | None:
        """The workflow service (None for a read-only window), waiting like `register()`."""
        if not self.with_workflow:
            return None
        self.register()
        return self._workflow

    def close(self) -> None:
        """Close the register (or only its list, if the service never loaded)."""
        if self._started:
            self._done.wait()
        if self._register is not None:
            self._register.close()
        else:
            self.reading.close()
