"""How many notes each saved view lists, counted on a worker after the register changes and
shown beside the view's title ("Awaiting my approval (2)")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.gui.operations import CancelFlag, LatestOnly, Operation, ProgressCallback, run_operation
from app.gui.register_window.views import view_filters, views_for

if TYPE_CHECKING:
    from app.gui.register_window.window import MainWindow

#: Milliseconds of quiet (no save, no step, no reload) before the views are counted again.
COUNT_DELAY_MS = 300


class ViewCounts(QObject):
    """Counts `window`'s saved views whenever its register is read again."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        #: The count under way: a newer count drops the one before, whose result never arrives.
        self.latest = LatestOnly()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COUNT_DELAY_MS)
        self.timer.timeout.connect(self.count_now)
        window.notes.saved.connect(self.count_soon)
        window.notes.moved.connect(self.count_soon)
        window.user_changed.connect(self.count_soon)
        # The register read again (a search, a step taken here, a refresh): rows come and go
        # or change their status in place.
        model = window.model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.count_soon)
        self.count_soon()

    def count_soon(self, *_args: object) -> None:
        self.timer.start()

    def count_now(self) -> Operation | None:
        """Count every view the user sees, on a worker."""
        self.timer.stop()
        window = self.window_
        reading = window.opening.reading
        user, today = window.user, window.today()
        wanted = {view: view_filters(view, user, today) for view in views_for(user)}

        def work(progress: ProgressCallback, cancel: CancelFlag) -> dict[str, int]:
            counts = {}
            for view, filters in wanted.items():
                if cancel():
                    break
                counts[view] = reading.count("", filters)
            return counts

        return run_operation(work, self, on_success=self._counted, latest=self.latest)

    @property
    def task(self) -> Operation | None:
        """The count under way, if any."""
        return self.latest.task

    def _counted(self, counts: dict[str, int]) -> None:
        self.window_.views.show_counts(counts)
