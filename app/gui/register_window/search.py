"""The register's search as the officer types: a timer after the last keystroke, a worker for
the first page and one for the count, and only the latest result of each ever shown.

`RegisterSearch` owns the timer, the two single-thread pools and the latest-only slots; the
window tells it what to read and shows what its signals bring.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from app.gui.errors import error_text
from app.gui.operations import (
    CancelFlag,
    LatestOnly,
    Operation,
    OperationCancelled,
    ProgressCallback,
    run_operation,
)
from app.services.register_reading import SearchFilters

if TYPE_CHECKING:
    from app.services.register_reading import RegisterReading

#: Milliseconds after the last keystroke before the register is searched.
SEARCH_DELAY_MS: Final = 250
#: A number (1453, PAR/1453) is answered from an index at once: wait less after typing it.
NUMBER_SEARCH_DELAY_MS: Final = 150
_NUMBER_LIKE = re.compile(r"[№#]?\s*(?:[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+\s*[/-]?\s*)?\d[\d/-]*")


def looks_like_number(text: str) -> bool:
    """Whether the officer is typing a note number (1453, PAR/1453, №1453)."""
    return _NUMBER_LIKE.fullmatch(text.strip()) is not None


class RegisterSearch(QObject):
    """Searches and counts the register off the GUI thread, latest result only."""

    #: The first page read: (text, filters, sort, rows, note id to keep selected).
    searched = Signal(str, object, object, object, object)
    #: A search or sort failed: the message.
    search_failed = Signal(str)
    #: The notes matching the latest query and view were counted.
    counted = Signal(int)
    #: A count failed: the message.
    count_failed = Signal(str)
    #: The timer ran out: the window starts a search for what the field says now.
    typing_paused = Signal()

    def __init__(self, reading: RegisterReading, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reading = reading
        # Searches and counts have a worker each: they never queue behind preview renders or
        # exports on the global pool, nor a search behind a slow count.
        self.search_pool = QThreadPool(self)
        self.search_pool.setMaxThreadCount(1)
        self.count_pool = QThreadPool(self)
        self.count_pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.typing_paused)
        self.search_slot = LatestOnly()
        self.count_slot = LatestOnly()

    def typed(self, text: str) -> None:
        """The officer typed: search once they pause (sooner for a number)."""
        self.timer.setInterval(
            NUMBER_SEARCH_DELAY_MS if looks_like_number(text) else SEARCH_DELAY_MS
        )
        self.timer.start()

    def read_first_page(
        self,
        text: str,
        filters: SearchFilters,
        sort: str | None,
        size: int,
        keep: int | None = None,
    ) -> Operation:
        """Read the first page for `text` in `filters` on the search worker; any search still
        running is dropped."""
        self.timer.stop()
        reading = self._reading

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> object:
            if cancel():
                raise OperationCancelled  # overtaken by newer typing before it started
            return reading.search(text, filters, sort, 0, size)

        task = self.search_slot.start(run_operation(work, self, self.search_pool))
        task.finished.connect(lambda rows: self.searched.emit(text, filters, sort, rows, keep))
        task.failed.connect(lambda error: self.search_failed.emit(error_text(error)))
        return task

    def count(self, query: str, filters: SearchFilters) -> Operation:
        """Count the matching notes on the count worker; any count still running is dropped
        (on a million notes a count takes a while and the first rows must not wait for it)."""
        reading = self._reading

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> int:
            if cancel():
                raise OperationCancelled  # a newer query is being counted
            return int(reading.count(query, filters))

        task = self.count_slot.start(run_operation(work, self, self.count_pool))
        task.finished.connect(lambda total: self.counted.emit(total))
        task.failed.connect(lambda error: self.count_failed.emit(error_text(error)))
        return task

    def drop_search(self) -> None:
        """Nothing of a search under way arrives any more."""
        self.search_slot.drop()

    def drop_count(self) -> None:
        self.count_slot.drop()
